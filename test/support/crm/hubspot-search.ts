import { OBJECT_TYPES, objectTypeFrom, type HubSpotObjectType } from './hubspot-object-types';
import { associationsOf, type PortalData, type StoredRecord } from './hubspot-portal';
import type { HubSpotPropertyDefinition } from './hubspot-properties';

// POST /crm/v3/objects/{type}/search as HubSpot's CRM search guide describes it: filterGroups ORed,
// their filters ANDed (at most 5 groups, 6 filters each, 18 in all), one sort, oldest-created first
// without one, pages of at most 200, `after` an integer offset, and no page past 10,000 results.
// Values compare case-insensitively except enumerations; date properties compare as ms timestamps.

export const SEARCH_RESULT_CAP = 10_000;
const MAX_LIMIT = 200;
const OPERATORS = ['EQ', 'NEQ', 'LT', 'LTE', 'GT', 'GTE', 'BETWEEN', 'IN', 'NOT_IN', 'HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'CONTAINS_TOKEN', 'NOT_CONTAINS_TOKEN'] as const;
type Operator = (typeof OPERATORS)[number];

interface Filter {
  propertyName: string;
  operator: Operator;
  value?: string;
  highValue?: string;
  values?: string[];
  /** CONTAINS_TOKEN's value as a pattern, `*` the wildcard. */
  token?: RegExp;
}

export type SearchOutcome = { problem: string } | { total: number; page: StoredRecord[]; nextAfter?: string; properties?: string[] };

type Comparable = string | number;

const ID_DEFINITION = { type: 'number' } as HubSpotPropertyDefinition;

function comparable(definition: HubSpotPropertyDefinition | undefined, value: string): Comparable {
  switch (definition?.type) {
    case 'number':
      return Number(value);
    case 'date':
    case 'datetime':
      return /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
    case 'enumeration':
      return value;
    default:
      return value.toLowerCase();
  }
}

function tokens(value: string): string[] {
  return [value, ...value.split(/\s+/), ...value.split(/[^\p{L}\p{N}]+/u)].map((token) => token.toLowerCase()).filter(Boolean);
}

function tokenPattern(wanted: string): RegExp {
  return new RegExp(`^${wanted.toLowerCase().split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 'u');
}

function containsToken(stored: string, filter: Filter): boolean {
  const wanted = filter.value ?? '';
  const pattern = filter.token ?? tokenPattern(wanted);
  const candidates = tokens(stored);
  if (candidates.some((token) => pattern.test(token))) return true;
  const words = wanted.toLowerCase().split(/\s+/).filter(Boolean);
  return !wanted.includes('*') && words.length > 1 && words.every((word) => candidates.includes(word));
}

function compare(a: Comparable, b: Comparable): number {
  return typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

function matchesValue(filter: Filter, definition: HubSpotPropertyDefinition | undefined, stored: string | undefined): boolean {
  const has = stored !== undefined && stored !== '';
  switch (filter.operator) {
    case 'HAS_PROPERTY':
      return has;
    case 'NOT_HAS_PROPERTY':
      return !has;
    case 'NEQ':
      return !has || compare(comparable(definition, stored), comparable(definition, filter.value ?? '')) !== 0;
    case 'NOT_IN':
      return !has || !matchesValue({ ...filter, operator: 'IN' }, definition, stored);
    case 'NOT_CONTAINS_TOKEN':
      return !has || !containsToken(stored, filter);
    default:
      break;
  }
  if (!has) return false;
  const mine = comparable(definition, stored);
  const theirs = comparable(definition, filter.value ?? '');
  switch (filter.operator) {
    case 'EQ':
      return compare(mine, theirs) === 0;
    case 'LT':
      return compare(mine, theirs) < 0;
    case 'LTE':
      return compare(mine, theirs) <= 0;
    case 'GT':
      return compare(mine, theirs) > 0;
    case 'GTE':
      return compare(mine, theirs) >= 0;
    case 'BETWEEN':
      return compare(mine, theirs) >= 0 && compare(mine, comparable(definition, filter.highValue ?? '')) <= 0;
    case 'IN':
      // As documented: string values in IN must be given lowercase; enumerations match exactly.
      return (filter.values ?? []).some((value) => compare(mine, definition?.type === 'string' || !definition ? value : comparable(definition, value)) === 0);
    case 'CONTAINS_TOKEN':
      return containsToken(stored, filter);
    default:
      return false;
  }
}

function matches(data: PortalData, record: StoredRecord, filter: Filter): boolean {
  if (filter.propertyName.startsWith('associations.')) {
    const toType = objectTypeFrom(filter.propertyName.slice('associations.'.length))!;
    const ids = associationsOf(data, record.type, record.id, toType).map((link) => link.toId);
    const probe = (id: string) => matchesValue(filter, ID_DEFINITION, id);
    if (filter.operator === 'NOT_HAS_PROPERTY') return ids.length === 0;
    if (['NEQ', 'NOT_IN'].includes(filter.operator)) return ids.every((id) => probe(id));
    return ids.some((id) => probe(id));
  }
  return matchesValue(filter, data.properties[record.type].get(filter.propertyName), record.properties[filter.propertyName]);
}

function readFilters(data: PortalData, type: HubSpotObjectType, groups: unknown): Filter[][] | string {
  if (groups === undefined) return [];
  if (!Array.isArray(groups)) return 'filterGroups must be an array';
  if (groups.length > 5) return `Too many filter groups: ${groups.length}. The maximum is 5.`;
  const read: Filter[][] = [];
  for (const group of groups as { filters?: unknown }[]) {
    const filters = Array.isArray(group?.filters) ? (group.filters as Filter[]) : [];
    if (filters.length > 6) return `Too many filters in a filter group: ${filters.length}. The maximum is 6.`;
    for (const filter of filters) {
      if (!OPERATORS.includes(filter.operator)) return `Unknown filter operator: ${String(filter.operator)}`;
      const name = String(filter.propertyName ?? '');
      const association = name.startsWith('associations.') ? objectTypeFrom(name.slice('associations.'.length)) : undefined;
      if (!association && !data.properties[type].has(name)) return `The property ${name} does not exist on ${OBJECT_TYPES[type].singular} objects`;
      const needsValue = !['HAS_PROPERTY', 'NOT_HAS_PROPERTY', 'IN', 'NOT_IN'].includes(filter.operator);
      if (needsValue && filter.value === undefined) return `Filter on ${name} with operator ${filter.operator} needs a value`;
      if (filter.operator === 'BETWEEN' && filter.highValue === undefined) return `Filter on ${name} with operator BETWEEN needs a highValue`;
      if (['IN', 'NOT_IN'].includes(filter.operator) && !Array.isArray(filter.values)) return `Filter on ${name} with operator ${filter.operator} needs values`;
    }
    read.push(
      filters.map((filter) => {
        const value = filter.value === undefined ? undefined : String(filter.value);
        const token = value !== undefined && filter.operator.endsWith('CONTAINS_TOKEN') ? tokenPattern(value) : undefined;
        return { ...filter, value, token, highValue: filter.highValue === undefined ? undefined : String(filter.highValue) };
      }),
    );
  }
  const total = read.reduce((sum, filters) => sum + filters.length, 0);
  if (total > 18) return `Too many filters: ${total}. The maximum is 18.`;
  return read;
}

function readSort(sorts: unknown): { propertyName: string; descending: boolean } | undefined {
  if (!Array.isArray(sorts) || sorts.length === 0) return undefined;
  const first = sorts[0] as string | { propertyName?: string; direction?: string };
  if (typeof first === 'string') return first.startsWith('-') ? { propertyName: first.slice(1), descending: true } : { propertyName: first, descending: false };
  return { propertyName: String(first.propertyName ?? ''), descending: first.direction === 'DESCENDING' };
}

function queryMatches(record: StoredRecord, query: string): boolean {
  const wanted = query.toLowerCase();
  return OBJECT_TYPES[record.type].searchableProperties.some((name) => (record.properties[name] ?? '').toLowerCase().includes(wanted));
}

export function searchRecords(data: PortalData, type: HubSpotObjectType, request: Record<string, unknown>): SearchOutcome {
  const limit = request.limit === undefined ? 10 : Number(request.limit);
  if (!Number.isInteger(limit) || limit < 0) return { problem: `Invalid limit: ${JSON.stringify(request.limit)}` };
  if (limit > MAX_LIMIT) return { problem: `The maximum number of supported objects per page is ${MAX_LIMIT}; limit was ${limit}.` };
  const afterText = request.after === undefined || request.after === null || request.after === '' ? '0' : typeof request.after === 'string' ? request.after : JSON.stringify(request.after);
  if (!/^\d+$/.test(afterText)) return { problem: `after must be an integer, was ${afterText}` };
  const after = Number(afterText);
  if (after >= SEARCH_RESULT_CAP) return { problem: `The search endpoints are limited to ${SEARCH_RESULT_CAP.toLocaleString('en-US')} total results for any given query; after was ${after}.` };
  const query = typeof request.query === 'string' ? request.query : '';
  if (query.length > 3000) return { problem: 'A query can contain a maximum of 3,000 characters.' };
  const groups = readFilters(data, type, request.filterGroups);
  if (typeof groups === 'string') return { problem: groups };
  const sort = readSort(request.sorts);
  if (sort && !data.properties[type].has(sort.propertyName)) return { problem: `The property ${sort.propertyName} does not exist on ${OBJECT_TYPES[type].singular} objects` };

  const found = [...data.records[type].values()].filter(
    (record) => !record.archived && (!query || queryMatches(record, query)) && (groups.length === 0 || groups.some((filters) => filters.every((filter) => matches(data, record, filter)))),
  );
  const byId = (a: StoredRecord, b: StoredRecord) => Number(a.id) - Number(b.id);
  if (sort) {
    const definition = data.properties[type].get(sort.propertyName);
    const value = (record: StoredRecord) => record.properties[sort.propertyName] || undefined;
    found.sort((a, b) => {
      const [x, y] = [value(a), value(b)];
      if (x === undefined || y === undefined) return x === y ? byId(a, b) : x === undefined ? 1 : -1;
      const order = compare(comparable(definition, x), comparable(definition, y));
      return (sort.descending ? -order : order) || byId(a, b);
    });
  } else {
    found.sort((a, b) => a.createdAt - b.createdAt || byId(a, b));
  }
  const end = Math.min(after + limit, SEARCH_RESULT_CAP);
  const page = found.slice(after, end);
  const properties = Array.isArray(request.properties) && request.properties.length > 0 ? request.properties.map(String) : undefined;
  return { total: found.length, page, nextAfter: after + page.length < found.length && page.length > 0 ? String(after + page.length) : undefined, properties };
}
