import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit as streamingBodyLimit } from 'hono/body-limit';

// Hono's body limit asks the request for its body stream first, which on @hono/node-server
// builds a whole web Request for every call — a GET included — and takes the JSON read off
// its fast path (about a tenth of a tRPC call's cost). Here a request without a body, or
// with its length declared, is decided from its method and headers alone, as Hono decides a
// declared length too: Node's parser never reads more than Content-Length bytes into a
// body. Only a body sent in chunks, of unknown length, is counted as it streams in.

export function bodyLimit(options: { maxSize: number; onError: (c: Context) => Response | Promise<Response> }): MiddlewareHandler {
  const streaming = streamingBodyLimit(options);
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const declared = c.req.header('content-length');
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      return Number.parseInt(declared, 10) > options.maxSize ? options.onError(c) : next();
    }
    return streaming(c, next);
  };
}
