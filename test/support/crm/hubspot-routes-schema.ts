import { Hono, type Context } from 'hono';
import { OBJECT_TYPES, type HubSpotObjectType } from './hubspot-object-types';
import type { PortalData } from './hubspot-portal';
import { FIELD_TYPES, PROPERTY_TYPES, propertyJson, type HubSpotPropertyDefinition, type HubSpotPropertyOption, type HubSpotPropertyType } from './hubspot-properties';
import { badRequest, errorJson, objectScope, readJson, refuseUnlessScope, typeParam, type Access } from './hubspot-http';

// /crm/v3/properties/{type}: the property definitions and their groups — read with the object's read
// scope or its schema read scope, created and changed with its schema write scope.

function schemaScope(type: HubSpotObjectType, mode: 'read' | 'write') {
  return `crm.schemas.${OBJECT_TYPES[type].scopeObject}.${mode}`;
}

function readOptions(raw: unknown): HubSpotPropertyOption[] | string {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) return 'options must be an array';
  const options: HubSpotPropertyOption[] = [];
  for (const [index, option] of (raw as Record<string, unknown>[]).entries()) {
    if (typeof option?.label !== 'string' || typeof option?.value !== 'string') return `Option ${index} needs a label and a value`;
    if (options.some((other) => other.value === option.value)) return `Duplicate option value: ${option.value}`;
    options.push({
      label: option.label,
      value: option.value,
      displayOrder: typeof option.displayOrder === 'number' ? option.displayOrder : index,
      hidden: option.hidden === true,
      description: typeof option.description === 'string' ? option.description : '',
    });
  }
  return options;
}

export function schemaRoutes(data: PortalData, access: Access): Hono {
  const routes = new Hono();
  const guard = (c: Context, mode: 'read' | 'write'): HubSpotObjectType | Response => {
    const type = typeParam(c, 'objectType');
    if (typeof type !== 'string') return type;
    const anyOf = mode === 'read' ? [objectScope(type, 'read'), schemaScope(type, 'read')] : [schemaScope(type, 'write')];
    return refuseUnlessScope(c, access, anyOf) ?? type;
  };
  const ownerOptions = () =>
    data.owners
      .filter((owner) => !owner.archived)
      .map((owner, displayOrder): HubSpotPropertyOption => ({ label: `${owner.firstName} ${owner.lastName}`.trim() || owner.email, value: owner.id, displayOrder, hidden: false, description: '' }));
  const json = (definition: HubSpotPropertyDefinition) => propertyJson(definition, ownerOptions());

  routes.get('/crm/v3/properties/:objectType/groups', (c) => {
    const type = guard(c, 'read');
    if (typeof type !== 'string') return type;
    return c.json({ results: [...data.groups[type].values()].filter((group) => !group.archived) });
  });

  routes.get('/crm/v3/properties/:objectType/groups/:groupName', (c) => {
    const type = guard(c, 'read');
    if (typeof type !== 'string') return type;
    const group = data.groups[type].get(c.req.param('groupName'));
    return group ? c.json(group) : errorJson(c, 404, `Unable to find property group ${c.req.param('groupName')}`, 'OBJECT_NOT_FOUND');
  });

  routes.post('/crm/v3/properties/:objectType/groups', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    if (typeof body.name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(body.name)) return badRequest(c, `Invalid property group name: ${JSON.stringify(body.name)}`);
    if (typeof body.label !== 'string' || !body.label) return badRequest(c, 'A property group needs a label');
    if (data.groups[type].has(body.name)) return errorJson(c, 409, `Property group named '${body.name}' already exists.`, 'OBJECT_ALREADY_EXISTS');
    const group = { name: body.name, label: body.label, displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1, archived: false };
    data.groups[type].set(group.name, group);
    return c.json(group, 201);
  });

  routes.get('/crm/v3/properties/:objectType', (c) => {
    const type = guard(c, 'read');
    if (typeof type !== 'string') return type;
    const archived = c.req.query('archived') === 'true';
    return c.json({ results: [...data.properties[type].values()].filter((definition) => definition.archived === archived).map(json) });
  });

  routes.get('/crm/v3/properties/:objectType/:propertyName', (c) => {
    const type = guard(c, 'read');
    if (typeof type !== 'string') return type;
    const definition = data.properties[type].get(c.req.param('propertyName'));
    if (!definition || definition.archived !== (c.req.query('archived') === 'true')) return errorJson(c, 404, `Unable to find property ${c.req.param('propertyName')}`, 'OBJECT_NOT_FOUND');
    return c.json(json(definition));
  });

  routes.post('/crm/v3/properties/:objectType', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const name = body.name;
    if (typeof name !== 'string' || !/^[a-z][a-z0-9_]*$/.test(name)) return badRequest(c, `Invalid property name: ${JSON.stringify(name)}. Use lowercase letters, digits and underscores, starting with a letter.`);
    if (data.properties[type].has(name)) return errorJson(c, 409, `Property named '${name}' already exists.`, 'OBJECT_ALREADY_EXISTS', { context: { name: [name] } });
    if (typeof body.label !== 'string' || !body.label) return badRequest(c, 'A property needs a label');
    if (!PROPERTY_TYPES.includes(body.type as HubSpotPropertyType)) return badRequest(c, `Invalid property type: ${JSON.stringify(body.type)}`);
    if (typeof body.fieldType !== 'string' || !FIELD_TYPES.includes(body.fieldType)) return badRequest(c, `Invalid field type: ${JSON.stringify(body.fieldType)}`);
    if (typeof body.groupName !== 'string' || !data.groups[type].has(body.groupName)) return badRequest(c, `Property group ${JSON.stringify(body.groupName)} does not exist`);
    const options = readOptions(body.options);
    if (typeof options === 'string') return badRequest(c, options);
    const at = data.now();
    const definition: HubSpotPropertyDefinition = {
      name,
      label: body.label,
      type: body.type as HubSpotPropertyType,
      fieldType: body.fieldType,
      groupName: body.groupName,
      description: typeof body.description === 'string' ? body.description : '',
      options,
      displayOrder: typeof body.displayOrder === 'number' ? body.displayOrder : -1,
      hidden: body.hidden === true,
      hasUniqueValue: body.hasUniqueValue === true,
      formField: body.formField === true,
      calculated: false,
      externalOptions: false,
      hubspotDefined: false,
      readOnlyValue: false,
      readOnlyDefinition: false,
      createdAt: at,
      updatedAt: at,
      archived: false,
    };
    data.properties[type].set(name, definition);
    return c.json(json(definition), 201);
  });

  routes.patch('/crm/v3/properties/:objectType/:propertyName', async (c) => {
    const type = guard(c, 'write');
    if (typeof type !== 'string') return type;
    const definition = data.properties[type].get(c.req.param('propertyName'));
    if (!definition || definition.archived) return errorJson(c, 404, `Unable to find property ${c.req.param('propertyName')}`, 'OBJECT_NOT_FOUND');
    if (definition.readOnlyDefinition) return badRequest(c, `${definition.name} is a HubSpot defined property and its definition cannot be changed`);
    const body = await readJson(c);
    if (body instanceof Response) return body;
    const options = body.options === undefined ? undefined : readOptions(body.options);
    if (typeof options === 'string') return badRequest(c, options);
    if (body.groupName !== undefined && (typeof body.groupName !== 'string' || !data.groups[type].has(body.groupName))) return badRequest(c, `Property group ${JSON.stringify(body.groupName)} does not exist`);
    if (body.type !== undefined && !PROPERTY_TYPES.includes(body.type as HubSpotPropertyType)) return badRequest(c, `Invalid property type: ${JSON.stringify(body.type)}`);
    if (body.fieldType !== undefined && (typeof body.fieldType !== 'string' || !FIELD_TYPES.includes(body.fieldType))) return badRequest(c, `Invalid field type: ${JSON.stringify(body.fieldType)}`);
    Object.assign(definition, {
      ...(typeof body.label === 'string' ? { label: body.label } : {}),
      ...(typeof body.description === 'string' ? { description: body.description } : {}),
      ...(typeof body.groupName === 'string' ? { groupName: body.groupName } : {}),
      ...(body.type !== undefined ? { type: body.type } : {}),
      ...(body.fieldType !== undefined ? { fieldType: body.fieldType } : {}),
      ...(typeof body.hidden === 'boolean' ? { hidden: body.hidden } : {}),
      ...(typeof body.formField === 'boolean' ? { formField: body.formField } : {}),
      ...(typeof body.displayOrder === 'number' ? { displayOrder: body.displayOrder } : {}),
      ...(options ? { options } : {}),
      updatedAt: data.now(),
    });
    return c.json(json(definition));
  });

  return routes;
}
