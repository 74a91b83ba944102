import type { Database } from '../db/client';
import { charterBacktest } from '../domain/backtest/backtest';
import { handoffDiagnostic } from '../domain/diagnostic';
import { weeklyReportFor } from '../domain/report';
import { reviewQueue } from '../domain/review/queue';
import { routingPreview } from '../domain/routing/preview';
import { charterSuggestions } from '../domain/suggestions/suggestions';
import { complianceStats, firstTouchStats, funnelStats, outcomeStats, reasonStats, repStats, trendStats } from '../domain/stats';

// The reads that may take long on a large database: a manager's figures over months of
// handovers, a charter's backtest. They run away from the thread that serves requests (see
// report-runner.ts).

export const REPORTS = {
  repStats,
  funnelStats,
  reasonStats,
  firstTouchStats,
  outcomeStats,
  complianceStats,
  trendStats,
  weeklyReport: weeklyReportFor,
  charterBacktest,
  charterSuggestions,
  handoffDiagnostic,
  routingPreview,
  reviewQueue,
} satisfies Record<string, (database: Database, ...args: never[]) => Promise<unknown>>;

export type TReports = typeof REPORTS;
export type TReportName = keyof TReports;
type TArgsAfterDatabase<F> = F extends (database: Database, ...args: infer A) => unknown ? A : never;
export type TReportArgs<K extends TReportName> = TArgsAfterDatabase<TReports[K]>;
export type TReportResult<K extends TReportName> = Awaited<ReturnType<TReports[K]>>;

export function runReport<K extends TReportName>(database: Database, name: K, args: TReportArgs<K>): Promise<TReportResult<K>> {
  const report = REPORTS[name] as unknown as (database: Database, ...args: TReportArgs<K>) => Promise<TReportResult<K>>;
  return report(database, ...args);
}
