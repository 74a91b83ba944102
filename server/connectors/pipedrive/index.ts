import { v1 } from 'pipedrive';
import { z } from 'zod';
import type { TConnectorModule } from '../types';
import { apiUrlOf, openPipedriveApi } from './client';
import { preparePipedrive } from './prepare';
import { pullPipedrive, readUsers } from './pull';
import { pipedrivePush } from './push';
import { preparePipedriveVerdict } from './verdict';

// The Pipedrive connector: a user's personal API token, Pipedrive's public API (v1 and v2)
// through the official client (pipedrive), on the company's own address.

const ZOptionIds = z.record(z.string(), z.number());
const ZPipedriveFields = z.object({
  status: z.object({ key: z.string(), options: ZOptionIds }),
  reason: z.object({ key: z.string(), options: ZOptionIds }),
  note: z.object({ key: z.string() }),
});

export const ZPipedriveSettings = z.object({
  /** The company's Pipedrive address: acme.pipedrive.com. */
  domain: z.string().min(1),
  apiUrl: z.string().url().optional(),
  /** The write-back fields' keys and option ids, learned at connect. */
  fields: ZPipedriveFields.optional(),
  /** The verdict's fields' keys and option ids by value, learned at connect. */
  verdictFields: z.record(z.string(), z.object({ key: z.string(), options: ZOptionIds.optional() })).optional(),
});
export const ZPipedriveSecret = z.object({ token: z.string().min(1) });

export const pipedriveConnector: TConnectorModule = {
  crm: 'pipedrive',
  label: 'Pipedrive',
  recordIdColumn: 'pipedriveId',
  open(rawSettings, rawSecret) {
    const settings = ZPipedriveSettings.parse(rawSettings);
    const { token } = ZPipedriveSecret.parse(rawSecret);
    const apiUrl = apiUrlOf(settings);
    const api = openPipedriveApi(token, apiUrl);
    const users = readUsers(api);
    const push = pipedrivePush(api, users, settings.fields, settings.verdictFields ?? {});
    return {
      async check() {
        const me = await api.call('read the token’s user', (c) => new v1.UsersApi(c.v1).getCurrentUser());
        const company = me.data?.company_name || me.data?.company_domain || settings.domain;
        return { account: `Pipedrive company ${company}` };
      },
      async prepare(charter) {
        const prepared = await preparePipedrive(api, charter);
        const verdictFields = await preparePipedriveVerdict(api, charter.crmWriteBack.pipedrive.verdict, prepared.done, prepared.steps);
        return { ...prepared, learned: { ...prepared.learned, verdictFields, apiUrl } };
      },
      pull: (cursor, now, known) => pullPipedrive(api, users, cursor, now, known),
      deliver: (writes, charter) => push.deliver(writes, charter),
      usage: () => api.usage(),
      calls: () => api.calls(),
    };
  },
};
