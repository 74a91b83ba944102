import { describe, expect, it } from 'vitest';
import { eventsFromJson } from '../../server/domain/lead-record';

describe('eventsFromJson (a lead’s events read as one JSON array)', () => {
  it('orders the events by instant, then as stored, whatever order SQL aggregated them in', () => {
    const list = JSON.stringify([
      [7, 'late', 'pricing_view', '2026-11-20T10:00:00.000Z', {}],
      [9, 'tie-stored-last', 'email_click', '2026-11-19T10:00:00.000Z', { asset: 'Newsletter' }],
      [3, 'tie-stored-first', 'page_view', '2026-11-19T10:00:00.000Z', { url: '/pricing' }],
      [12, 'early', 'demo_request', '2026-11-01T08:30:00.000Z', { nested: { a: [1, 2] } }],
    ]);
    expect(eventsFromJson(list)).toEqual([
      { id: 'early', type: 'demo_request', at: '2026-11-01T08:30:00.000Z', properties: { nested: { a: [1, 2] } } },
      { id: 'tie-stored-first', type: 'page_view', at: '2026-11-19T10:00:00.000Z', properties: { url: '/pricing' } },
      { id: 'tie-stored-last', type: 'email_click', at: '2026-11-19T10:00:00.000Z', properties: { asset: 'Newsletter' } },
      { id: 'late', type: 'pricing_view', at: '2026-11-20T10:00:00.000Z', properties: {} },
    ]);
  });

  it('reads an empty list as no events', () => {
    expect(eventsFromJson('[]')).toEqual([]);
  });
});
