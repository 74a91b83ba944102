import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { z } from 'zod';
import { DEFAULT_REJECTION_REASONS } from '../../shared/charter';
import type { TRoutingTrace } from '../../shared/routing';
import type { Database } from '../db/client';
import { accounts, charterVersions, decisions, handovers, leads, users } from '../db/schema';
import { forbidden, notFound } from '../errors';
import { pageOf, pageWindow, ZPage } from './page-cursor';
import { calendarDelayMs, iso, isRejectedWithoutContact, parse, person, resolveRange, slaDue, slaMet, type TPerson, type TRange } from './stats/common';
import type { TUser } from './users';

// team.handovers: the manager's drill-down from a rep's row in stats.reps to the handovers
// behind its figures — the same cohort (started in the range, counted for the original
// owner) and each handover's SLA by the same rules (stats/sla-rules.ts).

export const ZTeamHandoversInput = ZPage.extend({ repId: z.string().trim().min(1).max(100) });
export type TTeamHandoversInput = z.input<typeof ZTeamHandoversInput>;

export type THandoverOutcome = 'accepted' | 'rejected' | 'undecided';
/** `breached` is every handover stats.reps counts as due and not met, a rejection without contact made after the deadline included. */
export type THandoverSla = 'met' | 'breached' | 'pending' | 'rejected_without_contact';

export interface TTeamHandoverItem {
  handoverId: string;
  leadId: string;
  leadName: string | null;
  leadEmail: string;
  company: string | null;
  /** Who holds it now (after an escalation or a reassignment, not the rep asked about). */
  ownerName: string;
  startedAt: string;
  deadline: string;
  outcome: THandoverOutcome;
  /** The rejection reason, labelled as the charter version the decision was made under named it. */
  reason: { id: string; label: string } | null;
  note: string | null;
  firstTouchAt: string | null;
  firstTouchBusinessMs: number | null;
  firstTouchCalendarMs: number | null;
  sla: THandoverSla;
  /** How its owner was chosen (null for handovers opened before routing was kept). */
  routing: TRoutingTrace | null;
}

export interface TTeamHandovers {
  rep: TPerson;
  from: string;
  to: string;
  items: TTeamHandoverItem[];
  nextCursor: string | null;
}

/** Whose handovers a caller may list: an admin anyone's, a manager their reps' and their own, a rep their own. */
function mayList(caller: TUser, rep: TUser): boolean {
  if (caller.id === rep.id || caller.role === 'admin') return true;
  return caller.role === 'manager' && rep.managerId === caller.id;
}

const holder = alias(users, 'holder');

const ZReasonLabels = z.object({ rejectionReasons: z.array(z.object({ id: z.string(), label: z.string() })).catch([]) });

/** Each charter version's rejection-reason labels, by version then reason id. */
async function reasonLabels(database: Database, versions: readonly number[]): Promise<Map<number, Map<string, string>>> {
  if (versions.length === 0) return new Map();
  const rows = await database.db.select({ version: charterVersions.version, body: charterVersions.body }).from(charterVersions).where(inArray(charterVersions.version, [...versions]));
  return new Map(rows.map((row) => [row.version, new Map(ZReasonLabels.parse(row.body).rejectionReasons.map((r) => [r.id, r.label]))]));
}

const DEFAULT_LABELS = new Map(DEFAULT_REJECTION_REASONS.map((r) => [r.id, r.label]));

/** One page of a rep's handovers, read with one row more than `limit` to know whether another page follows. */
export function handoverPageQuery(database: Database, repId: string, range: TRange, cursor: string | undefined, limit: number, now: Date) {
  return database.db
    .select({
      handover: handovers,
      lead: { id: leads.id, email: leads.email, firstName: leads.firstName, lastName: leads.lastName, company: leads.company },
      accountName: accounts.name,
      ownerName: holder.name,
      decision: { kind: decisions.kind, reasonId: decisions.reasonId, note: decisions.note, charterVersion: decisions.charterVersion },
      met: sql<number>`${slaMet}`.mapWith(Number),
      due: sql<number>`${slaDue(now)}`.mapWith(Number),
      withoutContact: sql<number>`coalesce(${isRejectedWithoutContact}, 0)`.mapWith(Number),
    })
    .from(handovers)
    .innerJoin(leads, eq(leads.id, handovers.leadId))
    .innerJoin(holder, eq(holder.id, handovers.ownerId))
    .leftJoin(accounts, eq(accounts.id, leads.accountId))
    .leftJoin(decisions, eq(decisions.handoverId, handovers.id))
    .where(and(eq(handovers.originalOwnerId, repId), pageWindow(handovers.startedAt, handovers.id, range, cursor)))
    .orderBy(desc(handovers.startedAt), desc(handovers.id))
    .limit(limit + 1);
}

export async function teamHandovers(database: Database, caller: TUser, rawInput: TTeamHandoversInput, now: Date): Promise<TTeamHandovers> {
  const input = parse(ZTeamHandoversInput, rawInput);
  const range = resolveRange({ from: input.from, to: input.to }, now);
  const { db } = database;
  const rep = await db.query.users.findFirst({ where: eq(users.id, input.repId) });
  if (!rep) throw notFound(`repId: no user with id ${input.repId}`);
  if (!mayList(caller, rep)) throw forbidden(`only ${rep.name}, their manager or an admin may list their handovers`);

  const rows = await handoverPageQuery(database, rep.id, range, input.cursor, input.limit, now);
  const page = pageOf(rows, input.limit, (row) => ({ at: row.handover.startedAt, id: row.handover.id }));
  const labels = await reasonLabels(database, [...new Set(page.items.flatMap((row) => (row.decision?.reasonId ? [row.decision.charterVersion] : [])))]);

  const items = page.items.map(({ handover, lead, accountName, ownerName, decision, met, due, withoutContact }): TTeamHandoverItem => {
    const reasonId = decision?.kind === 'rejected' ? decision.reasonId : null;
    return {
      handoverId: handover.id,
      leadId: lead.id,
      leadName: [lead.firstName, lead.lastName].filter(Boolean).join(' ') || null,
      leadEmail: lead.email,
      company: accountName ?? ((lead.company as { name?: string } | null)?.name ?? null),
      ownerName,
      startedAt: handover.startedAt,
      deadline: handover.deadline,
      outcome: decision?.kind ?? 'undecided',
      reason: reasonId ? { id: reasonId, label: labels.get(decision!.charterVersion)?.get(reasonId) ?? DEFAULT_LABELS.get(reasonId) ?? reasonId } : null,
      note: decision?.note ?? null,
      firstTouchAt: handover.firstTouchAt,
      firstTouchBusinessMs: handover.firstTouchBusinessMs,
      firstTouchCalendarMs: handover.firstTouchAt ? calendarDelayMs(handover.startedAt, handover.firstTouchAt) : null,
      sla: met ? 'met' : due ? 'breached' : withoutContact ? 'rejected_without_contact' : 'pending',
      routing: handover.routing,
    };
  });
  return { rep: person(rep), from: iso(range.from), to: iso(range.to), items, nextCursor: page.nextCursor };
}
