import { cleanup, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { QueueRow } from '../../extension/components/QueueRow';
import type { TQueueItem } from '../../extension/lib/types';

// The popup's rows (the rep's queue, the manager's at-risk list) read long durations in days:
// "10 days overdue", not "Overdue by 239 h 45 min"; the last hours keep their running figure.

const HOUR = 3_600_000;
const NOW = Date.parse('2026-11-23T10:00:00Z');

function row(remainingMs: number, state: TQueueItem['state']) {
  const item: TQueueItem = {
    handoverId: 'h-1',
    leadId: 'l-1',
    email: 'dana.whitfield@bigco.com',
    name: 'Dana Whitfield',
    title: 'CFO',
    company: 'BigCo',
    stage: 'sql',
    intent: 'high',
    tier: 'high',
    startedAt: new Date(NOW - 300 * HOUR).toISOString(),
    deadline: new Date(NOW + remainingMs).toISOString(),
    state,
    paused: true,
    resumesAt: null,
    remainingMs,
    touched: false,
    owner: { id: 'u-ines', name: 'Inès Moreau' },
    recordUrl: null,
  };
  cleanup();
  render(
    <ol>
      <QueueRow item={item} fetchedAt={NOW} now={NOW} />
    </ol>,
  );
  return screen.getByRole('listitem').querySelector('.countdown')!.textContent;
}

describe('durations in a queue row', () => {
  it('reads a long overdue in days', () => {
    expect(row(-(239 * HOUR + 45 * 60_000), 'breached')).toMatch(/^10 days overdue/);
  });
  it('reads a long time left in days and hours', () => {
    expect(row(30 * HOUR, 'on_track')).toMatch(/^1 day 6 h left/);
  });
  it('keeps the running figure within a day', () => {
    expect(row(-(3 * HOUR + 5 * 60_000), 'breached')).toMatch(/^Overdue by 3 h 05 min/);
    expect(row(45 * 60_000, 'warning')).toMatch(/^45 min 00 s left/);
  });
});
