import type { TEvent } from '../schemas';

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Events that happened in the `windowDays` before `at` (inclusive of `at`), oldest first. */
export function eventsInWindow(events: readonly TEvent[], at: Date, windowDays: number): TEvent[] {
  const end = at.getTime();
  const start = end - windowDays * DAY_MS;
  return events
    .filter((event) => {
      const time = Date.parse(event.at);
      return time > start && time <= end;
    })
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** What the event was about, for a rep to read: the asset, else the form, else the page. */
export function eventSubject(event: TEvent): string | undefined {
  const { asset, form, url, competitor } = event.properties;
  return asset ?? competitor ?? form ?? url;
}

export function quoted(subject: string | undefined): string {
  return subject ? ` “${subject}”` : '';
}
