import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors';
import { errorResponse, trpcError } from './failures';
import { runInRequest } from './request-scope';

/**
 * A tRPC batch (`/trpc/a,b,c?batch=1`) of more than `max` calls is refused before any of
 * them runs, with a 400 naming the limit.
 */
export function batchLimit(max: number): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.query('batch') !== undefined) {
      const calls = c.req.path.slice(c.req.path.indexOf('/trpc/') + '/trpc/'.length).split(',').length;
      if (calls > max) return trpcError(c, new AppError('INVALID_INPUT', `batch: at most ${max} calls per request, got ${calls}`, 'batch'));
    }
    await next();
  };
}

/**
 * A request that runs past `ms` is answered 503 in words and stopped: its signal aborts,
 * so its pending calls to a libSQL server are cancelled and it runs no further statement
 * (../db/client). Like a BUSY database, this can stop a request between two of its writes:
 * its retry with the same idempotency keys and event ids is safe. A caller that hangs up
 * does not stop its request (it still counts against the caller's requests in flight).
 */
export function timeLimit(ms: number): MiddlewareHandler {
  return async (c, next) => {
    const seconds = Math.round(ms / 100) / 10;
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    // Made when the time runs out, not for every request (an error captures its stack).
    let stop: AppError | undefined;
    const expired = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        stop = new AppError('TIMEOUT', `the request ran past the server's ${seconds} s time limit and was stopped; retry, or ask for less at once`);
        controller.abort(stop);
        reject(stop);
      }, ms);
    });
    try {
      await runInRequest(controller.signal, () => Promise.race([next(), expired]));
    } catch (error) {
      if (stop === undefined || error !== stop) throw error;
      console.error(`${c.req.method} ${c.req.path}: stopped after ${seconds} s`);
      c.res = errorResponse(c, stop);
    } finally {
      clearTimeout(timer);
    }
  };
}
