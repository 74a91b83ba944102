import type { TCharterBacktest } from '../lib/types';

// The backtest's tables, cell by cell, as text: the page shows these cells and its test
// compares them with what charter.backtest returns for the same input.

type TCounts = TCharterBacktest['overall'];
type TDecisionCount = TCharterBacktest['decisions']['accepted'];

export const SOURCE_COLUMNS = ['Source', 'Leads', 'MQL now', 'MQL proposed', 'MQL change', 'SQL now', 'SQL proposed', 'SQL change', 'Become SQL', 'No longer SQL', 'New to sales'] as const;

export const DECISION_COLUMNS = ['Sales’ decision', 'Handovers', 'Not reaching sales now', 'Not reaching sales proposed', 'Change'] as const;

/** A change with its sign: "+3", "−2", "0". */
export function signed(change: number): string {
  if (change > 0) return `+${change}`;
  if (change < 0) return `−${-change}`;
  return '0';
}

/** A row of counts after its name: leads, MQL and SQL under each charter with the change, and the moves. */
export function countCells(counts: TCounts): string[] {
  return [
    String(counts.leads),
    String(counts.mql.active),
    String(counts.mql.proposed),
    signed(counts.mql.change),
    String(counts.sql.active),
    String(counts.sql.proposed),
    signed(counts.sql.change),
    String(counts.becomeSql),
    String(counts.noLongerSql),
    String(counts.newToSales),
  ];
}

export function sourceCells(row: TCharterBacktest['bySource'][number]): string[] {
  return [row.source, ...countCells(row)];
}

export function overallCells(backtest: TCharterBacktest): string[] {
  return ['All sources', ...countCells(backtest.overall)];
}

function decisionCells(label: string, count: TDecisionCount): string[] {
  const { active, proposed } = count.notReachingSales;
  return [label, String(count.total), String(active), String(proposed), signed(proposed - active)];
}

/** Accepted, rejected, then each rejection reason: how many the charter in force and the proposal would not have sent to sales. */
export function decisionRows(backtest: TCharterBacktest): string[][] {
  const { accepted, rejected } = backtest.decisions;
  return [
    decisionCells('Accepted', accepted),
    decisionCells('Rejected', rejected),
    ...rejected.byReason.map((reason) => decisionCells(`Rejected: ${reason.label}`, reason)),
  ];
}

/** The backtest's default range as date inputs hold it: the 90 days to today, today included. */
export function defaultBacktestDates(today: Date, toDateInput: (date: Date) => string): { from: string; to: string } {
  const start = new Date(today);
  start.setDate(start.getDate() - 89);
  return { from: toDateInput(start), to: toDateInput(today) };
}
