import { and, desc, eq, isNull, or, sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import type { Database } from '../db/client';
import { accounts, leads, users } from '../db/schema';
import { invalid } from '../errors';
import { pageOf, pageWindow, ZPage } from './page-cursor';
import { assertManager, iso, NO_GROUP, parse, resolveRange } from './stats/common';
import type { TUser } from './users';

// team.leads: the manager's drill-down from a source's or a campaign's row in stats.funnel to
// the leads behind it — the same cohort (created in the range) and the same grouping, where
// `(none)` is the leads the source sent without one.

const ZGroupValue = z.string().trim().min(1).max(200);
export const ZTeamLeadsInput = ZPage.extend({ source: ZGroupValue.optional(), campaign: ZGroupValue.optional() });
export type TTeamLeadsInput = z.input<typeof ZTeamLeadsInput>;

export interface TTeamLeadItem {
  leadId: string;
  name: string | null;
  email: string;
  company: string | null;
  source: string | null;
  campaign: string | null;
  stage: string;
  createdAt: string;
  mqlAt: string | null;
  sqlAt: string | null;
  wonAt: string | null;
  ownerName: string | null;
}

export interface TTeamLeads {
  from: string;
  to: string;
  items: TTeamLeadItem[];
  nextCursor: string | null;
}

/** `column` as the funnel groups it: `(none)` is null or blank. */
const inGroup = (column: SQLiteColumn, value: string | undefined): SQL | undefined =>
  value === undefined ? undefined : value === NO_GROUP ? or(isNull(column), sql`trim(${column}) = ''`) : eq(column, value);

/** A manager sees the leads their team owns (their reps and themselves) and those nobody owns yet; an admin every lead. */
function visibleTo(caller: TUser): SQL | undefined {
  if (caller.role === 'admin') return undefined;
  const team = or(eq(users.managerId, caller.id), eq(users.id, caller.id));
  return or(isNull(leads.ownerId), and(eq(users.id, leads.ownerId), team));
}

export async function teamLeads(database: Database, caller: TUser, rawInput: TTeamLeadsInput, now: Date): Promise<TTeamLeads> {
  assertManager(caller);
  const input = parse(ZTeamLeadsInput, rawInput);
  if (input.source === undefined && input.campaign === undefined) throw invalid('source', `name a source or a campaign (${NO_GROUP} for none)`);
  const range = resolveRange({ from: input.from, to: input.to }, now);
  const rows = await database.db
    .select({
      id: leads.id,
      email: leads.email,
      firstName: leads.firstName,
      lastName: leads.lastName,
      company: leads.company,
      source: leads.source,
      campaign: leads.campaign,
      stage: leads.stage,
      createdAt: leads.createdAt,
      mqlAt: leads.mqlAt,
      sqlAt: leads.sqlAt,
      wonAt: leads.wonAt,
      accountName: accounts.name,
      ownerName: users.name,
    })
    .from(leads)
    .leftJoin(users, eq(users.id, leads.ownerId))
    .leftJoin(accounts, eq(accounts.id, leads.accountId))
    .where(
      and(
        pageWindow(leads.createdAt, leads.id, range, input.cursor),
        inGroup(leads.source, input.source),
        inGroup(leads.campaign, input.campaign),
        visibleTo(caller),
      ),
    )
    .orderBy(desc(leads.createdAt), desc(leads.id))
    .limit(input.limit + 1);
  const page = pageOf(rows, input.limit, (row) => ({ at: row.createdAt, id: row.id }));
  return {
    from: iso(range.from),
    to: iso(range.to),
    items: page.items.map(({ id, firstName, lastName, company, accountName, ...lead }) => ({
      leadId: id,
      name: [firstName, lastName].filter(Boolean).join(' ') || null,
      email: lead.email,
      company: accountName ?? ((company as { name?: string } | null)?.name ?? null),
      source: lead.source,
      campaign: lead.campaign,
      stage: lead.stage,
      createdAt: lead.createdAt,
      mqlAt: lead.mqlAt,
      sqlAt: lead.sqlAt,
      wonAt: lead.wonAt,
      ownerName: lead.ownerName,
    })),
    nextCursor: page.nextCursor,
  };
}
