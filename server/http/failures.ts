import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { TRPC_ERROR_CODES_BY_KEY } from '@trpc/server/rpc';
import type { Context } from 'hono';
import { isBusy, isUnavailable } from '../db/client';
import { APP_ERROR_CODES, AppError, RateLimited } from '../errors';

// What a failure becomes on the wire and in the log: the domain's AppErrors as they are,
// a busy or unreachable database as a 503 in words, anything else as "internal error".
// Never SQL, parameters or a stack in a response; never parameters in the log.

export const UNAVAILABLE_MESSAGE = 'the database is unavailable; retry in a moment';

/** The AppError a failure stands for, or null for a bug (an internal error). */
export function appErrorOf(thrown: unknown): AppError | null {
  for (let e: unknown = thrown; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof AppError) return e;
  }
  const known = isBusy(thrown) ? new AppError('BUSY', 'the database is busy: retry the same request') : isUnavailable(thrown) ? new AppError('UNAVAILABLE', UNAVAILABLE_MESSAGE) : null;
  if (known) known.cause = thrown; // for the log (describeForLog), never for the response
  return known;
}

/**
 * One line for the log. A failed query's own message carries its SQL and parameters (a
 * token's hash, a lead's e-mail): only the driver's error underneath it is described.
 */
export function describeForLog(thrown: unknown): string {
  const parts: string[] = [];
  for (let e: unknown = thrown; e && parts.length < 5; e = (e as { cause?: unknown }).cause) {
    const { name = 'Error', code, message = '' } = e as { name?: string; code?: unknown; message?: string };
    if (name === 'DrizzleQueryError' || message.startsWith('Failed query:')) {
      parts.push('query failed');
      continue;
    }
    parts.push(`${name}${typeof code === 'string' ? ` ${code}` : ''}: ${message.split('\n')[0]!.slice(0, 200)}`);
  }
  return parts.join(' ← ');
}

/** Where a bug happened: the stack frames of the innermost error, without its message. */
function framesOf(thrown: unknown): string {
  let innermost: unknown = thrown;
  for (let e: unknown = thrown; e; e = (e as { cause?: unknown }).cause) innermost = e;
  const stack = (innermost as { stack?: unknown }).stack;
  return typeof stack === 'string' ? stack.split('\n').filter((line) => /^\s+at /.test(line)).slice(0, 8).join('\n') : '';
}

/** Logs an outage or a bug; refusals (4xx) and time-outs (logged where they happen) are not. */
export function logFailure(where: string, thrown: unknown): void {
  const known = appErrorOf(thrown);
  if (known && known.code !== 'UNAVAILABLE') return;
  const detail = known && thrown === known && known.cause ? known.cause : thrown;
  const frames = known ? '' : framesOf(thrown);
  console.error(`${where}: ${known ? `${known.code}: ` : ''}${describeForLog(detail)}${frames ? `\n${frames}` : ''}`);
}

function withRetryAfter(c: Context, error: AppError): void {
  if (error instanceof RateLimited) c.header('Retry-After', String(error.retryAfterSeconds));
}

/** The REST shape: `{error: {code, message, field}}`. */
export function restError(c: Context, error: AppError): Response {
  withRetryAfter(c, error);
  return c.json({ error: { code: error.code, message: error.message, field: error.field ?? null } }, APP_ERROR_CODES[error.code].http);
}

/**
 * The shape tRPC answers errors in (see ../trpc.ts's formatter), for refusals made before
 * tRPC reads the request: too large a batch, a caller over their limits, a time-out.
 */
export function trpcError(c: Context, error: AppError): Response {
  withRetryAfter(c, error);
  const { trpc, http } = APP_ERROR_CODES[error.code];
  const code: TRPC_ERROR_CODE_KEY = trpc;
  return c.json(
    { error: { message: error.message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus: http, appCode: error.code, field: error.field ?? null } } },
    http,
  );
}

/** The shape the route's callers expect: tRPC's under /trpc, the REST one elsewhere. */
export function errorResponse(c: Context, error: AppError): Response {
  return c.req.path.startsWith('/trpc') ? trpcError(c, error) : restError(c, error);
}
