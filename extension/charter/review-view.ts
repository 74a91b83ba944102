import type { TReviewLead, TReviewQueue } from '../lib/types';
import { displayLine } from '../../shared/display-text';
import { formatLevel } from '../ui/format';

// The review queue in words, cell by cell: the page shows these and its test reads them. What
// the leads came with (names, titles, companies, sources) is said through displayLine, as
// everywhere else a lead is shown.

export const REVIEW_COLUMNS = ['Lead', 'Why here', 'Source', 'Short of SQL', 'Scored'] as const;

export const EMPTY_QUEUE = 'No lead is waiting: every MQL in play meets SQL, or falls further short and comes from a source that has won deals.';

const CRITERION_WORDS = { fit: 'Fit', engagement: 'Engagement', intent: 'Intent', authority: 'Authority' } as const;

export function leadText(lead: Pick<TReviewLead, 'name' | 'title' | 'company'>): string {
  const role = [lead.title, lead.company].map((text) => displayLine(text ?? '')).filter(Boolean).join(' · ');
  const name = displayLine(lead.name);
  return role ? `${name} (${role})` : name;
}

/** The source with its year: "webinar: 12 SQLs, 2 won in a year", or "never won in a year". */
export function sourceText(lead: Pick<TReviewLead, 'source' | 'sourceRecord'>): string {
  const { sqls, won } = lead.sourceRecord;
  const source = displayLine(lead.source);
  if (won === 0) return `${source}: no deal won in a year (${sqls} SQL${sqls === 1 ? '' : 's'})`;
  return `${source}: ${sqls} SQL${sqls === 1 ? '' : 's'}, ${won} won in a year`;
}

const REASON_WORDS = { shortOfSql: 'One level short of SQL', unprovenSource: 'Source not proven' } as const;

export function whyText(lead: Pick<TReviewLead, 'reasons'>): string {
  return lead.reasons.map((reason) => REASON_WORDS[reason]).join('; ');
}

/** Every SQL threshold the lead misses: "Intent low, SQL asks medium; Authority influencer, SQL asks decision maker". */
export function missesText(lead: Pick<TReviewLead, 'misses'>): string {
  return lead.misses.map((miss) => `${CRITERION_WORDS[miss.criterion]} ${formatLevel(miss.level)}, SQL asks ${formatLevel(miss.needed)}`).join('; ');
}

export function reviewCells(lead: TReviewLead, date: (iso: string) => string): string[] {
  return [leadText(lead), whyText(lead), sourceText(lead), missesText(lead), lead.scoredAt ? date(lead.scoredAt) : '—'];
}

/** What the single attempts became. */
export function attemptsText(figures: TReviewQueue['singleAttempts']): string {
  if (figures.sent === 0) return 'No lead sent for a single attempt yet.';
  return `Sent for a single attempt: ${figures.sent} — ${figures.open} open, ${figures.accepted} accepted, ${figures.rejected} rejected, ${figures.won} won since.`;
}

/** The same by source, the sources whose marginal leads convert first in view: "webinar: 3 sent, 2 accepted, 1 won". */
export function attemptsBySourceText(figures: TReviewQueue['singleAttempts']): string | null {
  if (figures.bySource.length === 0) return null;
  return `By source: ${figures.bySource.map((s) => `${displayLine(s.source)}: ${s.sent} sent, ${s.accepted} accepted, ${s.won} won`).join('; ')}.`;
}
