import { localDay, periodsAhead, type TAwayPeriod } from '../shared/out-of-office';
import type { TIngestKeyListing, TUserListing } from './domain/users';

// What the team and key commands print: aligned columns, a header first, never a secret.

/** Rows of cells as lines, each column as wide as its widest cell, two spaces between columns. */
function aligned(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}

/** The keys as a table; never a key or its hash (they are not even read). */
export function formatKeys(keys: readonly TIngestKeyListing[]): string {
  if (keys.length === 0) return 'No ingest keys yet: npm run cli -- key add --name N';
  return aligned([['name', 'created', 'last used', 'revoked'], ...keys.map((k) => [k.name, k.createdAt, k.lastUsedAt ?? 'never', k.revokedAt ?? '—'])]);
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** ISO weekdays as runs: [1, 2, 3, 4, 5] → "Mon–Fri"; [1, 2, 4] → "Mon–Tue, Thu". */
export function formatWorkingDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs.at(-1);
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  return runs.map(([from, to]) => (from === to ? WEEKDAYS[from - 1]! : `${WEEKDAYS[from - 1]!}–${WEEKDAYS[to - 1]!}`)).join(', ');
}

/** The periods not over on the user's today, as `--out-of-office` takes them: "2026-12-24..2027-01-02,2027-02-14"; "—" for none. */
export function formatOutOfOffice(periods: readonly TAwayPeriod[], today: string): string {
  const ahead = periodsAhead(periods, today);
  return ahead.length === 0 ? '—' : ahead.map((p) => (p.from === p.to ? p.from : `${p.from}..${p.to}`)).join(',');
}

/**
 * The users as a table: who they are, their calendar, who manages and backs them up, and what
 * routing reads of them (out of office from each one's today at `now` on); never a token.
 */
export function formatUsers(users: readonly TUserListing[], now = new Date()): string {
  if (users.length === 0) return 'No users yet: npm run cli -- user add --email E --name N --role rep|manager|admin';
  return aligned([
    ['email', 'name', 'role', 'team', 'time zone', 'working hours', 'holidays', 'holiday region', 'manager', 'backup', 'takes handovers', 'out of office', 'capacity', 'weight', 'territories'],
    ...users.map((u) => [
      u.email,
      u.name,
      u.role,
      u.team,
      u.timeZone,
      `${formatWorkingDays(u.workingDays)} ${u.dayStart}–${u.dayEnd}`,
      String(u.holidays.length),
      u.holidayRegion ?? '—',
      u.managerEmail ?? '—',
      u.backupEmail ?? '—',
      u.available ? 'yes' : 'no',
      formatOutOfOffice(u.outOfOffice, localDay(now, u.timeZone)),
      u.capacity === null ? 'no limit' : String(u.capacity),
      String(u.weight),
      u.territories.length === 0 ? '—' : u.territories.join(','),
    ]),
  ]);
}
