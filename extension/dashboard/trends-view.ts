import { displayLine } from '../../shared/display-text';
import type { TTrends } from '../lib/types';
import { formatBusinessDuration, formatRate } from '../ui/format';
import type { TCsvCell } from '../ui/csv';
import { FIGURE_CSV_COLUMNS, figureCsvCells } from '../ui/stats-view';

// The weekly series the dashboard charts and tabulates, for the whole team or one rep. Pure.

export type TTrendWeek = TTrends['weeks'][number];
export type TTrendFigures = TTrendWeek['total'];

/** Whose weeks: the team's totals, or one rep's row of each week. */
export function figuresOf(week: TTrendWeek, repId: string | null): TTrendFigures | null {
  if (repId === null) return week.total;
  return week.reps.find((r) => r.repId === repId) ?? null;
}

/** "Nov 30": the local Monday a week starts on. */
export function weekLabel(weekStart: string): string {
  return new Date(`${weekStart}T12:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

const HOUR_MS = 3_600_000;
export const hours = (ms: number | null) => (ms === null ? null : Math.round((ms / HOUR_MS) * 100) / 100);

export const TREND_COLUMNS = [
  'Week of',
  'Handovers',
  'Accepted',
  'Rejected',
  'Acceptance',
  'SLA met',
  'First touch, median (business)',
  'First touch, p75 (business)',
  'First touch, median (calendar)',
  'First touch, p75 (calendar)',
  'SQLs',
] as const;

/** A week as the table reads it, cell by cell. */
export function trendCells(week: TTrendWeek, figures: TTrendFigures | null): string[] {
  const f = figures;
  return [
    week.weekStart,
    String(f?.handovers ?? 0),
    String(f?.accepted ?? 0),
    String(f?.rejected ?? 0),
    formatRate(f?.acceptanceRate ?? null),
    formatRate(f?.slaMetRate ?? null),
    formatBusinessDuration(f?.firstTouchBusinessMs.median ?? null),
    formatBusinessDuration(f?.firstTouchBusinessMs.p75 ?? null),
    formatBusinessDuration(f?.firstTouchCalendarMs.median ?? null),
    formatBusinessDuration(f?.firstTouchCalendarMs.p75 ?? null),
    String(week.sqls),
  ];
}


export const TREND_CSV_HEADER = ['Week of', 'Handovers', 'Accepted', 'Rejected', ...FIGURE_CSV_COLUMNS, 'SQLs'];

export function trendCsvRow(week: TTrendWeek, f: TTrendFigures | null): TCsvCell[] {
  return [week.weekStart, f?.handovers ?? 0, f?.accepted ?? 0, f?.rejected ?? 0, ...figureCsvCells(f), week.sqls];
}

/** "Acceptance by week: Nov 2 75%, Nov 9 no decisions, …" — a chart's picture in words. */
export function seriesInWords(weeks: readonly TTrendWeek[], value: (w: TTrendWeek) => number | null, format: (v: number) => string, none: string): string {
  return weeks.map((w) => `${weekLabel(w.weekStart)} ${(() => { const v = value(w); return v === null ? none : format(v); })()}`).join(', ');
}

export const whoLabel = (trends: TTrends, repId: string | null) => (repId === null ? 'the team' : displayLine(trends.weeks[0]?.reps.find((r) => r.repId === repId)?.name ?? 'this rep'));
