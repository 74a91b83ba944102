import type { TStage } from '../../../shared/scoring/stage';
import { NO_GROUP } from '../stats/common';
import { stageRank, type TCharterReplay } from './replay-lead';
import type { THandoverInRange } from './replay-reads';

// The backtest's counts, added up lead by lead as the chunks are replayed: only counters are
// kept, never the leads.

export interface TStageCount {
  /** Under the charter in force. */
  active: number;
  /** Under the charter tried. */
  proposed: number;
  /** proposed − active. */
  change: number;
}

export interface TBacktestCounts {
  /** Leads with activity in the range (created in it, or with an event or a handover start in it). */
  leads: number;
  /** Leads at MQL or beyond at some instant of the range (an SQL counts here too). */
  mql: TStageCount;
  /** Leads at SQL at some instant of the range. */
  sql: TStageCount;
  /** SQL under the charter tried, not under the one in force. */
  becomeSql: number;
  /** SQL under the one in force, not under the charter tried. */
  noLongerSql: number;
  /**
   * At the handover stage of the charter tried (SQL by default) under it, not at the one in
   * force under that one, and never handed over before the range's end: leads sales would
   * newly see.
   */
  newToSales: number;
}

export interface TBacktestSourceRow extends TBacktestCounts {
  /** The lead's source; "(none)" when it has none. */
  source: string;
}

export interface TNotReachingSales {
  /** Below the handover stage of the charter in force at the handover's start, under it. */
  active: number;
  /** Below the handover stage of the charter tried at the handover's start, under it: would no longer reach sales. */
  proposed: number;
}

export interface TDecisionCount {
  total: number;
  notReachingSales: TNotReachingSales;
}

export interface TReasonDecisionCount extends TDecisionCount {
  reasonId: string | null;
  label: string;
}

export interface TBacktestDecisions {
  /** Handovers started in the range with no decision yet: not compared. */
  undecided: number;
  accepted: TDecisionCount;
  rejected: TDecisionCount & {
    /** By rejection reason, most rejections first (ties by id). */
    byReason: TReasonDecisionCount[];
  };
}

export interface TLeadOutcome {
  source: string | null;
  active: TCharterReplay;
  proposed: TCharterReplay;
  handovers: readonly THandoverInRange[];
  handedOver: boolean;
}

const emptyCounts = (): TBacktestCounts => ({
  leads: 0,
  mql: { active: 0, proposed: 0, change: 0 },
  sql: { active: 0, proposed: 0, change: 0 },
  becomeSql: 0,
  noLongerSql: 0,
  newToSales: 0,
});

const emptyDecisionCount = (): TDecisionCount => ({ total: 0, notReachingSales: { active: 0, proposed: 0 } });

const sourceKey = (source: string | null) => (source === null || source.trim() === '' ? NO_GROUP : source);

const atLeast = (stage: TStage, floor: TStage) => stageRank(stage) >= stageRank(floor);

function countStage(count: TStageCount, active: boolean, proposed: boolean): void {
  if (active) count.active += 1;
  if (proposed) count.proposed += 1;
  count.change = count.proposed - count.active;
}

export class BacktestTally {
  private readonly overall = emptyCounts();
  private readonly bySource = new Map<string, TBacktestCounts>();
  private undecided = 0;
  private readonly accepted = emptyDecisionCount();
  private readonly rejected = emptyDecisionCount();
  private readonly byReason = new Map<string | null, TDecisionCount>();

  /** The handover stage of the charter in force and of the charter tried. */
  constructor(private readonly handoverStage: { active: TStage; proposed: TStage }) {}

  add(outcome: TLeadOutcome): void {
    const key = sourceKey(outcome.source);
    let source = this.bySource.get(key);
    if (!source) this.bySource.set(key, (source = emptyCounts()));
    for (const counts of [this.overall, source]) this.addLead(counts, outcome);
    outcome.handovers.forEach((handover, i) => this.addHandover(handover, outcome.active.atHandovers[i]!, outcome.proposed.atHandovers[i]!));
  }

  private addLead(counts: TBacktestCounts, { active, proposed, handedOver }: TLeadOutcome): void {
    counts.leads += 1;
    countStage(counts.mql, atLeast(active.reached, 'mql'), atLeast(proposed.reached, 'mql'));
    const sql = { active: active.reached === 'sql', proposed: proposed.reached === 'sql' };
    countStage(counts.sql, sql.active, sql.proposed);
    if (sql.proposed && !sql.active) counts.becomeSql += 1;
    if (sql.active && !sql.proposed) counts.noLongerSql += 1;
    const toSales = { active: atLeast(active.reached, this.handoverStage.active), proposed: atLeast(proposed.reached, this.handoverStage.proposed) };
    if (toSales.proposed && !toSales.active && !handedOver) counts.newToSales += 1;
  }

  private addHandover(handover: THandoverInRange, active: TStage, proposed: TStage): void {
    if (handover.decision === null) {
      this.undecided += 1;
      return;
    }
    const groups = [handover.decision === 'accepted' ? this.accepted : this.rejected];
    if (handover.decision === 'rejected') {
      let reason = this.byReason.get(handover.reasonId);
      if (!reason) this.byReason.set(handover.reasonId, (reason = emptyDecisionCount()));
      groups.push(reason);
    }
    for (const group of groups) {
      group.total += 1;
      if (!atLeast(active, this.handoverStage.active)) group.notReachingSales.active += 1;
      if (!atLeast(proposed, this.handoverStage.proposed)) group.notReachingSales.proposed += 1;
    }
  }

  /** The counts; `label` names a rejection reason. */
  result(label: (reasonId: string | null) => string): { overall: TBacktestCounts; bySource: TBacktestSourceRow[]; decisions: TBacktestDecisions } {
    const bySource = [...this.bySource]
      .map(([source, counts]) => ({ source, ...counts }))
      .sort((a, b) => Number(a.source === NO_GROUP) - Number(b.source === NO_GROUP) || b.leads - a.leads || (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    const byReason = [...this.byReason]
      .map(([reasonId, count]) => ({ reasonId, label: label(reasonId), ...count }))
      .sort((a, b) => b.total - a.total || (a.reasonId ?? '').localeCompare(b.reasonId ?? '', 'en'));
    return {
      overall: this.overall,
      bySource,
      decisions: { undecided: this.undecided, accepted: this.accepted, rejected: { ...this.rejected, byReason } },
    };
  }
}
