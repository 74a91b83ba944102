import type { TCharter } from '../../../shared/charter';
import { statusValueFor } from '../../../shared/crm-write-back';
import { touchChannelLabel } from '../../../shared/touch-channels';
import { CrmError, type TDeliveryOutcome, type TOutboxWrite } from '../types';
import type { THubSpotApi } from './client';
import { TOUCH_ID_PROPERTY } from './prepare';
import type { TOwners } from './pull';
import { verdictProperties } from './verdict';

// Handshake → HubSpot. Decisions, verdicts and owner changes are contact updates, sent in batches;
// a touch becomes the engagement HubSpot logs it as (call, e-mail, meeting, else a note),
// associated with the contact and carrying its Handshake id, which is searched for first so
// a write retried after a crash finds what it made instead of making it twice.

type TObject = { id: string; properties: Record<string, string | null> };

/** HubSpot-defined association types from each engagement to a contact. */
const TO_CONTACT: Record<string, number> = { calls: 194, emails: 198, meetings: 200, notes: 202 };
const OBJECT_OF_CHANNEL: Record<string, keyof typeof TO_CONTACT> = { call: 'calls', email: 'emails', meeting: 'meetings' };

const failure = (error: unknown): TDeliveryOutcome => {
  if (!(error instanceof CrmError)) throw error;
  return error.kind === 'refused' ? { state: 'failed', error: error.message } : { state: 'retry', error: error.message, retryAfterMs: error.retryAfterMs };
};

export interface THubSpotPush {
  deliver(writes: readonly TOutboxWrite[], charter: TCharter): Promise<TDeliveryOutcome[]>;
}

export function hubspotPush(api: THubSpotApi, readOwners: TOwners): THubSpotPush {
  const ownerIdByEmail = async () => new Map((await readOwners()).map((o) => [o.email.toLowerCase(), o.id]));
  function decisionProperties(write: TOutboxWrite, charter: TCharter): Record<string, string> {
    const mapping = charter.crmWriteBack.hubspot;
    const p = write.payload as { kind: 'accepted' | 'rejected'; reasonId: string | null; note: string | null };
    return {
      [mapping.fields.status]: statusValueFor(mapping.values, p.kind, p.reasonId),
      // An acceptance clears what an earlier rejection of the same contact left.
      [mapping.fields.reason]: p.kind === 'rejected' ? (p.reasonId ?? '') : '',
      [mapping.fields.note]: p.kind === 'rejected' ? (p.note ?? '') : '',
    };
  }

  /** Contact updates in one batch; when HubSpot refuses the batch, one by one, to tell which write it refuses. */
  async function updateContacts(writes: readonly TOutboxWrite[], properties: (w: TOutboxWrite) => Record<string, string>): Promise<TDeliveryOutcome[]> {
    if (writes.length === 0) return [];
    const inputs = writes.map((w) => ({ id: w.recordId, properties: properties(w) }));
    try {
      const answer = await api.call('update contacts', (client) => client.crm.objects.batchApi.updateWithHttpInfo('contacts', { inputs }));
      const updated = new Set((answer.results as TObject[]).map((r) => r.id));
      const errors = 'errors' in answer ? (answer.errors ?? []) : [];
      return writes.map((w) => {
        if (updated.has(w.recordId)) return { state: 'delivered' };
        const said = errors.find((e) => Object.values(e.context ?? {}).flat().includes(w.recordId))?.message ?? 'HubSpot did not update this contact';
        return { state: 'failed', error: `HubSpot refused to update contact ${w.recordId}: ${said}` };
      });
    } catch (error) {
      if (!(error instanceof CrmError) || error.kind !== 'refused' || writes.length === 1) {
        const outcome = failure(error);
        return writes.map(() => outcome);
      }
      const outcomes: TDeliveryOutcome[] = [];
      for (const write of writes) outcomes.push(...(await updateContacts([write], properties)));
      return outcomes;
    }
  }

  async function ownerProperties(writes: readonly TOutboxWrite[]): Promise<(w: TOutboxWrite) => Record<string, string>> {
    const owners = writes.length > 0 ? await ownerIdByEmail() : new Map<string, string>();
    return (w) => {
      const email = typeof w.payload.ownerEmail === 'string' ? w.payload.ownerEmail : '';
      const id = owners.get(email.toLowerCase());
      if (!id) throw new CrmError('refused', `no HubSpot user has the e-mail ${email}`);
      return { hubspot_owner_id: id };
    };
  }

  async function createTouches(objectType: string, writes: readonly TOutboxWrite[]): Promise<TDeliveryOutcome[]> {
    const ids = writes.map((w) => w.sourceId);
    const search = await api.call(`find ${objectType} already written`, (client) =>
      client.crm.objects.searchApi.doSearchWithHttpInfo(objectType, { filterGroups: [{ filters: [{ propertyName: TOUCH_ID_PROPERTY, operator: 'IN' as never, values: ids }] }], properties: [TOUCH_ID_PROPERTY], limit: 100 }),
    );
    const made = new Map((search.results as TObject[]).map((r) => [r.properties[TOUCH_ID_PROPERTY] ?? '', r.id]));
    const owners = await ownerIdByEmail();
    const missing = writes.filter((w) => !made.has(w.sourceId));
    if (missing.length > 0) {
      const inputs = missing.map((w) => {
        const p = w.payload as { channel: string; at: string; userEmail: string };
        const at = String(Date.parse(p.at));
        const label = `${touchChannelLabel(p.channel)} logged in Handshake`;
        const byType: Record<string, Record<string, string>> = {
          calls: { hs_call_title: label, hs_call_status: 'COMPLETED', hs_call_direction: 'OUTBOUND' },
          emails: { hs_email_subject: label, hs_email_direction: 'EMAIL', hs_email_status: 'SENT' },
          meetings: { hs_meeting_title: label, hs_meeting_start_time: at, hs_meeting_end_time: at, hs_meeting_outcome: 'COMPLETED' },
          notes: { hs_note_body: label },
        };
        const owner = owners.get(p.userEmail.toLowerCase());
        return {
          properties: { hs_timestamp: at, [TOUCH_ID_PROPERTY]: w.sourceId, ...byType[objectType], ...(owner ? { hubspot_owner_id: owner } : {}) },
          associations: [{ to: { id: w.recordId }, types: [{ associationCategory: 'HUBSPOT_DEFINED' as never, associationTypeId: TO_CONTACT[objectType]! }] }],
        };
      });
      const answer = await api.call(`log ${objectType}`, (client) => client.crm.objects.batchApi.createWithHttpInfo(objectType, { inputs }));
      for (const r of answer.results as TObject[]) made.set(r.properties[TOUCH_ID_PROPERTY] ?? '', r.id);
    }
    return writes.map((w) => (made.has(w.sourceId) ? { state: 'delivered', crmObjectId: made.get(w.sourceId) } : { state: 'failed', error: `HubSpot did not log this touch on contact ${w.recordId}` }));
  }

  async function deliverTouches(writes: readonly TOutboxWrite[]): Promise<TDeliveryOutcome[]> {
    const outcomes = new Map<number, TDeliveryOutcome>();
    const byType = new Map<string, TOutboxWrite[]>();
    for (const w of writes) {
      const type = OBJECT_OF_CHANNEL[String(w.payload.channel)] ?? 'notes';
      byType.set(type, [...(byType.get(type) ?? []), w]);
    }
    for (const [type, group] of byType) {
      let results: TDeliveryOutcome[];
      try {
        results = await createTouches(type, group);
      } catch (error) {
        const outcome = failure(error);
        results = group.map(() => outcome);
      }
      group.forEach((w, i) => outcomes.set(w.id, results[i]!));
    }
    return writes.map((w) => outcomes.get(w.id)!);
  }

  return {
    async deliver(writes, charter) {
      const outcomes = new Map<number, TDeliveryOutcome>();
      const decisions = writes.filter((w) => w.kind === 'decision');
      const owners = writes.filter((w) => w.kind === 'owner');
      const touches = writes.filter((w) => w.kind === 'touch');
      const verdicts = writes.filter((w) => w.kind === 'verdict');
      (await updateContacts(decisions, (w) => decisionProperties(w, charter))).forEach((o, i) => outcomes.set(decisions[i]!.id, o));
      (await updateContacts(verdicts, verdictProperties)).forEach((o, i) => outcomes.set(verdicts[i]!.id, o));
      let ownerOf: ((w: TOutboxWrite) => Record<string, string>) | null = null;
      try {
        ownerOf = await ownerProperties(owners);
      } catch (error) {
        const outcome = failure(error);
        for (const w of owners) outcomes.set(w.id, outcome);
      }
      if (ownerOf) {
        const resolvable = owners.filter((w) => {
          try {
            ownerOf(w);
            return true;
          } catch (error) {
            outcomes.set(w.id, failure(error));
            return false;
          }
        });
        (await updateContacts(resolvable, ownerOf)).forEach((o, i) => outcomes.set(resolvable[i]!.id, o));
      }
      (await deliverTouches(touches)).forEach((o, i) => outcomes.set(touches[i]!.id, o));
      return writes.map((w) => outcomes.get(w.id)!);
    },
  };
}
