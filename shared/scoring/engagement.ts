import type { TCharter } from '../charter';
import { meets, type TEngagementLevel } from '../levels';
import type { TEvent, TEventType } from '../schemas';
import { roundPoints, sumPoints, type TEngagementScore, type TSignal } from './criterion';
import { DAY_MS, EVENT_LABELS, eventSubject, eventsInWindow, quoted } from './events';


// Page views are counted as visits (one per day), not pages: twenty pages in one sitting
// are one touchpoint. Other actions count once per subject per day.
const VISIT_TYPES = new Set<TEventType>(['page_view', 'pricing_view', 'competitor_comparison']);

// Actions whose subject (a URL, a form id) means nothing to a rep reading the list.
const UNNAMED_TYPES = new Set<TEventType>(['page_view', 'pricing_view', 'demo_request', 'trial_signup', 'meeting_booked']);

function touchpointKey(event: TEvent): string {
  const day = event.at.slice(0, 10);
  return VISIT_TYPES.has(event.type) ? `${event.type}|${day}` : `${event.type}|${eventSubject(event) ?? ''}|${day}`;
}

/** Full weight while fresh, then halving every half-life: older touches count for less. */
export function decayFactor(ageDays: number, fullWeightDays: number, halfLifeDays: number): number {
  return ageDays <= fullWeightDays ? 1 : 0.5 ** ((ageDays - fullWeightDays) / halfLifeDays);
}

function levelFor(points: number, channels: number, rules: TCharter['engagement']): TEngagementLevel {
  if (points >= rules.levels.high && channels >= rules.highMinChannels) return 'high';
  if (points >= rules.levels.medium) return 'medium';
  if (points >= rules.levels.low) return 'low';
  return 'none';
}

/**
 * Engagement: distinct marketing touchpoints in the window, each weighted by its type and
 * decayed by age; high also needs several channels.
 */
export function scoreEngagement(events: readonly TEvent[], charter: TCharter, at: Date): TEngagementScore {
  const rules = charter.engagement;
  const latestByKey = new Map<string, TEvent>();
  for (const event of eventsInWindow(events, at, rules.windowDays)) {
    if (rules.touchpoints[event.type]) latestByKey.set(touchpointKey(event), event);
  }

  const channels = new Set<string>();
  const signals: TSignal[] = [...latestByKey.values()].reverse().map((event) => {
    const rule = rules.touchpoints[event.type]!;
    channels.add(rule.channel);
    const ageDays = (at.getTime() - Date.parse(event.at)) / DAY_MS;
    const points = roundPoints(rule.weight * decayFactor(ageDays, rules.fullWeightDays, rules.halfLifeDays));
    const subject = UNNAMED_TYPES.has(event.type) ? undefined : eventSubject(event);
    return {
      rule: `engagement.${event.type}`,
      label: `${EVENT_LABELS[event.type]}${quoted(subject)} (${rule.channel}).`,
      points,
      eventId: event.id,
      at: event.at,
    };
  });

  const points = sumPoints(signals);
  const level = levelFor(points, channels.size, rules);
  const thresholds = { mql: charter.thresholds.mql.engagement, sql: charter.thresholds.sql.engagement };
  const channelList = [...channels].sort();
  const touchpoints = `${points} weighted touchpoint${points === 1 ? '' : 's'} in ${rules.windowDays} days`;
  const across = channelList.length > 0 ? ` across ${channelList.length} channel${channelList.length === 1 ? '' : 's'} (${channelList.join(', ')})` : '';
  const singleChannelNote =
    points >= rules.levels.high && level !== 'high' ? `; high needs ${rules.highMinChannels} channels` : '';

  return {
    criterion: 'engagement',
    level,
    points,
    summary: `${level[0]!.toUpperCase()}${level.slice(1)}: ${touchpoints}${across}${singleChannelNote}.`,
    signals,
    thresholds,
    meetsMql: meets('engagement', level, thresholds.mql),
    meetsSql: meets('engagement', level, thresholds.sql),
    channels: channelList,
  };
}
