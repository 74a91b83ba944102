import { DateTime } from 'luxon';

// A CRM export's dates: ISO-like, slash (month- or day-first) and dotted, with or without a
// time, read in the zone the export was made in (see csv.ts on how a file's order is chosen).

const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$/;
const DOT_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:[ ,]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const ISO_LIKE = /^\d{4}-\d{2}-\d{2}(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT))?$/i;

/** Whether the file's slash dates are day-first: some date has a first part above 12. */
export function detectDayFirst(values: Iterable<string>): boolean {
  let dayFirst = 0;
  let monthFirst = 0;
  for (const value of values) {
    const m = SLASH_DATE.exec(value.trim());
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirst += 1;
    else if (Number(m[2]) > 12) monthFirst += 1;
  }
  return dayFirst > monthFirst;
}

function fromParts(
  parts: { year: string; month: string; day: string; hour?: string; minute?: string; second?: string; meridiem?: string },
  zone: string,
): Date | null {
  let year = Number(parts.year);
  if (parts.year.length === 2) year += 2000;
  let hour = parts.hour === undefined ? 0 : Number(parts.hour);
  if (parts.meridiem) {
    if (hour < 1 || hour > 12) return null;
    const pm = parts.meridiem.toLowerCase() === 'pm';
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  const dt = DateTime.fromObject(
    { year, month: Number(parts.month), day: Number(parts.day), hour, minute: Number(parts.minute ?? 0), second: Number(parts.second ?? 0) },
    { zone },
  );
  return dt.isValid ? dt.toJSDate() : null;
}

/** A CRM date or date-time as an instant; wall-clock times are read in `zone`. Null when unreadable. */
export function parseCrmDate(text: string, zone: string, dayFirst: boolean): Date | null {
  const t = text.trim();
  if (!t) return null;
  if (/^\d{12,13}$/.test(t)) return new Date(Number(t)); // epoch milliseconds (API-style exports)
  if (ISO_LIKE.test(t)) {
    const iso = t.replace(' ', 'T').replace(/\s*(UTC|GMT)$/i, 'Z').replace(/\s+(?=[Z+-])/i, '');
    const dt = DateTime.fromISO(iso, { zone, setZone: true });
    return dt.isValid ? dt.toJSDate() : null;
  }
  const slash = SLASH_DATE.exec(t);
  if (slash) {
    const [, a, b, year, hour, minute, second, meridiem] = slash;
    const [day, month] = dayFirst ? [a!, b!] : [b!, a!];
    return fromParts({ year: year!, month, day, hour, minute, second, meridiem }, zone);
  }
  const dot = DOT_DATE.exec(t);
  if (dot) {
    const [, day, month, year, hour, minute, second] = dot;
    return fromParts({ year: year!, month: month!, day: day!, hour, minute, second }, zone);
  }
  return null;
}
