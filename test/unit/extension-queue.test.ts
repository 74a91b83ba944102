import { describe, expect, it } from 'vitest';
import { defaultDates, formatBusinessDuration, formatCountdown, formatDateTime, formatPoints, formatRate, formatWeekdayTime, rangeFromDates } from '../../extension/ui/format';
import { BADGE_AMBER, BADGE_RED, badgeFor, byDeadline, isUrgent, liveState, resolveRecordUrl, remainingAt } from '../../extension/lib/queue-view';
import type { TQueueItem } from '../../extension/lib/types';

const MIN = 60_000;
const HOUR = 60 * MIN;

function queued(overrides: Partial<TQueueItem> = {}): TQueueItem {
  return {
    handoverId: 'h1',
    leadId: 'l1',
    email: 'dana@bigco.com',
    name: 'Dana Whitfield',
    title: 'CFO',
    company: 'BigCo',
    stage: 'sql',
    intent: 'high',
    tier: 'high',
    startedAt: '2026-11-23T09:00:00Z',
    deadline: '2026-11-23T13:00:00Z',
    state: 'on_track',
    paused: false,
    resumesAt: null,
    remainingMs: 3 * HOUR,
    touched: false,
    owner: { id: 'u-ana', name: 'Ana Silva' },
    recordUrl: null,
    ...overrides,
  };
}

describe('the countdown in business time', () => {
  const fetchedAt = Date.parse('2026-11-23T10:00:00Z');

  it('counts down from the server’s figure while the clock runs', () => {
    expect(remainingAt(queued(), fetchedAt, fetchedAt + 90_000)).toBe(3 * HOUR - 90_000);
  });

  it('stands still while paused (outside the owner’s working hours) and once the SLA is met', () => {
    expect(remainingAt(queued({ paused: true }), fetchedAt, fetchedAt + HOUR)).toBe(3 * HOUR);
    expect(remainingAt(queued({ state: 'met', remainingMs: HOUR }), fetchedAt, fetchedAt + 2 * HOUR)).toBe(HOUR);
  });

  it('keeps counting past the deadline, and turns an on-track handover breached when its time runs out', () => {
    const item = queued({ remainingMs: 30_000 });
    const left = remainingAt(item, fetchedAt, fetchedAt + 90_000);
    expect(left).toBe(-60_000);
    expect(liveState(item, left)).toBe('breached');
    expect(liveState(queued({ state: 'met' }), -1)).toBe('met');
  });

  it('reads as hours and minutes, then minutes and seconds in the last hour', () => {
    expect(formatCountdown(3 * HOUR + 5 * MIN + 59_000)).toBe('3 h 05 min');
    expect(formatCountdown(42 * MIN + 7_000)).toBe('42 min 07 s');
    expect(formatCountdown(-(12 * MIN))).toBe('12 min 00 s');
    expect(formatCountdown(26 * HOUR)).toBe('26 h 00 min');
  });
});

describe('the badge', () => {
  it('counts handovers in warning, breached, or due within the next business hour; red when any is breached', () => {
    const items = [
      queued({ handoverId: 'a', state: 'on_track', remainingMs: 3 * HOUR }),
      queued({ handoverId: 'b', state: 'on_track', remainingMs: 50 * MIN }),
      queued({ handoverId: 'c', state: 'warning', remainingMs: 2 * HOUR }),
    ];
    expect(badgeFor(items)).toEqual({ text: '2', color: BADGE_AMBER });
    expect(badgeFor([...items, queued({ handoverId: 'd', state: 'breached', remainingMs: -HOUR })])).toEqual({ text: '3', color: BADGE_RED });
  });

  it('is empty when nothing is urgent, ignores handovers already touched, and caps at 99+', () => {
    expect(badgeFor([queued(), queued({ state: 'met', remainingMs: 10 * MIN })]).text).toBe('');
    expect(badgeFor([]).text).toBe('');
    expect(badgeFor(Array.from({ length: 120 }, (_, i) => queued({ handoverId: `h${i}`, state: 'breached' }))).text).toBe('99+');
  });

  it('counts a paused handover due within the next business hour: the hour is business time', () => {
    expect(isUrgent(queued({ paused: true, remainingMs: 20 * MIN }))).toBe(true);
  });
});

describe('the queue list', () => {
  it('puts the soonest deadline first', () => {
    const items = [queued({ handoverId: 'late', deadline: '2026-11-24T09:00:00Z' }), queued({ handoverId: 'soon', deadline: '2026-11-23T11:00:00Z' })];
    expect(byDeadline(items).map((i) => i.handoverId)).toEqual(['soon', 'late']);
  });

  it('opens a lead only at an http(s) address the server sends, never a script', () => {
    const server = 'http://127.0.0.1:8787';
    expect(resolveRecordUrl(null, server)).toBeNull();
    expect(resolveRecordUrl('https://app.hubspot.com/contacts/1/record/0-1/2', server)).toBe('https://app.hubspot.com/contacts/1/record/0-1/2');
    expect(resolveRecordUrl('/demo/hubspot/51234', server)).toBe('http://127.0.0.1:8787/demo/hubspot/51234');
    expect(resolveRecordUrl('/demo/hubspot/51234', 'https://handshake.example.com/base/')).toBe('https://handshake.example.com/demo/hubspot/51234');
    expect(resolveRecordUrl('javascript:alert(1)', server)).toBeNull();
    expect(resolveRecordUrl('data:text/html,<script>alert(1)</script>', server)).toBeNull();
  });
});

describe('figures in words', () => {
  it('formats business durations in hours (never days), rates to one decimal (none when whole), and nothing as a dash', () => {
    expect(formatBusinessDuration(45 * MIN)).toBe('45 min');
    expect(formatBusinessDuration(2 * HOUR)).toBe('2 h');
    expect(formatBusinessDuration(50 * HOUR + 30 * MIN)).toBe('50 h 30 min');
    expect(formatBusinessDuration(null)).toBe('—');
    expect(formatRate(2 / 3)).toBe('66.7%');
    expect(formatRate(0.7)).toBe('70%');
    expect(formatRate(12 / 250)).toBe('4.8%');
    expect(formatRate(0)).toBe('0%');
    expect(formatRate(null)).toBe('—');
  });

  it('reads an instant in the time zone it is given (the SLA owner’s), to the minute; points whole or to one decimal', () => {
    // 08:00 UTC on Monday 23 November 2026: 9:00 in Paris, 17:00 in Tokyo.
    expect(formatWeekdayTime('2026-11-23T08:00:00Z', 'Europe/Paris')).toMatch(/^Mon 9:00\sAM$/);
    expect(formatDateTime('2026-11-23T08:00:00Z', 'Asia/Tokyo')).toMatch(/^Nov 23, 2026, 5:00\sPM$/);
    expect(formatDateTime('2026-11-23T08:00:00Z', 'Asia/Tokyo')).not.toBe(formatDateTime('2026-11-23T08:00:00Z', 'Europe/Paris'));
    expect(formatPoints(2)).toBe('2');
    expect(formatPoints(0.5)).toBe('0.5');
  });

  it('turns two inclusive dates into the server’s half-open range, in the browser’s time zone', () => {
    const range = rangeFromDates('2026-11-01', '2026-11-23');
    expect(range.from).toBe(new Date(2026, 10, 1).toISOString());
    expect(range.to).toBe(new Date(2026, 10, 24).toISOString());
    expect(rangeFromDates('', '')).toEqual({});
    expect(defaultDates(new Date(2026, 10, 23, 15, 0))).toEqual({ from: '2026-10-25', to: '2026-11-23' });
  });
});
