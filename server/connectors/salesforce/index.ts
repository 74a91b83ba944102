import { z } from 'zod';
import type { TConnectorModule } from '../types';
import { openSalesforceApi, SALESFORCE_API_VERSION, SALESFORCE_LOGIN_URL, type TSalesforceCredentials } from './client';
import { prepareSalesforce } from './prepare';
import { pullSalesforce } from './pull';
import { salesforcePush } from './push';

// The Salesforce connector: an access token, or a connected app's JWT bearer flow (consumer
// key, username, private key), Salesforce's REST API through the official client (jsforce).

const ZApiName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'expected a field API name such as MQL_Date__c');

export const ZSalesforceSettings = z.object({
  /** The org's My Domain address: https://acme.my.salesforce.com. */
  instanceUrl: z.string().url(),
  loginUrl: z.string().url().default(SALESFORCE_LOGIN_URL),
  /** With username: the connected app's consumer key, for the JWT bearer flow. */
  clientId: z.string().min(1).optional(),
  username: z.string().min(1).optional(),
  apiVersion: z.string().regex(/^\d+\.0$/).default(SALESFORCE_API_VERSION),
  /** The Lead fields the team dates MQLs and SQLs in (Salesforce has no standard ones). */
  mqlDateField: ZApiName.optional(),
  sqlDateField: ZApiName.optional(),
});
export const ZSalesforceSecret = z.union([z.object({ token: z.string().min(1) }), z.object({ privateKey: z.string().min(1) })]);

function credentialsOf(settings: z.infer<typeof ZSalesforceSettings>, secret: z.infer<typeof ZSalesforceSecret>): TSalesforceCredentials {
  if ('token' in secret) return { kind: 'token', instanceUrl: settings.instanceUrl, token: secret.token };
  if (!settings.clientId || !settings.username) throw new Error('Salesforce: a private key needs the connected app\'s client id and the username it signs in as');
  return { kind: 'jwt', instanceUrl: settings.instanceUrl, loginUrl: settings.loginUrl, clientId: settings.clientId, username: settings.username, privateKey: secret.privateKey };
}

export const salesforceConnector: TConnectorModule = {
  crm: 'salesforce',
  label: 'Salesforce',
  recordIdColumn: 'salesforceId',
  open(rawSettings, rawSecret, { now }) {
    const settings = ZSalesforceSettings.parse(rawSettings);
    const api = openSalesforceApi(credentialsOf(settings, ZSalesforceSecret.parse(rawSecret)), settings.apiVersion, now);
    const push = salesforcePush(api);
    const dateFields = { mqlDateField: settings.mqlDateField, sqlDateField: settings.sqlDateField };
    return {
      async check() {
        await api.signIn();
        // The allowance the org has left: a call any API-enabled user may make, and the usage with it.
        await api.get('read the org\'s limits', '/limits');
        return { account: api.account() };
      },
      prepare: (charter) => prepareSalesforce(api, charter, dateFields),
      pull: (cursor, pullNow, known) => pullSalesforce(api, dateFields, cursor, pullNow, known),
      deliver: (writes, charter) => push.deliver(writes, charter),
      usage: () => api.usage(),
      calls: () => api.calls(),
    };
  },
};
