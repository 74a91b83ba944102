import { foldText } from './text';

// CRMs store countries as codes ("FR"), English names ("France") or local names
// ("Deutschland"). The runtime's own region names (Intl.DisplayNames) resolve them, so no
// hand-kept country table is needed.

const NAME_LOCALES = ['en', 'fr', 'de', 'es', 'it', 'nl', 'pt'];
const ALIASES: Record<string, string> = {
  usa: 'US',
  'u s a': 'US',
  'u s': 'US',
  'united states of america': 'US',
  america: 'US',
  uk: 'GB',
  'u k': 'GB',
  'great britain': 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  holland: 'NL',
  'the netherlands': 'NL',
  uae: 'AE',
};

// Withdrawn codes (East Germany, USSR, Yugoslavia, …) and groupings the runtime still names;
// X* codes are private-use, except Kosovo's.
const NOT_COUNTRIES = new Set(['DD', 'SU', 'YU', 'CS', 'ZR', 'TP', 'BU', 'NT', 'YD', 'AN', 'FX', 'EU', 'EZ', 'UN', 'QO', 'ZZ']);

let namesToCodes: Map<string, string> | undefined;

function regionNames(): Map<string, string> {
  if (namesToCodes) return namesToCodes;
  namesToCodes = new Map(Object.entries(ALIASES));
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const codes = [...letters].flatMap((first) => [...letters].map((second) => first + second));
  for (const locale of NAME_LOCALES) {
    const display = new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' });
    for (const code of codes) {
      const name = (code.startsWith('X') && code !== 'XK') || NOT_COUNTRIES.has(code) ? undefined : display.of(code);
      const key = name && foldText(name);
      if (key && !namesToCodes.has(key)) namesToCodes.set(key, code);
    }
  }
  return namesToCodes;
}

let knownCodes: Set<string> | undefined;

function isCountryCode(code: string): boolean {
  knownCodes ??= new Set(regionNames().values());
  return knownCodes.has(code);
}

/** The ISO 3166-1 alpha-2 code for a country code or name, or null when it names no country. */
export function toCountryCode(country: string | undefined | null): string | null {
  if (!country) return null;
  const trimmed = country.trim();
  if (/^[A-Za-z]{2}$/.test(trimmed)) {
    const code = trimmed.toUpperCase();
    if (code === 'UK') return 'GB';
    return isCountryCode(code) ? code : null;
  }
  return regionNames().get(foldText(trimmed)) ?? null;
}

let englishNames: Intl.DisplayNames | undefined;
// Each code's name, read once: a look-up in Intl costs microseconds on every scored lead.
const namesByCode = new Map<string, string>();

export function countryName(code: string): string {
  const known = namesByCode.get(code);
  if (known !== undefined) return known;
  // Building an Intl.DisplayNames costs far more than a look-up: one for the process.
  englishNames ??= new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
  const name = englishNames.of(code) ?? code;
  // Codes come from toCountryCode (ISO 3166-1 only), so the map stays as small as that list.
  if (isCountryCode(code)) namesByCode.set(code, name);
  return name;
}
