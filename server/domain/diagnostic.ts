import { and, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { displayLine } from '../../shared/display-text';
import { formatRate } from '../../shared/format';
import { rate } from '../../shared/stats';
import type { Database } from '../db/client';
import { auditLog, handovers, leads, tokens, users } from '../db/schema';
import { forbidden } from '../errors';
import { activeCharter, charterVersionsStatus, type TCharterVersionStatus } from './charter';
import { ALL_REPS, DAY_MS, ZStatsRange, computeFunnel, computeRepStats, countAll, countIf, iso, resolveRange, startedIn, type TFunnel, type TRange, type TRepStats } from './stats';
import type { TUser } from './users';

// charter.diagnostic: the source articles' four questions on whether revenue breaks at the
// handoff, answered from the data. Each "no" is a gap the article names; "partly" is a gap
// half-closed. The figures quoted are the stats' own (funnel and per-rep computations).

export const DIAGNOSTIC_RANGE_DAYS = 90;
/** Process: "yes" needs this share of handovers opened by scoring, not by hand... */
export const AUTOMATED_YES = 0.9;
/** ...and below this share it is "no". */
export const AUTOMATED_PARTLY = 0.5;

export const ZDiagnosticInput = ZStatsRange;
export type TDiagnosticInput = z.input<typeof ZDiagnosticInput>;

export type TDiagnosticId = 'definition' | 'process' | 'visibility' | 'ownership';
export type TDiagnosticAnswer = 'yes' | 'partly' | 'no';

export interface TDiagnosticQuestion {
  id: TDiagnosticId;
  answer: TDiagnosticAnswer;
  /** The article's name for the gap a "no" reveals. */
  gap: string;
  /** Why, in words, with the figures. */
  evidence: string;
}

export interface THandoffDiagnostic {
  from: string;
  to: string;
  questions: TDiagnosticQuestion[];
}

const GAPS: Record<TDiagnosticId, string> = {
  definition: 'definition gap',
  process: 'process gap',
  visibility: 'visibility gap',
  ownership: 'ownership gap',
};

const answer = (id: TDiagnosticId, value: TDiagnosticAnswer, evidence: string): TDiagnosticQuestion => ({ id, answer: value, gap: GAPS[id], evidence });

/** "A", "A and B", "A, B and C". */
function listWords(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** A day as a date (UTC midnight), any other instant to the minute. */
function instantWords(at: Date): string {
  const text = at.toISOString();
  return text.endsWith('T00:00:00.000Z') ? text.slice(0, 10) : `${text.slice(0, 10)} ${text.slice(11, 16)} UTC`;
}

/** Business time as the dashboard shows it: minutes, then hours and minutes, never days. */
function businessDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------
// 1. Definition: the charter in force, signed by both leads and not overdue for review.

const charterLabel = (version: TCharterVersionStatus, name: string) => `Version ${version.version} (“${displayLine(name)}”)`;

/** The newest proposal above the charter in force, and whose signature it still waits for. */
function pendingProposal(versions: readonly TCharterVersionStatus[], inForce: number): string {
  const proposal = versions.find((v) => v.activatedAt === null && v.version > inForce);
  if (!proposal) return '';
  const signed = proposal.signoffs[0];
  const since = `Version ${proposal.version}, proposed on ${instantWords(new Date(proposal.proposedAt))},`;
  return signed
    ? ` ${since} has the ${signed.team} lead’s signature (${displayLine(signed.name)}) and waits for the ${signed.team === 'sales' ? 'marketing' : 'sales'} lead’s.`
    : ` ${since} waits for both signatures.`;
}

async function definitionQuestion(database: Database, now: Date): Promise<TDiagnosticQuestion> {
  const [versions, charter] = await Promise.all([charterVersionsStatus(database), activeCharter(database)]);
  const inForce = versions.find((v) => v.activatedAt !== null);
  if (!inForce) return answer('definition', 'no', 'No charter is in force: marketing and sales share no written definition of MQL and SQL.');
  const label = charterLabel(inForce, charter.name);
  const pending = pendingProposal(versions, inForce.version);
  const marketing = inForce.signoffs.find((s) => s.team === 'marketing');
  const sales = inForce.signoffs.find((s) => s.team === 'sales');
  if (!marketing && !sales) {
    const what = inForce.version === 1 ? `${label}, the default,` : label;
    return answer('definition', 'no', `${what} is in force unsigned: neither the marketing lead nor the sales lead has signed a definition of MQL and SQL.${pending}`);
  }
  const due = inForce.reviewDueAt ? new Date(inForce.reviewDueAt) : null;
  const overdueDays = due && due.getTime() < now.getTime() ? Math.floor((now.getTime() - due.getTime()) / DAY_MS) : null;
  const review =
    due === null ? '' : overdueDays === null ? `its review is due on ${instantWords(due)}` : `its review was due on ${instantWords(due)}, ${plural(overdueDays, 'day', 'days')} ago`;
  if (marketing && sales) {
    const signedBy = `${label} is signed by ${displayLine(marketing.name)} for marketing and ${displayLine(sales.name)} for sales`;
    if (overdueDays === null) return answer('definition', 'yes', `${signedBy}${review ? `, and ${review}` : ''}.${pending}`);
    return answer('definition', 'partly', `${signedBy}, but ${review}.${pending}`);
  }
  const signer = (marketing ?? sales)!;
  const missing = signer.team === 'marketing' ? 'sales' : 'marketing';
  return answer('definition', 'partly', `${label} is in force with only the ${signer.team} lead’s signature (${displayLine(signer.name)}): the ${missing} lead has not signed it${review ? `; ${review}` : ''}.${pending}`);
}

// ---------------------------------------------------------------------------------------
// 2. Process: handovers opened by scoring rather than by hand, and every qualified lead handed over with an SLA.

async function processQuestion(database: Database, range: TRange, rangeWords: string, reps: TRepStats): Promise<TDiagnosticQuestion> {
  const { db } = database;
  const charter = await activeCharter(database);
  const atSql = charter.sla.handoverStage === 'sql';
  // Who opened each handover, from its `handover.open` audit row (looked up by lead: audit_entity).
  const opened = db
    .select({ actorKind: auditLog.actorKind, count: countAll() })
    .from(handovers)
    .leftJoin(
      auditLog,
      and(
        eq(auditLog.entity, 'lead'),
        eq(auditLog.entityId, handovers.leadId),
        eq(auditLog.action, 'handover.open'),
        sql`json_extract(${auditLog.details}, '$.handoverId') = ${handovers.id}`,
      ),
    )
    .where(startedIn(range))
    .groupBy(auditLog.actorKind);
  const qualified = atSql ? sql`${leads.sqlAt} is not null` : sql`(${leads.mqlAt} is not null or ${leads.sqlAt} is not null)`;
  const handedOver = sql`exists (select 1 from ${handovers} where ${handovers.leadId} = ${leads.id})`;
  const coverage = db
    .select({ qualified: countAll(), handedOver: countIf(handedOver) })
    .from(leads)
    .where(and(gte(leads.createdAt, iso(range.from)), lt(leads.createdAt, iso(range.to)), qualified));
  const [byActor, [cover]] = await Promise.all([opened, coverage]);

  const count = (kind: string | null) => byActor.filter((r) => r.actorKind === kind).reduce((sum, r) => sum + r.count, 0);
  const automated = count('ingest') + count('system');
  const byHand = count('user');
  const unrecorded = count(null);
  const total = automated + byHand + unrecorded;
  const share = rate(automated, total);
  const leadsWord = atSql ? 'SQLs' : 'MQLs and SQLs';
  const { qualified: qualifiedCount, handedOver: reached } = cover ?? { qualified: 0, handedOver: 0 };
  const rule = ` Yes needs at least ${formatRate(AUTOMATED_YES)} opened automatically and every ${atSql ? 'SQL' : 'MQL or SQL'} handed to sales with an SLA deadline; under ${formatRate(AUTOMATED_PARTLY)} automated is no.`;
  if (share === null) return answer('process', 'no', `No handover started ${rangeWords}: nothing shows a hand-off process at work.${rule}`);

  const how = [`${automated} (${formatRate(share)}) were opened automatically by scoring`, `${byHand} by hand`, ...(unrecorded > 0 ? [`${unrecorded} with no record of who opened them`] : [])];
  const sla = reps.total.slaMetRate === null ? 'no SLA was due yet' : `${reps.total.slaMet} of ${reps.total.slaDue} SLAs due were met (${formatRate(reps.total.slaMetRate)})`;
  const covered = qualifiedCount === 0 ? `no lead created ${rangeWords} reached the handover stage` : `${reached} of ${qualifiedCount} ${leadsWord} created ${rangeWords} reached sales with an SLA deadline`;
  const evidence = `Of ${plural(total, 'handover', 'handovers')} started ${rangeWords}, ${listWords(how)}; ${covered}, and ${sla}.${rule}`;
  const value = share >= AUTOMATED_YES && reached === qualifiedCount ? 'yes' : share < AUTOMATED_PARTLY ? 'no' : 'partly';
  return answer('process', value, evidence);
}

// ---------------------------------------------------------------------------------------
// 3. Visibility: the dashboard's three figures, computed as the dashboard computes them.

function visibilityQuestion(funnel: TFunnel, reps: TRepStats, rangeWords: string): TDiagnosticQuestion {
  const { total } = reps;
  const median = total.firstTouchBusinessMs.median;
  const figures = [
    {
      shown: funnel.total.rates.mqlToSql !== null,
      text: `MQL→SQL ${formatRate(funnel.total.rates.mqlToSql)} (${funnel.total.sqls} of ${funnel.total.mqls} MQLs)`,
      missing: 'no MQL→SQL rate (no lead created in that time reached MQL)',
    },
    {
      shown: median !== null,
      text: `median time to first touch ${median === null ? '—' : businessDuration(median)} in business hours (${plural(total.touched, 'handover', 'handovers')} touched)`,
      missing: 'no handshake speed (no handover started in that time was touched)',
    },
    {
      shown: total.acceptanceRate !== null,
      text: `acceptance ${formatRate(total.acceptanceRate)} (${total.accepted} of ${plural(total.accepted + total.rejected, 'decision', 'decisions')})`,
      missing: 'no acceptance rate (no handover started in that time was decided)',
    },
  ];
  const shown = figures.filter((f) => f.shown);
  const missing = figures.filter((f) => !f.shown);
  if (shown.length === 0) return answer('visibility', 'no', `Nothing to show ${rangeWords}: ${listWords(missing.map((f) => f.missing))}.`);
  if (missing.length === 0) return answer('visibility', 'yes', `Handshake’s dashboard shows all three ${rangeWords}: ${listWords(shown.map((f) => f.text))}.`);
  return answer(
    'visibility',
    'partly',
    `Handshake’s dashboard shows ${shown.length} of the three ${rangeWords}: ${listWords(shown.map((f) => f.text))}. It has ${listWords(missing.map((f) => f.missing))}.`,
  );
}

// ---------------------------------------------------------------------------------------
// 4. Ownership: an active manager or admin on the RevOps team.

async function ownershipQuestion(database: Database): Promise<TDiagnosticQuestion> {
  const { db } = database;
  const [people, signedIn] = await Promise.all([
    db
      .select({ id: users.id, name: users.name, role: users.role, team: users.team })
      .from(users)
      .where(or(eq(users.team, 'revops'), eq(users.role, 'admin')))
      .orderBy(users.name),
    db.selectDistinct({ userId: tokens.userId }).from(tokens).where(isNull(tokens.revokedAt)),
  ]);
  // Active: someone who can still sign in, with a token not revoked.
  const active = new Set(signedIn.map((t) => t.userId));
  const leadsOfRevOps = people.filter((p) => p.team === 'revops' && p.role !== 'rep');
  const owners = leadsOfRevOps.filter((p) => active.has(p.id));
  const signedOut = leadsOfRevOps.filter((p) => !active.has(p.id));
  if (owners.length > 0) {
    const named = listWords(owners.map((p) => `${displayLine(p.name)} (${p.role})`));
    return answer('ownership', 'yes', `${named} on the RevOps team ${owners.length === 1 ? 'owns' : 'own'} handoff performance.`);
  }
  const gone = signedOut.length > 0 ? ` ${listWords(signedOut.map((p) => displayLine(p.name)))}, on the RevOps team, can no longer sign in: every token revoked.` : '';
  const admins = people.filter((p) => p.role === 'admin' && p.team !== 'revops' && active.has(p.id));
  if (admins.length > 0) {
    const named = listWords(admins.map((p) => `${displayLine(p.name)} (${p.team})`));
    return answer('ownership', 'partly', `No active manager or admin on the RevOps team; handoff performance falls to ${admins.length === 1 ? 'an admin outside RevOps' : 'admins outside RevOps'}: ${named}.${gone}`);
  }
  return answer('ownership', 'no', `No active manager or admin on the RevOps team, and no active admin elsewhere: nobody owns handoff performance.${gone}`);
}

// ---------------------------------------------------------------------------------------

/** charter.diagnostic (manager or admin): the four questions over the range (default the last 90 days). */
export async function handoffDiagnostic(database: Database, caller: TUser, input: TDiagnosticInput | undefined, now: Date): Promise<THandoffDiagnostic> {
  if (caller.role !== 'manager' && caller.role !== 'admin') throw forbidden('only a manager or an admin may run the handoff diagnostic');
  const range = resolveRange(input, now, DIAGNOSTIC_RANGE_DAYS);
  const rangeWords =
    input?.from === undefined && input?.to === undefined ? `in the last ${DIAGNOSTIC_RANGE_DAYS} days` : `between ${instantWords(range.from)} and ${instantWords(range.to)}`;
  // The figures the dashboard shows, computed once: the SLA met rate for the process, all three for visibility.
  const [funnel, reps] = await Promise.all([computeFunnel(database, 'source', range), computeRepStats(database, ALL_REPS, range, now)]);
  const [definition, handOffProcess, ownership] = await Promise.all([definitionQuestion(database, now), processQuestion(database, range, rangeWords, reps), ownershipQuestion(database)]);
  return { from: iso(range.from), to: iso(range.to), questions: [definition, handOffProcess, visibilityQuestion(funnel, reps, rangeWords), ownership] };
}
