import { describe, expect, it } from 'vitest';
import { formatDuration, formatOverdue } from '../../shared/format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('durations for a rep: days past 24 hours', () => {
  it('reads minutes, then hours and minutes under a day', () => {
    expect(formatDuration(0)).toBe('0 min');
    expect(formatDuration(59 * MINUTE)).toBe('59 min');
    expect(formatDuration(90 * MINUTE)).toBe('1 h 30 min');
    expect(formatDuration(23 * HOUR)).toBe('23 h');
  });

  it('reads a day and more in days, with the hours while they still matter', () => {
    expect(formatDuration(24 * HOUR)).toBe('1 day');
    expect(formatDuration(30 * HOUR)).toBe('1 day 6 h');
    expect(formatDuration(50 * HOUR + 20 * MINUTE)).toBe('2 days 2 h');
    expect(formatDuration(72 * HOUR)).toBe('3 days');
    expect(formatDuration(239 * HOUR + 45 * MINUTE)).toBe('10 days');
  });

  it('says how late, in the same words', () => {
    expect(formatOverdue(239 * HOUR + 45 * MINUTE)).toBe('10 days overdue');
    expect(formatOverdue(25 * MINUTE)).toBe('25 min overdue');
  });
});
