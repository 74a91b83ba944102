import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { handleTabMessages } from '../../extension/lib/messaging';

// The background's messages to the sidebar in a tab (the keyboard shortcut) go through the
// typed protocol: only from this extension, only kinds the tab answers, answered as a result.

describe('messages from the background to a tab', () => {
  it('answers a known kind from this extension with a result, ignores the rest, and stops when told', async () => {
    fakeBrowser.reset();
    const toggleSidebar = vi.fn(() => Promise.resolve(null));
    const stop = handleTabMessages({ toggleSidebar });
    const send = async (message: unknown, sender: { id?: string }) => {
      const replies: unknown[] = [];
      const [answered] = (await fakeBrowser.runtime.onMessage.trigger(message, sender, (reply: unknown) => replies.push(reply))) as unknown[];
      await vi.waitFor(() => expect(replies.length).toBe(answered ? 1 : 0));
      return { answered, replies };
    };

    expect(await send({ kind: 'toggleSidebar', input: null }, { id: fakeBrowser.runtime.id })).toEqual({ answered: true, replies: [{ ok: true, value: null }] });
    expect(await send({ kind: 'toggleSidebar' }, { id: 'another-extension' })).toEqual({ answered: false, replies: [] });
    expect(await send({ kind: 'getSession', input: null }, { id: fakeBrowser.runtime.id })).toEqual({ answered: false, replies: [] });
    expect(toggleSidebar).toHaveBeenCalledTimes(1);

    stop();
    expect(fakeBrowser.runtime.onMessage.hasListeners()).toBe(false);
  });
});
