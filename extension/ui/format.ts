// Numbers, durations, dates and times as the popup and the sidebar show them: every
// format the UI uses is a named function here. Pure; shared by the UI and its tests, so a
// test compares the screen with the server's figures through the same words.

// The rate format is the report's and the dashboard's too: one function for all of them.
export { formatRate } from '../../shared/format';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * A business-time duration: minutes under an hour, then hours and minutes. Never days: a
 * business day is 8 working hours by default, so "1 day" would mislead.
 */
export function formatBusinessDuration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.max(0, Math.round(ms / MINUTE));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
}

/** A running countdown: hours and minutes, then minutes and seconds in the last hour. */
export function formatCountdown(ms: number): string {
  const abs = Math.abs(ms);
  if (abs >= HOUR) {
    const minutes = Math.floor(abs / MINUTE);
    return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
  }
  const seconds = Math.floor(abs / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/** A rate (0.675) as a whole percentage ("68%"); no rate (nothing to divide) as a dash. */

/** The local calendar date of an instant, as a date input holds it (YYYY-MM-DD). */
export function toDateInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/**
 * Two date inputs (inclusive, in the browser's time zone) as the server's half-open range
 * [from 00:00, the day after `to` 00:00). Empty inputs are left to the server's default.
 */
export function rangeFromDates(from: string, to: string): { from?: string; to?: string } {
  const range: { from?: string; to?: string } = {};
  if (from) range.from = new Date(`${from}T00:00:00`).toISOString();
  if (to) {
    const end = new Date(`${to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    range.to = end.toISOString();
  }
  return range;
}

/** The default range of the manager's view: the last 30 days, today included. */
export function defaultDates(today: Date): { from: string; to: string } {
  const start = new Date(today);
  start.setDate(start.getDate() - 29);
  return { from: toDateInput(start), to: toDateInput(today) };
}

/** Points as the charter counts them: whole numbers stay whole, fractions (½-point opens) to one decimal. */
export function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}

// Dates and times, in the viewer's locale. `timeZone` (an IANA name) reads the instant as
// someone elsewhere does (the SLA owner); without it, in the viewer's own zone.

/** An instant to the minute: "23 Nov 2026, 10:45". */
export function formatDateTime(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone });
}

/** An instant in the coming days, to the minute: "Mon 9:00 AM". */
export function formatWeekdayTime(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString(undefined, { weekday: 'short', hour: 'numeric', minute: '2-digit', timeZone });
}

/** An instant in the coming days as read in a zone, naming it: "Mon 9:00 AM Europe/Paris". */
export function formatZonedTime(iso: string, timeZone: string): string {
  return `${formatWeekdayTime(iso, timeZone)} ${timeZone}`;
}

/** A criterion's level in words: "in ICP", "decision-maker", "medium". */
export function formatLevel(level: string): string {
  return level === 'in_icp' ? 'in ICP' : level.replaceAll('_', '-');
}

/** A calendar date, its month in words (never 12/4 against 4/12): "23 Nov 2026". */
export function formatDate(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

/** A clock time for "as of": 14:05. */
export function formatClock(date: Date): string {
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
