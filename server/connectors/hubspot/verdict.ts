import type { TOutboxWrite } from '../types';
import { VERDICT_FIELD_SPECS, type TVerdictField, type TVerdictFieldSpec } from '../verdict';
import type { THubSpotApi } from './client';

// The verdict on HubSpot contacts: one contact property per verdict field, in the "Handshake"
// property group, created at connect time (dropdowns get the options they lack); a verdict
// write sets them, an empty value clearing the property.

export const verdictProperty = (field: TVerdictField) => `handshake_${field}`;

const TYPES: Record<TVerdictFieldSpec['kind'], { type: string; fieldType: string }> = {
  enum: { type: 'enumeration', fieldType: 'select' },
  datetime: { type: 'datetime', fieldType: 'date' },
  number: { type: 'number', fieldType: 'number' },
  text: { type: 'string', fieldType: 'text' },
};

const optionsOf = (spec: TVerdictFieldSpec) => (spec.options ?? []).map(([value, label], displayOrder) => ({ value, label, displayOrder, hidden: false }));

type TExisting = (name: string) => Promise<{ options: { value: string; label: string; displayOrder?: number; hidden: boolean }[] } | null>;

/** Creates each wanted verdict property missing from contacts, and adds the options a dropdown lacks. */
export async function prepareVerdictProperties(api: THubSpotApi, wanted: readonly TVerdictField[], group: string, existing: TExisting, ensureGroup: () => Promise<void>, done: string[]): Promise<void> {
  const created: string[] = [];
  for (const field of wanted) {
    const spec = VERDICT_FIELD_SPECS[field];
    const name = verdictProperty(field);
    const found = await existing(name);
    if (!found) {
      await ensureGroup();
      const { type, fieldType } = TYPES[spec.kind];
      await api.call(`create the contact property ${name}`, (client) =>
        client.crm.properties.coreApi.createWithHttpInfo('contacts', {
          name,
          label: `${spec.label} (Handshake)`,
          groupName: group,
          type: type as never,
          fieldType: fieldType as never,
          ...(spec.options ? { options: optionsOf(spec) } : {}),
        }),
      );
      created.push(name);
      continue;
    }
    const known = new Set(found.options.map((o) => o.value));
    const missing = optionsOf(spec).filter((o) => !known.has(o.value));
    if (spec.options && missing.length > 0) {
      await api.call(`add options to ${name}`, (client) =>
        client.crm.properties.coreApi.updateWithHttpInfo('contacts', name, { options: [...found.options, ...missing.map((o) => ({ ...o, displayOrder: found.options.length + o.displayOrder }))] }),
      );
      done.push(`added ${missing.length} option(s) to ${name}`);
    }
  }
  if (created.length > 0) done.push(`created the contact properties ${created.join(', ')} (the verdict: stage, criteria, SLA)`);
  else if (wanted.length > 0) done.push(`the verdict's ${wanted.length} contact properties are ready`);
}

/** A verdict write as contact properties. */
export function verdictProperties(write: TOutboxWrite): Record<string, string> {
  const fields = (write.payload.fields ?? {}) as Partial<Record<TVerdictField, string | number | null>>;
  return Object.fromEntries(Object.entries(fields).map(([field, value]) => [verdictProperty(field as TVerdictField), value === null || value === undefined ? '' : String(value)]));
}
