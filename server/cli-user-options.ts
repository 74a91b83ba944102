import { UsageError } from './cli-usage-error';
import { checkHolidayRegion } from './domain/holiday-regions';
import type { TUserChanges } from './domain/users';
import type { TAwayPeriod } from '../shared/out-of-office';

// `user set`'s options as an operator types them (--working-days Mon-Fri, --working-hours
// 09:00-17:00, --holidays DE-BY, --active no, --manager none, --out-of-office
// 2026-12-24..2027-01-02, --capacity none, --territories US,CA), read into the changes
// updateUser takes. Only their shape is read here: updateUser checks the values, naming the field.

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "Mon" or "Monday" (any case) → 1. */
function weekday(text: string): number {
  const name = text.trim().toLowerCase();
  const index = WEEKDAYS.findIndex((day) => name === day || name === day.slice(0, 3));
  if (index < 0) throw new UsageError(`--working-days: "${text.trim()}" is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  return index + 1;
}

/** "Mon-Fri", "Mon,Wed,Fri", "Mon-Thu,Sat" → ISO weekdays (1 = Monday). A run wraps past Sunday: "Sat-Mon". */
export function parseWorkingDays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const [from, to, extra] = part.split(/[-–]/);
    if (extra !== undefined) throw new UsageError(`--working-days: "${part.trim()}" is not a day or a run of days such as Mon-Fri`);
    const first = weekday(from!);
    const last = to === undefined ? first : weekday(to);
    for (let day = first, steps = 0; steps < 7; day = (day % 7) + 1, steps += 1) {
      days.add(day);
      if (day === last) break;
    }
  }
  if (days.size === 0) throw new UsageError('--working-days: at least one day, such as Mon-Fri');
  return [...days].sort((a, b) => a - b);
}

/** "09:00-17:00" → the day's start and end (checked as a calendar by updateUser). */
export function parseWorkingHours(text: string): { dayStart: string; dayEnd: string } {
  const match = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(text);
  if (!match) throw new UsageError(`--working-hours: expected a start and an end such as 09:00-17:00, got "${text}"`);
  const pad = (time: string) => time.padStart(5, '0');
  return { dayStart: pad(match[1]!), dayEnd: pad(match[2]!) };
}

function yesNo(name: string, text: string): boolean {
  const value = text.trim().toLowerCase();
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new UsageError(`--${name}: expected yes or no, got "${text}"`);
}

const person = (text: string): string | null => (text.trim().toLowerCase() === 'none' ? null : text.trim());

/** "US", "de-by", "GB-SCT" → the region as date-holidays spells it; "none" → null (no public holidays). */
export function parseHolidayRegion(text: string): string | null {
  if (text.trim().toLowerCase() === 'none') return null;
  const check = checkHolidayRegion(text);
  if ('problem' in check) throw new UsageError(`--holidays: ${check.problem} (none for no public holidays)`);
  return check.region;
}

const isNone = (text: string) => text.trim().toLowerCase() === 'none';

/** "2026-12-24..2027-01-02,2027-02-14" → periods away (a single date is one day); "none" → none. */
export function parseOutOfOffice(text: string): TAwayPeriod[] {
  if (isNone(text)) return [];
  const parts = text.split(',').map((part) => part.trim());
  if (parts.every((part) => !part)) throw new UsageError('--out-of-office: expected one or more periods such as 2026-12-24..2027-01-02, or none');
  return parts
    .filter((part) => part)
    .map((part) => {
      const match = /^(\d{4}-\d{2}-\d{2})(?:\s*\.\.\s*(\d{4}-\d{2}-\d{2}))?$/.exec(part);
      if (!match) throw new UsageError(`--out-of-office: "${part}" is not a period such as 2026-12-24..2027-01-02 or a single day such as 2026-12-24`);
      return { from: match[1]!, to: match[2] ?? match[1]! };
    });
}

function wholeNumber(name: string, text: string, example: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new UsageError(`--${name}: expected a whole number such as ${example}, got "${text}"`);
  return Number(text);
}

/** "25" → at most 25 open handovers from routing; "none" → no limit (null). */
export const parseCapacity = (text: string): number | null => (isNone(text) ? null : wholeNumber('capacity', text, '25 (or none for no limit)'));

/** "US,CA" → the countries (checked and read as codes by updateUser); "none" → none. */
export function parseTerritories(text: string): string[] {
  if (isNone(text)) return [];
  const countries = text
    .split(',')
    .map((country) => country.trim())
    .filter((country) => country);
  if (countries.length === 0) throw new UsageError('--territories: expected country codes such as US,CA, or none');
  return countries;
}

export interface TRoutingOptions {
  'out-of-office'?: string;
  capacity?: string;
  weight?: string;
  territories?: string;
}

/** The routing settings among the options (`user add` and `user set` share them). */
export function routingSettings(options: TRoutingOptions): Pick<TUserChanges, 'outOfOffice' | 'capacity' | 'weight' | 'territories'> {
  return {
    ...(options['out-of-office'] !== undefined ? { outOfOffice: parseOutOfOffice(options['out-of-office']) } : {}),
    ...(options.capacity !== undefined ? { capacity: parseCapacity(options.capacity) } : {}),
    ...(options.weight !== undefined ? { weight: wholeNumber('weight', options.weight, '2') } : {}),
    ...(options.territories !== undefined ? { territories: parseTerritories(options.territories) } : {}),
  };
}

export interface TUserSetOptions extends TRoutingOptions {
  timezone?: string;
  'working-days'?: string;
  'working-hours'?: string;
  holidays?: string;
  manager?: string;
  backup?: string;
  active?: string;
}

/** The changes `user set` asks for; at least one. */
export function userChanges(options: TUserSetOptions): TUserChanges {
  const changes: TUserChanges = {
    ...(options.timezone !== undefined ? { timeZone: options.timezone.trim() } : {}),
    ...(options['working-days'] !== undefined ? { workingDays: parseWorkingDays(options['working-days']) } : {}),
    ...(options['working-hours'] !== undefined ? parseWorkingHours(options['working-hours']) : {}),
    ...(options.holidays !== undefined ? { holidayRegion: parseHolidayRegion(options.holidays) } : {}),
    ...(options.manager !== undefined ? { managerEmail: person(options.manager) } : {}),
    ...(options.backup !== undefined ? { backupEmail: person(options.backup) } : {}),
    ...(options.active !== undefined ? { available: yesNo('active', options.active) } : {}),
    ...routingSettings(options),
  };
  if (Object.keys(changes).length === 0) {
    throw new UsageError('user set: nothing to change (--timezone, --working-days, --working-hours, --holidays, --manager, --backup, --active, --out-of-office, --capacity, --weight, --territories)');
  }
  return changes;
}
