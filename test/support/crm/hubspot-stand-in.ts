import { Hono } from 'hono';
import { authenticate, errorJson, hubspotRefusal, rateLimitCounter } from './hubspot-http';
import { createPortalData } from './hubspot-portal';
import { portalControl, type HubSpotPortal } from './hubspot-portal-control';
import { crmRoutes } from './hubspot-routes-crm';
import { objectRoutes } from './hubspot-routes-objects';
import { schemaRoutes } from './hubspot-routes-schema';
import { serveStandIn, type StandInBase, type TStandInOptions } from './stand-in-server';

// A local HubSpot for tests, spoken to through the official @hubspot/api-client with
// `new Client({ accessToken, basePath: standIn.url })`. It follows HubSpot's public API reference:
// private-app bearer token, granular scopes, the v3 objects/search/properties/owners endpoints, v4
// associations, HubSpot's error bodies and rate-limit headers. `portal` is the test's hand in the CRM.

export type { HubSpotPortal, HubSpotOwnerInput, HubSpotRecordView } from './hubspot-portal-control';
export type { HubSpotObjectType, HubSpotEngagementType } from './hubspot-object-types';
export type { HubSpotWebhooks, HubSpotWebhookDelivery } from './hubspot-webhooks';
export type { StoredOwner as HubSpotOwner, CreatedAssociation as HubSpotCreatedAssociation } from './hubspot-portal';
export type { HubSpotPropertyDefinition } from './hubspot-properties';
export { signatureV3 } from './hubspot-webhooks';

export interface THubSpotStandInOptions extends TStandInOptions {
  /** The private app's access token the stand-in accepts. */
  token?: string;
  /** The token's granted scopes; defaults to DEFAULT_HUBSPOT_SCOPES. */
  scopes?: string[];
  portalId?: number;
}

export const DEFAULT_HUBSPOT_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.objects.deals.read',
  'crm.objects.deals.write',
  'crm.objects.owners.read',
  'crm.schemas.contacts.write',
];

export const DEFAULT_HUBSPOT_TOKEN = 'pat-na1-4f0c2a57-1b9e-4d3c-9a51-7e2d6b8c0f13';

export interface HubSpotStandIn extends StandInBase {
  token: string;
  portal: HubSpotPortal;
}

export async function startHubSpotStandIn(options: THubSpotStandInOptions = {}): Promise<HubSpotStandIn> {
  const now = options.now ?? Date.now;
  const token = options.token ?? DEFAULT_HUBSPOT_TOKEN;
  let scopes = new Set(options.scopes ?? DEFAULT_HUBSPOT_SCOPES);
  const data = createPortalData(now, options.portalId ?? 24_681_357);
  const access = { scopes: () => scopes };
  const count = rateLimitCounter(now);
  const appId = 3_141_593;

  const routes = new Hono();
  routes.use('*', authenticate(() => token, count, ['/oauth/v2/private-apps/get/access-token-info']));
  routes.route('/', crmRoutes(data, access, { token: () => token, userId: 9_000_000, appId }));
  routes.route('/', schemaRoutes(data, access));
  routes.route('/', objectRoutes(data, access));
  routes.all('*', (c) => errorJson(c, 404, `No route for ${c.req.method} ${c.req.path} in the HubSpot stand-in`, undefined));

  const base = await serveStandIn(routes, hubspotRefusal(count), { now, port: options.port });
  const portal = portalControl(data, appId, (granted) => {
    scopes = new Set(granted);
  });
  return { ...base, token, portal };
}
