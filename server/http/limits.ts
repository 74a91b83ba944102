import { DEFAULT_DB_TIMEOUT_MS } from '../db/client';
import { DEFAULT_PENDING_PER_KEY } from '../domain/segment-identities';

/** The bounds that keep one caller from starving the rest (README: "Limits"). */
export interface TLimits {
  /** Calls in one tRPC batch request. */
  maxBatch: number;
  /** How long one request may run before it is answered 503 and stopped. */
  requestTimeoutMs: number;
  /** Requests one client address may have in flight at once. */
  maxInFlightPerCaller: number;
  /** Failed sign-ins (401s) per minute, per client address and per token prefix, before 429s. */
  authFailuresPerMinute: number;
  /** Ingest requests per minute per ingest key. */
  ingestPerMinute: number;
  /** Segment calls kept per ingest key for visitors not yet identified; past it, the oldest are let go. */
  segmentPendingPerKey: number;
  /** How long one call to a libSQL server may take. */
  dbTimeoutMs: number;
  /** Read the client address from X-Forwarded-For (set by the proxy in front); off, the socket's. */
  trustProxy: boolean;
  /** Callers each limiter remembers at most: the oldest are forgotten first. */
  trackedCallers: number;
}

export const DEFAULT_LIMITS: TLimits = {
  maxBatch: 20,
  requestTimeoutMs: 30_000,
  maxInFlightPerCaller: 16,
  authFailuresPerMinute: 10,
  ingestPerMinute: 600,
  segmentPendingPerKey: DEFAULT_PENDING_PER_KEY,
  dbTimeoutMs: DEFAULT_DB_TIMEOUT_MS,
  trustProxy: false,
  trackedCallers: 10_000,
};
