import type { Hono } from 'hono';
import { guarded, jsonObject, recordJson, type DataApi, type DataEnv } from './salesforce-http';
import { formatDateTime, matchKey, parseDateTime, SalesforceError } from './salesforce-values';

// One record at a time: sObject Rows (GET, PATCH, DELETE by id), create, sObject Rows by
// External ID (GET and upsert by PATCH), and the replication resources Get Updated and
// Get Deleted over a start..end span.

const MINUTE_MS = 60_000;

/** The start..end span of a replication call, in whole minutes as Salesforce takes it. */
function replicationSpan(start: string | undefined, end: string | undefined): [number, number] {
  const from = start === undefined ? undefined : parseDateTime(start);
  const to = end === undefined ? undefined : parseDateTime(end);
  if (from === undefined || to === undefined) throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'start and end must be datetimes such as 2024-01-15T10:00:00+00:00');
  const [first, last] = [Math.floor(from / MINUTE_MS) * MINUTE_MS, Math.floor(to / MINUTE_MS) * MINUTE_MS];
  if (last - first < MINUTE_MS) throw new SalesforceError(400, 'INVALID_REPLICATION_DATE', 'startDate must chronologically precede endDate by more than one minute');
  return [first, last];
}

export function recordRoutes(versioned: Hono<DataEnv>, api: DataApi): void {
  const { org } = api;
  const as = (userId: string) => ({ userId });

  versioned.get(
    '/sobjects/:type/updated',
    guarded((c) => {
      const def = org.requireObject(c.req.param('type') ?? '');
      const [start, end] = replicationSpan(c.req.query('start'), c.req.query('end'));
      const ids = org
        .rows(def.name)
        .filter((r) => r.deletedAt === undefined && (r.values.SystemModstamp as number) >= start && (r.values.SystemModstamp as number) < end)
        .map((r) => r.id);
      return c.json({ ids, latestDateCovered: formatDateTime(Math.min(end, Math.floor(org.now() / MINUTE_MS) * MINUTE_MS)) });
    }),
  );

  versioned.get(
    '/sobjects/:type/deleted',
    guarded((c) => {
      const def = org.requireObject(c.req.param('type') ?? '');
      const [start, end] = replicationSpan(c.req.query('start'), c.req.query('end'));
      const deleted = org.rows(def.name).filter((r) => r.deletedAt !== undefined);
      const earliest = Math.min(start, ...deleted.map((r) => r.deletedAt ?? start));
      return c.json({
        deletedRecords: deleted.filter((r) => (r.deletedAt ?? 0) >= start && (r.deletedAt ?? 0) < end).map((r) => ({ id: r.id, deletedDate: formatDateTime(r.deletedAt ?? 0) })),
        earliestDateAvailable: formatDateTime(earliest),
        latestDateCovered: formatDateTime(Math.min(end, Math.floor(org.now() / MINUTE_MS) * MINUTE_MS)),
      });
    }),
  );

  versioned.post(
    '/sobjects/:type',
    guarded(async (c) => {
      const record = org.insert(c.req.param('type') ?? '', await jsonObject(c), as(c.get('userId')));
      c.header('Location', `/services/data/v${c.get('version')}/sobjects/${record.type}/${record.id}`);
      return c.json({ id: record.id, success: true, errors: [] }, 201);
    }),
  );

  versioned.get(
    '/sobjects/:type/:id',
    guarded((c) => {
      const def = org.requireObject(c.req.param('type') ?? '');
      const record = org.live(def, c.req.param('id') ?? '');
      const fields = c.req.query('fields')?.split(',').map((f) => f.trim()).filter(Boolean);
      return c.json(recordJson(api, c.get('version'), record, fields));
    }),
  );

  versioned.patch(
    '/sobjects/:type/:id',
    guarded(async (c) => {
      org.update(c.req.param('type') ?? '', c.req.param('id') ?? '', await jsonObject(c), as(c.get('userId')));
      return c.body(null, 204);
    }),
  );

  versioned.delete(
    '/sobjects/:type/:id',
    guarded((c) => {
      org.delete(c.req.param('type') ?? '', c.req.param('id') ?? '');
      return c.body(null, 204);
    }),
  );

  versioned.get(
    '/sobjects/:type/:field/:value',
    guarded((c) => {
      const def = org.requireObject(c.req.param('type') ?? '');
      const field = org.schema.field(def.name, c.req.param('field') ?? '');
      if (!field?.externalId && field?.name !== 'Id') throw new SalesforceError(404, 'NOT_FOUND', `Provided external ID field does not exist or is not accessible: ${c.req.param('field')}`);
      const value = (c.req.param('value') ?? '').toLowerCase();
      const matches = org.rows(def.name).filter((r) => r.deletedAt === undefined && matchKey(r.values[field.name]) === value);
      const [match, another] = matches;
      if (!match) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
      if (another) return c.json(matches.map((r) => `/services/data/v${c.get('version')}/sobjects/${r.type}/${r.id}`), 300);
      return c.json(recordJson(api, c.get('version'), match));
    }),
  );

  versioned.patch(
    '/sobjects/:type/:field/:value',
    guarded(async (c) => {
      const body = await jsonObject(c);
      const { record, created } = org.transaction(() => org.upsert(c.req.param('type') ?? '', c.req.param('field') ?? '', c.req.param('value') ?? '', body, as(c.get('userId'))));
      const reportsCreated = Number(c.get('version')) >= 46;
      if (created) return c.json({ id: record.id, success: true, errors: [], ...(reportsCreated ? { created: true } : {}) }, 201);
      if (!reportsCreated) return c.body(null, 204);
      return c.json({ id: record.id, success: true, errors: [], created: false }, 200);
    }),
  );
}
