import { and, desc, eq, gte } from 'drizzle-orm';
import type { TCharter } from '../../shared/charter';
import { funnelPosition, todaysSignals } from '../../shared/funnel';
import type { TPacket } from '../../shared/packet';
import { recordUrl, type TRecordLinkSettings } from '../../shared/record-links';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { describeEvent } from '../../shared/scoring/events';
import { generateTalkingPoints } from '../../shared/talking-points';
import type { Database } from '../db/client';
import { decisions, events, handovers, leads, touches, users } from '../db/schema';
import { notFound } from '../errors';
import { salesforceId18 } from '../../shared/salesforce-id';
import { leadAccess } from './access';
import { mayHandOver } from './assign';
import { activeCharter } from './charter';
import { accountOf, companyOf, eventForScoring, leadForScoring, type TLeadRow } from './lead-record';
import { packetSla } from './packet-sla';
import type { TUser } from './users';

export type TPacketQuery = { email: string } | { crm: 'hubspot' | 'salesforce' | 'pipedrive'; recordId: string };

const TIMELINE_LENGTH = 50;
const CRM_COLUMNS = { hubspot: leads.hubspotId, salesforce: leads.salesforceId, pipedrive: leads.pipedriveId } as const;

/** Salesforce pages show 18-character ids; reports and APIs also use the 15-character form. */
function crmRecordId(query: Extract<TPacketQuery, { crm: string }>): string {
  return query.crm === 'salesforce' && query.recordId.length === 15 ? (salesforceId18(query.recordId) ?? query.recordId) : query.recordId;
}

async function findLead(database: Database, query: TPacketQuery): Promise<TLeadRow> {
  const where = 'email' in query ? eq(leads.email, query.email.trim().toLowerCase()) : eq(CRM_COLUMNS[query.crm], crmRecordId(query));
  const lead = await database.db.query.leads.findFirst({ where });
  if (!lead) {
    throw notFound('email' in query ? `no lead with the e-mail ${query.email}` : `no lead with ${query.crm} record id ${query.recordId}`);
  }
  return lead;
}

function person(user: Pick<TUser, 'id' | 'name' | 'email'>) {
  return { id: user.id, name: user.name, email: user.email };
}

/** The longest window any criterion looks back over: older events cannot change a score. */
function scoringWindowDays(charter: TCharter): number {
  return Math.max(charter.engagement.windowDays, charter.intent.windowDays);
}

/**
 * Everything the sidebar shows for one lead, scored live at `now` under the active charter,
 * with what the caller may do on it.
 */
export async function getPacket(database: Database, caller: TUser, query: TPacketQuery, now: Date, recordLinks: TRecordLinkSettings): Promise<TPacket> {
  const { db } = database;
  const charter = await activeCharter(database);
  const lead = await findLead(database, query);
  const account = await accountOf(db, lead);
  const since = new Date(now.getTime() - scoringWindowDays(charter) * 86_400_000).toISOString();
  const [recentEvents, timelineRows, handover, owner, touchRows] = await Promise.all([
    db.select().from(events).where(and(eq(events.leadId, lead.id), gte(events.at, since))),
    db.select().from(events).where(eq(events.leadId, lead.id)).orderBy(desc(events.at)).limit(TIMELINE_LENGTH),
    db.query.handovers.findFirst({ where: eq(handovers.leadId, lead.id), orderBy: desc(handovers.startedAt) }),
    lead.ownerId ? db.query.users.findFirst({ where: eq(users.id, lead.ownerId) }) : undefined,
    db
      .select({ touch: touches, by: users })
      .from(touches)
      .innerJoin(users, eq(touches.userId, users.id))
      .where(eq(touches.leadId, lead.id))
      .orderBy(desc(touches.at))
      .limit(20),
  ]);

  const scoringEvents = recentEvents.map((row) => eventForScoring(row, lead.email));
  const evaluation = evaluateLead({ lead: leadForScoring(lead, account), events: scoringEvents, charter, at: now });
  const talkingPoints = generateTalkingPoints({ lead: leadForScoring(lead, account), events: scoringEvents, evaluation, charter, at: now });

  const decisionRow = handover
    ? (
        await db
          .select({ decision: decisions, by: users })
          .from(decisions)
          .innerJoin(users, eq(decisions.decidedById, users.id))
          .where(eq(decisions.handoverId, handover.id))
          .limit(1)
      )[0]
    : undefined;
  const onBehalfOf = decisionRow?.decision.onBehalfOfId
    ? await db.query.users.findFirst({ where: eq(users.id, decisionRow.decision.onBehalfOfId) })
    : undefined;

  const { sla, responseTime } = handover
    ? await packetSla(database, handover, decisionRow?.decision.kind === 'rejected' ? new Date(decisionRow.decision.decidedAt) : null, caller, now)
    : { sla: null, responseTime: null };
  const openHandover = handover?.state === 'open' ? handover : undefined;
  const access = await leadAccess(database, caller, openHandover?.ownerId ?? lead.ownerId);

  return {
    lead: {
      id: lead.id,
      email: lead.email,
      firstName: lead.firstName,
      lastName: lead.lastName,
      title: lead.title,
      company: companyOf(lead, account) ?? null,
      source: lead.source,
      campaign: lead.campaign,
      crmIds: {
        hubspot: lead.hubspotId ?? undefined,
        salesforce: lead.salesforceId ?? undefined,
        pipedrive: lead.pipedriveId ?? undefined,
      },
      targetAccount: lead.targetAccount || account?.targetAccount === true,
      recordUrl: recordUrl(recordLinks, lead),
    },
    owner: owner ? person(owner) : null,
    funnel: {
      ...funnelPosition({
        createdAt: lead.createdAt,
        stage: lead.stage,
        status: lead.status,
        mqlAt: lead.mqlAt,
        sqlAt: lead.sqlAt,
        opportunityAt: lead.opportunityAt,
        wonAt: lead.wonAt,
        lostAt: lead.lostAt,
        handover: handover ? { startedAt: handover.startedAt, state: handover.state } : null,
        decision: decisionRow ? { kind: decisionRow.decision.kind, decidedAt: decisionRow.decision.decidedAt } : null,
      }),
      todaysSignals: todaysSignals(evaluation.stage.stage),
    },
    evaluation,
    handover: handover && sla ? { id: handover.id, startedAt: handover.startedAt, sla } : null,
    talkingPoints,
    responseTime,
    timeline: timelineRows.map((row) => ({
      eventId: row.id,
      type: row.type as TPacket['timeline'][number]['type'],
      at: row.at,
      label: describeEvent(eventForScoring(row, lead.email)),
    })),
    touches: touchRows.map(({ touch, by }) => ({ id: touch.id, channel: touch.channel, at: touch.at, by: person(by) })),
    decision: decisionRow
      ? {
          kind: decisionRow.decision.kind,
          reasonId: decisionRow.decision.reasonId,
          note: decisionRow.decision.note,
          decidedAt: decisionRow.decision.decidedAt,
          decidedBy: person(decisionRow.by),
          onBehalfOf: onBehalfOf ? person(onBehalfOf) : null,
          charterVersion: decisionRow.decision.charterVersion,
        }
      : null,
    rejectionReasons: charter.rejectionReasons,
    may: {
      decide: access.allowed && openHandover !== undefined && !decisionRow,
      logTouch: access.allowed,
      actingFor: access.allowed && access.actingFor ? person(access.actingFor) : null,
      ...mayHandOver(caller, lead, openHandover !== undefined, charter),
    },
  };
}
