import { scoringLookbackDays, type TCharter } from '../../../shared/charter';
import type { TEvent, TLead } from '../../../shared/schemas';
import { scoreAuthority } from '../../../shared/scoring/authority';
import { scoreEngagement } from '../../../shared/scoring/engagement';
import { stageFromScores } from '../../../shared/scoring/evaluate';
import { scoreFit } from '../../../shared/scoring/fit';
import { scoreIntent } from '../../../shared/scoring/intent';
import { STAGE_RANK, type TStage } from '../../../shared/scoring/stage';
import { eventForScoring, leadForScoring } from '../lead-record';
import type { TReplayLead, TReplayWindow } from './replay-reads';

// One lead replayed under one charter: its stage at each instant of the range where something
// happened to it, as the charter's scoring (evaluateLead's steps) decides it from the lead as
// stored and its events up to that instant. Fit and authority read only the lead, so they are
// scored once per lead and charter; engagement and intent at each instant. Pure: no database.

const DAY_MS = 86_400_000;

export const stageRank = (stage: TStage) => STAGE_RANK[stage];

/** The longest scoring look-back of the charters: events older than this before an instant never count at it. */
export function lookbackMs(charters: readonly TCharter[]): number {
  return Math.max(...charters.map(scoringLookbackDays)) * DAY_MS;
}

/** A lead's stage under one charter at any instant, each instant evaluated once. */
export class StageTimeline {
  private readonly times: number[];
  private readonly memo = new Map<number, TStage>();
  private readonly fit: ReturnType<typeof scoreFit>;
  private readonly authority: ReturnType<typeof scoreAuthority>;

  constructor(
    lead: TLead,
    private readonly events: readonly TEvent[],
    private readonly charter: TCharter,
    private readonly lookback: number,
  ) {
    this.times = events.map((e) => Date.parse(e.at));
    this.fit = scoreFit(lead, charter);
    this.authority = scoreAuthority(lead, charter);
  }

  /** The first event index whose instant is above `time` (events are in time order). */
  private indexAfter(time: number): number {
    let low = 0;
    let high = this.times.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.times[mid]! <= time) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  at(time: number): TStage {
    const known = this.memo.get(time);
    if (known) return known;
    // Only the events scoring can see at `time`: none after it, none older than the longest window.
    const visible = this.events.slice(this.indexAfter(time - this.lookback), this.indexAfter(time));
    const at = new Date(time);
    const { fit, authority, charter } = this;
    const scores = { fit, authority, engagement: scoreEngagement(visible, charter, at), intent: scoreIntent(visible, charter, at) };
    const stage = stageFromScores(scores, visible, charter, at).stage;
    this.memo.set(time, stage);
    return stage;
  }

  /** The highest stage at any of `instants` (ascending); stops at SQL. */
  highest(instants: readonly number[]): TStage {
    let best: TStage = 'lead';
    for (const time of instants) {
      const stage = this.at(time);
      if (stageRank(stage) > stageRank(best)) best = stage;
      if (best === 'sql') break;
    }
    return best;
  }
}

/** When the range saw the lead: its creation, its events and its handovers' starts in [from, to), ascending, once each. */
export function instantsInRange(replay: TReplayLead, window: TReplayWindow): number[] {
  const from = Date.parse(window.from);
  const to = Date.parse(window.to);
  const times = new Set<number>();
  const add = (at: string) => {
    const time = Date.parse(at);
    if (time >= from && time < to) times.add(time);
  };
  add(replay.lead.createdAt);
  for (const event of replay.events) add(event.at);
  for (const handover of replay.handovers) add(handover.startedAt);
  return [...times].sort((a, b) => a - b);
}

export interface TCharterReplay {
  /** The highest stage the lead reaches in the range. */
  reached: TStage;
  /** Its stage at each in-range handover's start, in the order of `replay.handovers`. */
  atHandovers: TStage[];
}

export interface TScoringInput {
  lead: TLead;
  events: TEvent[];
}

/** The lead and its events as scoring reads them, built once for every charter. */
export function scoringInputOf(replay: TReplayLead): TScoringInput {
  return { lead: leadForScoring(replay.lead, replay.account), events: replay.events.map((e) => eventForScoring(e, replay.lead.email)) };
}

/** The lead under one charter: the stage it reaches in the range, and its stage at its handovers' starts. */
export function replayUnder(replay: TReplayLead, scoring: TScoringInput, instants: readonly number[], charter: TCharter, lookback: number): TCharterReplay {
  const timeline = new StageTimeline(scoring.lead, scoring.events, charter, lookback);
  return {
    reached: timeline.highest(instants),
    atHandovers: replay.handovers.map((h) => timeline.at(Date.parse(h.startedAt))),
  };
}
