import { browser, type Browser } from 'wxt/browser';
import type {
  TAcceptInput,
  TCharter,
  TCharterBacktest,
  TCharterBacktestInput,
  TCharterSuggestions,
  TCharterSuggestionsInput,
  TReviewDismissInput,
  TReviewDismissResult,
  TReviewQueue,
  TReviewSendInput,
  TReviewSendResult,
  TCharterProposeInput,
  TCharterProposeResult,
  TCharterSignOffInput,
  TCharterSignOffResult,
  TCharterVersions,
  TDiagnostic,
  TActionContext,
  TAssignInput,
  TClaimInput,
  TActionOutcome,
  TApiError,
  TAddedPerson,
  TCrmConnectionStatus,
  TFunnel,
  TFunnelGroupBy,
  TIngestKey,
  TNewPerson,
  TPerson,
  TMyAlerts,
  TPersonAlerts,
  TPersonChanges,
  TNudgeInput,
  TNudgeResult,
  TReassignInput,
  TReassignResult,
  TRepHandovers,
  TRepHandoversInput,
  TSourceLeads,
  TSourceLeadsInput,
  TOutcomes,
  TOutcomesInput,
  TFirstTouch,
  TTrends,
  TTrendsInput,
  TWeeklyReport,
  TWeeklyReportInput,
  TLeadRef,
  TOutboxItem,
  TPacket,
  TQueueSnapshot,
  TRejectInput,
  TRepStats,
  TResult,
  TRoutingPreview,
  TRoutingPreviewInput,
  TRoutingShares,
  TSession,
  TStatsRange,
  TTeamRep,
  TTouchInput,
} from './types';

// What the popup, the options page and content scripts may ask the background service
// worker: the only part of the extension that talks to the server and holds the token.
//
// One map, one signature per message (the same shape as @webext-core/messaging's
// ProtocolMap, so moving to that library is a change of this file only). Every answer is a
// TResult: failures cross the boundary as `{ ok: false, error: { code, message, field } }`
// values, never as thrown exceptions, and the UI puts them in words (ui/errors.ts).

export interface ProtocolMap {
  /** The signed-in user and server; never the token. */
  getSession(): TSession | null;
  /** Checks the token with the server's `me` and keeps it. Extension pages only. */
  signIn(input: { serverUrl: string; token: string }): TSession;
  /** Forgets the token and the cached queue; keeps what is waiting to sync. Extension pages only. */
  signOut(): null;
  /** The handover packet: by CRM record first (falling back to the e-mail when the record is unknown), else by e-mail. */
  getPacket(input: TLeadRef): TPacket;
  /** Queued in the outbox, then delivered at once if the server answers: see TActionOutcome. */
  accept(input: TAcceptInput & TActionContext): TActionOutcome;
  reject(input: TRejectInput & TActionContext): TActionOutcome;
  logTouch(input: TTouchInput & TActionContext): TActionOutcome;
  /** An MQL handed over by hand: a manager to a rep of theirs, a rep to themselves when the charter allows. */
  assign(input: TAssignInput & TActionContext): TActionOutcome;
  claim(input: TClaimInput & TActionContext): TActionOutcome;
  /** Takes back the rep's own decision while it is held (see TActionContext.undoable): true when nothing was sent. */
  undo(input: { idempotencyKey: string }): { undone: boolean };
  /** Answers once a held decision's window has closed and it was sent (or not): what became of it. */
  settled(input: { idempotencyKey: string }): TActionOutcome | { status: 'undone' };
  /** Whom a manager may hand a lead to (themselves and their reps). */
  getTeamReps(): TTeamRep[];
  /** The signed-in user's open handovers, soonest deadline first; the last known list when the server is unreachable. */
  getQueue(): TQueueSnapshot;
  /** A manager's team's open handovers, soonest deadline first (the overdue on top). */
  getTeamQueue(): TQueueSnapshot;
  getRepStats(input: TStatsRange): TRepStats;
  getFunnel(input: TStatsRange & { groupBy: TFunnelGroupBy }): TFunnel;
  /** The dashboard's MQL outcomes (SQL within 30 / 60 days, untouched for 7 days, won, revenue, the rejected's fate) and conversion by first-touch delay. */
  getOutcomes(input: TOutcomesInput): TOutcomes;
  getFirstTouch(input: TStatsRange): TFirstTouch;
  /** The dashboard's weekly series (team and per rep) and the weekly sync report. */
  getTrends(input: TTrendsInput): TTrends;
  getWeeklyReport(input: TWeeklyReportInput): TWeeklyReport;
  /** The dashboard's drill-downs: a rep's handovers in a range, a source's or campaign's leads. */
  getRepHandovers(input: TRepHandoversInput): TRepHandovers;
  getSourceLeads(input: TSourceLeadsInput): TSourceLeads;
  /** A manager moves an open handover to another rep, or asks its holder to act; idempotent by the key made at the click. Extension pages only. */
  reassign(input: TReassignInput): TReassignResult;
  nudge(input: TNudgeInput): TNudgeResult;
  /** The charter studio: the charter in force and every version with its sign-offs; a proposal and a sign-off (extension pages only); a draft's backtest. */
  getCharter(): TCharter;
  getCharterVersions(): TCharterVersions;
  proposeCharter(input: TCharterProposeInput): TCharterProposeResult;
  signOffCharter(input: TCharterSignOffInput): TCharterSignOffResult;
  backtestCharter(input: TCharterBacktestInput): TCharterBacktest;
  /** The review queue for marginal leads; one sent to sales for a single attempt, or left out (extension pages only). */
  getReviewQueue(): TReviewQueue;
  sendFromReview(input: TReviewSendInput): TReviewSendResult;
  dismissFromReview(input: TReviewDismissInput): TReviewDismissResult;
  /** The changes a range's rejection reasons call for, each backtested (extension pages only). */
  getCharterSuggestions(input: TCharterSuggestionsInput): TCharterSuggestions;
  /** The four-question handoff diagnostic over the last 90 days, at the top of the studio. */
  getDiagnostic(): TDiagnostic;
  /** Managers' and admins' only, from their pages: each routing pool's leads dealt against the weights' shares (the dashboard); who a charter would route the range's leads to (the studio), nothing written. */
  getRoutingShares(): TRoutingShares;
  previewRouting(input: TRoutingPreviewInput): TRoutingPreview;
  /** The outbox as it stands: waiting and refused actions (for one lead, or all). */
  getPending(input: { leadId?: string }): TOutboxItem[];
  /** Delivers what is waiting now, refreshes the queue, the badge and the notifications; answers the outbox left. */
  syncNow(): TOutboxItem[];
  /** Removes a refused action from the outbox once the rep has read why. Extension pages only. */
  dismissPending(input: { idempotencyKey: string }): TOutboxItem[];
  /** The people page: the team (a manager) or everyone (an admin); an admin's changes, tokens and ingest keys. Changes: extension pages only. */
  getPeople(): TPerson[];
  updatePerson(input: TPersonChanges): TPerson;
  /** What a person gets by e-mail: the signed-in user's own, and setting it (anyone's for an admin; extension pages only). */
  getMyAlerts(): TMyAlerts;
  setPersonAlerts(input: TPersonAlerts): TPerson;
  addPerson(input: TNewPerson): TAddedPerson;
  issueToken(input: { email: string }): { token: string };
  revokeTokens(input: { email: string }): { revoked: number };
  getIngestKeys(): TIngestKey[];
  addIngestKey(input: { name: string }): { name: string; key: string };
  revokeIngestKey(input: { name: string }): { revoked: number };
  /** Each connected CRM's sync state, as `connect status` shows it (an admin's). */
  getCrmConnections(): TCrmConnectionStatus[];
  /** Opens the options page (a content script cannot itself): where a rep who is not signed in connects. */
  openOptions(): null;
  /** Runs the sidebar's UI script in the asking content script's tab (a custom site's page, which cannot import it). */
  loadSidebarUi(): null;
}

/** What the background may tell the sidebar in a tab (browser.tabs.sendMessage): the other direction, same wire format. */
export interface TabProtocolMap {
  /** The keyboard shortcut (wxt.config.ts) on this tab: into the sidebar from the page, or fold it and back out. */
  toggleSidebar(): null;
}

export type TMessageKind = keyof ProtocolMap;
export type TInputOf<K extends TMessageKind> = Parameters<ProtocolMap[K]> extends [infer I] ? I : null;
export type TOutputOf<K extends TMessageKind> = ReturnType<ProtocolMap[K]>;

export type TTabMessageKind = keyof TabProtocolMap;
export type TTabHandlers = {
  [K in TTabMessageKind]: (input: Parameters<TabProtocolMap[K]> extends [infer I] ? I : null) => Promise<ReturnType<TabProtocolMap[K]>>;
};

/** Messages that change who the extension talks to, as whom, or what it keeps, and the workspace pages' reads no content script needs: refused from content scripts. */
export const EXTENSION_PAGES_ONLY: ReadonlySet<TMessageKind> = new Set<TMessageKind>(['signIn', 'signOut', 'dismissPending', 'reassign', 'nudge', 'proposeCharter', 'signOffCharter', 'updatePerson', 'setPersonAlerts', 'addPerson', 'issueToken', 'revokeTokens', 'addIngestKey', 'revokeIngestKey', 'getRoutingShares', 'previewRouting', 'getCharterSuggestions', 'getReviewQueue', 'sendFromReview', 'dismissFromReview']);

/** The wire format: one plain object, structured-cloneable. */
export interface TRequest<K extends TMessageKind = TMessageKind> {
  kind: K;
  input: TInputOf<K>;
}

export const NO_BACKGROUND: TApiError = {
  code: 'NO_BACKGROUND',
  message: 'The extension is restarting: try again in a moment.',
  field: null,
};

/** Asks the background; resolves to its result, never throws. */
export async function sendMessage<K extends TMessageKind>(kind: K, ...input: Parameters<ProtocolMap[K]>): Promise<TResult<TOutputOf<K>>> {
  const request = { kind, input: input[0] ?? null } as TRequest<K>;
  let reply: unknown;
  try {
    reply = await browser.runtime.sendMessage(request);
  } catch {
    return { ok: false, error: NO_BACKGROUND };
  }
  return isResult(reply) ? (reply as TResult<TOutputOf<K>>) : { ok: false, error: NO_BACKGROUND };
}

/** Like sendMessage, for react-query: the value, or a MessageError carrying the TApiError. */
export async function request<K extends TMessageKind>(kind: K, ...input: Parameters<ProtocolMap[K]>): Promise<TOutputOf<K>> {
  const result = await sendMessage(kind, ...input);
  if (!result.ok) throw new MessageError(result.error);
  return result.value;
}

/** A decision, touch or hand-over as one value, for a UI with one submit path. */
export type TActionRequest =
  | ({ kind: 'accept' } & TInputOf<'accept'>)
  | ({ kind: 'reject' } & TInputOf<'reject'>)
  | ({ kind: 'logTouch' } & TInputOf<'logTouch'>)
  | ({ kind: 'assign' } & TInputOf<'assign'>)
  | ({ kind: 'claim' } & TInputOf<'claim'>);

const ACTION_MESSAGES: { [K in TActionRequest['kind']]: (input: Extract<TActionRequest, { kind: K }>) => Promise<TActionOutcome> } = {
  accept: ({ kind: _kind, ...input }) => request('accept', input),
  reject: ({ kind: _kind, ...input }) => request('reject', input),
  logTouch: ({ kind: _kind, ...input }) => request('logTouch', input),
  assign: ({ kind: _kind, ...input }) => request('assign', input),
  claim: ({ kind: _kind, ...input }) => request('claim', input),
};

/** Sends an accept, reject, touch or hand-over by its kind; resolves to what became of it, rejects with a MessageError. */
export function submitAction(action: TActionRequest): Promise<TActionOutcome> {
  return (ACTION_MESSAGES[action.kind] as (input: TActionRequest) => Promise<TActionOutcome>)(action);
}

export class MessageError extends Error {
  constructor(readonly error: TApiError) {
    super(error.message);
    this.name = 'MessageError';
  }
}

function isResult(value: unknown): value is TResult<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';
}

// ---------------------------------------------------------------------------------------
// The background's side

/** Who sent a message, as far as the handlers care. */
export interface TSender {
  /** True for the extension's own pages (popup, options); false for content scripts. */
  extensionPage: boolean;
  tabId: number | null;
}

/** One handler per message, typed by the protocol: no string-keyed switch anywhere. */
export type THandlers = {
  [K in TMessageKind]: (input: TInputOf<K>, sender: TSender) => Promise<TOutputOf<K>>;
};

export interface TRouterOptions {
  /** Turns anything a handler throws into words and a code. */
  toError: (error: unknown) => TApiError;
}

/**
 * Reads a message: a known request from this extension, or null (not ours: let other
 * listeners answer). Pure, so it is tested without a browser.
 */
export function parseRequest(
  message: unknown,
  sender: { id?: string; url?: string; tab?: { id?: number } },
  extension: { id: string; baseUrl: string },
  handlers: THandlers,
): { request: TRequest; sender: TSender } | null {
  const known = readMessage(message, sender, extension.id, handlers);
  if (!known) return null;
  const kind = known.kind as TMessageKind;
  return {
    request: { kind, input: known.input as TInputOf<typeof kind> },
    sender: { extensionPage: typeof sender.url === 'string' && sender.url.startsWith(extension.baseUrl), tabId: sender.tab?.id ?? null },
  };
}

/** A message from this extension whose kind one of `handlers` answers: its kind and input (null when absent); else null. */
function readMessage(message: unknown, sender: { id?: string }, extensionId: string, handlers: object): { kind: string; input: unknown } | null {
  if (sender.id !== extensionId) return null;
  if (typeof message !== 'object' || message === null) return null;
  const { kind, input } = message as { kind?: unknown; input?: unknown };
  if (typeof kind !== 'string' || !Object.hasOwn(handlers, kind)) return null;
  return { kind, input: input ?? null };
}

/** Runs the handler for a parsed request; every failure becomes a value. */
export async function dispatch(handlers: THandlers, request: TRequest, sender: TSender, toError: (error: unknown) => TApiError): Promise<TResult<unknown>> {
  if (EXTENSION_PAGES_ONLY.has(request.kind) && !sender.extensionPage) {
    return { ok: false, error: { code: 'FORBIDDEN', message: 'Only the extension’s own pages may do this.', field: null } };
  }
  try {
    // The map is typed per message above; here, past the lookup, the pairing is by construction.
    const handler = handlers[request.kind] as (input: unknown, sender: TSender) => Promise<unknown>;
    return { ok: true, value: await handler(request.input, sender) };
  } catch (error) {
    return { ok: false, error: toError(error) };
  }
}

/** Registers the handlers on runtime messages. Call once, in the background. */
export function handleMessages(handlers: THandlers, options: TRouterOptions): void {
  const extension = { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/') };
  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: unknown) => void) => {
    const parsed = parseRequest(message, sender, extension, handlers);
    if (!parsed) return false;
    void dispatch(handlers, parsed.request, parsed.sender, options.toError).then(sendResponse);
    return true; // the answer comes asynchronously
  });
}

// ---------------------------------------------------------------------------------------
// From the background to a tab

/** Tells the sidebar in a tab; resolves to its result, never throws (a page without the sidebar has no listener). */
export async function sendToTab<K extends TTabMessageKind>(tabId: number, kind: K, ...input: Parameters<TabProtocolMap[K]>): Promise<TResult<ReturnType<TabProtocolMap[K]>>> {
  try {
    const reply: unknown = await browser.tabs.sendMessage(tabId, { kind, input: (input as unknown[])[0] ?? null });
    if (isResult(reply)) return reply as TResult<ReturnType<TabProtocolMap[K]>>;
  } catch {
    // No listener there, or the tab closed meanwhile.
  }
  return { ok: false, error: { code: 'NO_SIDEBAR', message: 'No Handshake sidebar on this tab.', field: null } };
}

/** Answers the background's messages in a content script; returns the function that stops listening (for ctx.onInvalidated). */
export function handleTabMessages(handlers: TTabHandlers): () => void {
  const listener = (message: unknown, sender: Browser.runtime.MessageSender, sendResponse: (reply: unknown) => void) => {
    const known = readMessage(message, sender, browser.runtime.id, handlers);
    if (!known) return false;
    const handler = handlers[known.kind as TTabMessageKind] as (input: unknown) => Promise<unknown>;
    void handler(known.input).then(
      (value): TResult<unknown> => ({ ok: true, value }),
      (error: unknown): TResult<unknown> => ({ ok: false, error: { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), field: null } }),
    ).then(sendResponse);
    return true;
  };
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}
