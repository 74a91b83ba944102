import { Hono, type Context } from 'hono';
import { OBJECT_TYPES, associationTypeById, defaultAssociationType, type HubSpotObjectType } from './hubspot-object-types';
import { associate, associationsOf, disassociate, findRecord, iso, type PortalData } from './hubspot-portal';
import { ownerJson } from './hubspot-views';
import { badRequest, invalidAuthentication, notFound, objectScope, readJson, refuseUnlessScope, text, typeParam, type Access } from './hubspot-http';

// The account and token endpoints, the owners, and the v4 associations API.

export interface TokenFacts {
  token(): string;
  userId: number;
  appId: number;
}

const associationTypesJson = (typeIds: number[]) =>
  typeIds.map((typeId) => ({ category: 'HUBSPOT_DEFINED', typeId, label: associationTypeById(typeId)?.label ?? null }));

export function crmRoutes(data: PortalData, access: Access, token: TokenFacts): Hono {
  const routes = new Hono();
  /** Both object types of an association call, each read (or the first written) with its own scope. */
  const pair = (c: Context, from: string, to: string, mode: 'read' | 'write'): [HubSpotObjectType, HubSpotObjectType] | Response => {
    const fromType = typeParam(c, from);
    if (typeof fromType !== 'string') return fromType;
    const toType = typeParam(c, to);
    if (typeof toType !== 'string') return toType;
    return refuseUnlessScope(c, access, [objectScope(fromType, mode)]) ?? refuseUnlessScope(c, access, [objectScope(toType, 'read')]) ?? [fromType, toType];
  };

  routes.get('/account-info/v3/details', (c) =>
    c.json({ portalId: data.portalId, accountType: 'STANDARD', timeZone: 'UTC', companyCurrency: 'USD', additionalCurrencies: [], utcOffset: '+00:00', utcOffsetMilliseconds: 0, uiDomain: 'app.hubspot.com', dataHostingLocation: 'na1' }),
  );

  routes.post('/oauth/v2/private-apps/get/access-token-info', async (c) => {
    const body = await readJson(c);
    if (body instanceof Response) return body;
    if (body.tokenKey !== token.token()) return invalidAuthentication(c);
    return c.json({ userId: token.userId, hubId: data.portalId, appId: token.appId, scopes: [...access.scopes()].sort() });
  });

  const owners = (c: Context) => {
    const refused = refuseUnlessScope(c, access, ['crm.objects.owners.read']);
    if (refused) return refused;
    const email = c.req.query('email')?.toLowerCase();
    const archived = c.req.query('archived') === 'true';
    const limit = Math.min(Math.max(Number(c.req.query('limit') ?? 100) || 100, 1), 500);
    const after = Number(c.req.query('after') ?? 0) || 0;
    const matching = data.owners.filter((owner) => owner.archived === archived && (!email || owner.email.toLowerCase() === email) && Number(owner.id) >= after).sort((a, b) => Number(a.id) - Number(b.id));
    const next = matching[limit];
    return c.json({ results: matching.slice(0, limit).map(ownerJson), ...(next ? { paging: { next: { after: next.id, link: `?after=${next.id}` } } } : {}) });
  };
  routes.get('/crm/v3/owners', owners);
  routes.get('/crm/v3/owners/', owners);

  routes.get('/crm/v3/owners/:ownerId', (c) => {
    const refused = refuseUnlessScope(c, access, ['crm.objects.owners.read']);
    if (refused) return refused;
    const byUserId = c.req.query('idProperty') === 'userId';
    const archived = c.req.query('archived') === 'true';
    const owner = data.owners.find((one) => (byUserId ? String(one.userId) : one.id) === c.req.param('ownerId') && one.archived === archived);
    return owner ? c.json(ownerJson(owner)) : notFound(c);
  });

  routes.post('/crm/v4/associations/:fromType/:toType/batch/read', async (c) => {
    const types = pair(c, 'fromType', 'toType', 'read');
    if (!Array.isArray(types)) return types;
    const [fromType, toType] = types;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const inputs = Array.isArray(body.inputs) ? (body.inputs as { id?: unknown }[]) : [];
    if (inputs.length > 1000) return badRequest(c, `Batch input must contain at most 1000 items, got ${inputs.length}`);
    const startedAt = iso(data.now());
    const results: unknown[] = [];
    const errors: unknown[] = [];
    for (const input of inputs) {
      const id = text(input.id);
      const from = findRecord(data, fromType, id);
      const links = from ? associationsOf(data, fromType, from.id, toType) : [];
      if (links.length > 0) {
        results.push({ from: { id }, to: links.map((link) => ({ toObjectId: Number(link.toId), associationTypes: associationTypesJson(link.typeIds) })) });
        continue;
      }
      const [fromName, toName] = [OBJECT_TYPES[fromType].singular, OBJECT_TYPES[toType].singular];
      errors.push({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        subCategory: 'crm.associations.NO_ASSOCIATIONS_FOUND',
        context: { fromObjectId: [id], fromObjectType: [fromName], toObjectType: [toName] },
        message: `No ${toName} is associated with ${fromName} ${id}.`,
        errors: [],
        links: {},
      });
    }
    const answer = { status: 'COMPLETE', results, startedAt, completedAt: startedAt };
    return errors.length > 0 ? c.json({ ...answer, numErrors: errors.length, errors }, 207) : c.json(answer);
  });

  routes.post('/crm/v4/associations/:fromType/:toType/batch/create', async (c) => {
    const types = pair(c, 'fromType', 'toType', 'write');
    if (!Array.isArray(types)) return types;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const inputs = Array.isArray(body.inputs) ? (body.inputs as { from?: { id?: unknown }; to?: { id?: unknown }; types?: { associationCategory?: unknown; associationTypeId?: unknown }[] }[]) : [];
    const planned: { fromId: string; toId: string; typeIds: number[] }[] = [];
    for (const input of inputs) {
      const from = findRecord(data, types[0], text(input.from?.id));
      const to = findRecord(data, types[1], text(input.to?.id));
      if (!from || !to) return badRequest(c, `No ${OBJECT_TYPES[from ? types[1] : types[0]].singular} with ID ${text(from ? input.to?.id : input.from?.id)}`);
      const typeIds: number[] = [];
      for (const spec of input.types ?? []) {
        const facts = associationTypeById(Number(spec.associationTypeId));
        if (spec.associationCategory !== 'HUBSPOT_DEFINED' || !facts || facts.from !== types[0] || facts.to !== types[1]) {
          return badRequest(c, `${text(spec.associationCategory)} association type ${text(spec.associationTypeId)} is not valid from ${types[0]} to ${types[1]}`);
        }
        typeIds.push(facts.typeId);
      }
      planned.push({ fromId: from.id, toId: to.id, typeIds });
    }
    const at = iso(data.now());
    const results = planned.map(({ fromId, toId, typeIds }) => {
      for (const typeId of typeIds) associate(data, types[0], fromId, types[1], toId, typeId, 'api');
      const labels = typeIds.map((typeId) => associationTypeById(typeId)?.label).filter(Boolean);
      return { fromObjectTypeId: OBJECT_TYPES[types[0]].objectTypeId, fromObjectId: Number(fromId), toObjectTypeId: OBJECT_TYPES[types[1]].objectTypeId, toObjectId: Number(toId), labels };
    });
    return c.json({ status: 'COMPLETE', results, startedAt: at, completedAt: at }, 201);
  });

  routes.post('/crm/v4/associations/:fromType/:toType/batch/archive', async (c) => {
    const types = pair(c, 'fromType', 'toType', 'write');
    if (!Array.isArray(types)) return types;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    for (const input of Array.isArray(body.inputs) ? (body.inputs as { from?: { id?: unknown }; to?: { id?: unknown }[] }[]) : []) {
      for (const to of input.to ?? []) disassociate(data, types[0], text(input.from?.id), types[1], text(to.id));
    }
    return c.body(null, 204);
  });

  routes.get('/crm/v4/objects/:fromType/:fromId/associations/:toType', (c) => {
    const types = pair(c, 'fromType', 'toType', 'read');
    if (!Array.isArray(types)) return types;
    const from = findRecord(data, types[0], c.req.param('fromId'));
    if (!from) return notFound(c);
    const links = associationsOf(data, types[0], from.id, types[1]);
    return c.json({ results: links.map((link) => ({ toObjectId: Number(link.toId), associationTypes: associationTypesJson(link.typeIds) })) });
  });

  /** Both records of a v4 write, or the 404 for the one missing. */
  const records = (c: Context, fromType: HubSpotObjectType, toType: HubSpotObjectType) => {
    const from = findRecord(data, fromType, c.req.param('fromId') ?? '');
    const to = findRecord(data, toType, c.req.param('toId') ?? '');
    return from && to ? { from, to } : notFound(c, `No ${OBJECT_TYPES[from ? toType : fromType].singular} with ID ${from ? c.req.param('toId') : c.req.param('fromId')}`);
  };

  routes.put('/crm/v4/objects/:fromType/:fromId/associations/default/:toType/:toId', (c) => {
    const types = pair(c, 'fromType', 'toType', 'write');
    if (!Array.isArray(types)) return types;
    const found = records(c, ...types);
    if (found instanceof Response) return found;
    const facts = defaultAssociationType(...types);
    if (!facts) return badRequest(c, `No default association type from ${types[0]} to ${types[1]}`);
    associate(data, types[0], found.from.id, types[1], found.to.id, facts.typeId, 'api');
    const at = iso(data.now());
    const results = [{ from: { id: found.from.id }, to: { id: found.to.id }, associationSpec: { associationCategory: 'HUBSPOT_DEFINED', associationTypeId: facts.typeId } }];
    return c.json({ status: 'COMPLETE', results, startedAt: at, completedAt: at });
  });

  routes.put('/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId', async (c) => {
    const types = pair(c, 'fromType', 'toType', 'write');
    if (!Array.isArray(types)) return types;
    const found = records(c, ...types);
    if (found instanceof Response) return found;
    const specs = (await c.req.json().catch(() => undefined)) as { associationCategory?: unknown; associationTypeId?: unknown }[] | undefined;
    if (!Array.isArray(specs)) return badRequest(c, 'The body must be an array of association types');
    for (const spec of specs) {
      const facts = associationTypeById(Number(spec.associationTypeId));
      if (spec.associationCategory !== 'HUBSPOT_DEFINED' || !facts || facts.from !== types[0] || facts.to !== types[1]) {
        return badRequest(c, `${String(spec.associationCategory)} association type ${String(spec.associationTypeId)} is not valid from ${types[0]} to ${types[1]}`);
      }
    }
    for (const spec of specs) associate(data, types[0], found.from.id, types[1], found.to.id, Number(spec.associationTypeId), 'api');
    const labels = associationsOf(data, types[0], found.from.id, types[1]).find((link) => link.toId === found.to.id)?.typeIds.map((typeId) => associationTypeById(typeId)?.label).filter(Boolean);
    return c.json(
      { fromObjectTypeId: OBJECT_TYPES[types[0]].objectTypeId, fromObjectId: Number(found.from.id), toObjectTypeId: OBJECT_TYPES[types[1]].objectTypeId, toObjectId: Number(found.to.id), labels: labels ?? [] },
      201,
    );
  });

  routes.delete('/crm/v4/objects/:fromType/:fromId/associations/:toType/:toId', (c) => {
    const types = pair(c, 'fromType', 'toType', 'write');
    if (!Array.isArray(types)) return types;
    disassociate(data, types[0], c.req.param('fromId'), types[1], c.req.param('toId'));
    return c.body(null, 204);
  });

  return routes;
}
