import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { BoundedCache } from './bounded-cache';

const ZClockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a 24-hour time as HH:mm');

const ZLocalDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD');

/** A rep's working calendar: the SLA clock runs only inside it. */
export const ZBusinessCalendar = z
  .object({
    timeZone: z.string().refine((zone) => IANAZone.isValidZone(zone), 'expected an IANA time zone such as Europe/Paris'),
    /** ISO weekdays: 1 = Monday … 7 = Sunday. */
    workingDays: z.array(z.number().int().min(1).max(7)).min(1, 'at least one working day'),
    dayStart: ZClockTime,
    dayEnd: ZClockTime,
    /** Local dates on which nobody works. */
    holidays: z.array(ZLocalDate),
  })
  .refine((calendar) => calendar.dayStart < calendar.dayEnd, {
    message: 'dayEnd must be after dayStart',
    path: ['dayEnd'],
  });

export type TBusinessCalendar = z.infer<typeof ZBusinessCalendar>;

// Business-time arithmetic. All local-time reasoning goes through Luxon in the
// calendar's zone; instants are compared as epoch milliseconds.
//
// A working day runs from the first instant the local wall clock reads `dayStart`
// to the first instant it reads `dayEnd`, so a day containing a DST change is as
// long as its wall clock says (00:00–06:00 is 5 h on a spring-forward night, 7 h on
// a fall-back night). Two edge cases follow from that rule:
// - a time inside a fall-back repeat (NY 01:30 on 2026-11-01) means its first, earlier
//   occurrence — Luxon alone would pick either occurrence depending on the zone;
// - a time inside a spring-forward gap (NY 02:30 on 2026-03-08) does not exist; Luxon
//   shifts it forward by the gap's length (03:30 EDT), which we accept.

export interface TBusinessInterval {
  start: Date;
  end: Date;
}

interface TSpan {
  startMs: number;
  endMs: number;
}

interface TClockTime {
  hour: number;
  minute: number;
}

interface TCompiledCalendar {
  zone: string;
  workingDays: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
  dayStart: TClockTime;
  dayEnd: TClockTime;
  /** Each local date's working span (or null), by the date's UTC-midnight epoch ms. */
  spans: BoundedCache<TSpan | null>;
}

/** Beyond ~10 years without a single working minute the calendar is taken to have none. */
const MAX_DAYS_WITHOUT_WORK = 3660;

function parseClockTime(text: string): TClockTime {
  const [hour, minute] = text.split(':').map(Number);
  return { hour: hour ?? 0, minute: minute ?? 0 };
}

// Compiled calendars by their fields (the SLA clock compiles the same few calendars over and over).
const COMPILED = new BoundedCache<TCompiledCalendar>(256);

function compile(calendar: TBusinessCalendar): TCompiledCalendar {
  const key = JSON.stringify([calendar.timeZone, calendar.workingDays, calendar.dayStart, calendar.dayEnd, calendar.holidays]);
  return COMPILED.get(key) ?? COMPILED.set(key, compileUncached(calendar));
}

function compileUncached(calendar: TBusinessCalendar): TCompiledCalendar {
  const valid = ZBusinessCalendar.parse(calendar);
  return {
    zone: valid.timeZone,
    workingDays: new Set(valid.workingDays),
    holidays: new Set(valid.holidays),
    dayStart: parseClockTime(valid.dayStart),
    dayEnd: parseClockTime(valid.dayEnd),
    spans: new BoundedCache(4096),
  };
}

function instantMs(at: Date, name: string): number {
  const ms = at.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`${name} is not a valid date`);
  return ms;
}

const DAY_MS = 86_400_000;

/**
 * The local calendar date of an instant, as the epoch ms of that date's UTC midnight: dates
 * are stepped as plain numbers, and only a date's working span (cached) goes through the zone.
 */
function localDateOf(ms: number, zone: string): number {
  const local = ms + offsetMinutes(ms, zone) * 60_000;
  return Math.floor(local / DAY_MS) * DAY_MS;
}

const HOUR_MS = 3_600_000;
// A zone's offset by the UTC day, else by the UTC hour, it holds for: kept for a day when the
// day's first and last instants agree, for an hour likewise (no zone changes its offset twice
// within a day). Reading it from the zone formats a date through Intl, the SLA clock's largest
// cost per packet; a year of handovers in a few zones spans too many hours to keep by hour.
const DAY_OFFSETS = new BoundedCache<number | null>(16_384);
const HOUR_OFFSETS = new BoundedCache<number>(4096);

function constantOffset(zone: IANAZone, startMs: number, lengthMs: number): number | null {
  const atStart = zone.offset(startMs);
  return atStart === zone.offset(startMs + lengthMs - 1) ? atStart : null;
}

/** The offset of `zone` from UTC at `ms`, in minutes (exported for its tests). */
export function offsetMinutes(ms: number, zone: string): number {
  const dayStart = Math.floor(ms / DAY_MS) * DAY_MS;
  const dayKey = `${zone} ${dayStart}`;
  let ofDay = DAY_OFFSETS.get(dayKey);
  if (ofDay === undefined) ofDay = DAY_OFFSETS.set(dayKey, constantOffset(IANAZone.create(zone), dayStart, DAY_MS));
  if (ofDay !== null) return ofDay;
  const hourStart = Math.floor(ms / HOUR_MS) * HOUR_MS;
  const hourKey = `${zone} ${hourStart}`;
  const ofHour = HOUR_OFFSETS.get(hourKey);
  if (ofHour !== undefined) return ofHour;
  const iana = IANAZone.create(zone);
  const offset = constantOffset(iana, hourStart, HOUR_MS);
  return offset === null ? iana.offset(ms) : HOUR_OFFSETS.set(hourKey, offset);
}

const isoDateOf = (dateMs: number) => new Date(dateMs).toISOString().slice(0, 10);
/** ISO weekday, 1 = Monday … 7 = Sunday. */
const weekdayOf = (dateMs: number) => ((new Date(dateMs).getUTCDay() + 6) % 7) + 1;

function firstInstantReading(dateMs: number, time: TClockTime, zone: string): number {
  const date = new Date(dateMs);
  const local = DateTime.fromObject(
    { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate(), hour: time.hour, minute: time.minute },
    { zone },
  );
  return Math.min(...local.getPossibleOffsets().map((candidate) => candidate.toMillis()));
}

function workingSpanOn(dateMs: number, calendar: TCompiledCalendar): TSpan | null {
  const key = String(dateMs);
  const known = calendar.spans.get(key);
  return known !== undefined ? known : calendar.spans.set(key, workingSpanOnUncached(dateMs, calendar));
}

function workingSpanOnUncached(dateMs: number, calendar: TCompiledCalendar): TSpan | null {
  if (!calendar.workingDays.has(weekdayOf(dateMs))) return null;
  if (calendar.holidays.has(isoDateOf(dateMs))) return null;
  const startMs = firstInstantReading(dateMs, calendar.dayStart, calendar.zone);
  const endMs = firstInstantReading(dateMs, calendar.dayEnd, calendar.zone);
  return endMs > startMs ? { startMs, endMs } : null;
}

/**
 * The working spans, in order and disjoint, that end after `fromMs` (the first may
 * start before it). With `untilMs` it stops once past that instant's local date;
 * without, it throws when ~10 years go by without working time.
 */
function* workingSpansAfter(fromMs: number, calendar: TCompiledCalendar, untilMs?: number): Generator<TSpan, void> {
  // One day of margin on each side: a DST shift can move a wall-clock time across midnight.
  let dateMs = localDateOf(fromMs, calendar.zone) - DAY_MS;
  const lastDateMs = untilMs === undefined ? Number.POSITIVE_INFINITY : localDateOf(untilMs, calendar.zone) + DAY_MS;
  let previousEndMs = Number.NEGATIVE_INFINITY;
  let daysWithoutWork = 0;
  let searchingSinceMs = dateMs;
  while (dateMs <= lastDateMs) {
    const span = workingSpanOn(dateMs, calendar);
    if (span && span.endMs > previousEndMs) {
      daysWithoutWork = 0;
      searchingSinceMs = dateMs;
      const startMs = Math.max(span.startMs, previousEndMs);
      previousEndMs = span.endMs;
      if (span.endMs > fromMs) yield { startMs, endMs: span.endMs };
    } else if (++daysWithoutWork > MAX_DAYS_WITHOUT_WORK) {
      throw new Error(
        `The business calendar (${calendar.zone}) has no working time in the ~10 years after ${isoDateOf(searchingSinceMs)}: ` +
          'check its working days and holidays.',
      );
    }
    dateMs += DAY_MS;
  }
}

/** The working intervals (whole, not clipped) that intersect [from, to). */
export function businessIntervals(from: Date, to: Date, calendar: TBusinessCalendar): TBusinessInterval[] {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  if (toMs <= fromMs) return [];
  const intervals: TBusinessInterval[] = [];
  for (const span of workingSpansAfter(fromMs, compile(calendar), toMs)) {
    if (span.startMs >= toMs) break;
    intervals.push({ start: new Date(span.startMs), end: new Date(span.endMs) });
  }
  return intervals;
}

/**
 * The instant at which `durationMs` of business time has elapsed after `from`. Counting
 * starts at the next working instant; a result landing on the end of a working
 * interval is that end (17:00), not the next morning. A duration of 0 returns `from`.
 */
export function addBusinessTime(from: Date, durationMs: number, calendar: TBusinessCalendar): Date {
  const fromMs = instantMs(from, 'from');
  if (!Number.isFinite(durationMs) || durationMs < 0) {
    throw new RangeError(`durationMs must be a finite number >= 0, got ${durationMs}`);
  }
  if (durationMs === 0) return new Date(fromMs);
  let remainingMs = durationMs;
  for (const span of workingSpansAfter(fromMs, compile(calendar))) {
    const countFromMs = Math.max(span.startMs, fromMs);
    const availableMs = span.endMs - countFromMs;
    if (remainingMs <= availableMs) return new Date(countFromMs + remainingMs);
    remainingMs -= availableMs;
  }
  throw new Error('unreachable: the working-time scan ended without a result');
}

/** Business milliseconds in [from, to); the negative of the reverse when `to` is before `from`. */
export function businessTimeBetween(from: Date, to: Date, calendar: TBusinessCalendar): number {
  const fromMs = instantMs(from, 'from');
  const toMs = instantMs(to, 'to');
  // `0 -` rather than unary minus, so that an empty reversed range gives 0, not -0.
  if (toMs < fromMs) return 0 - businessTimeBetween(to, from, calendar);
  if (toMs === fromMs) return 0;
  let totalMs = 0;
  for (const span of workingSpansAfter(fromMs, compile(calendar), toMs)) {
    if (span.startMs >= toMs) break;
    totalMs += Math.min(span.endMs, toMs) - Math.max(span.startMs, fromMs);
  }
  return totalMs;
}

/** True inside [dayStart, dayEnd) of a working, non-holiday local day. */
export function isBusinessTime(at: Date, calendar: TBusinessCalendar): boolean {
  const atMs = instantMs(at, 'at');
  const first = workingSpansAfter(atMs, compile(calendar), atMs).next();
  return !first.done && first.value.startMs <= atMs;
}

/** `at` itself during business time, otherwise the start of the next working interval. */
export function nextBusinessInstant(at: Date, calendar: TBusinessCalendar): Date {
  const atMs = instantMs(at, 'at');
  const first = workingSpansAfter(atMs, compile(calendar)).next();
  if (first.done) throw new Error('unreachable: the working-time scan ended without a result');
  return new Date(Math.max(first.value.startMs, atMs));
}
