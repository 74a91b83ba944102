import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { ExtensionError, toApiError, type TApi } from '../background/api';
import { listenForCommands } from '../background/commands';
import { createCustomSites } from '../background/custom-sites';
import { createNotifications } from '../background/notifications';
import { createOutboxRunner } from '../background/outbox-runner';
import { forgetTokenInStorageLocal } from '../background/secret';
import { createQueue } from '../background/queue';
import { createSession, type TSignedIn } from '../background/session';
import { createTick } from '../background/tick';
import { handleMessages, type THandlers } from '../lib/messaging';
import { resolveRecordUrl } from '../lib/queue-view';
import type { TLeadRef, TPacket } from '../lib/types';

// The background service worker: the extension's only network client and the only holder
// of the token. Pages and content scripts ask it through lib/messaging.ts. Every decision
// and touch goes through the outbox (lib/outbox.ts): delivered at once when the server
// answers; otherwise kept, and retried every minute and after any successful call.

const session = createSession();
const outbox = createOutboxRunner({ session });
const signedIn = () => session.signedIn();

/** A call to the server; when it succeeds, whatever waits in the outbox is sent too. */
async function call<T>(run: (api: TApi, signedIn: TSignedIn) => Promise<T>): Promise<T> {
  const current = await signedIn();
  const value = await run(current.api, current);
  await outbox.flushIfWaiting(current.user.id);
  return value;
}

const queue = createQueue({ session, outbox });
const notifications = createNotifications({ session });
const ticks = createTick({ session, outbox, queue, notifications });

// ---------------------------------------------------------------------------------------
// Packets

/** By the CRM record the page names, falling back to its e-mail when the record is unknown; else by e-mail. */
async function findPacket(api: TApi, ref: TLeadRef): Promise<TPacket> {
  if (ref.crm && ref.recordId) {
    try {
      return await api.packet.get.query({ crm: ref.crm, recordId: ref.recordId });
    } catch (error) {
      if (!ref.email || toApiError(error).code !== 'NOT_FOUND') throw error;
    }
  }
  if (!ref.email) throw new ExtensionError('NOT_FOUND', 'No lead on this page.');
  return api.packet.get.query({ email: ref.email });
}

// ---------------------------------------------------------------------------------------
// Messages

const withAt = (at: string | undefined) => at ?? new Date().toISOString();

const handlers: THandlers = {
  getSession: () => session.current(),

  async signIn(input) {
    const { session: signedInAs, userChanged } = await session.signIn(input);
    if (userChanged) await Promise.all([queue.forget(), notifications.forget()]);
    void ticks.tick();
    return signedInAs;
  },

  async signOut() {
    // The outbox stays: its items are delivered when the same user signs in again.
    await Promise.all([session.signOut(), queue.forget()]);
    await queue.clearBadge();
    return null;
  },

  getPacket: (ref) =>
    call(async (api, { serverUrl }) => {
      const packet = await findPacket(api, ref);
      return { ...packet, lead: { ...packet.lead, recordUrl: resolveRecordUrl(packet.lead.recordUrl, serverUrl) } };
    }),

  accept: (input) => outbox.submit({ kind: 'accept', leadId: input.leadId, idempotencyKey: input.idempotencyKey, note: input.note }, input),
  reject: (input) => outbox.submit({ kind: 'reject', leadId: input.leadId, idempotencyKey: input.idempotencyKey, reason: input.reason, note: input.note }, input),
  logTouch: (input) =>
    outbox.submit({ kind: 'logTouch', leadId: input.leadId, idempotencyKey: input.idempotencyKey, channel: input.channel, at: withAt(input.at) }, input),

  getQueue: () => queue.mine(),
  getTeamQueue: () => queue.team(),
  getRepStats: (range) => call((api) => api.stats.reps.query(range)),
  getFunnel: (input) => call((api) => api.stats.funnel.query(input)),

  async getPending({ leadId }) {
    const items = await outbox.read();
    return leadId ? items.filter((item) => item.action.leadId === leadId) : items;
  },

  async syncNow() {
    await ticks.tick();
    return outbox.read();
  },

  dismissPending: ({ idempotencyKey }) => outbox.dismiss(idempotencyKey),

  async openOptions() {
    await browser.runtime.openOptionsPage();
    return null;
  },
};

export default defineBackground(() => {
  void forgetTokenInStorageLocal();
  handleMessages(handlers, { toError: toApiError });
  ticks.listen();
  createCustomSites().listen();
  notifications.listen();
  listenForCommands();
});
