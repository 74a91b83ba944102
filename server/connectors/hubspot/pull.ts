import type { PublicObjectSearchRequest } from '@hubspot/api-client/lib/codegen/crm/objects';
import { hubspotIndustryLabel, hubspotSourceLabel } from '../../import/hubspot';
import type { TKnownLeads, TPullPage } from '../types';
import type { THubSpotApi } from './client';
import { TOUCH_ID_PROPERTY } from './prepare';

// HubSpot → Handshake. Each stream is read by CRM search on its last-modified date, in
// ascending order, from its cursor: contacts (with their primary company and owner),
// calls, e-mails and meetings (touches), deals (opportunities, won, lost), and once a day
// the list of deleted contacts.

type TObject = { id: string; properties: Record<string, string | null>; archivedAt?: Date };

/** A search page holds up to 200 records; batch reads take 100 ids. */
const SEARCH_PAGE = 200;
const PAGE = 100;
/** HubSpot's search returns at most this many results per query: past it, a new query starts from the last date seen. */
const SEARCH_CAP = 10_000;
const DAY_MS = 24 * 60 * 60_000;
/** A first sync reads touches from this far back (older ones cannot stop an SLA clock still running). */
const FIRST_TOUCH_HORIZON_MS = 30 * DAY_MS;

export const CONTACT_PROPERTIES = [
  'email',
  'firstname',
  'lastname',
  'jobtitle',
  'company',
  'country',
  'hubspot_owner_id',
  'hs_analytics_source',
  'hs_analytics_source_data_1',
  'first_conversion_event_name',
  'lifecyclestage',
  'hs_lifecyclestage_marketingqualifiedlead_date',
  'hs_lifecyclestage_salesqualifiedlead_date',
  'hs_lead_status',
  'associatedcompanyid',
  'hs_merged_object_ids',
  'createdate',
  'lastmodifieddate',
];
const COMPANY_PROPERTIES = ['name', 'domain', 'numberofemployees', 'industry', 'country', 'hubspot_owner_id'];
const DEAL_PROPERTIES = ['dealname', 'amount', 'createdate', 'closedate', 'hs_is_closed', 'hs_is_closed_won', 'hs_lastmodifieddate'];

/** The touches HubSpot logs, with the Handshake channel each becomes. */
export const ENGAGEMENTS = [
  { type: 'calls', channel: 'call', properties: ['hs_timestamp', 'hs_call_status', 'hs_call_direction'] },
  { type: 'emails', channel: 'email', properties: ['hs_timestamp', 'hs_email_direction'] },
  { type: 'meetings', channel: 'meeting', properties: ['hs_timestamp', 'hs_meeting_outcome'] },
] as const;

/** A stream's cursor: the last modification date read, and the ids read at exactly that date. */
interface TCursor {
  t: number;
  ids: string[];
}
const readCursor = (text: string | undefined, fallback: number): TCursor => (text ? (JSON.parse(text) as TCursor) : { t: fallback, ids: [] });

/**
 * Every record of `type` modified at or after the cursor, page by page with the cursor after
 * each page. Records at the cursor's exact date already read are skipped, so a re-run reads
 * nothing twice into ingest.
 */
async function* modifiedSince(api: THubSpotApi, type: string, dateProperty: string, properties: readonly string[], start: TCursor): AsyncGenerator<{ records: TObject[]; cursor: TCursor }> {
  let cursor = start;
  for (;;) {
    let after: string | undefined;
    let read = 0;
    const queryFrom = cursor.t;
    for (;;) {
      const request = {
        filterGroups: [{ filters: [{ propertyName: dateProperty, operator: 'GTE', value: String(queryFrom) }] }],
        sorts: [{ propertyName: dateProperty, direction: 'ASCENDING' }] as unknown as string[],
        properties: [...properties, dateProperty],
        limit: SEARCH_PAGE,
        after,
      } as PublicObjectSearchRequest;
      const page = await api.call(`search ${type}`, (client) => client.crm.objects.searchApi.doSearchWithHttpInfo(type, request));
      const fresh: TObject[] = [];
      for (const record of page.results as TObject[]) {
        const t = Date.parse(record.properties[dateProperty] ?? '');
        if (!Number.isFinite(t) || (t === cursor.t && cursor.ids.includes(record.id)) || t < cursor.t) continue;
        fresh.push(record);
        cursor = t === cursor.t ? { t, ids: [...cursor.ids, record.id] } : { t, ids: [record.id] };
      }
      read += page.results.length;
      yield { records: fresh, cursor };
      after = page.paging?.next?.after;
      if (!after) return;
      // Past the search's cap, query again from the last date read.
      if (read + SEARCH_PAGE > SEARCH_CAP) break;
    }
    if (cursor.t === queryFrom) return;
  }
}

function instant(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** The portal's users who can own records, read once per pass. */
export type TOwners = () => Promise<readonly { id: string; email: string }[]>;

async function batchRead(api: THubSpotApi, type: string, ids: readonly string[], properties: readonly string[]): Promise<Map<string, TObject>> {
  const found = new Map<string, TObject>();
  for (let i = 0; i < ids.length; i += PAGE) {
    const inputs = ids.slice(i, i + PAGE).map((id) => ({ id }));
    const answer = await api.call(`read ${type}`, (client) => client.crm.objects.batchApi.readWithHttpInfo(type, { inputs, properties: [...properties], propertiesWithHistory: [] }));
    for (const record of answer.results as TObject[]) found.set(record.id, record);
  }
  return found;
}

/** The contacts each record is associated with (v4 associations). */
async function contactsOf(api: THubSpotApi, type: string, ids: readonly string[]): Promise<Map<string, string[]>> {
  const byRecord = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += PAGE) {
    const inputs = ids.slice(i, i + PAGE).map((id) => ({ id }));
    const answer = await api.call(`read ${type} associations`, (client) => client.crm.associations.v4.batchApi.getPageWithHttpInfo(type, 'contacts', { inputs }));
    for (const result of answer.results) byRecord.set(result._from.id, result.to.map((to) => String(to.toObjectId)));
  }
  return byRecord;
}

/** Contact ids → e-mails: from Handshake's leads first, the rest from HubSpot. */
async function contactEmails(api: THubSpotApi, known: TKnownLeads, contactIds: readonly string[]): Promise<Map<string, string>> {
  const emails = await known.emailsOf(contactIds);
  const missing = contactIds.filter((id) => !emails.has(id));
  for (const [id, contact] of await batchRead(api, 'contacts', missing, ['email'])) if (contact.properties.email) emails.set(id, contact.properties.email);
  return emails;
}

function contactAsLead(contact: TObject, company: TObject | undefined, owners: Map<string, string>): Record<string, unknown> {
  const p = contact.properties;
  const c = company?.properties;
  const employees = Number(c?.numberofemployees);
  const companyFields = {
    name: c?.name ?? p.company ?? undefined,
    domain: c?.domain ?? undefined,
    employees: Number.isInteger(employees) && employees >= 0 && c?.numberofemployees ? employees : undefined,
    industry: c?.industry ? hubspotIndustryLabel(c.industry) : undefined,
    country: c?.country ?? p.country ?? undefined,
    ownerEmail: c?.hubspot_owner_id ? owners.get(c.hubspot_owner_id) : undefined,
  };
  const mqlAt = instant(p.hs_lifecyclestage_marketingqualifiedlead_date);
  const sqlAt = instant(p.hs_lifecyclestage_salesqualifiedlead_date);
  const lead: Record<string, unknown> = {
    email: p.email,
    firstName: p.firstname ?? undefined,
    lastName: p.lastname ?? undefined,
    title: p.jobtitle ?? undefined,
    company: Object.values(companyFields).some((v) => v !== undefined) ? companyFields : undefined,
    source: p.hs_analytics_source ? hubspotSourceLabel(p.hs_analytics_source) : undefined,
    campaign: p.first_conversion_event_name ?? p.hs_analytics_source_data_1 ?? undefined,
    ownerEmail: p.hubspot_owner_id ? owners.get(p.hubspot_owner_id) : undefined,
    crmIds: { hubspot: contact.id },
    lifecycle: mqlAt || sqlAt ? { mqlAt, sqlAt } : undefined,
    createdAt: instant(p.createdate),
  };
  return JSON.parse(JSON.stringify(lead)) as Record<string, unknown>;
}

async function* contactPages(api: THubSpotApi, cursor: string | undefined, readOwners: TOwners): AsyncGenerator<TPullPage> {
  const owners = new Map((await readOwners()).map((o) => [o.id, o.email]));
  for await (const { records, cursor: next } of modifiedSince(api, 'contacts', 'lastmodifieddate', CONTACT_PROPERTIES, readCursor(cursor, 0))) {
    const withEmail = records.filter((r) => r.properties.email);
    const companyIds = [...new Set(withEmail.map((r) => r.properties.associatedcompanyid).filter((id): id is string => Boolean(id)))];
    const companies = await batchRead(api, 'companies', companyIds, COMPANY_PROPERTIES);
    const merged = records.flatMap((r) => (r.properties.hs_merged_object_ids ?? '').split(';').filter(Boolean).map((from) => ({ from, to: r.id })));
    yield {
      stream: 'contacts',
      leads: withEmail.map((r) => contactAsLead(r, companies.get(r.properties.associatedcompanyid ?? ''), owners)),
      events: [],
      cursor: JSON.stringify(next),
      merged,
    };
  }
}

async function* engagementPages(api: THubSpotApi, known: TKnownLeads, engagement: (typeof ENGAGEMENTS)[number], cursor: string | undefined, now: Date): AsyncGenerator<TPullPage> {
  const start = readCursor(cursor, now.getTime() - FIRST_TOUCH_HORIZON_MS);
  for await (const { records, cursor: next } of modifiedSince(api, engagement.type, 'hs_lastmodifieddate', [...engagement.properties, TOUCH_ID_PROPERTY], start)) {
    // Touches written by Handshake are already Handshake's; an incoming e-mail is the lead writing, not sales.
    const touches = records.filter((r) => !r.properties[TOUCH_ID_PROPERTY] && r.properties.hs_email_direction !== 'INCOMING_EMAIL' && instant(r.properties.hs_timestamp));
    const contacts = await contactsOf(api, engagement.type, touches.map((r) => r.id));
    const emails = await contactEmails(api, known, [...new Set([...contacts.values()].flat())]);
    const events = touches.flatMap((r) =>
      (contacts.get(r.id) ?? [])
        .filter((contactId) => emails.has(contactId))
        .map((contactId) => ({
          id: `hubspot:${engagement.type}:${r.id}:${contactId}`,
          email: emails.get(contactId),
          type: 'sales_touch',
          at: instant(r.properties.hs_timestamp),
          properties: { channel: engagement.channel, crm: 'hubspot', crmObjectId: r.id },
        })),
    );
    yield { stream: engagement.type, leads: [], events, cursor: JSON.stringify(next) };
  }
}

async function* dealPages(api: THubSpotApi, known: TKnownLeads, cursor: string | undefined): AsyncGenerator<TPullPage> {
  for await (const { records, cursor: next } of modifiedSince(api, 'deals', 'hs_lastmodifieddate', DEAL_PROPERTIES, readCursor(cursor, 0))) {
    const contacts = await contactsOf(api, 'deals', records.map((r) => r.id));
    const emails = await contactEmails(api, known, [...new Set([...contacts.values()].flat())]);
    const events = records.flatMap((deal) => {
      const p = deal.properties;
      const amount = Number(p.amount);
      const properties = { crm: 'hubspot', dealId: deal.id, ...(p.amount && Number.isFinite(amount) ? { amount } : {}) };
      const steps: [string, string | undefined][] = [['opportunity_created', instant(p.createdate)]];
      if (p.hs_is_closed_won === 'true') steps.push(['closed_won', instant(p.closedate)]);
      else if (p.hs_is_closed === 'true') steps.push(['closed_lost', instant(p.closedate)]);
      return (contacts.get(deal.id) ?? [])
        .filter((contactId) => emails.has(contactId))
        .flatMap((contactId) => steps.filter(([, at]) => at).map(([type, at]) => ({ id: `hubspot:deal:${deal.id}:${contactId}:${type}`, email: emails.get(contactId), type, at, properties })));
    });
    yield { stream: 'deals', leads: [], events, cursor: JSON.stringify(next) };
  }
}

/** Deleted contacts, listed in full at most once a day (HubSpot lists them without a date filter). */
async function* deletedPages(api: THubSpotApi, cursor: string | undefined, now: Date): AsyncGenerator<TPullPage> {
  if (cursor && now.getTime() - Date.parse(cursor) < DAY_MS) return;
  const deleted: string[] = [];
  let after: string | undefined;
  do {
    const page = await api.call('list deleted contacts', (client) => client.crm.objects.basicApi.getPageWithHttpInfo('contacts', PAGE, after, ['email'], undefined, undefined, true));
    deleted.push(...page.results.map((r) => r.id));
    after = page.paging?.next?.after;
  } while (after);
  yield { stream: 'deleted', leads: [], events: [], cursor: now.toISOString(), deleted };
}

export async function* pullHubSpot(api: THubSpotApi, owners: TOwners, cursor: Readonly<Record<string, string>>, now: Date, known: TKnownLeads): AsyncGenerator<TPullPage> {
  yield* contactPages(api, cursor.contacts, owners);
  for (const engagement of ENGAGEMENTS) yield* engagementPages(api, known, engagement, cursor[engagement.type], now);
  yield* dealPages(api, known, cursor.deals);
  yield* deletedPages(api, cursor.deleted, now);
}
