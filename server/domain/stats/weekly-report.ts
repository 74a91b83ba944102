import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { decisions, handovers, leads, users } from '../../db/schema';
import { type TRange, countAll, iso, reasonLabeller, slaDue, slaMet, startedIn } from './common';

// What the weekly report reads beyond the other figures.

/** Leads that reached SQL in the range (sqlAt in [from, to)). */
export async function countSqls(database: Database, range: TRange): Promise<number> {
  const [row] = await database.db
    .select({ count: countAll() })
    .from(leads)
    .where(and(gte(leads.sqlAt, iso(range.from)), lt(leads.sqlAt, iso(range.to))));
  return row?.count ?? 0;
}

export interface TReviewCandidate {
  why: 'rejected' | 'breached' | 'accepted';
  handoverId: string;
  leadId: string;
  email: string;
  leadName: string | null;
  company: string | null;
  source: string | null;
  repName: string;
  startedAt: string;
  decidedAt: string | null;
  reasonId: string | null;
  reasonLabel: string | null;
  note: string | null;
  firstTouchAt: string | null;
  deadline: string;
}

/**
 * Up to three handovers started in the range to discuss in the weekly sync, each a different
 * one: the most recently decided rejection, the most recently started handover that missed its
 * SLA (touched late, or untouched past the deadline), the most recently decided acceptance.
 */
export async function reviewCandidates(database: Database, range: TRange, now: Date): Promise<TReviewCandidate[]> {
  const [rows, label] = await Promise.all([
    database.db
      .select({
        handoverId: handovers.id,
        leadId: leads.id,
        email: leads.email,
        firstName: leads.firstName,
        lastName: leads.lastName,
        company: leads.company,
        source: leads.source,
        repName: users.name,
        startedAt: handovers.startedAt,
        deadline: handovers.deadline,
        firstTouchAt: handovers.firstTouchAt,
        kind: decisions.kind,
        decidedAt: decisions.decidedAt,
        reasonId: decisions.reasonId,
        note: decisions.note,
        due: sql<number>`${slaDue(now)}`.mapWith(Number),
        met: sql<number>`${slaMet}`.mapWith(Number),
      })
      .from(handovers)
      .innerJoin(leads, eq(leads.id, handovers.leadId))
      .innerJoin(users, eq(users.id, handovers.originalOwnerId))
      .leftJoin(decisions, eq(decisions.handoverId, handovers.id))
      .where(startedIn(range))
      .orderBy(asc(handovers.startedAt), asc(handovers.id)),
    reasonLabeller(database),
  ]);
  type TRow = (typeof rows)[number];
  const latest = (candidates: TRow[], key: (r: TRow) => string) =>
    candidates.reduce<TRow | undefined>((best, r) => (!best || key(r) > key(best) || (key(r) === key(best) && r.handoverId > best.handoverId) ? r : best), undefined);
  const picked = new Set<string>();
  const out: TReviewCandidate[] = [];
  const add = (why: TReviewCandidate['why'], row: TRow | undefined) => {
    if (!row || picked.has(row.handoverId)) return;
    picked.add(row.handoverId);
    const name = [row.firstName, row.lastName].filter(Boolean).join(' ');
    const company = typeof row.company?.name === 'string' ? row.company.name : null;
    out.push({
      why,
      handoverId: row.handoverId,
      leadId: row.leadId,
      email: row.email,
      leadName: name || null,
      company,
      source: row.source,
      repName: row.repName,
      startedAt: row.startedAt,
      decidedAt: row.decidedAt,
      reasonId: row.reasonId,
      reasonLabel: row.kind === 'rejected' ? label(row.reasonId) : null,
      note: row.note,
      firstTouchAt: row.firstTouchAt,
      deadline: row.deadline,
    });
  };
  const free = (r: TRow) => !picked.has(r.handoverId);
  add('rejected', latest(rows.filter((r) => r.kind === 'rejected' && r.reasonId !== null), (r) => r.decidedAt!));
  add('breached', latest(rows.filter((r) => r.due === 1 && r.met === 0 && free(r)), (r) => r.startedAt));
  add('accepted', latest(rows.filter((r) => r.kind === 'accepted' && free(r)), (r) => r.decidedAt!));
  return out;
}
