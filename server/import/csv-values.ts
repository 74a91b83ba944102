import { ZCompany } from '../../shared/schemas';

// A CRM export's cells read as values: flags, head counts, web sites, enum names. Each
// returns null (or the text as words) when the cell says nothing it can read.

const TRUE_WORDS = new Set(['1', 'true', 'yes', 'y', 'x', 'checked', 'oui', 'ja', 'si', 'vrai', 'wahr']);
const FALSE_WORDS = new Set(['0', 'false', 'no', 'n', 'unchecked', 'non', 'nein', 'faux', 'falsch']);

export function parseFlag(text: string): boolean | null {
  const key = text.trim().toLowerCase();
  if (TRUE_WORDS.has(key)) return true;
  if (FALSE_WORDS.has(key)) return false;
  return null;
}

function plainNumber(text: string): number | null {
  const t = text.trim();
  // Thousands separators: 1,001 · 1.001 · 1 001 (narrow or plain space); decimals of zero allowed.
  if (/^\d{1,3}(?:[,.\s\u202f\u00a0]\d{3})+$/.test(t)) return Number(t.replace(/[^\d]/g, ''));
  if (/^\d+(?:[.,]0+)?$/.test(t)) return Number(t.replace(/[.,]0+$/, ''));
  return null;
}

/**
 * Employees as one number. An exact count stays as it is. A range — HubSpot's and
 * LinkedIn's company-size buckets, "51-200" — is read as its midpoint, rounded down
 * (51-200 → 125): the ICP compares one number against its bands, and the midpoint is the
 * least-biased guess. The lower bound would read every "1,001-5,000" company as inside a
 * 50–2,000 ICP although most of that bucket is above it. An open bucket ("10,001+") is its
 * lower bound: there is no midpoint to take.
 */
export function parseEmployees(text: string): number | null {
  const t = text.trim();
  const exact = plainNumber(t);
  if (exact !== null) return exact;
  const range = /^(.+?)\s*(?:-|–|—|to|à|bis)\s*(.+)$/i.exec(t);
  if (range) {
    const low = plainNumber(range[1]!);
    const high = plainNumber(range[2]!);
    if (low !== null && high !== null && low <= high) return Math.floor((low + high) / 2);
    return null;
  }
  const open = /^(.+?)\s*(?:\+|or more|and more|and above)$/i.exec(t) ?? /^(?:over|more than|>)\s*(.+)$/i.exec(t);
  if (open) return plainNumber(open[1]!);
  return null;
}

/** "https://www.Acme.com/about" → "acme.com"; null when it names no domain. */
export function domainFromWebsite(text: string): string | null {
  let t = text.trim().toLowerCase();
  if (!t) return null;
  if (!/^[a-z][a-z0-9+.-]*:\/\//.test(t)) t = `http://${t}`;
  let host: string;
  try {
    host = new URL(t).hostname;
  } catch {
    return null;
  }
  host = host.replace(/^www\d?\./, '').replace(/\.$/, '');
  return ZCompany.shape.domain.safeParse(host).success ? host : null;
}

/** COMPUTER_SOFTWARE → "Computer Software"; E_LEARNING → "E-Learning". */
export function enumToWords(value: string): string {
  const small = new Set(['and', 'of', 'or', 'the', 'for', 'in']);
  return value
    .toLowerCase()
    .replace(/^e_/, 'e-')
    .split('_')
    .filter(Boolean)
    .map((word, i) => (i > 0 && small.has(word) ? word : word.replace(/(^|-)([a-z])/g, (_m, sep: string, c: string) => sep + c.toUpperCase())))
    .join(' ');
}
