import type { TCharter } from '../../../shared/charter';
import { CrmError, type TPrepareResult } from '../types';
import type { TSalesforceApi } from './client';
import { activeValues, bareName, editable, fieldsAndRelationships, labelOf, type TDescribedField } from './setup-steps';
import { checkVerdictFields } from './verdict';

// What write-back needs in a Salesforce org, checked at connect time. Fields cannot be made
// through the REST API (only the Metadata API can), so what is missing comes back as steps
// in Setup: the lead status values the charter maps decisions to, the rejection reason
// (a picklist whose values are the charter's reason ids) and note on Lead, and on Activity
// the external id every touch Handshake writes carries, so a retried write updates the
// task it made instead of making a second.

export const TOUCH_ID_FIELD = 'Handshake_Touch_Id__c';

export async function describeFields(api: TSalesforceApi, objectName: string): Promise<Map<string, TDescribedField>> {
  const described = await api.get<{ fields: TDescribedField[] }>(`describe ${objectName}`, `/sobjects/${objectName}/describe`);
  return new Map(described.fields.map((field) => [field.name.toLowerCase(), field]));
}


function checkStatus(lead: Map<string, TDescribedField>, charter: TCharter, done: string[], steps: string[]): void {
  const { fields, values } = charter.crmWriteBack.salesforce;
  const wanted = [...new Set([values.accepted, values.rejected, ...Object.values(values.byReason)])];
  const status = lead.get(fields.status.toLowerCase());
  if (!status) {
    steps.push(`Lead has no field "${fields.status}": set the charter's crmWriteBack.salesforce.fields.status to the API name of the lead's status field (Status as standard).`);
    return;
  }
  if (!status.updateable) steps.push(editable(status, 'Lead'));
  if (status.type !== 'picklist') {
    done.push(`${status.name} is a ${status.type} field: decisions write ${wanted.join(', ')} into it`);
    return;
  }
  const missing = wanted.filter((v) => !activeValues(status).has(v));
  if (missing.length > 0) {
    steps.push(
      `${fieldsAndRelationships('Lead')} → ${status.label} → Values → New: add ${missing.map((v) => `"${v}"`).join(', ')} (leave "Converted" unchecked), or change the charter's crmWriteBack.salesforce.values to values the field has.`,
    );
  } else done.push(`${status.name} has the values decisions write (${wanted.join(', ')})`);
}

function checkReason(lead: Map<string, TDescribedField>, charter: TCharter, done: string[], steps: string[]): void {
  const name = charter.crmWriteBack.salesforce.fields.reason;
  const ids = charter.rejectionReasons.map((r) => r.id);
  const relabel = charter.rejectionReasons.map((r) => `${r.id} → "${r.label}"`).join(', ');
  const reason = lead.get(name.toLowerCase());
  if (!reason) {
    steps.push(
      `${fieldsAndRelationships('Lead')} → New → Picklist → Field Label "${labelOf(name)}", Field Name "${bareName(name)}" (API name ${name}); "Enter values, with each value separated by a new line": ${ids.join(', ')} (the charter's reason ids, one per line); check "Restrict picklist to the values defined in the value set"; make it visible and editable for the integration user's profile. Then, to show reps the reasons in words, edit each value's Label (keep its API Name): ${relabel}.`,
    );
    return;
  }
  if (!reason.updateable) steps.push(editable(reason, 'Lead'));
  if (reason.type !== 'picklist') {
    done.push(`${reason.name} is a ${reason.type} field: rejections write the reason's id (${ids[0]}…) into it`);
    return;
  }
  const missing = ids.filter((id) => !activeValues(reason).has(id));
  if (missing.length > 0) {
    steps.push(`${fieldsAndRelationships('Lead')} → ${reason.label} → Values → New: add ${missing.join(', ')} (one per line: the charter's reason ids, written as each value's API Name).`);
  } else done.push(`${reason.name} has every reason of the charter`);
}

function checkNote(lead: Map<string, TDescribedField>, charter: TCharter, done: string[], steps: string[]): void {
  const name = charter.crmWriteBack.salesforce.fields.note;
  const note = lead.get(name.toLowerCase());
  if (!note) {
    steps.push(
      `${fieldsAndRelationships('Lead')} → New → Text Area (Long) → Field Label "${labelOf(name)}", Length 32768, Field Name "${bareName(name)}" (API name ${name}); make it visible and editable for the integration user's profile.`,
    );
  } else if (!note.updateable) steps.push(editable(note, 'Lead'));
  else done.push(`${note.name} is ready for rejection notes`);
}

function checkTouchId(task: Map<string, TDescribedField>, done: string[], steps: string[]): void {
  const touchId = task.get(TOUCH_ID_FIELD.toLowerCase());
  const create = `${fieldsAndRelationships('Activity')} → New → Text → Field Label "Handshake Touch Id", Length 64, Field Name "${bareName(TOUCH_ID_FIELD)}" (API name ${TOUCH_ID_FIELD}); check "Unique" and "External ID"; make it visible and editable for the integration user's profile.`;
  if (!touchId) {
    steps.push(create);
    return;
  }
  if (!touchId.externalId) steps.push(`${fieldsAndRelationships('Activity')} → ${touchId.label} → Edit: check "External ID" and "Unique".`);
  else if (!touchId.createable || !touchId.updateable) steps.push(editable(touchId, 'Activity'));
  else if (!touchId.unique) done.push(`${TOUCH_ID_FIELD} is an External ID but not Unique: upserting by it needs "View All Data" for the integration user; check "Unique" on it`);
  else done.push(`${TOUCH_ID_FIELD} on Activity is ready: a touch retried updates the task it made`);
}

/** The team's MQL and SQL date fields must exist, or every pull would fail on them. */
function checkDateFields(lead: Map<string, TDescribedField>, dateFields: readonly [string, string | undefined][], done: string[]): void {
  for (const [flag, name] of dateFields) {
    if (!name) continue;
    const field = lead.get(name.toLowerCase());
    if (!field) throw new CrmError('refused', `Lead has no field ${name} (--${flag}): give the API name from ${fieldsAndRelationships('Lead')}, e.g. MQL_Date__c.`);
    if (field.type !== 'date' && field.type !== 'datetime') throw new CrmError('refused', `Lead.${field.name} (--${flag}) is a ${field.type} field; a Date or Date/Time field is expected.`);
    done.push(`lifecycle dates read from ${field.name}`);
  }
}

export async function prepareSalesforce(api: TSalesforceApi, charter: TCharter, dateFields: { mqlDateField?: string; sqlDateField?: string }): Promise<TPrepareResult> {
  const done: string[] = [];
  const steps: string[] = [];
  const lead = await describeFields(api, 'Lead');
  checkDateFields(lead, [['mql-date-field', dateFields.mqlDateField], ['sql-date-field', dateFields.sqlDateField]], done);
  checkStatus(lead, charter, done, steps);
  checkReason(lead, charter, done, steps);
  checkNote(lead, charter, done, steps);
  checkTouchId(await describeFields(api, 'Task'), done, steps);
  checkVerdictFields(lead, charter.crmWriteBack.salesforce.verdict, done, steps);
  return { done, steps };
}
