import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createApi, ExtensionError, toApiError, type TApi } from '../lib/api';
import { enqueue, nextToSend, settle } from '../lib/pending';
import type { TPendingAction, TProtocol, TRequest, TRequestKind, TResult } from '../lib/protocol';
import { pendingItem, serverUrlItem, tokenItem, userItem } from '../lib/store';

// The background service worker: the extension's only network client and the only holder
// of the token. Content scripts, the popup and the options page ask it through the typed
// protocol in lib/protocol.ts.

const SYNC_ALARM = 'handshake-sync';

async function api(): Promise<TApi> {
  const [serverUrl, token] = await Promise.all([serverUrlItem.getValue(), tokenItem.getValue()]);
  if (!token) throw new ExtensionError('UNAUTHORIZED', 'Not signed in: open the Handshake options and connect.');
  return createApi(serverUrl, token);
}

function send(client: TApi, action: TPendingAction) {
  switch (action.kind) {
    case 'accept':
      return client.decision.accept.mutate({ leadId: action.leadId, idempotencyKey: action.idempotencyKey, note: action.note });
    case 'reject':
      return client.decision.reject.mutate({ leadId: action.leadId, idempotencyKey: action.idempotencyKey, reason: action.reason, note: action.note });
    case 'touch':
      return client.touch.log.mutate({ leadId: action.leadId, channel: action.channel, idempotencyKey: action.idempotencyKey, at: action.at });
  }
}

let flushing: Promise<void> = Promise.resolve();

/** Delivers the queued actions in order, each exactly once (the server dedupes by idempotency key). */
function flushPending(): Promise<void> {
  flushing = flushing.then(async () => {
    for (;;) {
      const item = nextToSend(await pendingItem.getValue());
      if (!item) return;
      let outcome: { ok: true } | { ok: false; error: ReturnType<typeof toApiError> };
      try {
        await send(await api(), item.action);
        outcome = { ok: true };
      } catch (error) {
        outcome = { ok: false, error: toApiError(error) };
      }
      await pendingItem.setValue(settle(await pendingItem.getValue(), item.action.idempotencyKey, outcome));
      if (!outcome.ok) {
        const stillQueued = nextToSend(await pendingItem.getValue())?.action.idempotencyKey === item.action.idempotencyKey;
        if (stillQueued) return; // unreachable or busy: try again at the next alarm
      }
    }
  });
  return flushing;
}

const NOTICE_TITLES = { sla_warning: 'SLA warning', sla_breach: 'SLA breached', reassigned: 'A lead was reassigned to you' } as const;

/** Shows the server's unread SLA notices (warning, breach, reassignment) once each, then marks them read. */
async function showNotices(): Promise<number> {
  const client = await api().catch(() => null);
  const unread = client ? await client.notifications.mine.query({ unreadOnly: true, limit: 20 }).catch(() => []) : [];
  if (!client || unread.length === 0) return 0;
  for (const notice of unread) {
    await browser.notifications.create(notice.id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title: NOTICE_TITLES[notice.kind], message: notice.message });
  }
  await client.notifications.markRead.mutate({ ids: unread.map((notice) => notice.id) });
  return unread.length;
}

/** Everything the minute alarm does: deliver what waits, refresh the badge, show new notices. */
async function sync(): Promise<{ notices: number }> {
  await flushPending();
  await refreshBadge();
  return { notices: await showNotices() };
}

async function refreshBadge(): Promise<void> {
  const client = await api().catch(() => null);
  if (!client) return browser.action.setBadgeText({ text: '' });
  const queue = await client.queue.mine.query().catch(() => null);
  if (!queue) return;
  const urgent = queue.filter((item) => item.state === 'warning' || item.state === 'breached');
  await browser.action.setBadgeText({ text: urgent.length ? String(urgent.length) : '' });
  await browser.action.setBadgeBackgroundColor({ color: queue.some((item) => item.state === 'breached') ? '#c62828' : '#ef8f00' });
}

const handlers: { [K in TRequestKind]: (input: TProtocol[K]['input']) => Promise<TProtocol[K]['output']> } = {
  async session() {
    const [serverUrl, user] = await Promise.all([serverUrlItem.getValue(), userItem.getValue()]);
    return user ? { serverUrl, user } : null;
  },
  async signIn({ serverUrl, token }) {
    const url = new URL(serverUrl).origin;
    const user = await createApi(url, token.trim()).me.query();
    await Promise.all([serverUrlItem.setValue(url), tokenItem.setValue(token.trim()), userItem.setValue(user)]);
    void refreshBadge();
    return { serverUrl: url, user };
  },
  async signOut() {
    await Promise.all([tokenItem.setValue(null), userItem.setValue(null)]);
    await browser.action.setBadgeText({ text: '' });
    return null;
  },
  async packet(ref) {
    const client = await api();
    if (ref.crm && ref.recordId) {
      try {
        return await client.packet.get.query({ crm: ref.crm, recordId: ref.recordId });
      } catch (error) {
        if (!ref.email || toApiError(error).code !== 'NOT_FOUND') throw error;
      }
    }
    if (!ref.email) throw new ExtensionError('NOT_FOUND', 'No lead on this page.');
    return client.packet.get.query({ email: ref.email });
  },
  async act(action) {
    await pendingItem.setValue(enqueue(await pendingItem.getValue(), action));
    await flushPending();
    const left = await pendingItem.getValue();
    const mine = left.find((item) => item.action.idempotencyKey === action.idempotencyKey);
    if (mine?.failed) throw new ExtensionError(mine.failed.code, mine.failed.message, mine.failed.field);
    return { delivered: !mine };
  },
  async pending({ leadId }) {
    await flushPending();
    const queue = await pendingItem.getValue();
    return leadId ? queue.filter((item) => item.action.leadId === leadId) : queue;
  },
  sync,
  async queue() {
    return (await api()).queue.mine.query();
  },
  async repStats(range) {
    return (await api()).stats.reps.query(range);
  },
  async funnel(range) {
    return (await api()).stats.funnel.query({ ...range, groupBy: 'source' });
  },
};

async function handle(request: TRequest): Promise<TResult<unknown>> {
  try {
    const handler = handlers[request.kind] as (input: unknown) => Promise<unknown>;
    return { ok: true, value: await handler(request.input) };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

export default defineBackground(() => {
  browser.runtime.onMessage.addListener((message: unknown, sender, sendResponse) => {
    // Only the extension's own pages and content scripts may ask.
    if (sender.id !== browser.runtime.id) return false;
    const request = message as TRequest;
    if (!request || typeof request !== 'object' || !(request.kind in handlers)) return false;
    void handle(request).then(sendResponse);
    return true; // the answer comes asynchronously
  });
  void browser.alarms.create(SYNC_ALARM, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM) void sync();
  });
});
