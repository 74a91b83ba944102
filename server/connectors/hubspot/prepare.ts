import type { TCharter } from '../../../shared/charter';
import type { TPrepareResult } from '../types';
import type { THubSpotApi } from './client';
import { prepareVerdictProperties } from './verdict';

// What write-back needs in a HubSpot portal, made at connect time: a "Handshake" property
// group, the rejection reason (a dropdown whose options are the charter's reasons) and note
// on contacts, the verdict's properties (verdict.ts), and on every object a touch can become, the Handshake id that lets a retry
// find what an earlier attempt created.

export const GROUP = 'handshake';
export const TOUCH_ID_PROPERTY = 'handshake_touch_id';
/** Where each touch channel is written: calls, e-mails, meetings, and notes for the rest. */
export const TOUCH_OBJECTS = ['calls', 'emails', 'meetings', 'notes'] as const;

async function ensureGroup(api: THubSpotApi, objectType: string, done: string[]): Promise<void> {
  const groups = await api.call(`read ${objectType} property groups`, (client) => client.crm.properties.groupsApi.getAllWithHttpInfo(objectType));
  if (groups.results.some((g) => g.name === GROUP)) return;
  await api.call(`create the Handshake property group on ${objectType}`, (client) => client.crm.properties.groupsApi.createWithHttpInfo(objectType, { name: GROUP, label: 'Handshake', displayOrder: -1 }));
  done.push(`created the "Handshake" property group on ${objectType}`);
}

async function existing(api: THubSpotApi, objectType: string, name: string) {
  try {
    return await api.call(`read the ${name} property`, (client) => client.crm.properties.coreApi.getByNameWithHttpInfo(objectType, name));
  } catch (error) {
    if ((error as { kind?: string }).kind === 'refused') return null;
    throw error;
  }
}

export async function prepareHubSpot(api: THubSpotApi, charter: TCharter): Promise<TPrepareResult> {
  const done: string[] = [];
  const steps: string[] = [];
  const mapping = charter.crmWriteBack.hubspot;
  await ensureGroup(api, 'contacts', done);

  const options = charter.rejectionReasons.map((reason, i) => ({ label: reason.label, value: reason.id, displayOrder: i, hidden: false }));
  const reason = await existing(api, 'contacts', mapping.fields.reason);
  if (!reason) {
    await api.call('create the rejection reason property', (client) =>
      client.crm.properties.coreApi.createWithHttpInfo('contacts', { name: mapping.fields.reason, label: 'Rejection reason (Handshake)', groupName: GROUP, type: 'enumeration' as never, fieldType: 'select' as never, options }),
    );
    done.push(`created the contact property ${mapping.fields.reason} with the charter's ${options.length} reasons`);
  } else {
    // Reasons no longer in the charter stay as options: older contacts still carry them.
    const known = new Set(reason.options.map((o) => o.value));
    const added = options.filter((o) => !known.has(o.value));
    if (added.length > 0) {
      await api.call('add reasons to the rejection reason property', (client) =>
        client.crm.properties.coreApi.updateWithHttpInfo('contacts', mapping.fields.reason, { options: [...reason.options, ...added.map((o) => ({ ...o, displayOrder: reason.options.length + o.displayOrder }))] }),
      );
      done.push(`added ${added.length} reason(s) to ${mapping.fields.reason}`);
    } else done.push(`${mapping.fields.reason} has every reason of the charter`);
  }

  if (!(await existing(api, 'contacts', mapping.fields.note))) {
    await api.call('create the rejection note property', (client) =>
      client.crm.properties.coreApi.createWithHttpInfo('contacts', { name: mapping.fields.note, label: 'Rejection note (Handshake)', groupName: GROUP, type: 'string' as never, fieldType: 'textarea' as never }),
    );
    done.push(`created the contact property ${mapping.fields.note}`);
  }

  const status = await existing(api, 'contacts', mapping.fields.status);
  const values = [...new Set([mapping.values.accepted, mapping.values.rejected, ...Object.values(mapping.values.byReason)])];
  if (!status) steps.push(`Create the contact property "${mapping.fields.status}" (a dropdown with the values ${values.join(', ')}), or change the charter's crmWriteBack.hubspot.fields.status.`);
  else {
    const missing = values.filter((v) => !status.options.some((o) => o.value === v));
    if (missing.length > 0) steps.push(`In Settings → Properties → "${status.label}", add the option(s) ${missing.join(', ')} (internal value), or change the charter's crmWriteBack.hubspot.values.`);
  }

  await prepareVerdictProperties(api, mapping.verdict, GROUP, async (name) => existing(api, 'contacts', name), done);

  for (const objectType of TOUCH_OBJECTS) {
    if (await existing(api, objectType, TOUCH_ID_PROPERTY)) continue;
    await ensureGroup(api, objectType, done);
    await api.call(`create the Handshake touch id on ${objectType}`, (client) =>
      client.crm.properties.coreApi.createWithHttpInfo(objectType, { name: TOUCH_ID_PROPERTY, label: 'Handshake touch id', groupName: GROUP, type: 'string' as never, fieldType: 'text' as never }),
    );
    done.push(`created the ${objectType} property ${TOUCH_ID_PROPERTY}`);
  }
  return { done, steps };
}
