import { describe, expect, it } from 'vitest';
import { formatDuration } from '../../shared/format';
import { FIRST_TOUCH_BUCKETS, firstTouchBucket, responseTimeMotivation } from '../../shared/response-time';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('response time', () => {
  it.each([
    [0, 'within_5_minutes', 0.21],
    [5 * MINUTE, 'within_5_minutes', 0.21],
    [5 * MINUTE + 1, 'within_1_hour', 0.14],
    [HOUR, 'within_1_hour', 0.14],
    [4 * HOUR, 'within_4_hours', 0.09],
    [24 * HOUR, 'within_24_hours', 0.04],
    [24 * HOUR + 1, 'after_24_hours', 0.015],
  ])('a first touch after %i ms falls in %s (%f)', (delay, id, rate) => {
    expect(firstTouchBucket(delay)).toMatchObject({ id, expectedConversion: rate });
  });

  it('quotes the seeds’ five figures', () => {
    expect(FIRST_TOUCH_BUCKETS.map((b) => b.expectedConversion)).toEqual([0.21, 0.14, 0.09, 0.04, 0.015]);
  });

  it('compares calling now with calling at the deadline', () => {
    const handover = new Date('2026-11-20T09:00:00Z');
    const now = new Date('2026-11-20T09:40:00Z');
    const deadline = new Date('2026-11-23T09:00:00Z');
    const motivation = responseTimeMotivation(handover, now, deadline);
    expect(motivation.ifContactedNow).toEqual({ delayMs: 40 * MINUTE, bucket: 'within_1_hour', expectedConversion: 0.14 });
    expect(motivation.ifContactedAtDeadline.bucket).toBe('after_24_hours');
    expect(motivation.text).toBe(
      'Contacted now (40 min after handover): about 14% become opportunities; at the SLA deadline (3 days after): about 1.5%.',
    );
  });

  it('says one figure when now and the deadline fall in the same bucket', () => {
    const handover = new Date('2026-11-20T09:00:00Z');
    const motivation = responseTimeMotivation(handover, new Date('2026-11-20T10:30:00Z'), new Date('2026-11-20T11:00:00Z'));
    expect(motivation.text).toBe('Contacted now (1 h 30 min after handover), leads like this convert to an opportunity about 9% of the time.');
  });

  it('formats durations for a rep', () => {
    expect(formatDuration(90 * MINUTE)).toBe('1 h 30 min');
    expect(formatDuration(30 * HOUR)).toBe('30 h');
    expect(formatDuration(72 * HOUR)).toBe('3 days');
  });
});
