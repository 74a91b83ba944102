import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import type { AppRouter } from '../../server/routers';
import type { TApiError } from '../lib/types';

// The tRPC client, for the background service worker only: it alone holds the token.
// No data transformer: instants travel as ISO-8601 strings.

export type TApi = ReturnType<typeof createApi>;

/** A request with no answer in this long counts as "server unreachable" (and is retried, same idempotency key). */
export const REQUEST_TIMEOUT_MS = 15_000;

export function createApi(serverUrl: string, token: string, timeoutMs = REQUEST_TIMEOUT_MS) {
  return createTRPCClient<AppRouter>({
    links: [
      httpLink({
        url: `${serverUrl}/trpc`,
        headers: () => ({ authorization: `Bearer ${token}` }),
        fetch: (url, init) => {
          const signals = [AbortSignal.timeout(timeoutMs), ...(init?.signal ? [init.signal] : [])];
          return fetch(url, { ...(init as RequestInit), signal: AbortSignal.any(signals) });
        },
      }),
    ],
  });
}

/** A failure the extension itself decides (not signed in, no lead on the page, a bad address). */
export class ExtensionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'ExtensionError';
  }

  static from(error: TApiError): ExtensionError {
    return new ExtensionError(error.code, error.message, error.field);
  }
}

/** What an HTTP answer (or its absence) means to the extension; pure. */
export function classifyFailure(answer: {
  /** HTTP status; null when no answer came (refused, DNS, timeout, CORS). */
  status: number | null;
  /** tRPC's code (UNAUTHORIZED, NOT_FOUND, …), when the server is a tRPC server. */
  trpcCode?: string | null;
  /** The server's application code (CONFLICT, INVALID_INPUT, BUSY, …). */
  appCode?: string | null;
  message: string;
  field?: string | null;
  problems?: TApiError['problems'];
  timedOut?: boolean;
}): TApiError {
  const field = answer.field ?? null;
  if (answer.status === null) {
    return answer.timedOut
      ? { code: 'TIMEOUT', message: 'The Handshake server did not answer in time.', field: null }
      : { code: 'OFFLINE', message: 'The Handshake server cannot be reached.', field: null };
  }
  if (answer.appCode === 'BUSY' || answer.status === 503) return { code: 'BUSY', message: answer.message || 'The server is busy.', field };
  if (answer.status === 408) return { code: 'TIMEOUT', message: answer.message || 'The server timed out.', field };
  if (answer.status === 429) return { code: 'TOO_MANY_REQUESTS', message: answer.message || 'Too many requests.', field };
  if (answer.status >= 500) return { code: 'SERVER_ERROR', message: `The server failed (HTTP ${answer.status}).`, field: null };
  return { code: answer.appCode ?? answer.trpcCode ?? `HTTP_${answer.status}`, message: answer.message, field, ...(answer.problems ? { problems: answer.problems } : {}) };
}

/** Any failure as a code and words; what the messaging boundary carries. */
export function toApiError(error: unknown): TApiError {
  if (error instanceof ExtensionError) return { code: error.code, message: error.message, field: error.field };
  if (error instanceof TRPCClientError) {
    const data = (error as TRPCClientError<AppRouter>).data as { code?: string; httpStatus?: number; appCode?: string | null; field?: string | null; problems?: TApiError['problems'] } | undefined;
    const meta = error.meta as { response?: { status?: number } } | undefined;
    const status = data?.httpStatus ?? meta?.response?.status ?? null;
    const cause = error.cause as { name?: string } | undefined;
    const timedOut = cause?.name === 'TimeoutError' || /timed? ?out/i.test(error.message);
    return classifyFailure({ status, trpcCode: data?.code, appCode: data?.appCode, message: error.message, field: data?.field, problems: data?.problems, timedOut });
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), field: null };
}
