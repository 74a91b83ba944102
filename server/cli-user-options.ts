import { checkHolidayRegion } from './domain/holiday-regions';
import type { TUserChanges } from './domain/users';

// `user set`'s options as an operator types them (--working-days Mon-Fri, --working-hours
// 09:00-17:00, --holidays DE-BY, --active no, --manager none), read into the changes updateUser takes.

export class UserOptionError extends Error {}

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** "Mon" or "Monday" (any case) → 1. */
function weekday(text: string): number {
  const name = text.trim().toLowerCase();
  const index = WEEKDAYS.findIndex((day) => name === day || name === day.slice(0, 3));
  if (index < 0) throw new UserOptionError(`--working-days: "${text.trim()}" is not a weekday (Mon, Tue, Wed, Thu, Fri, Sat, Sun)`);
  return index + 1;
}

/** "Mon-Fri", "Mon,Wed,Fri", "Mon-Thu,Sat" → ISO weekdays (1 = Monday). A run wraps past Sunday: "Sat-Mon". */
export function parseWorkingDays(text: string): number[] {
  const days = new Set<number>();
  for (const part of text.split(',')) {
    if (!part.trim()) continue;
    const [from, to, extra] = part.split(/[-–]/);
    if (extra !== undefined) throw new UserOptionError(`--working-days: "${part.trim()}" is not a day or a run of days such as Mon-Fri`);
    const first = weekday(from!);
    const last = to === undefined ? first : weekday(to);
    for (let day = first, steps = 0; steps < 7; day = (day % 7) + 1, steps += 1) {
      days.add(day);
      if (day === last) break;
    }
  }
  if (days.size === 0) throw new UserOptionError('--working-days: at least one day, such as Mon-Fri');
  return [...days].sort((a, b) => a - b);
}

/** "09:00-17:00" → the day's start and end (checked as a calendar by updateUser). */
export function parseWorkingHours(text: string): { dayStart: string; dayEnd: string } {
  const match = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(text);
  if (!match) throw new UserOptionError(`--working-hours: expected a start and an end such as 09:00-17:00, got "${text}"`);
  const pad = (time: string) => time.padStart(5, '0');
  return { dayStart: pad(match[1]!), dayEnd: pad(match[2]!) };
}

function yesNo(name: string, text: string): boolean {
  const value = text.trim().toLowerCase();
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new UserOptionError(`--${name}: expected yes or no, got "${text}"`);
}

const person = (text: string): string | null => (text.trim().toLowerCase() === 'none' ? null : text.trim());

/** "US", "de-by", "GB-SCT" → the region as date-holidays spells it; "none" → null (no public holidays). */
export function parseHolidayRegion(text: string): string | null {
  if (text.trim().toLowerCase() === 'none') return null;
  const check = checkHolidayRegion(text);
  if ('problem' in check) throw new UserOptionError(`--holidays: ${check.problem} (none for no public holidays)`);
  return check.region;
}

export interface TUserSetOptions {
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
  };
  if (Object.keys(changes).length === 0) {
    throw new UserOptionError('user set: nothing to change (--timezone, --working-days, --working-hours, --holidays, --manager, --backup, --active)');
  }
  return changes;
}
