import { OBJECT_TYPES, associationTypeById, objectTypeFrom } from './hubspot-object-types';
import { associationsOf, iso, type PortalData, type StoredOwner, type StoredRecord } from './hubspot-portal';

// How HubSpot's v3 API shows a record and an owner.

export interface RecordReadOptions {
  /** The properties asked for; without them, the object type's defaults. */
  properties?: string[];
  propertiesWithHistory?: string[];
  /** Object type names as the caller wrote them ("companies"), keyed so in the answer. */
  associations?: string[];
  /** Every property that has a value (what a create or an update answers). */
  allValues?: boolean;
}

/** Splits repeated and comma-separated query values (`properties=a&properties=b,c`). */
export function listParameter(values: string[] | undefined): string[] | undefined {
  if (!values) return undefined;
  const names = values.flatMap((value) => value.split(',')).map((name) => name.trim()).filter(Boolean);
  return names.length > 0 ? names : undefined;
}

export function recordJson(data: PortalData, record: StoredRecord, options: RecordReadOptions = {}) {
  const facts = OBJECT_TYPES[record.type];
  const properties: Record<string, string | null> = {};
  if (options.allValues) {
    for (const [name, value] of Object.entries(record.properties)) if (value !== '') properties[name] = value;
  } else {
    const always = [...facts.createdProperties, facts.modifiedProperty, 'hs_object_id'];
    const wanted = options.properties ? [...options.properties, ...always] : facts.defaultProperties;
    for (const name of wanted) if (data.properties[record.type].has(name)) properties[name] = record.properties[name] || null;
  }
  const json: Record<string, unknown> = { id: record.id, properties, createdAt: iso(record.createdAt), updatedAt: iso(record.updatedAt), archived: record.archived };
  if (record.archivedAt !== undefined) json.archivedAt = iso(record.archivedAt);
  if (options.propertiesWithHistory) {
    json.propertiesWithHistory = Object.fromEntries(
      options.propertiesWithHistory.filter((name) => data.properties[record.type].has(name)).map((name) => [name, (record.history[name] ?? []).map((entry) => ({ ...entry, timestamp: iso(entry.timestamp) }))]),
    );
  }
  const associations: Record<string, { results: { id: string; type: string }[] }> = {};
  for (const name of options.associations ?? []) {
    const toType = objectTypeFrom(name);
    if (!toType) continue;
    const results = associationsOf(data, record.type, record.id, toType).flatMap((link) => link.typeIds.map((typeId) => ({ id: link.toId, type: associationTypeById(typeId)!.v3Name })));
    if (results.length > 0) associations[name] = { results };
  }
  if (Object.keys(associations).length > 0) json.associations = associations;
  return json;
}

export function ownerJson(owner: StoredOwner) {
  return {
    id: owner.id,
    email: owner.email,
    type: 'PERSON',
    firstName: owner.firstName,
    lastName: owner.lastName,
    userId: owner.userId,
    userIdIncludingInactive: owner.userId,
    createdAt: iso(owner.createdAt),
    updatedAt: iso(owner.updatedAt),
    archived: owner.archived,
    teams: owner.teams,
  };
}
