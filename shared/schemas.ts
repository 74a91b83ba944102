import { z } from 'zod';
import { salesforceId18 } from './salesforce-id';

// Shapes of what flows in from CRMs and marketing tools (BRIEF §5). Every field a
// source may omit is optional: scoring explains what is missing instead of failing.

const ZIsoInstant = z.iso.datetime({ offset: true, message: 'expected an ISO-8601 date-time such as 2026-03-02T09:30:00Z' });

export const ZEmail = z
  .string({ message: 'expected an e-mail address' })
  .trim()
  .toLowerCase()
  .max(320)
  .pipe(z.email({ message: 'expected an e-mail address' }));

export const ZCompany = z.object({
  name: z.string().trim().max(300).optional(),
  domain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'expected a domain such as example.com')
    .optional(),
  employees: z.number().int().nonnegative().optional(),
  industry: z.string().trim().max(200).optional(),
  /** ISO 3166-1 alpha-2 code or an English country name. */
  country: z.string().trim().max(100).optional(),
  techStack: z.array(z.string().trim().max(100)).max(200).optional(),
  /** The account's owner in the CRM, by e-mail: routing gives the company's leads to them when the charter says so. */
  ownerEmail: z.string().trim().toLowerCase().email().max(320).optional(),
});
export type TCompany = z.infer<typeof ZCompany>;

export const ZCrmIds = z.object({
  hubspot: z.string().trim().max(64).optional(),
  salesforce: z.string().trim().max(64).optional(),
  pipedrive: z.string().trim().max(64).optional(),
});
export type TCrmIds = z.infer<typeof ZCrmIds>;

/** CRM ids as sources send them: a Salesforce id becomes the 18-character form the CRM's pages show, whichever form is sent. */
const ZCrmIdsInput = ZCrmIds.extend({
  salesforce: z
    .string()
    .trim()
    .max(64)
    .transform((id, ctx) => salesforceId18(id) ?? (ctx.addIssue({ code: 'custom', message: 'expected a Salesforce record id: 15 or 18 letters and digits' }), z.NEVER))
    .optional(),
});

export const ZLead = z.object({
  email: ZEmail,
  firstName: z.string().trim().max(200).optional(),
  lastName: z.string().trim().max(200).optional(),
  title: z.string().trim().max(300).optional(),
  company: ZCompany.optional(),
  source: z.string().trim().max(200).optional(),
  campaign: z.string().trim().max(200).optional(),
  ownerEmail: ZEmail.optional(),
  crmIds: ZCrmIdsInput.optional(),
  /** Historical lifecycle dates from the CRM, for leads that were qualified before Handshake. */
  lifecycle: z
    .object({
      mqlAt: ZIsoInstant.optional(),
      sqlAt: ZIsoInstant.optional(),
    })
    .optional(),
  /** The lead's account is on the ABM target list: fit is satisfied at account level. */
  targetAccount: z.boolean().optional(),
  /** When the source first recorded the lead (imports); the moment of ingest otherwise. The funnel counts leads by it. */
  createdAt: ZIsoInstant.optional(),
});
export type TLead = z.infer<typeof ZLead>;

export const EVENT_TYPES = [
  'page_view',
  'pricing_view',
  'content_download',
  'email_open',
  'email_click',
  'webinar_attended',
  'form_submit',
  'demo_request',
  'meeting_booked',
  'trial_signup',
  'competitor_comparison',
  'sales_touch',
  'opportunity_created',
  'closed_won',
  'closed_lost',
] as const;
export const ZEventType = z.enum(EVENT_TYPES);
export type TEventType = z.infer<typeof ZEventType>;

/**
 * Properties the domain reads; sources may send any others and they are kept.
 * `asset` is the content piece (ebook, webinar, page title), `topic` its subject,
 * `form` the form's id, `competitor` the competitor compared against.
 */
export const ZEventProperties = z
  .looseObject({
    url: z.string().max(2000).optional(),
    asset: z.string().max(300).optional(),
    topic: z.string().max(200).optional(),
    form: z.string().max(200).optional(),
    competitor: z.string().max(200).optional(),
    campaign: z.string().max(200).optional(),
  });
export type TEventProperties = z.infer<typeof ZEventProperties>;

export const ZEvent = z.object({
  /** The source's own id: ingesting the same event twice has no effect. */
  id: z.string().trim().min(1).max(200),
  email: ZEmail,
  type: ZEventType,
  at: ZIsoInstant,
  properties: ZEventProperties.default({}),
});
export type TEvent = z.infer<typeof ZEvent>;
