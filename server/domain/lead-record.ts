import { eq } from 'drizzle-orm';
import type { TCompany, TEvent, TLead } from '../../shared/schemas';
import type { TDb } from '../db/client';
import { accounts, type events, type leads } from '../db/schema';

export type TLeadRow = typeof leads.$inferSelect;
export type TAccountRow = typeof accounts.$inferSelect;
export type TEventRow = typeof events.$inferSelect;

/** The company as scoring sees it: the account when there is one, else what the source sent. */
export function companyOf(lead: TLeadRow, account: TAccountRow | null | undefined): TCompany | undefined {
  if (!account) return (lead.company as TCompany | null) ?? undefined;
  return {
    name: account.name ?? undefined,
    domain: account.domain,
    employees: account.employees ?? undefined,
    industry: account.industry ?? undefined,
    country: account.country ?? undefined,
    techStack: account.techStack ?? undefined,
  };
}

/** A stored lead in the shape the scoring engine reads. */
export function leadForScoring(lead: TLeadRow, account: TAccountRow | null | undefined): TLead {
  return {
    email: lead.email,
    firstName: lead.firstName ?? undefined,
    lastName: lead.lastName ?? undefined,
    title: lead.title ?? undefined,
    company: companyOf(lead, account),
    source: lead.source ?? undefined,
    campaign: lead.campaign ?? undefined,
    targetAccount: lead.targetAccount || account?.targetAccount === true,
  };
}

export function eventForScoring(row: TEventRow, email: string): TEvent {
  return { id: row.id, email, type: row.type as TEvent['type'], at: row.at, properties: row.properties };
}

export async function accountOf(db: TDb, lead: TLeadRow): Promise<TAccountRow | undefined> {
  return lead.accountId ? db.query.accounts.findFirst({ where: eq(accounts.id, lead.accountId) }) : undefined;
}
