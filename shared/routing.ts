import { z } from 'zod';
import { toCountryCode } from './country';
import { ZIntentLevel, type TIntentLevel } from './levels';
import { foldText } from './text';

// Who gets a lead, as the charter says (its `handover.routing` section): the CRM owner
// when the charter lets them win, the owner of the lead's account when it says so, then
// the first rule whose conditions the lead meets, then the fallback pool. Within a pool a
// weighted rotation skips whoever cannot take the lead now (see server/domain/routing/).

const ZEmail = z.string().trim().toLowerCase().email();
const ZCountryCode = z.string().regex(/^[A-Z]{2}$/, 'expected an ISO 3166-1 alpha-2 code such as FR');

/** A pool of reps a rule hands its leads to. */
export const ZRoutingPool = z.discriminatedUnion('kind', [
  /** These reps, by e-mail. */
  z.object({ kind: z.literal('reps'), emails: z.array(ZEmail).min(1) }),
  /** The reps who report to this manager (and not the manager). */
  z.object({ kind: z.literal('team'), managerEmail: ZEmail }),
  /** The reps whose territories include the lead's country. */
  z.object({ kind: z.literal('territory') }),
  /** Every rep. */
  z.object({ kind: z.literal('everyone') }),
]);
export type TRoutingPool = z.infer<typeof ZRoutingPool>;

/** What a lead must be for a rule to take it; a condition left out matches any lead. */
export const ZRoutingMatch = z
  .object({
    sources: z.array(z.string().trim().min(1)).min(1),
    campaigns: z.array(z.string().trim().min(1)).min(1),
    countries: z.array(ZCountryCode).min(1),
    industries: z.array(z.string().trim().min(1)).min(1),
    /** Company size band, inclusive; either bound may be left out. */
    employees: z
      .object({ min: z.number().int().nonnegative().optional(), max: z.number().int().positive().optional() })
      .refine((band) => band.min === undefined || band.max === undefined || band.min <= band.max, { message: 'expected min ≤ max' }),
    targetAccount: z.boolean(),
    stages: z.array(z.enum(['mql', 'sql'])).min(1),
    /** The lead's intent level when it is handed over. */
    intents: z.array(ZIntentLevel).min(1),
  })
  .partial();
export type TRoutingMatch = z.infer<typeof ZRoutingMatch>;

export const ZRoutingRule = z.object({
  /** How the packet and the dashboard name the rule; its rotation is kept under this name. */
  name: z.string().trim().min(1).max(80),
  when: ZRoutingMatch,
  pool: ZRoutingPool,
});
export type TRoutingRule = z.infer<typeof ZRoutingRule>;

/** Its defaults are DEFAULT_ROUTING's (routing-view.ts, for the extension's pages; a unit test holds them equal). */
export const ZRouting = z
  .object({
    /**
     * Whether the owner the CRM or the source names takes the lead: `always` (even out of
     * office: the source named them), `when_available` (else the rules route it), `never`.
     */
    crmOwner: z.enum(['always', 'when_available', 'never']).default('always'),
    /**
     * A lead at a company whose account already has an owner — the owner of another open
     * handover there, or the rep who accepted a lead there within `accountOwnerDays` — goes
     * to that owner when they are available.
     */
    accountOwner: z.boolean().default(false),
    accountOwnerDays: z.number().int().positive().max(730).default(90),
    /** In order: the first rule whose conditions the lead meets routes it. */
    rules: z.array(ZRoutingRule).max(100).default([]),
    /** Where a lead no rule takes goes. */
    fallback: ZRoutingPool.default({ kind: 'everyone' }),
    /**
     * High-tier handovers (the SLA's shortest) go only to reps inside their working hours
     * right now, when the pool has one: a demo request at 17:55 in London goes to a rep whose
     * day has started, not to one whose clock pauses for 15 hours.
     */
    highTierWorkingNow: z.boolean().default(false),
  })
  .superRefine((routing, ctx) => {
    const seen = new Set<string>();
    routing.rules.forEach((rule, index) => {
      const key = rule.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['rules', index, 'name'], message: `two rules are named "${rule.name}": rule names must be unique` });
      seen.add(key);
    });
  });
export type TRouting = z.infer<typeof ZRouting>;

/** What routing reads of a lead at the moment it is handed over. */
export interface TRoutingLead {
  source: string | null;
  campaign: string | null;
  country: string | null;
  industry: string | null;
  employees: number | null;
  targetAccount: boolean;
  stage: 'mql' | 'sql';
  intent: TIntentLevel;
}

const folded = (values: readonly string[] | undefined) => values && new Set(values.map(foldText));

/** Whether the lead meets every condition of `when`. */
export function ruleMatches(when: TRoutingMatch, lead: TRoutingLead): boolean {
  const inList = (values: readonly string[] | undefined, value: string | null) => !values || (value !== null && folded(values)!.has(foldText(value)));
  if (!inList(when.sources, lead.source) || !inList(when.campaigns, lead.campaign) || !inList(when.industries, lead.industry)) return false;
  if (when.countries && !(lead.country && when.countries.includes(toCountryCode(lead.country) ?? ''))) return false;
  if (when.employees) {
    if (lead.employees === null) return false;
    if (when.employees.min !== undefined && lead.employees < when.employees.min) return false;
    if (when.employees.max !== undefined && lead.employees > when.employees.max) return false;
  }
  if (when.targetAccount !== undefined && when.targetAccount !== lead.targetAccount) return false;
  if (when.stages && !when.stages.includes(lead.stage)) return false;
  if (when.intents && !when.intents.includes(lead.intent)) return false;
  return true;
}

/** The rule that routes the lead, or undefined when the fallback pool does. */
export function matchingRule(routing: TRouting, lead: TRoutingLead): TRoutingRule | undefined {
  return routing.rules.find((rule) => ruleMatches(rule.when, lead));
}

/** Why a rep of the pool did not get the lead. */
export const SKIP_REASONS = ['out_of_office', 'inactive', 'at_capacity', 'rejected_before', 'outside_hours'] as const;
export type TSkipReason = (typeof SKIP_REASONS)[number];

export const ZRoutingSkip = z.object({
  userId: z.string(),
  name: z.string(),
  reason: z.enum(SKIP_REASONS),
  /** The last day out of office. */
  until: z.string().optional(),
  /** The open handovers and the capacity. */
  open: z.number().int().optional(),
  capacity: z.number().int().optional(),
});
export type TRoutingSkip = z.infer<typeof ZRoutingSkip>;

/** How a handover's owner was chosen, kept on the handover for the packet and the manager's views. */
export const ZRoutingTrace = z.object({
  by: z.enum(['crm_owner', 'account_owner', 'rule', 'fallback', 'assigned', 'claimed', 'escalation']),
  /** The rule's name, when a rule routed it (or matched, when its pool had nobody and the fallback took it). */
  rule: z.string().optional(),
  skipped: z.array(ZRoutingSkip),
  /** Set when the pool had no rep in working hours and the lead went to the next available all the same. */
  nobodyWorkingNow: z.boolean().optional(),
  /** For an escalation: who took it (the owner's backup, the next rep of the pool, the manager), or nobody available. */
  via: z.enum(['backup', 'pool', 'manager', 'nobody']).optional(),
});
export type TRoutingTrace = z.infer<typeof ZRoutingTrace>;

export { DEFAULT_ROUTING, describeRoute, describeSkip } from './routing-view';
