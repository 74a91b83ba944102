import { z } from 'zod';
import { ZRoutingTrace } from './routing';
import { ZRejectionReason } from './charter';
import { ZResponseTimeMotivation } from './response-time';
import { ZCompany, ZCrmIds, ZEventType } from './schemas';
import { ZFunnel } from './funnel';
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
  /** One state: on_track or warning (counting down), breached (overdue, never paused), met, missed, rejected_without_contact. */
  state: ZSlaState,
  /** A countdown waiting outside the current owner's business hours; never true once breached or stopped. */
  paused: z.boolean(),
  /** When a paused countdown runs again: the start of the current owner's next working hours; null when running, breached or stopped. */
  resumesAt: ZIso.nullable(),
  /** `resumesAt` with its zone and as read there ("Tue 9:00 AM Europe/Paris"); null when not paused. */
  resumes: z.object({ at: ZIso, timeZone: z.string(), text: z.string() }).nullable(),
  /** Business ms from the stopping instant (touch, rejection or now) to the deadline; negative once past it. */
  remainingMs: z.number(),
  /** Business time left to the deadline while on_track or warning; null in any other state. */
  leftMs: z.number().nullable(),
  /** Business time since the deadline while breached (0 until the owner's next working minute); null in any other state. */
  overdueMs: z.number().nullable(),
  elapsedFraction: z.number(),
  /** The time zone of the calendar the clock follows now (`clockFollows`), in which the countdown is read. */
  timeZone: z.string(),
  /**
   * Whose working hours the clock follows now: the first owner's from the handover, then, after a
   * reassignment (an escalation to the backup, a new owner named in the CRM), the new owner's from
   * `since` on. The deadline stays the recorded instant.
   */
  clockFollows: z.object({ id: z.string(), name: z.string(), timeZone: z.string(), since: ZIso.nullable() }),
  /** The SLA in one sentence, one state, every time with its zone, as of the packet's `now`. */
  line: z.string(),
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
  /**
   * Where the lead stands in the funnel as recorded (shown first), with the date it got there,
   * and today's score against the thresholds labelled as such (shown below it).
   */
  funnel: ZFunnel,
  evaluation: ZEvaluation,
  handover: z
    .object({
      id: z.string(),
      startedAt: ZIso,
      sla: ZPacketSla,
      /** Why this rep: the rule that routed the lead and the reps skipped (null for handovers older than routing). */
      routing: ZRoutingTrace.nullable(),
      /** Sent from the review queue for one outreach attempt: the lead fell just short of the handover stage. */
      singleAttempt: z.boolean(),
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
    /** May hand this qualified lead, with no open handover, to a rep (`handover.assign`): a manager or an admin. */
    assign: z.boolean(),
    /** May take it themselves (`handover.claim`): a rep, when the charter lets reps claim and the lead is theirs or nobody's. */
    claim: z.boolean(),
  }),
});
export type TPacket = z.infer<typeof ZPacket>;
