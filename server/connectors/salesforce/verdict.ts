import type { TOutboxWrite } from '../types';
import { VERDICT_FIELD_SPECS, type TVerdictField, type TVerdictFieldSpec } from '../verdict';
import { activeValues, bareName, editable, fieldsAndRelationships, type TDescribedField } from './setup-steps';

// The verdict on Salesforce Leads: one custom field per verdict field. The REST API cannot
// create fields, so connecting checks them and prints, for each one missing, the steps in
// Setup that make it; a verdict write sets them, a null clearing the field.

/** Handshake_Stage__c, Handshake_SLA_Deadline__c… */
export const verdictFieldName = (field: TVerdictField) =>
  `Handshake_${VERDICT_FIELD_SPECS[field].label
    .split(' ')
    .map((word) => (word === word.toUpperCase() ? word : `${word[0]!.toUpperCase()}${word.slice(1)}`))
    .join('_')}__c`;

/** The describe types each kind of field may be, the first one being what the steps create. */
const TYPES: Record<TVerdictFieldSpec['kind'], { accepted: readonly string[]; create: string }> = {
  enum: { accepted: ['picklist', 'string'], create: 'Picklist' },
  datetime: { accepted: ['datetime'], create: 'Date/Time' },
  number: { accepted: ['double', 'int'], create: 'Number, Length 18, Decimal Places 0' },
  text: { accepted: ['string', 'textarea', 'email'], create: 'Text, Length 255' },
};

function createStep(field: TVerdictField): string {
  const spec = VERDICT_FIELD_SPECS[field];
  const name = verdictFieldName(field);
  const values = spec.options
    ? `; "Enter values, with each value separated by a new line": ${spec.options.map(([value]) => value).join(', ')} (one per line, each value's API Name; the labels may read ${spec.options.map(([, label]) => `"${label}"`).join(', ')}); check "Restrict picklist to the values defined in the value set"`
    : '';
  return `${fieldsAndRelationships('Lead')} → New → ${TYPES[spec.kind].create} → Field Label "Handshake ${spec.label}", Field Name "${bareName(name)}" (API name ${name})${values}; make it visible and editable for the integration user's profile.`;
}

/** Checks each wanted verdict field on Lead; what is missing or wrong becomes a step. */
export function checkVerdictFields(lead: Map<string, TDescribedField>, wanted: readonly TVerdictField[], done: string[], steps: string[]): void {
  const ready: string[] = [];
  for (const field of wanted) {
    const spec = VERDICT_FIELD_SPECS[field];
    const name = verdictFieldName(field);
    const found = lead.get(name.toLowerCase());
    if (!found) {
      steps.push(createStep(field));
      continue;
    }
    if (!TYPES[spec.kind].accepted.includes(found.type)) {
      steps.push(`Lead.${found.name} is a ${found.type} field; the verdict writes a ${spec.kind === 'enum' ? 'picklist value' : spec.kind} into it: delete it and create it again: ${createStep(field)}`);
      continue;
    }
    if (!found.updateable) {
      steps.push(editable(found, 'Lead'));
      continue;
    }
    const missing = found.type === 'picklist' ? (spec.options ?? []).map(([value]) => value).filter((value) => !activeValues(found).has(value)) : [];
    if (missing.length > 0) steps.push(`${fieldsAndRelationships('Lead')} → ${found.label} → Values → New: add ${missing.join(', ')} (one per line, each value's API Name).`);
    else ready.push(found.name);
  }
  if (ready.length > 0) done.push(`the verdict's Lead fields ${ready.join(', ')} are ready`);
}

/** A verdict write as Lead fields. */
export function verdictLeadFields(write: TOutboxWrite): Record<string, unknown> {
  const fields = (write.payload.fields ?? {}) as Partial<Record<TVerdictField, string | number | null>>;
  return Object.fromEntries(Object.entries(fields).map(([field, value]) => [verdictFieldName(field as TVerdictField), value ?? null]));
}
