import type { TIntentLevel } from '../../../shared/levels';
import type { TRoutingLead } from '../../../shared/routing';
import type { accounts, leads } from '../../db/schema';
import { companyOf } from '../lead-record';

/** What routing reads of a stored lead and its account, at the stage and intent it is handed over with. */
export function routingLeadOf(lead: typeof leads.$inferSelect, account: typeof accounts.$inferSelect | null | undefined, stage: 'mql' | 'sql', intent: TIntentLevel): TRoutingLead {
  const company = companyOf(lead, account);
  return {
    source: lead.source,
    campaign: lead.campaign,
    country: company?.country ?? null,
    industry: company?.industry ?? null,
    employees: company?.employees ?? null,
    targetAccount: lead.targetAccount || account?.targetAccount === true,
    stage,
    intent,
  };
}
