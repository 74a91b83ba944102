import type { TFunnelGroupBy, TFunnelRow } from '../lib/types';

// What the manager's view measures against, and the funnel's steps and groupings.

/** The acceptance rate the team aims for (the figures, the table and the chart mark it). */
export const ACCEPTANCE_TARGET = 0.7;

export const FUNNEL_STEPS: readonly { label: string; count: (r: TFunnelRow) => number; rate?: (r: TFunnelRow) => number | null }[] = [
  { label: 'Leads', count: (r) => r.leads },
  { label: 'MQL', count: (r) => r.mqls, rate: (r) => r.rates.leadToMql },
  { label: 'SQL', count: (r) => r.sqls, rate: (r) => r.rates.mqlToSql },
  { label: 'Accepted', count: (r) => r.accepted, rate: (r) => r.rates.sqlToAccepted },
  { label: 'Opportunity', count: (r) => r.opportunities, rate: (r) => r.rates.acceptedToOpportunity },
  { label: 'Won', count: (r) => r.won, rate: (r) => r.rates.opportunityToWon },
];

export const FUNNEL_GROUPS: readonly { groupBy: TFunnelGroupBy; label: string; column: string; all: string }[] = [
  { groupBy: 'source', label: 'source', column: 'Source', all: 'All sources' },
  { groupBy: 'campaign', label: 'campaign', column: 'Campaign', all: 'All campaigns' },
  { groupBy: 'engagement', label: 'engagement', column: 'Engagement', all: 'All levels' },
];

