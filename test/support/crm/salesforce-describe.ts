import type { FieldDef, FieldType, ObjectDef } from './salesforce-schema';

// The describe answers (describeGlobal and sObject Describe) in the shape Salesforce sends,
// built from the stand-in's schema.

const SOAP_TYPES: Record<FieldType, string> = {
  id: 'tns:ID',
  reference: 'tns:ID',
  string: 'xsd:string',
  textarea: 'xsd:string',
  email: 'xsd:string',
  url: 'xsd:string',
  phone: 'xsd:string',
  combobox: 'xsd:string',
  picklist: 'xsd:string',
  datetime: 'xsd:dateTime',
  date: 'xsd:date',
  boolean: 'xsd:boolean',
  int: 'xsd:int',
  double: 'xsd:double',
  currency: 'xsd:double',
};

function describeField(field: FieldDef): Record<string, unknown> {
  const isText = SOAP_TYPES[field.type] === 'xsd:string' || field.type === 'id' || field.type === 'reference';
  const numeric = field.type === 'double' || field.type === 'currency';
  return {
    name: field.name,
    label: field.label,
    type: field.type,
    soapType: SOAP_TYPES[field.type],
    length: isText ? (field.length ?? 0) : 0,
    byteLength: isText ? (field.length ?? 0) * 3 : 0,
    digits: field.type === 'int' ? 9 : 0,
    precision: numeric ? 18 : 0,
    scale: numeric ? 2 : 0,
    createable: field.createable,
    updateable: field.updateable,
    nillable: field.nillable,
    defaultedOnCreate: field.type === 'boolean' || ['Id', 'OwnerId', 'CreatedDate', 'CreatedById', 'LastModifiedDate', 'LastModifiedById', 'SystemModstamp'].includes(field.name),
    calculated: field.calculated ?? false,
    custom: field.custom,
    externalId: field.externalId ?? false,
    unique: field.unique ?? false,
    idLookup: field.type === 'id' || (field.externalId ?? false) || (field.unique ?? false),
    caseSensitive: false,
    nameField: field.name === 'Name',
    filterable: field.type !== 'textarea',
    sortable: field.type !== 'textarea',
    groupable: field.type !== 'textarea' && field.type !== 'datetime',
    picklistValues: (field.picklistValues ?? []).map((entry) => ({ ...entry, validFor: null })),
    restrictedPicklist: field.restrictedPicklist ?? false,
    dependentPicklist: false,
    referenceTo: field.referenceTo ?? [],
    relationshipName: field.relationshipName ?? null,
    polymorphicForeignKey: (field.referenceTo?.length ?? 0) > 1,
    cascadeDelete: false,
    defaultValue: null,
    inlineHelpText: null,
  };
}

const objectFlags = (def: ObjectDef) => ({
  name: def.name,
  label: def.label,
  labelPlural: def.labelPlural,
  keyPrefix: def.keyPrefix,
  custom: def.name.endsWith('__c'),
  createable: true,
  updateable: true,
  deletable: def.name !== 'User',
  queryable: true,
  retrieveable: true,
  searchable: true,
  triggerable: true,
  undeletable: def.name !== 'User',
  replicateable: true,
  layoutable: true,
});

function objectUrls(def: ObjectDef, version: string): Record<string, string> {
  const base = `/services/data/v${version}/sobjects/${def.name}`;
  return { sobject: base, describe: `${base}/describe`, rowTemplate: `${base}/{ID}` };
}

export function describeGlobal(objects: ObjectDef[], version: string): Record<string, unknown> {
  return {
    encoding: 'UTF-8',
    maxBatchSize: 200,
    sobjects: objects.map((def) => ({ ...objectFlags(def), urls: objectUrls(def, version) })),
  };
}

export function describeObject(def: ObjectDef, version: string): Record<string, unknown> {
  return {
    ...objectFlags(def),
    fields: def.fields.map(describeField),
    childRelationships: [],
    recordTypeInfos: [],
    urls: objectUrls(def, version),
  };
}

/** The basic information GET /sobjects/{type} answers. */
export function objectSummary(def: ObjectDef, version: string): Record<string, unknown> {
  return { objectDescribe: { ...objectFlags(def), urls: objectUrls(def, version) }, recentItems: [] };
}
