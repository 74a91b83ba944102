import type Holidays from 'date-holidays';
import type { HolidaysTypes } from 'date-holidays';
import { createRequire } from 'node:module';
import { BoundedCache } from '../../shared/bounded-cache';

// A user's public holidays from the country or region they work in (`US`, `DE-BY`, `GB-SCT`,
// `DE-BY-A` for a region within a state), as date-holidays knows them: the local dates their
// business calendar skips, without anyone typing them in.

let holidaysClass: typeof Holidays | undefined;
let directory: Holidays | undefined;

/**
 * date-holidays, loaded the first time a region is asked for: its data takes some 100 ms to
 * load, which a command or a server whose users have no holiday region never pays.
 */
function library(): typeof Holidays {
  holidaysClass ??= createRequire(import.meta.url)('date-holidays') as typeof Holidays;
  return holidaysClass;
}

/** The library's countries and regions. */
const known = (): Holidays => (directory ??= new (library())());

const REGION_FORMAT = /^[A-Za-z]{2}(-[A-Za-z0-9]+){0,2}$/;

/** The library's own spelling of `code` among `codes` (its keys), whatever the case it was typed in. */
function knownCode(codes: Record<string, string> | undefined, code: string): string | undefined {
  return Object.keys(codes ?? {}).find((key) => key.toUpperCase() === code.toUpperCase());
}

function codesOf(codes: Record<string, string>): string {
  return Object.keys(codes).sort().join(', ');
}

export type THolidayRegionCheck = { region: string } | { problem: string };

/**
 * `text` as a region date-holidays knows, spelt as it spells it (`de-by` → `DE-BY`), or why
 * it is not one: an unknown country, or a region the country does not have (with those it has).
 */
export function checkHolidayRegion(text: string): THolidayRegionCheck {
  const typed = text.trim();
  if (!REGION_FORMAT.test(typed)) return { problem: `expected a country code, optionally with a region, such as US, DE-BY or GB-SCT; got "${typed}"` };
  const [countryText, stateText, localText] = typed.split('-') as [string, string?, string?];
  const country = knownCode(known().getCountries('en'), countryText);
  if (!country) return { problem: `"${countryText}" is not a country with public holidays in date-holidays (ISO 3166 codes such as US, DE, GB, FR)` };
  if (stateText === undefined) return { region: country };
  const states = known().getStates(country, 'en') ?? {};
  const state = knownCode(states, stateText);
  if (!state) {
    return { problem: `${country} has no region "${stateText}"${Object.keys(states).length > 0 ? ` (its regions: ${codesOf(states)})` : ' in date-holidays: give the country alone'}` };
  }
  if (localText === undefined) return { region: `${country}-${state}` };
  const locals = known().getRegions(country, state, 'en') ?? {};
  const local = knownCode(locals, localText);
  if (!local) {
    return { problem: `${country}-${state} has no region "${localText}"${Object.keys(locals).length > 0 ? ` (its regions: ${codesOf(locals)})` : ' in date-holidays: give the country and region alone'}` };
  }
  return { region: `${country}-${state}-${local}` };
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/**
 * The local dates one public holiday covers. Most last a day; some several (Eid al-Fitr's
 * three days); a few begin at noon or later, and are left out: the calendar has whole days
 * only, and the morning is worked.
 */
function datesOf(holiday: HolidaysTypes.Holiday): string[] {
  const [date, time] = holiday.date.split(' ');
  if (time !== '00:00:00') return [];
  // An hour's grace either way: a holiday across a DST change lasts 23 or 25 hours a day.
  const days = Math.max(1, Math.floor((holiday.end.getTime() - holiday.start.getTime() + HOUR_MS) / DAY_MS));
  const firstMs = Date.parse(`${date!}T00:00:00Z`);
  return Array.from({ length: days }, (_, day) => new Date(firstMs + day * DAY_MS).toISOString().slice(0, 10));
}

function publicHolidayDatesUncached(region: string, fromYear: number, toYear: number): readonly string[] {
  const [country, state, local] = region.split('-') as [string, string?, string?];
  const Library = library();
  const holidays = local ? new Library(country, state!, local) : state ? new Library(country, state) : new Library(country);
  const dates = new Set<string>();
  for (let year = fromYear; year <= toYear; year += 1) {
    for (const holiday of holidays.getHolidays(year)) if (holiday.type === 'public') for (const date of datesOf(holiday)) dates.add(date);
  }
  return [...dates].sort();
}

// By region and years: every calendar of the reps in one region shares the one list.
const DATES = new BoundedCache<readonly string[]>(128);

/**
 * The local dates (YYYY-MM-DD, sorted, once each) of the public holidays of `region` (as
 * `checkHolidayRegion` returns it) in the years `fromYear` to `toYear`, both included.
 */
export function publicHolidayDates(region: string, fromYear: number, toYear: number): readonly string[] {
  const key = `${region} ${fromYear}-${toYear}`;
  return DATES.get(key) ?? DATES.set(key, publicHolidayDatesUncached(region, fromYear, toYear));
}
