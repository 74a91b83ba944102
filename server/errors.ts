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

/** One thing wrong with an input: its field, as a dotted path, and what is wrong. */
export interface TProblem {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly code: TAppErrorCode,
    message: string,
    /** The input field at fault, as a dotted path (`leads.3.email`), when there is one. */
    readonly field?: string,
    /** Every field at fault, the first one `field`, when an input was checked as a whole (a charter). */
    readonly problems?: readonly TProblem[],
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

/** A schema's issues (zod's) as problems, their paths under `prefix` ("charter"). */
export function problemsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix: string): [TProblem, ...TProblem[]] {
  const problems = issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].join('.'), message: issue.message }));
  return problems.length > 0 ? (problems as [TProblem, ...TProblem[]]) : [{ field: prefix, message: 'not valid' }];
}

/** A refusal of a whole input at once: named by its first problem, every problem listed. */
export function invalidAll(problems: readonly [TProblem, ...TProblem[]]): AppError {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return new AppError('INVALID_INPUT', `${first.field}: ${first.message}${more}`, first.field, problems);
}
export const notFound = (message: string) => new AppError('NOT_FOUND', message);
export const forbidden = (message: string) => new AppError('FORBIDDEN', message);
export const conflict = (message: string) => new AppError('CONFLICT', message);

/** A unique-constraint failure, whichever way the libSQL mode spells it. */
/** Whether `error` (or its cause) is the database's refusal carrying `marker`: a trigger's RAISE message (see schema-sla.ts). */
export function refusedWith(error: unknown, marker: string): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    const { message } = e as { message?: unknown };
    if (typeof message === 'string' && message.includes(marker)) return true;
  }
  return false;
}

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
