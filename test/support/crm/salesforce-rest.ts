import { Hono, type Context } from 'hono';
import { compositeRoutes } from './salesforce-composite';
import { describeGlobal, describeObject, objectSummary } from './salesforce-describe';
import { guarded, recordUrl, type DataApi, type DataEnv } from './salesforce-http';
import { idMinter, KEY_PREFIXES } from './salesforce-ids';
import { recordRoutes } from './salesforce-records';
import { SalesforceError } from './salesforce-values';
import { runSoql } from './soql-run';

// The REST data API under /services/data: the versions, then per version the session check,
// the API request count and its Sforce-Limit-Info header, limits, describe, and SOQL query
// and queryAll with query locators for the batches after the first.

const QUERY_LOCATOR_IDLE_MS = 15 * 60 * 1000;

interface Cursor {
  records: Record<string, unknown>[];
  totalSize: number;
  batchSize: number;
  lastUsed: number;
}

/** "Winter '25" for 62.0: three releases a year, counted from there. */
function releaseLabel(version: number): string {
  const step = version - 62;
  const season = ['Winter', 'Spring', 'Summer'][((step % 3) + 3) % 3] ?? 'Winter';
  return `${season} '${25 + Math.floor(step / 3)}`;
}

export function dataRoutes(api: DataApi): Hono {
  const routes = new Hono();
  const newest = Number(api.apiVersion);
  const versions = Array.from({ length: newest - 30 }, (_, i) => (31 + i).toFixed(1));

  const list = (c: Context) => c.json(versions.map((v) => ({ label: releaseLabel(Number(v)), url: `/services/data/v${v}`, version: v })));
  routes.get('/services/data', list);
  routes.get('/services/data/', list);

  const versioned = new Hono<DataEnv>();
  versioned.use('*', async (c, next) => {
    c.header('Sforce-Limit-Info', api.usage.header());
    const version = /^v(\d+\.\d)$/.exec(c.req.param('version') ?? '')?.[1];
    if (!version || !versions.includes(version)) return c.json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], 404);
    c.set('version', version);
    const token = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const userId = token ? api.auth.userFor(token) : undefined;
    if (!userId) return c.json([{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }], 401);
    c.set('userId', userId);
    if (api.usage.used() >= api.usage.max) {
      return c.json([{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }], 403);
    }
    api.usage.count();
    await next();
    c.header('Sforce-Limit-Info', api.usage.header());
  });

  const resources = (c: Context<DataEnv>) => {
    const base = `/services/data/v${c.get('version')}`;
    const names = ['sobjects', 'query', 'queryAll', 'limits', 'composite', 'search', 'recent', 'tooling'];
    return c.json(Object.fromEntries(names.map((name) => [name, `${base}/${name}`])));
  };
  versioned.get('/', resources);
  // The same list with a trailing slash (/services/data/v62.0/).
  versioned.get('*', (c, next) => (/^\/services\/data\/v[\d.]+\/$/.test(c.req.path) ? resources(c) : next()));

  versioned.get('/limits', (c) => {
    const used = api.usage.used();
    return c.json({
      DailyApiRequests: { Max: api.usage.max, Remaining: Math.max(0, api.usage.max - used) },
      DailyBulkV2QueryJobs: { Max: 10000, Remaining: 10000 },
      DataStorageMB: { Max: 1024, Remaining: 1000 },
      FileStorageMB: { Max: 1024, Remaining: 1024 },
    });
  });

  versioned.get('/sobjects', (c) => c.json(describeGlobal(api.org.schema.all(), c.get('version'))));
  versioned.get(
    '/sobjects/:type/describe',
    guarded((c) => c.json(describeObject(api.org.requireObject(c.req.param('type') ?? ''), c.get('version')))),
  );
  versioned.get(
    '/sobjects/:type',
    guarded((c) => c.json(objectSummary(api.org.requireObject(c.req.param('type') ?? ''), c.get('version')))),
  );

  queryRoutes(versioned, api);
  recordRoutes(versioned, api);
  compositeRoutes(versioned, api);
  versioned.all('*', (c) => c.json([{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }], 404));
  routes.route('/services/data/:version', versioned);
  return routes;
}

function queryRoutes(versioned: Hono<DataEnv>, api: DataApi): void {
  const cursors = new Map<string, Cursor>();
  const mintLocator = idMinter(KEY_PREFIXES.QueryLocator ?? '01g', 0x7e11);

  const page = (c: Context<DataEnv>, locator: string, cursor: Cursor, from: number) => {
    const batchSize = requestedBatchSize(c.req.header('sforce-query-options')) ?? cursor.batchSize;
    const records = cursor.records.slice(from, from + batchSize);
    const next = from + records.length;
    const done = next >= cursor.records.length;
    if (done) cursors.delete(locator);
    return c.json({
      totalSize: cursor.totalSize,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${c.get('version')}/query/${locator}-${next}` }),
      records,
    });
  };

  const run = (includeDeleted: boolean) =>
    guarded((c) => {
      const soql = c.req.query('q');
      if (!soql) throw new SalesforceError(400, 'MALFORMED_QUERY', 'A query string has to be specified');
      const version = c.get('version');
      const catalog = {
        object: (name: string) => api.org.schema.object(name),
        rows: (name: string) => api.org.rows(name),
        // A lookup to a deleted record reads as empty.
        byId: (id: string) => {
          const record = api.org.get(id);
          return record?.deletedAt === undefined ? record : undefined;
        },
        now: api.org.now,
        recordUrl: (type: string, id: string) => recordUrl(version, type, id),
      };
      const result = runSoql(soql, catalog, includeDeleted);
      const batchSize = requestedBatchSize(c.req.header('sforce-query-options')) ?? 2000;
      const locator = mintLocator();
      const cursor = { ...result, batchSize, lastUsed: api.org.now() };
      if (result.records.length > batchSize) cursors.set(locator, cursor);
      return page(c, locator, cursor, 0);
    });

  const more = guarded((c) => {
    const match = /^(01g\w{15})-(\d+)$/.exec(c.req.param('locator') ?? '');
    const locator = match?.[1] ?? '';
    const cursor = cursors.get(locator);
    const now = api.org.now();
    if (!match || !cursor || now - cursor.lastUsed > QUERY_LOCATOR_IDLE_MS) {
      cursors.delete(locator);
      throw new SalesforceError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
    }
    cursor.lastUsed = now;
    return page(c, locator, cursor, Number(match[2]));
  });

  versioned.get('/query', run(false));
  versioned.get('/queryAll', run(true));
  versioned.get('/query/:locator', more);
  versioned.get('/queryAll/:locator', more);
}

/** The batch size a Sforce-Query-Options header asks for, kept within 200..2000. */
function requestedBatchSize(header: string | undefined): number | undefined {
  const asked = /batchSize\s*=\s*(\d+)/i.exec(header ?? '')?.[1];
  return asked === undefined ? undefined : Math.min(2000, Math.max(200, Number(asked)));
}
