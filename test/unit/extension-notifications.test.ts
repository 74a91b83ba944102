import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TApi } from '../../extension/background/api';
import { createNotifications } from '../../extension/background/notifications';
import type { TSessionJob } from '../../extension/background/session';
import type { TNotification } from '../../extension/lib/types';

// The background's delivery of the server's notices as desktop notifications, over WXT's
// in-memory browser: a manager's nudge is shown like an SLA notice, with their name and words.

// WXT's storage reads the extension API from globalThis.chrome when it is first imported.
await vi.hoisted(async () => {
  (globalThis as { chrome?: unknown }).chrome = (await import('wxt/testing/fake-browser')).fakeBrowser;
});

const NUDGE: TNotification = {
  id: 'n-1',
  userId: 'rep-1',
  handoverId: 'h-1',
  kind: 'nudge',
  message: 'Mo Keller asks you to act on Hana Hot (due 2026-11-23T12:00:00.000Z): “Call her before the demo”',
  at: '2026-11-23T10:00:00.000Z',
  readAt: null,
  desktop: true,
};

function signedInRep(unread: TNotification[]) {
  const markedRead: string[][] = [];
  const api = {
    notifications: {
      mine: { query: () => Promise.resolve(unread) },
      markRead: { mutate: ({ ids }: { ids: string[] }) => (markedRead.push(ids), Promise.resolve(ids.length)) },
    },
  } as unknown as TApi;
  const session = { signedIn: () => Promise.resolve({ serverUrl: 'http://127.0.0.1:8787', user: { id: 'rep-1' }, api }) } as unknown as TSessionJob;
  return { session, markedRead };
}

describe('desktop notifications', () => {
  beforeEach(() => fakeBrowser.reset());

  it("shows a manager's nudge with their name and message, once, and marks it read", async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockResolvedValue(undefined);
    const { session, markedRead } = signedInRep([NUDGE]);
    const job = createNotifications({ session });
    await job.deliver();
    await job.deliver();
    expect(create.mock.calls).toEqual([
      [
        'handshake:n-1',
        expect.objectContaining({ type: 'basic', title: 'Handshake: your manager asks you to act', message: NUDGE.message, priority: 2 }),
      ],
    ]);
    expect(markedRead).toEqual([['n-1'], ['n-1']]);
  });

  it('shows none of the kinds the person chose not to see on the desktop, and still marks them read', async () => {
    const create = vi.spyOn(fakeBrowser.notifications, 'create').mockResolvedValue(undefined);
    create.mockClear();
    const { session, markedRead } = signedInRep([{ ...NUDGE, desktop: false }]);
    await createNotifications({ session }).deliver();
    expect(create).not.toHaveBeenCalled();
    expect(markedRead).toEqual([['n-1']]);
  });
});
