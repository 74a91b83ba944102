import { z } from 'zod';
import type { TConnectorModule } from '../types';
import { CrmError } from '../types';
import { HUBSPOT_API_URL, openHubSpotApi } from './client';
import { prepareHubSpot } from './prepare';
import { pullHubSpot } from './pull';
import { hubspotPush } from './push';

// The HubSpot connector: a private app's access token, HubSpot's public API through the
// official client (@hubspot/api-client).

export const HUBSPOT_SCOPES = [
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.companies.read',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'crm.schemas.contacts.write',
] as const;

export const ZHubSpotSettings = z.object({ apiUrl: z.string().url().default(HUBSPOT_API_URL) });
export const ZHubSpotSecret = z.object({
  token: z.string().min(1),
  /** The client secret of the team's HubSpot app, when it sends webhooks (they are checked with it). */
  webhookSecret: z.string().min(1).optional(),
});

export const hubspotConnector: TConnectorModule = {
  crm: 'hubspot',
  label: 'HubSpot',
  recordIdColumn: 'hubspotId',
  open(rawSettings, rawSecret) {
    const settings = ZHubSpotSettings.parse(rawSettings);
    const { token } = ZHubSpotSecret.parse(rawSecret);
    const api = openHubSpotApi(token, settings.apiUrl);
    let owners: Promise<{ id: string; email: string }[]> | null = null;
    const readOwners = () =>
      (owners ??= (async () => {
        const all: { id: string; email: string }[] = [];
        let after: string | undefined;
        do {
          const page = await api.call('read owners', (client) => client.crm.owners.ownersApi.getPageWithHttpInfo(undefined, after, 500, false));
          for (const owner of page.results) if (owner.email) all.push({ id: owner.id, email: owner.email });
          after = page.paging?.next?.after;
        } while (after);
        return all;
      })());
    const push = hubspotPush(api, readOwners);
    return {
      async check() {
        const account = await api.request<{ portalId?: number; companyCurrency?: string }>('read the account', 'GET', '/account-info/v3/details');
        const info: { scopes?: string[] } = await api
          .request<{ scopes?: string[] }>('read the token', 'POST', '/oauth/v2/private-apps/get/access-token-info', { tokenKey: token })
          .catch((error: unknown) => {
            // Tokens other than a private app's (OAuth) cannot be read this way: the calls themselves tell.
            if (error instanceof CrmError && error.kind === 'refused') return {};
            throw error;
          });
        if (info.scopes) {
          const missing = HUBSPOT_SCOPES.filter((scope) => !info.scopes!.includes(scope));
          if (missing.length > 0) throw new CrmError('scope', `HubSpot: the token lacks the scope(s) ${missing.join(', ')}. Add them to the private app (Settings → Integrations → Private apps → Scopes) and connect again.`);
        }
        return { account: `HubSpot portal ${account.portalId ?? '(unknown id)'}` };
      },
      prepare: (charter) => prepareHubSpot(api, charter),
      pull: (cursor, now, known) => pullHubSpot(api, readOwners, cursor, now, known),
      deliver: (writes, charter) => push.deliver(writes, charter),
      usage: () => api.usage(),
      calls: () => api.calls(),
    };
  },
};
