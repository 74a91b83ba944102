import { and, asc, eq } from 'drizzle-orm';
import { addBusinessTime } from '../../../shared/calendar';
import type { TCharter } from '../../../shared/charter';
import { firstTouchBucket } from '../../../shared/response-time';
import type { TEvent, TEventType } from '../../../shared/schemas';
import type { Database } from '../../db/client';
import { handovers, leads as leadRows } from '../../db/schema';
import type { TActor } from '../../domain/audit';
import { decide } from '../../domain/decisions';
import { ingestEvents, ingestLeads } from '../../domain/ingest';
import { preparedOnce } from '../../domain/prepared';
import { listParam } from '../../domain/sql-lists';
import { sweepSla } from '../../domain/sweeper';
import { logTouch, type TTouchChannel } from '../../domain/touches';
import { calendarOf, type TUser } from '../../domain/users';
import { DAY, HOUR, MINUTE, type TRng } from './common';
import type { TPlannedLead } from './journeys';
import { SOURCE_PROFILES } from './marketing';
import { holdersQuery, openHandoversQuery } from './replay-reads';
import { ACCEPT_NOTES, EXPECTED_ACCEPTANCE, OTHER_NOTES, REJECTION_WEIGHTS, SOURCE_REJECTION_TILT, TOUCH_DELAYS, WITHOUT_CONTACT_REASONS, type TAction } from './rep-habits';
import { predictedSqlAt } from './sql-instants';
import { DEMO_TEAM, type TRepHabits } from './team';
import type { TDemoWorld } from './world';

// Time run forward over the quarter through the domain functions (see ../seed.ts).

/** Leads per ingest call at most (a busy slice can hold more). */
export const INGEST_CHUNK = 500;

/** Time runs in slices of this length (and at predicted SQL instants): see seedDemo. */
export const SLICE = 6 * HOUR;

export function push<T>(map: Map<number, T[]>, key: number, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

export interface THandoverInfo {
  id: string;
  leadId: string;
  email: string;
  ownerId: string;
  startedAt: string;
  tier: string;
}

export interface TReplayProgress {
  /** Days of history replayed so far, of `days`. */
  day: number;
  days: number;
  /** Leads and events ingested so far. */
  leads: number;
  events: number;
}

/**
 * Runs the quarter forward through the domain functions (see the header): ingest in time
 * slices, rep actions from each handover's plan, the SLA sweeper after each slice that
 * has a warning point or a deadline in it.
 */
export class HistoryReplay {
  private readonly ticks: number[];
  private readonly leadsByTick = new Map<number, TPlannedLead[]>();
  private readonly eventsByTick = new Map<number, TEvent[]>();
  private readonly actionsByTick = new Map<number, TAction[]>();
  private readonly plannedByEmail = new Map<string, TPlannedLead>();
  private readonly knownHandovers = new Set<string>();
  private readonly emailByLeadId = new Map<string, string>();
  private readonly byId: Map<string, TUser>;
  private readonly habits: Map<string, TRepHabits>;
  /** Actions due in the slice being run, in time order. */
  private due: TAction[] = [];
  /** The earliest SLA warning point or deadline the sweeper has yet to act on, as stored (see `readOpenHandovers`). */
  private nextSlaInstant: string | undefined;
  /** The start of each open handover not yet touched, by the lead's e-mail, as last read. */
  private untouchedStartByEmail = new Map<string, string>();
  private tick = 0;

  constructor(
    private readonly database: Database,
    private readonly context: {
      world: TDemoWorld;
      start: number;
      now: number;
      actor: TActor;
      charter: TCharter;
      users: TUser[];
      rng: TRng;
    },
  ) {
    const { world, start, now, charter, users: team } = context;
    this.byId = new Map(team.map((u) => [u.id, u]));
    const byEmail = new Map(team.map((u) => [u.email, u]));
    this.habits = new Map(DEMO_TEAM.filter((m) => m.habits).map((m) => [byEmail.get(m.email)!.id, m.habits!]));

    // Slices: every SLICE, and cut at each instant a lead is predicted to become an SQL (so
    // its handover starts at the event that qualified it, not at the slice's end), at each
    // demo lead's event, and at now.
    const boundaries = new Set<number>([now]);
    for (let t = Math.ceil(start / SLICE) * SLICE; t < now; t += SLICE) boundaries.add(t);
    for (const p of world.leads) {
      if (p.demo) for (const e of p.events) if (e.at > start) boundaries.add(e.at);
      const trigger = predictedSqlAt(p, charter);
      if (trigger !== null && trigger > start) boundaries.add(trigger);
    }
    this.ticks = [...boundaries].sort((a, b) => a - b);

    let serial = 0;
    for (const p of world.leads) {
      this.plannedByEmail.set(p.lead.email, p);
      const firstAt = Math.min(p.createdAt, p.events[0]?.at ?? p.createdAt);
      push(this.leadsByTick, this.tickOf(Math.max(firstAt, start + 1)), p);
      for (const e of p.events) {
        serial += 1;
        const id = `demo-${serial.toString(36).padStart(6, '0')}`;
        push(this.eventsByTick, this.tickOf(Math.max(e.at, start + 1)), { id, email: p.lead.email, type: e.type, at: new Date(e.at).toISOString(), properties: e.properties });
      }
    }
  }

  /** The first slice ending at or after `t`. */
  private tickOf(t: number): number {
    const { ticks } = this;
    if (t <= ticks[0]!) return 0;
    let lo = 0;
    let hi = ticks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ticks[mid]! >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** `progress` hears after every slice: the day reached and what has been ingested so far. */
  async run(progress?: (step: TReplayProgress) => void): Promise<void> {
    const { database } = this;
    // The charter is the one in force throughout: read once (index.ts), given to each ingest.
    const { start, now, actor, charter } = this.context;
    const step: TReplayProgress = { day: 0, days: Math.round((now - start) / DAY), leads: 0, events: 0 };
    for (this.tick = 0; this.tick < this.ticks.length; this.tick += 1) {
      const k = this.tick;
      const tickAt = this.ticks[k]!;
      this.due.push(...(this.actionsByTick.get(k) ?? []));
      this.actionsByTick.delete(k);
      await this.runDue();

      // Whether the open handovers may have changed: a new one, or (see followLateIntent) a
      // tier raised by events dated before one's start. Touches and decisions only close them.
      let handoversChanged = false;
      const newLeads = this.leadsByTick.get(k) ?? [];
      for (let i = 0; i < newLeads.length; i += INGEST_CHUNK) {
        const chunk = newLeads.slice(i, i + INGEST_CHUNK);
        // Created just before their first event in the slice.
        const at = Math.min(...chunk.map((p) => Math.min(p.createdAt, p.events[0]?.at ?? p.createdAt)));
        const ingested = await ingestLeads(database, chunk.map((p) => p.lead), actor, new Date(Math.max(at, start)), charter);
        handoversChanged ||= ingested.handoversOpened > 0;
        step.leads += chunk.length;
      }
      const newEvents = this.eventsByTick.get(k) ?? [];
      if (newEvents.length > 0) {
        newEvents.sort((a, b) => a.at.localeCompare(b.at));
        const at = Math.min(tickAt, Date.parse(newEvents[newEvents.length - 1]!.at));
        handoversChanged ||= newEvents.some((e) => this.predatesOpenHandover(e));
        const ingested = await ingestEvents(database, newEvents, actor, new Date(Math.max(at, start)), charter);
        handoversChanged ||= ingested.handoversOpened > 0;
        step.events += newEvents.length;
      }
      // Planned as they open; the rep actions planned for now run now.
      if (handoversChanged) {
        await this.planNewHandovers();
        await this.runDue();
      }

      // The sweeper finds nothing to do before the next warning point or deadline: it runs
      // at the slices one has come by, as it would find them at every slice.
      if (this.nextSlaInstant !== undefined && this.nextSlaInstant <= new Date(tickAt).toISOString()) {
        const swept = await sweepSla(database, new Date(tickAt));
        if (swept.escalated > 0) {
          await this.planBackups(tickAt);
          await this.runDue();
        }
        await this.readOpenHandovers();
      }
      step.day = Math.max(0, Math.min(step.days, Math.round((tickAt - start) / DAY)));
      progress?.(step);
    }
  }

  private schedule(action: TAction): void {
    if (action.at > this.context.now) return;
    const tick = this.tickOf(action.at);
    if (tick <= this.tick) this.due.push(action);
    else push(this.actionsByTick, tick, action);
  }

  private async runDue(): Promise<void> {
    while (this.due.length > 0) {
      const batch = this.due.splice(0, this.due.length).sort((a, b) => a.at - b.at);
      // Whoever holds each handover now (the backup, after an escalation), if it is still
      // open: one read for the batch. Between its actions only a decision changes that.
      const holders = await this.openHandoverHolders(batch.map((a) => a.handoverId));
      for (const action of batch) {
        const holderId = holders.get(action.handoverId);
        if (!holderId) continue;
        await this.execute(action, this.byId.get(holderId)!);
        if (action.kind === 'decide') holders.delete(action.handoverId);
      }
    }
  }

  /** The holder of each of these handovers that is open, by handover id. */
  private async openHandoverHolders(ids: readonly string[]): Promise<Map<string, string>> {
    const rows = await preparedOnce(this.database.db, 'seed.openHandoverHolders', holdersQuery).all({ ids: listParam([...new Set(ids)]) });
    return new Map(rows.map((h) => [h.id, h.ownerId]));
  }

  private async execute(action: TAction, owner: TUser): Promise<void> {
    const { database } = this;
    const at = new Date(action.at);
    if (action.kind === 'touch') {
      await logTouch(database, owner, { leadId: action.leadId, channel: action.channel, idempotencyKey: action.key, at: at.toISOString() }, at);
    } else {
      await decide(database, owner, { kind: action.decision, leadId: action.leadId, idempotencyKey: action.key, reasonId: action.reasonId, note: action.note }, at, this.context.charter);
      if (action.decision === 'accepted') this.scheduleDeal(action);
    }
  }

  /**
   * The open handovers, and from them the next instant the sweeper has work at: the
   * earliest warning point or deadline it has not yet acted on, of those not yet touched.
   * Only an ingest (a new handover, a raised tier) and the sweeper itself can bring it
   * earlier; touches and decisions only take handovers off its list.
   */
  private async readOpenHandovers() {
    const open = await preparedOnce(this.database.db, 'seed.openHandovers', openHandoversQuery).all();
    const pending = open.flatMap((h) => (h.firstTouchAt ? [] : [...(h.warnedAt ? [] : [h.warnAt]), ...(h.breachedAt ? [] : [h.deadline])]));
    this.nextSlaInstant = pending.length > 0 ? pending.reduce((a, b) => (b < a ? b : a)) : undefined;
    this.untouchedStartByEmail = new Map(open.flatMap((h) => (h.firstTouchAt ? [] : [[h.email, h.startedAt]])));
    return open;
  }

  /** Whether an event is dated at or before the start of its lead's open, untouched handover (as last read). */
  private predatesOpenHandover(event: TEvent): boolean {
    const startedAt = this.untouchedStartByEmail.get(event.email);
    return startedAt !== undefined && event.at <= startedAt;
  }

  private async planNewHandovers(): Promise<void> {
    const open = await this.readOpenHandovers();
    for (const h of open) {
      if (this.knownHandovers.has(h.id)) continue;
      this.knownHandovers.add(h.id);
      this.emailByLeadId.set(h.leadId, h.email);
      this.planHandover(h);
    }
  }

  /** What the rep does with a new handover, drawn from their habits and the lead's source. */
  private planHandover(h: THandoverInfo): void {
    const { rng } = this.context;
    const plan = this.plannedByEmail.get(h.email);
    const started = Date.parse(h.startedAt);
    const calendar = calendarOf(this.byId.get(h.ownerId)!);
    const base = { handoverId: h.id, leadId: h.leadId };
    const key = (what: string) => `demo:${h.id}:${what}`;

    if (plan?.demo) {
      if (plan.demo.key !== 'won') return; // left open for today's queue
      const touchAt = started + 3 * MINUTE;
      this.schedule({ kind: 'touch', at: touchAt, ...base, channel: 'call', key: key('touch-1') });
      this.schedule({
        kind: 'decide',
        at: touchAt + 40 * MINUTE,
        ...base,
        decision: 'accepted',
        note: 'Discovery call booked for Thursday.',
        key: key('decision'),
        deal: { opportunityAfter: 10 * DAY, outcome: { type: 'closed_won', after: 35 * DAY } },
      });
      return;
    }

    const habit = this.habits.get(h.ownerId) ?? DEMO_TEAM.find((m) => m.habits)!.habits!;
    const source = plan?.source ?? 'Organic Search';
    if (rng.chance(habit.rejectWithoutContact)) {
      const at = addBusinessTime(new Date(started), rng.between(0.1, 3) * HOUR, calendar).getTime();
      this.schedule({ kind: 'decide', at, ...base, decision: 'rejected', reasonId: rng.weighted(WITHOUT_CONTACT_REASONS), key: key('decision') });
      return;
    }
    const [p5, p60, p240, pDay, pLater, pNever] = habit.firstTouch;
    const bucket = rng.weighted({ b0: p5, b1: p60, b2: p240, b3: pDay, b4: pLater, never: pNever });
    if (bucket === 'never') return; // the sweeper escalates it at the deadline; see planBackups

    const [lo, hi] = TOUCH_DELAYS[Number(bucket.slice(1))]!;
    const firstTouch = addBusinessTime(new Date(started), rng.between(lo, hi), calendar).getTime();
    const channel: TTouchChannel = rng.weighted({ call: 0.55, email: 0.3, linkedin: 0.15 });
    this.schedule({ kind: 'touch', at: firstTouch, ...base, channel, key: key('touch-1') });

    const decideAt = addBusinessTime(new Date(firstTouch), rng.between(0.15, 16) * HOUR, calendar).getTime();
    if (rng.chance(0.55)) {
      const followUp = addBusinessTime(new Date(firstTouch), rng.between(0.05, 0.9) * (decideAt - firstTouch), calendar).getTime();
      this.schedule({ kind: 'touch', at: Math.min(followUp, decideAt - MINUTE), ...base, channel: channel === 'call' ? 'email' : 'call', key: key('touch-2') });
    }
    if (rng.chance(habit.undecided)) return;

    const acceptChance = Math.min(0.97, Math.max(0.2, SOURCE_PROFILES[source].accept + habit.acceptBias + (h.tier === 'high' ? 0.04 : 0)));
    if (rng.chance(acceptChance)) {
      // The seeds' conversion by first-touch delay, over the share of handovers accepted.
      const rate = firstTouchBucket(firstTouch - started).expectedConversion;
      const deal = rng.chance(Math.min(1, rate / EXPECTED_ACCEPTANCE))
        ? {
            opportunityAfter: rng.between(2, 18) * DAY,
            outcome: rng.chance(0.4)
              ? { type: 'closed_won' as const, after: rng.between(7, 30) * DAY }
              : rng.chance(0.4)
                ? { type: 'closed_lost' as const, after: rng.between(7, 30) * DAY }
                : undefined,
          }
        : undefined;
      this.schedule({ kind: 'decide', at: decideAt, ...base, decision: 'accepted', note: rng.pick(ACCEPT_NOTES), key: key('decision'), deal });
    } else {
      const weights = { ...REJECTION_WEIGHTS };
      for (const [reason, factor] of Object.entries(SOURCE_REJECTION_TILT[source] ?? {})) weights[reason] = (weights[reason] ?? 0) * factor!;
      const reasonId = rng.weighted(weights);
      this.schedule({ kind: 'decide', at: decideAt, ...base, decision: 'rejected', reasonId, note: reasonId === 'other' ? rng.pick(OTHER_NOTES) : undefined, key: key('decision') });
    }
  }

  /** Handovers the sweeper just escalated: the backup usually picks them up within a business day. */
  private async planBackups(tickAt: number): Promise<void> {
    const { rng } = this.context;
    const escalated = await this.database.db
      .select({ id: handovers.id, leadId: handovers.leadId, email: leadRows.email, ownerId: handovers.ownerId })
      .from(handovers)
      .innerJoin(leadRows, eq(handovers.leadId, leadRows.id))
      .where(and(eq(handovers.state, 'open'), eq(handovers.escalatedAt, new Date(tickAt).toISOString())))
      .orderBy(asc(leadRows.email));
    for (const h of escalated) {
      if (this.plannedByEmail.get(h.email)?.demo || !rng.chance(0.8)) continue;
      const calendar = calendarOf(this.byId.get(h.ownerId)!);
      const base = { handoverId: h.id, leadId: h.leadId };
      const touchAt = addBusinessTime(new Date(tickAt), rng.between(0.2, 6) * HOUR, calendar).getTime();
      this.schedule({ kind: 'touch', at: touchAt, ...base, channel: 'call', key: `demo:${h.id}:backup-touch` });
      const decideAt = addBusinessTime(new Date(touchAt), rng.between(0.3, 10) * HOUR, calendar).getTime();
      const accepted = rng.chance(0.7);
      this.schedule({
        kind: 'decide',
        at: decideAt,
        ...base,
        decision: accepted ? 'accepted' : 'rejected',
        reasonId: accepted ? undefined : rng.weighted({ bad_timing: 3, no_intent: 3, no_budget: 1, using_competitor: 1 }),
        key: `demo:${h.id}:decision`,
        // Touched more than a day after handover: the seeds' 1.5%.
        deal: accepted && rng.chance(0.015 / EXPECTED_ACCEPTANCE) ? { opportunityAfter: rng.between(3, 15) * DAY } : undefined,
      });
    }
  }

  /** An accepted lead's opportunity (and its outcome), as CRM events in the slices they happen in. */
  private scheduleDeal(action: Extract<TAction, { kind: 'decide' }>): void {
    const { now, rng } = this.context;
    if (!action.deal) return;
    const oppAt = action.at + action.deal.opportunityAfter;
    if (oppAt > now) return;
    const lead = this.plannedByEmail.get(this.emailByLeadId.get(action.leadId) ?? '');
    if (!lead) return;
    const { email, company, crmIds } = lead.lead;
    const properties = { asset: `${company?.name ?? email} – Handshake Growth`, amount: Math.round(rng.between(18, 140)) * 1000 };
    const add = (type: TEventType, at: number) => {
      const tick = Math.min(Math.max(this.tick + 1, this.tickOf(at)), this.ticks.length - 1);
      push(this.eventsByTick, tick, { id: `demo-deal-${crmIds?.hubspot ?? email}-${type}`, email, type, at: new Date(at).toISOString(), properties });
    };
    add('opportunity_created', oppAt);
    const outcome = action.deal.outcome;
    if (outcome && oppAt + outcome.after <= now) add(outcome.type, oppAt + outcome.after);
  }
}
