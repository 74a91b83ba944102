// Plain formatting with no dependencies: the extension's pages import it without pulling in zod.

const DAY_HOURS = 24;
/** Past this many days, the hours left over no longer change what a rep does. */
const DAYS_WITH_HOURS = 3;

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

/**
 * A duration for a rep: minutes under an hour, hours and minutes under a day, then days
 * (with the hours under three days: "1 day 6 h"; whole days after: "10 days").
 */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < DAY_HOURS) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const wholeHours = Math.round(minutes / 60);
  const fullDays = Math.floor(wholeHours / DAY_HOURS);
  if (fullDays < DAYS_WITH_HOURS) return wholeHours % DAY_HOURS === 0 ? days(fullDays) : `${days(fullDays)} ${wholeHours % DAY_HOURS} h`;
  return days(Math.round(wholeHours / DAY_HOURS));
}

/** How late a deadline is: "10 days overdue", "25 min overdue". */
export function formatOverdue(ms: number): string {
  return `${formatDuration(ms)} overdue`;
}

/**
 * A rate as a person reads it, the same in the popup, on the dashboard and in the weekly
 * report: a percentage to one decimal, without a trailing ".0" ("67.5%", "70%", "4.8%"); a
 * dash when there is nothing to divide by.
 */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Number((rate * 100).toFixed(1))}%`;
}
