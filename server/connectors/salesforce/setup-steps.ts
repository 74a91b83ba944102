// The words of Salesforce's Setup that the connector's steps point an admin to, and the
// shape of a Lead or Task field as describe reports it.

export interface TDescribedField {
  name: string;
  label: string;
  type: string;
  createable: boolean;
  updateable: boolean;
  externalId?: boolean;
  unique?: boolean;
  picklistValues?: { value: string; label: string; active: boolean }[];
}

export const fieldsAndRelationships = (object: string) => `Setup → Object Manager → ${object} → Fields & Relationships`;
export const bareName = (apiName: string) => apiName.replace(/__c$/, '');
export const labelOf = (apiName: string) => bareName(apiName).replace(/_/g, ' ');
export const editable = (field: TDescribedField, object: string) =>
  `${fieldsAndRelationships(object)} → ${field.label} → Set Field-Level Security: make it visible and editable (not read-only) for the integration user's profile.`;

export function activeValues(field: TDescribedField): Set<string> {
  return new Set((field.picklistValues ?? []).filter((v) => v.active).map((v) => v.value));
}
