import { z } from 'zod';
import type { TBusinessCalendar } from './calendar';
import { formatDuration } from './format';
import { calendarAt, isOwnersBusinessTime, ownersBusinessTimeBetween, ownersNextBusinessInstant, type TReassignment } from './owner-clock';
import { weekdayTimeInZone } from './zoned-time';

/**
 * Conversion to opportunity by delay from handover to first contact, as the seeds quote
 * the industry data: within 5 minutes 21%, 1 hour 14%, 4 hours 9%, 24 hours 4%, later 1.5%.
 * The packet counts the delay as the SLA does, in the owner's business time, so the figure
 * and the countdown beside it speak of the same hours.
 */
export const FIRST_TOUCH_BUCKETS = [
  { id: 'within_5_minutes', label: '≤ 5 min', upToMs: 5 * 60_000, expectedConversion: 0.21 },
  { id: 'within_1_hour', label: '≤ 1 h', upToMs: 60 * 60_000, expectedConversion: 0.14 },
  { id: 'within_4_hours', label: '≤ 4 h', upToMs: 4 * 60 * 60_000, expectedConversion: 0.09 },
  { id: 'within_24_hours', label: '≤ 24 h', upToMs: 24 * 60 * 60_000, expectedConversion: 0.04 },
  { id: 'after_24_hours', label: '> 24 h', upToMs: Number.POSITIVE_INFINITY, expectedConversion: 0.015 },
] as const;

export type TFirstTouchBucket = (typeof FIRST_TOUCH_BUCKETS)[number];
export type TFirstTouchBucketId = TFirstTouchBucket['id'];

export function firstTouchBucket(delayMs: number): TFirstTouchBucket {
  return FIRST_TOUCH_BUCKETS.find((bucket) => delayMs <= bucket.upToMs)!;
}

const ZFigure = z.object({
  /** Business time from the handover to that contact, in the owner's calendar (as the SLA counts). */
  delayMs: z.number(),
  bucket: z.string(),
  expectedConversion: z.number(),
});

export const ZResponseTimeMotivation = z.object({
  /** The delays are business time in the owner's working hours, as the SLA counts them. */
  countedIn: z.literal('business_time'),
  /** The owner's time zone, in which `firstChanceAt` is named. */
  timeZone: z.string(),
  /** Now, or when the owner's day is over, the start of their next working hours: the first moment the rep can call. */
  firstChanceAt: z.string(),
  /** Now is outside the owner's working hours: `ifContactedNow` is the figure at `firstChanceAt`. */
  outsideWorkingHours: z.boolean(),
  /** The deadline has passed: the text gives the figure of calling at the first chance alone. */
  pastDeadline: z.boolean(),
  /** Contacted at the first chance (`firstChanceAt`). */
  ifContactedNow: ZFigure,
  /** Contacted at the SLA deadline. */
  ifContactedAtDeadline: ZFigure,
  /** One sentence for the sidebar. */
  text: z.string(),
});
export type TResponseTimeMotivation = z.infer<typeof ZResponseTimeMotivation>;

// One formatter for every packet: toLocaleString with options builds a new one per call.
const PERCENT = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function percent(rate: number): string {
  return `${PERCENT.format(rate * 100)}%`;
}

function figure(delayMs: number) {
  const bucket = firstTouchBucket(delayMs);
  return { delayMs, bucket: bucket.id, expectedConversion: bucket.expectedConversion };
}

/**
 * What calling at the first chance is worth against calling at the SLA deadline, from the
 * seeds' figures, in the owner's business time. While the owner's day is over it speaks of
 * the start of their next working hours, never of "now"; `whose` names them ("your" for
 * the owner, "Léa Martin’s" for anyone else).
 */
export function responseTimeMotivation(input: {
  handoverAt: Date;
  now: Date;
  deadline: Date;
  /** The first owner's calendar. */
  calendar: TBusinessCalendar;
  /** Later owners, each from the moment the handover became theirs. */
  reassignments?: readonly TReassignment[];
  whose?: string;
}): TResponseTimeMotivation {
  const { handoverAt, now, deadline, calendar, reassignments = [], whose = 'your' } = input;
  const outsideWorkingHours = !isOwnersBusinessTime(now, calendar, reassignments);
  const firstChanceAt = ownersNextBusinessInstant(now, calendar, reassignments);
  const timeZone = calendarAt(firstChanceAt, calendar, reassignments).timeZone;
  const sinceHandover = (to: Date) => Math.max(0, ownersBusinessTimeBetween(handoverAt, to, calendar, reassignments));
  const chance = figure(sinceHandover(firstChanceAt));
  const atDeadline = figure(sinceHandover(deadline));
  const pastDeadline = now.getTime() > deadline.getTime();

  const when = outsideWorkingHours
    ? `Called at the start of ${whose} next working hours (${weekdayTimeInZone(firstChanceAt, timeZone)}; ${formatDuration(chance.delayMs)} of business time after handover`
    : `Called now (${formatDuration(chance.delayMs)} of business time after handover`;
  let text: string;
  if (pastDeadline) {
    text = `${when}, past the SLA deadline): about ${percent(chance.expectedConversion)} become opportunities.`;
  } else if (chance.bucket === atDeadline.bucket) {
    text = `${when}) or at the SLA deadline (${formatDuration(atDeadline.delayMs)} after): about ${percent(chance.expectedConversion)} become opportunities.`;
  } else {
    text = `${when}): about ${percent(chance.expectedConversion)} become opportunities; at the SLA deadline (${formatDuration(atDeadline.delayMs)} after): about ${percent(atDeadline.expectedConversion)}.`;
  }
  return {
    countedIn: 'business_time',
    timeZone,
    firstChanceAt: firstChanceAt.toISOString(),
    outsideWorkingHours,
    pastDeadline,
    ifContactedNow: chance,
    ifContactedAtDeadline: atDeadline,
    text,
  };
}
