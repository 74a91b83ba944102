import { displayLine } from '../../shared/display-text';
import type { TFirstTouch, TOutcomeRow, TOutcomes, TOutcomesInput } from '../lib/types';
import { csvRate, type TCsvCell } from '../ui/csv';
import { formatRate } from '../ui/format';

// What the "From MQL to customer" card shows, as text, and its CSV: one place, so the page
// and its test read the same columns.

export type TOutcomeGroupBy = TOutcomesInput['groupBy'];

export const OUTCOME_GROUPS: readonly { groupBy: TOutcomeGroupBy; column: string; all: string }[] = [
  { groupBy: 'source', column: 'Source', all: 'All sources' },
  { groupBy: 'campaign', column: 'Campaign', all: 'All campaigns' },
];

// Amounts as the CRM sent them, in whatever currency the deals are in: no currency is assumed.
const amountFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });

export function formatAmount(amount: number | null): string {
  return amount === null ? '—' : amountFormat.format(amount);
}

interface TOutcomeColumn {
  label: string;
  /** The cell's main text. */
  text: (r: TOutcomeRow) => string;
  /** A second line under it (the rate), if any. */
  rate?: (r: TOutcomeRow) => string;
  csv: (r: TOutcomeRow) => TCsvCell[];
  csvHeader: string[];
}

const amount = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);

const counted = (label: string, count: (r: TOutcomeRow) => number, rate: (r: TOutcomeRow) => number | null): TOutcomeColumn => ({
  label,
  text: (r) => String(count(r)),
  rate: (r) => formatRate(rate(r)),
  csv: (r) => [count(r), csvRate(rate(r))],
  csvHeader: [label, `${label} rate`],
});

export const OUTCOME_COLUMNS: readonly TOutcomeColumn[] = [
  { label: 'MQLs', text: (r) => String(r.mqls), csv: (r) => [r.mqls], csvHeader: ['MQLs'] },
  counted('SQL within 30 days', (r) => r.sqlWithin30Days, (r) => r.sqlWithin30DaysRate),
  counted('SQL within 60 days', (r) => r.sqlWithin60Days, (r) => r.sqlWithin60DaysRate),
  counted('No touch in 7 days', (r) => r.noTouchIn7Days, (r) => r.noTouchIn7DaysRate),
  { label: 'Won', text: (r) => String(r.won), csv: (r) => [r.won], csvHeader: ['Won'] },
  { label: 'Revenue (amount)', text: (r) => formatAmount(r.revenueWon), csv: (r) => [amount(r.revenueWon)], csvHeader: ['Revenue (amount)'] },
  { label: 'Revenue per MQL', text: (r) => formatAmount(r.revenuePerMql), csv: (r) => [amount(r.revenuePerMql)], csvHeader: ['Revenue per MQL'] },
];

/** A row's cells as their text reads (the rate, when there is one, on its own line right after the count). */
export function outcomeCells(row: TOutcomeRow): string[] {
  return OUTCOME_COLUMNS.map((c) => c.text(row) + (c.rate ? c.rate(row) : ''));
}

export function outcomesCsvHeader(groupColumn: string): string[] {
  return [groupColumn, ...OUTCOME_COLUMNS.flatMap((c) => c.csvHeader)];
}

export function outcomesCsvRows(outcomes: TOutcomes, allLabel: string): TCsvCell[][] {
  const line = (row: TOutcomeRow, label: string) => [displayLine(label), ...OUTCOME_COLUMNS.flatMap((c) => c.csv(row))];
  return [...outcomes.groups.map((row) => line(row, row.key)), line(outcomes.total, allLabel)];
}

/** Rejected leads: said once some became customers anyway. */
export function rejectedWarning(rejected: TOutcomes['rejected']): string | null {
  return rejected.wonRate !== null && rejected.wonRate > 0 ? 'Some rejected leads became customers: the rejection criteria may be too strict.' : null;
}

/** The first-touch table's cells: delay, handovers, opportunities, the rate, the articles' rate. */
export function firstTouchCells(bucket: TFirstTouch['buckets'][number]): string[] {
  return [bucket.label, String(bucket.handovers), String(bucket.opportunities), formatRate(bucket.rate), formatRate(bucket.expectedRate)];
}
