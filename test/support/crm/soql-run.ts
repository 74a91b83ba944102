import { normalizeId } from './salesforce-ids';
import { NAME_OBJECT, type FieldDef, type ObjectDef, type StoredRecord } from './salesforce-schema';
import { formatDate, outputValue } from './salesforce-values';
import { parseSoql, SoqlError, type SoqlCondition, type SoqlFieldRef, type SoqlLiteral, type SoqlQuery } from './soql';

// Runs a parsed SOQL query over the org's records: checks every field path against the
// schema (INVALID_FIELD with Salesforce's words), filters, sorts, and shapes the rows as the
// REST API answers them, relationship fields nested under their relationship name.

export interface SoqlCatalog {
  object(name: string): ObjectDef | undefined;
  /** Every record of an object, deleted ones included. */
  rows(objectName: string): Iterable<StoredRecord>;
  byId(id: string): StoredRecord | undefined;
  now(): number;
  /** The sobject URL a record's attributes carry. */
  recordUrl(type: string, id: string): string;
}

export interface SoqlResult {
  totalSize: number;
  records: Record<string, unknown>[];
}

/** A checked field path: the lookups to follow, then the field to read. */
interface ResolvedPath {
  lookups: FieldDef[];
  field: FieldDef;
  ref: SoqlFieldRef;
}

export function runSoql(text: string, catalog: SoqlCatalog, includeDeleted: boolean): SoqlResult {
  const query = parseSoql(text);
  const object = catalog.object(query.object);
  if (!object) {
    throw new SoqlError(
      'INVALID_TYPE',
      `sObject type '${query.object}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      text,
      query.objectAt,
    );
  }
  const resolve = (ref: SoqlFieldRef) => resolvePath(query, catalog, object, ref);
  const selected = dedupe(query.fields.map(resolve));
  const filter = query.where ? compileCondition(query, query.where, resolve, catalog) : () => true;
  const order = query.orderBy.map((o) => ({ ...o, path: resolve(o.field) }));

  let rows = [...catalog.rows(object.name)].filter((row) => (includeDeleted || row.deletedAt === undefined) && filter(row));
  if (order.length > 0) {
    rows.sort((a, b) => {
      for (const { path, descending, nullsLast } of order) {
        const left = readPath(catalog, a, path);
        const right = readPath(catalog, b, path);
        if (left === null || right === null) {
          if (left === right) continue;
          return (left === null) === nullsLast ? 1 : -1;
        }
        const compared = compareValues(left, right);
        if (compared !== 0) return descending ? -compared : compared;
      }
      return 0;
    });
  }
  rows = rows.slice(query.offset ?? 0, query.limit === undefined ? undefined : (query.offset ?? 0) + query.limit);
  if (query.count) return { totalSize: rows.length, records: [] };
  return { totalSize: rows.length, records: rows.map((row) => project(catalog, row, selected)) };
}

function invalidField(query: SoqlQuery, ref: SoqlFieldRef, detail: string): SoqlError {
  return new SoqlError('INVALID_FIELD', detail, query.text, ref.at);
}

function resolvePath(query: SoqlQuery, catalog: SoqlCatalog, root: ObjectDef, ref: SoqlFieldRef): ResolvedPath {
  let current = root;
  const lookups: FieldDef[] = [];
  const path = ref.path[0]?.toLowerCase() === root.name.toLowerCase() && ref.path.length > 1 ? ref.path.slice(1) : ref.path;
  for (const step of path.slice(0, -1)) {
    const lookup = current.fields.find((f) => f.relationshipName?.toLowerCase() === step.toLowerCase());
    const targets = lookup?.referenceTo ?? [];
    if (!lookup) {
      throw invalidField(
        query,
        ref,
        `Didn't understand relationship '${step}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    lookups.push(lookup);
    current = targets.length === 1 ? (catalog.object(targets[0] ?? '') ?? NAME_OBJECT) : NAME_OBJECT;
  }
  const name = path[path.length - 1] ?? '';
  const field = current.fields.find((f) => f.name.toLowerCase() === name.toLowerCase());
  if (!field) {
    throw invalidField(
      query,
      ref,
      `No such column '${name}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  return { lookups, field, ref };
}

function dedupe(paths: ResolvedPath[]): ResolvedPath[] {
  const seen = new Set<string>();
  return paths.filter((p) => {
    const key = [...p.lookups.map((l) => l.name), p.field.name].join('.');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const NAME_TYPE = NAME_OBJECT.fields.find((f) => f.name === 'Type');

function readField(record: StoredRecord, field: FieldDef): unknown {
  if (field === NAME_TYPE) return record.type;
  return record.values[field.name] ?? null;
}

function follow(catalog: SoqlCatalog, record: StoredRecord, lookups: FieldDef[]): StoredRecord | null {
  let current: StoredRecord = record;
  for (const lookup of lookups) {
    const id: unknown = current.values[lookup.name];
    const next = typeof id === 'string' ? catalog.byId(id) : undefined;
    if (!next) return null;
    current = next;
  }
  return current;
}

function readPath(catalog: SoqlCatalog, record: StoredRecord, path: ResolvedPath): unknown {
  const target = follow(catalog, record, path.lookups);
  return target ? readField(target, path.field) : null;
}

function project(catalog: SoqlCatalog, row: StoredRecord, selected: ResolvedPath[]): Record<string, unknown> {
  const shaped: Record<string, unknown> = { attributes: { type: row.type, url: catalog.recordUrl(row.type, row.id) } };
  for (const path of selected) {
    let holder = shaped;
    let record: StoredRecord | undefined = row;
    for (const lookup of path.lookups) {
      const key = lookup.relationshipName ?? lookup.name;
      const id: unknown = record.values[lookup.name];
      const target: StoredRecord | undefined = typeof id === 'string' ? catalog.byId(id) : undefined;
      if (!target) {
        if (!(key in holder)) holder[key] = null;
        record = undefined;
        break;
      }
      const existing = holder[key];
      const nested: Record<string, unknown> =
        existing && typeof existing === 'object' ? (existing as Record<string, unknown>) : { attributes: { type: target.type, url: catalog.recordUrl(target.type, target.id) } };
      holder[key] = nested;
      holder = nested;
      record = target;
    }
    if (record) holder[path.field.name] = outputValue(path.field, readField(record, path.field));
  }
  return shaped;
}

const DAY = 86_400_000;

/** The [start, end) span in ms a date keyword covers (UTC days). */
function keywordSpan(literal: Extract<SoqlLiteral, { kind: 'dateKeyword' }>, now: number): [number, number] {
  const today = Math.floor(now / DAY) * DAY;
  switch (literal.name) {
    case 'YESTERDAY':
      return [today - DAY, today];
    case 'TOMORROW':
      return [today + DAY, today + 2 * DAY];
    case 'LAST_N_DAYS':
      return [today - literal.n * DAY, today + DAY];
    case 'NEXT_N_DAYS':
      return [today + DAY, today + (literal.n + 1) * DAY];
    default:
      return [today, today + DAY];
  }
}

const TEXT_TYPES = new Set(['string', 'textarea', 'email', 'url', 'phone', 'combobox', 'picklist']);
const NUMBER_TYPES = new Set(['int', 'double', 'currency']);

/** The literal as the field's stored form, or a SoqlError worded as Salesforce words a mismatch. */
function literalFor(query: SoqlQuery, path: ResolvedPath, literal: SoqlLiteral, at: number, now: number): unknown {
  const { field } = path;
  const mismatch = (type: string, quoted: boolean) =>
    new SoqlError('INVALID_FIELD', `value of filter criterion for field '${field.name}' must be of type ${type} and should ${quoted ? '' : 'not '}be enclosed in quotes`, query.text, at);
  if (literal.kind === 'null') return null;
  if (field.type === 'id' || field.type === 'reference') {
    if (literal.kind !== 'string') throw mismatch('id', true);
    const id = normalizeId(literal.value);
    if (!id) throw new SoqlError('INVALID_QUERY_FILTER_OPERATOR', `invalid ID field: ${literal.value}`, query.text, at);
    return id.toLowerCase();
  }
  if (TEXT_TYPES.has(field.type)) {
    if (literal.kind !== 'string') throw mismatch('string', true);
    return literal.value;
  }
  if (NUMBER_TYPES.has(field.type)) {
    if (literal.kind !== 'number') throw mismatch('double', false);
    return literal.value;
  }
  if (field.type === 'boolean') {
    if (literal.kind !== 'boolean') throw mismatch('boolean', false);
    return literal.value;
  }
  if (field.type === 'datetime') {
    if (literal.kind === 'datetime') return literal.value;
    if (literal.kind === 'dateKeyword') return keywordSpan(literal, now);
    throw mismatch('dateTime', false);
  }
  if (literal.kind === 'date') return literal.value;
  if (literal.kind === 'dateKeyword') return keywordSpan(literal, now).map(formatDate);
  throw mismatch('date', false);
}

function compareValues(left: unknown, right: unknown): number {
  if (typeof left === 'string' && typeof right === 'string') {
    const a = left.toLowerCase();
    const b = right.toLowerCase();
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof left === 'boolean' || typeof right === 'boolean') return Number(left) - Number(right);
  return (left as number) < (right as number) ? -1 : (left as number) > (right as number) ? 1 : 0;
}

function likeMatcher(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern.charAt(i);
    if (char === '\\' && i + 1 < pattern.length) source += pattern.charAt(++i).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

type Test = (row: StoredRecord) => boolean;

function compileCondition(query: SoqlQuery, condition: SoqlCondition, resolve: (ref: SoqlFieldRef) => ResolvedPath, catalog: SoqlCatalog): Test {
  switch (condition.kind) {
    case 'and': {
      const parts = condition.parts.map((p) => compileCondition(query, p, resolve, catalog));
      return (row) => parts.every((test) => test(row));
    }
    case 'or': {
      const parts = condition.parts.map((p) => compileCondition(query, p, resolve, catalog));
      return (row) => parts.some((test) => test(row));
    }
    case 'not': {
      const inner = compileCondition(query, condition.inner, resolve, catalog);
      return (row) => !inner(row);
    }
    case 'in': {
      const path = resolve(condition.field);
      const wanted = condition.values.map((v) => literalFor(query, path, v, condition.valueAt, catalog.now()));
      const read = reader(catalog, path);
      return (row) => {
        const value = read(row);
        const found = wanted.some((w) => (w === null ? value === null : value !== null && compareValues(value, w) === 0));
        return condition.negated ? !found : found;
      };
    }
    case 'compare': {
      const path = resolve(condition.field);
      const wanted = literalFor(query, path, condition.value, condition.valueAt, catalog.now());
      const read = reader(catalog, path);
      const { op } = condition;
      if (op === 'LIKE') {
        const matcher = likeMatcher(typeof wanted === 'string' ? wanted : '');
        return (row) => {
          const value = read(row);
          return typeof value === 'string' && matcher.test(value);
        };
      }
      if (wanted === null) {
        if (op !== '=' && op !== '!=') throw new SoqlError('MALFORMED_QUERY', `invalid operator on null: ${op}`, query.text, condition.valueAt);
        return (row) => (read(row) === null) === (op === '=');
      }
      if (Array.isArray(wanted)) return spanTest(read, op, wanted as [unknown, unknown]);
      return (row) => {
        const value = read(row);
        if (value === null) return op === '!=';
        const compared = compareValues(value, wanted);
        return op === '=' ? compared === 0 : op === '!=' ? compared !== 0 : op === '<' ? compared < 0 : op === '<=' ? compared <= 0 : op === '>' ? compared > 0 : compared >= 0;
      };
    }
  }
}

/** Reads a path for comparing: ids lower-cased so 15- and 18-character forms meet. */
function reader(catalog: SoqlCatalog, path: ResolvedPath): (row: StoredRecord) => unknown {
  const isId = path.field.type === 'id' || path.field.type === 'reference';
  return (row) => {
    const value = readPath(catalog, row, path);
    return isId && typeof value === 'string' ? value.toLowerCase() : value;
  };
}

function spanTest(read: (row: StoredRecord) => unknown, op: string, [start, end]: [unknown, unknown]): Test {
  return (row) => {
    const value = read(row);
    if (value === null) return op === '!=';
    const inSpan = compareValues(value, start) >= 0 && compareValues(value, end) < 0;
    if (op === '=') return inSpan;
    if (op === '!=') return !inSpan;
    if (op === '<') return compareValues(value, start) < 0;
    if (op === '<=') return compareValues(value, end) < 0;
    if (op === '>') return compareValues(value, end) >= 0;
    return compareValues(value, start) >= 0;
  };
}
