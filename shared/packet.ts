import { z } from 'zod';
import { ZRejectionReason } from './charter';
import { ZResponseTimeMotivation } from './response-time';
import { ZCompany, ZCrmIds, ZEventType } from './schemas';
import { ZEvaluation } from './scoring/evaluate';
import { ZSlaState, ZSlaTier } from './sla';
import { ZTalkingPoint } from './talking-points';

// The handover packet: everything the sidebar shows for one lead, in one answer.
// Instants are ISO-8601 strings: the API has no data transformer.

const ZIso = z.string();

export const ZPacketSla = z.object({
  tier: ZSlaTier,
  businessHours: z.number(),
  start: ZIso,
  warnAt: ZIso,
  deadline: ZIso,
  state: ZSlaState,
  /** Outside the owner's business hours: the countdown is not running. */
  paused: z.boolean(),
  /** When a paused countdown runs again: the start of the owner's next working hours; null when running or closed. */
  resumesAt: ZIso.nullable(),
  remainingMs: z.number(),
  elapsedFraction: z.number(),
  /** The owner's time zone, in which the countdown is read. */
  timeZone: z.string(),
});
export type TPacketSla = z.infer<typeof ZPacketSla>;

export const ZPacketPerson = z.object({ id: z.string(), name: z.string(), email: z.string() });

export const ZPacket = z.object({
  lead: z.object({
    id: z.string(),
    email: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    title: z.string().nullable(),
    company: ZCompany.nullable(),
    source: z.string().nullable(),
    campaign: z.string().nullable(),
    crmIds: ZCrmIds,
    targetAccount: z.boolean(),
    /** Opens the lead in the team's CRM; a path relative to the server on a demo server. */
    recordUrl: z.string().nullable(),
  }),
  owner: ZPacketPerson.nullable(),
  evaluation: ZEvaluation,
  handover: z
    .object({
      id: z.string(),
      startedAt: ZIso,
      sla: ZPacketSla,
    })
    .nullable(),
  talkingPoints: z.array(ZTalkingPoint),
  responseTime: ZResponseTimeMotivation.nullable(),
  timeline: z.array(z.object({ eventId: z.string(), type: ZEventType, at: ZIso, label: z.string() })),
  touches: z.array(z.object({ id: z.string(), channel: z.string(), at: ZIso, by: ZPacketPerson })),
  decision: z
    .object({
      kind: z.enum(['accepted', 'rejected']),
      reasonId: z.string().nullable(),
      note: z.string().nullable(),
      decidedAt: ZIso,
      decidedBy: ZPacketPerson,
      /** Set when a manager decided for the owner. */
      onBehalfOf: ZPacketPerson.nullable(),
      charterVersion: z.number().int(),
    })
    .nullable(),
  /** The charter's reasons, for the reject form. */
  rejectionReasons: z.array(ZRejectionReason),
  /** What the caller may do on this lead, by the rule the server enforces. */
  may: z.object({
    decide: z.boolean(),
    logTouch: z.boolean(),
    /** The owner a manager or an admin would act for; null when acting for themselves. */
    actingFor: ZPacketPerson.nullable(),
  }),
});
export type TPacket = z.infer<typeof ZPacket>;
