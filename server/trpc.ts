import { initTRPC, TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import type { TRecordLinkSettings } from '../shared/record-links';
import { isBusy, type Database } from './db/client';
import type { TUser } from './domain/users';
import { APP_ERROR_CODES, AppError } from './errors';

export interface TContext {
  database: Database;
  /** Null when the request carries no valid token. */
  user: TUser | null;
  now: () => Date;
  /** Where leads open in the team's CRM, for the links in the queue and the packet. */
  recordLinks: TRecordLinkSettings;
}

function firstIssue(error: ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue?.path.map(String).join('.') ?? '';
  return { field, message: `${field || 'input'}: ${issue?.message ?? 'invalid'}` };
}

const t = initTRPC.context<TContext>().create({
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    const zod = cause instanceof ZodError ? firstIssue(cause) : null;
    return {
      ...shape,
      message: zod?.message ?? shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        appCode: cause instanceof AppError ? cause.code : zod ? 'INVALID_INPUT' : null,
        field: cause instanceof AppError ? (cause.field ?? null) : (zod?.field ?? null),
      },
    };
  },
});

/** Domain code throws AppError; here, once, it becomes the matching tRPC error. */
const mapAppErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (result.ok) return result;
  const cause = isBusy(result.error.cause) ? new AppError('BUSY', 'the database is busy: retry with the same idempotency key') : result.error.cause;
  if (cause instanceof AppError) {
    throw new TRPCError({ code: APP_ERROR_CODES[cause.code].trpc, message: cause.message, cause });
  }
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
