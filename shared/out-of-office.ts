// A person's periods out of office (`{from, to}`: local dates in their own time zone, both
// days included), read against their own today: which are not over yet, and in a few words
// for a table. Pure; the server's checks, the command line and the people page share it.

export interface TAwayPeriod {
  from: string;
  to: string;
}

/** Whether `day` is a real date written YYYY-MM-DD ("2027-02-30" is not). */
export function isCalendarDate(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return false;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, date));
  return utc.getUTCFullYear() === year && utc.getUTCMonth() === month - 1 && utc.getUTCDate() === date;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** The local date (YYYY-MM-DD) an instant falls on in `timeZone`. */
export function localDay(instant: Date, timeZone: string): string {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The absence `today` falls in, or undefined: the period that covers it, run on through the
 * periods that follow without a gap, so "until" names the last day away.
 */
export function awayOn(periods: readonly TAwayPeriod[], today: string): TAwayPeriod | undefined {
  const covering = periods.find((period) => period.from <= today && today <= period.to);
  if (!covering) return undefined;
  let until = covering.to;
  for (;;) {
    const next = nextDay(until);
    const following = periods.find((period) => period.from <= next && period.to > until);
    if (!following) return { from: covering.from, to: until };
    until = following.to;
  }
}

function nextDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return new Date(Date.UTC(year!, month! - 1, date! + 1)).toISOString().slice(0, 10);
}

/** The periods not over by `today` (YYYY-MM-DD), by their first day. */
export function periodsAhead(periods: readonly TAwayPeriod[], today: string): TAwayPeriod[] {
  return periods.filter((period) => period.to >= today).sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2027-01-02" → "Jan 2". */
export function monthDay(day: string): string {
  const [, month, date] = day.split('-');
  return `${MONTHS[Number(month) - 1] ?? month} ${Number(date)}`;
}

/** "2027-01-02" → "Jan 2", with its year when it is not today's: "Jan 2, 2028". */
function shortDay(day: string, today: string): string {
  return day.slice(0, 4) === today.slice(0, 4) ? monthDay(day) : `${monthDay(day)}, ${day.slice(0, 4)}`;
}

/**
 * The next period away in words, the later ones counted: "Until Jan 2" (away today),
 * "Mar 3", "Mar 3–Mar 7 (+1 more)"; "—" when none is ahead.
 */
export function describeOutOfOffice(periods: readonly TAwayPeriod[], today: string): string {
  const [next, ...later] = periodsAhead(periods, today);
  if (!next) return '—';
  const first = next.from <= today ? `Until ${shortDay(next.to, today)}` : next.from === next.to ? shortDay(next.from, today) : `${shortDay(next.from, today)}–${shortDay(next.to, today)}`;
  return later.length > 0 ? `${first} (+${later.length} more)` : first;
}
