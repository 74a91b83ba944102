import type { TEvent, TEventType } from '../schemas';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Events that happened in the `windowDays` before `at` (inclusive of `at`), oldest first. */
export function eventsInWindow(events: readonly TEvent[], at: Date, windowDays: number): TEvent[] {
  const end = at.getTime();
  const start = end - windowDays * DAY_MS;
  const inWindow: TEvent[] = [];
  const times: number[] = [];
  let inOrder = true;
  for (const event of events) {
    const time = Date.parse(event.at);
    if (time <= start || time > end) continue;
    if (times.length > 0 && time < times[times.length - 1]!) inOrder = false;
    inWindow.push(event);
    times.push(time);
  }
  // Events usually come in time order (as stored); otherwise a stable sort: ties keep their order.
  if (inOrder) return inWindow;
  return inWindow
    .map((event, i) => ({ event, time: times[i]! }))
    .sort((a, b) => a.time - b.time)
    .map((t) => t.event);
}

/** What the event was about, for a rep to read: the asset, else the form, else the page. */
export function eventSubject(event: TEvent): string | undefined {
  const { asset, form, url, competitor } = event.properties;
  return asset ?? competitor ?? form ?? url;
}

export function quoted(subject: string | undefined): string {
  return subject ? ` “${subject}”` : '';
}

/** What each kind of event means, in a rep's words. */
export const EVENT_LABELS: Record<TEventType, string> = {
  page_view: 'Visited the website',
  pricing_view: 'Viewed the pricing page',
  competitor_comparison: 'Read a competitor comparison',
  content_download: 'Downloaded',
  email_open: 'Opened an email',
  email_click: 'Clicked an email',
  webinar_attended: 'Attended the webinar',
  form_submit: 'Submitted a form',
  demo_request: 'Requested a demo',
  trial_signup: 'Started a trial',
  meeting_booked: 'Booked a meeting',
  sales_touch: 'Sales touch logged in the CRM',
  opportunity_created: 'Opportunity created',
  closed_won: 'Deal won',
  closed_lost: 'Deal lost',
};

/** One line for the timeline: the action and what it was about. */
export function describeEvent(event: TEvent): string {
  return `${EVENT_LABELS[event.type]}${quoted(eventSubject(event))}`;
}
