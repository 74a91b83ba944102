import { KEY_PREFIXES } from './salesforce-ids';

// The objects and fields of the stand-in org — the standard ones a sales org has, plus the
// custom fields a test adds — as describe reports them and as writes and SOQL check them.

export type FieldType =
  | 'id'
  | 'string'
  | 'textarea'
  | 'email'
  | 'url'
  | 'phone'
  | 'combobox'
  | 'picklist'
  | 'reference'
  | 'datetime'
  | 'date'
  | 'boolean'
  | 'int'
  | 'double'
  | 'currency';

export interface PicklistEntry {
  value: string;
  label: string;
  active: boolean;
  defaultValue: boolean;
}

export interface FieldDef {
  name: string;
  label: string;
  type: FieldType;
  length?: number;
  createable: boolean;
  updateable: boolean;
  nillable: boolean;
  custom: boolean;
  /** Has to be given on insert (Lead's LastName and Company, an Opportunity's StageName...). */
  required?: boolean;
  externalId?: boolean;
  unique?: boolean;
  picklistValues?: PicklistEntry[];
  restrictedPicklist?: boolean;
  referenceTo?: string[];
  relationshipName?: string;
  /** Worked out by the org on every write (Name, IsClosed...), never written. */
  calculated?: boolean;
}

export interface ObjectDef {
  name: string;
  label: string;
  labelPlural: string;
  keyPrefix: string;
  fields: FieldDef[];
}

/** A record as the org keeps it: datetimes as epoch ms, dates as YYYY-MM-DD. */
export interface StoredRecord {
  type: string;
  id: string;
  values: Record<string, unknown>;
  deletedAt?: number;
}

/** What a test gives to add a custom field. */
export interface CustomFieldSpec {
  name: string;
  type: FieldType;
  label?: string;
  length?: number;
  /** For a picklist: its values (none of them the default). */
  picklistValues?: string[];
  /** For a picklist: refuse values outside the list (default true, as Setup does today). */
  restrictedPicklist?: boolean;
  externalId?: boolean;
  unique?: boolean;
  /** For a reference: the object it points to (and the relationship is Name minus __c plus __r). */
  referenceTo?: string;
}

type FieldOptions = Partial<Omit<FieldDef, 'name' | 'label' | 'type'>>;

const field = (name: string, label: string, type: FieldType, options: FieldOptions = {}): FieldDef => ({
  name,
  label,
  type,
  createable: true,
  updateable: true,
  nillable: true,
  custom: false,
  ...options,
});
const readOnly: FieldOptions = { createable: false, updateable: false };
const text = (name: string, label: string, length: number, options: FieldOptions = {}) => field(name, label, 'string', { length, ...options });
const longText = (name: string, label: string) => field(name, label, 'textarea', { length: 32000 });
const reference = (name: string, label: string, referenceTo: string[], relationshipName: string, options: FieldOptions = {}) =>
  field(name, label, 'reference', { referenceTo, relationshipName, length: 18, ...options });

export function picklistEntries(values: readonly string[], defaultValue?: string): PicklistEntry[] {
  return values.map((value) => ({ value, label: value, active: true, defaultValue: value === defaultValue }));
}
const picklist = (name: string, label: string, values: readonly string[], options: FieldOptions & { defaultValue?: string } = {}) => {
  const { defaultValue, ...rest } = options;
  return field(name, label, 'picklist', { picklistValues: picklistEntries(values, defaultValue), restrictedPicklist: false, length: 255, ...rest });
};

export const LEAD_STATUSES = ['Open - Not Contacted', 'Working - Contacted', 'Closed - Converted', 'Closed - Not Converted'] as const;
export const TASK_STATUSES = ['Not Started', 'In Progress', 'Completed', 'Waiting on someone else', 'Deferred'] as const;
export const CLOSED_TASK_STATUSES: readonly string[] = ['Completed'];
export const OPPORTUNITY_STAGES = [
  'Prospecting',
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
] as const;
const LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const INDUSTRIES = ['Agriculture', 'Banking', 'Consulting', 'Education', 'Energy', 'Finance', 'Healthcare', 'Manufacturing', 'Media', 'Retail', 'Technology', 'Telecommunications', 'Other'];

function systemFields(): FieldDef[] {
  return [
    field('Id', `Record ID`, 'id', { ...readOnly, nillable: false, length: 18 }),
    field('IsDeleted', 'Deleted', 'boolean', { ...readOnly, nillable: false }),
    field('CreatedDate', 'Created Date', 'datetime', { ...readOnly, nillable: false }),
    reference('CreatedById', 'Created By ID', ['User'], 'CreatedBy', { ...readOnly, nillable: false }),
    field('LastModifiedDate', 'Last Modified Date', 'datetime', { ...readOnly, nillable: false }),
    reference('LastModifiedById', 'Last Modified By ID', ['User'], 'LastModifiedBy', { ...readOnly, nillable: false }),
    field('SystemModstamp', 'System Modstamp', 'datetime', { ...readOnly, nillable: false }),
  ];
}

const personName = (lastNameRequired: boolean) => [
  text('FirstName', 'First Name', 40),
  text('LastName', 'Last Name', 80, { required: lastNameRequired, nillable: !lastNameRequired }),
  text('Name', 'Full Name', 121, { ...readOnly, calculated: true }),
];

function standardObjects(): ObjectDef[] {
  const object = (name: string, labelPlural: string, fields: FieldDef[]): ObjectDef => ({
    name,
    label: name,
    labelPlural,
    keyPrefix: KEY_PREFIXES[name] ?? '',
    fields: [...systemFields(), ...fields],
  });
  const activity = [
    reference('WhoId', 'Name ID', ['Contact', 'Lead'], 'Who'),
    reference('WhatId', 'Related To ID', ['Account', 'Opportunity'], 'What'),
    field('Subject', 'Subject', 'combobox', { length: 255 }),
    field('ActivityDate', 'Due Date Only', 'date'),
    longText('Description', 'Description'),
    reference('AccountId', 'Account ID', ['Account'], 'Account', readOnly),
  ];
  return [
    object('Lead', 'Leads', [
      ...personName(true),
      field('Email', 'Email', 'email', { length: 80 }),
      text('Company', 'Company', 255, { required: true, nillable: false }),
      text('Title', 'Title', 128),
      field('Phone', 'Phone', 'phone', { length: 40 }),
      picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      picklist('Status', 'Status', LEAD_STATUSES, { defaultValue: 'Open - Not Contacted', restrictedPicklist: true, nillable: false }),
      reference('OwnerId', 'Owner ID', ['Group', 'User'], 'Owner', { nillable: false }),
      text('Country', 'Country', 80),
      picklist('Industry', 'Industry', INDUSTRIES),
      field('NumberOfEmployees', 'Employees', 'int'),
      field('Website', 'Website', 'url', { length: 255 }),
      longText('Description', 'Description'),
      field('IsConverted', 'Converted', 'boolean', { ...readOnly, nillable: false }),
      field('ConvertedDate', 'Converted Date', 'date', readOnly),
      reference('ConvertedAccountId', 'Converted Account ID', ['Account'], 'ConvertedAccount', readOnly),
      reference('ConvertedContactId', 'Converted Contact ID', ['Contact'], 'ConvertedContact', readOnly),
      reference('ConvertedOpportunityId', 'Converted Opportunity ID', ['Opportunity'], 'ConvertedOpportunity', readOnly),
      // Set on a lead deleted by a merge: the lead that survived.
      reference('MasterRecordId', 'Master Record ID', ['Lead'], 'MasterRecord', readOnly),
    ]),
    object('Contact', 'Contacts', [
      ...personName(true),
      field('Email', 'Email', 'email', { length: 80 }),
      text('Title', 'Title', 128),
      field('Phone', 'Business Phone', 'phone', { length: 40 }),
      picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      reference('AccountId', 'Account ID', ['Account'], 'Account'),
      reference('OwnerId', 'Owner ID', ['User'], 'Owner', { nillable: false }),
      longText('Description', 'Contact Description'),
    ]),
    object('Account', 'Accounts', [
      text('Name', 'Account Name', 255, { required: true, nillable: false }),
      field('Website', 'Website', 'url', { length: 255 }),
      picklist('Industry', 'Industry', INDUSTRIES),
      field('NumberOfEmployees', 'Employees', 'int'),
      reference('OwnerId', 'Owner ID', ['User'], 'Owner', { nillable: false }),
      longText('Description', 'Account Description'),
    ]),
    object('Opportunity', 'Opportunities', [
      text('Name', 'Name', 120, { required: true, nillable: false }),
      picklist('StageName', 'Stage', OPPORTUNITY_STAGES, { required: true, nillable: false, restrictedPicklist: true }),
      field('IsClosed', 'Closed', 'boolean', { ...readOnly, nillable: false, calculated: true }),
      field('IsWon', 'Won', 'boolean', { ...readOnly, nillable: false, calculated: true }),
      field('Amount', 'Amount', 'currency'),
      field('CloseDate', 'Close Date', 'date', { required: true, nillable: false }),
      picklist('LeadSource', 'Lead Source', LEAD_SOURCES),
      reference('AccountId', 'Account ID', ['Account'], 'Account'),
      reference('OwnerId', 'Owner ID', ['User'], 'Owner', { nillable: false }),
      longText('Description', 'Description'),
    ]),
    object('Task', 'Tasks', [
      ...activity,
      picklist('Status', 'Status', TASK_STATUSES, { defaultValue: 'Not Started', restrictedPicklist: true, nillable: false }),
      picklist('Priority', 'Priority', ['High', 'Normal', 'Low'], { defaultValue: 'Normal', restrictedPicklist: true, nillable: false }),
      picklist('TaskSubtype', 'Task Subtype', ['Task', 'Email', 'ListEmail', 'Cadence', 'Call', 'LinkedIn'], { updateable: false, restrictedPicklist: true }),
      picklist('Type', 'Type', ['Call', 'Email', 'Meeting', 'Other']),
      field('IsClosed', 'Closed', 'boolean', { ...readOnly, nillable: false, calculated: true }),
      field('CompletedDateTime', 'Completed Date/Time', 'datetime', readOnly),
      reference('OwnerId', 'Assigned To ID', ['Group', 'User'], 'Owner', { nillable: false }),
    ]),
    object('Event', 'Events', [
      ...activity,
      field('StartDateTime', 'Start', 'datetime'),
      field('EndDateTime', 'End', 'datetime'),
      field('ActivityDateTime', 'Due Date Time', 'datetime'),
      field('DurationInMinutes', 'Duration', 'int'),
      field('IsAllDayEvent', 'All-Day Event', 'boolean', { nillable: false }),
      text('Location', 'Location', 255),
      picklist('EventSubtype', 'Event Subtype', ['Event'], { updateable: false, restrictedPicklist: true }),
      reference('OwnerId', 'Assigned To ID', ['Calendar', 'User'], 'Owner', { nillable: false }),
    ]),
    object('User', 'Users', [
      text('Username', 'Username', 80, { required: true, nillable: false, unique: true }),
      ...personName(true),
      field('Email', 'Email', 'email', { length: 128, required: true, nillable: false }),
      text('Alias', 'Alias', 8),
      text('Title', 'Title', 80),
      field('IsActive', 'Active', 'boolean', { nillable: false }),
    ]),
  ];
}

/** What a polymorphic lookup (Owner on a Lead, Who and What on a Task) can be read through in SOQL. */
export const NAME_OBJECT: ObjectDef = {
  name: 'Name',
  label: 'Name',
  labelPlural: 'Names',
  keyPrefix: '',
  fields: [
    field('Id', 'Record ID', 'id', readOnly),
    text('Name', 'Name', 255, readOnly),
    text('FirstName', 'First Name', 40, readOnly),
    text('LastName', 'Last Name', 80, readOnly),
    field('Email', 'Email', 'email', readOnly),
    text('Title', 'Title', 80, readOnly),
    text('Alias', 'Alias', 8, readOnly),
    text('Username', 'Username', 80, readOnly),
    field('Phone', 'Phone', 'phone', readOnly),
    field('IsActive', 'Active', 'boolean', readOnly),
    text('Type', 'Object Type', 40, readOnly),
  ],
};

/** The org's objects, looked up case-insensitively as Salesforce does. */
export class SalesforceSchema {
  private readonly objects = new Map<string, ObjectDef>();

  constructor() {
    for (const def of standardObjects()) this.objects.set(def.name.toLowerCase(), def);
  }

  object(name: string): ObjectDef | undefined {
    return this.objects.get(name.toLowerCase());
  }

  all(): ObjectDef[] {
    return [...this.objects.values()];
  }

  field(objectName: string, fieldName: string): FieldDef | undefined {
    const lower = fieldName.toLowerCase();
    return this.object(objectName)?.fields.find((f) => f.name.toLowerCase() === lower);
  }

  /** The lookup field whose relationship is called so (Owner → OwnerId). */
  relationship(objectName: string, relationshipName: string): FieldDef | undefined {
    const lower = relationshipName.toLowerCase();
    return this.object(objectName)?.fields.find((f) => f.relationshipName?.toLowerCase() === lower);
  }

  addField(objectName: string, spec: CustomFieldSpec): FieldDef {
    const def = this.require(objectName);
    if (this.field(objectName, spec.name)) throw new Error(`${objectName}.${spec.name} already exists`);
    const label = spec.label ?? spec.name.replace(/__c$/, '').replace(/_/g, ' ');
    const added = field(spec.name, label, spec.type, {
      custom: true,
      externalId: spec.externalId ?? false,
      unique: spec.unique ?? false,
      length: spec.length ?? defaultLength(spec.type),
    });
    if (spec.type === 'picklist') {
      added.picklistValues = picklistEntries(spec.picklistValues ?? []);
      added.restrictedPicklist = spec.restrictedPicklist ?? true;
    }
    if (spec.type === 'reference') {
      added.referenceTo = [spec.referenceTo ?? 'User'];
      added.relationshipName = spec.name.replace(/__c$/, '__r');
    }
    def.fields.push(added);
    return added;
  }

  removeField(objectName: string, fieldName: string): void {
    const def = this.require(objectName);
    const found = this.field(objectName, fieldName);
    if (!found) throw new Error(`${objectName}.${fieldName} does not exist`);
    def.fields = def.fields.filter((f) => f !== found);
  }

  setPicklistValues(objectName: string, fieldName: string, values: readonly string[], defaultValue?: string): void {
    const found = this.field(objectName, fieldName);
    if (found?.type !== 'picklist') throw new Error(`${objectName}.${fieldName} is not a picklist`);
    found.picklistValues = picklistEntries(values, defaultValue);
  }

  private require(objectName: string): ObjectDef {
    const def = this.object(objectName);
    if (!def) throw new Error(`no object ${objectName}`);
    return def;
  }
}

function defaultLength(type: FieldType): number | undefined {
  if (type === 'string' || type === 'picklist' || type === 'url' || type === 'combobox') return 255;
  if (type === 'textarea') return 32768;
  if (type === 'email') return 80;
  if (type === 'phone') return 40;
  if (type === 'reference' || type === 'id') return 18;
  return undefined;
}
