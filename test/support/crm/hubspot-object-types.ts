// The HubSpot object types the stand-in serves, the names HubSpot accepts for them in a path,
// and the HubSpot-defined association types between them (the ids HubSpot documents).

export type HubSpotObjectType = 'contacts' | 'companies' | 'deals' | 'calls' | 'emails' | 'meetings' | 'notes';
export type HubSpotEngagementType = 'calls' | 'emails' | 'meetings' | 'notes';

export interface ObjectTypeFacts {
  singular: string;
  objectTypeId: string;
  /** HubSpot guards the engagements (calls, emails, meetings, notes) with the contact scopes. */
  scopeObject: 'contacts' | 'companies' | 'deals';
  createdProperties: string[];
  modifiedProperty: string;
  /** What a read returns when it names no properties. */
  defaultProperties: string[];
  /** What a search `query` looks through. */
  searchableProperties: string[];
  firstId: number;
}

const ENGAGEMENT = { scopeObject: 'contacts', createdProperties: ['hs_createdate'], modifiedProperty: 'hs_lastmodifieddate', defaultProperties: ['hs_createdate', 'hs_lastmodifieddate', 'hs_object_id'], firstId: 30_000_001 } as const;

export const OBJECT_TYPES: Record<HubSpotObjectType, ObjectTypeFacts> = {
  contacts: {
    singular: 'contact',
    objectTypeId: '0-1',
    scopeObject: 'contacts',
    createdProperties: ['createdate'],
    modifiedProperty: 'lastmodifieddate',
    defaultProperties: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    searchableProperties: ['firstname', 'lastname', 'email', 'phone', 'hs_additional_emails', 'fax', 'mobilephone', 'company'],
    firstId: 1001,
  },
  companies: {
    singular: 'company',
    objectTypeId: '0-2',
    scopeObject: 'companies',
    createdProperties: ['createdate', 'hs_createdate'],
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    searchableProperties: ['website', 'phone', 'name', 'domain'],
    firstId: 5_000_001,
  },
  deals: {
    singular: 'deal',
    objectTypeId: '0-3',
    scopeObject: 'deals',
    createdProperties: ['createdate', 'hs_createdate'],
    modifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['amount', 'closedate', 'createdate', 'dealname', 'dealstage', 'hs_lastmodifieddate', 'hs_object_id', 'pipeline'],
    searchableProperties: ['dealname', 'pipeline', 'dealstage', 'description', 'dealtype'],
    firstId: 8_000_001,
  },
  calls: { ...ENGAGEMENT, singular: 'call', objectTypeId: '0-48', createdProperties: [...ENGAGEMENT.createdProperties], defaultProperties: [...ENGAGEMENT.defaultProperties], searchableProperties: ['hs_call_title', 'hs_call_body'] },
  emails: { ...ENGAGEMENT, singular: 'email', objectTypeId: '0-49', createdProperties: [...ENGAGEMENT.createdProperties], defaultProperties: [...ENGAGEMENT.defaultProperties], searchableProperties: ['hs_email_subject'] },
  meetings: { ...ENGAGEMENT, singular: 'meeting', objectTypeId: '0-47', createdProperties: [...ENGAGEMENT.createdProperties], defaultProperties: [...ENGAGEMENT.defaultProperties], searchableProperties: ['hs_meeting_title', 'hs_meeting_body'] },
  notes: { ...ENGAGEMENT, singular: 'note', objectTypeId: '0-46', createdProperties: [...ENGAGEMENT.createdProperties], defaultProperties: [...ENGAGEMENT.defaultProperties], searchableProperties: ['hs_note_body'] },
};

export const ALL_OBJECT_TYPES = Object.keys(OBJECT_TYPES) as HubSpotObjectType[];
export const ENGAGEMENT_TYPES: HubSpotEngagementType[] = ['calls', 'emails', 'meetings', 'notes'];

/** HubSpot takes the plural, the singular or the object type id in a path ("contacts", "contact", "0-1"). */
export function objectTypeFrom(name: string): HubSpotObjectType | undefined {
  const wanted = name.toLowerCase();
  return ALL_OBJECT_TYPES.find((type) => type === wanted || OBJECT_TYPES[type].singular === wanted || OBJECT_TYPES[type].objectTypeId === wanted);
}

export interface AssociationTypeFacts {
  typeId: number;
  from: HubSpotObjectType;
  to: HubSpotObjectType;
  reverseTypeId: number;
  /** "Primary" for the primary company of a contact or deal; the unlabeled types have none. */
  label: string | null;
  /** The name the v3 object endpoints give it under `associations`. */
  v3Name: string;
}

// [from, to, typeId, reverse typeId, primary]
const PAIRS: [HubSpotObjectType, HubSpotObjectType, number, number, boolean][] = [
  ['contacts', 'companies', 279, 280, false],
  ['contacts', 'companies', 1, 2, true],
  ['deals', 'companies', 341, 342, false],
  ['deals', 'companies', 5, 6, true],
  ['deals', 'contacts', 3, 4, false],
  ['calls', 'contacts', 194, 193, false],
  ['emails', 'contacts', 198, 197, false],
  ['meetings', 'contacts', 200, 199, false],
  ['notes', 'contacts', 202, 201, false],
  ['calls', 'companies', 182, 181, false],
  ['emails', 'companies', 186, 185, false],
  ['meetings', 'companies', 188, 187, false],
  ['notes', 'companies', 190, 189, false],
  ['calls', 'deals', 206, 205, false],
  ['emails', 'deals', 210, 209, false],
  ['meetings', 'deals', 212, 211, false],
  ['notes', 'deals', 214, 213, false],
];

function v3Name(from: HubSpotObjectType, to: HubSpotObjectType, primary: boolean, hasPrimary: boolean): string {
  const name = `${OBJECT_TYPES[from].singular}_to_${OBJECT_TYPES[to].singular}`;
  return hasPrimary && !primary ? `${name}_unlabeled` : name;
}

export const ASSOCIATION_TYPES: AssociationTypeFacts[] = PAIRS.flatMap(([from, to, typeId, reverseTypeId, primary]) => {
  const hasPrimary = PAIRS.some(([f, t, , , p]) => f === from && t === to && p);
  const label = primary ? 'Primary' : null;
  return [
    { typeId, from, to, reverseTypeId, label, v3Name: v3Name(from, to, primary, hasPrimary) },
    { typeId: reverseTypeId, from: to, to: from, reverseTypeId: typeId, label, v3Name: v3Name(to, from, primary, hasPrimary) },
  ];
});

export function associationTypeById(typeId: number): AssociationTypeFacts | undefined {
  return ASSOCIATION_TYPES.find((type) => type.typeId === typeId);
}

/** The unlabeled type HubSpot uses when an association names no label (the "default" association). */
export function defaultAssociationType(from: HubSpotObjectType, to: HubSpotObjectType): AssociationTypeFacts | undefined {
  return ASSOCIATION_TYPES.find((type) => type.from === from && type.to === to && type.label === null);
}

export function primaryAssociationType(from: HubSpotObjectType, to: HubSpotObjectType): AssociationTypeFacts | undefined {
  return ASSOCIATION_TYPES.find((type) => type.from === from && type.to === to && type.label === 'Primary');
}
