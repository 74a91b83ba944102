import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

// A local stand-in for a Slack incoming webhook, answering as Slack documents it: 200 "ok" for
// a JSON payload with text or blocks; 400 "invalid_payload" for a body that is not one, 400
// "no_text" without text or blocks; 404 "no_service" for a webhook that does not exist (or was
// revoked); and, when the test says so, 429 "rate_limited" with Retry-After, or 500
// "rollup_error".

export interface SlackWebhookStandIn {
  /** The webhook's address (its path holds the secret, as Slack's does). */
  url: string;
  /** The messages posted, in order. */
  messages: { text: string }[];
  /** Answers to the next calls instead of taking them: a status with Slack's body. */
  refuseNext(count: number, answer: { status: 429 | 500; retryAfterSeconds?: number }): void;
  calls: number;
  close(): Promise<void>;
}

export async function startSlackWebhookStandIn(): Promise<SlackWebhookStandIn> {
  const path = '/services/T0HANDSHAKE/B0ALERTS/Xq3sHandshakeSecret';
  const messages: { text: string }[] = [];
  let refusals: { left: number; status: 429 | 500; retryAfterSeconds?: number } = { left: 0, status: 500 };
  let calls = 0;
  const app = new Hono();
  app.post('*', async (c) => {
    calls += 1;
    if (c.req.path !== path) return c.text('no_service', 404);
    if (refusals.left > 0) {
      refusals.left -= 1;
      if (refusals.status === 429) return c.text('rate_limited', 429, { 'retry-after': String(refusals.retryAfterSeconds ?? 1) });
      return c.text('rollup_error', 500);
    }
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return c.text('invalid_payload', 400);
    }
    if (typeof body !== 'object' || body === null) return c.text('invalid_payload', 400);
    const { text, blocks } = body as { text?: unknown; blocks?: unknown };
    if (typeof text !== 'string' && !Array.isArray(blocks)) return c.text('no_text', 400);
    messages.push({ text: typeof text === 'string' ? text : '' });
    return c.text('ok', 200);
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    messages,
    refuseNext: (count, answer) => (refusals = { left: count, ...answer }),
    get calls() {
      return calls;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
