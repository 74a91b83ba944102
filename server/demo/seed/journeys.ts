import type { TEventProperties, TEventType, TLead } from '../../../shared/schemas';
import { DAY, HOUR, MINUTE, type TRng } from './common';
import type { TDemoLead } from './demo-leads';
import { ASSETS, COMPETITORS, NURTURE_EMAILS, SOURCE_PROFILES, WEB_PAGES, type TAsset, type TAuthorityClass, type TCampaignPlan, type TEngagementClass, type TFitClass, type TIntentPlan, type TSource } from './marketing';
import { ascii } from './people';

// Each lead's journey: the events from its first conversion on.

// Leads and their journeys

export interface TPlannedEvent {
  type: TEventType;
  at: number;
  properties: TEventProperties;
}

export interface TPlannedLead {
  lead: TLead;
  createdAt: number;
  source: TSource;
  events: TPlannedEvent[];
  /** Set for the documented demo leads, whose rep actions are scripted. */
  demo?: TDemoLead;
}

/** An instant on a working day in the person's local business hours, at or after `from`. */
export function localBusinessTime(rng: TRng, at: number, offsetHours: number, options: { weekendChance?: number; from?: number } = {}): number {
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

export function makeEmail(rng: TRng, first: string, last: string, domain: string, used: Set<string>): string {
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

export interface TWorldContext {
  rng: TRng;
  start: number;
  now: number;
  campaigns: TCampaignPlan[];
}

export function chooseIntent(rng: TRng, source: TSource, authority: TAuthorityClass, fit: TFitClass): TIntentPlan {
  // Decision-makers who engage are usually evaluating; researchers rarely are.
  const byAuthority: Record<TAuthorityClass, number> = { decision_maker: 3, influencer: 1, end_user: 0.5, researcher: 0.15 };
  const byFit: Record<TFitClass, number> = { icp: 1.2, borderline: 0.9, out: 0.5 };
  const p = Math.min(0.95, SOURCE_PROFILES[source].intent * byAuthority[authority] * byFit[fit]);
  if (!rng.chance(p)) return 'none';
  return rng.weighted({ pricing: 0.36, competitor: 0.16, demo: 0.22, meeting: 0.1, trial: 0.06, contact_sales: 0.1 });
}

/** A lead's whole journey from its first conversion on; events after `now` are cut later. */
export function journey(ctx: TWorldContext, plan: {
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
