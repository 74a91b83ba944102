import type { TRPC_ERROR_CODE_KEY } from '@trpc/server';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Codes the domain throws; the client branches on these, never on message text. */
export const APP_ERROR_CODES = {
  INVALID_INPUT: { trpc: 'BAD_REQUEST', http: 400 },
  UNAUTHENTICATED: { trpc: 'UNAUTHORIZED', http: 401 },
  FORBIDDEN: { trpc: 'FORBIDDEN', http: 403 },
  NOT_FOUND: { trpc: 'NOT_FOUND', http: 404 },
  CONFLICT: { trpc: 'CONFLICT', http: 409 },
  PAYLOAD_TOO_LARGE: { trpc: 'PAYLOAD_TOO_LARGE', http: 413 },
  /** The database was busy (another process held the file): safe to retry with the same idempotency key. */
  BUSY: { trpc: 'TOO_MANY_REQUESTS', http: 503 },
  /** Too many calls, or too many failed sign-ins, from one caller: wait `Retry-After` seconds. */
  RATE_LIMITED: { trpc: 'TOO_MANY_REQUESTS', http: 429 },
  /** The database did not answer (down, unreachable, or slower than its time limit): retry later. */
  UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
  /** The request ran past the server's time limit and was stopped. */
  TIMEOUT: { trpc: 'SERVICE_UNAVAILABLE', http: 503 },
} as const satisfies Record<string, { trpc: TRPC_ERROR_CODE_KEY; http: ContentfulStatusCode }>;

export type TAppErrorCode = keyof typeof APP_ERROR_CODES;

export class AppError extends Error {
  constructor(
    readonly code: TAppErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`leads.3.email`), when there is one. */
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** A refusal that says when to come back (the `Retry-After` header). */
export class RateLimited extends AppError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super('RATE_LIMITED', message);
  }
}

export const invalid = (field: string, message: string) => new AppError('INVALID_INPUT', `${field}: ${message}`, field);
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);

/** A unique-constraint failure, whichever way the libSQL mode spells it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { code, message } = e as { code?: string; message?: string };
    const unique = code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || /UNIQUE constraint failed|PRIMARY KEY constraint/i.test(message ?? '');
    if (unique || (code?.startsWith('SQLITE_CONSTRAINT') && /unique/i.test(message ?? ''))) {
      return constraint === undefined || (message ?? '').includes(constraint);
    }
  }
  return false;
}
