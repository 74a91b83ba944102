import type { Property } from '@hubspot/api-client/lib/codegen/crm/properties';
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

/**
 * An object's properties and its Handshake group, each read once for the whole preparation
 * (one call an object, not one a property), and the group created the first time a
 * property is about to go in it.
 */
function portalSchema(api: THubSpotApi, done: string[]) {
  const properties = new Map<string, Promise<Map<string, Property>>>();
  const groups = new Map<string, Promise<void>>();
  const once = <T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>) => {
    if (!cache.has(key)) cache.set(key, read());
    return cache.get(key)!;
  };
  return {
    existing: async (objectType: string, name: string): Promise<Property | null> => {
      const all = await once(properties, objectType, async () => {
        const answer = await api.call(`read the ${objectType} properties`, (client) => client.crm.properties.coreApi.getAllWithHttpInfo(objectType));
        return new Map(answer.results.map((property) => [property.name, property]));
      });
      return all.get(name) ?? null;
    },
    ensureGroup: (objectType: string) =>
      once(groups, objectType, async () => {
        const found = await api.call(`read ${objectType} property groups`, (client) => client.crm.properties.groupsApi.getAllWithHttpInfo(objectType));
        if (found.results.some((g) => g.name === GROUP)) return;
        await api.call(`create the Handshake property group on ${objectType}`, (client) => client.crm.properties.groupsApi.createWithHttpInfo(objectType, { name: GROUP, label: 'Handshake', displayOrder: -1 }));
        done.push(`created the "Handshake" property group on ${objectType}`);
      }),
  };
}

export async function prepareHubSpot(api: THubSpotApi, charter: TCharter): Promise<TPrepareResult> {
  const done: string[] = [];
  const steps: string[] = [];
  const mapping = charter.crmWriteBack.hubspot;
  const { existing, ensureGroup } = portalSchema(api, done);

  const options = charter.rejectionReasons.map((reason, i) => ({ label: reason.label, value: reason.id, displayOrder: i, hidden: false }));
  const reason = await existing('contacts', mapping.fields.reason);
  if (!reason) {
    await ensureGroup('contacts');
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

  if (!(await existing('contacts', mapping.fields.note))) {
    await ensureGroup('contacts');
    await api.call('create the rejection note property', (client) =>
      client.crm.properties.coreApi.createWithHttpInfo('contacts', { name: mapping.fields.note, label: 'Rejection note (Handshake)', groupName: GROUP, type: 'string' as never, fieldType: 'textarea' as never }),
    );
    done.push(`created the contact property ${mapping.fields.note}`);
  }

  const status = await existing('contacts', mapping.fields.status);
  const values = [...new Set([mapping.values.accepted, mapping.values.rejected, ...Object.values(mapping.values.byReason)])];
  if (!status) steps.push(`Create the contact property "${mapping.fields.status}" (a dropdown with the values ${values.join(', ')}), or change the charter's crmWriteBack.hubspot.fields.status.`);
  else {
    const missing = values.filter((v) => !status.options.some((o) => o.value === v));
    if (missing.length > 0) steps.push(`In Settings → Properties → "${status.label}", add the option(s) ${missing.join(', ')} (internal value), or change the charter's crmWriteBack.hubspot.values.`);
  }

  await prepareVerdictProperties(api, mapping.verdict, GROUP, (name) => existing('contacts', name), () => ensureGroup('contacts'), done);

  for (const objectType of TOUCH_OBJECTS) {
    if (await existing(objectType, TOUCH_ID_PROPERTY)) continue;
    await ensureGroup(objectType);
    await api.call(`create the Handshake touch id on ${objectType}`, (client) =>
      client.crm.properties.coreApi.createWithHttpInfo(objectType, { name: TOUCH_ID_PROPERTY, label: 'Handshake touch id', groupName: GROUP, type: 'string' as never, fieldType: 'text' as never }),
    );
    done.push(`created the ${objectType} property ${TOUCH_ID_PROPERTY}`);
  }
  return { done, steps };
}
