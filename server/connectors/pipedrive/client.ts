import { v1, v2 } from 'pipedrive';
import { CrmError, type TApiUsage } from '../types';

// The official Pipedrive client (API v1 and v2) on the company's address, with a time limit on
// each call, the calls counted, Pipedrive's rate-limit headers read from every answer, and its
// refusals as CrmError in words. The client rejects with the answer's body only, so each call
// gets its own configuration whose response transform keeps the status and headers.

const CALL_TIMEOUT_MS = 30_000;
/** Pipedrive counts its burst limit over a rolling 2-second window. */
const BURST_WINDOW = 'per 2 s';

/** Where the API token is, for a person connecting. */
export const TOKEN_HELP = 'Copy the API token from Pipedrive (your name at the top right → Personal preferences → API) and connect again.';

export interface TPipedriveConfigs {
  v1: v1.Configuration;
  v2: v2.Configuration;
}

export interface TPipedriveApi {
  /** Runs one client call with the time limit, counted, its failure as CrmError in words. */
  call<T>(what: string, run: (configs: TPipedriveConfigs) => Promise<T>): Promise<T>;
  usage(): TApiUsage | null;
  calls(): number;
}

interface TAnswer {
  status: number;
  header(name: string): string | undefined;
}

interface TPipedriveErrorBody {
  error?: string;
  error_info?: string;
  code?: string;
  errorCode?: number;
}

/** The company's API address: `https://<domain>` unless another is given (a proxy, a test). */
export function apiUrlOf(settings: { domain: string; apiUrl?: string }): string {
  const url = settings.apiUrl ?? `https://${settings.domain.replace(/^https?:\/\//, '')}`;
  return url.replace(/\/+$/, '');
}

function secondsHeader(answer: TAnswer | undefined, name: string): number | undefined {
  const value = Number(answer?.header(name));
  return Number.isFinite(value) && value > 0 ? value * 1000 : undefined;
}

/** A Pipedrive answer that is not a success, as what to do about it, in words. */
export function pipedriveError(what: string, status: number, body: TPipedriveErrorBody, answer?: TAnswer): CrmError {
  const said = body.error ? `: ${body.error}` : '';
  if (status === 401) return new CrmError('auth', `Pipedrive refused the API token (401)${said}. ${TOKEN_HELP}`);
  if (status === 403) return new CrmError('scope', `Pipedrive: the token's user may not ${what} (403)${said}. Give that user the permission in Pipedrive (Company settings → Permission sets), or connect with an admin's token.`);
  if (status === 429) {
    const retryAfterMs = secondsHeader(answer, 'retry-after') ?? secondsHeader(answer, 'x-ratelimit-reset') ?? 10_000;
    return new CrmError('rate_limited', `Pipedrive rate limit reached while trying to ${what}${said}`, retryAfterMs);
  }
  if (status >= 500) return new CrmError('transient', `Pipedrive answered ${status} while trying to ${what}${said}`);
  return new CrmError('refused', `Pipedrive refused to ${what} (${status})${said}`);
}

function asCrmError(what: string, error: unknown, answer: TAnswer | undefined): CrmError {
  if (error instanceof CrmError) return error;
  // Without a body the client rejects with axios's own error, which carries the answer.
  const e = error as { response?: { status?: number; data?: unknown }; code?: string; message?: string } & TPipedriveErrorBody;
  const status = answer?.status ?? e.response?.status;
  if (status !== undefined && status >= 400) {
    const body = typeof e.error === 'string' ? e : typeof e.response?.data === 'object' && e.response.data ? (e.response.data as TPipedriveErrorBody) : {};
    return pipedriveError(what, status, body, answer);
  }
  if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') return new CrmError('unreachable', `Pipedrive did not answer within ${CALL_TIMEOUT_MS / 1000} s while trying to ${what}`);
  return new CrmError('unreachable', `Pipedrive cannot be reached to ${what}: ${e.message ?? e.code ?? String(error)}`);
}

export function openPipedriveApi(token: string, apiUrl: string): TPipedriveApi {
  let usage: TApiUsage | null = null;
  let calls = 0;
  const readUsage = (answer: TAnswer) => {
    const number = (name: string) => {
      const text = answer.header(name);
      const value = Number(text);
      return text !== undefined && text !== '' && Number.isFinite(value) ? value : undefined;
    };
    const limit = number('x-ratelimit-limit');
    const remaining = number('x-ratelimit-remaining');
    const dailyLeft = number('x-daily-requests-left');
    if (limit === undefined || remaining === undefined) return;
    const window = dailyLeft === undefined ? BURST_WINDOW : `${BURST_WINDOW}, ${dailyLeft.toLocaleString('en-US')} requests left today`;
    usage = { limit, remaining, used: limit - remaining, window };
  };

  /** A pair of configurations whose answers are seen by `seen`. */
  function configs(seen: (answer: TAnswer) => void): TPipedriveConfigs {
    const baseOptions = {
      timeout: CALL_TIMEOUT_MS,
      transformResponse: [
        (data: unknown, headers: { get?(name: string): unknown } | undefined, status?: number) => {
          const answer: TAnswer = { status: status ?? 0, header: (name) => (headers?.get?.(name) as string | undefined) ?? undefined };
          seen(answer);
          readUsage(answer);
          if (typeof data !== 'string' || data === '') return data;
          try {
            return JSON.parse(data) as unknown;
          } catch {
            return { error: data.slice(0, 300) };
          }
        },
      ],
    };
    const one = new v1.Configuration({ apiKey: token, basePath: `${apiUrl}/api/v1` });
    const two = new v2.Configuration({ apiKey: token, basePath: `${apiUrl}/api/v2` });
    one.baseOptions = baseOptions;
    two.baseOptions = baseOptions;
    return { v1: one, v2: two };
  }

  return {
    async call(what, run) {
      let answer: TAnswer | undefined;
      calls += 1;
      try {
        return await run(configs((seen) => (answer = seen)));
      } catch (error) {
        throw asCrmError(what, error, answer);
      }
    },
    usage: () => usage,
    calls: () => calls,
  };
}
