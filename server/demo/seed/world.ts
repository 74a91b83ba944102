import type { TBusinessCalendar } from '../../../shared/calendar';
import { salesforceId18 } from '../../../shared/salesforce-id';
import type { TLead } from '../../../shared/schemas';
import { DAY, HOUR, makeRng } from './common';
import { DEMO_LEADS, demoJourney, demoLeadRecord } from './demo-leads';
import { chooseIntent, journey, localBusinessTime, makeEmail, type TPlannedLead, type TWorldContext } from './journeys';
import { campaignsFor, DEMO_SOURCES, SOURCE_PROFILES, type TCampaignPlan, type TFitClass, type TSource } from './marketing';
import { DEMO_TITLES, FIRST_NAMES, FREE_MAIL, LAST_NAMES, makeCompanies, TITLE_LANG, type TCompanyPlan } from './people';
import { DEMO_TEAM, demoHolidays, type TTeamMember } from './team';

// The generated leads and their journeys (pure: the same options give the same world).

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

export function base62(value: number, width: number): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  let out = '';
  for (let v = value; v > 0; v = Math.floor(v / 62)) out = alphabet[v % 62] + out;
  return out.padStart(width, '0').slice(-width);
}
