import { Hono, type Context } from 'hono';
import { ENGAGEMENT_TYPES, OBJECT_TYPES, associationTypeById, type HubSpotObjectType } from './hubspot-object-types';
import { archiveRecord, associate, checkWrite, createRecord, findContactByEmail, findRecord, iso, mergeContacts, updateRecord, type PortalData, type StoredRecord } from './hubspot-portal';
import type { PropertyProblem } from './hubspot-properties';
import { searchRecords } from './hubspot-search';
import { listParameter, recordJson } from './hubspot-views';
import { badRequest, errorJson, invalidProperties, notFound, objectScope, readJson, refuseUnlessScope, text, typeParam, type Access } from './hubspot-http';

// /crm/v3/objects/{type}: list, read, create (with associations), update, archive, the batch
// endpoints (207 when some ids are missing; upsert by e-mail for contacts), the contact merge, and search.

const BATCH_LIMIT = 100;

interface AssociationInput {
  to?: { id?: unknown };
  types?: { associationCategory?: unknown; associationTypeId?: unknown }[];
}

type PlannedAssociation = { toType: HubSpotObjectType; toId: string; typeId: number };

function planAssociations(data: PortalData, type: HubSpotObjectType, inputs: unknown): PlannedAssociation[] | string {
  if (inputs === undefined) return [];
  if (!Array.isArray(inputs)) return 'associations must be an array';
  const planned: PlannedAssociation[] = [];
  for (const input of inputs as AssociationInput[]) {
    const toId = text(input?.to?.id);
    for (const spec of input?.types ?? []) {
      const typeId = Number(spec.associationTypeId);
      const facts = associationTypeById(typeId);
      if (spec.associationCategory !== 'HUBSPOT_DEFINED' || !facts || facts.from !== type) {
        return `${String(spec.associationCategory)} association type ${String(spec.associationTypeId)} is not valid from ${OBJECT_TYPES[type].singular}`;
      }
      if (!findRecord(data, facts.to, toId)) return `One or more associations are invalid: no ${OBJECT_TYPES[facts.to].singular} with ID ${toId}`;
      planned.push({ toType: facts.to, toId, typeId });
    }
  }
  return planned;
}

/** The values of a create or update, or the 400/409 HubSpot answers for them. */
function checkedValues(c: Context, data: PortalData, type: HubSpotObjectType, properties: unknown, creating: boolean, record?: StoredRecord): Record<string, string> | Response {
  const input = properties && typeof properties === 'object' ? (properties as Record<string, unknown>) : {};
  const { values, problems } = checkWrite(data, type, input, 'api');
  if (creating && ENGAGEMENT_TYPES.includes(type as (typeof ENGAGEMENT_TYPES)[number]) && !values.hs_timestamp) {
    problems.push({ name: 'hs_timestamp', error: 'REQUIRED', message: 'Property "hs_timestamp" is required' } satisfies PropertyProblem);
  }
  if (problems.length > 0) return invalidProperties(c, problems, data.portalId);
  const existing = type === 'contacts' && values.email ? findContactByEmail(data, values.email) : undefined;
  if (existing && existing !== record) return errorJson(c, 409, `Contact already exists. Existing ID: ${existing.id}`, 'CONFLICT');
  return values;
}

function batchAnswer(c: Context, results: unknown[], missing: string[], type: HubSpotObjectType, startedAt: number, okStatus: 200 | 201) {
  const base = { status: 'COMPLETE', results, startedAt: iso(startedAt), completedAt: iso(startedAt) };
  if (missing.length === 0) return c.json(base, okStatus);
  const error = {
    status: 'error',
    category: 'OBJECT_NOT_FOUND',
    message: `Could not get some ${OBJECT_TYPES[type].singular.toUpperCase()} objects, they may be deleted or not exist. Check that ids are valid.`,
    context: { ids: missing },
    errors: [],
    links: {},
  };
  return c.json({ ...base, numErrors: 1, errors: [error] }, 207);
}

function byIdProperty(data: PortalData, type: HubSpotObjectType, id: string, idProperty: string | undefined, archived = false): StoredRecord | undefined {
  if (idProperty && idProperty !== 'hs_object_id') return idProperty === 'email' && type === 'contacts' && !archived ? findContactByEmail(data, id) : undefined;
  return findRecord(data, type, id, archived);
}

export function objectRoutes(data: PortalData, access: Access): Hono {
  const routes = new Hono();
  const guard = (c: Context, mode: 'read' | 'write'): HubSpotObjectType | Response => {
    const type = typeParam(c, 'objectType');
    return typeof type === 'string' ? (refuseUnlessScope(c, access, [objectScope(type, mode)]) ?? type) : type;
  };

  routes.get('/crm/v3/objects/:objectType', (c) => {
    const type = guard(c, 'read');
    if (typeof type !== 'string') return type;
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 10) || 10, 1), 100);
    const after = Number(c.req.query('after') ?? 0) || 0;
    const archived = c.req.query('archived') === 'true';
    const all = [...data.records[type].values()].filter((record) => record.archived === archived && Number(record.id) >= after).sort((a, b) => Number(a.id) - Number(b.id));
    const options = { properties: listParameter(c.req.queries('properties')), propertiesWithHistory: listParameter(c.req.queries('propertiesWithHistory')), associations: listParameter(c.req.queries('associations')) };
    const results = all.slice(0, limit).map((record) => recordJson(data, record, options));
    const next = all[limit];
    return c.json({ results, ...(next ? { paging: { next: { after: next.id, link: `?after=${next.id}` } } } : {}) });
  });

  routes.get('/crm/v3/objects/:objectType/:id', (c) => {
    const type = guard(c, 'read');
    if (typeof type !== 'string') return type;
    const id = c.req.param('id');
    const idProperty = c.req.query('idProperty');
    if (!idProperty && !/^\d+$/.test(id)) return notFound(c, 'Object not found.  objectId are usually numeric.');
    const record = byIdProperty(data, type, id, idProperty, c.req.query('archived') === 'true');
    if (!record) return notFound(c);
    const options = { properties: listParameter(c.req.queries('properties')), propertiesWithHistory: listParameter(c.req.queries('propertiesWithHistory')), associations: listParameter(c.req.queries('associations')) };
    return c.json(recordJson(data, record, options));
  });

  routes.post('/crm/v3/objects/:objectType', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const values = checkedValues(c, data, type, body.properties, true);
    if (values instanceof Response) return values;
    const associations = planAssociations(data, type, body.associations);
    if (typeof associations === 'string') return badRequest(c, associations);
    const record = createRecord(data, type, values, 'api');
    for (const link of associations) associate(data, type, record.id, link.toType, link.toId, link.typeId, 'api');
    return c.json(recordJson(data, record, { allValues: true }), 201);
  });

  routes.patch('/crm/v3/objects/:objectType/:id', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const record = byIdProperty(data, type, c.req.param('id'), c.req.query('idProperty'));
    if (!record) return notFound(c);
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const values = checkedValues(c, data, type, body.properties, false, record);
    if (values instanceof Response) return values;
    updateRecord(data, record, values, 'api');
    return c.json(recordJson(data, record, { allValues: true }));
  });

  routes.delete('/crm/v3/objects/:objectType/:id', (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const record = findRecord(data, type, c.req.param('id'));
    if (record) archiveRecord(data, record, 'api');
    return c.body(null, 204);
  });

  routes.post('/crm/v3/objects/:objectType/batch/read', async (c) => {
    const type = guard(c, 'read');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const inputs = Array.isArray(body.inputs) ? (body.inputs as { id?: unknown }[]) : [];
    if (inputs.length > BATCH_LIMIT) return badRequest(c, `Batch input must contain at most ${BATCH_LIMIT} items, got ${inputs.length}`);
    const idProperty = typeof body.idProperty === 'string' ? body.idProperty : undefined;
    const archived = c.req.query('archived') === 'true';
    const options = { properties: listParameter(body.properties as string[] | undefined), propertiesWithHistory: listParameter(body.propertiesWithHistory as string[] | undefined) };
    const startedAt = data.now();
    const found: StoredRecord[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const record = byIdProperty(data, type, text(input.id), idProperty, archived);
      if (record) found.push(record);
      else missing.push(text(input.id));
    }
    return batchAnswer(c, found.map((record) => recordJson(data, record, options)), missing, type, startedAt, 200);
  });

  routes.post('/crm/v3/objects/:objectType/batch/create', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const inputs = Array.isArray(body.inputs) ? (body.inputs as { properties?: unknown; associations?: unknown }[]) : [];
    if (inputs.length > BATCH_LIMIT) return badRequest(c, `Batch input must contain at most ${BATCH_LIMIT} items, got ${inputs.length}`);
    const planned: { values: Record<string, string>; associations: { toType: HubSpotObjectType; toId: string; typeId: number }[] }[] = [];
    for (const input of inputs) {
      const values = checkedValues(c, data, type, input.properties, true);
      if (values instanceof Response) return values;
      const associations = planAssociations(data, type, input.associations);
      if (typeof associations === 'string') return badRequest(c, associations);
      planned.push({ values, associations });
    }
    const startedAt = data.now();
    const created = planned.map(({ values, associations }) => {
      const record = createRecord(data, type, values, 'api');
      for (const link of associations) associate(data, type, record.id, link.toType, link.toId, link.typeId, 'api');
      return recordJson(data, record, { allValues: true });
    });
    return batchAnswer(c, created, [], type, startedAt, 201);
  });

  routes.post('/crm/v3/objects/:objectType/batch/update', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const inputs = Array.isArray(body.inputs) ? (body.inputs as { id?: unknown; idProperty?: unknown; properties?: unknown }[]) : [];
    if (inputs.length > BATCH_LIMIT) return badRequest(c, `Batch input must contain at most ${BATCH_LIMIT} items, got ${inputs.length}`);
    const ids = inputs.map((input) => text(input.id));
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    if (duplicates.length > 0) return badRequest(c, `Duplicate IDs found in batch input: [${[...new Set(duplicates)].join(', ')}]. IDs must be unique`);
    const planned: { record: StoredRecord; values: Record<string, string> }[] = [];
    const missing: string[] = [];
    for (const input of inputs) {
      const record = byIdProperty(data, type, text(input.id), typeof input.idProperty === 'string' ? input.idProperty : undefined);
      const values = checkedValues(c, data, type, input.properties, false, record);
      if (values instanceof Response) return values;
      if (record) planned.push({ record, values });
      else missing.push(text(input.id));
    }
    const startedAt = data.now();
    for (const { record, values } of planned) updateRecord(data, record, values, 'api');
    return batchAnswer(c, planned.map(({ record }) => recordJson(data, record, { allValues: true })), missing, type, startedAt, 200);
  });

  routes.post('/crm/v3/objects/:objectType/batch/upsert', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const inputs = Array.isArray(body.inputs) ? (body.inputs as { id?: unknown; idProperty?: unknown; properties?: unknown }[]) : [];
    if (inputs.length > BATCH_LIMIT) return badRequest(c, `Batch input must contain at most ${BATCH_LIMIT} items, got ${inputs.length}`);
    const planned: { record?: StoredRecord; values: Record<string, string> }[] = [];
    for (const input of inputs) {
      const idProperty = typeof input.idProperty === 'string' ? input.idProperty : 'hs_object_id';
      if (idProperty !== 'hs_object_id' && !(type === 'contacts' && idProperty === 'email')) return badRequest(c, `${idProperty} is not a unique property of ${OBJECT_TYPES[type].singular} objects`);
      const record = byIdProperty(data, type, text(input.id), idProperty);
      if (!record && idProperty === 'hs_object_id') return badRequest(c, `Could not upsert ${OBJECT_TYPES[type].singular} ${text(input.id)}: no such object to update by hs_object_id`);
      const given = { ...(input.properties && typeof input.properties === 'object' ? (input.properties as Record<string, unknown>) : {}), ...(record ? {} : { [idProperty]: text(input.id) }) };
      const values = checkedValues(c, data, type, given, !record, record);
      if (values instanceof Response) return values;
      planned.push({ record, values });
    }
    const startedAt = data.now();
    const results = planned.map(({ record, values }) => {
      if (record) updateRecord(data, record, values, 'api');
      const written = record ?? createRecord(data, type, values, 'api');
      return { ...recordJson(data, written, { allValues: true }), new: !record };
    });
    return batchAnswer(c, results, [], type, startedAt, 200);
  });

  routes.post('/crm/v3/objects/:objectType/batch/archive', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    for (const input of Array.isArray(body.inputs) ? (body.inputs as { id?: unknown }[]) : []) {
      const record = findRecord(data, type, text(input.id));
      if (record) archiveRecord(data, record, 'api');
    }
    return c.body(null, 204);
  });

  routes.post('/crm/v3/objects/:objectType/merge', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    if (type !== 'contacts') return badRequest(c, `The stand-in merges contacts only, not ${type}`);
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const primary = findRecord(data, type, text(body.primaryObjectId));
    const merged = findRecord(data, type, text(body.objectIdToMerge));
    if (!primary || !merged) return notFound(c, `Contact ${text(primary ? body.objectIdToMerge : body.primaryObjectId)} not found`);
    if (primary === merged) return badRequest(c, 'Cannot merge a contact with itself');
    return c.json(recordJson(data, mergeContacts(data, primary, merged, 'api'), { allValues: true }));
  });

  routes.post('/crm/v3/objects/:objectType/search', async (c) => {
    const type = guard(c, 'read');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const outcome = searchRecords(data, type, body);
    if ('problem' in outcome) return badRequest(c, outcome.problem);
    const results = outcome.page.map((record) => recordJson(data, record, { properties: outcome.properties }));
    return c.json({ total: outcome.total, results, ...(outcome.nextAfter ? { paging: { next: { after: outcome.nextAfter, link: `?after=${outcome.nextAfter}` } } } : {}) });
  });

  return routes;
}
