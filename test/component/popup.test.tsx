import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { Popup } from '../../extension/popup/Popup';
import type { TOutboxItem, TQueueItem, TQueueSnapshot, TSession } from '../../extension/lib/types';
import { fakeBackground, testQueryClient } from './background';

// The popup of a rep: the queue soonest-deadline first, each row opening its record, what
// waits to sync and what the server refused. The manager's figures are checked against a
// real server in the e2e suite.

const HOUR = 3_600_000;
const REP: TSession = {
  serverUrl: 'http://127.0.0.1:8787',
  user: { id: 'u-ines', name: 'Inès Moreau', email: 'ines.moreau@example.com', role: 'rep', timeZone: 'Europe/Paris' } as TSession['user'],
};

function item(name: string, over: Partial<TQueueItem>): TQueueItem {
  return {
    handoverId: `h-${name}`,
    leadId: `l-${name}`,
    email: `${name.toLowerCase().replace(' ', '.')}@example.com`,
    name,
    title: 'CFO',
    company: 'BigCo',
    stage: 'sql',
    intent: 'high',
    tier: 'high',
    startedAt: new Date(Date.now() - HOUR).toISOString(),
    deadline: new Date(Date.now() + 3 * HOUR).toISOString(),
    state: 'on_track',
    paused: false,
    resumesAt: null,
    remainingMs: 3 * HOUR,
    touched: false,
    owner: { id: 'u-ines', name: 'Inès Moreau' },
    recordUrl: null,
    ...over,
  };
}

const QUEUE: TQueueSnapshot = {
  fetchedAt: new Date().toISOString(),
  stale: null,
  items: [
    item('Dana Whitfield', { state: 'breached', remainingMs: -30 * 60_000, recordUrl: 'http://127.0.0.1:8787/demo/pipedrive/780' }),
    item('Camille Durand', { state: 'warning', remainingMs: 45 * 60_000, paused: true }),
  ],
};

function renderPopup() {
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={testQueryClient()}>
      <Popup />
    </QueryClientProvider>,
  );
  return user;
}

describe('the popup', () => {
  it('offers to connect before anyone signs in', async () => {
    fakeBackground({ getSession: () => Promise.resolve(null) }, 'extensionPage');
    const openOptions = vi.spyOn(fakeBrowser.runtime, 'openOptionsPage').mockResolvedValue(undefined);
    const user = renderPopup();
    await user.click(await screen.findByRole('button', { name: 'Open the options to connect' }));
    expect(openOptions).toHaveBeenCalledOnce();
  });

  it('lists a rep’s open handovers with their state in words, and opens a record in a new tab', async () => {
    fakeBackground(
      { getSession: () => Promise.resolve(REP), getQueue: () => Promise.resolve(QUEUE), getPending: () => Promise.resolve([]), syncNow: () => Promise.resolve([]) },
      'extensionPage',
    );
    const create = vi.spyOn(fakeBrowser.tabs, 'create').mockResolvedValue({} as never);
    const user = renderPopup();
    const list = await screen.findByRole('list', { name: 'Open handovers, soonest deadline first' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((row) => [row.querySelector('.lead')!.textContent, row.querySelector('.pill')!.textContent])).toEqual([
      ['Dana Whitfield', 'Breached'],
      ['Camille Durand', 'Warning'],
    ]);
    expect(within(rows[0]!).getByText(/^Overdue by 3\d min \d\d s$/)).toBeTruthy();
    expect(within(rows[1]!).getByText('· paused outside working hours')).toBeTruthy();
    // A row opens its record when the server says where it is; otherwise it is plain text.
    expect(within(rows[1]!).queryByRole('button', { name: 'Camille Durand' })).toBeNull();
    await user.click(within(rows[0]!).getByRole('button', { name: 'Dana Whitfield' }));
    expect(create).toHaveBeenCalledWith({ url: 'http://127.0.0.1:8787/demo/pipedrive/780' });
  });

  it('says when the list is the last one known, what waits to sync, and what the server refused', async () => {
    const waiting: TOutboxItem = {
      action: { kind: 'accept', leadId: 'l-Camille Durand', idempotencyKey: 'k-waiting-0001' },
      userId: 'u-ines',
      createdAt: new Date().toISOString(),
      attempts: 2,
      waiting: { code: 'OFFLINE', message: 'fetch failed', field: null },
      failed: null,
    };
    const refused: TOutboxItem = {
      action: { kind: 'reject', leadId: 'l-Dana Whitfield', idempotencyKey: 'k-refused-0001', reason: 'no_budget' },
      leadName: 'Dana Whitfield',
      userId: 'u-ines',
      createdAt: new Date().toISOString(),
      attempts: 1,
      waiting: null,
      failed: { code: 'CONFLICT', message: 'this handover was already decided', field: null },
    };
    const background = fakeBackground(
      {
        getSession: () => Promise.resolve(REP),
        getQueue: () => Promise.resolve({ ...QUEUE, fetchedAt: '2026-11-23T09:05:00Z', stale: { code: 'OFFLINE', message: 'fetch failed', field: null } }),
        getPending: () => Promise.resolve([waiting, refused]),
        syncNow: () => Promise.resolve([waiting, refused]),
        dismissPending: () => Promise.resolve([waiting]),
      },
      'extensionPage',
    );
    const user = renderPopup();
    expect(await screen.findByText(/^Offline · as of /)).toBeTruthy();
    expect(await screen.findByText('1 action waiting to sync. They are sent once, as soon as the server answers.')).toBeTruthy();
    const camille = within(screen.getByRole('list', { name: 'Open handovers, soonest deadline first' })).getAllByRole('listitem')[1]!;
    expect(within(camille).getByText('Waiting to sync 1: Accept')).toBeTruthy();
    const refusal = screen.getByText(/was not delivered/).closest('li')!;
    expect(refusal.textContent).toContain('Reject for Dana Whitfield was not delivered: Someone else got there first: This handover was already decided.');
    await user.click(within(refusal).getByRole('button', { name: 'Dismiss' }));
    expect(background.of('dismissPending')).toEqual([{ idempotencyKey: 'k-refused-0001' }]);
  });
});
