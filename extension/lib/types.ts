import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '../../server/routers';

// Shapes the extension shares between the background, its pages and content scripts.
// Everything that comes from the server is inferred from the server's router type:
// `import type` only, so no server code reaches a bundle.

type TRouterInputs = inferRouterInputs<AppRouter>;
type TRouterOutputs = inferRouterOutputs<AppRouter>;

export type TUser = TRouterOutputs['me'];
export type TRole = TUser['role'];
export type TPacket = TRouterOutputs['packet']['get'];
export type TQueueItem = TRouterOutputs['queue']['mine'][number];
export type TNotification = TRouterOutputs['notifications']['mine'][number];
export type TRepStats = TRouterOutputs['stats']['reps'];
export type TRepRow = TRepStats['reps'][number];
export type TFunnel = TRouterOutputs['stats']['funnel'];
export type TFunnelRow = TFunnel['groups'][number];
export type TFunnelGroupBy = TRouterInputs['stats']['funnel']['groupBy'];
export type TOutcomesInput = TRouterInputs['stats']['outcomes'];
export type TOutcomes = TRouterOutputs['stats']['outcomes'];
export type TOutcomeRow = TOutcomes['groups'][number];
export type TFirstTouch = TRouterOutputs['stats']['firstTouch'];
export type TTrendsInput = NonNullable<TRouterInputs['stats']['trends']>;
export type TTrends = TRouterOutputs['stats']['trends'];
export type TWeeklyReportInput = NonNullable<TRouterInputs['stats']['weeklyReport']>;
export type TWeeklyReport = TRouterOutputs['stats']['weeklyReport'];
/** The dashboard's drill-downs: a rep's handovers, a source's or campaign's leads (keyset pages). */
export type TRepHandoversInput = TRouterInputs['team']['handovers'];
export type TRepHandovers = TRouterOutputs['team']['handovers'];
export type TRepHandover = TRepHandovers['items'][number];
export type TSourceLeadsInput = TRouterInputs['team']['leads'];
export type TSourceLeads = TRouterOutputs['team']['leads'];
/** A manager's actions on an open handover from the at-risk list. */
export type TReassignInput = TRouterInputs['handover']['reassign'];
export type TReassignResult = TRouterOutputs['handover']['reassign'];
export type TNudgeInput = TRouterInputs['handover']['nudge'];
export type TNudgeResult = TRouterOutputs['handover']['nudge'];
/** The charter studio: the charter in force, its versions, a proposal, a sign-off, a backtest of a draft. */
export type TCharter = TRouterOutputs['charter']['current'];
export type TCharterVersions = TRouterOutputs['charter']['versions'];
export type TCharterProposeInput = TRouterInputs['charter']['propose'];
export type TCharterProposeResult = TRouterOutputs['charter']['propose'];
export type TCharterSignOffInput = TRouterInputs['charter']['signOff'];
export type TCharterSignOffResult = TRouterOutputs['charter']['signOff'];
export type TCharterBacktestInput = TRouterInputs['charter']['backtest'];
export type TCharterBacktest = TRouterOutputs['charter']['backtest'];
/** The review queue for marginal leads: the queue, a lead sent for one attempt, a lead left out. */
export type TReviewQueue = TRouterOutputs['review']['queue'];
export type TReviewLead = TReviewQueue['leads'][number];
export type TReviewSendInput = TRouterInputs['review']['send'];
export type TReviewSendResult = TRouterOutputs['review']['send'];
export type TReviewDismissInput = TRouterInputs['review']['dismiss'];
export type TReviewDismissResult = TRouterOutputs['review']['dismiss'];
/** The feedback loop: the changes a range's rejection reasons call for, each backtested. */
export type TCharterSuggestionsInput = NonNullable<TRouterInputs['charter']['suggestions']>;
export type TCharterSuggestions = TRouterOutputs['charter']['suggestions'];
export type TCharterSuggestion = TCharterSuggestions['suggestions'][number];
/** Routing: each pool's rotation, leads dealt against the weights' shares; who a charter's routing would give the range's leads. */
export type TRoutingShares = TRouterOutputs['stats']['routing'];
export type TRoutingSharesPool = TRoutingShares['pools'][number];
export type TRoutingPreviewInput = NonNullable<TRouterInputs['routing']['preview']>;
export type TRoutingPreview = TRouterOutputs['routing']['preview'];
export type TRoutingPreviewLead = TRoutingPreview['leads'][number];
/** The handoff diagnostic: the four questions, answered from the data. */
export type TDiagnostic = TRouterOutputs['charter']['diagnostic'];
export type TDiagnosticQuestion = TDiagnostic['questions'][number];

export type TCrm = Extract<TRouterInputs['packet']['get'], { crm: unknown }>['crm'];
export type TTouchChannel = TRouterInputs['touch']['log']['channel'];

/** What a page knows about the lead on screen: a CRM record, an e-mail address, or both. */
export interface TLeadRef {
  crm?: TCrm;
  recordId?: string;
  email?: string;
  /** Other addresses on the page (custom sites), for the rep to switch to. */
  alternatives?: string[];
}

/**
 * A failure, as a value that crosses the messaging boundary. `code` is what the UI branches
 * on (never the message text): the server's application code (CONFLICT, INVALID_INPUT, …)
 * or tRPC code (UNAUTHORIZED, FORBIDDEN, NOT_FOUND, …), or one the extension decides:
 * OFFLINE (no answer), TIMEOUT, BUSY, SERVER_ERROR (5xx), NOT_SIGNED_IN, NO_PERMISSION,
 * NO_BACKGROUND. `field` names the input at fault when there is one.
 */
export interface TApiError {
  code: string;
  message: string;
  field: string | null;
  /** Every field at fault when the server checked the input as a whole (a charter), the first one `field`. */
  problems?: { field: string; message: string }[] | null;
}

export type TResult<T> = { ok: true; value: T } | { ok: false; error: TApiError };

export interface TSession {
  /** The server's base URL, without a trailing slash. */
  serverUrl: string;
  user: TUser;
}

/** Inputs of the three things a rep does; the idempotency key is made once, at the click. */
export type TAcceptInput = TRouterInputs['decision']['accept'];
export type TRejectInput = TRouterInputs['decision']['reject'];
/** `at` defaults to the moment the background receives it: a touch delivered later keeps its real time. */
export type TTouchInput = Omit<TRouterInputs['touch']['log'], 'at'> & { at?: string };
/** Sent with an action, kept in the outbox, never sent to the server. */
export interface TActionContext {
  /** The lead's name, to say which lead an undelivered action was for. */
  leadName?: string;
  /** A decision the rep may take back: held in the outbox, unsent, for UNDO_MS (lib/outbox.ts). */
  undoable?: boolean;
}

/** An MQL handed over by hand: a manager assigns it to a rep, a rep claims it (when the charter allows). */
export type TAssignInput = TRouterInputs['handover']['assign'];
export type TClaimInput = TRouterInputs['handover']['claim'];
/** The reps a manager may hand a lead to. */
export type TTeamRep = TRouterOutputs['team']['reps'][number];

/** A decision, touch or hand-over on its way to the server, kept in the outbox until the server has it. */
export type TOutboxAction =
  | ({ kind: 'accept' } & TAcceptInput)
  | ({ kind: 'reject' } & TRejectInput)
  | ({ kind: 'logTouch' } & TTouchInput & { at: string })
  | ({ kind: 'assign' } & TAssignInput)
  | ({ kind: 'claim' } & TClaimInput);

export interface TOutboxItem {
  action: TOutboxAction;
  /** The lead's name as the rep saw it, to say which lead an undelivered action was for. */
  leadName?: string;
  /** Who made it: it is delivered only under that user's token. */
  userId: string;
  /** When the rep clicked. */
  createdAt: string;
  /** Not sent before this instant: the rep's window to undo a decision. Absent: sent at once. */
  notBefore?: string;
  /** Delivery attempts so far. */
  attempts: number;
  /** Why the last attempt did not get through (server unreachable, busy, or the token refused); null before one. */
  waiting: TApiError | null;
  /** The server refused it for good (a 4xx other than 408/429; a CONFLICT means someone else decided): shown, never retried. */
  failed: TApiError | null;
}

/** What became of a decision or touch the moment it was made. A final refusal comes back as an error instead. */
export type TActionOutcome =
  | { status: 'delivered' }
  | { status: 'waiting'; reason: TApiError | null }
  /** Held in the outbox until `until` (an ISO instant): the rep may still undo it. */
  | { status: 'held'; until: string };

export interface TQueueSnapshot {
  items: TQueueItem[];
  /** When the server computed `remainingMs` and `state`: the countdown runs from here. */
  fetchedAt: string;
  /** Set when the server could not be reached and these are the last items it gave. */
  stale: TApiError | null;
}

/** A stats range: ISO-8601 instants, [from, to). The server defaults to the last 30 days. */
export interface TStatsRange {
  from?: string;
  to?: string;
}

/** The people and ingest-key pages (people.html): what an admin changes, a manager reads. */
export type TPerson = TRouterOutputs['people']['list'][number];
export type TPersonChanges = TRouterInputs['people']['update'];
export type TPersonAlerts = TRouterInputs['people']['setAlerts'];
export type TMyAlerts = TRouterOutputs['people']['myAlerts'];
export type TNewPerson = TRouterInputs['people']['add'];
export type TAddedPerson = TRouterOutputs['people']['add'];
export type TIngestKey = TRouterOutputs['keys']['list'][number];
export type TCrmConnectionStatus = TRouterOutputs['connections']['status'][number];
