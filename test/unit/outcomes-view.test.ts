import { describe, expect, it } from 'vitest';
import { outcomeCells, outcomesCsvHeader, outcomesCsvRows, rejectedWarning } from '../../extension/dashboard/outcomes-view';
import type { TOutcomeRow, TOutcomes } from '../../extension/lib/types';
import { toCsv } from '../../extension/ui/csv';

// The "From MQL to customer" card's text and CSV: rates as the dashboard writes them, amounts
// without a currency, the warning only when a rejected lead was won.

const ROW: TOutcomeRow = {
  key: '=webinar',
  mqls: 3,
  sqlWithin30Days: 1,
  sqlWithin30DaysRate: 1 / 3,
  sqlWithin60Days: 2,
  sqlWithin60DaysRate: 2 / 3,
  noTouchIn7Days: 0,
  noTouchIn7DaysRate: null,
  won: 1,
  revenueWon: 20_000,
  revenuePerMql: 20_000 / 3,
};
const REJECTED: TOutcomes['rejected'] = { total: 4, requalified: 1, requalifiedRate: 0.25, won: 0, wonRate: 0, byReason: [] };
const OUTCOMES: TOutcomes = { from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z', groupBy: 'source', groups: [ROW], total: { ...ROW, key: 'total' }, rejected: REJECTED };

describe('the outcomes card', () => {
  it('writes each count with its rate, a dash where there is no basis, amounts grouped without a currency', () => {
    const amount = (n: number) => new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 }).format(n);
    expect(outcomeCells(ROW)).toEqual(['3', '133.3%', '266.7%', '0—', '1', amount(20_000), amount(6_667)]);
    expect(outcomeCells({ ...ROW, revenueWon: null, revenuePerMql: null }).slice(-2)).toEqual(['—', '—']);
  });

  it('downloads the groups and the total as numbers, rates as fractions, text made inert', () => {
    const csv = toCsv(outcomesCsvHeader('Source'), outcomesCsvRows(OUTCOMES, 'All sources')).split('\n');
    expect(csv[0]).toBe('Source,MQLs,SQL within 30 days,SQL within 30 days rate,SQL within 60 days,SQL within 60 days rate,No touch in 7 days,No touch in 7 days rate,Won,Revenue (amount),Revenue per MQL');
    expect(csv[1]).toBe("'=webinar,3,1,0.3333,2,0.6667,0,,1,20000,6666.67");
    expect(csv[2]).toBe('All sources,3,1,0.3333,2,0.6667,0,,1,20000,6666.67');
  });

  it('warns that the rejection criteria may be too strict only when a rejected lead was won', () => {
    expect(rejectedWarning(REJECTED)).toBeNull();
    expect(rejectedWarning({ ...REJECTED, total: 0, wonRate: null })).toBeNull();
    expect(rejectedWarning({ ...REJECTED, won: 1, wonRate: 0.25 })).toBe('Some rejected leads became customers: the rejection criteria may be too strict.');
  });
});
