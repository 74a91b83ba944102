import { v1 } from 'pipedrive';
import type { TOutboxWrite } from '../types';
import { VERDICT_FIELD_SPECS, type TVerdictField, type TVerdictFieldSpec } from '../verdict';
import type { TPipedriveApi } from './client';
import { ensureOptionField, readPersonFields, type TFieldRow } from './prepare';

// The verdict on Pipedrive persons: one custom person field per verdict field, made at connect
// time and known by its name ("Handshake stage"…); Pipedrive keys fields by a hash and options
// by a number, both learned then and kept with the connection. Instants are written as ISO
// 8601 text (Pipedrive's date fields hold no time of day).

/** Each verdict field's key and, for a single option field, the option id of each value. */
export type TPipedriveVerdictFields = Partial<Record<TVerdictField, { key: string; options?: Record<string, number> }>>;

/** "Handshake stage", "Handshake SLA deadline"… */
export function verdictFieldName(field: TVerdictField): string {
  const label = VERDICT_FIELD_SPECS[field].label;
  const [first = '', ...rest] = label.split(' ');
  return `Handshake ${first === first.toUpperCase() ? first : first.toLowerCase()}${rest.length ? ` ${rest.join(' ')}` : ''}`;
}

const TYPES: Record<Exclude<TVerdictFieldSpec['kind'], 'enum'>, { create: 'varchar' | 'double'; accepted: readonly string[] }> = {
  datetime: { create: 'varchar', accepted: ['varchar', 'varchar_auto', 'text'] },
  number: { create: 'double', accepted: ['double'] },
  text: { create: 'varchar', accepted: ['varchar', 'varchar_auto', 'text'] },
};

async function ensureValueField(api: TPipedriveApi, fields: TFieldRow[], name: string, kind: keyof typeof TYPES, created: string[], steps: string[]): Promise<{ key: string } | null> {
  const existing = fields.find((f) => f.name === name);
  if (!existing) {
    const made = await api.call(`create the person field "${name}"`, (c) => new v1.PersonFieldsApi(c.v1).addPersonField({ CreateFieldRequest: { name, field_type: TYPES[kind].create } }));
    created.push(name);
    return { key: (made.data as unknown as TFieldRow).key };
  }
  if (!TYPES[kind].accepted.includes(existing.field_type)) {
    steps.push(`The person field "${name}" is of type ${existing.field_type}, not ${TYPES[kind].create}: rename it in Pipedrive (Company settings → Data fields → Person) so Handshake can create its own, then connect again.`);
    return null;
  }
  return { key: existing.key };
}

/** Creates the wanted verdict fields missing from persons and learns every one's key and options. */
export async function preparePipedriveVerdict(api: TPipedriveApi, wanted: readonly TVerdictField[], done: string[], steps: string[]): Promise<TPipedriveVerdictFields> {
  if (wanted.length === 0) return {};
  const fields = await readPersonFields(api);
  const learned: TPipedriveVerdictFields = {};
  const created: string[] = [];
  for (const field of wanted) {
    const spec = VERDICT_FIELD_SPECS[field];
    const name = verdictFieldName(field);
    if (spec.kind === 'enum') {
      const labels = (spec.options ?? []).map(([, label]) => label);
      const found = await ensureOptionField(api, fields, name, labels, done, steps);
      if (found) learned[field] = { key: found.key, options: Object.fromEntries((spec.options ?? []).map(([value, label]) => [value, found.options[label]!])) };
    } else {
      const found = await ensureValueField(api, fields, name, spec.kind, created, steps);
      if (found) learned[field] = found;
    }
  }
  if (created.length > 0) done.push(`created the person fields ${created.map((n) => `"${n}"`).join(', ')} (the verdict: stage, criteria, SLA)`);
  return learned;
}

/** The verdict fields that exist in Pipedrive now, found by name, added to those learned. */
export async function knownVerdictFields(api: TPipedriveApi, learned: TPipedriveVerdictFields): Promise<TPipedriveVerdictFields> {
  const rows = await readPersonFields(api);
  const known: TPipedriveVerdictFields = { ...learned };
  for (const field of Object.keys(VERDICT_FIELD_SPECS) as TVerdictField[]) {
    const row = rows.find((r) => r.name === verdictFieldName(field));
    if (!row) continue;
    const spec = VERDICT_FIELD_SPECS[field];
    const byLabel = new Map((row.options ?? []).map((o) => [o.label, o.id]));
    known[field] = spec.options
      ? { key: row.key, options: Object.fromEntries(spec.options.filter(([, label]) => byLabel.has(label)).map(([value, label]) => [value, byLabel.get(label)!])) }
      : { key: row.key };
  }
  return known;
}

/** A verdict write as person custom fields, or why it cannot be written with the fields learned. */
export function verdictCustomFields(write: TOutboxWrite, learned: TPipedriveVerdictFields): { fields: Record<string, string | number | null> } | { missing: string } {
  const values = (write.payload.fields ?? {}) as Partial<Record<TVerdictField, string | number | null>>;
  const fields: Record<string, string | number | null> = {};
  for (const [name, value] of Object.entries(values) as [TVerdictField, string | number | null][]) {
    const known = learned[name];
    if (!known) return { missing: `the person field "${verdictFieldName(name)}" is not known: run connect pipedrive again to create it` };
    if (value === null) fields[known.key] = null;
    else if (known.options) {
      const option = known.options[String(value)];
      if (option === undefined) return { missing: `the person field "${verdictFieldName(name)}" has no option for "${value}": run connect pipedrive again to add it` };
      fields[known.key] = option;
    } else fields[known.key] = VERDICT_FIELD_SPECS[name].kind === 'number' ? Number(value) : String(value);
  }
  return { fields };
}
