import type { ApiUsage, ConnectedAppSpec, SalesforceAuth } from './salesforce-auth';
import { typeOfId, type SalesforceOrg } from './salesforce-org';
import type { CustomFieldSpec, StoredRecord } from './salesforce-schema';
import { formatDate, outputValue } from './salesforce-values';

// What a test does to the stand-in org directly, as an admin in Setup or a rep in the UI
// would: users, tokens and connected apps, records of every object (with the org's own
// checks, read-only fields allowed), lead conversion, custom fields and picklist values, the
// API allowance. Field values are given as the REST API takes them (datetimes as ISO
// strings, or Date objects); records are read back as the REST API answers them.

export type FieldValues = Record<string, unknown>;

export interface NewUser {
  Email: string;
  /** Split into FirstName and LastName when those are not given. */
  Name?: string;
  FirstName?: string;
  LastName?: string;
  Username?: string;
  IsActive?: boolean;
  Title?: string;
  /** A chosen 005… id; one is minted otherwise. */
  Id?: string;
}

export interface LeadConversion {
  /** The lead's Status afterwards (default 'Closed - Converted'). */
  convertedStatus?: string;
  /** Merge into this account / contact instead of creating them. */
  accountId?: string;
  contactId?: string;
  doNotCreateOpportunity?: boolean;
  opportunityName?: string;
}

export interface ConvertedLead {
  accountId: string;
  contactId: string;
  opportunityId: string | null;
}

export interface SalesforceOrgControl {
  readonly orgId: string;
  /** The admin the test's own records are created by (and a token's user when none is given). */
  readonly adminUserId: string;
  /** A live access token for the user (default: the admin), as if it had signed in. */
  issueToken(userId?: string): string;
  revokeToken(token: string): void;
  /** Ends every session: the next call with any token gets INVALID_SESSION_ID. */
  revokeAllTokens(): void;
  /** Sessions lapse after this long without a call, on the stand-in's clock (default 2 hours). */
  sessionTimeoutMs: number;
  registerConnectedApp(app: ConnectedAppSpec): void;
  addUser(user: NewUser): string;
  addLead(fields: FieldValues): string;
  updateLead(id: string, fields: FieldValues): void;
  deleteLead(id: string): void;
  convertLead(id: string, options?: LeadConversion): ConvertedLead;
  addContact(fields: FieldValues): string;
  addAccount(fields: FieldValues): string;
  addTask(fields: FieldValues): string;
  addEvent(fields: FieldValues): string;
  addOpportunity(fields: FieldValues): string;
  /** Any object: insert, update or delete a record (the object is read from the id's prefix). */
  insert(type: string, fields: FieldValues): string;
  update(id: string, fields: FieldValues): void;
  delete(id: string): void;
  /** A record's fields as the API answers them (IsDeleted true once deleted), or undefined. */
  record(id: string): FieldValues | undefined;
  records(type: string, options?: { includeDeleted?: boolean }): FieldValues[];
  addField(objectName: string, spec: CustomFieldSpec): void;
  removeField(objectName: string, fieldName: string): void;
  setPicklistValues(objectName: string, fieldName: string, values: string[], defaultValue?: string): void;
  /** DailyApiRequests.Max; a call once it is reached gets 403 REQUEST_LIMIT_EXCEEDED. */
  apiLimit: number;
  /** API calls counted in the last 24 hours of the stand-in's clock. */
  apiUsage(): number;
  /** Sets the count, e.g. to apiLimit to have the next call refused. */
  setApiUsage(count: number): void;
}

const DAY_MS = 86_400_000;

function toApiValues(fields: FieldValues): FieldValues {
  return Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]));
}

function splitName(user: NewUser): { FirstName?: string; LastName: string } {
  if (user.LastName) return { FirstName: user.FirstName, LastName: user.LastName };
  const name = (user.Name ?? user.Email).trim();
  const space = name.lastIndexOf(' ');
  return space === -1 ? { LastName: name } : { FirstName: name.slice(0, space), LastName: name.slice(space + 1) };
}

export function createOrgControl(org: SalesforceOrg, auth: SalesforceAuth, usage: ApiUsage): SalesforceOrgControl {
  const shaped = (record: StoredRecord): FieldValues => {
    const def = org.requireObject(record.type);
    return Object.fromEntries(def.fields.map((field) => [field.name, outputValue(field, record.values[field.name])]));
  };
  const adminUserId = org.insert('User', { Username: 'admin@stand-in.example.com', Email: 'admin@stand-in.example.com', FirstName: 'Org', LastName: 'Admin', IsActive: true }, { userId: '', privileged: true }).id;
  org.replace(org.get(adminUserId) as StoredRecord, { ...(org.get(adminUserId) as StoredRecord).values, CreatedById: adminUserId, LastModifiedById: adminUserId });
  const write = { userId: adminUserId, privileged: true };
  const insert = (type: string, fields: FieldValues) => org.transaction(() => org.insert(type, toApiValues(fields), write).id);
  const update = (id: string, fields: FieldValues) => void org.transaction(() => org.update(typeOfId(id), id, toApiValues(fields), write));
  const remove = (id: string) => void org.delete(typeOfId(id), id);

  const convertLead = (id: string, options: LeadConversion = {}): ConvertedLead =>
    org.transaction(() => {
      const lead = org.live(org.requireObject('Lead'), id).values;
      if (lead.IsConverted === true) throw new Error(`lead ${id} is already converted`);
      const owner = { OwnerId: lead.OwnerId };
      const accountId = options.accountId ?? org.insert('Account', { Name: lead.Company, Website: lead.Website, Industry: lead.Industry, NumberOfEmployees: lead.NumberOfEmployees, ...owner }, write).id;
      const contactId =
        options.contactId ??
        org.insert('Contact', { FirstName: lead.FirstName, LastName: lead.LastName, Email: lead.Email, Title: lead.Title, Phone: lead.Phone, LeadSource: lead.LeadSource, AccountId: accountId, ...owner }, write).id;
      const today = formatDate(org.now());
      const opportunityId = options.doNotCreateOpportunity
        ? null
        : org.insert('Opportunity', { Name: options.opportunityName ?? `${String(lead.Company)}-`, StageName: 'Prospecting', CloseDate: formatDate(org.now() + 30 * DAY_MS), AccountId: accountId, LeadSource: lead.LeadSource, ...owner }, write).id;
      org.update('Lead', id, { IsConverted: true, ConvertedDate: today, ConvertedAccountId: accountId, ConvertedContactId: contactId, ConvertedOpportunityId: opportunityId, Status: options.convertedStatus ?? 'Closed - Converted' }, write);
      // The lead's activities move to the new contact, related to the opportunity (or account).
      for (const type of ['Task', 'Event']) {
        for (const activity of org.rows(type).filter((r) => r.deletedAt === undefined && r.values.WhoId === lead.Id)) {
          org.update(type, activity.id, { WhoId: contactId, WhatId: activity.values.WhatId ?? opportunityId ?? accountId }, write);
        }
      }
      return { accountId, contactId, opportunityId };
    });

  return {
    orgId: org.orgId,
    adminUserId,
    issueToken: (userId = adminUserId) => auth.issue(userId),
    revokeToken: (token) => auth.revoke(token),
    revokeAllTokens: () => auth.revokeAll(),
    get sessionTimeoutMs() {
      return auth.sessionTimeoutMs;
    },
    set sessionTimeoutMs(ms: number) {
      auth.sessionTimeoutMs = ms;
    },
    registerConnectedApp: (app) => auth.registerApp(app),
    addUser: (user) =>
      insert('User', {
        ...(user.Id ? { Id: user.Id } : {}),
        Username: user.Username ?? user.Email,
        Email: user.Email,
        ...splitName(user),
        IsActive: user.IsActive ?? true,
        Title: user.Title,
        Alias: (user.FirstName ?? user.Name ?? user.Email).slice(0, 8),
      }),
    addLead: (fields) => insert('Lead', fields),
    updateLead: update,
    deleteLead: remove,
    convertLead,
    addContact: (fields) => insert('Contact', fields),
    addAccount: (fields) => insert('Account', fields),
    addTask: (fields) => insert('Task', fields),
    addEvent: (fields) => insert('Event', fields),
    addOpportunity: (fields) => insert('Opportunity', fields),
    insert,
    update,
    delete: remove,
    record: (id) => {
      const record = org.get(id);
      return record && shaped(record);
    },
    records: (type, options = {}) =>
      org
        .rows(type)
        .filter((r) => options.includeDeleted || r.deletedAt === undefined)
        .map(shaped),
    addField: (objectName, spec) => void org.schema.addField(objectName, spec),
    removeField: (objectName, fieldName) => org.schema.removeField(objectName, fieldName),
    setPicklistValues: (objectName, fieldName, values, defaultValue) => org.schema.setPicklistValues(objectName, fieldName, values, defaultValue),
    get apiLimit() {
      return usage.max;
    },
    set apiLimit(max: number) {
      usage.max = max;
    },
    apiUsage: () => usage.used(),
    setApiUsage: (count) => usage.setUsed(count),
  };
}
