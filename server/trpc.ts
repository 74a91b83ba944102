import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { TRecordLinkSettings } from '../shared/record-links';
import { isBusy, type Database } from './db/client';
import type { TUser } from './domain/users';
import type { TReportRunner } from './reports/report-runner';
import { APP_ERROR_CODES, AppError } from './errors';
import { appErrorOf } from './http/failures';
import { inputIssue } from './http/input-errors';

export interface TContext {
  database: Database;
  /** Null when the request carries no valid token. */
  user: TUser | null;
  now: () => Date;
  /** Where leads open in the team's CRM, for the links in the queue and the packet. */
  recordLinks: TRecordLinkSettings;
  /** Runs the long reads (stats) where they cannot hold other requests up. */
  reports: TReportRunner;
}

/** A body or `?input=` that is not JSON at all: the field is the carrier itself. */
function unreadable(error: TRPCError, type: string): { field: string; message: string } | null {
  const field = type === 'query' ? 'input' : 'body';
  if (error.code === 'UNSUPPORTED_MEDIA_TYPE') return { field: 'body', message: 'body: expected JSON (content-type: application/json)' };
  if (error.code === 'BAD_REQUEST' && error.cause instanceof SyntaxError) return { field, message: `${field}: expected JSON, got something that does not parse` };
  return null;
}

const t = initTRPC.context<TContext>().create({
  errorFormatter({ shape, error, type, input }) {
    const cause = error.cause;
    const app = cause instanceof AppError ? cause : null;
    const bad = cause instanceof ZodError ? inputIssue(cause, input) : unreadable(error, type);
    const internal = error.code === 'INTERNAL_SERVER_ERROR' && !app;
    return {
      ...shape,
      message: internal ? 'internal error' : (bad?.message ?? shape.message),
      data: {
        ...shape.data,
        stack: undefined,
        appCode: app ? app.code : bad ? 'INVALID_INPUT' : null,
        field: app ? (app.field ?? null) : (bad?.field ?? null),
        /** Every field at fault when the input was checked as a whole (a charter); null otherwise. */
        problems: app?.problems ?? null,
      },
    };
  },
});

/** A failure as the tRPC error its AppError maps to (a busy or unreachable database included), else as it is. */
export function asTRPCError(thrown: unknown): TRPCError | null {
  const cause = isBusy(thrown) ? Object.assign(new AppError('BUSY', 'the database is busy: retry with the same idempotency key'), { cause: thrown }) : appErrorOf(thrown);
  return cause ? new TRPCError({ code: APP_ERROR_CODES[cause.code].trpc, message: cause.message, cause }) : null;
}

/** Domain code throws AppError; here, once, it becomes the matching tRPC error. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const mapped = asTRPCError(result.error.cause);
  if (mapped) throw mapped;
  return result;
});

export const router = t.router;
export const publicProcedure = t.procedure.use(mapAppErrors);

/** Every procedure a person calls: the caller is known, or the call stops here. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'a valid token is required (Authorization: Bearer <token>)' });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

export const managerProcedure = protectedProcedure.use(({ ctx, next }) => {
  if (ctx.user.role === 'rep') throw new TRPCError({ code: 'FORBIDDEN', message: 'only a manager or an admin may call this' });
  return next();
});
