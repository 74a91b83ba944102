import { ENGAGEMENT_TYPES, OBJECT_TYPES, defaultAssociationType, type HubSpotEngagementType, type HubSpotObjectType } from './hubspot-object-types';
import {
  archiveRecord,
  associate,
  associationsOf,
  checkWrite,
  createRecord,
  findContactByEmail,
  findRecord,
  iso,
  mergeContacts,
  updateRecord,
  type CreatedAssociation,
  type PortalData,
  type StoredOwner,
  type StoredRecord,
} from './hubspot-portal';
import type { HubSpotPropertyDefinition } from './hubspot-properties';
import { subscribeWebhooks, type HubSpotWebhooks } from './hubspot-webhooks';

// What a test does in the portal without the API — as a HubSpot user would in the CRM (those changes
// carry changeSource CRM_UI in webhooks) — and what it reads back of what the API did.

export interface HubSpotOwnerInput {
  email: string;
  firstName?: string;
  lastName?: string;
  userId?: number;
  archived?: boolean;
}

export interface HubSpotRecordView {
  id: string;
  type: HubSpotObjectType;
  properties: Record<string, string>;
  createdAt: number;
  updatedAt: number;
  archived: boolean;
  createdThroughApi: boolean;
}

export interface HubSpotPortal {
  readonly portalId: number;
  readonly appId: number;
  /** Replaces the token's scopes; calls are refused 403 MISSING_SCOPES from then on as they decide. */
  setScopes(scopes: string[]): void;
  addOwner(owner: HubSpotOwnerInput): StoredOwner;
  updateOwner(id: string, changes: Partial<HubSpotOwnerInput>): StoredOwner;
  /** Creates a record (values checked as HubSpot checks them, read-only ones allowed) and returns its id. */
  add(type: HubSpotObjectType, properties?: Record<string, string>): string;
  addContact(properties?: Record<string, string>): string;
  addCompany(properties?: Record<string, string>): string;
  addDeal(properties?: Record<string, string>): string;
  /** hs_timestamp defaults to the clock. */
  addEngagement(type: HubSpotEngagementType, properties?: Record<string, string>): string;
  update(type: HubSpotObjectType, id: string, properties: Record<string, string>): void;
  /** With no type id, the unlabeled HubSpot-defined type (279 contact→company, 194 call→contact, 3 deal→contact...). */
  associate(fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType, toId: string, typeId?: number): void;
  /** As POST /crm/v3/objects/contacts/merge: the primary keeps its id; the other id answers as the primary from then on. */
  merge(primaryId: string, mergedId: string): void;
  archive(type: HubSpotObjectType, id: string): void;
  /** Any record, archived too; a merged-away contact id gives the contact it lives on in. */
  record(type: HubSpotObjectType, id: string): HubSpotRecordView | undefined;
  /** A record's stored values (dates as ISO strings); throws when there is no such record. */
  properties(type: HubSpotObjectType, id: string): Record<string, string>;
  records(type: HubSpotObjectType, options?: { includeArchived?: boolean }): HubSpotRecordView[];
  /** Records created by API calls (create and batch/create), in creation order. */
  createdThroughApi(type: HubSpotObjectType): HubSpotRecordView[];
  /** Live associations of a record with records of one type, each with its association type ids. */
  associations(fromType: HubSpotObjectType, fromId: string, toType: HubSpotObjectType): { toId: string; typeIds: number[] }[];
  /** Associations made by API calls (create with associations, v4 PUT), in order. */
  associationsCreatedThroughApi(): CreatedAssociation[];
  propertyDefinition(type: HubSpotObjectType, name: string): HubSpotPropertyDefinition | undefined;
  /** From now on, contact creations, property changes, deletions and merges are POSTed to targetUrl, signed with clientSecret. */
  webhooks(targetUrl: string, clientSecret: string): HubSpotWebhooks;
}

function view(record: StoredRecord): HubSpotRecordView {
  return { id: record.id, type: record.type, properties: { ...record.properties }, createdAt: record.createdAt, updatedAt: record.updatedAt, archived: record.archived, createdThroughApi: record.createdThroughApi };
}

function checked(data: PortalData, type: HubSpotObjectType, properties: Record<string, string>, record?: StoredRecord): Record<string, string> {
  const { values, problems } = checkWrite(data, type, properties, 'portal');
  if (problems.length > 0) throw new Error(`HubSpot refuses these ${type} values: ${problems.map((problem) => `${problem.name}: ${problem.message}`).join('; ')}`);
  const existing = type === 'contacts' && values.email ? findContactByEmail(data, values.email) : undefined;
  if (existing && existing !== record) throw new Error(`a contact with e-mail ${values.email} already exists: ${existing.id}`);
  return values;
}

export function portalControl(data: PortalData, appId: number, setScopes: (scopes: string[]) => void): HubSpotPortal {
  const stored = (type: HubSpotObjectType, id: string) => {
    const live = findRecord(data, type, id) ?? findRecord(data, type, id, true);
    if (!live) throw new Error(`no ${OBJECT_TYPES[type].singular} ${id} in the portal`);
    return live;
  };
  const owner = (id: string) => {
    const found = data.owners.find((one) => one.id === id);
    if (!found) throw new Error(`no owner ${id} in the portal`);
    return found;
  };
  const add = (type: HubSpotObjectType, properties: Record<string, string> = {}) => createRecord(data, type, checked(data, type, properties), 'portal').id;

  return {
    portalId: data.portalId,
    appId,
    setScopes,
    addOwner(input) {
      const at = data.now();
      const id = String(70_000_001 + data.owners.length);
      const created: StoredOwner = {
        id,
        email: input.email,
        firstName: input.firstName ?? '',
        lastName: input.lastName ?? '',
        userId: input.userId ?? 9_000_001 + data.owners.length,
        createdAt: at,
        updatedAt: at,
        archived: input.archived ?? false,
        teams: [],
      };
      data.owners.push(created);
      return { ...created };
    },
    updateOwner(id, changes) {
      const found = owner(id);
      Object.assign(found, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)), { updatedAt: data.now() });
      return { ...found };
    },
    add,
    addContact: (properties) => add('contacts', properties),
    addCompany: (properties) => add('companies', properties),
    addDeal: (properties) => add('deals', properties),
    addEngagement(type, properties = {}) {
      if (!ENGAGEMENT_TYPES.includes(type)) throw new Error(`${String(type)} is not an engagement type`);
      return add(type, { hs_timestamp: iso(data.now()), ...properties });
    },
    update(type, id, properties) {
      const record = stored(type, id);
      updateRecord(data, record, checked(data, type, properties, record), 'portal');
    },
    associate(fromType, fromId, toType, toId, typeId) {
      const from = stored(fromType, fromId);
      const to = stored(toType, toId);
      const chosen = typeId ?? defaultAssociationType(fromType, toType)?.typeId;
      if (chosen === undefined) throw new Error(`HubSpot defines no association from ${fromType} to ${toType}`);
      associate(data, fromType, from.id, toType, to.id, chosen, 'portal');
    },
    merge(primaryId, mergedId) {
      const primary = stored('contacts', primaryId);
      const merged = stored('contacts', mergedId);
      if (primary === merged) throw new Error(`contacts ${primaryId} and ${mergedId} are one contact`);
      mergeContacts(data, primary, merged, 'portal');
    },
    archive(type, id) {
      archiveRecord(data, stored(type, id), 'portal');
    },
    record(type, id) {
      try {
        return view(stored(type, id));
      } catch {
        return undefined;
      }
    },
    properties: (type, id) => ({ ...stored(type, id).properties }),
    records: (type, options = {}) =>
      [...data.records[type].values()]
        .filter((record) => options.includeArchived || !record.archived)
        .sort((a, b) => Number(a.id) - Number(b.id))
        .map(view),
    createdThroughApi: (type) => [...data.records[type].values()].filter((record) => record.createdThroughApi).map(view),
    associations: (fromType, fromId, toType) => associationsOf(data, fromType, stored(fromType, fromId).id, toType),
    associationsCreatedThroughApi: () => data.createdAssociations.map((association) => ({ ...association })),
    propertyDefinition: (type, name) => {
      const definition = data.properties[type].get(name);
      return definition ? { ...definition, options: definition.options.map((option) => ({ ...option })) } : undefined;
    },
    webhooks: (targetUrl, clientSecret) => subscribeWebhooks(data, targetUrl, clientSecret, appId),
  };
}
