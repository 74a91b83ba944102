import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ZCharter, type TCharter } from '../../../shared/charter';
import { setIn } from '../../../shared/set-in';
import type { Database } from '../../db/client';
import { accounts, decisions, handovers, leads } from '../../db/schema';
import { forbidden } from '../../errors';
import { replayAgainst, type TTallyResult } from '../backtest/backtest';
import { BACKTEST_DEFAULT_DAYS } from '../backtest/input';
import type { TStageCount } from '../backtest/tally';
import { activeCharter } from '../charter';
import { iso, NO_GROUP, parse, resolveRange, startedIn, ZInstant } from '../stats/common';
import type { TUser } from '../users';
import { DEFAULT_SUGGESTION_THRESHOLDS, proposeChanges, type TChange, type TDecidedGroup, type TProposal, type TSuggestionThresholds } from './propose';

// charter.suggestions: the feedback loop of the charter studio. The rejection reasons of the
// handovers started in a range (90 days by default: the review period) are set against the
// charter in force; a reason that crosses the thresholds, overall or for a source, gets the
// change that addresses it (see propose.ts), each change backtested over the same range in
// one replay. Nothing is written: a person applies a change to a draft, which both sides sign.

export const ZSuggestionsInput = z.object({
  from: ZInstant.optional(),
  to: ZInstant.optional(),
  /** The least share of a group's rejections for a reason to be raised (0.2: 20 %). */
  minShare: z.number().gt(0).max(1).optional(),
  /** The least number of rejections, for the reason and for its group. */
  minRejections: z.number().int().min(1).max(100_000).optional(),
});
export type TSuggestionsInput = z.input<typeof ZSuggestionsInput>;

export interface TSuggestionBacktest {
  sql: TStageCount;
  /** The trigger's source alone; null for an overall trigger (or a source with no lead replayed). */
  sourceSql: TStageCount | null;
  /** Handovers decided in the range that the change would no longer have sent to sales, against all of them. */
  accepted: { total: number; keptFromSales: number };
  rejected: { total: number; keptFromSales: number };
  forReason: { total: number; keptFromSales: number };
}

export interface TCharterSuggestion {
  reasonId: string | null;
  label: string;
  criterion: string | null;
  /** Null: every source. */
  source: string | null;
  rejections: number;
  ofRejections: number;
  share: number;
  change: TChange | null;
  note: string | null;
  backtest: TSuggestionBacktest | null;
}

export interface TCharterSuggestions {
  from: string;
  to: string;
  activeVersion: number;
  thresholds: TSuggestionThresholds;
  decided: { accepted: number; rejected: number };
  suggestions: TCharterSuggestion[];
}

/** The decided handovers started in the range, grouped by what the proposals read. */
async function decidedGroups(database: Database, range: { from: Date; to: Date }): Promise<TDecidedGroup[]> {
  const source = sql<string>`coalesce(nullif(trim(${leads.source}), ''), ${NO_GROUP})`;
  // The company as scoring reads it (companyOf): the account's, else what the lead came with.
  const ofCompany = (column: typeof accounts.employees | typeof accounts.industry, field: string) =>
    sql`case when ${accounts.id} is null then json_extract(${leads.company}, ${`$.${field}`}) else ${column} end`;
  const employees = ofCompany(accounts.employees, 'employees').mapWith((v: unknown) => (v === null ? null : Number(v)));
  const industry = ofCompany(accounts.industry, 'industry').mapWith((v: string | null) => v);
  const rows = await database.db
    .select({ source, kind: decisions.kind, reasonId: decisions.reasonId, employees, industry, title: leads.title, count: sql<number>`count(*)` })
    .from(handovers)
    .innerJoin(decisions, eq(decisions.handoverId, handovers.id))
    .innerJoin(leads, eq(leads.id, handovers.leadId))
    .leftJoin(accounts, eq(accounts.id, leads.accountId))
    .where(startedIn(range))
    .groupBy(source, decisions.kind, decisions.reasonId, employees, industry, leads.title);
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

const keptFromSales = (count: { total: number; notReachingSales: { active: number; proposed: number } } | undefined) => ({
  total: count?.total ?? 0,
  keptFromSales: count ? Math.max(0, count.notReachingSales.proposed - count.notReachingSales.active) : 0,
});

function backtestOf(result: TTallyResult, proposal: TProposal): TSuggestionBacktest {
  const source = proposal.trigger.source === null ? undefined : result.bySource.find((row) => row.source === proposal.trigger.source);
  return {
    sql: result.overall.sql,
    sourceSql: source?.sql ?? null,
    accepted: keptFromSales(result.decisions.accepted),
    rejected: keptFromSales(result.decisions.rejected),
    forReason: keptFromSales(result.decisions.rejected.byReason.find((r) => r.reasonId === proposal.trigger.reasonId)),
  };
}

/** The charter in force with the change's edits, checked as a whole; the first problem otherwise. */
function applied(active: TCharter, change: TChange): { charter: TCharter } | { problem: string } {
  const parsed = ZCharter.safeParse(change.edits.reduce<unknown>((draft, edit) => setIn(draft, edit.path, edit.value), active));
  if (parsed.success) return { charter: parsed.data };
  const issue = parsed.error.issues[0]!;
  return { problem: `${issue.path.join('.')}: ${issue.message}` };
}

/** charter.suggestions (manager or admin). A long read: it runs in the report worker. */
export async function charterSuggestions(database: Database, caller: TUser, input: TSuggestionsInput | undefined, now: Date): Promise<TCharterSuggestions> {
  if (caller.role === 'rep') throw forbidden('only a manager or an admin may read the charter suggestions');
  const { from, to, minShare, minRejections } = parse(ZSuggestionsInput, input);
  const range = resolveRange({ from, to }, now, BACKTEST_DEFAULT_DAYS);
  const thresholds = { minShare: minShare ?? DEFAULT_SUGGESTION_THRESHOLDS.minShare, minRejections: minRejections ?? DEFAULT_SUGGESTION_THRESHOLDS.minRejections };
  const active = await activeCharter(database);
  const groups = await decidedGroups(database, range);
  const proposals = proposeChanges(groups, active, thresholds).map((proposal) => {
    if (!proposal.change) return { proposal, charter: null };
    const outcome = applied(active, proposal.change);
    return 'charter' in outcome
      ? { proposal, charter: outcome.charter }
      : { proposal: { ...proposal, change: null, note: `The change would not make a valid charter (${outcome.problem}).` }, charter: null };
  });

  // One replay for every distinct change: the same one may answer an overall and a source trigger.
  const distinct = new Map<string, TCharter>();
  for (const { proposal, charter } of proposals) if (charter) distinct.set(JSON.stringify(proposal.change!.edits), charter);
  const keys = [...distinct.keys()];
  const results = keys.length > 0 ? await replayAgainst(database, range, active, [...distinct.values()]) : [];
  const resultOf = new Map(keys.map((key, i) => [key, results[i]!]));

  const count = (kind: 'accepted' | 'rejected') => groups.filter((g) => g.kind === kind).reduce((n, g) => n + g.count, 0);
  return {
    from: iso(range.from),
    to: iso(range.to),
    activeVersion: active.version,
    thresholds,
    decided: { accepted: count('accepted'), rejected: count('rejected') },
    suggestions: proposals.map(({ proposal }) => {
      const result = proposal.change ? resultOf.get(JSON.stringify(proposal.change.edits)) : undefined;
      return {
        reasonId: proposal.trigger.reasonId,
        label: proposal.reason?.label ?? proposal.trigger.reasonId ?? '(no reason given)',
        criterion: proposal.reason?.criterion ?? null,
        source: proposal.trigger.source,
        rejections: proposal.trigger.rejections,
        ofRejections: proposal.trigger.ofRejections,
        share: proposal.trigger.share,
        change: proposal.change,
        note: proposal.note,
        backtest: result ? backtestOf(result, proposal) : null,
      };
    }),
  };
}
