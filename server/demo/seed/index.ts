import { and, asc, count, eq, isNotNull, sql } from 'drizzle-orm';
import { seededRandom } from '../../bench/measure';
import { addBusinessTime, businessTimeBetween, nextBusinessInstant, type TBusinessCalendar } from '../../shared/calendar';
import type { TCharter } from '../../shared/charter';
import type { TEvent, TEventProperties, TEventType, TLead } from '../../shared/schemas';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { firstTouchBucket } from '../../shared/response-time';
import { slaStatus, type TSlaState } from '../../shared/sla';
import type { Database } from '../db/client';
import { decisions, events as eventRows, handovers, leads as leadRows, touches, users } from '../db/schema';
import { SYSTEM, type TActor } from '../domain/audit';
import { activeCharter, ensureDefaultCharter } from '../domain/charter';
import { decide } from '../domain/decisions';
import { ingestEvents, ingestLeads } from '../domain/ingest';
import { sweepSla } from '../domain/sweeper';
import { logTouch, type TTouchChannel } from '../domain/touches';
import { addIngestKey, addUser, calendarOf, ingestKeyFor, type TUser } from '../domain/users';
import { conflict } from '../errors';
import { salesforceId18 } from '../../shared/salesforce-id';

// Demo data for `npm start` on an empty database (BRIEF §5): a sales team, a quarter of
// marketing history and the sales team's response to it, written through the same domain
// functions the API uses — addUser, addIngestKey, ingestLeads/ingestEvents (so scoring,
// stage changes, handovers, round-robin and SLA clocks are the real ones), the SLA sweeper,
// logTouch and decide — each called with the historical instant as `now`.
//
// How the history is made:
// 1. A world is generated from a seeded PRNG (mulberry32): companies in and outside the
//    charter's ICP, leads from six sources with different quality, and each lead's journey
//    (conversion, nurture e-mails, web sessions, content, pricing visits, competitor
//    comparisons, demo requests…). Nothing about stages is decided here.
// 2. Time then runs forward over the last `days` days in 6-hour slices: each slice's new
//    leads are ingested (with `now` just before their first event), then its events (with
//    `now` = the slice's last event), and the scoring engine decides who becomes an MQL or
//    an SQL and opens handovers (round-robin, or the territory rep who owns the account).
//    Slices are also cut at each instant a lead is predicted to become an SQL (a replay of
//    the same pure scoring), so handovers start at the event that qualified the lead.
// 3. Every new handover gets a plan from its rep's habits: a first touch after a business-
//    time delay (some within 5 minutes, many within hours, some after the deadline, a few
//    never), follow-ups, an accept or a reject with a reason (a few without contact, a few
//    never decided). The SLA sweeper runs after every slice, so missed deadlines are
//    escalated to the backup rep, who then usually does the work.
// 4. Accepted leads become opportunities with the seeds' first-touch-delay effect
//    (21/14/9/4/1.5% of handovers by calendar delay ≤5 min/≤1 h/≤4 h/≤24 h/later), and some
//    of those are won or lost weeks later, as `opportunity_created`/`closed_won`/`closed_lost` events.
// 5. Five documented leads (DEMO_LEADS) are placed so that, at `now`, one handover is on
//    track, one in warning, one breached, one lead is an MQL and one is a won customer.
//
// The one write not done through a domain function: the first rep's backup is set by an
// update after the other reps exist, because addUser needs the backup to exist already
// and the backups form a ring.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

// ---------------------------------------------------------------------------------------
// Seeded randomness

type TRng = ReturnType<typeof makeRng>;

function makeRng(seed: number) {
  const next = seededRandom(seed);
  const rng = {
    next,
    chance: (p: number) => next() < p,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    between: (min: number, max: number) => min + next() * (max - min),
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    weighted: <K extends string>(weights: Readonly<Record<K, number>>): K => {
      const entries = Object.entries(weights) as [K, number][];
      const total = entries.reduce((sum, [, w]) => sum + w, 0);
      let r = next() * total;
      for (const [key, w] of entries) {
        r -= w;
        if (r < 0) return key;
      }
      return entries[entries.length - 1]![0];
    },
    /** A few distinct items. */
    sample: <T>(list: readonly T[], n: number): T[] => {
      const copy = [...list];
      const out: T[] = [];
      while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(next() * copy.length), 1)[0]!);
      return out;
    },
  };
  return rng;
}

// ---------------------------------------------------------------------------------------
// The team

export const DEMO_EMAIL_DOMAIN = 'handshake-demo.test';
const teamEmail = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

type THolidayCountry = 'FR' | 'GB' | 'US' | 'AU';

/** How a rep works their queue: the demo's per-rep stats tell a story (Inès is fast, Marcus drops feedback). */
interface TRepHabits {
  /** Business-time delay to the first touch: ≤5 min, ≤1 h, ≤4 h, ≤1 business day, later, never. */
  firstTouch: readonly [number, number, number, number, number, number];
  /** Rejects some leads without ever contacting them. */
  rejectWithoutContact: number;
  /** Never records a decision on some leads they worked. */
  undecided: number;
  /** Added to the source's acceptance probability. */
  acceptBias: number;
}

interface TTeamMember {
  email: string;
  name: string;
  role: 'rep' | 'manager' | 'admin';
  team: 'sales' | 'marketing' | 'revops';
  timeZone: string;
  country: THolidayCountry;
  backupEmail?: string;
  managerEmail?: string;
  habits?: TRepHabits;
}

const SALES_MANAGER = teamEmail('caroline.hughes');

/** Created in this order: addUser needs a rep's backup and manager to exist first. */
export const DEMO_TEAM: readonly TTeamMember[] = [
  { email: SALES_MANAGER, name: 'Caroline Hughes', role: 'manager', team: 'sales', timeZone: 'Europe/London', country: 'GB' },
  { email: teamEmail('julien.garnier'), name: 'Julien Garnier', role: 'manager', team: 'marketing', timeZone: 'Europe/Paris', country: 'FR' },
  { email: teamEmail('sam.okafor'), name: 'Sam Okafor', role: 'admin', team: 'revops', timeZone: 'America/New_York', country: 'US' },
  {
    email: teamEmail('ines.moreau'),
    name: 'Inès Moreau',
    role: 'rep',
    team: 'sales',
    timeZone: 'Europe/Paris',
    country: 'FR',
    // backup: Tom Harrington, set once he exists (see the header note)
    managerEmail: SALES_MANAGER,
    habits: { firstTouch: [0.3, 0.34, 0.22, 0.1, 0.03, 0.01], rejectWithoutContact: 0.02, undecided: 0.01, acceptBias: 0.03 },
  },
  {
    email: teamEmail('tom.harrington'),
    name: 'Tom Harrington',
    role: 'rep',
    team: 'sales',
    timeZone: 'Europe/London',
    country: 'GB',
    backupEmail: teamEmail('ines.moreau'),
    managerEmail: SALES_MANAGER,
    habits: { firstTouch: [0.14, 0.32, 0.3, 0.16, 0.06, 0.02], rejectWithoutContact: 0.04, undecided: 0.03, acceptBias: 0 },
  },
  {
    email: teamEmail('dan.whitaker'),
    name: 'Dan Whitaker',
    role: 'rep',
    team: 'sales',
    timeZone: 'America/New_York',
    country: 'US',
    backupEmail: teamEmail('tom.harrington'),
    managerEmail: SALES_MANAGER,
    habits: { firstTouch: [0.1, 0.26, 0.32, 0.2, 0.09, 0.03], rejectWithoutContact: 0.05, undecided: 0.03, acceptBias: -0.02 },
  },
  {
    email: teamEmail('priya.shah'),
    name: 'Priya Shah',
    role: 'rep',
    team: 'sales',
    timeZone: 'America/Chicago',
    country: 'US',
    backupEmail: teamEmail('dan.whitaker'),
    managerEmail: SALES_MANAGER,
    habits: { firstTouch: [0.22, 0.34, 0.26, 0.12, 0.05, 0.01], rejectWithoutContact: 0.03, undecided: 0.02, acceptBias: 0.04 },
  },
  {
    email: teamEmail('marcus.bell'),
    name: 'Marcus Bell',
    role: 'rep',
    team: 'sales',
    timeZone: 'America/New_York',
    country: 'US',
    backupEmail: teamEmail('priya.shah'),
    managerEmail: SALES_MANAGER,
    habits: { firstTouch: [0.04, 0.14, 0.3, 0.28, 0.17, 0.07], rejectWithoutContact: 0.16, undecided: 0.1, acceptBias: -0.1 },
  },
  {
    email: teamEmail('lachlan.reid'),
    name: 'Lachlan Reid',
    role: 'rep',
    team: 'sales',
    timeZone: 'Australia/Sydney',
    country: 'AU',
    backupEmail: teamEmail('marcus.bell'),
    managerEmail: SALES_MANAGER,
    habits: { firstTouch: [0.08, 0.2, 0.32, 0.25, 0.11, 0.04], rejectWithoutContact: 0.05, undecided: 0.04, acceptBias: 0 },
  },
];

/** The first rep, whose backup (Tom, a time zone away) is set once he exists. */
const RING_START = teamEmail('ines.moreau');
const RING_START_BACKUP = teamEmail('tom.harrington');

function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  // weekday: 0 = Sunday; n ≥ 1 counts from the month's start, n = -1 is the last one.
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    const day = 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
    return isoDate(year, month, day);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return isoDate(year, month, lastDay - ((last - weekday + 7) % 7));
}

function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A few public holidays of the rep's country (fixed dates and the usual Monday/Thursday ones), around `year`. */
export function demoHolidays(country: THolidayCountry, year: number): string[] {
  const days: string[] = [];
  for (const y of [year - 1, year, year + 1]) {
    const fixed: Record<THolidayCountry, [number, number][]> = {
      FR: [[1, 1], [5, 1], [5, 8], [7, 14], [8, 15], [11, 1], [11, 11], [12, 25]],
      GB: [[1, 1], [12, 25], [12, 26]],
      US: [[1, 1], [6, 19], [7, 4], [12, 25]],
      AU: [[1, 1], [1, 26], [4, 25], [12, 25], [12, 26]],
    };
    days.push(...fixed[country].map(([m, d]) => isoDate(y, m, d)));
    if (country === 'GB') days.push(nthWeekday(y, 5, 1, 1), nthWeekday(y, 5, 1, -1), nthWeekday(y, 8, 1, -1));
    if (country === 'US') {
      const thanksgiving = nthWeekday(y, 11, 4, 4);
      days.push(nthWeekday(y, 5, 1, -1), nthWeekday(y, 9, 1, 1), thanksgiving, isoDate(y, 11, Number(thanksgiving.slice(8)) + 1));
    }
    if (country === 'AU') days.push(nthWeekday(y, 10, 1, 1), nthWeekday(y, 6, 1, 2));
  }
  return days.sort();
}

// ---------------------------------------------------------------------------------------
// Marketing: sources, campaigns, content

export const DEMO_SOURCES = ['Webinar', 'Paid Search', 'Content Syndication', 'Organic Search', 'Trade Show', 'Partner Referral'] as const;
type TSource = (typeof DEMO_SOURCES)[number];

type TFitClass = 'icp' | 'borderline' | 'out';
type TAuthorityClass = 'decision_maker' | 'influencer' | 'end_user' | 'researcher';
type TEngagementClass = 'cold' | 'warm' | 'hot';
type TIntentPlan = 'none' | 'pricing' | 'competitor' | 'demo' | 'meeting' | 'trial' | 'contact_sales';

/**
 * Where leads come from and how good they are. Partner referrals are clearly the best
 * (ICP decision-makers who ask for demos); content syndication clearly the worst
 * (researchers, students and small or off-target companies who downloaded a report).
 */
const SOURCE_PROFILES: Record<
  TSource,
  {
    share: number;
    fit: Record<TFitClass, number>;
    authority: Record<TAuthorityClass, number>;
    engagement: Record<TEngagementClass, number>;
    /** Chance of some explicit buying signal. */
    intent: number;
    /** Chance that an ICP decision-maker asks for a demo right away (the direct-SQL path). */
    directDemo: number;
    /** Probability a handed-over lead is accepted. */
    accept: number;
  }
> = {
  Webinar: {
    share: 0.17,
    fit: { icp: 0.62, borderline: 0.12, out: 0.26 },
    authority: { decision_maker: 0.34, influencer: 0.26, end_user: 0.28, researcher: 0.12 },
    engagement: { cold: 0.3, warm: 0.5, hot: 0.2 },
    intent: 0.35,
    directDemo: 0.04,
    accept: 0.78,
  },
  'Paid Search': {
    share: 0.22,
    fit: { icp: 0.57, borderline: 0.13, out: 0.3 },
    authority: { decision_maker: 0.34, influencer: 0.24, end_user: 0.32, researcher: 0.1 },
    engagement: { cold: 0.45, warm: 0.4, hot: 0.15 },
    intent: 0.4,
    directDemo: 0.06,
    accept: 0.72,
  },
  'Content Syndication': {
    share: 0.25,
    fit: { icp: 0.25, borderline: 0.2, out: 0.55 },
    authority: { decision_maker: 0.1, influencer: 0.2, end_user: 0.3, researcher: 0.4 },
    engagement: { cold: 0.72, warm: 0.24, hot: 0.04 },
    intent: 0.1,
    directDemo: 0,
    accept: 0.45,
  },
  'Organic Search': {
    share: 0.18,
    fit: { icp: 0.5, borderline: 0.14, out: 0.36 },
    authority: { decision_maker: 0.3, influencer: 0.24, end_user: 0.32, researcher: 0.14 },
    engagement: { cold: 0.48, warm: 0.4, hot: 0.12 },
    intent: 0.3,
    directDemo: 0.04,
    accept: 0.74,
  },
  'Trade Show': {
    share: 0.1,
    fit: { icp: 0.55, borderline: 0.13, out: 0.32 },
    authority: { decision_maker: 0.38, influencer: 0.26, end_user: 0.26, researcher: 0.1 },
    engagement: { cold: 0.5, warm: 0.4, hot: 0.1 },
    intent: 0.25,
    directDemo: 0.05,
    accept: 0.7,
  },
  'Partner Referral': {
    share: 0.08,
    fit: { icp: 0.8, borderline: 0.12, out: 0.08 },
    authority: { decision_maker: 0.62, influencer: 0.25, end_user: 0.1, researcher: 0.03 },
    engagement: { cold: 0.2, warm: 0.45, hot: 0.35 },
    intent: 0.65,
    directDemo: 0.3,
    accept: 0.92,
  },
};

interface TAsset {
  name: string;
  topic: string;
  kind: 'ebook' | 'report' | 'guide' | 'template' | 'checklist' | 'case study';
}

/** Content whose names and topics hit the charter's talking-point keywords. */
const ASSETS: readonly TAsset[] = [
  { name: 'Speed to Lead Benchmark', topic: 'speed to lead', kind: 'report' },
  { name: 'The MQL-to-SQL Handoff Playbook', topic: 'handoff', kind: 'ebook' },
  { name: 'Lead Scoring That Sales Trusts', topic: 'lead scoring', kind: 'ebook' },
  { name: 'Round Robin vs Territory Routing', topic: 'routing', kind: 'guide' },
  { name: 'Sales & Marketing SLA Template', topic: 'sla', kind: 'template' },
  { name: 'CRM Hygiene Checklist: Dedupe and Enrichment', topic: 'crm hygiene', kind: 'checklist' },
  { name: 'The RevOps Dashboard: 4 Numbers That Matter', topic: 'dashboard', kind: 'guide' },
  { name: 'Pipeline Attribution for B2B Teams', topic: 'attribution', kind: 'ebook' },
  { name: 'How Ledgerline Cut Response Time by 80%', topic: 'response time', kind: 'case study' },
  { name: 'MQL Qualification Criteria Worksheet', topic: 'qualification', kind: 'template' },
];

const WEB_PAGES = [
  '/',
  '/product',
  '/product/lead-routing',
  '/product/sla-tracking',
  '/product/handover-packet',
  '/customers',
  '/integrations/salesforce',
  '/integrations/hubspot',
  '/blog/speed-to-lead',
  '/blog/lead-scoring-models',
  '/blog/revops-dashboard',
  '/blog/round-robin-routing',
  '/blog/mql-vs-sql',
  '/blog/crm-data-quality',
  '/security',
  '/about',
];

const NURTURE_EMAILS = [
  { subject: 'The 5-minute rule for inbound leads', asset: ASSETS[8]!, url: '/blog/speed-to-lead' },
  { subject: 'Your MQL-to-SQL handoff checklist', asset: ASSETS[1]!, url: '/blog/mql-vs-sql' },
  { subject: 'Lead scoring your sales team will actually trust', asset: ASSETS[2]!, url: '/blog/lead-scoring-models' },
  { subject: 'Round robin or territories? Routing that scales', asset: ASSETS[3]!, url: '/blog/round-robin-routing' },
  { subject: 'The 4 numbers RevOps should put on one dashboard', asset: ASSETS[6]!, url: '/blog/revops-dashboard' },
  { subject: 'Dedupe before you route: CRM hygiene in 20 minutes', asset: ASSETS[5]!, url: '/blog/crm-data-quality' },
  { subject: 'A sales & marketing SLA you can sign this week', asset: ASSETS[4]!, url: '/product/sla-tracking' },
];

const COMPETITORS = ['RouteWise', 'LeadSpan', 'Qualifyr'];

interface TCampaignPlan {
  name: string;
  source: TSource;
  /** Fixed-date campaigns (webinars, trade shows): the instants leads can come from. */
  at?: number;
  asset?: TAsset;
}

function campaignsFor(start: number, now: number): TCampaignPlan[] {
  const year = new Date(now).getUTCFullYear();
  const at = (days: number, hourUtc: number) => {
    // The nearest Tuesday–Thursday on or after the day.
    let t = Math.floor((start + days * DAY) / DAY) * DAY + hourUtc * HOUR;
    while (![2, 3, 4].includes(new Date(t).getUTCDay())) t += DAY;
    return t;
  };
  return [
    { name: 'Webinar – Fixing the MQL-to-SQL Handoff', source: 'Webinar', at: at(18, 15), asset: ASSETS[1] },
    { name: 'Webinar – Speed to Lead: The 5-Minute Rule', source: 'Webinar', at: at(46, 15), asset: ASSETS[0] },
    { name: 'Webinar – Pipeline Attribution Without the Guesswork', source: 'Webinar', at: at(74, 16), asset: ASSETS[7] },
    { name: 'Google Ads – Lead Routing Software', source: 'Paid Search', asset: ASSETS[3] },
    { name: 'Google Ads – Competitor Terms', source: 'Paid Search', asset: ASSETS[0] },
    { name: 'Syndication – State of RevOps Report', source: 'Content Syndication', asset: ASSETS[6] },
    { name: 'SEO – Speed-to-Lead Guide', source: 'Organic Search', asset: ASSETS[0] },
    { name: `RevOps Summit London ${year}`, source: 'Trade Show', at: at(30, 9) },
    { name: `B2B Marketing Expo New York ${year}`, source: 'Trade Show', at: at(62, 14) },
    { name: 'Partner Referral Programme', source: 'Partner Referral' },
  ];
}

// ---------------------------------------------------------------------------------------
// Companies and people

type TLang = 'en' | 'fr' | 'de' | 'es' | 'it' | 'nl' | 'nordic' | 'pt' | 'in' | 'ja' | 'sg';

interface TCountry {
  code: string;
  name: string;
  /** Rough UTC offset of business hours there, for when people click. */
  offset: number;
  lang: TLang;
  tlds: readonly string[];
  legal: readonly string[];
}

const COUNTRIES: Record<string, TCountry> = {
  US: { code: 'US', name: 'United States', offset: -6, lang: 'en', tlds: ['com', 'io', 'com', 'co'], legal: ['Inc.', '', '', 'LLC'] },
  CA: { code: 'CA', name: 'Canada', offset: -5, lang: 'en', tlds: ['ca', 'com'], legal: ['Inc.', ''] },
  GB: { code: 'GB', name: 'United Kingdom', offset: 0, lang: 'en', tlds: ['co.uk', 'com', 'io'], legal: ['Ltd', ''] },
  IE: { code: 'IE', name: 'Ireland', offset: 0, lang: 'en', tlds: ['ie', 'com'], legal: ['Ltd', ''] },
  FR: { code: 'FR', name: 'France', offset: 1, lang: 'fr', tlds: ['fr', 'com', 'io'], legal: ['SAS', '', 'SA'] },
  DE: { code: 'DE', name: 'Germany', offset: 1, lang: 'de', tlds: ['de', 'com'], legal: ['GmbH', 'AG', 'GmbH'] },
  AT: { code: 'AT', name: 'Austria', offset: 1, lang: 'de', tlds: ['at', 'com'], legal: ['GmbH'] },
  CH: { code: 'CH', name: 'Switzerland', offset: 1, lang: 'de', tlds: ['ch', 'com'], legal: ['AG', 'GmbH'] },
  NL: { code: 'NL', name: 'Netherlands', offset: 1, lang: 'nl', tlds: ['nl', 'com', 'io'], legal: ['B.V.', ''] },
  BE: { code: 'BE', name: 'Belgium', offset: 1, lang: 'fr', tlds: ['be', 'com'], legal: ['SA', 'BV'] },
  ES: { code: 'ES', name: 'Spain', offset: 1, lang: 'es', tlds: ['es', 'com'], legal: ['S.L.', 'S.A.'] },
  IT: { code: 'IT', name: 'Italy', offset: 1, lang: 'it', tlds: ['it', 'com'], legal: ['S.r.l.', 'S.p.A.'] },
  SE: { code: 'SE', name: 'Sweden', offset: 1, lang: 'nordic', tlds: ['se', 'com'], legal: ['AB'] },
  DK: { code: 'DK', name: 'Denmark', offset: 1, lang: 'nordic', tlds: ['dk', 'com'], legal: ['ApS', 'A/S'] },
  NO: { code: 'NO', name: 'Norway', offset: 1, lang: 'nordic', tlds: ['no', 'com'], legal: ['AS'] },
  FI: { code: 'FI', name: 'Finland', offset: 2, lang: 'nordic', tlds: ['fi', 'com'], legal: ['Oy'] },
  AU: { code: 'AU', name: 'Australia', offset: 10, lang: 'en', tlds: ['com.au', 'com', 'io'], legal: ['Pty Ltd', ''] },
  NZ: { code: 'NZ', name: 'New Zealand', offset: 12, lang: 'en', tlds: ['co.nz', 'com'], legal: ['Ltd'] },
  // Outside the territories the default charter covers.
  BR: { code: 'BR', name: 'Brazil', offset: -3, lang: 'pt', tlds: ['com.br'], legal: ['Ltda.'] },
  IN: { code: 'IN', name: 'India', offset: 5.5, lang: 'in', tlds: ['in', 'com'], legal: ['Pvt Ltd'] },
  SG: { code: 'SG', name: 'Singapore', offset: 8, lang: 'sg', tlds: ['sg', 'com'], legal: ['Pte Ltd'] },
  JP: { code: 'JP', name: 'Japan', offset: 9, lang: 'ja', tlds: ['jp', 'co.jp'], legal: ['K.K.'] },
  ZA: { code: 'ZA', name: 'South Africa', offset: 2, lang: 'en', tlds: ['co.za'], legal: ['(Pty) Ltd'] },
  MX: { code: 'MX', name: 'Mexico', offset: -6, lang: 'es', tlds: ['com.mx'], legal: ['S.A. de C.V.'] },
};

const COVERED_WEIGHTS: Record<string, number> = {
  US: 36, GB: 12, FR: 10, DE: 8, CA: 5, AU: 5, NL: 4, ES: 3, IE: 2, IT: 2, SE: 2, DK: 1.5, NO: 1, FI: 1, CH: 1.5, AT: 1, BE: 1.5, NZ: 1,
};
const OUTSIDE_WEIGHTS: Record<string, number> = { BR: 3, IN: 4, SG: 2, JP: 1, ZA: 1, MX: 1 };

const ICP_INDUSTRIES: Record<string, readonly string[]> = {
  'Computer Software': ['Software', 'Labs', 'Analytics', 'Systems'],
  SaaS: ['HQ', 'Cloud', 'App'],
  Internet: ['Digital', 'Online', 'Web'],
  'Information Technology and Services': ['Technologies', 'IT', 'Solutions'],
  'Financial Services': ['Payments', 'Capital', 'Finance'],
  'Professional Services': ['Partners', 'Group'],
  'Management Consulting': ['Consulting', 'Advisory'],
  'Marketing and Advertising': ['Media', 'Creative', 'Marketing'],
};
const BORDERLINE_INDUSTRIES: Record<string, readonly string[]> = {
  Telecommunications: ['Telecom', 'Networks'],
  'Staffing and Recruiting': ['Talent', 'Recruitment'],
  'E-Learning': ['Learning', 'Academy'],
  Insurance: ['Insurance', 'Assurance'],
  Banking: ['Bank'],
};
const OUT_INDUSTRIES: Record<string, readonly string[]> = {
  Retail: ['Stores', 'Retail'],
  Construction: ['Construction', 'Builders'],
  'Hospital & Health Care': ['Health', 'Clinics'],
  'Logistics and Supply Chain': ['Logistics', 'Freight'],
  'Food & Beverages': ['Foods', 'Brewing'],
  Automotive: ['Motors', 'Automotive'],
  'Higher Education': ['University', 'College'],
};

const NAME_STEMS = [
  'Lumen', 'Brightwell', 'Northwind', 'Quanta', 'Tidewater', 'Kestrel', 'Ondine', 'Cobalt', 'Ledger', 'Atlas', 'Harbor', 'Nimbus',
  'Vertex', 'Juniper', 'Solstice', 'Ironclad', 'Bluefin', 'Copperline', 'Meridian', 'Orchard', 'Summit', 'Falconer', 'Granite',
  'Willow', 'Aurora', 'Beacon', 'Cedar', 'Deltaray', 'Ember', 'Fjord', 'Helix', 'Indigo', 'Keystone', 'Lattice', 'Mosaic',
  'Novela', 'Onyx', 'Pioneer', 'Quarry', 'Redwood', 'Sable', 'Tandem', 'Vantage', 'Wren', 'Zephyr', 'Acorn', 'Brio', 'Cirrus',
  'Driftwood', 'Evergreen', 'Foxglove', 'Goldcrest', 'Highland', 'Ivory', 'Jadeite', 'Kinetic', 'Lodestar', 'Magnolia',
  'Nautilus', 'Oakridge', 'Paragon', 'Quillon', 'Riverbend', 'Silverline', 'Trellis', 'Upland', 'Verdant', 'Westbrook',
  'Yarrow', 'Zenith', 'Alder', 'Bramble', 'Caspian', 'Dunmore', 'Elmstead', 'Fairhaven', 'Glenmore', 'Hawthorn', 'Inkwell',
  'Larkspur', 'Marlowe', 'Northgate', 'Oriel', 'Peregrine', 'Rosewood', 'Saltmarsh', 'Thornbury', 'Umber', 'Vireo',
];

const FIRST_NAMES: Record<TLang, readonly string[]> = {
  en: ['James', 'Olivia', 'Michael', 'Emma', 'David', 'Sophia', 'Daniel', 'Ava', 'Matthew', 'Emily', 'Ryan', 'Hannah', 'Chris', 'Megan', 'Andrew', 'Lauren', 'Kevin', 'Rachel', 'Brian', 'Jessica', 'Jason', 'Sarah', 'Tyler', 'Ashley', 'Nathan', 'Rebecca', 'Eric', 'Natalie', 'Sam', 'Grace', 'Aisha', 'Carlos', 'Noah', 'Liam', 'Chloe', 'Ben', 'Amelia', 'Jack', 'Isla', 'Harry', 'Freya', 'George', 'Ethan', 'Zoe', 'Mia', 'Owen', 'Ruby', 'Connor', 'Abigail', 'Marcus'],
  fr: ['Camille', 'Julien', 'Léa', 'Thomas', 'Manon', 'Nicolas', 'Chloé', 'Antoine', 'Inès', 'Maxime', 'Sarah', 'Hugo', 'Emma', 'Louis', 'Claire', 'Mathieu', 'Juliette', 'Pierre', 'Élodie', 'Guillaume', 'Margaux', 'Romain', 'Pauline', 'Sébastien', 'Anaïs', 'Théo', 'Céline', 'Baptiste', 'Amélie', 'Quentin'],
  de: ['Lukas', 'Anna', 'Jonas', 'Lea', 'Felix', 'Sophie', 'Maximilian', 'Marie', 'Leon', 'Laura', 'Paul', 'Julia', 'Tobias', 'Katharina', 'Florian', 'Lena', 'Stefan', 'Sabine', 'Matthias', 'Nina', 'Jan', 'Hannah', 'Moritz', 'Carina', 'Sebastian', 'Franziska'],
  es: ['Lucía', 'Alejandro', 'María', 'Javier', 'Carmen', 'Pablo', 'Laura', 'Daniel', 'Paula', 'Sergio', 'Marta', 'Diego', 'Elena', 'Adrián', 'Sara', 'Álvaro', 'Cristina', 'Raúl', 'Ana', 'Jorge'],
  it: ['Giulia', 'Marco', 'Francesca', 'Alessandro', 'Chiara', 'Luca', 'Sara', 'Matteo', 'Valentina', 'Andrea', 'Elena', 'Davide', 'Martina', 'Simone', 'Federica', 'Lorenzo'],
  nl: ['Daan', 'Emma', 'Sem', 'Julia', 'Lucas', 'Sanne', 'Thijs', 'Lotte', 'Bram', 'Fleur', 'Ruben', 'Anouk', 'Jesse', 'Iris', 'Stijn', 'Eva'],
  nordic: ['Erik', 'Astrid', 'Lars', 'Ingrid', 'Johan', 'Sofia', 'Anders', 'Maja', 'Henrik', 'Elin', 'Mikkel', 'Freja', 'Ola', 'Nora', 'Mikko', 'Aino'],
  pt: ['João', 'Ana', 'Pedro', 'Beatriz', 'Lucas', 'Mariana', 'Gabriel', 'Juliana', 'Rafael', 'Camila'],
  in: ['Arjun', 'Priya', 'Rohan', 'Ananya', 'Vikram', 'Neha', 'Rahul', 'Kavya', 'Aditya', 'Sneha'],
  ja: ['Haruto', 'Yui', 'Sota', 'Hina', 'Ren', 'Aoi', 'Yuto', 'Sakura'],
  sg: ['Wei Ling', 'Jun Jie', 'Hui Min', 'Kai Xiang', 'Daniel', 'Rachel', 'Marcus', 'Priya'],
};

const LAST_NAMES: Record<TLang, readonly string[]> = {
  en: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor', 'Thomas', 'Moore', 'Jackson', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis', 'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Hill', 'Campbell', 'Mitchell', 'Roberts', 'Carter', 'Phillips', 'Evans', 'Turner', 'Parker', 'Collins', 'Edwards', 'Stewart', 'Morris', 'Murphy', 'Cook', 'Patel', 'Nguyen', 'Chen', 'Kim', "O'Brien", 'MacDonald', 'Hughes', 'Wood', 'Ward', 'Cooper', 'Bennett', 'Fraser'],
  fr: ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'Legrand', 'Gauthier', 'Chevalier'],
  de: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Meyer', 'Wagner', 'Becker', 'Schulz', 'Hoffmann', 'Koch', 'Richter', 'Klein', 'Wolf', 'Schröder', 'Neumann', 'Schwarz', 'Zimmermann', 'Braun', 'Krüger', 'Hartmann', 'Lange', 'Werner', 'Krause', 'Lehmann', 'Köhler'],
  es: ['García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Martín', 'Jiménez', 'Ruiz', 'Hernández', 'Díaz', 'Moreno', 'Álvarez', 'Muñoz', 'Romero', 'Navarro', 'Torres'],
  it: ['Rossi', 'Russo', 'Ferrari', 'Esposito', 'Bianchi', 'Romano', 'Colombo', 'Ricci', 'Marino', 'Greco', 'Bruno', 'Gallo', 'Conti', 'De Luca', 'Costa', 'Giordano'],
  nl: ['de Jong', 'Jansen', 'de Vries', 'van den Berg', 'van Dijk', 'Bakker', 'Janssen', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder', 'de Groot', 'Bos', 'Vos', 'Peters'],
  nordic: ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsen', 'Hansen', 'Nielsen', 'Jensen', 'Pedersen', 'Olsen', 'Berg', 'Virtanen', 'Korhonen', 'Lindqvist', 'Holm'],
  pt: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Costa', 'Pereira', 'Almeida', 'Ferreira', 'Rodrigues', 'Carvalho'],
  in: ['Sharma', 'Patel', 'Singh', 'Gupta', 'Iyer', 'Reddy', 'Nair', 'Mehta', 'Kumar', 'Rao'],
  ja: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura'],
  sg: ['Tan', 'Lim', 'Lee', 'Ng', 'Wong', 'Goh', 'Chua', 'Koh'],
};

/**
 * Job titles as people write them, in their language; each one is read by the authority
 * classifier as the level it is listed under (the seed test checks this).
 */
export const DEMO_TITLES: Record<'en' | 'fr' | 'de' | 'es' | 'it' | 'nl' | 'pt', Record<TAuthorityClass, readonly string[]>> = {
  en: {
    decision_maker: ['VP Sales', 'Vice-President, Revenue', 'Chief Revenue Officer', 'CEO', 'Founder & CEO', 'Head of Sales EMEA', 'Director of Marketing', 'Marketing Director', 'Head of Revenue Operations', 'VP Marketing', 'Sr Dir, Demand Gen', 'Managing Director', 'Head of Growth', 'COO', 'CMO', 'SVP, Global Sales', 'Director of Sales Operations', 'General Manager', 'Co-Founder', 'Head of Demand Generation', 'Commercial Director', 'Country Manager Nordics'],
    influencer: ['Sales Manager', 'Marketing Operations Manager', 'Sr. Mktg Mgr', 'Revenue Operations Manager', 'Team Lead', 'Demand Generation Manager', 'Sales Operations Manager', 'Deputy Head of Marketing', 'Associate Director, Brand', 'Chief of Staff', 'Senior Marketing Manager', 'Growth Manager', 'Customer Success Manager', 'Manager, Sales Development'],
    end_user: ['Account Executive', 'Sales Development Representative', 'Marketing Coordinator', 'Lead Generation Specialist', 'Business Development Representative', 'Marketing Specialist', 'Executive Assistant', 'Assistant to the CEO', 'Software Engineer', 'Marketing Operations Specialist'],
    researcher: ['Marketing Intern', 'MBA Student', 'Research Analyst', 'Market Research Analyst', 'Analyst', 'PhD Candidate', 'Student', 'Graduate Trainee', 'Sales Operations Analyst'],
  },
  fr: {
    decision_maker: ['Directeur commercial', 'Directrice marketing', 'Directrice commerciale', 'PDG', 'Président-directeur général', 'DG', 'Directeur des ventes'],
    influencer: ['Responsable marketing', 'Chef de projet', 'Directeur adjoint', 'Responsable des ventes'],
    end_user: ['Ingénieur', 'Assistante de direction', 'Assistant du PDG', 'Chargée de marketing'],
    researcher: ['Stagiaire'],
  },
  de: {
    decision_maker: ['Geschäftsführer', 'Geschäftsführerin', 'Leiter Vertrieb', 'Leiterin Marketing', 'Vertriebsleiter', 'Verkaufsleiterin'],
    influencer: ['Abteilungsleiter', 'Teamleiter Vertrieb', 'Bereichsleiter', 'Marketingmanager'],
    end_user: ['Softwareentwickler', 'Assistentin der Geschäftsführung', 'Vertriebsmitarbeiter'],
    researcher: ['Werkstudent Vertrieb', 'Praktikantin Marketing'],
  },
  es: {
    decision_maker: ['Director comercial', 'Directora comercial', 'Consejero Delegado', 'Directora de marketing'],
    influencer: ['Gerente de ventas', 'Jefe de ventas', 'Jefa de marketing', 'Responsable de marketing'],
    end_user: ['Ingeniero de ventas'],
    researcher: ['Becario'],
  },
  it: {
    decision_maker: ['Direttore commerciale', 'Amministratore delegato'],
    influencer: ['Responsabile marketing', 'Responsabile vendite'],
    end_user: ['Account Executive'],
    researcher: ['Stagista'],
  },
  nl: {
    decision_maker: ['Directeur', 'Hoofd Marketing', 'Eigenaar'],
    influencer: ['Accountmanager', 'Teamleider Sales'],
    end_user: ['Marketing Specialist'],
    researcher: ['Stagiair'],
  },
  pt: {
    decision_maker: ['Diretora de Vendas', 'Diretor Comercial'],
    influencer: ['Gerente de Vendas'],
    end_user: ['Account Executive'],
    researcher: ['Estagiário', 'Analista de Marketing'],
  },
};

const TITLE_LANG: Record<TLang, keyof typeof DEMO_TITLES> = {
  en: 'en', fr: 'fr', de: 'de', es: 'es', it: 'it', nl: 'nl', nordic: 'en', pt: 'pt', in: 'en', ja: 'en', sg: 'en',
};

const TECH = ['Salesforce', 'HubSpot', 'Pipedrive', 'Marketo', 'Outreach', 'Gong', 'Segment', 'Salesloft', 'Zendesk', 'Slack', 'Snowflake', 'Jira', 'Intercom'];
const FREE_MAIL = ['gmail.com', 'outlook.com', 'yahoo.com', 'hotmail.com', 'icloud.com'];

interface TCompanyPlan {
  name: string;
  domain: string;
  employees?: number;
  industry?: string;
  country: TCountry;
  techStack?: string[];
  fit: TFitClass;
  targetAccount: boolean;
  /** The account executive who owns a target account. */
  ownerEmail?: string;
  /** More contacts at bigger, better-known companies. */
  weight: number;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

function logUniform(rng: TRng, min: number, max: number): number {
  return Math.round(Math.exp(rng.between(Math.log(min), Math.log(max))));
}

function pickCountry(rng: TRng, weights: Record<string, number>): TCountry {
  return COUNTRIES[rng.weighted(weights)]!;
}

/** Sales territories: Inès has southern Europe and France, Tom the UK, DACH, Benelux and the Nordics, the Americas are split three ways, Lachlan has APAC. */
function territoryOwner(rng: TRng, country: TCountry): string | undefined {
  const ines = teamEmail('ines.moreau');
  const tom = teamEmail('tom.harrington');
  const americas = [teamEmail('dan.whitaker'), teamEmail('marcus.bell'), teamEmail('priya.shah')];
  const byCountry: Record<string, string | string[]> = {
    FR: ines, BE: ines, CH: ines, ES: ines, IT: ines,
    GB: tom, IE: tom, NL: tom, DE: tom, AT: tom, SE: tom, DK: tom, NO: tom, FI: tom,
    US: americas, CA: americas,
    AU: teamEmail('lachlan.reid'), NZ: teamEmail('lachlan.reid'),
  };
  const owner = byCountry[country.code];
  return Array.isArray(owner) ? rng.pick(owner) : owner;
}

function makeCompanies(rng: TRng, total: number): TCompanyPlan[] {
  const usedDomains = new Set<string>();
  const companies: TCompanyPlan[] = [];
  const mix: Record<TFitClass, number> = { icp: 0.45, borderline: 0.23, out: 0.32 };
  for (let i = 0; i < total; i += 1) {
    const fit = rng.weighted(mix);
    let country = pickCountry(rng, COVERED_WEIGHTS);
    let employees: number | undefined = logUniform(rng, 50, 2000);
    let industries = ICP_INDUSTRIES;
    if (fit === 'borderline') {
      // One dimension just outside the ICP: size, an adjacent industry, or size unknown.
      const which = rng.weighted({ small: 0.35, large: 0.2, industry: 0.3, unknownSize: 0.15 });
      if (which === 'small') employees = rng.int(20, 49);
      if (which === 'large') employees = rng.int(2100, 5000);
      if (which === 'industry') industries = BORDERLINE_INDUSTRIES;
      if (which === 'unknownSize') employees = undefined;
    } else if (fit === 'out') {
      const which = rng.weighted({ tiny: 0.35, huge: 0.1, industry: 0.35, country: 0.2 });
      if (which === 'tiny') employees = rng.int(2, 15);
      if (which === 'huge') employees = logUniform(rng, 8000, 120000);
      if (which === 'industry') industries = OUT_INDUSTRIES;
      if (which === 'country') country = pickCountry(rng, OUTSIDE_WEIGHTS);
    }
    const industry = rng.pick(Object.keys(industries));
    let name = '';
    let domain = '';
    for (let attempt = 0; attempt < 50; attempt += 1) {
      const stem = rng.pick(NAME_STEMS);
      const suffix = rng.pick(industries[industry]!);
      name = `${stem} ${suffix}`;
      domain = `${ascii(stem)}${rng.chance(0.5) ? ascii(suffix) : ''}.${rng.pick(country.tlds)}`;
      if (!usedDomains.has(domain)) break;
      domain = `${ascii(stem)}-${ascii(suffix)}${attempt}.${rng.pick(country.tlds)}`;
      if (!usedDomains.has(domain)) break;
    }
    usedDomains.add(domain);
    const legal = rng.pick(country.legal);
    const targetAccount = fit === 'icp' && rng.chance(0.05);
    // Most accounts are owned by their territory's rep (the CRM's assignment rules); the
    // rest reach sales through the round-robin.
    const ownerEmail = targetAccount || rng.chance(0.7) ? territoryOwner(rng, country) : undefined;
    companies.push({
      name: legal ? `${name} ${legal}` : name,
      domain,
      employees,
      industry: rng.chance(0.97) ? industry : undefined,
      country,
      techStack: rng.chance(0.7) ? rng.sample(TECH, rng.int(1, 4)) : undefined,
      fit,
      targetAccount,
      ownerEmail,
      weight: targetAccount ? 2.5 : employees && employees > 500 ? 1.5 : 1,
    });
  }
  return companies;
}

// ---------------------------------------------------------------------------------------
// Leads and their journeys

interface TPlannedEvent {
  type: TEventType;
  at: number;
  properties: TEventProperties;
}

interface TPlannedLead {
  lead: TLead;
  createdAt: number;
  source: TSource;
  events: TPlannedEvent[];
  /** Set for the documented demo leads, whose rep actions are scripted. */
  demo?: TDemoLead;
}

/** An instant on a working day in the person's local business hours, at or after `from`. */
function localBusinessTime(rng: TRng, at: number, offsetHours: number, options: { weekendChance?: number; from?: number } = {}): number {
  const offset = offsetHours * HOUR;
  const localMidnight = Math.floor((at + offset) / DAY) * DAY;
  let t = localMidnight + rng.between(8, 18.5) * HOUR;
  const weekday = () => new Date(t).getUTCDay();
  if ((weekday() === 0 || weekday() === 6) && !rng.chance(options.weekendChance ?? 0.08)) {
    t += (weekday() === 6 ? 2 : 1) * DAY;
  }
  let result = t - offset;
  if (options.from !== undefined && result < options.from) result = options.from + rng.between(1, 90) * MINUTE;
  return Math.round(result / 1000) * 1000;
}

function makeEmail(rng: TRng, first: string, last: string, domain: string, used: Set<string>): string {
  const f = ascii(first);
  const l = ascii(last);
  const patterns = [`${f}.${l}`, `${f[0]}${l}`, `${f}`, `${f}${l[0]}`, `${f}.${l}${rng.int(2, 99)}`];
  for (const local of patterns) {
    const email = `${local}@${domain}`;
    if (!used.has(email)) {
      used.add(email);
      return email;
    }
  }
  const email = `${f}.${l}.${used.size}@${domain}`;
  used.add(email);
  return email;
}

interface TWorldContext {
  rng: TRng;
  start: number;
  now: number;
  campaigns: TCampaignPlan[];
}

function chooseIntent(rng: TRng, source: TSource, authority: TAuthorityClass, fit: TFitClass): TIntentPlan {
  // Decision-makers who engage are usually evaluating; researchers rarely are.
  const byAuthority: Record<TAuthorityClass, number> = { decision_maker: 3, influencer: 1, end_user: 0.5, researcher: 0.15 };
  const byFit: Record<TFitClass, number> = { icp: 1.2, borderline: 0.9, out: 0.5 };
  const p = Math.min(0.95, SOURCE_PROFILES[source].intent * byAuthority[authority] * byFit[fit]);
  if (!rng.chance(p)) return 'none';
  return rng.weighted({ pricing: 0.36, competitor: 0.16, demo: 0.22, meeting: 0.1, trial: 0.06, contact_sales: 0.1 });
}

/** A lead's whole journey from its first conversion on; events after `now` are cut later. */
function journey(ctx: TWorldContext, plan: {
  source: TSource;
  campaign: TCampaignPlan | undefined;
  createdAt: number;
  offset: number;
  engagement: TEngagementClass;
  intent: TIntentPlan;
  directDemo: boolean;
}): TPlannedEvent[] {
  const { rng, now } = ctx;
  const out: TPlannedEvent[] = [];
  const add = (type: TEventType, at: number, properties: TEventProperties = {}) => out.push({ type, at: Math.round(at), properties });
  const c = plan.createdAt;
  const campaign = plan.campaign?.name;
  const asset = plan.campaign?.asset ?? rng.pick(ASSETS);
  const download = (at: number, a: TAsset, extra: TEventProperties = {}) =>
    add('content_download', at, { asset: a.name, topic: a.topic, ...extra });

  // 1. The conversion that created the lead.
  switch (plan.source) {
    case 'Webinar': {
      const webinar = plan.campaign!;
      add('form_submit', c, { form: 'webinar_registration', asset: webinar.name, campaign });
      const attendChance = { cold: 0.45, warm: 0.65, hot: 0.85 }[plan.engagement];
      if (webinar.at && rng.chance(attendChance)) {
        add('webinar_attended', webinar.at + rng.between(0, 12) * MINUTE, { asset: webinar.name, topic: webinar.asset?.topic, campaign });
      } else if (rng.chance(0.25)) {
        add('webinar_attended', (webinar.at ?? c) + rng.between(1, 10) * DAY, { asset: `${webinar.name} (on demand)`, topic: webinar.asset?.topic, campaign });
      }
      break;
    }
    case 'Paid Search':
      add('page_view', c - rng.between(1, 4) * MINUTE, { url: '/lp/lead-routing-software', campaign });
      add('form_submit', c, { form: 'ebook_download', asset: asset.name, campaign });
      download(c + 30_000, asset, { campaign });
      break;
    case 'Content Syndication':
      download(c, asset, { campaign });
      break;
    case 'Organic Search':
      for (let i = rng.int(1, 3); i > 0; i -= 1) add('page_view', c - i * rng.between(1, 3) * MINUTE, { url: rng.pick(WEB_PAGES.filter((p) => p.startsWith('/blog'))) });
      if (rng.chance(0.6)) {
        add('form_submit', c, { form: 'guide_download', asset: asset.name, campaign });
        download(c + 30_000, asset, { campaign });
      } else {
        add('form_submit', c, { form: 'newsletter_signup' });
      }
      break;
    case 'Trade Show':
      add('form_submit', c, { form: 'badge_scan', asset: plan.campaign!.name, campaign });
      break;
    case 'Partner Referral':
      add('form_submit', c, { form: 'partner_referral', campaign });
      break;
  }

  // 2. Nurture e-mails, weekly, until they stop reading.
  const rates = { cold: [0.22, 0.05], warm: [0.4, 0.15], hot: [0.55, 0.3] }[plan.engagement] as [number, number];
  for (let send = c + rng.between(2, 6) * DAY, n = 0; send < now; send += 7 * DAY, n += 1) {
    if (rng.chance(0.025)) break; // unsubscribed
    const email = NURTURE_EMAILS[n % NURTURE_EMAILS.length]!;
    const sentAt = localBusinessTime(rng, send, plan.offset);
    if (!rng.chance(rates[0])) continue;
    const openedAt = sentAt + rng.between(3, 240) * MINUTE;
    add('email_open', openedAt, { asset: email.subject, campaign: 'Nurture – MQL-to-SQL series' });
    if (!rng.chance(rates[1] / rates[0])) continue;
    add('email_click', openedAt + rng.between(0.2, 3) * MINUTE, { asset: email.subject, url: email.url, campaign: 'Nurture – MQL-to-SQL series' });
    add('page_view', openedAt + rng.between(0.5, 4) * MINUTE, { url: email.url });
    if (rng.chance(0.35)) download(openedAt + rng.between(3, 10) * MINUTE, email.asset);
  }

  // 3. Web sessions over an active period; buying signals near its end.
  const sessions = { cold: rng.chance(0.4) ? 1 : 0, warm: rng.int(2, 6), hot: rng.int(5, 11) }[plan.engagement];
  const period = { cold: rng.between(2, 14), warm: rng.between(6, 40), hot: rng.between(4, 22) }[plan.engagement] * DAY;
  const sessionTimes = Array.from({ length: sessions }, () => localBusinessTime(rng, c + rng.next() * period, plan.offset, { from: c })).sort((a, b) => a - b);
  for (const at of sessionTimes) {
    let t = at;
    for (let p = rng.int(2, 7); p > 0; p -= 1) {
      add('page_view', t, { url: rng.pick(WEB_PAGES) });
      t += rng.between(0.5, 4) * MINUTE;
    }
    if (rng.chance(0.25)) download(t, rng.pick(ASSETS));
    if (plan.intent === 'none' && rng.chance(0.08)) add('pricing_view', t + MINUTE, { url: '/pricing' });
  }

  const end = sessionTimes[sessionTimes.length - 1] ?? c;
  const signalAt = localBusinessTime(rng, end + rng.between(0.2, 3) * DAY, plan.offset, { from: end });
  const pricingRun = (until: number) => {
    const views = rng.int(2, 3);
    for (let i = views - 1; i >= 0; i -= 1) {
      add('pricing_view', localBusinessTime(rng, until - i * rng.between(0.5, 2.2) * DAY, plan.offset, { from: c }), { url: '/pricing' });
    }
  };
  switch (plan.intent) {
    case 'pricing':
      pricingRun(signalAt);
      break;
    case 'competitor': {
      const competitor = rng.pick(COMPETITORS);
      add('competitor_comparison', signalAt, { competitor, url: `/compare/${competitor.toLowerCase()}` });
      if (rng.chance(0.4)) add('pricing_view', signalAt + 2 * MINUTE, { url: '/pricing' });
      break;
    }
    case 'demo':
      if (rng.chance(0.6)) pricingRun(signalAt - HOUR);
      add('demo_request', signalAt, { form: 'demo', url: '/demo' });
      break;
    case 'meeting':
      add('meeting_booked', signalAt, { asset: 'Intro call with sales', url: '/book' });
      break;
    case 'trial':
      if (rng.chance(0.5)) add('pricing_view', signalAt - 10 * MINUTE, { url: '/pricing' });
      add('trial_signup', signalAt, { form: 'trial' });
      break;
    case 'contact_sales':
      pricingRun(signalAt - 30 * MINUTE);
      add('form_submit', signalAt, { form: 'contact_sales', url: '/contact-sales' });
      break;
    case 'none':
      break;
  }

  // An ICP decision-maker who asks for a demo at once: the direct-SQL path.
  if (plan.directDemo) add('demo_request', c + rng.between(5, 120) * MINUTE, { form: 'demo', url: '/demo' });
  return out;
}

// ---------------------------------------------------------------------------------------
// The documented demo leads

export type TDemoLeadKey = 'on_track' | 'warning' | 'breached' | 'mql' | 'won';

export interface TDemoLead {
  key: TDemoLeadKey;
  email: string;
  firstName: string;
  lastName: string;
  title: string;
  company: { name: string; domain: string; employees: number; industry: string; country: string; techStack: string[] };
  source: TSource;
  campaign: string;
  /** The rep the lead is assigned to (its CRM owner). */
  ownerEmail: string | null;
  crmIds: { hubspot: string; salesforce: string; pipedrive: string };
  /** Where the lead stands at the seed's `now`. */
  story: string;
}

/**
 * Five leads with fixed identities, for demo pages and tests. At the seed's `now`:
 * - on_track: an SQL since about 1 business hour (a demo request), its 4-hour SLA on track;
 * - warning: an SQL since 6½ business hours (engagement high, two pricing visits in a week:
 *   medium intent, an 8-hour SLA), past the 75% warning point;
 * - breached: an SQL (demo request) untouched 5½ business hours into its 4-hour SLA: breached,
 *   and escalated by the sweeper from Dan Whitaker to his backup, Tom Harrington;
 * - mql: an influencer at an ICP company with medium engagement: an MQL, not handed over;
 * - won: handed over about eight weeks ago, touched within 3 minutes, accepted, an
 *   opportunity 10 days later and won 5 weeks after that.
 */
export const DEMO_LEADS: readonly TDemoLead[] = [
  {
    key: 'on_track',
    email: 'camille.durand@northwind-analytics.fr',
    firstName: 'Camille',
    lastName: 'Durand',
    title: 'Directrice commerciale',
    company: { name: 'Northwind Analytics', domain: 'northwind-analytics.fr', employees: 420, industry: 'Computer Software', country: 'France', techStack: ['HubSpot', 'Gong'] },
    source: 'Webinar',
    campaign: 'Webinar – Speed to Lead: The 5-Minute Rule',
    ownerEmail: teamEmail('ines.moreau'),
    // The record ids (and e-mail) of the saved HubSpot, Salesforce and Pipedrive pages in test/fixtures/pages.
    crmIds: { hubspot: '51234', salesforce: '00Q5g00000AbCdEFGH', pipedrive: '778' },
    story: 'SQL (requested a demo) about 1 business hour ago; open handover with Inès Moreau, on track.',
  },
  {
    key: 'warning',
    email: 'jonas.weber@bergmann-logistik.de',
    firstName: 'Jonas',
    lastName: 'Weber',
    title: 'Leiter Vertrieb',
    company: { name: 'Bergmann Logistik Software GmbH', domain: 'bergmann-logistik.de', employees: 310, industry: 'Computer Software', country: 'Germany', techStack: ['Salesforce', 'Outreach'] },
    source: 'Paid Search',
    campaign: 'Google Ads – Lead Routing Software',
    ownerEmail: teamEmail('tom.harrington'),
    crmIds: { hubspot: '51235', salesforce: salesforceId18('00Q5g00000DemoB')!, pipedrive: '779' },
    story: 'SQL on high engagement and two pricing visits in a week (medium intent, 8-hour SLA); open with Tom Harrington, in warning.',
  },
  {
    key: 'breached',
    email: 'dana.whitfield@bigco.com',
    firstName: 'Dana',
    lastName: 'Whitfield',
    title: 'Head of Revenue Operations',
    company: { name: 'BigCo', domain: 'bigco.com', employees: 1800, industry: 'Internet', country: 'United States', techStack: ['Salesforce', 'Segment'] },
    source: 'Organic Search',
    campaign: 'SEO – Speed-to-Lead Guide',
    ownerEmail: teamEmail('dan.whitaker'),
    crmIds: { hubspot: '51236', salesforce: salesforceId18('00Q5g00000DemoC')!, pipedrive: '780' },
    story: 'SQL (requested a demo), untouched past its 4-hour SLA: breached, escalated from Dan Whitaker to his backup Tom Harrington.',
  },
  {
    key: 'mql',
    email: 'jordan.ellis@brightwell-software.com',
    firstName: 'Jordan',
    lastName: 'Ellis',
    title: 'Revenue Operations Manager',
    company: { name: 'Brightwell Software', domain: 'brightwell-software.com', employees: 350, industry: 'SaaS', country: 'United States', techStack: ['HubSpot'] },
    source: 'Content Syndication',
    campaign: 'Syndication – State of RevOps Report',
    ownerEmail: null,
    crmIds: { hubspot: '51237', salesforce: salesforceId18('00Q5g00000DemoD')!, pipedrive: '781' },
    story: 'MQL: an influencer at an ICP company with medium engagement; in marketing nurture, not handed over.',
  },
  {
    key: 'won',
    email: 'sophie.martin@ledgerline.io',
    firstName: 'Sophie',
    lastName: 'Martin',
    title: 'CMO',
    company: { name: 'Ledgerline', domain: 'ledgerline.io', employees: 640, industry: 'Financial Services', country: 'France', techStack: ['HubSpot', 'Salesloft'] },
    source: 'Partner Referral',
    campaign: 'Partner Referral Programme',
    ownerEmail: teamEmail('ines.moreau'),
    crmIds: { hubspot: '51238', salesforce: salesforceId18('00Q5g00000DemoE')!, pipedrive: '782' },
    story: 'Handed over about eight weeks ago, touched within 3 minutes, accepted; opportunity 10 days later, won 5 weeks after that.',
  },
];

/** The latest instant from which `ms` of business time have passed by `now`, in the calendar. */
function businessInstantBefore(now: number, ms: number, calendar: TBusinessCalendar): number {
  let lo = now - 60 * DAY;
  let hi = now;
  for (let i = 0; i < 60; i += 1) {
    const mid = (lo + hi) / 2;
    if (businessTimeBetween(new Date(mid), new Date(now), calendar) >= ms) lo = mid;
    else hi = mid;
  }
  return Math.floor(lo / 1000) * 1000;
}

function demoJourney(demo: TDemoLead, ctx: TWorldContext, calendars: Map<string, TBusinessCalendar>): { createdAt: number; events: TPlannedEvent[] } {
  const { now } = ctx;
  const calendar = demo.ownerEmail ? calendars.get(demo.ownerEmail)! : calendars.get(RING_START)!;
  const asset = (name: string) => ASSETS.find((a) => a.name === name)!;
  const events: TPlannedEvent[] = [];
  const add = (type: TEventType, at: number, properties: TEventProperties = {}) => events.push({ type, at, properties });
  switch (demo.key) {
    case 'on_track':
    case 'breached': {
      const trigger = businessInstantBefore(now, (demo.key === 'on_track' ? 1 : 5.5) * HOUR, calendar);
      const created = trigger - 12 * DAY;
      if (demo.key === 'on_track') {
        add('form_submit', created, { form: 'webinar_registration', asset: demo.campaign, campaign: demo.campaign });
        add('webinar_attended', created + 2 * DAY, { asset: demo.campaign, topic: 'speed to lead', campaign: demo.campaign });
        add('content_download', created + 5 * DAY, { asset: asset('Speed to Lead Benchmark').name, topic: 'speed to lead' });
        add('pricing_view', trigger - 20 * MINUTE, { url: '/pricing' });
      } else {
        add('page_view', created - 2 * MINUTE, { url: '/blog/speed-to-lead' });
        add('form_submit', created, { form: 'guide_download', asset: 'Speed to Lead Benchmark', campaign: demo.campaign });
        add('content_download', created + 30_000, { asset: 'Speed to Lead Benchmark', topic: 'speed to lead' });
        add('competitor_comparison', trigger - 3 * DAY, { competitor: 'RouteWise', url: '/compare/routewise' });
      }
      add('demo_request', trigger, { form: 'demo', url: '/demo' });
      return { createdAt: created, events };
    }
    case 'warning': {
      const trigger = businessInstantBefore(now, 6.5 * HOUR, calendar);
      const created = trigger - 9 * DAY;
      add('page_view', created - 3 * MINUTE, { url: '/lp/lead-routing-software', campaign: demo.campaign });
      add('form_submit', created, { form: 'ebook_download', asset: 'Round Robin vs Territory Routing', campaign: demo.campaign });
      add('content_download', created + 30_000, { asset: 'Round Robin vs Territory Routing', topic: 'routing' });
      add('email_click', created + 4 * DAY, { asset: NURTURE_EMAILS[0]!.subject, url: NURTURE_EMAILS[0]!.url });
      add('page_view', created + 4 * DAY + MINUTE, { url: NURTURE_EMAILS[0]!.url });
      add('content_download', created + 6 * DAY, { asset: 'The RevOps Dashboard: 4 Numbers That Matter', topic: 'dashboard' });
      add('page_view', trigger - 2 * DAY, { url: '/product/lead-routing' });
      add('pricing_view', trigger - 2 * DAY + MINUTE, { url: '/pricing' });
      add('pricing_view', trigger, { url: '/pricing' });
      return { createdAt: created, events };
    }
    case 'mql': {
      const created = now - 9 * DAY;
      add('content_download', created, { asset: 'The RevOps Dashboard: 4 Numbers That Matter', topic: 'revops', campaign: demo.campaign });
      add('email_click', created + 3 * DAY, { asset: NURTURE_EMAILS[1]!.subject, url: NURTURE_EMAILS[1]!.url });
      add('page_view', created + 3 * DAY + MINUTE, { url: NURTURE_EMAILS[1]!.url });
      add('content_download', created + 5 * DAY, { asset: 'Lead Scoring That Sales Trusts', topic: 'lead scoring' });
      return { createdAt: created, events };
    }
    case 'won': {
      const trigger = nextBusinessInstant(new Date(now - 55 * DAY), calendar).getTime() + 75 * MINUTE;
      const created = trigger - 2 * DAY;
      add('form_submit', created, { form: 'partner_referral', campaign: demo.campaign });
      add('content_download', created + HOUR, { asset: 'Sales & Marketing SLA Template', topic: 'sla' });
      add('pricing_view', trigger - 30 * MINUTE, { url: '/pricing' });
      add('demo_request', trigger, { form: 'demo', url: '/demo' });
      return { createdAt: created, events };
    }
  }
}

function demoLeadRecord(demo: TDemoLead): TLead {
  return {
    email: demo.email,
    firstName: demo.firstName,
    lastName: demo.lastName,
    title: demo.title,
    company: { ...demo.company },
    source: demo.source,
    campaign: demo.campaign,
    ...(demo.ownerEmail ? { ownerEmail: demo.ownerEmail } : {}),
    crmIds: { ...demo.crmIds },
  };
}

// ---------------------------------------------------------------------------------------
// World generation (pure)

export interface TDemoWorld {
  start: number;
  leads: TPlannedLead[];
}

/** A team member's working calendar: Monday–Friday 09:00–17:00 local, with their country's holidays. */
export function demoCalendar(member: Pick<TTeamMember, 'timeZone' | 'country'>, year: number): TBusinessCalendar {
  return { timeZone: member.timeZone, workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: demoHolidays(member.country, year) };
}

/** The generated leads and their journeys (pure: the same options give the same world). */
export function generateDemoWorld(options: { now: number; seed: number; leads: number; days: number }): TDemoWorld {
  const year = new Date(options.now).getUTCFullYear();
  const calendars = new Map(DEMO_TEAM.map((m) => [m.email, demoCalendar(m, year)]));
  const rng = makeRng(options.seed);
  const now = options.now;
  const start = now - options.days * DAY;
  const campaigns = campaignsFor(start, now);
  const ctx: TWorldContext = { rng, start, now, campaigns };
  const companies = makeCompanies(rng, Math.max(60, Math.round(options.leads * 0.38)));
  const byFit: Record<TFitClass, TCompanyPlan[]> = { icp: [], borderline: [], out: [] };
  for (const company of companies) byFit[company.fit].push(company);
  const weightedPick = (list: TCompanyPlan[]) => {
    const total = list.reduce((s, c) => s + c.weight, 0);
    let r = rng.next() * total;
    for (const c of list) {
      r -= c.weight;
      if (r < 0) return c;
    }
    return list[list.length - 1]!;
  };

  const usedEmails = new Set(DEMO_LEADS.map((d) => d.email));
  const planned: TPlannedLead[] = [];
  for (const demo of DEMO_LEADS) {
    const { createdAt, events } = demoJourney(demo, ctx, calendars);
    planned.push({ lead: demoLeadRecord(demo), createdAt, source: demo.source, events, demo });
  }

  const sourceShares = Object.fromEntries(DEMO_SOURCES.map((s) => [s, SOURCE_PROFILES[s].share])) as Record<TSource, number>;
  const generated = Math.max(0, options.leads - DEMO_LEADS.length);
  for (let i = 0; i < generated; i += 1) {
    const source = rng.weighted(sourceShares);
    const profile = SOURCE_PROFILES[source];
    const fit = rng.weighted(profile.fit);
    const company = weightedPick(byFit[fit].length > 0 ? byFit[fit] : companies);
    const authority = rng.weighted(profile.authority);
    let engagement = rng.weighted(profile.engagement);
    // Influencers read more than they act: fewer of them keep engaging.
    if (authority !== 'decision_maker' && engagement !== 'cold' && rng.chance(0.5)) engagement = engagement === 'hot' ? 'warm' : 'cold';
    const intent = chooseIntent(rng, source, authority, company.fit);
    // A decision-maker evaluating a purchase comes back more than once.
    if (authority === 'decision_maker' && intent !== 'none' && engagement === 'cold' && rng.chance(0.7)) engagement = 'warm';
    const directDemo = company.fit === 'icp' && authority === 'decision_maker' && rng.chance(profile.directDemo);

    const sourceCampaigns = campaigns.filter((c) => c.source === source);
    let campaign: TCampaignPlan | undefined = rng.pick(sourceCampaigns);
    if (source === 'Organic Search' && rng.chance(0.45)) campaign = undefined;

    // When the lead converted: around the campaign's date for webinars and trade shows,
    // anywhere in the period otherwise (slightly more recently: demand grows).
    let createdAt: number;
    if (campaign?.at && source === 'Webinar') {
      createdAt = localBusinessTime(rng, campaign.at - rng.between(0.5, 18) * DAY, company.country.offset);
    } else if (campaign?.at && source === 'Trade Show') {
      createdAt = campaign.at + rng.between(0, 2) * DAY + rng.between(0, 8) * HOUR;
    } else {
      createdAt = localBusinessTime(rng, start + Math.sqrt(rng.next()) * (now - start), company.country.offset, { weekendChance: 0.15 });
    }
    if (createdAt <= start || createdAt > now) createdAt = localBusinessTime(rng, start + rng.between(0.1, 0.99) * (now - start), company.country.offset);
    if (createdAt > now) createdAt = now - rng.between(1, 48) * HOUR;

    const lang = company.country.lang;
    const firstName = rng.pick(FIRST_NAMES[lang]);
    const lastName = rng.pick(LAST_NAMES[lang]);
    const titleLang = TITLE_LANG[lang];
    // Most people at companies abroad still write their title in English.
    const titles = DEMO_TITLES[titleLang !== 'en' && rng.chance(0.65) ? titleLang : 'en'][authority];
    const title = rng.pick(titles.length > 0 ? titles : DEMO_TITLES.en[authority]);
    const freeMail = authority === 'researcher' ? rng.chance(0.55) : rng.chance(0.04);
    const email = makeEmail(rng, firstName, lastName, freeMail ? rng.pick(FREE_MAIL) : company.domain, usedEmails);

    const lead: TLead = {
      email,
      firstName,
      lastName,
      company: {
        name: company.name,
        ...(freeMail ? {} : { domain: company.domain }),
        ...(company.employees !== undefined && rng.chance(0.96) ? { employees: company.employees } : {}),
        ...(company.industry ? { industry: company.industry } : {}),
        // CRMs hold countries as names mostly, sometimes as codes.
        country: rng.chance(0.8) ? company.country.name : company.country.code,
        ...(company.techStack ? { techStack: company.techStack } : {}),
      },
      source,
    };
    if (rng.chance(0.95)) lead.title = title;
    if (campaign) lead.campaign = campaign.name;
    if (company.targetAccount && !freeMail) lead.targetAccount = true;
    if (company.ownerEmail && !freeMail) lead.ownerEmail = company.ownerEmail;
    const events = journey(ctx, { source, campaign, createdAt, offset: company.country.offset, engagement, intent, directDemo });
    planned.push({ lead, createdAt, source, events });
  }

  // CRM ids: every lead is in HubSpot, Salesforce and Pipedrive, so each CRM page finds it.
  planned.forEach((p, index) => {
    if (p.demo) return;
    const n = index + 1;
    const hubspot = String(51_300_000 + n * 17 + (n % 13));
    const salesforce = salesforceId18(`00Q5g00000${base62(1_000_000 + n * 7, 5)}`)!;
    p.lead.crmIds = { hubspot, salesforce, pipedrive: String(12_000 + n) };
  });

  for (const p of planned) {
    p.events = p.events.filter((e) => e.at <= now && e.at >= start - 30 * DAY).sort((a, b) => a.at - b.at);
  }
  return { start, leads: planned };
}

function base62(value: number, width: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let v = value; v > 0; v = Math.floor(v / 62)) out = alphabet[v % 62] + out;
  return out.padStart(width, '0').slice(-width);
}

// ---------------------------------------------------------------------------------------
// Rep behaviour

const REJECTION_WEIGHTS: Record<string, number> = {
  no_intent: 20,
  no_authority: 17,
  wrong_company_size: 15,
  bad_timing: 12,
  icp_misfit: 9,
  no_budget: 8,
  using_competitor: 6,
  competitor_or_researcher: 5,
  bad_contact_data: 3,
  duplicate: 2,
  internal_or_test: 1,
  other: 4,
};

const SOURCE_REJECTION_TILT: Partial<Record<TSource, Partial<Record<string, number>>>> = {
  'Content Syndication': { no_intent: 2, competitor_or_researcher: 3, no_authority: 1.5, bad_contact_data: 2 },
  'Paid Search': { using_competitor: 2, no_budget: 1.5 },
  'Trade Show': { bad_timing: 1.8, bad_contact_data: 1.5 },
  'Partner Referral': { bad_timing: 2, duplicate: 2 },
};

const WITHOUT_CONTACT_REASONS: Record<string, number> = {
  duplicate: 4,
  bad_contact_data: 4,
  competitor_or_researcher: 4,
  wrong_company_size: 3,
  internal_or_test: 1,
  icp_misfit: 2,
};

const OTHER_NOTES = [
  'Already in an open deal with our partner team.',
  'Reseller enquiry: passed to partnerships.',
  'Wants a free tier only; revisit if pricing changes.',
  'Subsidiary of an existing customer: handled by their account manager.',
  'Asked for data for an investor report, not a buyer.',
];

const ACCEPT_NOTES = ['Discovery call booked.', 'Good fit, budget confirmed for next quarter.', 'Intro call done, evaluating against RouteWise.', undefined, undefined, undefined];

/** Business-time delay to the first touch for each habit bucket. */
const TOUCH_DELAYS: readonly [number, number][] = [
  [0.5 * MINUTE, 4.5 * MINUTE],
  [6 * MINUTE, 55 * MINUTE],
  [1.1 * HOUR, 3.8 * HOUR],
  [4.2 * HOUR, 8 * HOUR],
  [8 * HOUR, 24 * HOUR],
];

/** The seeds' SQL → opportunity conversion by first-touch delay, over the share of handovers accepted. */
const EXPECTED_ACCEPTANCE = 0.75;

type TAction =
  | { kind: 'touch'; at: number; handoverId: string; leadId: string; channel: TTouchChannel; key: string }
  | {
      kind: 'decide';
      at: number;
      handoverId: string;
      leadId: string;
      decision: 'accepted' | 'rejected';
      reasonId?: string;
      note?: string;
      key: string;
      /** After an acceptance: what happens to the deal, relative to the decision. */
      deal?: { opportunityAfter: number; outcome?: { type: 'closed_won' | 'closed_lost'; after: number } };
    };

// ---------------------------------------------------------------------------------------
// Seeding

export interface TSeedOptions {
  now: Date;
  /** PRNG seed: the same seed and `now` give the same data. */
  seed?: number;
  /** Leads to create, the five DEMO_LEADS included (default 2,500). */
  leads?: number;
  /** Days of history (default 90). */
  days?: number;
}

export interface TSeedCounts {
  users: number;
  reps: number;
  timeZones: number;
  leads: number;
  events: number;
  sources: number;
  campaigns: number;
  mqls: number;
  sqls: number;
  handovers: number;
  openHandovers: Record<'on_track' | 'warning' | 'breached', number>;
  escalated: number;
  touches: number;
  accepted: number;
  rejected: number;
  rejectedWithoutContact: number;
  opportunities: number;
  won: number;
  lost: number;
}

export interface TSeedResult {
  users: { email: string; name: string; role: string; token: string }[];
  ingestKey: string;
  counts: TSeedCounts;
}

export const DEFAULT_DEMO_SEED = 20_261_123;
export const DEFAULT_DEMO_LEADS = 2500;

/** Leads per ingest call at most (a busy slice can hold more). */
const INGEST_CHUNK = 500;

/** Time runs in slices of this length (and at predicted SQL instants): see seedDemo. */
const SLICE = 6 * HOUR;

/**
 * When the scoring engine will first find this lead an SQL, replaying its events one by one
 * (the same pure evaluation the ingest runs), or null. Only ICP decision-makers and target
 * accounts can get there, so only they are replayed.
 */
function predictedSqlAt(plan: TPlannedLead, charter: TCharter): number | null {
  const lead = plan.lead;
  const bare = evaluateLead({ lead, events: [], charter, at: new Date(plan.createdAt) });
  if (bare.criteria.fit.level !== 'in_icp' || bare.criteria.authority.level !== 'decision_maker') return null;
  const events: TEvent[] = plan.events.map((e, i) => ({ id: String(i), email: lead.email, type: e.type, at: new Date(e.at).toISOString(), properties: e.properties }));
  for (let i = 0; i < events.length; i += 1) {
    if (i + 1 < events.length && events[i + 1]!.at === events[i]!.at) continue;
    const at = plan.events[i]!.at;
    if (evaluateLead({ lead, events: events.slice(0, i + 1), charter, at: new Date(at) }).stage.stage === 'sql') return at;
  }
  return null;
}

/**
 * Fills an empty database with a realistic quarter (see the header). Refuses a database
 * that already has users. Deterministic for a given `seed` and `now` (ids and tokens aside).
 */
export async function seedDemo(database: Database, options: TSeedOptions): Promise<TSeedResult> {
  const existing = await database.db.select({ n: count() }).from(users);
  if ((existing[0]?.n ?? 0) > 0) throw conflict('the database already has users: demo data is only seeded into an empty database');

  const now = options.now.getTime();
  const days = options.days ?? 90;
  const start = now - days * DAY;
  const setupAt = new Date(start - 14 * DAY);
  await ensureDefaultCharter(database, setupAt);

  // The team.
  const year = new Date(now).getUTCFullYear();
  const created: TSeedResult['users'] = [];
  const byEmail = new Map<string, TUser>();
  for (const member of DEMO_TEAM) {
    const { user, token } = await addUser(
      database,
      {
        email: member.email,
        name: member.name,
        role: member.role,
        team: member.team,
        ...demoCalendar(member, year),
        ...(member.backupEmail ? { backupEmail: member.backupEmail } : {}),
        ...(member.managerEmail ? { managerEmail: member.managerEmail } : {}),
      },
      SYSTEM,
      setupAt,
    );
    byEmail.set(member.email, user);
    created.push({ email: user.email, name: user.name, role: user.role, token });
  }
  // Close the backup ring (see the header): Inès's backup is Tom.
  const ringStart = byEmail.get(RING_START)!;
  const ringBackup = byEmail.get(RING_START_BACKUP)!;
  await database.db.update(users).set({ backupId: ringBackup.id }).where(eq(users.id, ringStart.id));
  byEmail.set(RING_START, { ...ringStart, backupId: ringBackup.id });

  const ingestKey = await addIngestKey(database, 'Marketing automation (demo)', SYSTEM, setupAt);
  const keyRow = await ingestKeyFor(database, ingestKey);
  const actor: TActor = { kind: 'ingest', id: keyRow!.id };

  // The world, then time.
  const world = generateDemoWorld({ now, seed: options.seed ?? DEFAULT_DEMO_SEED, leads: options.leads ?? DEFAULT_DEMO_LEADS, days });
  const replay = new HistoryReplay(database, {
    world,
    start,
    now,
    actor,
    charter: await activeCharter(database),
    users: [...byEmail.values()],
    rng: makeRng((options.seed ?? DEFAULT_DEMO_SEED) ^ 0x5eed),
  });
  await replay.run();

  return { users: created, ingestKey, counts: await countSeeded(database, new Date(now)) };
}

function push<T>(map: Map<number, T[]>, key: number, item: T): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}

interface THandoverInfo {
  id: string;
  leadId: string;
  email: string;
  ownerId: string;
  startedAt: string;
  tier: string;
}

/**
 * Runs the quarter forward through the domain functions (see the header): ingest in time
 * slices, rep actions from each handover's plan, the SLA sweeper after each slice.
 */
class HistoryReplay {
  private readonly ticks: number[];
  private readonly leadsByTick = new Map<number, TPlannedLead[]>();
  private readonly eventsByTick = new Map<number, TEvent[]>();
  private readonly actionsByTick = new Map<number, TAction[]>();
  private readonly plannedByEmail = new Map<string, TPlannedLead>();
  private readonly knownHandovers = new Set<string>();
  private readonly emailByLeadId = new Map<string, string>();
  private readonly byId: Map<string, TUser>;
  private readonly habits: Map<string, TRepHabits>;
  /** Actions due in the slice being run, in time order. */
  private due: TAction[] = [];
  private tick = 0;

  constructor(
    private readonly database: Database,
    private readonly context: {
      world: TDemoWorld;
      start: number;
      now: number;
      actor: TActor;
      charter: TCharter;
      users: TUser[];
      rng: TRng;
    },
  ) {
    const { world, start, now, charter, users: team } = context;
    this.byId = new Map(team.map((u) => [u.id, u]));
    const byEmail = new Map(team.map((u) => [u.email, u]));
    this.habits = new Map(DEMO_TEAM.filter((m) => m.habits).map((m) => [byEmail.get(m.email)!.id, m.habits!]));

    // Slices: every SLICE, and cut at each instant a lead is predicted to become an SQL (so
    // its handover starts at the event that qualified it, not at the slice's end), at each
    // demo lead's event, and at now.
    const boundaries = new Set<number>([now]);
    for (let t = Math.ceil(start / SLICE) * SLICE; t < now; t += SLICE) boundaries.add(t);
    for (const p of world.leads) {
      if (p.demo) for (const e of p.events) if (e.at > start) boundaries.add(e.at);
      const trigger = predictedSqlAt(p, charter);
      if (trigger !== null && trigger > start) boundaries.add(trigger);
    }
    this.ticks = [...boundaries].sort((a, b) => a - b);

    let serial = 0;
    for (const p of world.leads) {
      this.plannedByEmail.set(p.lead.email, p);
      const firstAt = Math.min(p.createdAt, p.events[0]?.at ?? p.createdAt);
      push(this.leadsByTick, this.tickOf(Math.max(firstAt, start + 1)), p);
      for (const e of p.events) {
        serial += 1;
        const id = `demo-${serial.toString(36).padStart(6, '0')}`;
        push(this.eventsByTick, this.tickOf(Math.max(e.at, start + 1)), { id, email: p.lead.email, type: e.type, at: new Date(e.at).toISOString(), properties: e.properties });
      }
    }
  }

  /** The first slice ending at or after `t`. */
  private tickOf(t: number): number {
    const { ticks } = this;
    if (t <= ticks[0]!) return 0;
    let lo = 0;
    let hi = ticks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ticks[mid]! >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  async run(): Promise<void> {
    const { database } = this;
    const { start, actor } = this.context;
    for (this.tick = 0; this.tick < this.ticks.length; this.tick += 1) {
      const k = this.tick;
      const tickAt = this.ticks[k]!;
      this.due.push(...(this.actionsByTick.get(k) ?? []));
      this.actionsByTick.delete(k);
      await this.runDue();

      const newLeads = this.leadsByTick.get(k) ?? [];
      for (let i = 0; i < newLeads.length; i += INGEST_CHUNK) {
        const chunk = newLeads.slice(i, i + INGEST_CHUNK);
        // Created just before their first event in the slice.
        const at = Math.min(...chunk.map((p) => Math.min(p.createdAt, p.events[0]?.at ?? p.createdAt)));
        await ingestLeads(database, chunk.map((p) => p.lead), actor, new Date(Math.max(at, start)));
      }
      const newEvents = this.eventsByTick.get(k) ?? [];
      if (newEvents.length > 0) {
        newEvents.sort((a, b) => a.at.localeCompare(b.at));
        const at = Math.min(tickAt, Date.parse(newEvents[newEvents.length - 1]!.at));
        await ingestEvents(database, newEvents, actor, new Date(Math.max(at, start)));
      }
      if (newLeads.length > 0 || newEvents.length > 0) {
        await this.planNewHandovers();
        await this.runDue();
      }

      const swept = await sweepSla(database, new Date(tickAt));
      if (swept.escalated > 0) {
        await this.planBackups(tickAt);
        await this.runDue();
      }
    }
  }

  private schedule(action: TAction): void {
    if (action.at > this.context.now) return;
    const tick = this.tickOf(action.at);
    if (tick <= this.tick) this.due.push(action);
    else push(this.actionsByTick, tick, action);
  }

  private async runDue(): Promise<void> {
    while (this.due.length > 0) {
      const batch = this.due.splice(0, this.due.length).sort((a, b) => a.at - b.at);
      for (const action of batch) await this.execute(action);
    }
  }

  private async execute(action: TAction): Promise<void> {
    const { database } = this;
    const handover = await database.db.query.handovers.findFirst({ where: eq(handovers.id, action.handoverId) });
    if (!handover || handover.state !== 'open') return;
    // Whoever holds it now: the backup, after an escalation.
    const owner = this.byId.get(handover.ownerId)!;
    const at = new Date(action.at);
    if (action.kind === 'touch') {
      await logTouch(database, owner, { leadId: action.leadId, channel: action.channel, idempotencyKey: action.key, at: at.toISOString() }, at);
    } else {
      await decide(database, owner, { kind: action.decision, leadId: action.leadId, idempotencyKey: action.key, reasonId: action.reasonId, note: action.note }, at);
      if (action.decision === 'accepted') this.scheduleDeal(action);
    }
  }

  private async planNewHandovers(): Promise<void> {
    const open = await this.database.db
      .select({ id: handovers.id, leadId: handovers.leadId, email: leadRows.email, ownerId: handovers.ownerId, startedAt: handovers.startedAt, tier: handovers.tier })
      .from(handovers)
      .innerJoin(leadRows, eq(handovers.leadId, leadRows.id))
      .where(eq(handovers.state, 'open'))
      .orderBy(asc(handovers.startedAt), asc(leadRows.email));
    for (const h of open) {
      if (this.knownHandovers.has(h.id)) continue;
      this.knownHandovers.add(h.id);
      this.emailByLeadId.set(h.leadId, h.email);
      this.planHandover(h);
    }
  }

  /** What the rep does with a new handover, drawn from their habits and the lead's source. */
  private planHandover(h: THandoverInfo): void {
    const { rng } = this.context;
    const plan = this.plannedByEmail.get(h.email);
    const started = Date.parse(h.startedAt);
    const calendar = calendarOf(this.byId.get(h.ownerId)!);
    const base = { handoverId: h.id, leadId: h.leadId };
    const key = (what: string) => `demo:${h.id}:${what}`;

    if (plan?.demo) {
      if (plan.demo.key !== 'won') return; // left open for today's queue
      const touchAt = started + 3 * MINUTE;
      this.schedule({ kind: 'touch', at: touchAt, ...base, channel: 'call', key: key('touch-1') });
      this.schedule({
        kind: 'decide',
        at: touchAt + 40 * MINUTE,
        ...base,
        decision: 'accepted',
        note: 'Discovery call booked for Thursday.',
        key: key('decision'),
        deal: { opportunityAfter: 10 * DAY, outcome: { type: 'closed_won', after: 35 * DAY } },
      });
      return;
    }

    const habit = this.habits.get(h.ownerId) ?? DEMO_TEAM.find((m) => m.habits)!.habits!;
    const source = plan?.source ?? 'Organic Search';
    if (rng.chance(habit.rejectWithoutContact)) {
      const at = addBusinessTime(new Date(started), rng.between(0.1, 3) * HOUR, calendar).getTime();
      this.schedule({ kind: 'decide', at, ...base, decision: 'rejected', reasonId: rng.weighted(WITHOUT_CONTACT_REASONS), key: key('decision') });
      return;
    }
    const [p5, p60, p240, pDay, pLater, pNever] = habit.firstTouch;
    const bucket = rng.weighted({ b0: p5, b1: p60, b2: p240, b3: pDay, b4: pLater, never: pNever });
    if (bucket === 'never') return; // the sweeper escalates it at the deadline; see planBackups

    const [lo, hi] = TOUCH_DELAYS[Number(bucket.slice(1))]!;
    const firstTouch = addBusinessTime(new Date(started), rng.between(lo, hi), calendar).getTime();
    const channel: TTouchChannel = rng.weighted({ call: 0.55, email: 0.3, linkedin: 0.15 });
    this.schedule({ kind: 'touch', at: firstTouch, ...base, channel, key: key('touch-1') });

    const decideAt = addBusinessTime(new Date(firstTouch), rng.between(0.15, 16) * HOUR, calendar).getTime();
    if (rng.chance(0.55)) {
      const followUp = addBusinessTime(new Date(firstTouch), rng.between(0.05, 0.9) * (decideAt - firstTouch), calendar).getTime();
      this.schedule({ kind: 'touch', at: Math.min(followUp, decideAt - MINUTE), ...base, channel: channel === 'call' ? 'email' : 'call', key: key('touch-2') });
    }
    if (rng.chance(habit.undecided)) return;

    const acceptChance = Math.min(0.97, Math.max(0.2, SOURCE_PROFILES[source].accept + habit.acceptBias + (h.tier === 'high' ? 0.04 : 0)));
    if (rng.chance(acceptChance)) {
      // The seeds' conversion by first-touch delay, over the share of handovers accepted.
      const rate = firstTouchBucket(firstTouch - started).expectedConversion;
      const deal = rng.chance(Math.min(1, rate / EXPECTED_ACCEPTANCE))
        ? {
            opportunityAfter: rng.between(2, 18) * DAY,
            outcome: rng.chance(0.4)
              ? { type: 'closed_won' as const, after: rng.between(7, 30) * DAY }
              : rng.chance(0.4)
                ? { type: 'closed_lost' as const, after: rng.between(7, 30) * DAY }
                : undefined,
          }
        : undefined;
      this.schedule({ kind: 'decide', at: decideAt, ...base, decision: 'accepted', note: rng.pick(ACCEPT_NOTES), key: key('decision'), deal });
    } else {
      const weights = { ...REJECTION_WEIGHTS };
      for (const [reason, factor] of Object.entries(SOURCE_REJECTION_TILT[source] ?? {})) weights[reason] = (weights[reason] ?? 0) * factor!;
      const reasonId = rng.weighted(weights);
      this.schedule({ kind: 'decide', at: decideAt, ...base, decision: 'rejected', reasonId, note: reasonId === 'other' ? rng.pick(OTHER_NOTES) : undefined, key: key('decision') });
    }
  }

  /** Handovers the sweeper just escalated: the backup usually picks them up within a business day. */
  private async planBackups(tickAt: number): Promise<void> {
    const { rng } = this.context;
    const escalated = await this.database.db
      .select({ id: handovers.id, leadId: handovers.leadId, email: leadRows.email, ownerId: handovers.ownerId })
      .from(handovers)
      .innerJoin(leadRows, eq(handovers.leadId, leadRows.id))
      .where(and(eq(handovers.state, 'open'), eq(handovers.escalatedAt, new Date(tickAt).toISOString())))
      .orderBy(asc(leadRows.email));
    for (const h of escalated) {
      if (this.plannedByEmail.get(h.email)?.demo || !rng.chance(0.8)) continue;
      const calendar = calendarOf(this.byId.get(h.ownerId)!);
      const base = { handoverId: h.id, leadId: h.leadId };
      const touchAt = addBusinessTime(new Date(tickAt), rng.between(0.2, 6) * HOUR, calendar).getTime();
      this.schedule({ kind: 'touch', at: touchAt, ...base, channel: 'call', key: `demo:${h.id}:backup-touch` });
      const decideAt = addBusinessTime(new Date(touchAt), rng.between(0.3, 10) * HOUR, calendar).getTime();
      const accepted = rng.chance(0.7);
      this.schedule({
        kind: 'decide',
        at: decideAt,
        ...base,
        decision: accepted ? 'accepted' : 'rejected',
        reasonId: accepted ? undefined : rng.weighted({ bad_timing: 3, no_intent: 3, no_budget: 1, using_competitor: 1 }),
        key: `demo:${h.id}:decision`,
        // Touched more than a day after handover: the seeds' 1.5%.
        deal: accepted && rng.chance(0.015 / EXPECTED_ACCEPTANCE) ? { opportunityAfter: rng.between(3, 15) * DAY } : undefined,
      });
    }
  }

  /** An accepted lead's opportunity (and its outcome), as CRM events in the slices they happen in. */
  private scheduleDeal(action: Extract<TAction, { kind: 'decide' }>): void {
    const { now, rng } = this.context;
    if (!action.deal) return;
    const oppAt = action.at + action.deal.opportunityAfter;
    if (oppAt > now) return;
    const lead = this.plannedByEmail.get(this.emailByLeadId.get(action.leadId) ?? '');
    if (!lead) return;
    const { email, company, crmIds } = lead.lead;
    const properties = { asset: `${company?.name ?? email} – Handshake Growth`, amount: Math.round(rng.between(18, 140)) * 1000 };
    const add = (type: TEventType, at: number) => {
      const tick = Math.min(Math.max(this.tick + 1, this.tickOf(at)), this.ticks.length - 1);
      push(this.eventsByTick, tick, { id: `demo-deal-${crmIds?.hubspot ?? email}-${type}`, email, type, at: new Date(at).toISOString(), properties });
    };
    add('opportunity_created', oppAt);
    const outcome = action.deal.outcome;
    if (outcome && oppAt + outcome.after <= now) add(outcome.type, oppAt + outcome.after);
  }
}

/** What the seed left in the database, read back from it. */
export async function countSeeded(database: Database, now: Date): Promise<TSeedCounts> {
  const { db } = database;
  const one = async (query: Promise<{ n: number }[]>) => (await query)[0]?.n ?? 0;
  const userRows = await db.select({ role: users.role, timeZone: users.timeZone }).from(users);
  const reps = userRows.filter((u) => u.role === 'rep');
  const open = await db
    .select({ handover: handovers, owner: users })
    .from(handovers)
    .innerJoin(users, eq(handovers.originalOwnerId, users.id))
    .where(eq(handovers.state, 'open'));
  const openStates: Record<'on_track' | 'warning' | 'breached', number> = { on_track: 0, warning: 0, breached: 0 };
  for (const { handover, owner } of open) {
    const state: TSlaState = slaStatus({
      clock: { start: new Date(handover.startedAt), warnAt: new Date(handover.warnAt), deadline: new Date(handover.deadline) },
      calendar: calendarOf(owner),
      now,
      firstTouchAt: handover.firstTouchAt ? new Date(handover.firstTouchAt) : null,
    }).state;
    if (state === 'on_track' || state === 'warning' || state === 'breached') openStates[state] += 1;
  }
  const distinct = async (column: typeof leadRows.source | typeof leadRows.campaign) =>
    one(db.select({ n: sql<number>`count(distinct ${column})` }).from(leadRows).where(isNotNull(column)));
  return {
    users: userRows.length,
    reps: reps.length,
    timeZones: new Set(reps.map((r) => r.timeZone)).size,
    leads: await one(db.select({ n: count() }).from(leadRows)),
    events: await one(db.select({ n: count() }).from(eventRows)),
    sources: await distinct(leadRows.source),
    campaigns: await distinct(leadRows.campaign),
    mqls: await one(db.select({ n: count() }).from(leadRows).where(sql`${leadRows.mqlAt} is not null or ${leadRows.sqlAt} is not null`)),
    sqls: await one(db.select({ n: count() }).from(leadRows).where(isNotNull(leadRows.sqlAt))),
    handovers: await one(db.select({ n: count() }).from(handovers)),
    openHandovers: openStates,
    escalated: await one(db.select({ n: count() }).from(handovers).where(isNotNull(handovers.escalatedAt))),
    touches: await one(db.select({ n: count() }).from(touches)),
    accepted: await one(db.select({ n: count() }).from(decisions).where(eq(decisions.kind, 'accepted'))),
    rejected: await one(db.select({ n: count() }).from(decisions).where(eq(decisions.kind, 'rejected'))),
    rejectedWithoutContact: await one(db.select({ n: count() }).from(decisions).where(and(eq(decisions.kind, 'rejected'), eq(decisions.withoutContact, true)))),
    opportunities: await one(db.select({ n: count() }).from(leadRows).where(isNotNull(leadRows.opportunityAt))),
    won: await one(db.select({ n: count() }).from(leadRows).where(isNotNull(leadRows.wonAt))),
    lost: await one(db.select({ n: count() }).from(leadRows).where(isNotNull(leadRows.lostAt))),
  };
}
