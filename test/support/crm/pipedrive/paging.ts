import { v1Invalid, v2Invalid } from './wire';

// Query parameters and paging, as the two API versions do them. v2 list endpoints take
// `limit` (100 by default, 500 at most) and an opaque `cursor` marking the first item of the
// next page, which comes back as `additional_data.next_cursor` (null on the last page); v1 takes
// `start` and `limit` and answers `additional_data.pagination`.

export type Query = (name: string) => string | undefined;
type SortValue = number | string;

export interface V2List {
  limit: number;
  sortBy: string;
  direction: 'asc' | 'desc';
  cursor: { value: SortValue; id: number } | undefined;
  updatedSince: number | undefined;
  updatedUntil: number | undefined;
  ids: Set<number> | undefined;
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function v2Instant(query: Query, name: string): number | undefined {
  const value = query(name);
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (!RFC3339.test(value) || Number.isNaN(ms)) throw v2Invalid(name, `'${value}' is not a valid datetime (RFC 3339, e.g. 2025-01-01T10:20:00Z)`);
  return ms;
}

export function v2Integer(query: Query, name: string): number | undefined {
  const value = query(name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw v2Invalid(name, `Expected 'number', got '${value}'`);
  return Number(value);
}

/** v2 takes booleans as true/false only (no 1/0). */
export function v2Boolean(query: Query, name: string): boolean | undefined {
  const value = query(name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false') throw v2Invalid(name, `Expected 'boolean', got '${value}'`);
  return value === 'true';
}

/** A comma-separated list, as `ids`, `include_fields` and `custom_fields` are sent. */
export function commaList(query: Query, name: string): string[] | undefined {
  const value = query(name);
  return value === undefined ? undefined : value.split(',').map((part) => part.trim()).filter(Boolean);
}

const encodeCursor = (key: { value: SortValue; id: number }, sortBy: string, direction: string) => Buffer.from(JSON.stringify({ s: sortBy, d: direction, v: key.value, id: key.id })).toString('base64url');

export function v2List(query: Query, sortFields: string[]): V2List {
  const limit = v2Integer(query, 'limit') ?? 100;
  if (limit < 1 || limit > 500) throw v2Invalid('limit', 'Must be between 1 and 500');
  const sortBy = query('sort_by') ?? 'id';
  if (!sortFields.includes(sortBy)) throw v2Invalid('sort_by', `Must be one of ${sortFields.join(', ')}`);
  const direction = query('sort_direction') ?? 'asc';
  if (direction !== 'asc' && direction !== 'desc') throw v2Invalid('sort_direction', 'Must be one of asc, desc');
  const ids = commaList(query, 'ids');
  if (ids && (ids.length > 100 || ids.some((id) => !/^\d+$/.test(id)))) throw v2Invalid('ids', 'Expected up to 100 comma separated numbers');
  let cursor: V2List['cursor'];
  const rawCursor = query('cursor');
  if (rawCursor !== undefined) {
    try {
      const decoded = JSON.parse(Buffer.from(rawCursor, 'base64url').toString()) as { s?: unknown; d?: unknown; v?: unknown; id?: unknown };
      if (decoded.s !== sortBy || decoded.d !== direction || typeof decoded.id !== 'number' || (typeof decoded.v !== 'number' && typeof decoded.v !== 'string')) throw new Error('mismatch');
      cursor = { value: decoded.v, id: decoded.id };
    } catch {
      throw v2Invalid('cursor', 'Invalid cursor');
    }
  }
  return {
    limit,
    sortBy,
    direction,
    cursor,
    updatedSince: v2Instant(query, 'updated_since'),
    updatedUntil: v2Instant(query, 'updated_until'),
    ids: ids ? new Set(ids.map(Number)) : undefined,
  };
}

/** updated_since is inclusive, updated_until exclusive; ids keeps only those asked for. */
export function v2Filter<T extends { id: number; updateTime: number }>(items: T[], list: V2List): T[] {
  return items.filter(
    (item) =>
      (list.updatedSince === undefined || item.updateTime >= list.updatedSince) &&
      (list.updatedUntil === undefined || item.updateTime < list.updatedUntil) &&
      (!list.ids || list.ids.has(item.id)),
  );
}

/** One page in the requested order, starting at the cursor's item, and the cursor of the next page. */
export function v2Page<T extends { id: number }>(items: T[], list: V2List, sortValue: (item: T, sortBy: string) => SortValue) {
  const sign = list.direction === 'asc' ? 1 : -1;
  const compare = (a: { value: SortValue; id: number }, b: { value: SortValue; id: number }) => sign * (a.value < b.value ? -1 : a.value > b.value ? 1 : a.id - b.id);
  const keyed = items.map((item) => ({ item, key: { value: sortValue(item, list.sortBy), id: item.id } })).sort((a, b) => compare(a.key, b.key));
  const from = list.cursor ? keyed.filter(({ key }) => compare(key, list.cursor!) >= 0) : keyed;
  const next = from[list.limit];
  return {
    page: from.slice(0, list.limit).map(({ item }) => item),
    nextCursor: next ? encodeCursor(next.key, list.sortBy, list.direction) : null,
  };
}

/** The sort values the v2 lists know, from a record's fields. */
export function sortValue(record: { id: number; addTime: number; updateTime: number; dueDate?: string | null }, sortBy: string): SortValue {
  if (sortBy === 'update_time') return record.updateTime;
  if (sortBy === 'add_time') return record.addTime;
  if (sortBy === 'due_date') return record.dueDate ?? '';
  return record.id;
}

export function v1Page<T>(items: T[], query: Query, defaultLimit = 100) {
  const start = Number(query('start') ?? 0);
  const limit = Number(query('limit') ?? defaultLimit);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(limit) || limit < 1 || limit > 500) throw v1Invalid('Invalid pagination parameters');
  const more = items.length > start + limit;
  return {
    page: items.slice(start, start + limit),
    pagination: { start, limit, more_items_in_collection: more, ...(more ? { next_start: start + limit } : {}) },
  };
}
