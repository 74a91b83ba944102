import { z } from 'zod';
import { formatDuration } from './format';

/**
 * Conversion to opportunity by delay from handover to first contact, as the seeds quote
 * the industry data: within 5 minutes 21%, 1 hour 14%, 4 hours 9%, 24 hours 4%, later 1.5%.
 * Elapsed (calendar) time: the buyer's interest cools at night too.
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

export const ZResponseTimeMotivation = z.object({
  ifContactedNow: z.object({ delayMs: z.number(), bucket: z.string(), expectedConversion: z.number() }),
  ifContactedAtDeadline: z.object({ delayMs: z.number(), bucket: z.string(), expectedConversion: z.number() }),
  /** One sentence for the sidebar. */
  text: z.string(),
});
export type TResponseTimeMotivation = z.infer<typeof ZResponseTimeMotivation>;

function percent(rate: number): string {
  return `${(rate * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}


/** What calling now is worth against calling at the SLA deadline, from the seeds' figures. */
export function responseTimeMotivation(handoverAt: Date, now: Date, deadline: Date): TResponseTimeMotivation {
  const nowDelay = Math.max(0, now.getTime() - handoverAt.getTime());
  const deadlineDelay = Math.max(nowDelay, deadline.getTime() - handoverAt.getTime());
  const nowBucket = firstTouchBucket(nowDelay);
  const deadlineBucket = firstTouchBucket(deadlineDelay);
  const text =
    nowBucket.id === deadlineBucket.id
      ? `Contacted now (${formatDuration(nowDelay)} after handover), leads like this convert to an opportunity about ${percent(nowBucket.expectedConversion)} of the time.`
      : `Contacted now (${formatDuration(nowDelay)} after handover): about ${percent(nowBucket.expectedConversion)} become opportunities; at the SLA deadline (${formatDuration(deadlineDelay)} after): about ${percent(deadlineBucket.expectedConversion)}.`;
  return {
    ifContactedNow: { delayMs: nowDelay, bucket: nowBucket.id, expectedConversion: nowBucket.expectedConversion },
    ifContactedAtDeadline: { delayMs: deadlineDelay, bucket: deadlineBucket.id, expectedConversion: deadlineBucket.expectedConversion },
    text,
  };
}
