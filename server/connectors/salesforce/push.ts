import type { TCharter } from '../../../shared/charter';
import { statusValueFor } from '../../../shared/crm-write-back';
import { touchChannelLabel } from '../../../shared/touch-channels';
import { CrmError, type TDeliveryOutcome, type TOutboxWrite } from '../types';
import type { TSalesforceApi } from './client';
import { TOUCH_ID_FIELD } from './prepare';
import { verdictLeadFields } from './verdict';

// Handshake → Salesforce through sObject Collections, 200 records a call, each record
// answered on its own (allOrNone false). Decisions, verdicts and owner changes update the Lead; a
// touch becomes a completed Task upserted by its Handshake id (Handshake_Touch_Id__c), so a
// write retried after a crash updates the task it made rather than making a second.

/** sObject Collections take up to 200 records a call. */
const COLLECTION_SIZE = 200;
/** Per-record failures worth another attempt later; any other is Salesforce refusing the write for good. */
const RETRYABLE = new Set(['UNABLE_TO_LOCK_ROW', 'REQUEST_LIMIT_EXCEEDED', 'SERVER_UNAVAILABLE', 'UNKNOWN_EXCEPTION', 'ALL_OR_NONE_OPERATION_ROLLED_BACK']);
const TASK_SUBTYPES: Record<string, string> = { call: 'Call', email: 'Email' };

interface TSaveResult {
  id?: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields?: string[] }[];
  created?: boolean;
}

type TSObject = Record<string, unknown> & { attributes: { type: string } };

const failure = (error: unknown): TDeliveryOutcome => {
  if (!(error instanceof CrmError)) throw error;
  return error.kind === 'refused' ? { state: 'failed', error: error.message } : { state: 'retry', error: error.message, retryAfterMs: error.retryAfterMs };
};

function outcomeOf(result: TSaveResult | undefined, what: string): TDeliveryOutcome {
  if (result?.success) return { state: 'delivered', ...(result.id ? { crmObjectId: result.id } : {}) };
  const errors = result?.errors ?? [];
  const words = errors.map((e) => `${e.statusCode}: ${e.message}`).join('; ') || 'no result for this record';
  if (!result || errors.some((e) => RETRYABLE.has(e.statusCode))) return { state: 'retry', error: `Salesforce did not ${what}: ${words}` };
  return { state: 'failed', error: `Salesforce refused to ${what}: ${words}` };
}

const emailIn = (write: TOutboxWrite, key: 'userEmail' | 'ownerEmail') => (typeof write.payload[key] === 'string' ? write.payload[key] : '');

const soqlString = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** Active users by lower-cased e-mail. */
async function activeUsers(api: TSalesforceApi, emails: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  const unique = [...new Set(emails.map((e) => e.toLowerCase()))];
  for (let i = 0; i < unique.length; i += COLLECTION_SIZE) {
    const soql = `SELECT Id, Email FROM User WHERE IsActive = true AND Email IN (${unique.slice(i, i + COLLECTION_SIZE).map(soqlString).join(', ')})`;
    for await (const users of api.query<{ Id: string; Email: string }>('read users', soql)) for (const user of users) ids.set(user.Email.toLowerCase(), user.Id);
  }
  return ids;
}

/** Sends records in collections of 200; one outcome per record, in order. */
async function saveAll(api: TSalesforceApi, what: string, path: string, records: readonly TSObject[], describe: (i: number) => string): Promise<TDeliveryOutcome[]> {
  const outcomes: TDeliveryOutcome[] = [];
  for (let i = 0; i < records.length; i += COLLECTION_SIZE) {
    const chunk = records.slice(i, i + COLLECTION_SIZE);
    try {
      const results = await api.send<TSaveResult[]>(what, 'PATCH', path, { allOrNone: false, records: chunk });
      chunk.forEach((_, j) => outcomes.push(outcomeOf(results[j], describe(i + j))));
    } catch (error) {
      const outcome = failure(error);
      outcomes.push(...chunk.map(() => outcome));
    }
  }
  return outcomes;
}

/** The Lead fields a decision writes; an acceptance clears what an earlier rejection left. */
function decisionFields(write: TOutboxWrite, charter: TCharter): Record<string, unknown> {
  const mapping = charter.crmWriteBack.salesforce;
  const p = write.payload as { kind: 'accepted' | 'rejected'; reasonId: string | null; note: string | null };
  const rejected = p.kind === 'rejected';
  return {
    [mapping.fields.status]: statusValueFor(mapping.values, p.kind, p.reasonId),
    [mapping.fields.reason]: rejected ? p.reasonId : null,
    [mapping.fields.note]: rejected && p.note ? p.note : null,
  };
}

function touchTask(write: TOutboxWrite, ownerId: string | undefined, withSubtype: boolean): TSObject {
  const p = write.payload as { channel: string; at: string };
  const subtype = TASK_SUBTYPES[p.channel];
  return {
    attributes: { type: 'Task' },
    [TOUCH_ID_FIELD]: write.sourceId,
    WhoId: write.recordId,
    Subject: `${touchChannelLabel(p.channel)} logged in Handshake`,
    Status: 'Completed',
    ActivityDate: p.at.slice(0, 10),
    // Salesforce takes a task's subtype when it is created only.
    ...(withSubtype && subtype ? { TaskSubtype: subtype } : {}),
    ...(ownerId ? { OwnerId: ownerId } : {}),
  };
}

const subtypeRefused = (outcome: TDeliveryOutcome) => outcome.state === 'failed' && /INVALID_FIELD_FOR_INSERT_UPDATE[^;]*TaskSubtype/.test(outcome.error);

async function deliverTouches(api: TSalesforceApi, writes: readonly TOutboxWrite[], users: Map<string, string>): Promise<TDeliveryOutcome[]> {
  const ownerOf = (w: TOutboxWrite) => users.get(emailIn(w, 'userEmail').toLowerCase());
  const path = `/composite/sobjects/Task/${TOUCH_ID_FIELD}`;
  const describe = (list: readonly TOutboxWrite[]) => (i: number) => `log the touch ${list[i]!.sourceId} on lead ${list[i]!.recordId}`;
  const outcomes = await saveAll(api, 'log touches', path, writes.map((w) => touchTask(w, ownerOf(w), true)), describe(writes));
  // A task that exists already (an earlier attempt made it) is updated without its subtype.
  const again = writes.filter((_, i) => subtypeRefused(outcomes[i]!));
  if (again.length > 0) {
    const retried = await saveAll(api, 'log touches', path, again.map((w) => touchTask(w, ownerOf(w), false)), describe(again));
    again.forEach((w, i) => (outcomes[writes.indexOf(w)] = retried[i]!));
  }
  return outcomes;
}

export function salesforcePush(api: TSalesforceApi) {
  return {
    async deliver(writes: readonly TOutboxWrite[], charter: TCharter): Promise<TDeliveryOutcome[]> {
      const outcomes = new Map<number, TDeliveryOutcome>();
      const owners = writes.filter((w) => w.kind === 'owner');
      const touches = writes.filter((w) => w.kind === 'touch');
      const emails = [...owners.map((w) => emailIn(w, 'ownerEmail')), ...touches.map((w) => emailIn(w, 'userEmail'))].filter(Boolean);
      const users = emails.length > 0 ? await activeUsers(api, emails) : new Map<string, string>();

      const leadWrites: TOutboxWrite[] = [];
      const leadRecords: TSObject[] = [];
      for (const write of writes) {
        if (write.kind === 'decision') {
          leadWrites.push(write);
          leadRecords.push({ attributes: { type: 'Lead' }, id: write.recordId, ...decisionFields(write, charter) });
        } else if (write.kind === 'verdict') {
          leadWrites.push(write);
          leadRecords.push({ attributes: { type: 'Lead' }, id: write.recordId, ...verdictLeadFields(write) });
        } else if (write.kind === 'owner') {
          const email = emailIn(write, 'ownerEmail');
          const ownerId = users.get(email.toLowerCase());
          if (!ownerId) outcomes.set(write.id, { state: 'failed', error: `no active Salesforce user has the e-mail ${email}` });
          else {
            leadWrites.push(write);
            leadRecords.push({ attributes: { type: 'Lead' }, id: write.recordId, OwnerId: ownerId });
          }
        }
      }
      const updated = await saveAll(api, 'update leads', '/composite/sobjects', leadRecords, (i) => `update lead ${leadWrites[i]!.recordId}`);
      leadWrites.forEach((w, i) => outcomes.set(w.id, updated[i]!));
      (await deliverTouches(api, touches, users)).forEach((o, i) => outcomes.set(touches[i]!.id, o));
      return writes.map((w) => outcomes.get(w.id)!);
    },
  };
}
