import type { TCharter } from '../../../shared/charter';
import type { TStage } from '../../../shared/scoring/stage';
import type { Database } from '../../db/client';
import { forbidden } from '../../errors';
import { activeCharter } from '../charter';
import { iso, reasonLabeller, type TRange } from '../stats/common';
import type { TUser } from '../users';
import { resolveBacktestInput, type TBacktestInput } from './input';
import { instantsInRange, lookbackMs, replayUnder, scoringInputOf } from './replay-lead';
import { replayLeads, type TReplayWindow } from './replay-reads';
import { BacktestTally, type TBacktestCounts, type TBacktestDecisions, type TBacktestSourceRow } from './tally';

// charter.backtest: "backtest before signing" (the charter studio). A range's history is
// replayed under the charter in force and under a charter tried (a draft or a stored
// version), and set against what sales decided. The quarterly review, with data.
//
// Semantics:
// - The range is half-open, [from, to), by default the 90 days before now.
// - The leads replayed are those with activity in the range: created in it, or with an event
//   or a handover start in it. An event just before `from` brings no lead in; one at `from` does.
// - A lead is evaluated, under each charter, at each instant of the range where something
//   happened to it: its creation, each of its events, each of its handovers' starts. At an
//   instant its stage is what the charter's scoring (evaluateLead) gives from the lead and its
//   events up to and including that instant (older events count as the charter's windows and
//   decay say, so events before `from` do count at an instant inside the range). A lead
//   "reaches" MQL or SQL in the range when it is at least that at one of those instants. A
//   stage only rises at an event (between events decay and closing windows can only lower
//   it), so no stage the range's own activity brings is missed.
// - Both sides are replays, the charter in force included: not the stages recorded at the
//   time (which mixed the charters then in force, imports and manual hand-overs). The lead's
//   title, company and account are read as they stand now: only its events have a history.
// - Counts, overall and by source: leads replayed; MQL (at MQL or beyond) and SQL under each
//   charter and the change; the leads that become SQL and those that no longer are; and the
//   leads sales would newly see: at the handover stage of the charter tried (SQL by default),
//   not at the active charter's under it, with no handover started before `to`.
// - Against sales' decisions: each handover started in the range with a decision, its lead
//   evaluated at the handover's start. "Not reaching sales" under a charter: below that
//   charter's handover stage then. Under the charter tried, the accepted ones are the good
//   leads it would no longer send; the rejected ones (by reason) the rejections it would
//   spare. The same count under the charter in force is the baseline: handovers no replay
//   explains (opened by hand, from an import, or on data changed since).
// - A manager or an admin. A long read: it runs in the report worker, chunk by chunk.

export interface TBacktestCharter {
  /** Null for a draft. */
  version: number | null;
  name: string;
  handoverStage: TStage;
}

export interface TBacktest {
  from: string;
  to: string;
  active: TBacktestCharter;
  proposed: TBacktestCharter;
  overall: TBacktestCounts;
  /** Sources with leads replayed, most leads first, "(none)" last. */
  bySource: TBacktestSourceRow[];
  decisions: TBacktestDecisions;
}

export type TTallyResult = ReturnType<BacktestTally['result']>;

/**
 * The range's history replayed once under the charter in force and under each charter tried,
 * each tried one tallied against the one in force: one read of the range whatever their number.
 */
export async function replayAgainst(database: Database, range: TRange, active: TCharter, tried: readonly TCharter[]): Promise<TTallyResult[]> {
  const label = await reasonLabeller(database);
  const lookback = lookbackMs([active, ...tried]);
  const window: TReplayWindow = { from: iso(range.from), to: iso(range.to), lookbackStart: iso(new Date(range.from.getTime() - lookback)) };
  const tallies = tried.map((charter) => new BacktestTally({ active: active.sla.handoverStage, proposed: charter.sla.handoverStage }));
  for await (const chunk of replayLeads(database.db, window)) {
    for (const replay of chunk) {
      const instants = instantsInRange(replay, window);
      const scoring = scoringInputOf(replay);
      const inForce = replayUnder(replay, scoring, instants, active, lookback);
      tried.forEach((charter, i) =>
        tallies[i]!.add({
          source: replay.lead.source,
          active: inForce,
          proposed: replayUnder(replay, scoring, instants, charter, lookback),
          handovers: replay.handovers,
          handedOver: replay.handedOver,
        }),
      );
    }
  }
  return tallies.map((tally) => tally.result(label));
}

/** charter.backtest (manager or admin). */
export async function charterBacktest(database: Database, caller: TUser, input: TBacktestInput | undefined, now: Date): Promise<TBacktest> {
  if (caller.role === 'rep') throw forbidden('only a manager or an admin may backtest a charter');
  const { proposal, range } = await resolveBacktestInput(database, input, now);
  const active = await activeCharter(database);
  const proposed = proposal.charter;
  const [result] = await replayAgainst(database, range, active, [proposed]);
  return {
    from: iso(range.from),
    to: iso(range.to),
    active: { version: active.version, name: active.name, handoverStage: active.sla.handoverStage },
    proposed: { version: proposal.version, name: proposed.name, handoverStage: proposed.sla.handoverStage },
    ...result!,
  };
}
