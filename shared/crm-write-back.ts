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

/**
 * The verdict Handshake writes on each CRM record, field by field: the stage it gives the lead,
 * when it got there and the charter version that decided it; the four criteria's levels and a
 * one-line reason; the SLA's deadline, outcome and holder.
 */
export const VERDICT_FIELDS = ['stage', 'stage_at', 'charter_version', 'fit', 'engagement', 'intent', 'authority', 'reason', 'sla_deadline', 'sla_outcome', 'sla_holder'] as const;
export type TVerdictField = (typeof VERDICT_FIELDS)[number];

/** Which verdict fields a CRM gets: all by default, none with an empty list. */
const ZVerdictFields = z
  .array(z.enum(VERDICT_FIELDS))
  .default([...VERDICT_FIELDS])
  .refine((fields) => new Set(fields).size === fields.length, 'each verdict field once');

const ZCrmMapping = z.object({
  fields: ZCrmFields,
  values: ZStatusValues,
  /** An escalation at breach makes the new rep the record's owner. */
  ownerFollowsEscalation: z.boolean(),
  verdict: ZVerdictFields,
});

export const ZCrmWriteBack = z.object({ hubspot: ZCrmMapping, salesforce: ZCrmMapping, pipedrive: ZCrmMapping });
export type TCrmWriteBack = z.infer<typeof ZCrmWriteBack>;

export const DEFAULT_CRM_WRITE_BACK: TCrmWriteBack = {
  hubspot: {
    fields: { status: 'hs_lead_status', reason: 'handshake_rejection_reason', note: 'handshake_rejection_note' },
    values: { accepted: 'IN_PROGRESS', rejected: 'UNQUALIFIED', byReason: { bad_timing: 'BAD_TIMING' } },
    ownerFollowsEscalation: false,
    verdict: [...VERDICT_FIELDS],
  },
  salesforce: {
    fields: { status: 'Status', reason: 'Handshake_Rejection_Reason__c', note: 'Handshake_Rejection_Note__c' },
    values: { accepted: 'Working - Contacted', rejected: 'Closed - Not Converted', byReason: {} },
    ownerFollowsEscalation: false,
    verdict: [...VERDICT_FIELDS],
  },
  pipedrive: {
    // Person fields are made at connect time and known by these names (Pipedrive keys them by a hash).
    fields: { status: 'Handshake status', reason: 'Handshake rejection reason', note: 'Handshake rejection note' },
    values: { accepted: 'Accepted', rejected: 'Rejected', byReason: {} },
    ownerFollowsEscalation: false,
    verdict: [...VERDICT_FIELDS],
  },
};

/** The status value a decision writes. */
export function statusValueFor(values: TStatusValues, kind: 'accepted' | 'rejected', reasonId: string | null): string {
  if (kind === 'accepted') return values.accepted;
  return (reasonId && values.byReason[reasonId]) || values.rejected;
}
