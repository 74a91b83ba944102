import { businessTimeBetween, nextBusinessInstant, type TBusinessCalendar } from '../../../shared/calendar';
import { salesforceId18 } from '../../../shared/salesforce-id';
import type { TEventProperties, TEventType, TLead } from '../../../shared/schemas';
import { DAY, HOUR, MINUTE } from './common';
import type { TPlannedEvent, TWorldContext } from './journeys';
import { ASSETS, NURTURE_EMAILS, type TSource } from './marketing';
import { RING_START, teamEmail } from './team';

// The five documented leads, with fixed identities, for the demo pages and the tests.

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
export function businessInstantBefore(now: number, ms: number, calendar: TBusinessCalendar): number {
  let lo = now - 60 * DAY;
  let hi = now;
  for (let i = 0; i < 60; i += 1) {
    const mid = (lo + hi) / 2;
    if (businessTimeBetween(new Date(mid), new Date(now), calendar) >= ms) lo = mid;
    else hi = mid;
  }
  return Math.floor(lo / 1000) * 1000;
}

export function demoJourney(demo: TDemoLead, ctx: TWorldContext, calendars: Map<string, TBusinessCalendar>): { createdAt: number; events: TPlannedEvent[] } {
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

export function demoLeadRecord(demo: TDemoLead): TLead {
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
