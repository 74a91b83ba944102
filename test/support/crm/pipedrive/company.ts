import { randomBytes } from 'node:crypto';
import {
  DELETED_KEPT_MS,
  type PipedriveActivity,
  type PipedriveActivityType,
  type PipedriveAddress,
  type PipedriveChange,
  type PipedriveContact,
  type PipedriveDeal,
  type PipedriveFieldType,
  type PipedriveOrganization,
  type PipedrivePerson,
  type PipedrivePersonField,
  type PipedriveUser,
} from './records';

// The company behind the stand-in: its users, persons, organisations, activities, deals and
// person fields. Tests seed and read it directly; the API routes go through the same methods,
// so a record looks the same whichever way it was written.

type Contact = string | Partial<PipedriveContact> & { value: string };
type Times = { addTime?: number; updateTime?: number };
type IdKind = 'user' | 'person' | 'organization' | 'activity' | 'deal';

export interface PersonInput extends Times {
  id?: number;
  name?: string;
  firstName?: string | null;
  lastName?: string | null;
  emails?: Contact[];
  phones?: Contact[];
  ownerId?: number;
  orgId?: number | null;
  /** Keyed by the field's key (or its name, for tests' convenience). */
  customFields?: Record<string, unknown>;
  labelIds?: number[];
}

export interface OrganizationInput extends Times {
  id?: number;
  name?: string;
  ownerId?: number;
  address?: string | PipedriveAddress | null;
  customFields?: Record<string, unknown>;
}

export type ActivityInput = Times & { id?: number } & Partial<Omit<PipedriveActivity, 'id' | 'addTime' | 'updateTime' | 'deleteTime'>>;
export type DealInput = Times & { id?: number } & Partial<Omit<PipedriveDeal, 'id' | 'addTime' | 'updateTime' | 'deleteTime'>>;

export interface PersonFieldInput {
  name: string;
  fieldType: PipedriveFieldType;
  /** Option labels, for enum and set fields. */
  options?: string[];
}

const BUILT_IN_PERSON_FIELDS: [string, string, PipedrivePersonField['fieldType']][] = [
  ['name', 'Name', 'varchar'],
  ['first_name', 'First name', 'varchar'],
  ['last_name', 'Last name', 'varchar'],
  ['email', 'Email', 'varchar'],
  ['phone', 'Phone', 'phone'],
  ['owner_id', 'Owner', 'user'],
  ['org_id', 'Organization', 'org'],
  ['visible_to', 'Visible to', 'visible_to'],
  ['label_ids', 'Labels', 'set'],
  ['add_time', 'Person created', 'date'],
  ['update_time', 'Update time', 'date'],
];

const DEFAULT_ACTIVITY_TYPES = ['Call', 'Meeting', 'Task', 'Deadline', 'Email', 'Lunch'];

function contacts(list: Contact[] | undefined): PipedriveContact[] {
  const all = (list ?? []).map((c) => (typeof c === 'string' ? { value: c } : c));
  return all.map((c, i) => ({ value: c.value, primary: c.primary ?? i === 0, label: c.label ?? 'work' }));
}

function splitName(name: string): { firstName: string | null; lastName: string | null } {
  const [first, ...rest] = name.trim().split(/\s+/);
  return { firstName: first || null, lastName: rest.length > 0 ? rest.join(' ') : null };
}

export class PipedriveCompany {
  readonly users = new Map<number, PipedriveUser>();
  readonly persons = new Map<number, PipedrivePerson>();
  readonly organizations = new Map<number, PipedriveOrganization>();
  readonly activities = new Map<number, PipedriveActivity>();
  readonly deals = new Map<number, PipedriveDeal>();
  readonly personFields = new Map<number, PipedrivePersonField>();
  readonly activityTypes: PipedriveActivityType[];
  /** Writes made through the API, in order. */
  readonly changes: PipedriveChange[] = [];
  /** The user the API token belongs to (id 1). */
  readonly owner: PipedriveUser;
  private readonly nextIds: Record<IdKind | 'field' | 'option', number> = { user: 1, person: 1, organization: 1, activity: 1, deal: 1, field: 9001, option: 1 };

  constructor(
    private readonly clock: () => number,
    readonly companyDomain: string,
  ) {
    this.owner = this.addUser({ name: 'Stand-in Owner', email: `owner@${companyDomain}.example`, isAdmin: true });
    for (const [key, name, fieldType] of BUILT_IN_PERSON_FIELDS) {
      const id = this.nextIds.field++;
      this.personFields.set(id, { id, key, name, fieldType, options: null, deletedOptions: [], isCustom: false, addTime: 0, updateTime: 0 });
    }
    this.activityTypes = DEFAULT_ACTIVITY_TYPES.map((name, i) => ({ id: i + 1, name, keyString: name.toLowerCase(), iconKey: name.toLowerCase(), orderNr: i + 1 }));
  }

  /** The clock's reading cut to whole seconds, as Pipedrive stores times. */
  time(): number {
    return Math.floor(this.clock() / 1000) * 1000;
  }

  /** Whether a deleted record is past the 30 days Pipedrive keeps it. */
  isGone(record: { deleteTime: number | null }): boolean {
    return record.deleteTime !== null && this.clock() - record.deleteTime > DELETED_KEPT_MS;
  }

  private id(kind: IdKind, wanted?: number): number {
    if (wanted === undefined) return this.nextIds[kind]++;
    this.nextIds[kind] = Math.max(this.nextIds[kind], wanted + 1);
    return wanted;
  }

  private must<T>(map: Map<number, T>, id: number, what: string): T {
    const record = map.get(id);
    if (!record) throw new Error(`no ${what} ${id} in the stand-in`);
    return record;
  }

  log(change: Omit<PipedriveChange, 'at'>): void {
    this.changes.push({ ...change, at: this.clock() });
  }

  // Users

  addUser(input: { id?: number; name: string; email: string; active?: boolean; isAdmin?: boolean }): PipedriveUser {
    const now = this.time();
    const user = { id: this.id('user', input.id), name: input.name, email: input.email, active: input.active ?? true, isAdmin: input.isAdmin ?? false, addTime: now, updateTime: now };
    this.users.set(user.id, user);
    return user;
  }

  updateUser(id: number, patch: Partial<Omit<PipedriveUser, 'id'>>): PipedriveUser {
    return Object.assign(this.must(this.users, id, 'user'), patch, { updateTime: this.time() });
  }

  // Person fields

  addPersonField(input: PersonFieldInput): PipedrivePersonField {
    const now = this.time();
    const id = this.nextIds.field++;
    const hasOptions = input.fieldType === 'enum' || input.fieldType === 'set';
    const options = hasOptions ? (input.options ?? []).map((label) => ({ id: this.nextIds.option++, label })) : null;
    const field = { id, key: randomBytes(20).toString('hex'), name: input.name, fieldType: input.fieldType, options, deletedOptions: [], isCustom: true, addTime: now, updateTime: now };
    this.personFields.set(id, field);
    return field;
  }

  /** Replaces a set/enum field's options: entries with an id keep it, new labels get one, the rest are deleted. */
  setPersonFieldOptions(fieldId: number, options: { id?: number; label: string }[]): PipedrivePersonField {
    const field = this.must(this.personFields, fieldId, 'person field');
    const kept = options.map((o) => ({ id: o.id ?? this.nextIds.option++, label: o.label }));
    const keptIds = new Set(kept.map((o) => o.id));
    field.deletedOptions.push(...(field.options ?? []).filter((o) => !keptIds.has(o.id)));
    field.options = kept;
    field.updateTime = this.time();
    return field;
  }

  /** A person field by its key, id or name. */
  personField(keyOrName: string | number): PipedrivePersonField | undefined {
    return [...this.personFields.values()].find((f) => f.id === keyOrName || f.key === keyOrName || f.name === keyOrName);
  }

  /** The id of a set/enum field's option, by its label. */
  optionId(field: string, label: string): number {
    const option = this.personField(field)?.options?.find((o) => o.label === label);
    if (!option) throw new Error(`no option "${label}" on person field ${field}`);
    return option.id;
  }

  private customValues(values: Record<string, unknown> | undefined): Record<string, unknown> {
    return Object.fromEntries(Object.entries(values ?? {}).map(([key, value]) => [this.personField(key)?.key ?? key, value]));
  }

  // Persons

  addPerson(input: PersonInput): PipedrivePerson {
    const now = this.time();
    const named = input.name ? splitName(input.name) : { firstName: null, lastName: null };
    const firstName = input.firstName !== undefined ? input.firstName : named.firstName;
    const lastName = input.lastName !== undefined ? input.lastName : named.lastName;
    const person: PipedrivePerson = {
      id: this.id('person', input.id),
      name: input.name ?? [firstName, lastName].filter(Boolean).join(' '),
      firstName,
      lastName,
      emails: contacts(input.emails),
      phones: contacts(input.phones),
      ownerId: input.ownerId ?? this.owner.id,
      orgId: input.orgId ?? null,
      customFields: this.customValues(input.customFields),
      labelIds: input.labelIds ?? [],
      visibleTo: 3,
      addTime: input.addTime ?? now,
      updateTime: input.updateTime ?? input.addTime ?? now,
      deleteTime: null,
      mergedIntoId: null,
    };
    this.persons.set(person.id, person);
    return person;
  }

  updatePerson(id: number, patch: Omit<PersonInput, 'id' | 'addTime'>): PipedrivePerson {
    const person = this.must(this.persons, id, 'person');
    if (patch.name !== undefined) Object.assign(person, { name: patch.name }, splitName(patch.name));
    if (patch.firstName !== undefined) person.firstName = patch.firstName;
    if (patch.lastName !== undefined) person.lastName = patch.lastName;
    if (patch.emails) person.emails = contacts(patch.emails);
    if (patch.phones) person.phones = contacts(patch.phones);
    if (patch.ownerId !== undefined) person.ownerId = patch.ownerId;
    if (patch.orgId !== undefined) person.orgId = patch.orgId;
    if (patch.labelIds) person.labelIds = patch.labelIds;
    for (const [key, value] of Object.entries(this.customValues(patch.customFields))) {
      if (value === null) delete person.customFields[key];
      else person.customFields[key] = value;
    }
    person.updateTime = patch.updateTime ?? this.time();
    return person;
  }

  deletePerson(id: number): void {
    const person = this.must(this.persons, id, 'person');
    person.deleteTime = person.updateTime = this.time();
  }

  /** Merges `id` into `mergeWithId`, as PUT /persons/{id}/merge does: the latter keeps its data, fills its empty fields from the former, takes over its activities and deals; the former is deleted. */
  mergePersons(id: number, mergeWithId: number): PipedrivePerson {
    const merged = this.must(this.persons, id, 'person');
    const kept = this.must(this.persons, mergeWithId, 'person');
    const now = this.time();
    if (kept.emails.length === 0) kept.emails = merged.emails;
    if (kept.phones.length === 0) kept.phones = merged.phones;
    if (kept.orgId === null) kept.orgId = merged.orgId;
    if (kept.firstName === null) kept.firstName = merged.firstName;
    if (kept.lastName === null) kept.lastName = merged.lastName;
    kept.customFields = { ...merged.customFields, ...kept.customFields };
    kept.updateTime = now;
    for (const record of [...this.activities.values(), ...this.deals.values()]) {
      if (record.personId === id) Object.assign(record, { personId: mergeWithId, updateTime: now });
    }
    Object.assign(merged, { deleteTime: now, updateTime: now, mergedIntoId: mergeWithId });
    return kept;
  }

  // Organisations

  addOrganization(input: OrganizationInput): PipedriveOrganization {
    const now = this.time();
    const organization: PipedriveOrganization = {
      id: this.id('organization', input.id),
      name: input.name ?? '',
      ownerId: input.ownerId ?? this.owner.id,
      address: typeof input.address === 'string' ? { value: input.address } : (input.address ?? null),
      customFields: { ...input.customFields },
      labelIds: [],
      visibleTo: 3,
      addTime: input.addTime ?? now,
      updateTime: input.updateTime ?? input.addTime ?? now,
      deleteTime: null,
    };
    this.organizations.set(organization.id, organization);
    return organization;
  }

  updateOrganization(id: number, patch: Omit<OrganizationInput, 'id' | 'addTime'>): PipedriveOrganization {
    const organization = this.must(this.organizations, id, 'organization');
    const { address, customFields, updateTime, ...rest } = patch;
    Object.assign(organization, rest, { updateTime: updateTime ?? this.time() });
    if (address !== undefined) organization.address = typeof address === 'string' ? { value: address } : address;
    if (customFields) Object.assign(organization.customFields, customFields);
    return organization;
  }

  deleteOrganization(id: number): void {
    const organization = this.must(this.organizations, id, 'organization');
    organization.deleteTime = organization.updateTime = this.time();
  }

  // Activities

  addActivity(input: ActivityInput): PipedriveActivity {
    const now = this.time();
    const type = input.type ?? 'call';
    const done = input.done ?? false;
    const activity: PipedriveActivity = {
      subject: this.activityTypes.find((t) => t.keyString === type)?.name ?? type,
      dueDate: null,
      dueTime: null,
      duration: null,
      personId: null,
      orgId: null,
      dealId: null,
      note: null,
      publicDescription: null,
      busy: false,
      markedAsDoneTime: done ? (input.updateTime ?? now) : null,
      ...input,
      id: this.id('activity', input.id),
      type,
      done,
      ownerId: input.ownerId ?? this.owner.id,
      creatorUserId: input.creatorUserId ?? input.ownerId ?? this.owner.id,
      addTime: input.addTime ?? now,
      updateTime: input.updateTime ?? input.addTime ?? now,
      deleteTime: null,
    };
    this.activities.set(activity.id, activity);
    return activity;
  }

  updateActivity(id: number, patch: Omit<ActivityInput, 'id' | 'addTime'>): PipedriveActivity {
    const activity = this.must(this.activities, id, 'activity');
    const now = patch.updateTime ?? this.time();
    if (patch.done !== undefined && patch.done !== activity.done && patch.markedAsDoneTime === undefined) activity.markedAsDoneTime = patch.done ? now : null;
    return Object.assign(activity, patch, { updateTime: now });
  }

  deleteActivity(id: number): void {
    const activity = this.must(this.activities, id, 'activity');
    activity.deleteTime = activity.updateTime = this.time();
  }

  // Deals

  addDeal(input: DealInput): PipedriveDeal {
    const now = this.time();
    const status = input.status ?? 'open';
    const closed = input.wonTime ?? input.lostTime ?? (status === 'open' ? null : now);
    const deal: PipedriveDeal = {
      title: '',
      value: 0,
      currency: 'EUR',
      lostReason: null,
      personId: null,
      orgId: null,
      pipelineId: 1,
      stageId: 1,
      wonTime: status === 'won' ? closed : null,
      lostTime: status === 'lost' ? closed : null,
      closeTime: closed,
      ...input,
      customFields: { ...input.customFields },
      id: this.id('deal', input.id),
      status,
      ownerId: input.ownerId ?? this.owner.id,
      addTime: input.addTime ?? now,
      updateTime: input.updateTime ?? input.addTime ?? now,
      deleteTime: null,
    };
    this.deals.set(deal.id, deal);
    return deal;
  }

  updateDeal(id: number, patch: Omit<DealInput, 'id' | 'addTime'>): PipedriveDeal {
    const deal = this.must(this.deals, id, 'deal');
    const now = patch.updateTime ?? this.time();
    if (patch.status && patch.status !== deal.status) {
      deal.wonTime = patch.status === 'won' ? now : null;
      deal.lostTime = patch.status === 'lost' ? now : null;
      deal.closeTime = patch.status === 'open' ? null : now;
    }
    return Object.assign(deal, patch, { updateTime: now });
  }

  deleteDeal(id: number): void {
    const deal = this.must(this.deals, id, 'deal');
    deal.deleteTime = deal.updateTime = this.time();
  }
}
