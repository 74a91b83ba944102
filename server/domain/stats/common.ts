import { and, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { DEFAULT_REJECTION_REASONS, type TCharter } from '../../../shared/charter';
import type { Database } from '../../db/client';
import { decisions, handovers, users } from '../../db/schema';
import { forbidden, invalid } from '../../errors';
import { activeCharter } from '../charter';
import { slaRules } from './sla-rules';
import type { TUser } from '../users';

// The numbers a manager reads in the popup and in the weekly sync (BRIEF §2, §3 "Stats").
//
// Conventions shared by every figure here:
// - A range is half-open, [from, to): a handover started exactly at `to` belongs to the next
//   range, so consecutive weeks never count one twice. The default is the 30 days before now.
// - Handover figures (reps, reasons, first touch, compliance) take the handovers *started* in
//   the range and attribute each to its original owner (`handovers.originalOwnerId`): a backup
//   who inherits a breached handover does not inherit its SLA figures. Outcomes (decisions,
//   touches) count as they stand at `now`, whenever they happened: a cohort view, so every
//   handover is counted once, in the range it started in.
// - A handover's outcome is its decision row (one per handover): "accepted", "rejected", or
//   "undecided" when there is none yet.
// - Rates are unrounded fractions (0.75, not 75) and null when the denominator is 0.
// - Durations are milliseconds; medians and 75th percentiles use linear interpolation
//   (`shared/stats.ts`), rounded to whole milliseconds.
// - Instants are compared as ISO-8601 UTC text (the schema's storage format).

export const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_RANGE_DAYS = 30;
export const DEFAULT_DECISION_WINDOW_DAYS = 7;
/** The seeds' target: 70% or more of SQLs accepted by sales. */
export const ACCEPTANCE_RATE_TARGET = 0.7;
export const NO_GROUP = '(none)';
export const UNSCORED = '(unscored)';
export const NO_REASON_LABEL = '(no reason given)';

export const ZInstant = z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time such as 2026-03-02T09:30:00Z' });

export const ZStatsRange = z.object({ from: ZInstant.optional(), to: ZInstant.optional() });
export type TStatsRangeInput = z.input<typeof ZStatsRange>;

export const ZRepStatsInput = ZStatsRange;
export type TRepStatsInput = TStatsRangeInput;

export const FUNNEL_GROUPS = ['source', 'campaign', 'engagement'] as const;
export const ZFunnelInput = ZStatsRange.extend({ groupBy: z.enum(FUNNEL_GROUPS) });
export type TFunnelInput = z.input<typeof ZFunnelInput>;

export const ZReasonsInput = ZStatsRange;
export const ZFirstTouchInput = ZStatsRange;

export const ZComplianceInput = ZStatsRange.extend({
  decisionWindowDays: z.number().int().min(1).max(365).optional(),
});
export type TComplianceInput = z.input<typeof ZComplianceInput>;

export interface TRange {
  from: Date;
  to: Date;
}

export function parse<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw invalid(issue.path.map(String).join('.') || 'input', issue.message);
}

/** [from, to): `to` defaults to now, `from` to 30 days before `to`; from after to is refused. */
export function resolveRange(input: TStatsRangeInput | undefined, now: Date, defaultDays = DEFAULT_RANGE_DAYS): TRange {
  const { from, to } = parse(ZStatsRange, input);
  const end = to ? new Date(to) : now;
  const start = from ? new Date(from) : new Date(end.getTime() - defaultDays * DAY_MS);
  if (start.getTime() > end.getTime()) {
    throw invalid('from', `must not be after to (${start.toISOString()} > ${end.toISOString()})`);
  }
  return { from: start, to: end };
}

// ---------------------------------------------------------------------------------------
// Who sees whom

export interface TPerson {
  id: string;
  name: string;
  email: string;
}

/**
 * The reps whose per-rep figures a caller sees:
 * - a rep: themselves only (the rep popup shows personal stats);
 * - a manager with direct reports (users whose `managerId` is them): that team;
 * - a manager without direct reports, or an admin: everyone — every user with the role
 *   "rep", plus anyone else who was the original owner of a handover in the range.
 */
export type TRepScope = { kind: 'self' | 'team'; people: TPerson[] } | { kind: 'all' };

export const ALL_REPS: TRepScope = { kind: 'all' };

export const person = (u: Pick<TUser, 'id' | 'name' | 'email'>): TPerson => ({ id: u.id, name: u.name, email: u.email });

export async function repScopeFor(database: Database, caller: TUser): Promise<TRepScope> {
  if (caller.role === 'rep') return { kind: 'self', people: [person(caller)] };
  if (caller.role === 'admin') return ALL_REPS;
  const team = await database.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.managerId, caller.id));
  return team.length > 0 ? { kind: 'team', people: team } : ALL_REPS;
}

export function assertManager(caller: TUser): void {
  if (caller.role !== 'manager' && caller.role !== 'admin') throw forbidden('only a manager or an admin may see team stats');
}

export function ownerFilter(scope: TRepScope): SQL | undefined {
  return scope.kind === 'all' ? undefined : inArray(handovers.originalOwnerId, scope.people.map((p) => p.id));
}

export const byName = (a: TPerson, b: TPerson) => a.name.localeCompare(b.name, 'en') || a.email.localeCompare(b.email, 'en');

/** The people a per-rep table lists, sorted by name: the scope's, or for "all" every rep plus `ownerIds`. */
export async function peopleIn(database: Database, scope: TRepScope, ownerIds: Iterable<string>): Promise<TPerson[]> {
  if (scope.kind !== 'all') return [...scope.people].sort(byName);
  const reps = await database.db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(eq(users.role, 'rep'));
  const known = new Set(reps.map((r) => r.id));
  const others = [...new Set(ownerIds)].filter((id) => !known.has(id));
  const extra =
    others.length === 0
      ? []
      : await database.db.select({ id: users.id, name: users.name, email: users.email }).from(users).where(inArray(users.id, others));
  return [...reps, ...extra].sort(byName);
}

// ---------------------------------------------------------------------------------------
// Shared SQL pieces

export const iso = (d: Date) => d.toISOString();

export function startedIn(range: TRange): SQL {
  return and(gte(handovers.startedAt, iso(range.from)), lt(handovers.startedAt, iso(range.to)))!;
}

export const isAccepted = sql`${decisions.kind} = 'accepted'`;
// The unary plus keeps SQLite from driving a stats query from decisions_kind_decided (every
// rejection ever decided) rather than from the handovers started in the range: at 1M handovers
// that plan took stats.reps from 40 ms to 1.1 s. A read of rejections by decision date (the
// rejected leads' fate) names the kind itself, to use that index.
export const isRejected = sql`+${decisions.kind} = 'rejected'`;

export const tableSlaRules = slaRules({
  firstTouchAt: handovers.firstTouchAt,
  deadline: handovers.deadline,
  decisionKind: decisions.kind,
  withoutContact: decisions.withoutContact,
  decidedAt: decisions.decidedAt,
});

export const isRejectedWithoutContact = tableSlaRules.rejectedWithoutContact;

export const countAll = () => sql<number>`count(*)`.mapWith(Number);
export const countIf = (condition: SQL) => sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`.mapWith(Number);

export const slaDue = tableSlaRules.due;
export const slaMet = tableSlaRules.met;

export async function reasonLabeller(database: Database): Promise<(id: string | null) => string> {
  const charter: TCharter = await activeCharter(database);
  const labels = new Map<string, string>();
  for (const r of DEFAULT_REJECTION_REASONS) labels.set(r.id, r.label);
  for (const r of charter.rejectionReasons) labels.set(r.id, r.label);
  return (id) => (id === null ? NO_REASON_LABEL : (labels.get(id) ?? id));
}

/** Calendar time from handover to first touch; a touch logged before the handover counts as 0. */
export function calendarDelayMs(startedAt: string, firstTouchAt: string): number {
  return Math.max(0, Date.parse(firstTouchAt) - Date.parse(startedAt));
}
