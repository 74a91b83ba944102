import { and, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { TCharter } from '../../shared/charter';
import { scoreIntent } from '../../shared/scoring/intent';
import { slaClock, type TSlaTier } from '../../shared/sla';
import type { Database, TDb } from '../db/client';
import { events, handovers, leads, users } from '../db/schema';
import { auditInsert, type TActor } from './audit';
import { activeCharter } from './charter';
import { handoverTier } from './handover';
import { chunks, ROWS_PER_STATEMENT } from './batch-sql';
import { eventForScoring, eventListOf, eventsFromJson } from './lead-record';
import { preparedOnce } from './prepared';
import { inList, inListOf, listParam } from './sql-lists';
import { calendarOf } from './users';

// A handover's SLA tier comes from the lead's intent when it opened. Events can arrive
// after that and still be dated before it (a backfill, a CDP that delivers late): they
// were the lead's intent at the handover's start all along.

const TIER_RANK: Readonly<Record<TSlaTier, number>> = { low: 0, medium: 1, high: 2 };

/** The lead's intent at `at`, from the events stored that are dated by then, inside the charter's intent window. */
export async function intentAt(db: TDb, lead: { id: string; email: string }, at: string, charter: TCharter) {
  const rows = await db
    .select()
    .from(events)
    .where(and(eq(events.leadId, lead.id), lte(events.at, at), gt(events.at, new Date(Date.parse(at) - charter.intent.windowDays * 86_400_000).toISOString())));
  return scoreIntent(rows.map((e) => eventForScoring(e, lead.email)), charter, new Date(at)).level;
}

/** `intentAt` for several leads, each at its own instant, in one read of events per `ROWS_PER_STATEMENT` leads. */
async function intentsAt(db: TDb, items: readonly { id: string; email: string; at: string }[], charter: TCharter) {
  const intents = new Map<string, ReturnType<typeof scoreIntent>['level']>();
  const windowStart = (at: string) => new Date(Date.parse(at) - charter.intent.windowDays * 86_400_000).toISOString();
  for (const part of chunks(items, ROWS_PER_STATEMENT)) {
    const lists = await db
      .select({ leadId: events.leadId, list: eventListOf })
      .from(events)
      .where(or(...part.map((item) => and(eq(events.leadId, item.id), lte(events.at, item.at), gt(events.at, windowStart(item.at))))))
      .groupBy(events.leadId);
    const listOf = new Map(lists.map((row) => [row.leadId, row.list]));
    for (const item of part) {
      const list = listOf.get(item.id);
      const rows = list ? eventsFromJson(list) : [];
      intents.set(item.id, scoreIntent(rows.map((e) => eventForScoring(e, item.email)), charter, new Date(item.at)).level);
    }
  }
  return intents;
}

/**
 * Raises the tier of the open handovers of leads that just got events dated at or before
 * their start (`earliestByLead`: each lead's earliest new event), when the intent those
 * events show at the start asks for a higher one. The deadline and warning point are
 * computed again from the start, in the original owner's calendar, with the new tier's
 * business hours; a breach already recorded moves to the new, earlier deadline; the change
 * is audited (`handover.tier`). The SLA sweeper then treats the handover as any other: a
 * warning point now past is warned at its next pass, a deadline now past is breached and
 * escalated. A closed handover keeps its tier, and so does one already touched (the touch
 * settled its SLA against the deadline the rep saw); a tier never goes down, and events
 * after the start change nothing. Returns how many handovers changed. `charter`, when the
 * caller has just read the active one, saves reading it again.
 */
export async function followLateIntent(database: Database, earliestByLead: ReadonlyMap<string, string>, actor: TActor, now: Date, charter?: TCharter): Promise<number> {
  if (earliestByLead.size === 0) return 0;
  return database.writeLock.runExclusive(async () => {
    const { db } = database;
    // `+state`: read by lead (by id) through their indexes; on `state` SQLite would walk every open handover.
    const isOpen = eq(sql`+${handovers.state}`, 'open');
    const untouchedOpen = and(isOpen, isNull(handovers.firstTouchAt));
    // Most events come after any handover of their lead: a narrow read finds the late ones,
    // and only those are read whole.
    const starts = await preparedOnce(db, 'handoverTier.untouchedStarts', (d) =>
      d
        .select({ id: handovers.id, leadId: handovers.leadId, startedAt: handovers.startedAt })
        .from(handovers)
        .where(and(inListOf(handovers.leadId, 'leadIds'), eq(sql`+${handovers.state}`, 'open'), isNull(handovers.firstTouchAt)))
        .prepare(),
    ).all({ leadIds: listParam([...earliestByLead.keys()]) });
    const lateIds = starts.filter((h) => earliestByLead.get(h.leadId)! <= h.startedAt).map((h) => h.id);
    if (lateIds.length === 0) return 0;
    const position = new Map(lateIds.map((id, i) => [id, i]));
    const late = (
      await db
        .select({ handover: handovers, email: leads.email, owner: users })
        .from(handovers)
        .innerJoin(leads, eq(handovers.leadId, leads.id))
        .innerJoin(users, eq(handovers.originalOwnerId, users.id))
        .where(and(inList(handovers.id, lateIds), untouchedOpen))
    ).sort((a, b) => position.get(a.handover.id)! - position.get(b.handover.id)!);
    const scoring = charter ?? (await activeCharter(database));
    const intents = await intentsAt(db, late.map(({ handover, email }) => ({ id: handover.leadId, email, at: handover.startedAt })), scoring);
    const queries: BatchItem<'sqlite'>[] = [];
    for (const { handover, owner } of late) {
      const intent = intents.get(handover.leadId)!;
      const { tier, businessHours } = handoverTier(intent, handover.stage === 'mql' ? 'mql' : 'sql', scoring);
      if (TIER_RANK[tier] <= TIER_RANK[handover.tier]) continue;
      const clock = slaClock({ start: new Date(handover.startedAt), businessHours, calendar: calendarOf(owner, new Date(handover.startedAt)), warnAtFraction: scoring.sla.warnAtFraction });
      const deadline = clock.deadline.toISOString();
      queries.push(
        db
          .update(handovers)
          .set({ tier, businessHours, warnAt: clock.warnAt.toISOString(), deadline, ...(handover.breachedAt ? { breachedAt: deadline } : {}) })
          .where(and(eq(handovers.id, handover.id), eq(handovers.state, 'open'), isNull(handovers.firstTouchAt), eq(handovers.tier, handover.tier))),
        auditInsert(db, {
          at: now,
          actor,
          action: 'handover.tier',
          entity: 'handover',
          entityId: handover.id,
          details: { from: handover.tier, to: tier, intent, startedAt: handover.startedAt, deadline: { from: handover.deadline, to: deadline } },
        }),
      );
    }
    if (queries.length > 0) await db.batch(queries as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
    return queries.length / 2;
  });
}
