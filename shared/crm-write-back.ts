import { z } from 'zod';

// How a decision reads in each CRM: the status value the record gets when a rep accepts or
// rejects (a reason may have its own), and where the reason and note go. Part of the
// charter, so the mapping is versioned and signed off with the definition it serves.

const ZStatusValues = z.object({
  accepted: z.string().min(1),
  rejected: z.string().min(1),
  /** A rejection reason's own status value (its id → the CRM's value), else `rejected`. */
  byReason: z.record(z.string(), z.string().min(1)).default({}),
});
export type TStatusValues = z.infer<typeof ZStatusValues>;

const ZCrmFields = z.object({
  /** The record's status field or property (its API name). */
  status: z.string().min(1),
  reason: z.string().min(1),
  note: z.string().min(1),
});

export const ZCrmWriteBack = z.object({
  hubspot: z.object({
    fields: ZCrmFields,
    values: ZStatusValues,
    /** An escalation at breach makes the new rep the contact's owner. */
    ownerFollowsEscalation: z.boolean(),
  }),
  salesforce: z.object({ fields: ZCrmFields, values: ZStatusValues, ownerFollowsEscalation: z.boolean() }),
  pipedrive: z.object({ fields: ZCrmFields, values: ZStatusValues, ownerFollowsEscalation: z.boolean() }),
});
export type TCrmWriteBack = z.infer<typeof ZCrmWriteBack>;

export const DEFAULT_CRM_WRITE_BACK: TCrmWriteBack = {
  hubspot: {
    fields: { status: 'hs_lead_status', reason: 'handshake_rejection_reason', note: 'handshake_rejection_note' },
    values: { accepted: 'IN_PROGRESS', rejected: 'UNQUALIFIED', byReason: { bad_timing: 'BAD_TIMING' } },
    ownerFollowsEscalation: false,
  },
  salesforce: {
    fields: { status: 'Status', reason: 'Handshake_Rejection_Reason__c', note: 'Handshake_Rejection_Note__c' },
    values: { accepted: 'Working - Contacted', rejected: 'Closed - Not Converted', byReason: {} },
    ownerFollowsEscalation: false,
  },
  pipedrive: {
    // Person fields are made at connect time and known by these names (Pipedrive keys them by a hash).
    fields: { status: 'Handshake status', reason: 'Handshake rejection reason', note: 'Handshake rejection note' },
    values: { accepted: 'Accepted', rejected: 'Rejected', byReason: {} },
    ownerFollowsEscalation: false,
  },
};

/** The status value a decision writes. */
export function statusValueFor(values: TStatusValues, kind: 'accepted' | 'rejected', reasonId: string | null): string {
  if (kind === 'accepted') return values.accepted;
  return (reasonId && values.byReason[reasonId]) || values.rejected;
}
