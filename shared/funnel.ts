import { z } from 'zod';

// Where a lead stands in the funnel, as recorded — not what today's (decaying) score would
// make it. The furthest recorded step wins: a closed deal, then an opportunity, then the
// rep's decision on the latest handover, then the stage the lead reached.

export const FUNNEL_POSITIONS = ['lead', 'mql', 'sql', 'accepted', 'nurture', 'opportunity', 'customer', 'lost', 'disqualified'] as const;
export const ZFunnelPosition = z.enum(FUNNEL_POSITIONS);
export type TFunnelPosition = z.infer<typeof ZFunnelPosition>;

const LABELS: Record<TFunnelPosition, string> = {
  lead: 'Lead',
  mql: 'MQL',
  sql: 'SQL',
  accepted: 'Accepted by sales',
  nurture: 'Rejected → nurture',
  opportunity: 'Opportunity',
  customer: 'Customer',
  lost: 'Lost',
  disqualified: 'Disqualified',
};

type TStage = 'lead' | 'mql' | 'sql';

export const ZTodaysSignals = z.object({
  /** The stage the lead's signals as of now would give it under the charter. */
  stage: z.enum(['lead', 'mql', 'sql']),
  /** Labelled as today's score, to read below the position: "Today’s signals would make it an MQL". */
  text: z.string(),
});

export const ZFunnel = z.object({
  position: ZFunnelPosition,
  /** When the lead got there (ISO-8601); null when the record has no date for it. */
  since: z.string().nullable(),
  /** The position for a rep: "Customer", "Rejected → nurture". */
  label: z.string(),
  todaysSignals: ZTodaysSignals,
});
export type TFunnel = z.infer<typeof ZFunnel>;

/** What the server records about a lead's way through the funnel. Instants are ISO-8601 strings. */
export interface TFunnelRecord {
  createdAt: string;
  /** The furthest stage scoring or an import took it to (never moves back). */
  stage: TStage;
  status: 'active' | 'accepted' | 'nurture' | 'disqualified';
  mqlAt: string | null;
  sqlAt: string | null;
  opportunityAt: string | null;
  wonAt: string | null;
  lostAt: string | null;
  /** The latest handover. */
  handover: { startedAt: string; state: 'open' | 'accepted' | 'rejected' } | null;
  /** The rep's decision on the latest handover. */
  decision: { kind: 'accepted' | 'rejected'; decidedAt: string } | null;
}

function at(position: TFunnelPosition, since: string | null) {
  return { position, since, label: LABELS[position] };
}

const later = (a: string, b: string) => (Date.parse(a) >= Date.parse(b) ? a : b);

export function funnelPosition(record: TFunnelRecord): Omit<TFunnel, 'todaysSignals'> {
  const { wonAt, lostAt, opportunityAt, decision, handover } = record;
  if (wonAt && (!lostAt || later(wonAt, lostAt) === wonAt)) return at('customer', wonAt);
  if (lostAt) return at('lost', lostAt);
  if (opportunityAt) return at('opportunity', opportunityAt);
  if (decision && handover?.state !== 'open') {
    if (decision.kind === 'accepted') return at('accepted', decision.decidedAt);
    return at(record.status === 'disqualified' ? 'disqualified' : 'nurture', decision.decidedAt);
  }
  if (record.status === 'disqualified') return at('disqualified', null);
  if (record.stage === 'lead') return at('lead', record.createdAt);
  const reached = record.stage === 'sql' ? record.sqlAt : record.mqlAt;
  // Handed over again (after a rejection to nurture): there since that handover.
  if (handover?.state === 'open' && (!reached || Date.parse(handover.startedAt) > Date.parse(reached))) return at(record.stage, handover.startedAt);
  return at(record.stage, reached);
}

/** Today's score against the thresholds, in words that say it is today's. */
export function todaysSignals(stage: TStage): z.infer<typeof ZTodaysSignals> {
  const text = stage === 'lead' ? 'Today’s signals are below the MQL thresholds' : `Today’s signals would make it an ${stage.toUpperCase()}`;
  return { stage, text };
}
