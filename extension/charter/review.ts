// The charter's review, due `reviewEveryDays` (90 by default) after it became active: the
// page warns two weeks ahead, and once it is overdue.

const DAY_MS = 86_400_000;
export const REVIEW_WARNING_DAYS = 14;

export type TReviewStatus = { state: 'later' } | { state: 'due'; days: number } | { state: 'overdue'; days: number };

const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();

/** Calendar days from `a` to `b` in the viewer's zone (a summer-time change makes a day 23 or 25 hours). */
const calendarDays = (a: Date, b: Date) => Math.round((startOfDay(b) - startOfDay(a)) / DAY_MS);

/** Where the review stands at `now`: in how many calendar days it is due (0: today), or how many since it was. */
export function reviewStatus(reviewDueAt: string, now: Date): TReviewStatus {
  const due = new Date(reviewDueAt);
  if (due.getTime() < now.getTime()) return { state: 'overdue', days: calendarDays(due, now) };
  if (due.getTime() - now.getTime() <= REVIEW_WARNING_DAYS * DAY_MS) return { state: 'due', days: calendarDays(now, due) };
  return { state: 'later' };
}

const dayWords = (days: number) => (days === 1 ? '1 day' : `${days} days`);

/** The banner's words, or null when the review is more than two weeks away. */
export function reviewBannerText(status: TReviewStatus, dueDate: string): string | null {
  if (status.state === 'later') return null;
  if (status.state === 'overdue') return `The charter’s review is overdue: it was due on ${dueDate}${status.days > 0 ? `, ${dayWords(status.days)} ago` : ', earlier today'}.`;
  return `The charter’s review is due on ${dueDate}${status.days > 0 ? `, in ${dayWords(status.days)}` : ', today'}.`;
}
