import { normalizeId, objectOfId } from './salesforce-ids';
import type { FieldDef } from './salesforce-schema';

// Field values on their way in (JSON from a write, checked against the field's type as
// Salesforce checks them) and on their way out (datetimes as 2024-01-15T10:00:00.000+0000).

/** An error as the REST API words it: { message, errorCode, fields } with an HTTP status. */
export class SalesforceError extends Error {
  constructor(
    readonly status: number,
    readonly errorCode: string,
    message: string,
    readonly fields?: string[],
  ) {
    super(message);
  }
}

const fieldError = (errorCode: string, message: string, field: FieldDef) => new SalesforceError(400, errorCode, message, [field.name]);

/** How values are matched case-insensitively (external ids, unique fields). */
export function matchKey(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value).toLowerCase() : '';
}

/** The object without the keys named. */
export function without(values: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([key]) => !keys.includes(key)));
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Parses the datetime forms the API takes: ISO 8601 with Z, ±hh:mm or ±hhmm. */
export function parseDateTime(value: string): number | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(value);
  if (!match) return undefined;
  const zone = match[2] ?? 'Z';
  const offset = zone === 'Z' ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
  const ms = Date.parse(`${match[1]}${offset}`);
  return Number.isNaN(ms) ? undefined : ms;
}

export function isValidDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && formatDate(Date.parse(`${value}T00:00:00Z`)) === value;
}

/** The JSON a record's stored value is answered as. */
export function outputValue(field: FieldDef, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (field.type === 'datetime' && typeof value === 'number') return formatDateTime(value);
  return value;
}

const deserializeError = (field: FieldDef, javaType: string, raw: unknown) =>
  new SalesforceError(
    400,
    'JSON_PARSER_ERROR',
    `Cannot deserialize instance of ${javaType} from ${typeof raw === 'string' ? 'VALUE_STRING' : 'VALUE_TOKEN'} value ${String(raw)} or request may be missing a required field`,
    [field.name],
  );

function asText(field: FieldDef, raw: unknown): string {
  if (typeof raw === 'string') return raw;
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  throw deserializeError(field, 'string', JSON.stringify(raw));
}

/**
 * The value to store for a written one (null clears), or a SalesforceError worded as the
 * API words it. Lookups are only checked for shape here; the org checks they exist.
 */
export function coerceWrite(field: FieldDef, raw: unknown): unknown {
  if (raw === null || raw === '') {
    if (field.type === 'boolean') return false;
    return null;
  }
  switch (field.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      throw deserializeError(field, 'boolean', raw);
    case 'int':
    case 'double':
    case 'currency': {
      const number = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : Number.NaN;
      if (!Number.isFinite(number)) throw deserializeError(field, field.type === 'int' ? 'int' : 'double', raw);
      return field.type === 'int' ? Math.trunc(number) : number;
    }
    case 'datetime': {
      const ms = typeof raw === 'string' ? parseDateTime(raw) : undefined;
      if (ms === undefined) throw deserializeError(field, 'datetime', raw);
      return ms;
    }
    case 'date': {
      if (typeof raw !== 'string') throw deserializeError(field, 'date', raw);
      const day = raw.length > 10 && parseDateTime(raw) !== undefined ? raw.slice(0, 10) : raw;
      if (!isValidDate(day)) throw deserializeError(field, 'date', raw);
      return day;
    }
    case 'reference':
    case 'id': {
      const text = asText(field, raw);
      const id = normalizeId(text);
      const target = id && objectOfId(id);
      if (!id || !target || !(field.referenceTo ?? []).includes(target)) {
        throw fieldError('MALFORMED_ID', `${field.label}: id value of incorrect type: ${text}`, field);
      }
      return id;
    }
    default:
      return checkText(field, asText(field, raw));
  }
}

function checkText(field: FieldDef, value: string): string {
  if (field.length !== undefined && value.length > field.length) {
    throw fieldError('STRING_TOO_LONG', `${field.label}: data value too large: ${value} (max length=${field.length})`, field);
  }
  if (field.type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) {
    throw fieldError('INVALID_EMAIL_ADDRESS', `${field.label}: invalid email address: ${value}`, field);
  }
  if (field.type === 'picklist' && field.restrictedPicklist) {
    const known = (field.picklistValues ?? []).some((entry) => entry.active && entry.value === value);
    if (!known) throw fieldError('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `${field.label}: bad value for restricted picklist field: ${value}`, field);
  }
  return value;
}
