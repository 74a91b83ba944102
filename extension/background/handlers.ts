import { browser } from 'wxt/browser';
import type { THandlers } from '../lib/messaging';
import { SIDEBAR_UI_SCRIPT } from '../lib/sidebar-ui';
import { ExtensionError } from './api';
import type { TOutboxRunner } from './outbox-runner';
import { getPacket } from './packets';
import type { TNotificationsJob } from './notifications';
import type { TQueueJob } from './queue';
import type { TSessionJob, TSignedIn } from './session';
import type { TTickJob } from './tick';

// The answer to each message of the protocol (lib/messaging.ts): each handler hands the
// work to the job that owns it.

export interface TJobs {
  session: TSessionJob;
  outbox: TOutboxRunner;
  queue: TQueueJob;
  notifications: TNotificationsJob;
  ticks: TTickJob;
}

export function createHandlers({ session, outbox, queue, notifications, ticks }: TJobs): THandlers {
  /** A call to the server; when it succeeds, whatever waits in the outbox is sent too. */
  async function call<T>(run: (signedIn: TSignedIn) => Promise<T>): Promise<T> {
    const signedIn = await session.signedIn();
    const value = await run(signedIn);
    await outbox.flushIfWaiting(signedIn.user.id);
    return value;
  }
  /** A call only a manager or an admin may make: a rep's is refused here, before the token leaves the background. */
  function managerCall<T>(run: (signedIn: TSignedIn) => Promise<T>): Promise<T> {
    return call(async (signedIn) => {
      if (signedIn.user.role === 'rep') throw new ExtensionError('FORBIDDEN', 'Only a manager or an admin may see routing.');
      return run(signedIn);
    });
  }
  const withAt = (at: string | undefined) => at ?? new Date().toISOString();

  return {
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

    getPacket: (ref) => call((signedIn) => getPacket(signedIn, ref)),

    accept: (input) => outbox.submit({ kind: 'accept', leadId: input.leadId, idempotencyKey: input.idempotencyKey, note: input.note }, input),
    reject: (input) => outbox.submit({ kind: 'reject', leadId: input.leadId, idempotencyKey: input.idempotencyKey, reason: input.reason, note: input.note }, input),
    logTouch: (input) =>
      outbox.submit({ kind: 'logTouch', leadId: input.leadId, idempotencyKey: input.idempotencyKey, channel: input.channel, at: withAt(input.at) }, input),
    assign: (input) => outbox.submit({ kind: 'assign', leadId: input.leadId, idempotencyKey: input.idempotencyKey, repId: input.repId }, input),
    claim: (input) => outbox.submit({ kind: 'claim', leadId: input.leadId, idempotencyKey: input.idempotencyKey }, input),
    undo: async ({ idempotencyKey }) => ({ undone: await outbox.undo(idempotencyKey) }),
    settled: ({ idempotencyKey }) => outbox.settled(idempotencyKey),
    getTeamReps: () => call(({ api }) => api.team.reps.query()),

    getQueue: () => queue.mine(),
    getTeamQueue: () => queue.team(),
    getRepStats: (range) => call(({ api }) => api.stats.reps.query(range)),
    getFunnel: (input) => call(({ api }) => api.stats.funnel.query(input)),
    getOutcomes: (input) => call(({ api }) => api.stats.outcomes.query(input)),
    getFirstTouch: (input) => call(({ api }) => api.stats.firstTouch.query(input)),
    getTrends: (input) => call(({ api }) => api.stats.trends.query(input)),
    getWeeklyReport: (input) => call(({ api }) => api.stats.weeklyReport.query(input)),
    getRepHandovers: (input) => call(({ api }) => api.team.handovers.query(input)),
    getSourceLeads: (input) => call(({ api }) => api.team.leads.query(input)),
    reassign: (input) => call(({ api }) => api.handover.reassign.mutate(input)),
    nudge: (input) => call(({ api }) => api.handover.nudge.mutate(input)),
    getCharter: () => call(({ api }) => api.charter.current.query()),
    getCharterVersions: () => call(({ api }) => api.charter.versions.query()),
    proposeCharter: (input) => call(({ api }) => api.charter.propose.mutate(input)),
    signOffCharter: (input) => call(({ api }) => api.charter.signOff.mutate(input)),
    backtestCharter: (input) => call(({ api }) => api.charter.backtest.mutate(input)),
    getCharterSuggestions: (input) => managerCall(({ api }) => api.charter.suggestions.query(input)),
    getReviewQueue: () => managerCall(({ api }) => api.review.queue.query()),
    sendFromReview: (input) => managerCall(({ api }) => api.review.send.mutate(input)),
    dismissFromReview: (input) => managerCall(({ api }) => api.review.dismiss.mutate(input)),
    getDiagnostic: () => call(({ api }) => api.charter.diagnostic.query()),
    getRoutingShares: () => managerCall(({ api }) => api.stats.routing.query()),
    previewRouting: (input) => managerCall(({ api }) => api.routing.preview.mutate(input)),

    getPeople: () => call(({ api }) => api.people.list.query()),
    updatePerson: (input) => call(({ api }) => api.people.update.mutate(input)),
    getMyAlerts: () => call(({ api }) => api.people.myAlerts.query()),
    setPersonAlerts: (input) => call(({ api }) => api.people.setAlerts.mutate(input)),
    addPerson: (input) => call(({ api }) => api.people.add.mutate(input)),
    issueToken: (input) => call(({ api }) => api.people.issueToken.mutate(input)),
    revokeTokens: (input) => call(({ api }) => api.people.revokeTokens.mutate(input)),
    getIngestKeys: () => call(({ api }) => api.keys.list.query()),
    addIngestKey: (input) => call(({ api }) => api.keys.add.mutate(input)),
    revokeIngestKey: (input) => call(({ api }) => api.keys.revoke.mutate(input)),
    getCrmConnections: () => call(({ api }) => api.connections.status.query()),

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

    async loadSidebarUi(_input, sender) {
      if (sender.tabId === null) throw new Error('Only the sidebar in a page asks for its script.');
      // Into the page's top frame, where the sidebar's content script runs; only where the extension may script the page.
      await browser.scripting.executeScript({ target: { tabId: sender.tabId }, files: [SIDEBAR_UI_SCRIPT] });
      return null;
    },
  };
}
