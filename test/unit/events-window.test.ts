import { describe, expect, it } from 'vitest';
import type { TEvent } from '../../shared/schemas';
import { eventsInWindow } from '../../shared/scoring/events';

// The events each criterion reads: those in the window ending at `at`, oldest first.

const at = new Date('2026-11-20T12:00:00Z');
const event = (id: string, iso: string): TEvent => ({ id, email: 'lead@example.com', type: 'page_view', at: iso, properties: {} });
const ids = (events: TEvent[]) => events.map((e) => e.id);

describe('eventsInWindow', () => {
  it('keeps events after the window start and up to `at` itself', () => {
    const events = [
      event('at-start', '2026-11-19T12:00:00Z'),
      event('inside', '2026-11-19T12:00:00.001Z'),
      event('at-end', '2026-11-20T12:00:00Z'),
      event('after', '2026-11-20T12:00:00.001Z'),
    ];
    expect(ids(eventsInWindow(events, at, 1))).toEqual(['inside', 'at-end']);
  });

  it('returns events given in time order as they are', () => {
    const events = [event('a', '2026-11-18T08:00:00Z'), event('b', '2026-11-18T08:00:00Z'), event('c', '2026-11-19T09:00:00+02:00')];
    expect(ids(eventsInWindow(events, at, 30))).toEqual(['a', 'b', 'c']);
  });

  it('orders events given out of order by instant (offsets read), ties keeping the order given', () => {
    const events = [
      event('late', '2026-11-19T10:00:00Z'),
      event('tie-1', '2026-11-18T10:00:00Z'),
      event('early', '2026-11-17T10:00:00Z'),
      event('tie-2', '2026-11-18T12:00:00+02:00'),
    ];
    expect(ids(eventsInWindow(events, at, 30))).toEqual(['early', 'tie-1', 'tie-2', 'late']);
  });
});
