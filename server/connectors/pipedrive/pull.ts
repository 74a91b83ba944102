import { v1, v2 } from 'pipedrive';
import type { TKnownLeads, TPullPage } from '../types';
import type { TPipedriveApi } from './client';

// Pipedrive → Handshake. Each stream is listed by API v2 from its cursor with `updated_since`,
// in update order: persons (with their organisation and owner), done calls, e-mails and
// meetings (touches), deals (opportunities, won, lost). Then the recents feed (API v1) says
// which persons linked to leads were deleted or merged away.

const PAGE = 500;
/** v2 takes up to 100 ids per list request. */
const IDS_PER_REQUEST = 100;
const DAY_MS = 24 * 60 * 60_000;
/** A first sync reads touches from this far back (older ones cannot stop an SLA clock still running). */
const FIRST_TOUCH_HORIZON_MS = 30 * DAY_MS;
/** A first sync follows deletions from a little before it starts (the CRM's clock may run ahead of ours). */
const FIRST_RECENTS_MARGIN_MS = 5 * 60_000;

/** Marks, in an activity's note, a touch Handshake wrote: its touch id follows. */
export const TOUCH_MARKER = '[handshake-touch:';
export const touchMarker = (sourceId: string) => `${TOUCH_MARKER}${sourceId}]`;

/** Pipedrive's activity types that are touches, with the Handshake channel each becomes. */
export const TOUCH_TYPES: Record<string, string> = { call: 'call', email: 'email', meeting: 'meeting' };

/** A stream's cursor: the last update time read, and the ids read at exactly that time. */
interface TCursor {
  t: number;
  ids: number[];
}
const readCursor = (text: string | undefined, fallback: number): TCursor => (text ? (JSON.parse(text) as TCursor) : { t: fallback, ids: [] });

/** An instant as API v2 takes it: RFC 3339 to the second. */
const rfc3339 = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
/** An instant as API v1 writes and takes it: "YYYY-MM-DD HH:MM:SS", UTC. */
const v1Time = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
const fromV1Time = (text: string | null | undefined) => (text ? Date.parse(`${text.replace(' ', 'T')}Z`) : Number.NaN);

function instant(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

interface TRecord {
  id?: number;
  update_time?: string | null;
}

type TListPage<T> = { data?: T[] | null; additional_data?: { next_cursor?: string | null } | null };

/**
 * Every record a v2 list gives updated at or after the cursor, page by page with the cursor
 * after each page. Records at the cursor's exact time already read are skipped, so a re-run
 * reads nothing twice into ingest.
 */
async function* updatedSince<T extends TRecord>(list: (since: string, cursor: string | undefined) => Promise<TListPage<T>>, start: TCursor): AsyncGenerator<{ records: T[]; cursor: TCursor }> {
  let cursor = start;
  let next: string | undefined;
  const since = rfc3339(start.t);
  do {
    const page = await list(since, next);
    const fresh: T[] = [];
    for (const record of page.data ?? []) {
      const t = Date.parse(record.update_time ?? '');
      if (record.id === undefined || !Number.isFinite(t) || t < cursor.t || (t === cursor.t && cursor.ids.includes(record.id))) continue;
      fresh.push(record);
      cursor = t === cursor.t ? { t, ids: [...cursor.ids, record.id] } : { t, ids: [record.id] };
    }
    yield { records: fresh, cursor };
    next = page.additional_data?.next_cursor ?? undefined;
  } while (next);
}

/** The company's users, read once per session. */
export type TUsers = () => Promise<readonly { id: number; email: string }[]>;

export function readUsers(api: TPipedriveApi): TUsers {
  let users: Promise<{ id: number; email: string }[]> | null = null;
  return () =>
    (users ??= api
      .call('read the users', (c) => new v1.UsersApi(c.v1).getUsers())
      .then((answer) => (answer.data ?? []).flatMap((u) => (u.id !== undefined && u.email ? [{ id: u.id, email: u.email }] : [])))
      .catch((error: unknown) => {
        users = null;
        throw error;
      }));
}

function inGroups<T>(items: readonly T[], size: number): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}

type TPerson = v2.Person;

const primaryEmail = (person: TPerson): string | undefined => (person.emails?.find((e) => e.primary) ?? person.emails?.[0])?.value || undefined;

/** Person ids → e-mails: from Handshake's leads first, the rest from Pipedrive. */
async function personEmails(api: TPipedriveApi, known: TKnownLeads, personIds: readonly number[]): Promise<Map<number, string>> {
  const emails = new Map<number, string>();
  for (const [id, email] of await known.emailsOf(personIds.map(String))) emails.set(Number(id), email);
  const missing = personIds.filter((id) => !emails.has(id));
  for (const ids of inGroups(missing, IDS_PER_REQUEST)) {
    const page = await api.call('read persons', (c) => new v2.PersonsApi(c.v2).getPersons({ ids: ids.join(','), limit: IDS_PER_REQUEST }));
    for (const person of page.data ?? []) {
      const email = primaryEmail(person);
      if (person.id !== undefined && email) emails.set(person.id, email);
    }
  }
  return emails;
}

type TOrganization = { id?: number; name?: string; address?: { country?: string } | null; owner_id?: number };

async function organizations(api: TPipedriveApi, ids: readonly number[]): Promise<Map<number, TOrganization>> {
  const found = new Map<number, TOrganization>();
  for (const group of inGroups(ids, IDS_PER_REQUEST)) {
    const page = await api.call('read organisations', (c) => new v2.OrganizationsApi(c.v2).getOrganizations({ ids: group.join(','), limit: IDS_PER_REQUEST }));
    for (const org of (page.data ?? []) as TOrganization[]) if (org.id !== undefined) found.set(org.id, org);
  }
  return found;
}

function personAsLead(person: TPerson, org: TOrganization | undefined, owners: Map<number, string>): Record<string, unknown> {
  const company = { name: org?.name || undefined, country: org?.address?.country || undefined, ownerEmail: org?.owner_id !== undefined ? owners.get(org.owner_id) : undefined };
  const lead: Record<string, unknown> = {
    email: primaryEmail(person),
    firstName: person.first_name || undefined,
    lastName: person.last_name || undefined,
    title: person.job_title || undefined,
    company: company.name || company.country ? company : undefined,
    ownerEmail: person.owner_id !== undefined ? owners.get(person.owner_id) : undefined,
    crmIds: { pipedrive: String(person.id) },
    createdAt: instant(person.add_time),
  };
  return JSON.parse(JSON.stringify(lead)) as Record<string, unknown>;
}

async function* personPages(api: TPipedriveApi, users: TUsers, cursor: string | undefined): AsyncGenerator<TPullPage> {
  const owners = new Map((await users()).map((u) => [u.id, u.email]));
  const list = (since: string, next: string | undefined) => api.call('list persons', (c) => new v2.PersonsApi(c.v2).getPersons({ updated_since: since, sort_by: 'update_time', sort_direction: 'asc', limit: PAGE, cursor: next }));
  for await (const { records, cursor: after } of updatedSince(list, readCursor(cursor, 0))) {
    const withEmail = records.filter((p) => primaryEmail(p));
    const orgIds = [...new Set(withEmail.flatMap((p) => (typeof p.org_id === 'number' ? [p.org_id] : [])))];
    const orgs = await organizations(api, orgIds);
    yield {
      stream: 'persons',
      leads: withEmail.map((p) => personAsLead(p, p.org_id ? orgs.get(p.org_id) : undefined, owners)),
      events: [],
      cursor: JSON.stringify(after),
    };
  }
}

/** When a done activity happened: its due time if it is set and not after it was marked done, else when it was marked done. */
function activityInstant(activity: v2.ActivityItem): string | undefined {
  const due = activity.due_date && activity.due_time ? Date.parse(`${activity.due_date}T${activity.due_time.slice(0, 5)}:00Z`) : Number.NaN;
  const markedDone = Date.parse(activity.marked_as_done_time ?? '');
  if (Number.isFinite(due) && (!Number.isFinite(markedDone) || due <= markedDone)) return new Date(due).toISOString();
  if (Number.isFinite(markedDone)) return new Date(markedDone).toISOString();
  return instant(activity.update_time);
}

async function* activityPages(api: TPipedriveApi, known: TKnownLeads, cursor: string | undefined, now: Date): AsyncGenerator<TPullPage> {
  const list = (since: string, next: string | undefined) =>
    api.call('list done activities', (c) => new v2.ActivitiesApi(c.v2).getActivities({ done: true, updated_since: since, sort_by: 'update_time', sort_direction: 'asc', limit: PAGE, cursor: next }));
  for await (const { records, cursor: after } of updatedSince(list, readCursor(cursor, now.getTime() - FIRST_TOUCH_HORIZON_MS))) {
    // Touches Handshake wrote are already Handshake's.
    const touches = records.filter((a) => a.type && TOUCH_TYPES[a.type] && typeof a.person_id === 'number' && !(a.note ?? '').includes(TOUCH_MARKER) && activityInstant(a));
    const emails = await personEmails(api, known, [...new Set(touches.map((a) => a.person_id!))]);
    const events = touches
      .filter((a) => emails.has(a.person_id!))
      .map((a) => ({
        id: `pipedrive:activity:${a.id}`,
        email: emails.get(a.person_id!),
        type: 'sales_touch',
        at: activityInstant(a),
        properties: { channel: TOUCH_TYPES[a.type!], crm: 'pipedrive', crmObjectId: String(a.id) },
      }));
    yield { stream: 'activities', leads: [], events, cursor: JSON.stringify(after) };
  }
}

async function* dealPages(api: TPipedriveApi, known: TKnownLeads, cursor: string | undefined): AsyncGenerator<TPullPage> {
  const list = (since: string, next: string | undefined) => api.call('list deals', (c) => new v2.DealsApi(c.v2).getDeals({ updated_since: since, sort_by: 'update_time', sort_direction: 'asc', limit: PAGE, cursor: next }));
  for await (const { records, cursor: after } of updatedSince(list, readCursor(cursor, 0))) {
    const withPerson = records.filter((d) => typeof d.person_id === 'number');
    const emails = await personEmails(api, known, [...new Set(withPerson.map((d) => d.person_id!))]);
    const events = withPerson.flatMap((deal) => {
      const email = emails.get(deal.person_id!);
      if (!email) return [];
      const properties = { crm: 'pipedrive', dealId: String(deal.id), ...(typeof deal.value === 'number' ? { amount: deal.value } : {}) };
      const steps: [string, string | undefined][] = [['opportunity_created', instant(deal.add_time)]];
      if (deal.status === 'won') steps.push(['closed_won', instant(deal.won_time)]);
      if (deal.status === 'lost') steps.push(['closed_lost', instant(deal.lost_time)]);
      return steps.filter(([, at]) => at).map(([type, at]) => ({ id: `pipedrive:deal:${deal.id}:${type}`, email, type, at, properties }));
    });
    yield { stream: 'deals', leads: [], events, cursor: JSON.stringify(after) };
  }
}

type TRecentPerson = { item?: string; id?: number; data?: { id?: number; active_flag?: boolean; update_time?: string | null } };

/**
 * Persons deleted or merged away, from the recents feed (it lists them with active_flag false).
 * Only those linked to a lead matter. Pipedrive does not say which person a merged one went
 * into: a live person with the lead's e-mail (the merge copies it to a person that had none)
 * is where the lead follows; without one, the person is taken as deleted.
 */
async function* recentPages(api: TPipedriveApi, known: TKnownLeads, cursor: string | undefined, now: Date): AsyncGenerator<TPullPage> {
  let position = readCursor(cursor, now.getTime() - FIRST_RECENTS_MARGIN_MS);
  const since = v1Time(position.t);
  let start: number | undefined = 0;
  while (start !== undefined) {
    const from: number = start;
    const page = await api.call('read the recents feed', (c) => new v1.RecentsApi(c.v1).getRecents({ since_timestamp: since, items: 'person', start: from, limit: PAGE }));
    const gone: number[] = [];
    for (const item of (page.data ?? []) as TRecentPerson[]) {
      const id = item.id ?? item.data?.id;
      const t = fromV1Time(item.data?.update_time);
      if (item.item !== 'person' || id === undefined || !Number.isFinite(t) || t < position.t || (t === position.t && position.ids.includes(id))) continue;
      position = t === position.t ? { t, ids: [...position.ids, id] } : { t, ids: [id] };
      if (item.data?.active_flag === false) gone.push(id);
    }
    const linked = await known.emailsOf(gone.map(String));
    const merged: { from: string; to: string }[] = [];
    const deleted: string[] = [];
    for (const [recordId, email] of linked) {
      const found = await api.call('find a person by e-mail', (c) => new v2.PersonsApi(c.v2).searchPersons({ term: email, fields: 'email', exact_match: true, limit: 2 }));
      const survivors = (found.data?.items ?? []).flatMap((i) => (i.item?.id !== undefined && String(i.item.id) !== recordId ? [String(i.item.id)] : []));
      if (survivors.length === 1) merged.push({ from: recordId, to: survivors[0]! });
      else deleted.push(recordId);
    }
    yield { stream: 'recents', leads: [], events: [], cursor: JSON.stringify(position), merged, deleted };
    const { pagination } = (page.additional_data ?? {}) as { pagination?: { more_items_in_collection?: boolean; next_start?: number } };
    start = pagination?.more_items_in_collection ? pagination.next_start : undefined;
  }
}

export async function* pullPipedrive(api: TPipedriveApi, users: TUsers, cursor: Readonly<Record<string, string>>, now: Date, known: TKnownLeads): AsyncGenerator<TPullPage> {
  yield* personPages(api, users, cursor.persons);
  yield* activityPages(api, known, cursor.activities, now);
  yield* dealPages(api, known, cursor.deals);
  yield* recentPages(api, known, cursor.recents, now);
}
