import { DAY, HOUR } from './common';

// Where leads come from: sources and their quality, campaigns, content, nurture e-mails.

// Marketing: sources, campaigns, content

export const DEMO_SOURCES = ['Webinar', 'Paid Search', 'Content Syndication', 'Organic Search', 'Trade Show', 'Partner Referral'] as const;
export type TSource = (typeof DEMO_SOURCES)[number];

export type TFitClass = 'icp' | 'borderline' | 'out';
export type TAuthorityClass = 'decision_maker' | 'influencer' | 'end_user' | 'researcher';
export type TEngagementClass = 'cold' | 'warm' | 'hot';
export type TIntentPlan = 'none' | 'pricing' | 'competitor' | 'demo' | 'meeting' | 'trial' | 'contact_sales';

/**
 * Where leads come from and how good they are. Partner referrals are clearly the best
 * (ICP decision-makers who ask for demos); content syndication clearly the worst
 * (researchers, students and small or off-target companies who downloaded a report).
 */
export const SOURCE_PROFILES: Record<
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

export interface TAsset {
  name: string;
  topic: string;
  kind: 'ebook' | 'report' | 'guide' | 'template' | 'checklist' | 'case study';
}

/** Content whose names and topics hit the charter's talking-point keywords. */
export const ASSETS: readonly TAsset[] = [
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

export const WEB_PAGES = [
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

export const NURTURE_EMAILS = [
  { subject: 'The 5-minute rule for inbound leads', asset: ASSETS[8]!, url: '/blog/speed-to-lead' },
  { subject: 'Your MQL-to-SQL handoff checklist', asset: ASSETS[1]!, url: '/blog/mql-vs-sql' },
  { subject: 'Lead scoring your sales team will actually trust', asset: ASSETS[2]!, url: '/blog/lead-scoring-models' },
  { subject: 'Round robin or territories? Routing that scales', asset: ASSETS[3]!, url: '/blog/round-robin-routing' },
  { subject: 'The 4 numbers RevOps should put on one dashboard', asset: ASSETS[6]!, url: '/blog/revops-dashboard' },
  { subject: 'Dedupe before you route: CRM hygiene in 20 minutes', asset: ASSETS[5]!, url: '/blog/crm-data-quality' },
  { subject: 'A sales & marketing SLA you can sign this week', asset: ASSETS[4]!, url: '/product/sla-tracking' },
];

export const COMPETITORS = ['RouteWise', 'LeadSpan', 'Qualifyr'];

export interface TCampaignPlan {
  name: string;
  source: TSource;
  /** Fixed-date campaigns (webinars, trade shows): the instants leads can come from. */
  at?: number;
  asset?: TAsset;
}

export function campaignsFor(start: number, now: number): TCampaignPlan[] {
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
