import { DEFAULT_CHARTER } from '../../shared/charter';
import { funnelPosition, todaysSignals } from '../../shared/funnel';
import type { TEvent, TLead } from '../../shared/schemas';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { describeEvent } from '../../shared/scoring/events';
import { generateTalkingPoints } from '../../shared/talking-points';
import type { TPacket } from '../../extension/lib/types';

// A packet as the server builds it, scored by the real engine (shared/scoring) under the
// default charter: the component tests render what a rep would really see.

export const AT = new Date('2026-11-23T10:30:00Z');
const hoursAgo = (h: number) => new Date(AT.getTime() - h * 3_600_000).toISOString();

export const CAMILLE: TLead = {
  email: 'camille.durand@northwind-analytics.fr',
  firstName: 'Camille',
  lastName: 'Durand',
  title: 'Directrice commerciale',
  company: { name: 'Northwind Analytics', domain: 'northwind-analytics.fr', employees: 420, industry: 'Computer Software', country: 'FR' },
  source: 'webinar',
};

export const CAMILLE_EVENTS: TEvent[] = [
  { id: 'e1', email: CAMILLE.email, type: 'demo_request', at: hoursAgo(1), properties: {} },
  { id: 'e2', email: CAMILLE.email, type: 'pricing_view', at: hoursAgo(2), properties: {} },
  { id: 'e3', email: CAMILLE.email, type: 'content_download', at: hoursAgo(30), properties: { asset: 'Lead routing playbook' } },
  { id: 'e4', email: CAMILLE.email, type: 'webinar_attended', at: hoursAgo(50), properties: {} },
];

const INES = { id: 'u-ines', name: 'Inès Moreau', email: 'ines.moreau@example.com' };

type TOverrides = Partial<Omit<TPacket, 'lead'>> & { lead?: Partial<TPacket['lead']> };

export function packetFor(lead: TLead = CAMILLE, events: TEvent[] = CAMILLE_EVENTS, overrides: TOverrides = {}): TPacket {
  const evaluation = evaluateLead({ lead, events, charter: DEFAULT_CHARTER, at: AT });
  const { lead: leadOverrides, ...rest } = overrides;
  return {
    lead: {
      id: 'lead-1',
      email: lead.email,
      firstName: lead.firstName ?? null,
      lastName: lead.lastName ?? null,
      title: lead.title ?? null,
      company: lead.company ?? null,
      source: lead.source ?? null,
      campaign: lead.campaign ?? null,
      crmIds: {},
      targetAccount: false,
      recordUrl: null,
      ...leadOverrides,
    },
    owner: INES,
    funnel: { ...funnelPosition({ createdAt: hoursAgo(50), stage: 'sql', status: 'active', mqlAt: hoursAgo(30), sqlAt: hoursAgo(1), opportunityAt: null, wonAt: null, lostAt: null, handover: { startedAt: hoursAgo(1), state: 'open' }, decision: null }), todaysSignals: todaysSignals(evaluation.stage.stage) },
    evaluation,
    handover: {
      id: 'h-1',
      startedAt: hoursAgo(1),
      singleAttempt: false,
      routing: { by: 'rule', rule: 'EMEA mid-market', skipped: [{ userId: 'u-ana', name: 'Ana Ruiz', reason: 'out_of_office', until: '2027-01-02' }] },
      sla: {
        tier: 'high',
        businessHours: 4,
        start: hoursAgo(1),
        warnAt: hoursAgo(-2),
        deadline: hoursAgo(-3),
        state: 'on_track',
        paused: false,
        resumesAt: null,
        resumes: null,
        remainingMs: 3 * 3_600_000,
        leftMs: 3 * 3_600_000,
        overdueMs: null,
        elapsedFraction: 0.25,
        timeZone: 'Europe/Paris',
        clockFollows: { id: INES.id, name: INES.name, timeZone: 'Europe/Paris', since: null },
        line: 'On track: 3 h of business time left, due Mon 2:30 PM Europe/Paris',
      },
    },
    talkingPoints: generateTalkingPoints({ lead, events, evaluation, charter: DEFAULT_CHARTER, at: AT }),
    responseTime: null,
    timeline: events.map((event) => ({ eventId: event.id, type: event.type, at: event.at, label: describeEvent(event) })),
    touches: [],
    decision: null,
    rejectionReasons: DEFAULT_CHARTER.rejectionReasons,
    may: { decide: true, logTouch: true, actingFor: null, assign: false, claim: false },
    ...rest,
  };
}

export { INES };
