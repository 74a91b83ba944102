import type { TCharter } from '../charter';
import { maxLevel, meets, type TIntentLevel } from '../levels';
import type { TEvent } from '../schemas';
import type { TIntentScore, TSignal } from './criterion';
import { sumPoints } from './criterion';
import { DAY_MS, eventsInWindow, quoted } from './events';

export type TIntentSignalKind = keyof TCharter['intent']['signals'] | 'pricing_views';

interface IntentSignal {
  kind: TIntentSignalKind;
  level: TIntentLevel;
  label: string;
  event: TEvent;
}

/**
 * The largest number of pricing views inside any `withinDays` span, and the last view of that
 * span (of the latest such span on a tie). The span is closed: views exactly `withinDays` apart
 * are within it.
 */
function densestPricingRun(views: readonly TEvent[], withinDays: number): { count: number; last: TEvent } | null {
  let best: { count: number; last: TEvent } | null = null;
  let first = 0;
  views.forEach((view, index) => {
    while (Date.parse(view.at) - Date.parse(views[first]!.at) > withinDays * DAY_MS) first += 1;
    const count = index - first + 1;
    if (!best || count >= best.count) best = { count, last: view };
  });
  return best;
}

export function isContactSalesForm(event: TEvent, charter: TCharter): boolean {
  const form = event.properties.form?.toLowerCase();
  return event.type === 'form_submit' && form !== undefined && charter.intent.contactSalesForms.some((f) => f.toLowerCase() === form);
}

type TTypedSignalKind = Exclude<TIntentSignalKind, 'pricing_views' | 'contact_sales_form'>;

/** What each signal read from an event's type says. Module-level: a closure made per lead costs more than the scoring around it. */
const TYPED_SIGNALS: readonly [TTypedSignalKind, (e: TEvent) => string][] = [
  ['competitor_comparison', (e) => `Compared us with a competitor${quoted(e.properties.competitor)}.`],
  ['demo_request', () => 'Requested a demo.'],
  ['trial_signup', () => 'Started a trial.'],
  ['meeting_booked', () => 'Booked a meeting.'],
];

/** The latest of `events` (in time order) that `matches`. */
function latestWhere(events: readonly TEvent[], matches: (event: TEvent) => boolean): TEvent | undefined {
  for (let i = events.length - 1; i >= 0; i -= 1) if (matches(events[i]!)) return events[i];
  return undefined;
}

/** The explicit buying signals in the intent window, most recent of each kind. */
export function intentSignals(events: readonly TEvent[], charter: TCharter, at: Date): IntentSignal[] {
  const rules = charter.intent;
  const recent = eventsInWindow(events, at, rules.windowDays);
  const found: IntentSignal[] = [];
  if (recent.length === 0) return found;

  const pricing = densestPricingRun(recent.filter((e) => e.type === 'pricing_view'), rules.pricingViews.withinDays);
  if (pricing) {
    const strong = pricing.count >= rules.pricingViews.count;
    found.push({
      kind: 'pricing_views',
      level: strong ? rules.pricingViews.level : 'low',
      label: strong
        ? `${pricing.count} pricing-page visits within ${rules.pricingViews.withinDays} days.`
        : `Pricing page visited (${rules.pricingViews.count} visits within ${rules.pricingViews.withinDays} days would be ${rules.pricingViews.level}).`,
      event: pricing.last,
    });
  }

  for (const [kind, label] of TYPED_SIGNALS) {
    const event = latestWhere(recent, (e) => e.type === kind);
    if (event) found.push({ kind, level: rules.signals[kind], label: label(event), event });
  }

  const contact = latestWhere(recent, (e) => isContactSalesForm(e, charter));
  if (contact) {
    found.push({ kind: 'contact_sales_form', level: rules.signals.contact_sales_form, label: `Submitted the contact-sales form${quoted(contact.properties.form)}.`, event: contact });
  }
  return found;
}

/** Intent: explicit buying signals, distinct from engagement; the strongest one sets the level. */
export function scoreIntent(events: readonly TEvent[], charter: TCharter, at: Date): TIntentScore {
  const found = intentSignals(events, charter, at).filter((s) => s.level !== 'none');
  const level = found.reduce<TIntentLevel>((acc, s) => maxLevel('intent', acc, s.level), 'none');
  const points = charter.intent.points;
  const signals: TSignal[] = found
    .sort((a, b) => Date.parse(b.event.at) - Date.parse(a.event.at))
    .map((s) => ({
      rule: `intent.${s.kind}`,
      label: `${s.label} (${s.level})`,
      points: s.level === 'none' ? 0 : points[s.level],
      eventId: s.event.id,
      at: s.event.at,
    }));
  const thresholds = { mql: charter.thresholds.mql.intent, sql: charter.thresholds.sql.intent };
  const strongest = found.filter((s) => s.level === level).map((s) => s.label);
  return {
    criterion: 'intent',
    level,
    points: sumPoints(signals),
    summary:
      level === 'none'
        ? `None: no explicit buying signal in ${charter.intent.windowDays} days.`
        : `${level[0]!.toUpperCase()}${level.slice(1)}: ${strongest.join(' ')}`,
    signals,
    thresholds,
    meetsMql: meets('intent', level, thresholds.mql),
    meetsSql: meets('intent', level, thresholds.sql),
  };
}
