import type { ActivityInput, PersonInput, PipedriveCompany } from './company';
import type { PipedriveContact } from './records';
import { v2Invalid } from './wire';

// What API v2 checks in a request body before it writes: no parameter it does not know, numbers
// that are numbers and booleans that are booleans (v2 no longer coerces), related records that
// exist, and custom field values that fit their field — a known key, an existing option.

export type Body = Record<string, unknown>;

function onlyKnown(body: Body, allowed: readonly string[]) {
  for (const key of Object.keys(body)) if (!allowed.includes(key)) throw v2Invalid(key, `Parameter '${key}' is not allowed for this request`);
}

function typed<T>(body: Body, key: string, type: 'string' | 'number' | 'boolean', nullable = false): T | undefined {
  const value = body[key];
  if (value === undefined || (nullable && value === null)) return value as T | undefined;
  if (typeof value !== type || (type === 'number' && !Number.isInteger(value))) throw v2Invalid(key, `Expected '${type}' as value`);
  return value as T;
}

function pattern(body: Body, key: string, shape: RegExp, example: string): string | null | undefined {
  const value = typed<string>(body, key, 'string', true);
  if (typeof value === 'string' && !shape.test(value)) throw v2Invalid(key, `Expected format ${example}, got '${value}'`);
  return value;
}

function existing(body: Body, key: string, map: ReadonlyMap<number, object>, what: string): number | null | undefined {
  const id = typed<number>(body, key, 'number', true);
  if (typeof id === 'number') {
    const record = map.get(id);
    if (!record || ('deleteTime' in record && record.deleteTime !== null)) throw v2Invalid(key, `${what} with ID ${id} does not exist`);
  }
  return id;
}

function contactList(body: Body, key: string): PipedriveContact[] | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  const valid = (c: unknown): c is Partial<PipedriveContact> & { value: string } =>
    typeof c === 'object' && c !== null && typeof (c as Body).value === 'string' && ['boolean', 'undefined'].includes(typeof (c as Body).primary) && ['string', 'undefined'].includes(typeof (c as Body).label);
  if (!Array.isArray(value) || !value.every(valid)) throw v2Invalid(key, `Expected an array of { value, primary, label } objects`);
  return value.map((c: Partial<PipedriveContact> & { value: string }, i) => ({ value: c.value, primary: c.primary ?? i === 0, label: c.label ?? 'work' }));
}

/** Checks `custom_fields` against the company's person fields: known keys, values of the field's type, options that exist. */
export function customFieldValues(company: PipedriveCompany, raw: unknown): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw v2Invalid('custom_fields', 'Expected an object');
  for (const [key, value] of Object.entries(raw as Body)) {
    const field = [...company.personFields.values()].find((f) => f.isCustom && f.key === key);
    if (!field) throw v2Invalid('custom_fields', `Parameter '${key}' is not allowed for this request`);
    if (value === null) continue;
    const optionIds = new Set(field.options?.map((o) => o.id));
    if (field.fieldType === 'enum') {
      if (typeof value !== 'number') throw v2Invalid('custom_fields', `Expected 'number' as value for single option custom field '${key}'`);
      if (!optionIds.has(value)) throw v2Invalid('custom_fields', `Option with ID ${value} does not exist for custom field '${key}'`);
    } else if (field.fieldType === 'set') {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'number')) throw v2Invalid('custom_fields', `Expected an array of 'number' as value for multiple option custom field '${key}'`);
      if (value.length === 0) throw v2Invalid('custom_fields', `Empty array is not allowed for multiple option custom field '${key}', use null to clear it`);
      const missing = value.find((id: number) => !optionIds.has(id));
      if (missing !== undefined) throw v2Invalid('custom_fields', `Option with ID ${missing} does not exist for custom field '${key}'`);
    } else if (field.fieldType === 'double') {
      if (typeof value !== 'number') throw v2Invalid('custom_fields', `Expected 'number' as value for custom field '${key}'`);
    } else if (field.fieldType === 'date') {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw v2Invalid('custom_fields', `Expected a date (YYYY-MM-DD) as value for custom field '${key}'`);
    } else if (typeof value !== 'string') {
      throw v2Invalid('custom_fields', `Expected 'string' as value for custom field '${key}'`);
    }
  }
  return raw as Record<string, unknown>;
}

const PERSON_PARAMETERS = ['name', 'owner_id', 'org_id', 'emails', 'phones', 'visible_to', 'label_ids', 'custom_fields', 'marketing_status'] as const;

/** A v2 person body (POST or PATCH /persons) as the company's input. */
export function personInput(company: PipedriveCompany, body: Body, creating: boolean): PersonInput {
  onlyKnown(body, PERSON_PARAMETERS);
  const name = typed<string>(body, 'name', 'string');
  if (creating && !name) throw v2Invalid('name', 'Required');
  typed(body, 'visible_to', 'number');
  const labelIds = body.label_ids;
  if (labelIds !== undefined && (!Array.isArray(labelIds) || !labelIds.every((id) => typeof id === 'number'))) throw v2Invalid('label_ids', `Expected an array of 'number'`);
  const ownerId = existing(body, 'owner_id', company.users, 'User') ?? undefined;
  const input: PersonInput = {
    name,
    ownerId,
    orgId: existing(body, 'org_id', company.organizations, 'Organization'),
    emails: contactList(body, 'emails'),
    phones: contactList(body, 'phones'),
    labelIds,
    customFields: customFieldValues(company, body.custom_fields),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

const ACTIVITY_PARAMETERS = [
  'subject', 'type', 'owner_id', 'deal_id', 'lead_id', 'person_id', 'org_id', 'project_id', 'due_date', 'due_time', 'duration',
  'busy', 'done', 'location', 'participants', 'attendees', 'public_description', 'priority', 'outcome', 'note',
] as const;

/** A v2 activity body (POST or PATCH /activities) as the company's input. */
export function activityInput(company: PipedriveCompany, body: Body): ActivityInput {
  onlyKnown(body, ACTIVITY_PARAMETERS);
  const type = typed<string>(body, 'type', 'string');
  if (type !== undefined && !company.activityTypes.some((t) => t.keyString === type)) throw v2Invalid('type', `Activity type '${type}' does not exist`);
  const participants = body.participants;
  if (participants !== undefined && (!Array.isArray(participants) || !participants.every((p) => typeof p === 'object' && p !== null && typeof (p as Body).person_id === 'number'))) {
    throw v2Invalid('participants', 'Expected an array of { person_id, primary } objects');
  }
  const primary = (participants as { person_id: number; primary?: boolean }[] | undefined)?.find((p) => p.primary) ?? (participants as { person_id: number }[] | undefined)?.[0];
  let personId = existing(body, 'person_id', company.persons, 'Person');
  if (personId === undefined && primary) personId = existing({ person_id: primary.person_id }, 'person_id', company.persons, 'Person');
  const input: ActivityInput = {
    subject: typed<string>(body, 'subject', 'string'),
    type,
    ownerId: existing(body, 'owner_id', company.users, 'User') ?? undefined,
    personId,
    orgId: existing(body, 'org_id', company.organizations, 'Organization'),
    dealId: existing(body, 'deal_id', company.deals, 'Deal'),
    dueDate: pattern(body, 'due_date', /^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'),
    dueTime: pattern(body, 'due_time', /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/, 'HH:MM'),
    duration: pattern(body, 'duration', /^\d{2}:[0-5]\d(:[0-5]\d)?$/, 'HH:MM'),
    busy: typed<boolean>(body, 'busy', 'boolean'),
    done: typed<boolean>(body, 'done', 'boolean'),
    note: typed<string>(body, 'note', 'string', true),
    publicDescription: typed<string>(body, 'public_description', 'string', true),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}
