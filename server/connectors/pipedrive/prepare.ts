import { v1 } from 'pipedrive';
import type { TCharter } from '../../../shared/charter';
import type { TPrepareResult } from '../types';
import type { TPipedriveApi } from './client';

// What write-back needs in a Pipedrive company, made at connect time: three custom person
// fields known by the names the charter gives them — the status (a single option field with
// the mapped values), the rejection reason (a single option field whose options are the
// charter's reasons) and the note (long text). Pipedrive keys custom fields by a hash and
// options by a number: both are learned here and kept with the connection.

/** The custom person fields write-back uses, with their keys and option ids by label. */
export interface TPipedriveFields {
  status: { key: string; options: Record<string, number> };
  reason: { key: string; options: Record<string, number> };
  note: { key: string };
}

export interface TFieldRow {
  id: number;
  key: string;
  name: string;
  field_type: string;
  options?: { id: number; label: string }[] | null;
}

/** The activity types a touch is written as (their key_string); every new company has them. */
export const TOUCH_ACTIVITY_TYPES = ['call', 'email', 'meeting', 'task'] as const;
const TEXT_TYPES = new Set(['text', 'varchar', 'varchar_auto']);
const FIELDS_PAGE = 500;

export async function readPersonFields(api: TPipedriveApi): Promise<TFieldRow[]> {
  const fields: TFieldRow[] = [];
  let start: number | undefined = 0;
  while (start !== undefined) {
    const from: number = start;
    const page = await api.call('read the person fields', (c) => new v1.PersonFieldsApi(c.v1).getPersonFields({ start: from, limit: FIELDS_PAGE }));
    fields.push(...((page.data ?? []) as unknown as TFieldRow[]));
    const { pagination } = (page.additional_data ?? {}) as { pagination?: { more_items_in_collection?: boolean; next_start?: number } };
    start = pagination?.more_items_in_collection ? pagination.next_start : undefined;
  }
  return fields;
}

const optionsByLabel = (field: TFieldRow): Record<string, number> => Object.fromEntries((field.options ?? []).map((o) => [o.label, o.id]));

/** A single option field with every label of `labels`: created, or given the labels it lacks. */
export async function ensureOptionField(api: TPipedriveApi, fields: TFieldRow[], name: string, labels: readonly string[], done: string[], steps: string[]): Promise<{ key: string; options: Record<string, number> } | null> {
  const existing = fields.find((f) => f.name === name);
  if (!existing) {
    const created = await api.call(`create the person field "${name}"`, (c) =>
      new v1.PersonFieldsApi(c.v1).addPersonField({ CreateFieldRequest: { name, field_type: 'enum', options: labels.map((label) => ({ label })) } }),
    );
    const field = created.data as unknown as TFieldRow;
    done.push(`created the person field "${name}" with ${labels.length} option(s)`);
    return { key: field.key, options: optionsByLabel(field) };
  }
  if (existing.field_type !== 'enum' && existing.field_type !== 'set') {
    steps.push(`The person field "${name}" is of type ${existing.field_type}: rename it in Pipedrive (Company settings → Data fields → Person) so Handshake can create its own single option field, then connect again.`);
    return null;
  }
  const known = new Set((existing.options ?? []).map((o) => o.label));
  const missing = labels.filter((label) => !known.has(label));
  if (missing.length === 0) {
    done.push(`the person field "${name}" has every option`);
    return { key: existing.key, options: optionsByLabel(existing) };
  }
  // Pipedrive deletes the options an update leaves out: the existing ones are sent back with their ids.
  const options = [...(existing.options ?? []).map((o) => ({ id: o.id, label: o.label })), ...missing.map((label) => ({ label }))];
  const updated = await api.call(`add options to the person field "${name}"`, (c) => new v1.PersonFieldsApi(c.v1).updatePersonField({ id: existing.id, UpdateFieldRequest: { options } }));
  done.push(`added ${missing.length} option(s) to the person field "${name}": ${missing.join(', ')}`);
  return { key: existing.key, options: optionsByLabel(updated.data as unknown as TFieldRow) };
}

async function ensureNoteField(api: TPipedriveApi, fields: TFieldRow[], name: string, done: string[], steps: string[]): Promise<{ key: string } | null> {
  const existing = fields.find((f) => f.name === name);
  if (!existing) {
    const created = await api.call(`create the person field "${name}"`, (c) => new v1.PersonFieldsApi(c.v1).addPersonField({ CreateFieldRequest: { name, field_type: 'text' } }));
    done.push(`created the person field "${name}"`);
    return { key: (created.data as unknown as TFieldRow).key };
  }
  if (!TEXT_TYPES.has(existing.field_type)) {
    steps.push(`The person field "${name}" is of type ${existing.field_type}, not text: rename it in Pipedrive so Handshake can create its own, then connect again.`);
    return null;
  }
  return { key: existing.key };
}

/** The status values a decision can write, each once. */
export function statusLabels(charter: TCharter): string[] {
  const values = charter.crmWriteBack.pipedrive.values;
  return [...new Set([values.accepted, values.rejected, ...Object.values(values.byReason)])];
}

export async function preparePipedrive(api: TPipedriveApi, charter: TCharter): Promise<TPrepareResult> {
  const done: string[] = [];
  const steps: string[] = [];
  const names = charter.crmWriteBack.pipedrive.fields;
  const fields = await readPersonFields(api);

  const status = await ensureOptionField(api, fields, names.status, statusLabels(charter), done, steps);
  const reason = await ensureOptionField(
    api,
    fields,
    names.reason,
    charter.rejectionReasons.map((r) => r.label),
    done,
    steps,
  );
  const note = await ensureNoteField(api, fields, names.note, done, steps);

  const types = await api.call('read the activity types', (c) => new v1.ActivityTypesApi(c.v1).getActivityTypes());
  const active = new Set((types.data ?? []).filter((t) => t.active_flag !== false).map((t) => t.key_string));
  const missing = TOUCH_ACTIVITY_TYPES.filter((type) => !active.has(type));
  if (missing.length > 0) steps.push(`Turn the activity type(s) ${missing.join(', ')} back on in Pipedrive (Company settings → Activity types): touches logged in Handshake are written as them.`);

  const learned: { fields?: TPipedriveFields } = status && reason && note ? { fields: { status, reason, note } } : {};
  return { done, steps, learned };
}
