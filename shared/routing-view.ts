import { monthDay } from './out-of-office';
import type { TRouting, TRoutingSkip, TRoutingTrace } from './routing';

// What the extension's pages read of routing, without the schema library (shared/routing.ts
// holds the schemas; a page that imported them would carry zod, and its generated code, along):
// the section a charter without one gets, and a routing trace in words.

/** A charter's routing when it says nothing: the CRM owner always, then every rep in turn. */
export const DEFAULT_ROUTING: TRouting = {
  crmOwner: 'always',
  accountOwner: false,
  accountOwnerDays: 90,
  rules: [],
  fallback: { kind: 'everyone' },
  highTierWorkingNow: false,
};

/** "Ana Ruiz: out of office until Jan 2", "Ben Ode: at capacity 25/25". */
export function describeSkip(skip: TRoutingSkip): string {
  switch (skip.reason) {
    case 'out_of_office':
      return `${skip.name}: out of office${skip.until ? ` until ${monthDay(skip.until)}` : ''}`;
    case 'inactive':
      return `${skip.name}: not taking new leads`;
    case 'at_capacity':
      return `${skip.name}: at capacity ${skip.open ?? '?'}/${skip.capacity ?? '?'}`;
    case 'rejected_before':
      return `${skip.name}: rejected this lead before`;
    case 'outside_hours':
      return `${skip.name}: outside working hours`;
  }
}

/** One line on how the owner was chosen: "Rule "EMEA enterprise"", "The CRM owner". */
export function describeRoute(trace: TRoutingTrace): string {
  switch (trace.by) {
    case 'crm_owner':
      return 'The owner named by the CRM or the source';
    case 'account_owner':
      return "The owner of the lead's account";
    case 'rule':
      return `Rule "${trace.rule ?? ''}"`;
    case 'fallback':
      return trace.rule ? `The fallback pool (rule "${trace.rule}" had nobody available)` : 'The fallback pool (no rule matched)';
    case 'assigned':
      return 'Assigned by a manager';
    case 'claimed':
      return 'Claimed by the rep';
    case 'escalation':
      switch (trace.via) {
        case 'backup':
          return "Escalated at breach to the owner's backup";
        case 'pool':
          return trace.rule ? `Escalated at breach to the next rep of rule "${trace.rule}"` : 'Escalated at breach to the next rep of the fallback pool';
        case 'manager':
          return "Escalated at breach to the owner's manager";
        default:
          return 'Breached, and nobody was available to take it';
      }
  }
}
