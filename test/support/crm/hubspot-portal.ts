import { ALL_OBJECT_TYPES, OBJECT_TYPES, associationTypeById, defaultAssociationType, primaryAssociationType, type HubSpotObjectType } from './hubspot-object-types';
import {
  LIFECYCLE_ORDER,
  normalisePropertyValue,
  seedProperties,
  seedPropertyGroups,
  type HubSpotPropertyDefinition,
  type HubSpotPropertyGroup,
  type PropertyProblem,
} from './hubspot-properties';

// The HubSpot portal's data behind the stand-in — records, owners, associations, property
// definitions — and the changes HubSpot makes when a record is written, associated, merged or
// archived. Both the API routes and the test's control object change it through these functions.

export type ChangeSource = 'api' | 'portal';

export interface StoredRecord {
  id: string;
  type: HubSpotObjectType;
  properties: Record<string, string>;
  /** Newest first, as propertiesWithHistory answers. */
  history: Record<string, { value: string; timestamp: number; sourceType: string }[]>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  archivedAt?: number;
  createdThroughApi: boolean;
}

export interface StoredOwner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  teams: { id: string; name: string; primary: boolean }[];
}

/** What a webhook subscription hears about: the contact events HubSpot's webhooks API sends. */
export interface ContactEvent {
  subscriptionType: 'contact.creation' | 'contact.propertyChange' | 'contact.deletion' | 'contact.merge';
  objectId: string;
  occurredAt: number;
  source: ChangeSource;
  propertyName?: string;
  propertyValue?: string;
  primaryObjectId?: string;
  mergedObjectIds?: string[];
  newObjectId?: string;
  numberOfPropertiesMoved?: number;
}

export interface CreatedAssociation {
  fromType: HubSpotObjectType;
  fromId: string;
  toType: HubSpotObjectType;
  toId: string;
  typeId: number;
}

export interface PortalData {
  now: () => number;
  portalId: number;
  records: Record<HubSpotObjectType, Map<string, StoredRecord>>;
  /** Contact ids merged away, to the contact they live on in. */
  mergedInto: Map<string, string>;
  /** Lowercased e-mail (primary or additional) → contact id: HubSpot keeps e-mails unique. */
  contactEmails: Map<string, string>;
  /** `${type}:${id}` → `${toType}:${toId}` → association type ids, both directions kept. */
  associations: Map<string, Map<string, Set<number>>>;
  createdAssociations: CreatedAssociation[];
  owners: StoredOwner[];
  properties: Record<HubSpotObjectType, Map<string, HubSpotPropertyDefinition>>;
  groups: Record<HubSpotObjectType, Map<string, HubSpotPropertyGroup>>;
  listeners: ((events: ContactEvent[]) => void)[];
  nextIds: Map<number, number>;
}

function perType<T>(make: (type: HubSpotObjectType) => T): Record<HubSpotObjectType, T> {
  return Object.fromEntries(ALL_OBJECT_TYPES.map((type) => [type, make(type)])) as Record<HubSpotObjectType, T>;
}

export function createPortalData(now: () => number, portalId: number): PortalData {
  const at = now();
  return {
    now,
    portalId,
    records: perType(() => new Map()),
    mergedInto: new Map(),
    contactEmails: new Map(),
    associations: new Map(),
    createdAssociations: [],
    owners: [],
    properties: perType((type) => new Map(seedProperties(type, at).map((definition) => [definition.name, definition]))),
    groups: perType((type) => new Map(seedPropertyGroups(type).map((group) => [group.name, group]))),
    listeners: [],
    nextIds: new Map(),
  };
}

export function newId(data: PortalData, type: HubSpotObjectType): string {
  const first = OBJECT_TYPES[type].firstId;
  const id = data.nextIds.get(first) ?? first;
  data.nextIds.set(first, id + 1);
  return String(id);
}

export const iso = (ms: number) => new Date(ms).toISOString();

export function ownerIds(data: PortalData): Set<string> {
  return new Set(data.owners.filter((owner) => !owner.archived).map((owner) => owner.id));
}

/** Checks written values as HubSpot does: every problem is reported at once, in HubSpot's words. */
export function checkWrite(data: PortalData, type: HubSpotObjectType, input: Record<string, unknown>, source: ChangeSource): { values: Record<string, string>; problems: PropertyProblem[] } {
  const values: Record<string, string> = {};
  const problems: PropertyProblem[] = [];
  const owners = ownerIds(data);
  for (const [name, raw] of Object.entries(input)) {
    const definition = data.properties[type].get(name);
    if (!definition || definition.archived) {
      problems.push({ name, error: 'PROPERTY_DOESNT_EXIST', message: `Property "${name}" does not exist` });
      continue;
    }
    if (source === 'api' && definition.readOnlyValue) {
      problems.push({ name, error: 'READ_ONLY_VALUE', message: `"${name}" is a read only property; its value cannot be set.` });
      continue;
    }
    const checked = normalisePropertyValue(definition, raw, owners);
    if ('problem' in checked) problems.push(checked.problem);
    else values[name] = checked.value;
  }
  return { values, problems };
}

export function findContactByEmail(data: PortalData, email: string): StoredRecord | undefined {
  const id = data.contactEmails.get(email.trim().toLowerCase());
  return id === undefined ? undefined : findRecord(data, 'contacts', id);
}

function indexEmail(data: PortalData, record: StoredRecord, before: string | undefined, after: string) {
  const old = before?.trim().toLowerCase();
  if (old && data.contactEmails.get(old) === record.id) data.contactEmails.delete(old);
  if (after.trim()) data.contactEmails.set(after.trim().toLowerCase(), record.id);
}

/** A record by id; a contact merged away answers as the contact it was merged into. */
export function findRecord(data: PortalData, type: HubSpotObjectType, id: string, archived = false): StoredRecord | undefined {
  let current = id;
  for (let hops = 0; type === 'contacts' && data.mergedInto.has(current) && hops < 100; hops += 1) current = data.mergedInto.get(current)!;
  const record = data.records[type].get(current);
  return record && record.archived === archived ? record : undefined;
}

function emit(data: PortalData, events: ContactEvent[]) {
  if (events.length === 0) return;
  for (const listener of data.listeners) listener(events);
}

function sourceType(source: ChangeSource) {
  return source === 'api' ? 'INTEGRATION' : 'CRM_UI';
}

/** Sets values on a record as HubSpot does, stamping the modified date and the lifecycle stage dates; returns what changed. */
export function writeProperties(data: PortalData, record: StoredRecord, values: Record<string, string>, source: ChangeSource, events: ContactEvent[] = []): string[] {
  const at = data.now();
  const changes = { ...values };
  const stage = changes.lifecyclestage;
  if (record.type === 'contacts' && stage && stage !== record.properties.lifecyclestage) {
    const dateProperty = `hs_lifecyclestage_${stage}_date`;
    if (!record.properties[dateProperty] && changes[dateProperty] === undefined) changes[dateProperty] = iso(at);
  }
  const changed = Object.keys(changes).filter((name) => (record.properties[name] ?? '') !== changes[name]);
  if (changed.length === 0) return [];
  for (const name of changed) {
    if (record.type === 'contacts' && name === 'email') indexEmail(data, record, record.properties.email, changes.email!);
    record.properties[name] = changes[name]!;
    (record.history[name] ??= []).unshift({ value: changes[name]!, timestamp: at, sourceType: sourceType(source) });
    if (OBJECT_TYPES[record.type].createdProperties.includes(name) && changes[name]) record.createdAt = Date.parse(changes[name]);
  }
  record.updatedAt = at;
  record.properties[OBJECT_TYPES[record.type].modifiedProperty] = iso(at);
  if (record.type === 'contacts') {
    for (const name of changed) events.push({ subscriptionType: 'contact.propertyChange', objectId: record.id, occurredAt: at, source, propertyName: name, propertyValue: changes[name] });
    if (changed.includes('associatedcompanyid') && changes.associatedcompanyid) {
      const company = findRecord(data, 'companies', changes.associatedcompanyid);
      if (company) associate(data, 'contacts', record.id, 'companies', company.id, 1, source, false);
    }
  }
  return changed;
}

export function createRecord(data: PortalData, type: HubSpotObjectType, values: Record<string, string>, source: ChangeSource): StoredRecord {
  const at = data.now();
  const id = newId(data, type);
  const record: StoredRecord = { id, type, properties: {}, history: {}, createdAt: at, updatedAt: at, archived: false, createdThroughApi: source === 'api' };
  data.records[type].set(id, record);
  const stamps = Object.fromEntries(OBJECT_TYPES[type].createdProperties.map((name) => [name, iso(at)]));
  const events: ContactEvent[] = type === 'contacts' ? [{ subscriptionType: 'contact.creation', objectId: id, occurredAt: at, source }] : [];
  writeProperties(data, record, { ...stamps, hs_object_id: id, ...values }, source, events);
  emit(data, events);
  return record;
}

export function updateRecord(data: PortalData, record: StoredRecord, values: Record<string, string>, source: ChangeSource): string[] {
  const events: ContactEvent[] = [];
  const changed = writeProperties(data, record, values, source, events);
  emit(data, events);
  return changed;
}

export function archiveRecord(data: PortalData, record: StoredRecord, source: ChangeSource) {
  const at = data.now();
  record.archived = true;
  record.archivedAt = at;
  record.updatedAt = at;
  if (record.type !== 'contacts') return;
  for (const [email, id] of data.contactEmails) if (id === record.id) data.contactEmails.delete(email);
  emit(data, [{ subscriptionType: 'contact.deletion', objectId: record.id, occurredAt: at, source }]);
}

const key = (type: HubSpotObjectType, id: string) => `${type}:${id}`;

function addTypeIds(data: PortalData, fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string, typeId: number) {
  const from = data.associations.get(key(fromType, fromId)) ?? new Map<string, Set<number>>();
  data.associations.set(key(fromType, fromId), from);
  const typeIds = from.get(key(toType, toId)) ?? new Set<number>();
  from.set(key(toType, toId), typeIds);
  typeIds.add(typeId);
}

function addPair(data: PortalData, fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string, typeId: number, reverseTypeId: number) {
  addTypeIds(data, fromType, fromId, toType, toId, typeId);
  addTypeIds(data, toType, toId, fromType, fromId, reverseTypeId);
}

function removePair(data: PortalData, fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string, typeId: number, reverseTypeId: number) {
  data.associations.get(key(fromType, fromId))?.get(key(toType, toId))?.delete(typeId);
  data.associations.get(key(toType, toId))?.get(key(fromType, fromId))?.delete(reverseTypeId);
}

/**
 * Associates two records with a HubSpot-defined type (and its reverse). As in HubSpot, a contact or deal
 * has one primary company — the first one associated unless another is labelled primary — which is also
 * unlabeled-associated, and a contact's primary company is its associatedcompanyid.
 */
export function associate(data: PortalData, fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string, typeId: number, source: ChangeSource, logged = true) {
  const facts = associationTypeById(typeId);
  if (!facts || facts.from !== fromType || facts.to !== toType) throw new Error(`association type ${typeId} does not go from ${fromType} to ${toType}`);
  addPair(data, fromType, fromId, toType, toId, typeId, facts.reverseTypeId);
  if (logged && source === 'api') data.createdAssociations.push({ fromType, fromId, toType, toId, typeId });
  const [ownerType, ownerId, companyId] = fromType === 'companies' ? [toType, toId, fromId] : [fromType, fromId, toId];
  const primary = toType === 'companies' || fromType === 'companies' ? primaryAssociationType(ownerType, 'companies') : undefined;
  if (!primary) return;
  const unlabeled = defaultAssociationType(ownerType, 'companies')!;
  addPair(data, ownerType, ownerId, 'companies', companyId, unlabeled.typeId, unlabeled.reverseTypeId);
  const current = associationsOf(data, ownerType, ownerId, 'companies').find((link) => link.typeIds.includes(primary.typeId));
  if (current?.toId === companyId || (current && facts.label !== 'Primary')) return;
  if (current) removePair(data, ownerType, ownerId, 'companies', current.toId, primary.typeId, primary.reverseTypeId);
  addPair(data, ownerType, ownerId, 'companies', companyId, primary.typeId, primary.reverseTypeId);
  const owner = data.records[ownerType].get(ownerId);
  if (ownerType === 'contacts' && owner) updateRecord(data, owner, { associatedcompanyid: companyId }, source);
}

export function disassociate(data: PortalData, fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string) {
  data.associations.get(key(fromType, fromId))?.delete(key(toType, toId));
  data.associations.get(key(toType, toId))?.delete(key(fromType, fromId));
}

/** The live records a record is associated with, of one type, in id order. */
export function associationsOf(data: PortalData, fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType): { toId: string; typeIds: number[] }[] {
  const links = data.associations.get(key(fromType, fromId));
  if (!links) return [];
  const found: { toId: string; typeIds: number[] }[] = [];
  for (const [target, typeIds] of links) {
    const [type, toId] = target.split(':') as [HubSpotObjectType, string];
    if (type !== toType || typeIds.size === 0) continue;
    const record = data.records[type].get(toId);
    if (record && !record.archived) found.push({ toId, typeIds: [...typeIds].sort((a, b) => a - b) });
  }
  return found.sort((a, b) => Number(a.toId) - Number(b.toId));
}

const NOT_CARRIED = new Set(['hs_object_id', 'createdate', 'lastmodifieddate', 'hs_merged_object_ids', 'email', 'lifecyclestage', 'associatedcompanyid']);

/**
 * Merges one contact into another as HubSpot does: the primary keeps its id and values, takes the
 * other's values where it has none, the furthest lifecycle stage, the earlier create date and the
 * other's email as an additional one; its hs_merged_object_ids lists the contact merged in, whose
 * id then answers as the primary, and whose associations move to it (the primary keeps its own primary company).
 */
export function mergeContacts(data: PortalData, primary: StoredRecord, merged: StoredRecord, source: ChangeSource): StoredRecord {
  const at = data.now();
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged.properties)) if (value && !primary.properties[name] && !NOT_CARRIED.has(name)) values[name] = value;
  const stages = [primary.properties.lifecyclestage, merged.properties.lifecyclestage].filter((stage): stage is string => Boolean(stage) && stage !== 'other');
  const furthest = stages.sort((a, b) => LIFECYCLE_ORDER.indexOf(b) - LIFECYCLE_ORDER.indexOf(a))[0];
  if (furthest) values.lifecyclestage = furthest;
  if (merged.properties.email && merged.properties.email !== primary.properties.email) {
    const additional = (primary.properties.hs_additional_emails ?? '').split(';').filter(Boolean);
    values.hs_additional_emails = [...additional, merged.properties.email].join(';');
  }
  if (merged.createdAt < primary.createdAt) values.createdate = iso(merged.createdAt);
  const mergedIds = [...(primary.properties.hs_merged_object_ids ?? '').split(';'), merged.id, ...(merged.properties.hs_merged_object_ids ?? '').split(';')].filter(Boolean);
  values.hs_merged_object_ids = mergedIds.join(';');

  const events: ContactEvent[] = [];
  const moved = writeProperties(data, primary, values, source, events).length;
  for (const [target, typeIds] of data.associations.get(key('contacts', merged.id)) ?? []) {
    const [toType, toId] = target.split(':') as [HubSpotObjectType, string];
    disassociate(data, 'contacts', merged.id, toType, toId);
    for (const typeId of typeIds) if (associationTypeById(typeId)?.label !== 'Primary') associate(data, 'contacts', primary.id, toType, toId, typeId, source, false);
  }
  data.records.contacts.delete(merged.id);
  data.mergedInto.set(merged.id, primary.id);
  for (const [email, id] of data.contactEmails) if (id === merged.id) data.contactEmails.set(email, primary.id);
  events.push({ subscriptionType: 'contact.merge', objectId: primary.id, occurredAt: at, source, primaryObjectId: primary.id, mergedObjectIds: [merged.id], newObjectId: primary.id, numberOfPropertiesMoved: moved });
  emit(data, events);
  return primary;
}
