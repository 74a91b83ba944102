import { z } from 'zod';
import { toCountryCode } from '../../shared/country';
import { isCalendarDate } from '../../shared/out-of-office';
import { invalid } from '../errors';

// What routing reads of a person, as an admin sets it (`user add|set`, people.add|update):
// their periods out of office, how many open handovers routing may give them, their share
// of a pool's rotation and the countries they cover. Checked here once for every way in.

export const MAX_OUT_OF_OFFICE_PERIODS = 50;
export const MAX_CAPACITY = 10_000;
export const MAX_WEIGHT = 100;

const ZDay = z
  .string()
  .trim()
  .refine(isCalendarDate, 'expected a real date as YYYY-MM-DD');

const ZPeriod = z.object({ from: ZDay, to: ZDay }).refine((period) => period.from <= period.to, {
  message: 'the last day comes before the first',
  path: ['to'],
});

/** Periods away, local dates in the person's zone with both days included; kept in order, each once. */
export const ZOutOfOffice = z
  .array(ZPeriod)
  .max(MAX_OUT_OF_OFFICE_PERIODS, `at most ${MAX_OUT_OF_OFFICE_PERIODS} periods`)
  .transform((periods) => {
    const unique = new Map(periods.map((period) => [`${period.from}..${period.to}`, { from: period.from, to: period.to }]));
    return [...unique.values()].sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  });

const wholeNumberIn = (min: number, max: number, what: string) =>
  z.number().refine((n) => Number.isInteger(n) && n >= min && n <= max, `expected ${what}: a whole number from ${min} to ${max.toLocaleString('en-US')}`);

/** The most open handovers routing gives them; null for no limit. */
export const ZCapacity = wholeNumberIn(1, MAX_CAPACITY, 'the most open handovers routing gives them').nullable();

/** Their share of a pool's rotation against the others' (1 each by default). */
export const ZWeight = wholeNumberIn(1, MAX_WEIGHT, 'their share of the rotation');

/** Countries as ISO 3166-1 alpha-2 codes (a code in any case or a country's name is read as its code), each once. */
export const ZTerritories = z
  .array(z.string().trim().min(1, 'a country is empty').max(60))
  .max(300)
  .transform((countries, ctx) => {
    const codes: string[] = [];
    countries.forEach((country, index) => {
      const code = toCountryCode(country);
      if (code === null) ctx.addIssue({ code: 'custom', path: [index], message: `"${country}" is not a country: expected an ISO 3166-1 alpha-2 code such as US or DE` });
      else if (!codes.includes(code)) codes.push(code);
    });
    return codes;
  });

const ZAvailability = z.object({ outOfOffice: ZOutOfOffice, capacity: ZCapacity, weight: ZWeight, territories: ZTerritories }).partial();
export type TAvailabilityInput = z.input<typeof ZAvailability>;
export type TAvailability = z.output<typeof ZAvailability>;

/** The routing settings among `changes` (other fields ignored), checked and normalised; the first refused names its field. */
export function availabilityChanges(changes: TAvailabilityInput): TAvailability {
  const parsed = ZAvailability.safeParse({ outOfOffice: changes.outOfOffice, capacity: changes.capacity, weight: changes.weight, territories: changes.territories });
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw invalid(issue.path.join('.'), issue.message);
  }
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
}
