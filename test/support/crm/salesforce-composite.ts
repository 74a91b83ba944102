import type { Hono } from 'hono';
import { guarded, jsonObject, recordJson, type DataApi, type DataEnv } from './salesforce-http';
import { normalizeId } from './salesforce-ids';
import { MultipleMatches } from './salesforce-org';
import { SalesforceError } from './salesforce-values';

// sObject Collections: create, update, upsert by external id, delete and retrieve up to 200
// records in one call, each answered with its own result in order; with allOrNone, one
// failure rolls every record back and the others say so.

const MAX_RECORDS = 200;

interface SaveError {
  statusCode: string;
  message: string;
  fields: string[];
}

type SaveResult = { id?: string; success: boolean; errors: SaveError[]; created?: boolean };

const ROLLED_BACK: SaveError = {
  statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
  message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
  fields: [],
};

class RollBack extends Error {}

/** A failure as one record's result words it (a missing record is a bad id here, not a 404). */
function saveError(error: unknown, id?: string): SaveError {
  if (error instanceof MultipleMatches) return { statusCode: 'DUPLICATE_EXTERNAL_ID', message: 'Multiple records found with the same external id', fields: [] };
  if (!(error instanceof SalesforceError)) throw error;
  if (error.errorCode === 'NOT_FOUND' && id !== undefined) {
    return normalizeId(id) ? { statusCode: 'INVALID_CROSS_REFERENCE_KEY', message: 'invalid cross reference id', fields: [] } : { statusCode: 'MALFORMED_ID', message: `malformed id ${id}`, fields: [] };
  }
  return { statusCode: error.errorCode, message: error.message, fields: error.fields ?? [] };
}

/** Runs each record's write, all in one transaction when allOrNone. */
function runAll<T>(api: DataApi, allOrNone: boolean, items: T[], write: (item: T) => SaveResult): SaveResult[] {
  if (items.length > MAX_RECORDS) throw new SalesforceError(400, 'EXCEEDED_ID_LIMIT', `record limit reached. cannot submit more than ${MAX_RECORDS} records into this call`);
  if (!allOrNone) return items.map(write);
  let results: SaveResult[] = [];
  try {
    api.org.transaction(() => {
      results = items.map(write);
      if (results.some((r) => !r.success)) throw new RollBack();
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    results = results.map((r) => (r.success ? { success: false, errors: [ROLLED_BACK] } : r));
  }
  return results;
}

function attempt(write: () => SaveResult, id?: string): SaveResult {
  try {
    return write();
  } catch (error) {
    return { success: false, errors: [saveError(error, id)] };
  }
}

async function collection(c: Parameters<Parameters<typeof guarded>[0]>[0]): Promise<{ allOrNone: boolean; records: Record<string, unknown>[] }> {
  const body = await jsonObject(c);
  if (!Array.isArray(body.records)) throw new SalesforceError(400, 'JSON_PARSER_ERROR', 'records: a list of sObjects is required');
  return { allOrNone: body.allOrNone === true, records: body.records as Record<string, unknown>[] };
}

function typeOf(record: Record<string, unknown>): string {
  const attributes = record.attributes as { type?: unknown } | undefined;
  if (typeof attributes?.type !== 'string') throw new SalesforceError(400, 'INVALID_TYPE', 'Must send a concrete entity type.', []);
  return attributes.type;
}

export function compositeRoutes(versioned: Hono<DataEnv>, api: DataApi): void {
  const { org } = api;

  versioned.post(
    '/composite/sobjects',
    guarded(async (c) => {
      const { allOrNone, records } = await collection(c);
      const userId = c.get('userId');
      return c.json(runAll(api, allOrNone, records, (record) => attempt(() => ({ id: org.insert(typeOf(record), record, { userId }).id, success: true, errors: [] }))));
    }),
  );

  versioned.patch(
    '/composite/sobjects',
    guarded(async (c) => {
      const { allOrNone, records } = await collection(c);
      const userId = c.get('userId');
      return c.json(
        runAll(api, allOrNone, records, (record) => {
          const { id, Id, ...fields } = record;
          const recordId = typeof (id ?? Id) === 'string' ? String(id ?? Id) : undefined;
          if (recordId === undefined) return { success: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: 'Id not specified in an update call', fields: [] }] };
          return attempt(() => ({ id: org.update(typeOf(record), recordId, fields, { userId }).id, success: true, errors: [] }), recordId);
        }),
      );
    }),
  );

  versioned.patch(
    '/composite/sobjects/:type/:field',
    guarded(async (c) => {
      const { allOrNone, records } = await collection(c);
      const type = org.requireObject(c.req.param('type') ?? '').name;
      const field = org.schema.field(type, c.req.param('field') ?? '');
      if (!field?.externalId) throw new SalesforceError(400, 'INVALID_FIELD', `Provided external ID field does not exist or is not accessible: ${c.req.param('field')}`);
      const userId = c.get('userId');
      return c.json(
        runAll(api, allOrNone, records, (record) => {
          const key = Object.keys(record).find((k) => k.toLowerCase() === field.name.toLowerCase());
          const raw = key === undefined ? undefined : record[key];
          const value = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
          if (value === '') return { success: false, errors: [{ statusCode: 'MISSING_ARGUMENT', message: `${field.name} not specified`, fields: [] }] };
          return attempt(() => {
            const { record: saved, created } = org.upsert(type, field.name, value, record, { userId });
            return { id: saved.id, success: true, errors: [], created };
          });
        }),
      );
    }),
  );

  versioned.delete(
    '/composite/sobjects',
    guarded((c) => {
      const ids = (c.req.query('ids') ?? '').split(',').filter(Boolean);
      return c.json(
        runAll(api, c.req.query('allOrNone') === 'true', ids, (id) => ({
          id,
          ...attempt(() => {
            const record = org.get(id);
            if (!record) throw new SalesforceError(404, 'NOT_FOUND', 'The requested resource does not exist');
            return { id: org.delete(record.type, id).id, success: true, errors: [] };
          }, id),
        })),
      );
    }),
  );

  const retrieve = (type: string, ids: string[], fieldNames: string[], version: string) => {
    const def = org.requireObject(type);
    if (ids.length > 2000) throw new SalesforceError(400, 'EXCEEDED_ID_LIMIT', 'record limit reached. cannot submit more than 2000 records into this call');
    return ids.map((id) => {
      const record = org.get(id);
      return record && record.type === def.name && record.deletedAt === undefined ? recordJson(api, version, record, fieldNames) : null;
    });
  };

  versioned.post(
    '/composite/sobjects/:type',
    guarded(async (c) => {
      const body = await jsonObject(c);
      const ids = Array.isArray(body.ids) ? body.ids.map(String) : [];
      const fields = Array.isArray(body.fields) ? body.fields.map(String) : ['Id'];
      return c.json(retrieve(c.req.param('type') ?? '', ids, fields, c.get('version')));
    }),
  );

  versioned.get(
    '/composite/sobjects/:type',
    guarded((c) => {
      const split = (value: string | undefined) => (value ?? '').split(',').filter(Boolean);
      return c.json(retrieve(c.req.param('type') ?? '', split(c.req.query('ids')), split(c.req.query('fields')), c.get('version')));
    }),
  );
}
