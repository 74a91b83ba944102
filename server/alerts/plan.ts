import { nextBusinessInstant, type TBusinessCalendar } from '../../shared/calendar';
import type { TAlertChannel, TAlertKind, TNotificationAlert } from '../db/schema-alerts';

// Which e-mails and chat messages a notification becomes: pure, from what the queue read.
//   an SLA warning  → its holder; the team's channel (the rep's manager's team's own, else the organisation's)
//   a breach        → the manager, the rep who missed it and the rep it went to (once each); the team's channel
//   a reassignment  → its new holder, unless a breach of the same handover at the same instant told them already; the team's channel
//   a nudge         → its holder
// Quiet outside the recipient's working hours (delivered when they start), except breaches.

export interface TAlertPerson {
  id: string;
  name: string;
  email: string;
  calendar: TBusinessCalendar;
  /** The kinds this person chose not to get, by channel. */
  optedOut: ReadonlySet<`${TAlertKind}:${TAlertChannel}`>;
}

export interface TAlertFacts {
  notification: { id: string; kind: TNotificationAlert; userId: string; message: string; at: string };
  handover: { id: string; deadline: string; ownerId: string; originalOwnerId: string };
  lead: { name: string };
  /** The people the handover and notification name, by id. */
  people: ReadonlyMap<string, TAlertPerson>;
  /** The manager of the rep who first held the handover. */
  managerId: string | null;
  /** A breach of the same handover was recorded at the same instant (an escalation's reassignment). */
  breachAlongside: boolean;
  /** Opens the lead's record (its CRM, else the dashboard). */
  link: string | null;
  /** The chat channel the team posts to: its own (`team:<manager id>`), the organisation's (`team`), or none. */
  chat: string | null;
  /** A mail server is set up. */
  email: boolean;
}

export interface TPlannedDelivery {
  key: string;
  channel: TAlertChannel;
  recipientId: string | null;
  address: string;
  subject: string;
  body: string;
  link: string | null;
  notBefore: Date;
}

const SUBJECTS: Record<TNotificationAlert, (lead: string) => string> = {
  sla_warning: (lead) => `SLA warning: ${lead}`,
  sla_breach: (lead) => `SLA breached: ${lead}`,
  reassigned: (lead) => `${lead} is yours now`,
  nudge: (lead) => `Your manager asks you to act on ${lead}`,
};

function recipientsOf(facts: TAlertFacts): string[] {
  const { notification, handover } = facts;
  switch (notification.kind) {
    case 'sla_breach':
      return [...new Set([facts.managerId ?? notification.userId, handover.originalOwnerId, handover.ownerId])];
    case 'reassigned':
      return facts.breachAlongside ? [] : [notification.userId];
    default:
      return [notification.userId];
  }
}

export function planDeliveries(facts: TAlertFacts, now: Date): TPlannedDelivery[] {
  const { notification, handover } = facts;
  const subject = SUBJECTS[notification.kind](facts.lead.name);
  // A nudge may repeat; every other notice happens once per handover and person.
  const event = notification.kind === 'nudge' ? `nudge:${notification.id}` : notification.kind;
  const planned: TPlannedDelivery[] = [];
  for (const id of facts.email ? recipientsOf(facts) : []) {
    const person = facts.people.get(id);
    if (!person || person.optedOut.has(`${notification.kind}:email`)) continue;
    const notBefore = notification.kind === 'sla_breach' ? now : nextBusinessInstant(now, person.calendar);
    planned.push({ key: `email:${handover.id}:${event}:${id}`, channel: 'email', recipientId: id, address: person.email, subject, body: notification.message, link: facts.link, notBefore });
  }
  const toTeam = notification.kind !== 'nudge' && !(notification.kind === 'reassigned' && facts.breachAlongside);
  if (facts.chat && toTeam) {
    const holder = facts.people.get(handover.ownerId);
    const body = `${notification.message}${holder ? ` Holder: ${holder.name}.` : ''}`;
    planned.push({ key: `slack:${handover.id}:${event}:${notification.kind === 'reassigned' ? notification.id : 'team'}`, channel: 'slack', recipientId: null, address: facts.chat, subject, body, link: facts.link, notBefore: now });
  }
  return planned;
}
