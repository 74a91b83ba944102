import { z } from 'zod';
import type { TCharter, TTalkingPointRule } from './charter';
import { displayLine } from './display-text';
import type { TEvent } from './schemas';
import type { TEvaluation } from './scoring/evaluate';
import { eventsInWindow } from './scoring/events';
import { intentSignals, type TIntentSignalKind } from './scoring/intent';

export const ZTalkingPoint = z.object({
  id: z.string(),
  kind: z.enum(['pain', 'signal', 'authority', 'fit']),
  text: z.string(),
  question: z.string().nullable(),
  /** The events the point is drawn from, so the rep can check it. */
  evidence: z.array(z.object({ eventId: z.string(), label: z.string(), at: z.string() })),
});
export type TTalkingPoint = z.infer<typeof ZTalkingPoint>;

const MAX_PAIN_POINTS = 3;

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

// Points quote what the lead sent (an asset, a competitor, a form, an industry): on one line,
// without bidirectional overrides or control characters, wherever they are shown — the sidebar,
// the CLI's terminal, JSON.
function evidenceLabel(event: TEvent): string {
  const what = event.properties.asset ?? event.properties.topic ?? event.properties.url ?? event.type;
  return displayLine(`${event.type.replace(/_/g, ' ')}: ${what} (${dayFormat.format(new Date(event.at))})`);
}

/** Lower-case words separated by single spaces, so "Speed-to-Lead" matches "speed to lead". */
function words(text: string): string {
  return ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim()} `;
}

function matchesRule(event: TEvent, rule: TTalkingPointRule): boolean {
  const { asset, topic, url } = event.properties;
  const text = words([asset, topic, url].filter(Boolean).join(' '));
  return rule.keywords.some((keyword) => text.includes(words(keyword)));
}

/** Pain hypotheses from the content the lead engaged with, most evidence (then most recent) first. */
function painPoints(recent: readonly TEvent[], charter: TCharter): TTalkingPoint[] {
  return charter.talkingPoints
    .map((rule) => ({ rule, evidence: recent.filter((event) => matchesRule(event, rule)).reverse() }))
    .filter(({ evidence }) => evidence.length > 0)
    .sort((a, b) => b.evidence.length - a.evidence.length || Date.parse(b.evidence[0]!.at) - Date.parse(a.evidence[0]!.at))
    .slice(0, MAX_PAIN_POINTS)
    .map(({ rule, evidence }) => ({
      id: `pain.${rule.id}`,
      kind: 'pain',
      text: rule.pain,
      question: rule.question,
      evidence: evidence.slice(0, 3).map((event) => ({ eventId: event.id, label: evidenceLabel(event), at: event.at })),
    }));
}

/** The question to open on for each buying signal. */
const SIGNAL_QUESTIONS: Record<TIntentSignalKind, string> = {
  demo_request: 'Who else should see the demo, and what do they need to see to move forward?',
  meeting_booked: 'What would make that meeting a clear yes or no for them?',
  contact_sales_form: 'What prompted them to reach out now?',
  trial_signup: 'What did they try first, and where did they get stuck?',
  competitor_comparison: 'What do they like about the alternative, and what is missing?',
  pricing_views: 'What budget range and decision timeline are they working with?',
};

function signalPoints(events: readonly TEvent[], charter: TCharter, at: Date): TTalkingPoint[] {
  return intentSignals(events, charter, at)
    .sort((a, b) => Date.parse(b.event.at) - Date.parse(a.event.at))
    .map((signal) => ({
      id: `signal.${signal.kind}`,
      kind: 'signal',
      text: displayLine(signal.label),
      question: SIGNAL_QUESTIONS[signal.kind],
      evidence: [{ eventId: signal.event.id, label: evidenceLabel(signal.event), at: signal.event.at }],
    }));
}

function authorityPoint(evaluation: TEvaluation): TTalkingPoint {
  const authority = evaluation.criteria.authority;
  const byLevel = {
    decision_maker: 'A decision-maker: confirm budget, timeline and the problem to solve on the first call.',
    influencer: 'An influencer: find out who else weighs in and who signs.',
    end_user: 'Likely a user of the product, not the buyer: ask who owns the decision.',
    researcher: 'Probably researching for someone else: ask who the work is for.',
    unknown: 'Role unknown: confirm their role and who owns the decision.',
  } as const;
  return {
    id: `authority.${authority.level}`,
    kind: 'authority',
    text: byLevel[authority.level],
    question: authority.level === 'decision_maker' ? null : 'Who else is involved in choosing a solution like this?',
    evidence: [],
  };
}

function fitGapPoints(evaluation: TEvaluation): TTalkingPoint[] {
  return evaluation.criteria.fit.signals
    .filter((signal) => signal.rule.startsWith('icp.') && /unknown|not recognised/i.test(signal.label))
    .map((signal) => ({
      id: `fit.${signal.rule.slice('icp.'.length)}`,
      kind: 'fit',
      text: displayLine(`${signal.label} Confirm it on the call.`),
      question: null,
      evidence: [],
    }));
}

/**
 * Talking points from what the lead actually did: pain hypotheses from the content they
 * engaged with, the buying signals to open on, and what to confirm about their role and fit.
 */
export function generateTalkingPoints(input: {
  events: readonly TEvent[];
  evaluation: TEvaluation;
  charter: TCharter;
  at: Date;
}): TTalkingPoint[] {
  const recent = eventsInWindow(input.events, input.at, input.charter.engagement.windowDays);
  return [
    ...signalPoints(input.events, input.charter, input.at),
    ...painPoints(recent, input.charter),
    authorityPoint(input.evaluation),
    ...fitGapPoints(input.evaluation),
  ];
}
