import { salesforceId18 } from '../../shared/salesforce-id';
import { DAY, HOUR, type TRng } from '../../server/demo/seed/common';
import { DEMO_SOURCES, SOURCE_PROFILES, type TSource } from '../../server/demo/seed/marketing';
import { ascii, DEMO_TITLES, FIRST_NAMES, FREE_MAIL, LAST_NAMES, makeCompanies, TITLE_LANG } from '../../server/demo/seed/people';
import { base62 } from '../../server/demo/seed/world';
import type { TScaleSize } from './sizes';

// The rows of a scale database, column by column as the tables hold them (server/db/schema.ts),
// drawn from the demo seed's vocabularies: companies, names and job titles in their people's
// languages, lead sources. Pure: the same seed gives the same rows.

export type TRow = (string | number | null)[];

export interface TTable {
  name: string;
  columns: string[];
  rows: TRow[];
}

export interface TScaleUsers {
  reps: string[];
}

const EVENT_WEIGHTS = {
  page_view: 40, email_open: 22, email_click: 10, content_download: 8, pricing_view: 6, webinar_attended: 4,
  form_submit: 4, competitor_comparison: 2, demo_request: 2, meeting_booked: 1, trial_signup: 1,
} as const;
const ASSETS = ['Lead routing playbook', 'Lead scoring workbook', 'Forecasting template', 'Handoff webinar', 'SLA calculator', 'Pricing'];
const PAGES = ['/pricing', '/product/routing', '/product/scoring', '/customers', '/blog/mql-vs-sql', '/integrations/hubspot', '/compare'];
const TIERS = { high: 4, medium: 8, low: 16 } as const;
const REASONS = { no_intent: 25, bad_timing: 18, wrong_company_size: 14, no_authority: 12, icp_misfit: 10, using_competitor: 7, duplicate: 5, bad_contact_data: 5, no_budget: 4 } as const;
/** Handovers started this recently that are the lead's latest are still open. */
const OPEN_WINDOW = 21 * DAY;
const YEAR = 365 * DAY;

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * Business time to calendar time, roughly: 8 working hours in a 24-hour day. The SLA clock
 * proper (shared/calendar.ts) is not needed for rows whose only use is to be read back.
 */
const calendarMs = (businessMs: number) => businessMs * 3;

export function accountsTable(rng: TRng, size: TScaleSize, now: number): TTable & { domains: string[] } {
  const seen = new Set<string>();
  const companies = makeCompanies(rng, size.companies).filter((c) => !seen.has(c.domain) && seen.add(c.domain));
  const rows = companies.map((c, i): TRow => [
    `acc-${i}`, c.domain, c.name, c.employees ?? null, c.industry ?? null, c.country.name,
    c.techStack ? JSON.stringify(c.techStack) : null, c.targetAccount ? 1 : 0, iso(now - YEAR - rng.next() * YEAR), iso(now - rng.next() * 30 * DAY),
  ]);
  return {
    name: 'accounts',
    columns: ['id', 'domain', 'name', 'employees', 'industry', 'country', 'tech_stack', 'target_account', 'created_at', 'updated_at'],
    rows,
    domains: companies.map((c) => c.domain),
  };
}

/** What a lead's handovers leave on it: the owner of its latest, and that one's outcome. */
export interface TLeadOutcome {
  ownerId: string;
  state: 'open' | 'accepted' | 'rejected';
  firstStartedAt: number;
  lastStartedAt: number;
}

export function leadsTable(rng: TRng, size: TScaleSize, accounts: ReturnType<typeof accountsTable>, outcomes: TLeadOutcome[], now: number): TTable {
  const shares = Object.fromEntries(DEMO_SOURCES.map((s) => [s, SOURCE_PROFILES[s].share])) as Record<TSource, number>;
  const rows: TRow[] = [];
  for (let i = 0; i < size.leads; i += 1) {
    const accountIndex = Math.floor(Math.pow(rng.next(), 1.6) * accounts.rows.length);
    const account = accounts.rows[accountIndex]!;
    const lang = countryLang(String(account[5]));
    const source = rng.weighted(shares);
    const authority = rng.weighted(SOURCE_PROFILES[source].authority);
    const titleLang = TITLE_LANG[lang];
    const titles = DEMO_TITLES[titleLang !== 'en' && rng.chance(0.65) ? titleLang : 'en'][authority];
    const title = rng.pick(titles.length > 0 ? titles : DEMO_TITLES.en[authority]);
    const first = rng.pick(FIRST_NAMES[lang]);
    const last = rng.pick(LAST_NAMES[lang]);
    const freeMail = authority === 'researcher' ? rng.chance(0.55) : rng.chance(0.04);
    const domain = freeMail ? rng.pick(FREE_MAIL) : accounts.domains[accountIndex]!;
    const outcome = outcomes[i];
    const createdAt = Math.min(outcome ? outcome.firstStartedAt - rng.between(1, 40) * DAY : now - rng.next() * YEAR, now - HOUR);
    const stage = outcome ? 'sql' : rng.chance(0.2) ? 'mql' : 'lead';
    const status = !outcome || outcome.state === 'open' ? 'active' : outcome.state === 'accepted' ? 'accepted' : 'nurture';
    const company = { name: account[2], ...(freeMail ? {} : { domain }), ...(account[3] === null ? {} : { employees: account[3] }), country: account[5] };
    const n = i + 1;
    rows.push([
      `lead-${i}`, `${ascii(first)}.${ascii(last)}.${n}@${domain}`, first, last, rng.chance(0.95) ? title : null, freeMail ? null : String(account[0]),
      JSON.stringify(company), source, null, outcome?.ownerId ?? null,
      String(51_300_000 + n), salesforceId18(`00Q5g00000${base62(1_000_000 + n * 7, 5)}`)!, String(12_000 + n), account[7] ?? 0,
      stage, outcome ? 'standard' : null, status, 1, iso(now - rng.next() * 60 * DAY),
      outcome ? iso(outcome.firstStartedAt - rng.between(1, 72) * HOUR) : null, outcome ? iso(outcome.firstStartedAt) : null,
      iso(createdAt), iso(Math.max(createdAt, outcome?.lastStartedAt ?? createdAt)),
    ]);
  }
  return {
    name: 'leads',
    columns: [
      'id', 'email', 'first_name', 'last_name', 'title', 'account_id', 'company', 'source', 'campaign', 'owner_id',
      'hubspot_id', 'salesforce_id', 'pipedrive_id', 'target_account', 'stage', 'stage_path', 'status', 'charter_version', 'scored_at',
      'mql_at', 'sql_at', 'created_at', 'updated_at',
    ],
    rows,
  };
}

function countryLang(countryName: string): keyof typeof FIRST_NAMES {
  const byName: Record<string, keyof typeof FIRST_NAMES> = {
    France: 'fr', Belgium: 'fr', Germany: 'de', Austria: 'de', Switzerland: 'de', Netherlands: 'nl', Spain: 'es', Mexico: 'es', Italy: 'it',
    Sweden: 'nordic', Denmark: 'nordic', Norway: 'nordic', Finland: 'nordic', Brazil: 'pt', India: 'in', Japan: 'ja', Singapore: 'sg',
  };
  return byName[countryName] ?? 'en';
}

/** Events over the last 60 days; engaged leads (the low indexes) have many more than the rest. */
export function eventsTable(rng: TRng, size: TScaleSize, now: number): TTable {
  const rows: TRow[] = [];
  for (let j = 0; j < size.events; j += 1) {
    const lead = Math.floor(Math.pow(rng.next(), 1.5) * size.leads);
    const type = rng.weighted(EVENT_WEIGHTS);
    const at = iso(now - rng.next() * 60 * DAY);
    const properties = type === 'page_view' || type === 'pricing_view' ? { url: `https://handshake.example${type === 'pricing_view' ? '/pricing' : rng.pick(PAGES)}` } : { asset: rng.pick(ASSETS) };
    rows.push([`ev-${j}`, `lead-${lead}`, type, at, JSON.stringify(properties), at]);
  }
  return { name: 'events', columns: ['id', 'lead_id', 'type', 'at', 'properties', 'created_at'], rows };
}

/**
 * Handovers spread over the year, `handovers / leads` per lead, each lead's owned by one rep;
 * a lead's latest handover started in the last three weeks is still open, every other has its
 * decision: about 72 % accepted, the rest rejected with a reason (before any touch for some).
 */
export function handoverTables(rng: TRng, size: TScaleSize, users: TScaleUsers, now: number): { handovers: TTable; decisions: TTable; outcomes: TLeadOutcome[] } {
  const handovers: TRow[] = [];
  const decisions: TRow[] = [];
  const outcomes: TLeadOutcome[] = [];
  const perLead = (lead: number) => Math.floor(size.handovers / size.leads) + (lead < size.handovers % size.leads ? 1 : 0);
  for (let i = 0; i < size.handovers; i += 1) {
    const lead = i % size.leads;
    const k = Math.floor(i / size.leads);
    const n = perLead(lead);
    const startedAt = now - YEAR + ((k + rng.next()) / n) * YEAR;
    const owner = users.reps[lead % users.reps.length]!;
    const tier = rng.weighted({ high: 3, medium: 5, low: 2 });
    const businessMs = TIERS[tier] * HOUR;
    const deadline = startedAt + calendarMs(businessMs);
    const open = k === n - 1 && startedAt > now - OPEN_WINDOW;
    const touched = rng.chance(open ? 0.5 : 0.82);
    const touchBusinessMs = Math.round(businessMs * -Math.log(1 - rng.next() * 0.97) * 0.6);
    const firstTouchAt = touched ? Math.min(startedAt + calendarMs(touchBusinessMs), now - 1) : null;
    const kind = open ? null : rng.chance(0.72) ? 'accepted' : 'rejected';
    const decidedAt = kind === null ? null : Math.min((firstTouchAt ?? startedAt) + rng.between(0.5, 30) * HOUR, now - 1);
    const late = firstTouchAt !== null ? firstTouchAt > deadline : (decidedAt ?? now) > deadline;
    const id = `ho-${i}`;
    handovers.push([
      id, `lead-${lead}`, owner, owner, 'sql', iso(startedAt), tier, TIERS[tier], iso(startedAt + calendarMs(businessMs * 0.75)), iso(deadline),
      kind ?? 'open', firstTouchAt === null ? null : iso(firstTouchAt), firstTouchAt === null ? null : touchBusinessMs,
      late ? iso(deadline) : null, kind === null ? null : iso(decidedAt!), 1, iso(startedAt),
    ]);
    if (kind !== null) {
      decisions.push([
        `dec-${i}`, id, `lead-${lead}`, kind, kind === 'rejected' ? rng.weighted(REASONS) : null, null, owner, null,
        kind === 'rejected' && firstTouchAt === null ? 1 : 0, 1, `gen-${i}`, iso(decidedAt!),
      ]);
    }
    if (k === 0) outcomes[lead] = { ownerId: owner, state: kind ?? 'open', firstStartedAt: startedAt, lastStartedAt: startedAt };
    else Object.assign(outcomes[lead]!, { ownerId: owner, state: kind ?? 'open', lastStartedAt: startedAt });
  }
  return {
    handovers: {
      name: 'handovers',
      columns: [
        'id', 'lead_id', 'owner_id', 'original_owner_id', 'stage', 'started_at', 'tier', 'business_hours', 'warn_at', 'deadline',
        'state', 'first_touch_at', 'first_touch_business_ms', 'breached_at', 'closed_at', 'charter_version', 'created_at',
      ],
      rows: handovers,
    },
    decisions: {
      name: 'decisions',
      columns: ['id', 'handover_id', 'lead_id', 'kind', 'reason_id', 'note', 'decided_by_id', 'on_behalf_of_id', 'without_contact', 'charter_version', 'idempotency_key', 'decided_at'],
      rows: decisions,
    },
    outcomes,
  };
}
