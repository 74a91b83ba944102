import { displayLine } from '../../shared/display-text';
import type { TCharterSuggestion } from '../lib/types';

// A suggestion of the feedback loop in words: what triggered it, the change, and what the
// change would have done over the range. The page shows these lines and its test reads them.

const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function scopeText(suggestion: Pick<TCharterSuggestion, 'source'>): string {
  return suggestion.source === null ? 'all sources' : `source “${displayLine(suggestion.source)}”`;
}

/** “No real intent”: 40 % of the rejections (2 of 5), all sources. */
export function triggerText(suggestion: TCharterSuggestion): string {
  return `“${displayLine(suggestion.label)}”: ${percent.format(suggestion.share)} of the rejections (${suggestion.rejections} of ${suggestion.ofRejections}), ${scopeText(suggestion)}`;
}

/** From the decided handovers' data as it stands, before any replay; null when the data needed is not kept. */
export function estimateText(suggestion: TCharterSuggestion): string | null {
  const estimate = suggestion.change?.estimate;
  if (!estimate) return null;
  return `Among these handovers it would have kept ${plural(estimate.rejectionsForReason, 'such rejection', 'such rejections')} and ${plural(estimate.accepted, 'accepted lead', 'accepted leads')} from sales.`;
}

/** What the replay of the range says the change would have done. */
export function backtestLines(suggestion: TCharterSuggestion): string[] {
  const b = suggestion.backtest;
  if (!b) return [];
  const sqls = `SQLs over the range: ${b.sql.active} now, ${b.sql.proposed} with the change${b.sourceSql ? ` (${scopeText(suggestion)}: ${b.sourceSql.active} → ${b.sourceSql.proposed})` : ''}.`;
  return [
    sqls,
    `Not sent to sales: ${b.forReason.keptFromSales} of the ${plural(b.forReason.total, `“${suggestion.label}” rejection`, `“${suggestion.label}” rejections`)}, ${b.rejected.keptFromSales} of all ${b.rejected.total} rejections.`,
    `Good leads lost: ${b.accepted.keptFromSales} of the ${plural(b.accepted.total, 'accepted handover', 'accepted handovers')}.`,
  ];
}
