import { v2 } from 'pipedrive';
import type { TCharter } from '../../../shared/charter';
import { statusValueFor } from '../../../shared/crm-write-back';
import { touchChannelLabel } from '../../../shared/touch-channels';
import { CrmError, type TDeliveryOutcome, type TOutboxWrite } from '../types';
import type { TPipedriveApi } from './client';
import { readPersonFields, type TPipedriveFields } from './prepare';
import { touchMarker, type TUsers } from './pull';
import { knownVerdictFields, verdictCustomFields, type TPipedriveVerdictFields } from './verdict';

// Handshake → Pipedrive, one write at a time. A decision sets the person's status, reason
// and note fields; a verdict its verdict fields (verdict.ts); an owner change sets the
// person's owner; a touch becomes a done activity on the person (a call, e-mail or meeting,
// else a task) whose note carries Handshake's touch id, looked for among the person's
// activities first, so a write retried after a crash finds what it made instead of making it
// twice.

const ACTIVITY_TYPE_OF_CHANNEL: Record<string, string> = { call: 'call', email: 'email', meeting: 'meeting' };
const ACTIVITIES_PAGE = 500;

type TDecisionPayload = { kind: 'accepted' | 'rejected'; reasonId: string | null; reasonLabel?: string | null; note: string | null };
type TTouchPayload = { channel: string; at: string; userEmail?: string };

const outcomeOf = (error: unknown): TDeliveryOutcome => {
  if (!(error instanceof CrmError)) throw error;
  return error.kind === 'refused' ? { state: 'failed', error: error.message } : { state: 'retry', error: error.message, retryAfterMs: error.retryAfterMs };
};

function personId(write: TOutboxWrite): number {
  const id = Number(write.recordId);
  if (!Number.isInteger(id) || id <= 0) throw new CrmError('refused', `"${write.recordId}" is not a Pipedrive person id`);
  return id;
}

export interface TPipedrivePush {
  deliver(writes: readonly TOutboxWrite[], charter: TCharter): Promise<TDeliveryOutcome[]>;
}

export function pipedrivePush(api: TPipedriveApi, users: TUsers, learned: TPipedriveFields | undefined, learnedVerdict: TPipedriveVerdictFields): TPipedrivePush {
  let fields = learned;
  let refreshed = false;
  let verdictFields = learnedVerdict;
  let verdictRefreshed = false;

  /** The fields as learned at connect; read again once when an option or the fields are missing (the charter gained a reason). */
  async function fieldsWith(need: (f: TPipedriveFields) => boolean, charter: TCharter): Promise<TPipedriveFields | undefined> {
    if (fields && need(fields)) return fields;
    if (refreshed) return fields;
    refreshed = true;
    const names = charter.crmWriteBack.pipedrive.fields;
    const rows = await readPersonFields(api);
    const byName = (name: string) => rows.find((f) => f.name === name);
    const [status, reason, note] = [byName(names.status), byName(names.reason), byName(names.note)];
    if (status && reason && note) {
      const options = (f: typeof status) => Object.fromEntries((f.options ?? []).map((o) => [o.label, o.id]));
      fields = { status: { key: status.key, options: options(status) }, reason: { key: reason.key, options: options(reason) }, note: { key: note.key } };
    }
    return fields;
  }

  async function userIdOf(email: string | undefined): Promise<number | undefined> {
    if (!email) return undefined;
    return (await users()).find((u) => u.email.toLowerCase() === email.toLowerCase())?.id;
  }

  async function updatePerson(write: TOutboxWrite, body: v2.UpdatePersonRequest): Promise<TDeliveryOutcome> {
    const id = personId(write);
    await api.call(`update person ${id}`, (c) => new v2.PersonsApi(c.v2).updatePerson({ id, UpdatePersonRequest: body }));
    return { state: 'delivered' };
  }

  async function deliverDecision(write: TOutboxWrite, charter: TCharter): Promise<TDeliveryOutcome> {
    const p = write.payload as TDecisionPayload;
    const mapping = charter.crmWriteBack.pipedrive;
    const status = statusValueFor(mapping.values, p.kind, p.reasonId);
    const reason = p.kind === 'rejected' && p.reasonId ? (charter.rejectionReasons.find((r) => r.id === p.reasonId)?.label ?? p.reasonLabel ?? p.reasonId) : null;
    const f = await fieldsWith((known) => known.status.options[status] !== undefined && (reason === null || known.reason.options[reason] !== undefined), charter);
    if (!f) return { state: 'failed', error: `the Pipedrive person fields "${mapping.fields.status}", "${mapping.fields.reason}" and "${mapping.fields.note}" are missing: run connect pipedrive again to create them` };
    const statusOption = f.status.options[status];
    const reasonOption = reason === null ? null : f.reason.options[reason];
    if (statusOption === undefined) return { state: 'failed', error: `the Pipedrive person field "${mapping.fields.status}" has no option "${status}": run connect pipedrive again to add it` };
    if (reasonOption === undefined) return { state: 'failed', error: `the Pipedrive person field "${mapping.fields.reason}" has no option "${reason}": run connect pipedrive again to add the charter's reasons` };
    // An acceptance clears what an earlier rejection of the same person left.
    const note = p.kind === 'rejected' && p.note ? p.note : null;
    return updatePerson(write, { custom_fields: { [f.status.key]: statusOption, [f.reason.key]: reasonOption, [f.note.key]: note } });
  }

  async function deliverOwner(write: TOutboxWrite): Promise<TDeliveryOutcome> {
    const email = typeof write.payload.ownerEmail === 'string' ? write.payload.ownerEmail : '';
    const ownerId = await userIdOf(email);
    if (ownerId === undefined) return { state: 'failed', error: `no Pipedrive user has the e-mail ${email}` };
    return updatePerson(write, { owner_id: ownerId });
  }

  /** The activity an earlier attempt made for this touch, if any. */
  async function activityAlreadyMade(person: number, marker: string): Promise<number | undefined> {
    let cursor: string | undefined;
    do {
      const from = cursor;
      const page = await api.call(`read the activities of person ${person}`, (c) => new v2.ActivitiesApi(c.v2).getActivities({ person_id: person, limit: ACTIVITIES_PAGE, cursor: from }));
      const made = (page.data ?? []).find((a) => (a.note ?? '').includes(marker));
      if (made?.id !== undefined) return made.id;
      cursor = page.additional_data?.next_cursor ?? undefined;
    } while (cursor);
    return undefined;
  }

  async function deliverTouch(write: TOutboxWrite): Promise<TDeliveryOutcome> {
    const p = write.payload as TTouchPayload;
    const person = personId(write);
    const marker = touchMarker(write.sourceId);
    const existing = await activityAlreadyMade(person, marker);
    if (existing !== undefined) return { state: 'delivered', crmObjectId: String(existing) };
    const at = new Date(p.at);
    const ownerId = await userIdOf(p.userEmail);
    const request: v2.AddActivityRequest = {
      subject: `${touchChannelLabel(p.channel)} logged in Handshake`,
      type: ACTIVITY_TYPE_OF_CHANNEL[p.channel] ?? 'task',
      person_id: person,
      due_date: at.toISOString().slice(0, 10),
      due_time: at.toISOString().slice(11, 16),
      done: true,
      note: `Logged in Handshake${p.userEmail ? ` by ${p.userEmail}` : ''}. ${marker}`,
      ...(ownerId !== undefined ? { owner_id: ownerId } : {}),
    };
    const created = await api.call(`log an activity on person ${person}`, (c) => new v2.ActivitiesApi(c.v2).addActivity({ AddActivityRequest: request }));
    const id = created.data?.id;
    return id === undefined ? { state: 'failed', error: `Pipedrive did not say which activity it created on person ${person}` } : { state: 'delivered', crmObjectId: String(id) };
  }

  async function deliverVerdict(write: TOutboxWrite): Promise<TDeliveryOutcome> {
    let custom = verdictCustomFields(write, verdictFields);
    if ('missing' in custom && !verdictRefreshed) {
      // Made after this connection learned its fields (connect run again elsewhere): found by name.
      verdictRefreshed = true;
      verdictFields = await knownVerdictFields(api, verdictFields);
      custom = verdictCustomFields(write, verdictFields);
    }
    if ('missing' in custom) return { state: 'failed', error: custom.missing };
    return updatePerson(write, { custom_fields: custom.fields });
  }

  async function deliverOne(write: TOutboxWrite, charter: TCharter): Promise<TDeliveryOutcome> {
    if (write.kind === 'decision') return deliverDecision(write, charter);
    if (write.kind === 'verdict') return deliverVerdict(write);
    if (write.kind === 'owner') return deliverOwner(write);
    return deliverTouch(write);
  }

  return {
    async deliver(writes, charter) {
      const outcomes: TDeliveryOutcome[] = [];
      for (const write of writes) {
        const waiting = outcomes.find((o) => o.state === 'retry');
        // Pipedrive is failing or asks to slow down: the rest wait for the next round without a call.
        if (waiting) {
          outcomes.push(waiting);
          continue;
        }
        try {
          outcomes.push(await deliverOne(write, charter));
        } catch (error) {
          outcomes.push(outcomeOf(error));
        }
      }
      return outcomes;
    },
  };
}
