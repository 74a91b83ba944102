import { stringify } from 'csv-stringify/browser/esm/sync';

// A table as a CSV file a person or a spreadsheet reads: a header row, then one row per line,
// numbers as numbers. Text that a spreadsheet would run as a formula (=, +, -, @ and the like
// at its start — a lead's name is whatever a form received) is made inert with a leading
// apostrophe; negative numbers stay numbers.

export type TCsvCell = string | number | null;

/** A rate as a CSV cell: a fraction 0–1 to four places (a spreadsheet formats it as it likes), empty when there is none. */
export const csvRate = (rate: number | null | undefined): number | null => (rate === null || rate === undefined ? null : Math.round(rate * 10_000) / 10_000);
/** A duration as a CSV cell: whole minutes, empty when there is none. */
export const csvMinutes = (ms: number | null | undefined): number | null => (ms === null || ms === undefined ? null : Math.round(ms / 60_000));

export function toCsv(header: readonly string[], rows: readonly (readonly TCsvCell[])[]): string {
  return stringify([header, ...rows], { escape_formulas: true, cast: { number: (value) => String(value) } });
}

/** A file name with the days it covers, first and last included (YYYY-MM-DD, as the page shows them): `handshake-reps-2026-11-01-to-2026-11-30.csv`. */
export function csvFileName(what: string, days: { from?: string; to?: string }): string {
  const span = days.from || days.to ? `-${days.from || 'start'}-to-${days.to || 'now'}` : '';
  return `handshake-${what}${span}.csv`;
}

/** Saves `text` as a file through the browser's own download (an object URL on a link the page clicks). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
