import { createHash, createHmac } from 'node:crypto';
import type { ContactEvent, PortalData } from './hubspot-portal';

// HubSpot's webhooks for contact events: batches of at most 100 events POSTed to the app's target
// URL, signed as HubSpot documents — X-HubSpot-Signature-v3 is the base64 HMAC SHA-256, keyed with the
// app's client secret, of method + URI + body + X-HubSpot-Request-Timestamp (v1 headers too, for
// backwards compatibility).

export interface HubSpotWebhookDelivery {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The receiver's answer, once it came. */
  status?: number;
  error?: string;
}

export interface HubSpotWebhooks {
  deliveries: HubSpotWebhookDelivery[];
  /** Resolves once every POST sent so far has been answered (or failed). */
  settled(): Promise<void>;
  /** No more events are sent. */
  stop(): void;
}

const SUBSCRIPTION_IDS: Record<ContactEvent['subscriptionType'], number> = {
  'contact.creation': 4_100_001,
  'contact.propertyChange': 4_100_002,
  'contact.deletion': 4_100_003,
  'contact.merge': 4_100_004,
};

// The characters HubSpot's validation guide says to decode in the URI before hashing: it signs them decoded.
const DECODED: Record<string, string> = { '%3A': ':', '%2F': '/', '%3F': '?', '%40': '@', '%21': '!', '%24': '$', '%27': "'", '%28': '(', '%29': ')', '%2A': '*', '%2C': ',', '%3B': ';' };

export function signatureV3(clientSecret: string, method: string, uri: string, body: string, timestamp: string): string {
  const decodedUri = uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (match) => DECODED[match.toUpperCase()]!);
  return createHmac('sha256', clientSecret).update(`${method}${decodedUri}${body}${timestamp}`, 'utf8').digest('base64');
}

export function subscribeWebhooks(data: PortalData, targetUrl: string, clientSecret: string, appId: number): HubSpotWebhooks {
  const deliveries: HubSpotWebhookDelivery[] = [];
  const pending = new Set<Promise<void>>();
  let nextEventId = 1;

  const payload = (event: ContactEvent) => ({
    eventId: nextEventId++,
    subscriptionId: SUBSCRIPTION_IDS[event.subscriptionType],
    portalId: data.portalId,
    appId,
    occurredAt: event.occurredAt,
    subscriptionType: event.subscriptionType,
    attemptNumber: 0,
    objectId: Number(event.objectId),
    ...(event.propertyName !== undefined ? { propertyName: event.propertyName, propertyValue: event.propertyValue ?? '' } : {}),
    ...(event.subscriptionType === 'contact.creation' ? { changeFlag: 'CREATED' } : {}),
    ...(event.subscriptionType === 'contact.deletion' ? { changeFlag: 'DELETED' } : {}),
    ...(event.subscriptionType === 'contact.merge'
      ? {
          primaryObjectId: Number(event.primaryObjectId),
          mergedObjectIds: (event.mergedObjectIds ?? []).map(Number),
          newObjectId: Number(event.newObjectId),
          numberOfPropertiesMoved: event.numberOfPropertiesMoved ?? 0,
        }
      : {}),
    changeSource: event.source === 'api' ? 'INTEGRATION' : 'CRM_UI',
    ...(event.source === 'api' ? { sourceId: String(appId) } : {}),
  });

  const send = (events: ContactEvent[]) => {
    const body = JSON.stringify(events.map(payload));
    const timestamp = String(data.now());
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon',
      'X-HubSpot-Signature': createHash('sha256').update(`${clientSecret}${body}`, 'utf8').digest('hex'),
      'X-HubSpot-Signature-Version': 'v1',
      'X-HubSpot-Signature-v3': signatureV3(clientSecret, 'POST', targetUrl, body, timestamp),
      'X-HubSpot-Request-Timestamp': timestamp,
    };
    const delivery: HubSpotWebhookDelivery = { url: targetUrl, headers, body };
    deliveries.push(delivery);
    const sent = fetch(targetUrl, { method: 'POST', headers, body })
      .then(async (response) => {
        delivery.status = response.status;
        await response.arrayBuffer();
      })
      .catch((error: unknown) => {
        delivery.error = error instanceof Error ? error.message : String(error);
      })
      .finally(() => pending.delete(sent));
    pending.add(sent);
  };

  const listener = (events: ContactEvent[]) => {
    for (let start = 0; start < events.length; start += 100) send(events.slice(start, start + 100));
  };
  data.listeners.push(listener);
  return {
    deliveries,
    settled: async () => {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    stop: () => {
      data.listeners = data.listeners.filter((other) => other !== listener);
    },
  };
}
