import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { FIRST_TOUCH_BUCKETS, firstTouchBucket, type TFirstTouchBucketId } from '../../../shared/response-time';
import { rate } from '../../../shared/stats';
import type { Database } from '../../db/client';
import { handovers, leads } from '../../db/schema';
import type { TUser } from '../users';
import { type TRange, type TStatsRangeInput, assertManager, calendarDelayMs, countAll, countIf, iso, resolveRange, startedIn } from './common';

// stats.firstTouch: conversion by first-touch delay.

export interface TConversion {
  handovers: number;
  /** Of those, handovers whose lead has an opportunity (opportunityAt set). */
  opportunities: number;
  /** opportunities / handovers. */
  rate: number | null;
}

export interface TFirstTouchBucketRow extends TConversion {
  bucket: TFirstTouchBucketId;
  label: string;
  /** Upper bound of the delay, inclusive; null for the open-ended last bucket. */
  upToMs: number | null;
  /** The seeds' industry figure for this delay. */
  expectedRate: number;
}

export interface TFirstTouch {
  from: string;
  to: string;
  /** Touched handovers by calendar delay from handover to first touch. */
  buckets: TFirstTouchBucketRow[];
  touched: TConversion;
  /** Handovers with no touch yet, for comparison (some may still be within their SLA). */
  untouched: TConversion;
}

/** Conversion to opportunity by calendar delay to first touch, for handovers started in the range. */
export async function computeFirstTouch(database: Database, range: TRange): Promise<TFirstTouch> {
  const { db } = database;
  const hasOpportunity = sql<number>`(${leads.opportunityAt} is not null)`.mapWith(Number);
  const [touched, untouched] = await Promise.all([
    db
      .select({ startedAt: handovers.startedAt, firstTouchAt: handovers.firstTouchAt, opportunity: hasOpportunity })
      .from(handovers)
      .innerJoin(leads, eq(leads.id, handovers.leadId))
      .where(and(startedIn(range), isNotNull(handovers.firstTouchAt))),
    db
      .select({ handovers: countAll(), opportunities: countIf(sql`${leads.opportunityAt} is not null`) })
      .from(handovers)
      .innerJoin(leads, eq(leads.id, handovers.leadId))
      .where(and(startedIn(range), sql`${handovers.firstTouchAt} is null`)),
  ]);
  const tally = new Map<TFirstTouchBucketId, { handovers: number; opportunities: number }>(
    FIRST_TOUCH_BUCKETS.map((b) => [b.id, { handovers: 0, opportunities: 0 }]),
  );
  for (const t of touched) {
    const cell = tally.get(firstTouchBucket(calendarDelayMs(t.startedAt, t.firstTouchAt!)).id)!;
    cell.handovers += 1;
    cell.opportunities += t.opportunity;
  }
  const conversion = (handovers: number, opportunities: number): TConversion => ({ handovers, opportunities, rate: rate(opportunities, handovers) });
  const buckets = FIRST_TOUCH_BUCKETS.map((b) => {
    const cell = tally.get(b.id)!;
    return {
      bucket: b.id,
      label: b.label,
      upToMs: Number.isFinite(b.upToMs) ? b.upToMs : null,
      ...conversion(cell.handovers, cell.opportunities),
      expectedRate: b.expectedConversion,
    };
  });
  const u = untouched[0] ?? { handovers: 0, opportunities: 0 };
  return {
    from: iso(range.from),
    to: iso(range.to),
    buckets,
    touched: conversion(
      buckets.reduce((s, b) => s + b.handovers, 0),
      buckets.reduce((s, b) => s + b.opportunities, 0),
    ),
    untouched: conversion(u.handovers, u.opportunities),
  };
}

/** stats.firstTouch (manager or admin). */
export async function firstTouchStats(database: Database, caller: TUser, input: TStatsRangeInput | undefined, now: Date): Promise<TFirstTouch> {
  assertManager(caller);
  return computeFirstTouch(database, resolveRange(input, now));
}
