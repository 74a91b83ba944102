import type { TCharter, TRejectionReason } from '../../../shared/charter';
import { AUTHORITY_LEVELS, ENGAGEMENT_LEVELS, INTENT_LEVELS } from '../../../shared/levels';
import { foldText } from '../../../shared/text';

// The feedback loop's proposals, from the decided handovers of a range alone (pure): a
// rejection reason that makes up a large share of the rejections, overall or for a source,
// gets the charter change that would have kept the most of those rejections away from sales
// while losing the fewest accepted leads, in the rules of the criterion the reason speaks to:
// - fit: a narrower employees band (min raised or max lowered) or target industries moved to
//   borderline, whichever separates best;
// - authority: a title override for the word that marks the rejected titles ("wrong persona
//   (IT, not Revenue)"), scored one level under the SQL threshold; else the SQL threshold
//   raised a level;
// - intent and engagement: the SQL threshold raised a level; a reason that drops the lead out
//   of the funnel sent back to nurture instead ("no budget this fiscal year");
// - data, or no criterion: no rule of the charter fixes them; said in words.
// Each change is a list of edits (dotted paths of the charter), a person applies to a draft.

export interface TDecidedGroup {
  /** The lead's source, "(none)" when it has none. */
  source: string;
  kind: 'accepted' | 'rejected';
  reasonId: string | null;
  employees: number | null;
  industry: string | null;
  title: string | null;
  count: number;
}

export interface TSuggestionThresholds {
  /** The least share of a group's rejections a reason must reach. */
  minShare: number;
  /** The least number of rejections, for the reason and for the group. */
  minRejections: number;
}

export const DEFAULT_SUGGESTION_THRESHOLDS: TSuggestionThresholds = { minShare: 0.2, minRejections: 5 };

export interface TTrigger {
  reasonId: string | null;
  /** Null: every source. */
  source: string | null;
  /** Rejections for the reason in the group, and all the group's rejections. */
  rejections: number;
  ofRejections: number;
  share: number;
}

export interface TCharterEdit {
  /** Dotted path in the charter ("thresholds.sql.intent", "icp.industries"). */
  path: string;
  value: unknown;
}

export interface TChange {
  summary: string;
  edits: TCharterEdit[];
  /**
   * Of the group's decided handovers, those the change would have kept from sales, from their
   * data as it stands; null where the data needed is not kept (a lead's levels at the time):
   * the backtest tells.
   */
  estimate: { rejectionsForReason: number; accepted: number } | null;
}

export interface TProposal {
  trigger: TTrigger;
  reason: Pick<TRejectionReason, 'id' | 'label' | 'criterion'> | null;
  change: TChange | null;
  /** What to do when no rule of the charter applies, or why none was found. */
  note: string | null;
}

const sum = (groups: readonly TDecidedGroup[]) => groups.reduce((n, g) => n + g.count, 0);

/**
 * The reasons whose share of a group's rejections crosses the thresholds: overall first, then
 * by source, but for a source where all of the reason's rejections come from.
 */
export function triggers(groups: readonly TDecidedGroup[], thresholds: TSuggestionThresholds): TTrigger[] {
  const rejected = groups.filter((g) => g.kind === 'rejected');
  const scopes: (string | null)[] = [null, ...[...new Set(rejected.map((g) => g.source))].sort()];
  const found: TTrigger[] = [];
  for (const source of scopes) {
    const inScope = source === null ? rejected : rejected.filter((g) => g.source === source);
    const ofRejections = sum(inScope);
    if (ofRejections < thresholds.minRejections) continue;
    const byReason = new Map<string | null, number>();
    for (const g of inScope) byReason.set(g.reasonId, (byReason.get(g.reasonId) ?? 0) + g.count);
    const crossing = [...byReason]
      .filter(([, n]) => n >= thresholds.minRejections && n / ofRejections >= thresholds.minShare)
      .sort((a, b) => b[1] - a[1] || (a[0] ?? '').localeCompare(b[0] ?? '', 'en'));
    for (const [reasonId, rejections] of crossing) {
      // A source that holds every rejection for the reason says nothing the overall one does not.
      const overall = found.find((t) => t.source === null && t.reasonId === reasonId);
      if (source !== null && overall?.rejections === rejections) continue;
      found.push({ reasonId, source, rejections, ofRejections, share: rejections / ofRejections });
    }
  }
  return found;
}

const number = (n: number) => n.toLocaleString('en-US');

interface TScored {
  change: TChange;
  gain: number;
}

/** The gain of keeping `groups` away from sales: the reason's rejections minus the accepted leads. */
function gainOf(groups: readonly TDecidedGroup[], reasonId: string | null): { rejectionsForReason: number; accepted: number; gain: number } {
  const rejectionsForReason = sum(groups.filter((g) => g.kind === 'rejected' && g.reasonId === reasonId));
  const accepted = sum(groups.filter((g) => g.kind === 'accepted'));
  return { rejectionsForReason, accepted, gain: rejectionsForReason - accepted };
}

function best(candidates: (TScored | null)[]): TScored | null {
  return candidates.reduce<TScored | null>((top, c) => (c && c.gain > 0 && (!top || c.gain > top.gain) ? c : top), null);
}

/** The employees band narrowed on one side: the bound that keeps the most of the reason's rejections out, net of accepted leads. */
function sizeChange(groups: readonly TDecidedGroup[], reasonId: string | null, charter: TCharter): TScored | null {
  const { min, max } = charter.icp.employees;
  const sized = groups.filter((g) => g.employees !== null && g.employees >= min && g.employees <= max);
  const sizes = [...new Set(sized.filter((g) => g.kind === 'rejected' && g.reasonId === reasonId).map((g) => g.employees!))];
  const candidates: (TScored | null)[] = [];
  for (const size of sizes) {
    if (size + 1 <= max) {
      const out = gainOf(sized.filter((g) => g.employees! <= size), reasonId);
      candidates.push({
        gain: out.gain,
        change: {
          summary: `Raise the ICP's minimum company size from ${number(min)} to ${number(size + 1)} employees: smaller companies score as borderline and stop reaching sales as SQLs.`,
          edits: [{ path: 'icp.employees.min', value: size + 1 }],
          estimate: { rejectionsForReason: out.rejectionsForReason, accepted: out.accepted },
        },
      });
    }
    if (size - 1 >= min) {
      const out = gainOf(sized.filter((g) => g.employees! >= size), reasonId);
      candidates.push({
        gain: out.gain,
        change: {
          summary: `Lower the ICP's maximum company size from ${number(max)} to ${number(size - 1)} employees: larger companies score as borderline and stop reaching sales as SQLs.`,
          edits: [{ path: 'icp.employees.max', value: size - 1 }],
          estimate: { rejectionsForReason: out.rejectionsForReason, accepted: out.accepted },
        },
      });
    }
  }
  return best(candidates);
}

/** Target industries where the reason's rejections outnumber the accepted leads, moved to the borderline (adjacent) industries. */
function industryChange(groups: readonly TDecidedGroup[], reasonId: string | null, charter: TCharter): TScored | null {
  const { industries, borderlineIndustries } = charter.icp;
  const moved = industries.filter((industry) => gainOf(groups.filter((g) => g.industry !== null && foldText(g.industry) === foldText(industry)), reasonId).gain > 0);
  if (moved.length === 0 || moved.length === industries.length) return null;
  const touched = groups.filter((g) => g.industry !== null && moved.some((m) => foldText(m) === foldText(g.industry!)));
  const out = gainOf(touched, reasonId);
  return {
    gain: out.gain,
    change: {
      summary: `Move ${moved.map((m) => `“${m}”`).join(', ')} from the target industries to the adjacent ones: their leads score as borderline fit and stop reaching sales as SQLs.`,
      edits: [
        { path: 'icp.industries', value: industries.filter((i) => !moved.includes(i)) },
        { path: 'icp.borderlineIndustries', value: [...borderlineIndustries, ...moved] },
      ],
      estimate: { rejectionsForReason: out.rejectionsForReason, accepted: out.accepted },
    },
  };
}

const STOP_WORDS = new Set(['of', 'and', 'the', 'for', 'de', 'des', 'du', 'la', 'le', 'et', 'und', 'der', 'die', 'y', 'el']);

const wordsOf = (title: string) => new Set(foldText(title).split(/[^a-z0-9]+/).filter((w) => w.length >= 2 && !STOP_WORDS.has(w)));

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The title word that marks the reason's rejections best, net of accepted titles, given an override one level under the SQL threshold. */
function titleWordChange(groups: readonly TDecidedGroup[], reason: TRejectionReason, charter: TCharter): TScored | null {
  const reasonId = reason.id;
  const threshold = AUTHORITY_LEVELS.indexOf(charter.thresholds.sql.authority);
  if (threshold <= 0) return null;
  const level = AUTHORITY_LEVELS[threshold - 1]!;
  const titled = groups.filter((g) => g.title !== null);
  const words = new Set(titled.filter((g) => g.kind === 'rejected' && g.reasonId === reasonId).flatMap((g) => [...wordsOf(g.title!)]));
  const candidates = [...words].sort().map((word): TScored | null => {
    const out = gainOf(titled.filter((g) => wordsOf(g.title!).has(word)), reasonId);
    if (out.rejectionsForReason < 2) return null;
    const pattern = `\\b${escapeRegExp(word)}\\b`;
    return {
      gain: out.gain,
      change: {
        summary: `Score titles with the word “${word}” as ${level.replace('_', '-')} (a title override): they stop meeting the SQL authority threshold (${charter.thresholds.sql.authority.replace('_', '-')}).`,
        edits: [{ path: 'authority.overrides', value: [{ pattern, level, label: `Sales turns titles with “${word}” down as “${reason.label}”.` }, ...charter.authority.overrides] }],
        estimate: { rejectionsForReason: out.rejectionsForReason, accepted: out.accepted },
      },
    };
  });
  return best(candidates);
}

const LEVELS = { engagement: ENGAGEMENT_LEVELS, intent: INTENT_LEVELS, authority: AUTHORITY_LEVELS } as const;

/** The SQL threshold of `criterion` raised one level; null when it is at the top already. */
function raisedThreshold(charter: TCharter, criterion: keyof typeof LEVELS): TChange | null {
  const levels: readonly string[] = LEVELS[criterion];
  const current = charter.thresholds.sql[criterion];
  const next = levels[levels.indexOf(current) + 1];
  if (!next) return null;
  return {
    summary: `Raise the SQL threshold for ${criterion} from ${current.replace('_', '-')} to ${next.replace('_', '-')}.`,
    edits: [{ path: `thresholds.sql.${criterion}`, value: next }],
    estimate: null,
  };
}

function changeFor(reason: TRejectionReason, groups: readonly TDecidedGroup[], charter: TCharter): { change: TChange | null; note: string | null } {
  const index = charter.rejectionReasons.findIndex((r) => r.id === reason.id);
  switch (reason.criterion) {
    case 'fit': {
      const found = best([sizeChange(groups, reason.id, charter), industryChange(groups, reason.id, charter)]);
      return found
        ? { change: found.change, note: null }
        : { change: null, note: 'No company size bound or target industry separates these rejections from the accepted leads: read their notes, or check the company data the leads come with.' };
    }
    case 'authority': {
      const word = titleWordChange(groups, reason, charter);
      if (word) return { change: word.change, note: null };
      const raised = raisedThreshold(charter, 'authority');
      return raised
        ? { change: raised, note: null }
        : { change: null, note: 'The SQL threshold already asks for a decision-maker and no title word marks these rejections: add title overrides for the roles sales turns down.' };
    }
    case 'intent':
    case 'engagement': {
      if (!reason.returnsToNurture) {
        return {
          change: {
            summary: `Send leads rejected as “${reason.label}” back to nurture instead of out of the funnel: marketing keeps working them until the signal changes.`,
            edits: [{ path: `rejectionReasons.${index}.returnsToNurture`, value: true }],
            estimate: { rejectionsForReason: sum(groups.filter((g) => g.kind === 'rejected' && g.reasonId === reason.id)), accepted: 0 },
          },
          note: null,
        };
      }
      const raised = raisedThreshold(charter, reason.criterion);
      return raised
        ? { change: raised, note: null }
        : { change: null, note: `The SQL threshold for ${reason.criterion} is at its highest already: look at which signals those leads showed (their packets) before changing the ${reason.criterion} rules.` };
    }
    case 'data':
      return { change: null, note: 'A data problem no scoring rule fixes: correct it where the leads come from (the form, the import, the CRM).' };
    default:
      return { change: null, note: 'No criterion: read the notes sales left with these rejections.' };
  }
}

/** The proposals for the range's decided handovers under `charter`: one per trigger, in the triggers' order. */
export function proposeChanges(groups: readonly TDecidedGroup[], charter: TCharter, thresholds: TSuggestionThresholds = DEFAULT_SUGGESTION_THRESHOLDS): TProposal[] {
  return triggers(groups, thresholds).map((trigger) => {
    if (trigger.reasonId === null) return { trigger, reason: null, change: null, note: 'Rejections recorded without a reason: nothing to calibrate them against.' };
    const reason = charter.rejectionReasons.find((r) => r.id === trigger.reasonId);
    if (!reason) return { trigger, reason: null, change: null, note: 'A reason the charter in force no longer lists: nothing to calibrate.' };
    const inScope = trigger.source === null ? groups : groups.filter((g) => g.source === trigger.source);
    return { trigger, reason: { id: reason.id, label: reason.label, criterion: reason.criterion }, ...changeFor(reason, inScope, charter) };
  });
}
