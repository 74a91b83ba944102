import { displayLine } from '../../shared/display-text';
import type { TFunnelGroupBy, TFunnelRow } from '../lib/types';
import { csvRate } from './csv';

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


/** The rates from an MQL (an SQL) to a customer, over the whole funnel: the seeds' "MQL → customer" figure. */
export const FUNNEL_OVERALL: readonly { label: string; rate: (r: TFunnelRow) => number | null; won: (r: TFunnelRow) => number; of: (r: TFunnelRow) => number }[] = [
  { label: 'MQL → won', rate: (r) => r.rates.mqlToWon, won: (r) => r.mqlsWon, of: (r) => r.mqls },
  { label: 'SQL → won', rate: (r) => r.rates.sqlToWon, won: (r) => r.sqlsWon, of: (r) => r.sqls },
];

/** The funnel's columns in a CSV file: each step's count and its rate from the step before (0–1), then the overall rates. */
export function funnelCsvHeader(groupColumn: string): string[] {
  return [
    groupColumn,
    ...FUNNEL_STEPS.flatMap((step) => (step.rate ? [step.label, `${step.label} rate`] : [step.label])),
    ...FUNNEL_OVERALL.flatMap((overall) => [`${overall.label} count`, `${overall.label} rate`]),
  ];
}

export function funnelCsvRow(row: TFunnelRow, label: string): (string | number | null)[] {
  return [
    displayLine(label),
    ...FUNNEL_STEPS.flatMap((step) => (step.rate ? [step.count(row), csvRate(step.rate(row))] : [step.count(row)])),
    ...FUNNEL_OVERALL.flatMap((overall) => [overall.won(row), csvRate(overall.rate(row))]),
  ];
}
