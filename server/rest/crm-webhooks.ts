import { Hono } from 'hono';
import { bodyLimit } from '../http/body-limit';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { connectionOf, type TConnectorContext } from '../connectors/connections';
import { unseal } from '../connectors/secrets';
import type { TCrmName } from '../db/schema-connectors';

// CRM webhooks: a change the CRM announces triggers a pull now instead of at the next
// interval. Polling stays the baseline (HubSpot's newer tokens do not all receive webhooks),
// so a webhook is only a nudge: it carries no data we trust, and a wrong one changes nothing.

/** HubSpot refuses signatures older than five minutes; so do we. */
const MAX_AGE_MS = 5 * 60_000;
const MAX_BODY_BYTES = 1024 * 1024;

export interface TWebhookOptions {
  connectors: TConnectorContext;
  /** Starts a pass of this CRM soon. */
  pullSoon: (crm: TCrmName) => void;
  /** Reads the address the CRM called from X-Forwarded-Proto and -Host (behind a proxy). */
  trustProxy: boolean;
}

/** HubSpot's v3 request signature: base64 HMAC-SHA256 of method, URI, body and timestamp with the app's client secret. */
export function hubspotSignatureV3(secret: string, method: string, uri: string, body: string, timestamp: string): string {
  return createHmac('sha256', secret).update(`${method}${uri}${body}${timestamp}`).digest('base64');
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function crmWebhookRoutes({ connectors, pullSoon, trustProxy }: TWebhookOptions): Hono {
  const routes = new Hono();
  routes.post('/hubspot', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json({ error: { code: 'PAYLOAD_TOO_LARGE', message: 'body: at most 1 MB', field: 'body' } }, 413) }), async (c) => {
    const signature = c.req.header('x-hubspot-signature-v3');
    const timestamp = c.req.header('x-hubspot-request-timestamp');
    if (!signature || !timestamp) return c.json({ error: { code: 'UNAUTHORIZED', message: 'X-HubSpot-Signature-v3 and X-HubSpot-Request-Timestamp are required', field: null } }, 401);
    const age = connectors.now().getTime() - Number(timestamp);
    if (!Number.isFinite(age) || Math.abs(age) > MAX_AGE_MS) return c.json({ error: { code: 'UNAUTHORIZED', message: 'X-HubSpot-Request-Timestamp: older than five minutes', field: null } }, 401);

    const row = await connectionOf(connectors, 'hubspot');
    const secret = row ? unseal<{ webhookSecret?: string }>(row.sealedSecret, connectors.secretKey, 'crm:hubspot').webhookSecret : undefined;
    if (!secret) return c.json({ error: { code: 'NOT_FOUND', message: 'HubSpot webhooks are not set up: connect hubspot with --webhook-secret', field: null } }, 404);

    const url = new URL(c.req.url);
    if (trustProxy) {
      url.protocol = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim() ?? url.protocol;
      url.host = c.req.header('x-forwarded-host')?.split(',')[0]?.trim() ?? url.host;
    }
    const body = await c.req.text();
    if (!sameText(signature, hubspotSignatureV3(secret, 'POST', url.toString(), body, timestamp))) {
      return c.json({ error: { code: 'UNAUTHORIZED', message: 'X-HubSpot-Signature-v3 does not match this request', field: null } }, 401);
    }
    pullSoon('hubspot');
    return c.body(null, 204);
  });
  return routes;
}
