import type { TRouting } from '../../../shared/routing';

// The demo sales team: who, where, their calendars and how each works the queue.

export const DEMO_EMAIL_DOMAIN = 'handshake-demo.test';
export const teamEmail = (local: string) => `${local}@${DEMO_EMAIL_DOMAIN}`;

export type THolidayCountry = 'FR' | 'GB' | 'US' | 'AU';

/** How a rep works their queue: the demo's per-rep stats tell a story (Inès is fast, Marcus drops feedback). */
export interface TRepHabits {
  /** Business-time delay to the first touch: ≤5 min, ≤1 h, ≤4 h, ≤1 business day, later, never. */
  firstTouch: readonly [number, number, number, number, number, number];
  /** Rejects some leads without ever contacting them. */
  rejectWithoutContact: number;
  /** Never records a decision on some leads they worked. */
  undecided: number;
  /** Added to the source's acceptance probability. */
  acceptBias: number;
}

export interface TTeamMember {
  email: string;
  name: string;
  role: 'rep' | 'manager' | 'admin';
  team: 'sales' | 'marketing' | 'revops';
  timeZone: string;
  country: THolidayCountry;
  backupEmail?: string;
  managerEmail?: string;
  habits?: TRepHabits;
  /** The countries they cover (the same split as the CRM's account owners, people.ts `territoryOwner`). */
  territories?: string[];
}

export const SALES_MANAGER = teamEmail('caroline.hughes');

/** Created in this order: addUser needs a rep's backup and manager to exist first. */
export const DEMO_TEAM: readonly TTeamMember[] = [
  { email: SALES_MANAGER, name: 'Caroline Hughes', role: 'manager', team: 'sales', timeZone: 'Europe/London', country: 'GB' },
  { email: teamEmail('julien.garnier'), name: 'Julien Garnier', role: 'manager', team: 'marketing', timeZone: 'Europe/Paris', country: 'FR' },
  { email: teamEmail('sam.okafor'), name: 'Sam Okafor', role: 'admin', team: 'revops', timeZone: 'America/New_York', country: 'US' },
  {
    email: teamEmail('ines.moreau'),
    name: 'Inès Moreau',
    role: 'rep',
    team: 'sales',
    timeZone: 'Europe/Paris',
    country: 'FR',
    // backup: Tom Harrington, set once he exists (see the header note)
    managerEmail: SALES_MANAGER,
    territories: ['FR', 'BE', 'CH', 'ES', 'IT'],
    habits: { firstTouch: [0.3, 0.34, 0.22, 0.1, 0.03, 0.01], rejectWithoutContact: 0.02, undecided: 0.01, acceptBias: 0.03 },
  },
  {
    email: teamEmail('tom.harrington'),
    name: 'Tom Harrington',
    role: 'rep',
    team: 'sales',
    timeZone: 'Europe/London',
    country: 'GB',
    backupEmail: teamEmail('ines.moreau'),
    managerEmail: SALES_MANAGER,
    territories: ['GB', 'IE', 'NL', 'DE', 'AT', 'SE', 'DK', 'NO', 'FI'],
    habits: { firstTouch: [0.14, 0.32, 0.3, 0.16, 0.06, 0.02], rejectWithoutContact: 0.04, undecided: 0.03, acceptBias: 0 },
  },
  {
    email: teamEmail('dan.whitaker'),
    name: 'Dan Whitaker',
    role: 'rep',
    team: 'sales',
    timeZone: 'America/New_York',
    country: 'US',
    backupEmail: teamEmail('tom.harrington'),
    managerEmail: SALES_MANAGER,
    territories: ['US', 'CA'],
    habits: { firstTouch: [0.1, 0.26, 0.32, 0.2, 0.09, 0.03], rejectWithoutContact: 0.05, undecided: 0.03, acceptBias: -0.02 },
  },
  {
    email: teamEmail('priya.shah'),
    name: 'Priya Shah',
    role: 'rep',
    team: 'sales',
    timeZone: 'America/Chicago',
    country: 'US',
    backupEmail: teamEmail('dan.whitaker'),
    managerEmail: SALES_MANAGER,
    territories: ['US', 'CA'],
    habits: { firstTouch: [0.22, 0.34, 0.26, 0.12, 0.05, 0.01], rejectWithoutContact: 0.03, undecided: 0.02, acceptBias: 0.04 },
  },
  {
    email: teamEmail('marcus.bell'),
    name: 'Marcus Bell',
    role: 'rep',
    team: 'sales',
    timeZone: 'America/New_York',
    country: 'US',
    backupEmail: teamEmail('priya.shah'),
    managerEmail: SALES_MANAGER,
    territories: ['US', 'CA'],
    habits: { firstTouch: [0.04, 0.14, 0.3, 0.28, 0.17, 0.07], rejectWithoutContact: 0.16, undecided: 0.1, acceptBias: -0.1 },
  },
  {
    email: teamEmail('lachlan.reid'),
    name: 'Lachlan Reid',
    role: 'rep',
    team: 'sales',
    timeZone: 'Australia/Sydney',
    country: 'AU',
    backupEmail: teamEmail('marcus.bell'),
    managerEmail: SALES_MANAGER,
    territories: ['AU', 'NZ'],
    habits: { firstTouch: [0.08, 0.2, 0.32, 0.25, 0.11, 0.04], rejectWithoutContact: 0.05, undecided: 0.04, acceptBias: 0 },
  },
];

/** The first rep, whose backup (Tom, a time zone away) is set once he exists. */
export const RING_START = teamEmail('ines.moreau');
export const RING_START_BACKUP = teamEmail('tom.harrington');

export function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  // weekday: 0 = Sunday; n ≥ 1 counts from the month's start, n = -1 is the last one.
  if (n > 0) {
    const first = new Date(Date.UTC(year, month - 1, 1)).getUTCDay();
    const day = 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
    return isoDate(year, month, day);
  }
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const last = new Date(Date.UTC(year, month - 1, lastDay)).getUTCDay();
  return isoDate(year, month, lastDay - ((last - weekday + 7) % 7));
}

export function isoDate(year: number, month: number, day: number): string {
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A few public holidays of the rep's country (fixed dates and the usual Monday/Thursday ones), around `year`. */
export function demoHolidays(country: THolidayCountry, year: number): string[] {
  const days: string[] = [];
  for (const y of [year - 1, year, year + 1]) {
    const fixed: Record<THolidayCountry, [number, number][]> = {
      FR: [[1, 1], [5, 1], [5, 8], [7, 14], [8, 15], [11, 1], [11, 11], [12, 25]],
      GB: [[1, 1], [12, 25], [12, 26]],
      US: [[1, 1], [6, 19], [7, 4], [12, 25]],
      AU: [[1, 1], [1, 26], [4, 25], [12, 25], [12, 26]],
    };
    days.push(...fixed[country].map(([m, d]) => isoDate(y, m, d)));
    if (country === 'GB') days.push(nthWeekday(y, 5, 1, 1), nthWeekday(y, 5, 1, -1), nthWeekday(y, 8, 1, -1));
    if (country === 'US') {
      const thanksgiving = nthWeekday(y, 11, 4, 4);
      days.push(nthWeekday(y, 5, 1, -1), nthWeekday(y, 9, 1, 1), thanksgiving, isoDate(y, 11, Number(thanksgiving.slice(8)) + 1));
    }
    if (country === 'AU') days.push(nthWeekday(y, 10, 1, 1), nthWeekday(y, 6, 1, 2));
  }
  return days.sort();
}

/**
 * The routing the demo team signed: the CRM's owner first (most accounts have one), then the
 * rep whose territory the lead's country is, then anyone. Priya is away this week.
 */
export const DEMO_ROUTING: TRouting = {
  crmOwner: 'when_available',
  accountOwner: true,
  accountOwnerDays: 90,
  highTierWorkingNow: false,
  rules: [{ name: 'Territory', when: {}, pool: { kind: 'territory' } }],
  fallback: { kind: 'everyone' },
};
export const AWAY_THIS_WEEK = teamEmail('priya.shah');
