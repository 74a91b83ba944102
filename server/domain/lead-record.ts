import { eq, sql } from 'drizzle-orm';
import type { TCompany, TEvent, TLead } from '../../shared/schemas';
import type { TDb } from '../db/client';
import { accounts, events, type leads } from '../db/schema';

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

/** What scoring reads of a stored event. */
export type TScoringEventRow = Pick<TEventRow, 'id' | 'type' | 'at' | 'properties'>;

export function eventForScoring(row: TScoringEventRow, email: string): TEvent {
  return { id: row.id, email, type: row.type as TEvent['type'], at: row.at, properties: row.properties };
}

/** A lead's events as one JSON text, in a query grouped by lead: read it with `eventsFromJson`. */
export const eventListOf = sql<string>`json_group_array(json_array(${events}.rowid, ${events.id}, ${events.type}, ${events.at}, json(${events.properties})))`;

/**
 * A lead's events as one JSON array of `[rowid, id, type, at, properties]` (SQL's
 * `json_group_array`: one row and one parse per lead rather than per event), in the order
 * the events index keeps them: by instant, then as stored.
 */
export function eventsFromJson(list: string): TScoringEventRow[] {
  const rows = JSON.parse(list) as [number, string, string, string, Record<string, unknown>][];
  rows.sort((a, b) => (a[3] < b[3] ? -1 : a[3] > b[3] ? 1 : a[0] - b[0]));
  return rows.map(([, id, type, at, properties]) => ({ id, type, at, properties }));
}

export async function accountOf(db: TDb, lead: TLeadRow): Promise<TAccountRow | undefined> {
  return lead.accountId ? db.query.accounts.findFirst({ where: eq(accounts.id, lead.accountId) }) : undefined;
}
