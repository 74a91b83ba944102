import { z } from 'zod';
import { ZAuthorityOverride } from './authority';
import { ZAuthorityLevel, ZEngagementLevel, ZFitLevel, ZIntentLevel } from './levels';
import { ZEventType, type EVENT_TYPES } from './schemas';
import { DEFAULT_CRM_WRITE_BACK, ZCrmWriteBack } from './crm-write-back';
import { DEFAULT_ROUTING, ZRouting } from './routing';
import { DEFAULT_SLA_POLICY, ZSlaPolicy } from './sla';

// The charter is the shared definition marketing and sales sign (BRIEF §3): every
// threshold the scoring, the stage rules and the SLA read lives here, versioned.

const ZPoints = z.number().nonnegative().max(1000);

const ZThresholds = z.object({
  fit: ZFitLevel,
  engagement: ZEngagementLevel,
  intent: ZIntentLevel,
  authority: ZAuthorityLevel,
});
export type TThresholds = z.infer<typeof ZThresholds>;

export const ZIcp = z.object({
  employees: z
    .object({
      min: z.number().int().nonnegative(),
      max: z.number().int().positive(),
      /** Slightly outside [min, max] but inside these bounds scores as borderline. */
      borderlineMin: z.number().int().nonnegative(),
      borderlineMax: z.number().int().positive(),
    })
    .refine((e) => e.borderlineMin <= e.min && e.min <= e.max && e.max <= e.borderlineMax, {
      message: 'expected borderlineMin ≤ min ≤ max ≤ borderlineMax',
    }),
  /** Industry names as CRMs spell them; compared case- and punctuation-insensitively. */
  industries: z.array(z.string().min(1)).min(1),
  /** Adjacent verticals: borderline rather than out. */
  borderlineIndustries: z.array(z.string().min(1)),
  /** ISO 3166-1 alpha-2 codes of the territories sales covers; empty means anywhere. */
  countries: z.array(z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as FR')),
  techStack: z.object({
    /** Technologies the product integrates with. */
    compatible: z.array(z.string().min(1)),
    /** When true, a lead with none of them is out of ICP; otherwise a match only adds points. */
    required: z.boolean(),
  }),
  points: z.object({ employees: ZPoints, industry: ZPoints, country: ZPoints, techStack: ZPoints }),
  /**
   * What a dimension the lead's data does not tell (size, industry, country) counts as.
   * `borderline` (the default): nurtured as an MQL, never an SQL until someone finds out;
   * `in_icp`: the benefit of the doubt, for sparse sources the rep qualifies on the call.
   */
  unknownAs: z.enum(['borderline', 'in_icp']).default('borderline'),
});
export type TIcp = z.infer<typeof ZIcp>;

export const ZTouchpointRule = z.object({
  channel: z.enum(['web', 'email', 'content', 'event', 'form', 'product', 'meeting']),
  /** How much one distinct touchpoint of this type counts before decay. */
  weight: z.number().positive().max(10),
});

export const ZEngagementRules = z
  .object({
    windowDays: z.number().int().positive().max(365),
    /** Touchpoints younger than this count in full; older ones halve every `halfLifeDays`. */
    fullWeightDays: z.number().nonnegative(),
    halfLifeDays: z.number().positive(),
    /** Decay-weighted touchpoints needed for each level. */
    levels: z.object({ low: z.number().positive(), medium: z.number().positive(), high: z.number().positive() }),
    /** High engagement also needs touchpoints in at least this many channels. */
    highMinChannels: z.number().int().positive(),
    touchpoints: z.partialRecord(ZEventType, ZTouchpointRule),
  })
  .refine((r) => r.levels.low <= r.levels.medium && r.levels.medium <= r.levels.high, {
    message: 'expected levels low ≤ medium ≤ high',
    path: ['levels'],
  });
export type TEngagementRules = z.infer<typeof ZEngagementRules>;

export const ZIntentRules = z.object({
  windowDays: z.number().int().positive().max(365),
  /** Pricing-page visits: `count` within `withinDays` (first to last at most that far apart) is `level`; fewer is low. */
  pricingViews: z.object({ count: z.number().int().min(2), withinDays: z.number().positive(), level: ZIntentLevel }),
  /** The level each explicit buying signal shows on its own. */
  signals: z.object({
    competitor_comparison: ZIntentLevel,
    contact_sales_form: ZIntentLevel,
    demo_request: ZIntentLevel,
    trial_signup: ZIntentLevel,
    meeting_booked: ZIntentLevel,
  }),
  /** `form` property values that mean "talk to sales". */
  contactSalesForms: z.array(z.string().min(1)),
  points: z.object({ low: ZPoints, medium: ZPoints, high: ZPoints }),
});
export type TIntentRules = z.infer<typeof ZIntentRules>;

export const ZAuthorityRules = z.object({
  /** Tried before the built-in title vocabulary, in order. */
  overrides: z.array(ZAuthorityOverride),
  points: z.record(ZAuthorityLevel, ZPoints),
});

export const ZRejectionReason = z.object({
  id: z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case id'),
  label: z.string().min(1),
  /** The criterion the reason speaks to, so marketing can calibrate the right rule. */
  criterion: z.enum(['fit', 'engagement', 'intent', 'authority', 'data']).nullable(),
  noteRequired: z.boolean(),
  /** True: the lead goes back to nurture; false: it leaves the funnel (test, duplicate, competitor). */
  returnsToNurture: z.boolean(),
});
export type TRejectionReason = z.infer<typeof ZRejectionReason>;

export const ZTalkingPointRule = z.object({
  id: z.string().min(1),
  /** Case-insensitive words looked for in the asset, topic and URL of the lead's events. */
  keywords: z.array(z.string().min(1)).min(1),
  pain: z.string().min(1),
  question: z.string().min(1),
});
export type TTalkingPointRule = z.infer<typeof ZTalkingPointRule>;

export const ZCharter = z
  .object({
    version: z.number().int().positive(),
    name: z.string().min(1),
    /** A charter is due for review this many days after it becomes active. */
    reviewEveryDays: z.number().int().positive(),
    icp: ZIcp,
    disqualifiers: z.object({
      internalDomains: z.array(z.string().min(1)),
      competitorDomains: z.array(z.string().min(1)),
    }),
    engagement: ZEngagementRules,
    intent: ZIntentRules,
    authority: ZAuthorityRules,
    thresholds: z.object({ mql: ZThresholds, sql: ZThresholds }),
    directSql: z.object({
      enabled: z.boolean(),
      fit: ZFitLevel,
      authority: ZAuthorityLevel,
      signals: z.array(z.enum(['demo_request', 'meeting_booked', 'trial_signup', 'contact_sales_form'])).min(1),
    }),
    targetAccounts: z.object({
      /** ABM: any contact at a target account who engages at this level becomes an MQL. */
      mqlEngagement: ZEngagementLevel,
    }),
    sla: ZSlaPolicy,
    /**
     * Who gets a handover: by hand, managers and admins always and reps claiming one only when
     * `repsMayClaim` allows it; automatically, as `routing` says.
     */
    handover: z
      .object({ repsMayClaim: z.boolean(), routing: ZRouting.default(DEFAULT_ROUTING) })
      .default({ repsMayClaim: false, routing: DEFAULT_ROUTING }),
    rejectionReasons: z.array(ZRejectionReason).min(1),
    talkingPoints: z.array(ZTalkingPointRule),
    /** What a decision writes on the CRM record, per CRM. */
    crmWriteBack: ZCrmWriteBack.default(DEFAULT_CRM_WRITE_BACK),
    /** What the weekly sync measures itself against: SQLs a week (null: no target set). */
    targets: z
      .object({ sqlsPerWeek: z.number().int().positive().nullable().default(null) })
      .default({ sqlsPerWeek: null }),
  })
  .superRefine((charter, ctx) => {
    const ids = charter.rejectionReasons.map((r) => r.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['rejectionReasons'], message: 'rejection reason ids must be unique' });
    }
    if (!charter.rejectionReasons.some((r) => r.id === 'other' && r.noteRequired)) {
      ctx.addIssue({
        code: 'custom',
        path: ['rejectionReasons'],
        message: 'an "other" reason that requires a note must be on the list',
      });
    }
  });
export type TCharter = z.infer<typeof ZCharter>;

const MARKETING_EVENT_CHANNELS = {
  page_view: { channel: 'web', weight: 1 },
  pricing_view: { channel: 'web', weight: 1 },
  competitor_comparison: { channel: 'web', weight: 1 },
  content_download: { channel: 'content', weight: 1 },
  // Privacy proxies open mail automatically, so an open is weak evidence on its own.
  email_open: { channel: 'email', weight: 0.5 },
  email_click: { channel: 'email', weight: 1 },
  webinar_attended: { channel: 'event', weight: 1 },
  form_submit: { channel: 'form', weight: 1 },
  demo_request: { channel: 'form', weight: 1 },
  trial_signup: { channel: 'product', weight: 1 },
  meeting_booked: { channel: 'meeting', weight: 1 },
} as const satisfies Partial<Record<(typeof EVENT_TYPES)[number], z.infer<typeof ZTouchpointRule>>>;

export const DEFAULT_REJECTION_REASONS: TRejectionReason[] = [
  { id: 'wrong_company_size', label: 'Wrong company size', criterion: 'fit', noteRequired: false, returnsToNurture: true },
  { id: 'icp_misfit', label: 'Wrong industry / ICP misfit', criterion: 'fit', noteRequired: false, returnsToNurture: true },
  { id: 'no_authority', label: 'Wrong role / no authority', criterion: 'authority', noteRequired: false, returnsToNurture: true },
  { id: 'no_intent', label: 'No real intent', criterion: 'intent', noteRequired: false, returnsToNurture: true },
  { id: 'no_budget', label: 'No budget', criterion: 'intent', noteRequired: false, returnsToNurture: true },
  { id: 'bad_timing', label: 'Bad timing', criterion: 'intent', noteRequired: false, returnsToNurture: true },
  { id: 'using_competitor', label: 'Using a competitor', criterion: 'fit', noteRequired: false, returnsToNurture: true },
  { id: 'competitor_or_researcher', label: 'Competitor or researcher', criterion: 'authority', noteRequired: false, returnsToNurture: false },
  { id: 'internal_or_test', label: 'Internal or test', criterion: 'data', noteRequired: false, returnsToNurture: false },
  { id: 'duplicate', label: 'Duplicate', criterion: 'data', noteRequired: false, returnsToNurture: false },
  { id: 'bad_contact_data', label: 'Bad contact data', criterion: 'data', noteRequired: false, returnsToNurture: false },
  { id: 'other', label: 'Other (note required)', criterion: null, noteRequired: true, returnsToNurture: true },
];

/** The longest window any criterion looks back over, in days: older events cannot change a score. */
export const scoringLookbackDays = (charter: TCharter) => Math.max(charter.engagement.windowDays, charter.intent.windowDays);

export const DEFAULT_CHARTER: TCharter = ZCharter.parse({
  version: 1,
  name: 'Default MQL/SQL charter',
  reviewEveryDays: 90,
  icp: {
    employees: { min: 50, max: 2000, borderlineMin: 20, borderlineMax: 5000 },
    industries: [
      'Software',
      'Computer Software',
      'SaaS',
      'Internet',
      'Information Technology and Services',
      'Financial Services',
      'Professional Services',
      'Management Consulting',
      'Marketing and Advertising',
    ],
    borderlineIndustries: ['Telecommunications', 'Staffing and Recruiting', 'E-Learning', 'Insurance', 'Banking'],
    countries: ['US', 'CA', 'GB', 'IE', 'FR', 'DE', 'NL', 'BE', 'ES', 'IT', 'SE', 'DK', 'NO', 'FI', 'CH', 'AT', 'AU', 'NZ'],
    techStack: {
      compatible: ['Salesforce', 'HubSpot', 'Pipedrive', 'Marketo', 'Pardot', 'Segment', 'Outreach', 'Salesloft', 'Gong'],
      required: false,
    },
    points: { employees: 30, industry: 30, country: 20, techStack: 20 },
  },
  disqualifiers: { internalDomains: [], competitorDomains: [] },
  engagement: {
    windowDays: 30,
    fullWeightDays: 7,
    halfLifeDays: 14,
    levels: { low: 0.5, medium: 2, high: 4 },
    highMinChannels: 2,
    touchpoints: MARKETING_EVENT_CHANNELS,
  },
  intent: {
    windowDays: 30,
    pricingViews: { count: 2, withinDays: 7, level: 'medium' },
    signals: {
      competitor_comparison: 'medium',
      contact_sales_form: 'high',
      demo_request: 'high',
      trial_signup: 'high',
      meeting_booked: 'high',
    },
    contactSalesForms: ['contact_sales', 'contact-sales', 'talk_to_sales', 'request_quote'],
    points: { low: 10, medium: 25, high: 50 },
  },
  authority: {
    overrides: [],
    points: { researcher: 0, unknown: 0, end_user: 10, influencer: 20, decision_maker: 30 },
  },
  thresholds: {
    // Borderline fit may be nurtured as an MQL but is never handed to sales as an SQL.
    mql: { fit: 'borderline', engagement: 'medium', intent: 'none', authority: 'influencer' },
    sql: { fit: 'in_icp', engagement: 'high', intent: 'medium', authority: 'decision_maker' },
  },
  directSql: { enabled: true, fit: 'in_icp', authority: 'decision_maker', signals: ['demo_request', 'meeting_booked'] },
  targetAccounts: { mqlEngagement: 'low' },
  sla: DEFAULT_SLA_POLICY,
  handover: { repsMayClaim: false, routing: DEFAULT_ROUTING },
  rejectionReasons: DEFAULT_REJECTION_REASONS,
  talkingPoints: [
    {
      id: 'lead_routing',
      keywords: ['routing', 'round robin', 'assignment', 'speed to lead', 'response time'],
      pain: 'Inbound leads wait too long before a rep picks them up.',
      question: 'How long does a new inbound lead wait today before someone calls, and who owns it meanwhile?',
    },
    {
      id: 'lead_scoring',
      keywords: ['lead scoring', 'scoring', 'mql', 'qualification'],
      pain: 'Sales does not trust the leads marketing passes over.',
      question: 'What makes a lead worth a sales call for your team, and who agreed on that definition?',
    },
    {
      id: 'alignment',
      keywords: ['alignment', 'handoff', 'handover', 'sla', 'revops'],
      pain: 'Marketing and sales argue about lead quality instead of fixing it.',
      question: 'When sales rejects a lead, how does marketing find out why?',
    },
    {
      id: 'forecasting',
      keywords: ['forecast', 'pipeline', 'attribution', 'dashboard', 'reporting'],
      pain: 'Leadership cannot see which sources produce pipeline.',
      question: 'Which lead sources turned into closed revenue last quarter, and how confident are you in that number?',
    },
    {
      id: 'data_quality',
      keywords: ['data quality', 'enrichment', 'dedupe', 'duplicate', 'crm hygiene'],
      pain: 'CRM records are incomplete or duplicated, so routing and reports go wrong.',
      question: 'How often do reps find a lead was already owned by someone else, or missing a phone number?',
    },
  ],
});
