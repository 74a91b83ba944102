import type { PipedriveCompany } from './company';
import type {
  PipedriveActivity,
  PipedriveActivityType,
  PipedriveDeal,
  PipedriveOrganization,
  PipedrivePerson,
  PipedrivePersonField,
  PipedriveUser,
} from './records';

// Records as Pipedrive writes them on the wire. API v2: RFC 3339 times (2025-01-01T10:20:00Z),
// custom fields in a `custom_fields` object, ids for related records. API v1: times as
// "YYYY-MM-DD HH:MM:SS" in UTC, custom fields at the root of the record. Errors: v1 answers
// { success: false, error, error_info, data: null, additional_data: null }; v2 answers
// { success: false, error, code }.

export const ERROR_INFO = 'Please check developers.pipedrive.com for more information about Pipedrive API.';

export class ApiError extends Error {
  constructor(
    readonly status: 400 | 401 | 404 | 429 | 500 | 502 | 503,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.error));
  }
}

export const v1ErrorBody = (error: string, extra: Record<string, unknown> = {}) => ({ success: false, error, error_info: ERROR_INFO, data: null, additional_data: null, ...extra });
export const v1Invalid = (error: string) => new ApiError(400, v1ErrorBody(error));
export const v1NotFound = (error: string) => new ApiError(404, v1ErrorBody(error));
/** A v2 request that fails validation: "Validation failed: <field>: <why>". */
export const v2Invalid = (field: string, why: string) => new ApiError(400, { success: false, error: `Validation failed: ${field}: ${why}`, code: 'ERR_SCHEMA_VALIDATION_FAILED' });
export const v2NotFound = (what: string) => new ApiError(404, { success: false, error: `${what} not found`, code: 'ERR_NOT_FOUND' });
export const UNAUTHORIZED_BODY = v1ErrorBody('unauthorized access', { errorCode: 401 });

export function rfc3339(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function v1Time(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

interface CustomFieldsOptions {
  /** Only these keys (the `custom_fields` query parameter). */
  keys?: string[];
  /** Options as { id, label } instead of ids (`include_option_labels=true`). */
  optionLabels?: boolean;
}

/** Every custom person field, null where the person has no value. */
function personCustomFields(company: PipedriveCompany, values: Record<string, unknown>, options: CustomFieldsOptions): Record<string, unknown> {
  const fields = [...company.personFields.values()].filter((f) => f.isCustom && (!options.keys || options.keys.includes(f.key)));
  return Object.fromEntries(
    fields.map((field) => {
      const value = values[field.key] ?? null;
      if (!options.optionLabels || value === null || !field.options) return [field.key, value];
      const labelled = (id: unknown) => ({ id, label: field.options?.find((o) => o.id === id)?.label ?? null });
      return [field.key, Array.isArray(value) ? value.map(labelled) : labelled(value)];
    }),
  );
}

const live = <T extends { deleteTime: number | null }>(records: Iterable<T>) => [...records].filter((r) => r.deleteTime === null);

/** The counts and activity links `include_fields` asks for, computed from the company's records. */
function personExtras(company: PipedriveCompany, person: PipedrivePerson, include: Set<string>): Record<string, unknown> {
  const activities = live(company.activities.values()).filter((a) => a.personId === person.id);
  const deals = live(company.deals.values()).filter((d) => d.personId === person.id);
  const byDue = (a: PipedriveActivity, b: PipedriveActivity) => `${a.dueDate ?? ''}${a.dueTime ?? ''}`.localeCompare(`${b.dueDate ?? ''}${b.dueTime ?? ''}`) || a.id - b.id;
  const undone = activities.filter((a) => !a.done).sort(byDue);
  const done = activities.filter((a) => a.done).sort(byDue);
  const count = (status: string) => deals.filter((d) => d.status === status).length;
  const extras: Record<string, unknown> = {
    activities_count: activities.length,
    done_activities_count: done.length,
    undone_activities_count: undone.length,
    next_activity_id: undone[0]?.id ?? null,
    last_activity_id: done.at(-1)?.id ?? null,
    open_deals_count: count('open'),
    closed_deals_count: count('won') + count('lost'),
    won_deals_count: count('won'),
    lost_deals_count: count('lost'),
  };
  return Object.fromEntries(Object.entries(extras).filter(([key]) => include.has(key)));
}

export interface PersonView extends CustomFieldsOptions {
  include?: Set<string>;
}

export function v2Person(company: PipedriveCompany, person: PipedrivePerson, view: PersonView = {}) {
  return {
    id: person.id,
    name: person.name,
    first_name: person.firstName,
    last_name: person.lastName,
    owner_id: person.ownerId,
    org_id: person.orgId,
    add_time: rfc3339(person.addTime),
    update_time: rfc3339(person.updateTime),
    emails: person.emails,
    phones: person.phones,
    is_deleted: person.deleteTime !== null,
    visible_to: person.visibleTo,
    label_ids: person.labelIds,
    picture_id: null,
    custom_fields: personCustomFields(company, person.customFields, view),
    ...(view.include ? personExtras(company, person, view.include) : {}),
  };
}

/** A person as API v1 writes it (merge answers, the recents feed): custom fields at the root, `active_flag` false once deleted. */
export function v1Person(company: PipedriveCompany, person: PipedrivePerson) {
  const org = person.orgId === null ? undefined : company.organizations.get(person.orgId);
  const counts = personExtras(company, person, new Set(['activities_count', 'done_activities_count', 'undone_activities_count', 'open_deals_count', 'closed_deals_count', 'won_deals_count', 'lost_deals_count']));
  return {
    id: person.id,
    company_id: 1,
    owner_id: person.ownerId,
    org_id: person.orgId,
    name: person.name,
    first_name: person.firstName,
    last_name: person.lastName,
    ...counts,
    active_flag: person.deleteTime === null,
    phone: person.phones,
    email: person.emails,
    first_char: person.name.charAt(0).toLowerCase(),
    add_time: v1Time(person.addTime),
    update_time: v1Time(person.updateTime),
    visible_to: String(person.visibleTo),
    picture_id: null,
    label: person.labelIds[0] ?? null,
    label_ids: person.labelIds,
    org_name: org?.name ?? null,
    owner_name: company.users.get(person.ownerId)?.name ?? '',
    cc_email: `${company.companyDomain}@pipedrivemail.com`,
    ...personCustomFields(company, person.customFields, {}),
  };
}

export function v2Organization(organization: PipedriveOrganization) {
  return {
    id: organization.id,
    name: organization.name,
    owner_id: organization.ownerId,
    add_time: rfc3339(organization.addTime),
    update_time: rfc3339(organization.updateTime),
    is_deleted: organization.deleteTime !== null,
    visible_to: organization.visibleTo,
    address: organization.address,
    label_ids: organization.labelIds,
    custom_fields: organization.customFields,
  };
}

export function v2Activity(activity: PipedriveActivity, withAttendees = false) {
  return {
    id: activity.id,
    subject: activity.subject,
    type: activity.type,
    owner_id: activity.ownerId,
    creator_user_id: activity.creatorUserId,
    is_deleted: activity.deleteTime !== null,
    add_time: rfc3339(activity.addTime),
    update_time: rfc3339(activity.updateTime),
    deal_id: activity.dealId,
    lead_id: null,
    person_id: activity.personId,
    org_id: activity.orgId,
    project_id: null,
    due_date: activity.dueDate,
    due_time: activity.dueTime,
    duration: activity.duration,
    busy: activity.busy,
    done: activity.done,
    marked_as_done_time: rfc3339(activity.markedAsDoneTime),
    location: null,
    participants: activity.personId === null ? [] : [{ person_id: activity.personId, primary: true }],
    ...(withAttendees ? { attendees: [] } : {}),
    conference_meeting_client: null,
    conference_meeting_url: null,
    conference_meeting_id: null,
    public_description: activity.publicDescription,
    priority: null,
    note: activity.note,
  };
}

export function v2Deal(deal: PipedriveDeal) {
  return {
    id: deal.id,
    title: deal.title,
    owner_id: deal.ownerId,
    person_id: deal.personId,
    org_id: deal.orgId,
    pipeline_id: deal.pipelineId,
    stage_id: deal.stageId,
    value: deal.value,
    currency: deal.currency,
    add_time: rfc3339(deal.addTime),
    update_time: rfc3339(deal.updateTime),
    stage_change_time: null,
    is_deleted: deal.deleteTime !== null,
    is_archived: false,
    status: deal.status,
    probability: null,
    lost_reason: deal.lostReason,
    visible_to: 3,
    close_time: rfc3339(deal.closeTime),
    won_time: rfc3339(deal.wonTime),
    lost_time: rfc3339(deal.lostTime),
    expected_close_date: null,
    label_ids: [],
    origin: 'API',
    origin_id: null,
    channel: null,
    channel_id: null,
    custom_fields: deal.customFields,
  };
}

export function v1User(company: PipedriveCompany, user: PipedriveUser) {
  return {
    id: user.id,
    name: user.name,
    default_currency: 'EUR',
    locale: 'en_US',
    lang: 1,
    email: user.email,
    phone: null,
    activated: user.active,
    last_login: v1Time(user.updateTime),
    created: v1Time(user.addTime),
    modified: v1Time(user.updateTime),
    has_created_company: user.id === company.owner.id,
    access: [{ app: 'sales', admin: user.isAdmin, permission_set_id: user.isAdmin ? 'admin' : 'regular' }],
    active_flag: user.active,
    timezone_name: 'UTC',
    timezone_offset: '+00:00',
    role_id: 1,
    icon_url: null,
    is_you: user.id === company.owner.id,
    is_deleted: false,
  };
}

export function v1PersonField(field: PipedrivePersonField) {
  return {
    id: field.id,
    key: field.key,
    name: field.name,
    order_nr: field.id - 9000,
    field_type: field.fieldType,
    add_time: v1Time(field.addTime),
    update_time: v1Time(field.updateTime),
    last_updated_by_user_id: field.isCustom ? 1 : null,
    created_by_user_id: field.isCustom ? 1 : null,
    active_flag: true,
    edit_flag: field.isCustom,
    index_visible_flag: true,
    details_visible_flag: true,
    add_visible_flag: true,
    important_flag: false,
    bulk_edit_allowed: true,
    searchable_flag: false,
    filtering_allowed: true,
    sortable_flag: true,
    mandatory_flag: false,
    options: field.options,
    ...(field.deletedOptions.length > 0 ? { options_deleted: field.deletedOptions } : {}),
  };
}

export function v2PersonField(field: PipedrivePersonField) {
  return {
    field_name: field.name,
    field_code: field.key,
    field_type: field.fieldType,
    is_custom_field: field.isCustom,
    is_optional_response_field: false,
    options: field.options?.map((o) => ({ ...o, color: null, update_time: null, add_time: null })) ?? null,
    subfields: null,
  };
}

export function v1ActivityType(type: PipedriveActivityType) {
  return {
    id: type.id,
    name: type.name,
    icon_key: type.iconKey,
    color: null,
    order_nr: type.orderNr,
    key_string: type.keyString,
    active_flag: true,
    is_custom_flag: false,
    add_time: '2020-01-01 00:00:00',
    update_time: null,
  };
}
