import { displayLine } from '../../shared/display-text';
import { csvMinutes, csvRate } from './csv';
import { formatBusinessDuration, formatRate } from './format';
import type { TRepRow } from '../lib/types';

// The manager's per-rep table: its columns, how each sorts, and how it reads. Pure.

export type TRepColumn = 'name' | 'accepted' | 'rejected' | 'acceptanceRate' | 'slaMetRate' | 'firstTouchMedian' | 'firstTouchP75';
export type TSortDirection = 'ascending' | 'descending';
export interface TSort {
  column: TRepColumn;
  direction: TSortDirection;
}

/** The value a column sorts by; null (no figure: nothing to divide) always sorts last. */
export const SORT_VALUE: Record<TRepColumn, (row: TRepRow) => string | number | null> = {
  name: (r) => r.name,
  accepted: (r) => r.accepted,
  rejected: (r) => r.rejected,
  acceptanceRate: (r) => r.acceptanceRate,
  slaMetRate: (r) => r.slaMetRate,
  firstTouchMedian: (r) => r.firstTouchBusinessMs.median,
  firstTouchP75: (r) => r.firstTouchBusinessMs.p75,
};

/** A first click sorts names A→Z, counts and rates highest first, times fastest first. */
export const FIRST_DIRECTION: Record<TRepColumn, TSortDirection> = {
  name: 'ascending',
  accepted: 'descending',
  rejected: 'descending',
  acceptanceRate: 'descending',
  slaMetRate: 'descending',
  firstTouchMedian: 'ascending',
  firstTouchP75: 'ascending',
};

/** The sort after a click on `column`: the same column flips, another starts at its natural direction. */
export function nextSort(current: TSort, column: TRepColumn): TSort {
  if (current.column === column) return { column, direction: current.direction === 'ascending' ? 'descending' : 'ascending' };
  return { column, direction: FIRST_DIRECTION[column] };
}

export function sortRows(rows: readonly TRepRow[], sort: TSort): TRepRow[] {
  const value = SORT_VALUE[sort.column];
  const sign = sort.direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const [x, y] = [value(a), value(b)];
    if (x === null || y === null) return x === y ? a.name.localeCompare(b.name) : x === null ? 1 : -1;
    const order = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : (x as number) - (y as number);
    return sign * order || a.name.localeCompare(b.name);
  });
}

/** "No budget (2), Bad timing (1)"; a dash when nothing was rejected. */
export function formatTopReasons(row: Pick<TRepRow, 'topReasons'>): string {
  return row.topReasons.length === 0 ? '—' : row.topReasons.map((r) => `${displayLine(r.label)} (${r.count})`).join(', ');
}

/** A rep's row as the table shows it, cell by cell: the e2e test reads the server's figures through the same words. */
export function repCells(row: TRepRow): string[] {
  return [
    displayLine(row.name),
    String(row.accepted),
    String(row.rejected),
    formatRate(row.acceptanceRate),
    formatRate(row.slaMetRate),
    formatBusinessDuration(row.firstTouchBusinessMs.median),
    formatBusinessDuration(row.firstTouchBusinessMs.p75),
    formatTopReasons(row),
  ];
}

/** The figures a rep's row and a week's share in a CSV file: rates 0–1, times in minutes, so a spreadsheet can compute with them. */
export const FIGURE_CSV_COLUMNS = [
  'Acceptance rate',
  'SLA due',
  'SLA met',
  'SLA met rate',
  'First touch median (business minutes)',
  'First touch p75 (business minutes)',
  'First touch median (calendar minutes)',
  'First touch p75 (calendar minutes)',
] as const;

type TFigures = Pick<TRepRow, 'acceptanceRate' | 'slaDue' | 'slaMet' | 'slaMetRate' | 'firstTouchBusinessMs' | 'firstTouchCalendarMs'>;

export function figureCsvCells(f: TFigures | null): (number | null)[] {
  return [
    csvRate(f?.acceptanceRate),
    f?.slaDue ?? 0,
    f?.slaMet ?? 0,
    csvRate(f?.slaMetRate),
    csvMinutes(f?.firstTouchBusinessMs.median),
    csvMinutes(f?.firstTouchBusinessMs.p75),
    csvMinutes(f?.firstTouchCalendarMs.median),
    csvMinutes(f?.firstTouchCalendarMs.p75),
  ];
}

/** The per-rep table's columns in a CSV file. */
export const repCsvHeader = ['Rep', 'E-mail', 'Handovers', 'Accepted', 'Rejected', 'Undecided', ...FIGURE_CSV_COLUMNS, 'Top reasons'];

export function repCsvRow(row: TRepRow): (string | number | null)[] {
  return [displayLine(row.name), row.email, row.handovers, row.accepted, row.rejected, row.undecided, ...figureCsvCells(row), formatTopReasons(row)];
}
