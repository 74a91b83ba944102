import { SALESFORCE_FORMAT } from '../../import/salesforce';
import { domainFromWebsite } from '../../import/csv-values';
import { CrmError, type TKnownLeads, type TPullPage } from '../types';
import type { TSalesforceApi } from './client';
import { TOUCH_ID_FIELD } from './prepare';

// Salesforce → Handshake, by SOQL in SystemModstamp order. Each stream resumes at the last
// SystemModstamp it read, leaving out the records already read at that instant, so records
// saved in the same second are neither skipped nor read twice: leads (owner, company fields, lifecycle dates from the team's
// fields, and the opportunity a conversion made), completed tasks and past meetings on a
// lead or a converted lead's contact (touches), opportunities (their outcome), and deleted
// or merged leads from the recycle bin (queryAll).

type TRecord = Record<string, unknown> & { Id: string; SystemModstamp: string };

/**
 * Where a stream resumes: at `t`, the last SystemModstamp read, skipping the `ids` already read
 * at that instant (Salesforce keeps whole seconds: a record saved later in the same second
 * is still read); `asOf` is the meetings' last "now".
 */
interface TCursor {
  t: string;
  ids?: string[];
  asOf?: string;
}

export interface TLeadFields {
  mqlDateField?: string;
  sqlDateField?: string;
}

const DAY_MS = 24 * 60 * 60_000;
/** A first sync reads touches from this far back (older ones cannot stop an SLA clock still running). */
const FIRST_TOUCH_HORIZON_MS = 30 * DAY_MS;
/** Ids per IN (…) list, so a query stays well inside the URL's length. */
const IDS_PER_QUERY = 200;
const LEAD_PREFIX = '00Q';
const CONTACT_PREFIX = '003';
const USER_PREFIX = '005';

const OPPORTUNITY_FIELDS = ['CreatedDate', 'Amount', 'IsClosed', 'IsWon', 'CloseDate'];
const LEAD_FIELDS = [
  'Id', 'Email', 'FirstName', 'LastName', 'Title', 'Company', 'Website', 'NumberOfEmployees', 'Industry', 'Country', 'LeadSource', 'OwnerId', 'Owner.Email',
  'IsConverted', 'ConvertedDate', 'ConvertedContactId', 'ConvertedOpportunityId', ...OPPORTUNITY_FIELDS.map((f) => `ConvertedOpportunity.${f}`), 'CreatedDate', 'SystemModstamp',
];

const readCursor = (text: string | undefined): TCursor | undefined => (text ? (JSON.parse(text) as TCursor) : undefined);

/** An instant as SOQL takes it: whole seconds as Salesforce stores them, milliseconds only when there are some. */
export function soqlDateTime(instant: string | number | Date): string {
  return new Date(instant).toISOString().replace('.000Z', 'Z');
}

/** A Salesforce datetime (2025-03-03T09:00:00.000+0000) or date as an ISO instant. */
function instant(value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const t = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);
const quoted = (ids: readonly string[]) => ids.map((id) => `'${id.replace(/[^A-Za-z0-9]/g, '')}'`).join(', ');

/**
 * Records of `object` modified at or after the cursor, in (SystemModstamp, Id) order, page by
 * page with the cursor after each; those the cursor says were read are left out. With `or`,
 * records matching it are read too, whenever they were modified (they leave the cursor be).
 */
async function* afterCursor(
  api: TSalesforceApi,
  what: string,
  object: string,
  fields: readonly string[],
  conditions: readonly string[],
  start: TCursor | undefined,
  options: { all?: boolean; or?: string } = {},
): AsyncGenerator<{ records: TRecord[]; cursor: TCursor | undefined }> {
  const since = start && `SystemModstamp >= ${soqlDateTime(start.t)}`;
  const moved = since && options.or ? `(${since} OR ${options.or})` : since;
  const where = [...conditions, ...(moved ? [moved] : [])];
  const soql = `SELECT ${[...new Set([...fields, 'Id', 'SystemModstamp'])].join(', ')} FROM ${object}${where.length > 0 ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY SystemModstamp, Id`;
  let t = start?.t;
  let readAtT = new Set(start?.ids ?? []);
  for await (const records of api.query<TRecord>(what, soql, options)) {
    const fresh: TRecord[] = [];
    for (const record of records) {
      const at = instant(record.SystemModstamp) ?? record.SystemModstamp;
      if (at === t && readAtT.has(record.Id)) continue;
      fresh.push(record);
      if (t === undefined || at > t) {
        t = at;
        readAtT = new Set([record.Id]);
      } else if (at === t) readAtT.add(record.Id);
    }
    yield { records: fresh, cursor: t === undefined ? start : { ...start, t, ids: [...readAtT] } };
  }
}

/** Lead ids → the e-mails Handshake knows them by, else their e-mail in Salesforce. */
async function emailsOfLeads(known: TKnownLeads, leads: readonly { id: string; email?: string }[]): Promise<Map<string, string>> {
  const emails = await known.emailsOf(leads.map((l) => l.id));
  for (const lead of leads) if (!emails.has(lead.id) && lead.email) emails.set(lead.id, lead.email);
  return emails;
}

/** Converted leads by the record their conversion made (ConvertedContactId, ConvertedOpportunityId): its id → the lead's. */
async function convertedLeads(api: TSalesforceApi, field: 'ConvertedContactId' | 'ConvertedOpportunityId', ids: readonly string[]): Promise<Map<string, { id: string; email?: string }>> {
  const found = new Map<string, { id: string; email?: string }>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const soql = `SELECT Id, Email, ${field} FROM Lead WHERE ${field} IN (${quoted(ids.slice(i, i + IDS_PER_QUERY))})`;
    for await (const records of api.query<TRecord>('read converted leads', soql)) {
      for (const lead of records) if (typeof lead[field] === 'string') found.set(lead[field], { id: lead.Id, email: text(lead.Email) });
    }
  }
  return found;
}

/** Who ids (leads, and contacts made by converting a lead) → the lead's e-mail. */
async function emailsOfWhos(api: TSalesforceApi, known: TKnownLeads, whoIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(whoIds)];
  const byWho = await known.emailsOf(unique.filter((id) => id.startsWith(LEAD_PREFIX)));
  const contacts = unique.filter((id) => id.startsWith(CONTACT_PREFIX));
  if (contacts.length === 0) return byWho;
  const leadOfContact = await convertedLeads(api, 'ConvertedContactId', contacts);
  const emails = await emailsOfLeads(known, [...leadOfContact.values()]);
  for (const [contactId, lead] of leadOfContact) {
    const email = emails.get(lead.id);
    if (email) byWho.set(contactId, email);
  }
  return byWho;
}

/** The funnel events of a converted lead's opportunity, keyed by the lead as the CSV import keys them. */
function opportunityEvents(leadId: string, email: string, opportunity: Record<string, unknown>, opportunityId: string, now: Date): Record<string, unknown>[] {
  const amount = typeof opportunity.Amount === 'number' ? opportunity.Amount : undefined;
  const properties = { crm: 'salesforce', opportunityId, ...(amount !== undefined ? { amount } : {}) };
  const events: Record<string, unknown>[] = [];
  const createdAt = instant(opportunity.CreatedDate);
  if (createdAt) events.push({ id: `salesforce:${leadId}:opportunity`, email, type: 'opportunity_created', at: createdAt, properties });
  const closedAt = instant(opportunity.CloseDate);
  if (opportunity.IsClosed === true && closedAt) {
    const type = opportunity.IsWon === true ? 'closed_won' : 'closed_lost';
    // A close date set ahead of the day it was closed on counts from now.
    const at = closedAt > now.toISOString() ? now.toISOString() : closedAt;
    events.push({ id: `salesforce:${leadId}:${type}`, email, type, at, properties });
  }
  return events;
}

function leadOf(record: TRecord, fields: TLeadFields): Record<string, unknown> | null {
  const email = text(record.Email);
  if (!email) return null;
  const employees = record.NumberOfEmployees;
  const industry = text(record.Industry);
  const companyName = text(record.Company);
  const company = {
    // Web-to-Lead's placeholder when the form has no company field.
    name: companyName === '[not provided]' ? undefined : companyName,
    domain: typeof record.Website === 'string' ? (domainFromWebsite(record.Website) ?? undefined) : undefined,
    employees: typeof employees === 'number' && Number.isInteger(employees) && employees >= 0 ? employees : undefined,
    industry: industry ? (SALESFORCE_FORMAT.industries[industry] ?? industry) : undefined,
    country: text(record.Country),
  };
  const owner = record.Owner as { Email?: unknown } | null | undefined;
  const mqlAt = fields.mqlDateField ? instant(record[fields.mqlDateField]) : undefined;
  const sqlAt = fields.sqlDateField ? instant(record[fields.sqlDateField]) : undefined;
  const lead = {
    email,
    firstName: text(record.FirstName),
    lastName: text(record.LastName),
    title: text(record.Title),
    company: Object.values(company).some((v) => v !== undefined) ? company : undefined,
    source: text(record.LeadSource),
    ownerEmail: typeof record.OwnerId === 'string' && record.OwnerId.startsWith(USER_PREFIX) ? text(owner?.Email) : undefined,
    crmIds: { salesforce: record.Id },
    lifecycle: mqlAt || sqlAt ? { mqlAt, sqlAt } : undefined,
    createdAt: instant(record.CreatedDate),
  };
  return JSON.parse(JSON.stringify(lead)) as Record<string, unknown>;
}

async function* leadPages(api: TSalesforceApi, fields: TLeadFields, cursor: string | undefined, now: Date): AsyncGenerator<TPullPage> {
  const select = [...LEAD_FIELDS, ...[fields.mqlDateField, fields.sqlDateField].filter((f): f is string => Boolean(f))];
  for await (const { records, cursor: next } of afterCursor(api, 'read leads', 'Lead', select, [], readCursor(cursor))) {
    const leads: Record<string, unknown>[] = [];
    const events: Record<string, unknown>[] = [];
    for (const record of records) {
      const lead = leadOf(record, fields);
      if (!lead) continue;
      leads.push(lead);
      const opportunity = record.ConvertedOpportunity as Record<string, unknown> | null | undefined;
      if (opportunity && typeof record.ConvertedOpportunityId === 'string') events.push(...opportunityEvents(record.Id, String(lead.email), opportunity, record.ConvertedOpportunityId, now));
    }
    yield { stream: 'leads', leads, events, cursor: JSON.stringify(next) };
  }
}

/** The touch channel a completed task is: its subtype (Call, Email), else its type; list e-mails are no touch. */
function taskChannel(task: TRecord): string | null {
  const subtype = text(task.TaskSubtype);
  if (subtype === 'ListEmail') return null;
  const bySubtype: Record<string, string> = { Call: 'call', Email: 'email', LinkedIn: 'linkedin' };
  const byType: Record<string, string> = { Call: 'call', Email: 'email', Meeting: 'meeting' };
  return (subtype && bySubtype[subtype]) ?? byType[text(task.Type) ?? ''] ?? 'other';
}

const missingTouchField = (error: unknown) => error instanceof CrmError && error.kind === 'refused' && error.message.includes(TOUCH_ID_FIELD);

async function* taskPages(api: TSalesforceApi, known: TKnownLeads, cursor: string | undefined, now: Date, withTouchField = true): AsyncGenerator<TPullPage> {
  const start = readCursor(cursor) ?? { t: new Date(now.getTime() - FIRST_TOUCH_HORIZON_MS).toISOString() };
  // Tasks Handshake wrote carry its touch id; without that field (setup not done) Handshake has written none.
  const conditions = ['IsClosed = true', 'WhoId != null', ...(withTouchField ? [`${TOUCH_ID_FIELD} = null`] : [])];
  const pages = afterCursor(api, 'read completed tasks', 'Task', ['WhoId', 'TaskSubtype', 'Type', 'CompletedDateTime', 'CreatedDate'], conditions, start);
  let page;
  try {
    page = await pages.next();
  } catch (error) {
    if (!withTouchField || !missingTouchField(error)) throw error;
    yield* taskPages(api, known, cursor, now, false);
    return;
  }
  for (; !page.done; page = await pages.next()) {
    const { records, cursor: next } = page.value;
    const touches = records.filter((task) => typeof task.WhoId === 'string' && taskChannel(task));
    const emails = await emailsOfWhos(api, known, touches.map((task) => String(task.WhoId)));
    const events = touches.flatMap((task) => {
      const email = emails.get(String(task.WhoId));
      const at = instant(task.CompletedDateTime) ?? instant(task.CreatedDate);
      if (!email || !at) return [];
      const when = at > now.toISOString() ? now.toISOString() : at;
      return [{ id: `salesforce:task:${task.Id}`, email, type: 'sales_touch', at: when, properties: { channel: taskChannel(task), crm: 'salesforce', crmObjectId: task.Id } }];
    });
    yield { stream: 'tasks', leads: [], events, cursor: JSON.stringify(next) };
  }
}

/**
 * Meetings (Events) on a lead that have begun: those modified since the cursor, and those
 * that started since the last pass (a meeting booked ahead is not modified when it happens).
 */
async function* meetingPages(api: TSalesforceApi, known: TKnownLeads, cursor: string | undefined, now: Date): AsyncGenerator<TPullPage> {
  const horizon = new Date(now.getTime() - FIRST_TOUCH_HORIZON_MS).toISOString();
  const start = readCursor(cursor) ?? { t: horizon, asOf: horizon };
  const asOf = soqlDateTime(start.asOf ?? start.t);
  const conditions = ['WhoId != null', `StartDateTime <= ${soqlDateTime(now)}`];
  const pages = afterCursor(api, 'read meetings', 'Event', ['WhoId', 'StartDateTime'], conditions, start, { or: `StartDateTime > ${asOf}` });
  let last: TCursor = start;
  for await (const { records, cursor: next } of pages) {
    last = next ?? start;
    const emails = await emailsOfWhos(api, known, records.map((event) => String(event.WhoId)));
    const events = records.flatMap((event) => {
      const email = emails.get(String(event.WhoId));
      const at = instant(event.StartDateTime);
      return email && at ? [{ id: `salesforce:event:${event.Id}`, email, type: 'sales_touch', at, properties: { channel: 'meeting', crm: 'salesforce', crmObjectId: event.Id } }] : [];
    });
    yield { stream: 'meetings', leads: [], events, cursor: JSON.stringify(last) };
  }
  yield { stream: 'meetings', leads: [], events: [], cursor: JSON.stringify({ ...last, asOf: now.toISOString() }) };
}

/** Opportunities modified since the cursor whose lead was converted: their creation and outcome. */
async function* opportunityPages(api: TSalesforceApi, known: TKnownLeads, cursor: string, now: Date): AsyncGenerator<TPullPage> {
  for await (const { records, cursor: next } of afterCursor(api, 'read opportunities', 'Opportunity', OPPORTUNITY_FIELDS, [], readCursor(cursor))) {
    const leadOfOpportunity = records.length > 0 ? await convertedLeads(api, 'ConvertedOpportunityId', records.map((r) => r.Id)) : new Map<string, { id: string; email?: string }>();
    const emails = await emailsOfLeads(known, [...leadOfOpportunity.values()]);
    const events = records.flatMap((opportunity) => {
      const lead = leadOfOpportunity.get(opportunity.Id);
      const email = lead && emails.get(lead.id);
      return lead && email ? opportunityEvents(lead.id, email, opportunity, opportunity.Id, now) : [];
    });
    yield { stream: 'opportunities', leads: [], events, cursor: JSON.stringify(next) };
  }
}

/** Leads in the recycle bin since the cursor: merged into the lead that survived (MasterRecordId), or deleted. */
async function* deletedPages(api: TSalesforceApi, cursor: string | undefined): AsyncGenerator<TPullPage> {
  for await (const { records, cursor: next } of afterCursor(api, 'read deleted leads', 'Lead', ['MasterRecordId'], ['IsDeleted = true'], readCursor(cursor), { all: true })) {
    const merged = records.filter((r) => typeof r.MasterRecordId === 'string').map((r) => ({ from: r.Id, to: String(r.MasterRecordId) }));
    const deleted = records.filter((r) => typeof r.MasterRecordId !== 'string').map((r) => r.Id);
    yield { stream: 'deleted', leads: [], events: [], cursor: JSON.stringify(next), merged, deleted };
  }
}

export async function* pullSalesforce(api: TSalesforceApi, fields: TLeadFields, cursor: Readonly<Record<string, string>>, now: Date, known: TKnownLeads): AsyncGenerator<TPullPage> {
  // A first sync reads each converted lead's opportunity with the lead; opportunities are
  // followed from the moment it began, kept first so a sync stopped midway resumes from there.
  const opportunities = cursor.opportunities ?? JSON.stringify({ t: now.toISOString() });
  if (!cursor.opportunities) yield { stream: 'opportunities', leads: [], events: [], cursor: opportunities };
  yield* leadPages(api, fields, cursor.leads, now);
  yield* taskPages(api, known, cursor.tasks, now);
  yield* meetingPages(api, known, cursor.meetings, now);
  yield* opportunityPages(api, known, opportunities, now);
  yield* deletedPages(api, cursor.deleted);
}
