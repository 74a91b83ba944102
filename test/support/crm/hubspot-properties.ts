import { OBJECT_TYPES, type HubSpotObjectType } from './hubspot-object-types';

// The property definitions a new HubSpot portal has (the standard ones the stand-in needs, with
// HubSpot's names, types and default options), and the checks HubSpot makes on a written value.

export type HubSpotPropertyType = 'string' | 'number' | 'date' | 'datetime' | 'enumeration' | 'bool';

export interface HubSpotPropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description: string;
}

export interface HubSpotPropertyDefinition {
  name: string;
  label: string;
  type: HubSpotPropertyType;
  fieldType: string;
  groupName: string;
  description: string;
  options: HubSpotPropertyOption[];
  displayOrder: number;
  hidden: boolean;
  hasUniqueValue: boolean;
  formField: boolean;
  calculated: boolean;
  /** hubspot_owner_id: its options are the portal's owners. */
  externalOptions: boolean;
  hubspotDefined: boolean;
  readOnlyValue: boolean;
  readOnlyDefinition: boolean;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
}

export interface HubSpotPropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

/** One entry of HubSpot's "Property values were not valid" list. */
export interface PropertyProblem {
  name: string;
  error: string;
  message: string;
}

export const PROPERTY_TYPES: HubSpotPropertyType[] = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'];
export const FIELD_TYPES = ['textarea', 'text', 'date', 'file', 'number', 'select', 'radio', 'checkbox', 'booleancheckbox', 'calculation_equation', 'phonenumber', 'html'];

const LIFECYCLE_STAGES: [string, string][] = [
  ['subscriber', 'Subscriber'],
  ['lead', 'Lead'],
  ['marketingqualifiedlead', 'Marketing Qualified Lead'],
  ['salesqualifiedlead', 'Sales Qualified Lead'],
  ['opportunity', 'Opportunity'],
  ['customer', 'Customer'],
  ['evangelist', 'Evangelist'],
  ['other', 'Other'],
];
export const LIFECYCLE_ORDER = LIFECYCLE_STAGES.map(([value]) => value);

const LEAD_STATUSES: [string, string][] = [
  ['NEW', 'New'],
  ['OPEN', 'Open'],
  ['IN_PROGRESS', 'In Progress'],
  ['OPEN_DEAL', 'Open Deal'],
  ['UNQUALIFIED', 'Unqualified'],
  ['ATTEMPTED_TO_CONTACT', 'Attempted to Contact'],
  ['CONNECTED', 'Connected'],
  ['BAD_TIMING', 'Bad Timing'],
];

const ANALYTICS_SOURCES: [string, string][] = [
  ['ORGANIC_SEARCH', 'Organic Search'],
  ['PAID_SEARCH', 'Paid Search'],
  ['EMAIL_MARKETING', 'Email Marketing'],
  ['SOCIAL_MEDIA', 'Organic Social'],
  ['REFERRALS', 'Referrals'],
  ['OTHER_CAMPAIGNS', 'Other Campaigns'],
  ['DIRECT_TRAFFIC', 'Direct Traffic'],
  ['OFFLINE', 'Offline Sources'],
  ['PAID_SOCIAL', 'Paid Social'],
];

const DEAL_STAGES: [string, string][] = [
  ['appointmentscheduled', 'Appointment Scheduled'],
  ['qualifiedtobuy', 'Qualified To Buy'],
  ['presentationscheduled', 'Presentation Scheduled'],
  ['decisionmakerboughtin', 'Decision Maker Bought-In'],
  ['contractsent', 'Contract Sent'],
  ['closedwon', 'Closed Won'],
  ['closedlost', 'Closed Lost'],
];

export function optionList(pairs: [string, string][]): HubSpotPropertyOption[] {
  return pairs.map(([value, label], displayOrder) => ({ label, value, displayOrder, hidden: false, description: '' }));
}

interface Seed {
  type?: HubSpotPropertyType;
  fieldType?: string;
  group?: string;
  options?: [string, string][];
  readOnly?: boolean;
  unique?: boolean;
  external?: boolean;
  /** A HubSpot-defined property whose definition (its options) a portal may edit, as Lead Status's. */
  editable?: boolean;
}

const text: Seed = {};
const number: Seed = { type: 'number', fieldType: 'number' };
const datetime: Seed = { type: 'datetime', fieldType: 'date' };
const readOnlyDatetime: Seed = { ...datetime, readOnly: true };
const owner: Seed = { type: 'enumeration', fieldType: 'select', external: true };
const choice = (options: [string, string][], fieldType = 'select', readOnly = false): Seed => ({ type: 'enumeration', fieldType, options, readOnly });
const editableChoice = (options: [string, string][], fieldType = 'select'): Seed => ({ ...choice(options, fieldType), editable: true });

const CONTACT_PROPERTIES: Record<string, [string, Seed]> = {
  email: ['Email', { unique: true }],
  firstname: ['First Name', text],
  lastname: ['Last Name', text],
  jobtitle: ['Job Title', text],
  company: ['Company Name', text],
  country: ['Country/Region', text],
  city: ['City', text],
  state: ['State/Region', text],
  phone: ['Phone Number', text],
  mobilephone: ['Mobile Phone Number', text],
  website: ['Website URL', text],
  hs_additional_emails: ['Additional email addresses', { readOnly: true }],
  hubspot_owner_id: ['Contact owner', owner],
  lifecyclestage: ['Lifecycle Stage', choice(LIFECYCLE_STAGES, 'radio')],
  hs_lead_status: ['Lead Status', editableChoice(LEAD_STATUSES, 'radio')],
  hs_analytics_source: ['Original Source', choice(ANALYTICS_SOURCES, 'select', true)],
  hs_analytics_source_data_1: ['Original Source Drill-Down 1', { readOnly: true }],
  hs_analytics_source_data_2: ['Original Source Drill-Down 2', { readOnly: true }],
  ...Object.fromEntries(LIFECYCLE_STAGES.map(([value, label]): [string, [string, Seed]] => [`hs_lifecyclestage_${value}_date`, [`Date entered "${label} (Lifecycle Stage Pipeline)"`, datetime]])),
  associatedcompanyid: ['Primary Associated Company ID', number],
  hs_merged_object_ids: ['Merged Contact IDs', { readOnly: true }],
  createdate: ['Create Date', datetime],
  lastmodifieddate: ['Last Modified Date', readOnlyDatetime],
};

const COMPANY_PROPERTIES: Record<string, [string, Seed]> = {
  name: ['Company name', text],
  domain: ['Company Domain Name', text],
  website: ['Website URL', text],
  industry: ['Industry', text],
  phone: ['Phone Number', text],
  city: ['City', text],
  country: ['Country/Region', text],
  numberofemployees: ['Number of Employees', number],
  annualrevenue: ['Annual Revenue', number],
  hubspot_owner_id: ['Company owner', owner],
  lifecyclestage: ['Lifecycle Stage', choice(LIFECYCLE_STAGES, 'radio')],
  createdate: ['Create Date', datetime],
};

const DEAL_PROPERTIES: Record<string, [string, Seed]> = {
  dealname: ['Deal Name', text],
  amount: ['Amount', number],
  closedate: ['Close Date', datetime],
  pipeline: ['Pipeline', choice([['default', 'Sales Pipeline']])],
  dealstage: ['Deal Stage', choice(DEAL_STAGES, 'radio')],
  dealtype: ['Deal Type', editableChoice([['newbusiness', 'New Business'], ['existingbusiness', 'Existing Business']], 'radio')],
  description: ['Deal Description', { fieldType: 'textarea' }],
  hubspot_owner_id: ['Deal owner', owner],
  createdate: ['Create Date', datetime],
};

const ENGAGEMENT_PROPERTIES: Record<string, [string, Seed]> = {
  hs_timestamp: ['Activity date', datetime],
  hubspot_owner_id: ['Activity assigned to', owner],
};

const BY_TYPE: Record<HubSpotObjectType, Record<string, [string, Seed]>> = {
  contacts: CONTACT_PROPERTIES,
  companies: COMPANY_PROPERTIES,
  deals: DEAL_PROPERTIES,
  calls: {
    ...ENGAGEMENT_PROPERTIES,
    hs_call_title: ['Call Title', text],
    hs_call_body: ['Call notes', { fieldType: 'html' }],
    hs_call_direction: ['Call direction', choice([['INBOUND', 'Inbound'], ['OUTBOUND', 'Outbound']])],
    hs_call_disposition: ['Call outcome', text],
    hs_call_duration: ['Call duration', number],
    hs_call_status: ['Call status', choice(['BUSY', 'CALLING_CRM_USER', 'CANCELED', 'COMPLETED', 'CONNECTING', 'FAILED', 'IN_PROGRESS', 'NO_ANSWER', 'QUEUED', 'RINGING'].map((v): [string, string] => [v, v]))],
    hs_call_from_number: ['From number', text],
    hs_call_to_number: ['To number', text],
  },
  emails: {
    ...ENGAGEMENT_PROPERTIES,
    hs_email_subject: ['Email subject', text],
    hs_email_text: ['Email body', { fieldType: 'textarea' }],
    hs_email_html: ['Email HTML body', { fieldType: 'html' }],
    hs_email_direction: ['Email direction', choice([['EMAIL', 'Sent by owner'], ['INCOMING_EMAIL', 'Reply from contact'], ['FORWARDED_EMAIL', 'Forwarded email']])],
    hs_email_status: ['Email send status', choice(['BOUNCED', 'FAILED', 'SCHEDULED', 'SENDING', 'SENT'].map((v): [string, string] => [v, v]))],
    hs_email_headers: ['Email headers', { fieldType: 'textarea' }],
  },
  meetings: {
    ...ENGAGEMENT_PROPERTIES,
    hs_meeting_title: ['Meeting name', text],
    hs_meeting_body: ['Meeting description', { fieldType: 'html' }],
    hs_internal_meeting_notes: ['Internal meeting notes', { fieldType: 'html' }],
    hs_meeting_location: ['Location', text],
    hs_meeting_start_time: ['Start time', datetime],
    hs_meeting_end_time: ['End time', datetime],
    hs_meeting_outcome: ['Meeting outcome', choice(['SCHEDULED', 'COMPLETED', 'RESCHEDULED', 'NO_SHOW', 'CANCELED'].map((v): [string, string] => [v, v]))],
  },
  notes: { ...ENGAGEMENT_PROPERTIES, hs_note_body: ['Note body', { fieldType: 'html' }] },
};

function defaultGroup(type: HubSpotObjectType): string {
  return `${OBJECT_TYPES[type].singular}information`;
}

export function seedPropertyGroups(type: HubSpotObjectType): HubSpotPropertyGroup[] {
  const singular = OBJECT_TYPES[type].singular;
  const label = `${singular[0]!.toUpperCase()}${singular.slice(1)} information`;
  const groups = [{ name: defaultGroup(type), label, displayOrder: 0, archived: false }];
  if (type === 'contacts') groups.push({ name: 'analyticsinformation', label: 'Web analytics history', displayOrder: 1, archived: false });
  return groups;
}

export function seedProperties(type: HubSpotObjectType, at: number): HubSpotPropertyDefinition[] {
  const seeds: [string, [string, Seed]][] = Object.entries(BY_TYPE[type]);
  const facts = OBJECT_TYPES[type];
  for (const created of facts.createdProperties) if (!BY_TYPE[type][created]) seeds.push([created, ['Object create date/time', datetime]]);
  seeds.push([facts.modifiedProperty, ['Object last modified date/time', readOnlyDatetime]]);
  seeds.push(['hs_object_id', ['Record ID', { ...number, readOnly: true }]]);
  return seeds.map(([name, [label, seed]], displayOrder) => ({
    name,
    label,
    type: seed.type ?? 'string',
    fieldType: seed.fieldType ?? 'text',
    groupName: name.startsWith('hs_analytics_') ? 'analyticsinformation' : defaultGroup(type),
    description: '',
    options: optionList(seed.options ?? []),
    displayOrder,
    hidden: false,
    hasUniqueValue: seed.unique ?? false,
    formField: !seed.readOnly,
    calculated: false,
    externalOptions: seed.external ?? false,
    hubspotDefined: true,
    readOnlyValue: seed.readOnly ?? false,
    readOnlyDefinition: !seed.editable,
    createdAt: at,
    updatedAt: at,
    archived: false,
  }));
}

const iso = (ms: number) => new Date(ms).toISOString();

/** The Property shape of HubSpot's properties API; the owner property lists the owners as its options. */
export function propertyJson(definition: HubSpotPropertyDefinition, ownerOptions: HubSpotPropertyOption[] = []) {
  return {
    name: definition.name,
    label: definition.label,
    type: definition.type,
    fieldType: definition.fieldType,
    description: definition.description,
    groupName: definition.groupName,
    options: definition.externalOptions ? ownerOptions : definition.options,
    displayOrder: definition.displayOrder,
    calculated: definition.calculated,
    externalOptions: definition.externalOptions,
    hasUniqueValue: definition.hasUniqueValue,
    hidden: definition.hidden,
    hubspotDefined: definition.hubspotDefined,
    modificationMetadata: { archivable: !definition.hubspotDefined, readOnlyDefinition: definition.readOnlyDefinition, readOnlyValue: definition.readOnlyValue },
    formField: definition.formField,
    createdAt: iso(definition.createdAt),
    updatedAt: iso(definition.updatedAt),
    archived: definition.archived,
  };
}

function problem(name: string, error: string, message: string): { problem: PropertyProblem } {
  return { problem: { name, error, message } };
}

/** A written value as HubSpot stores it (dates as ISO strings), or the reason HubSpot refuses it. */
export function normalisePropertyValue(definition: HubSpotPropertyDefinition, raw: unknown, ownerIds: ReadonlySet<string>): { value: string } | { problem: PropertyProblem } {
  const name = definition.name;
  const given = raw === null || raw === undefined ? '' : typeof raw === 'string' ? raw : JSON.stringify(raw);
  const value = definition.type === 'string' ? given : given.trim();
  if (value === '') return { value: '' };
  switch (definition.type) {
    case 'string':
      return { value };
    case 'number':
      return Number.isFinite(Number(value)) ? { value } : problem(name, 'INVALID_FLOAT', `${value} was not a valid number.`);
    case 'bool':
      return /^(true|false)$/i.test(value) ? { value: value.toLowerCase() } : problem(name, 'INVALID_BOOLEAN', `${value} was not a valid boolean.`);
    case 'datetime': {
      const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
      return Number.isFinite(ms) ? { value: iso(ms) } : problem(name, 'INVALID_DATETIME', `${value} was not a valid datetime.`);
    }
    case 'date': {
      const ms = /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
      if (!Number.isFinite(ms)) return problem(name, 'INVALID_DATE', `${value} was not a valid date.`);
      const at = new Date(ms);
      if (ms % 86_400_000 !== 0) return problem(name, 'INVALID_DATE', `${value} is at ${at.getUTCHours()}:${at.getUTCMinutes()}:${at.getUTCSeconds()}.${at.getUTCMilliseconds()} UTC, not midnight!`);
      return { value: iso(ms).slice(0, 10) };
    }
    case 'enumeration': {
      if (definition.externalOptions) return ownerIds.has(value) ? { value } : problem(name, 'INVALID_OWNER_ID', `${value} is not a valid owner id`);
      const chosen = definition.fieldType === 'checkbox' ? value.split(';') : [value];
      const allowed = new Set(definition.options.map((option) => option.value));
      const wrong = chosen.find((one) => !allowed.has(one));
      if (wrong === undefined) return { value };
      return problem(name, 'INVALID_OPTION', `${wrong} was not one of the allowed options: [${definition.options.map((option) => option.label).join(', ')}]`);
    }
  }
}
