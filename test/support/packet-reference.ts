import { and, desc, eq, gte } from 'drizzle-orm';
import type { TCharter } from '../../shared/charter';
import { funnelPosition, todaysSignals } from '../../shared/funnel';
import type { TPacket } from '../../shared/packet';
import { recordUrl, type TRecordLinkSettings } from '../../shared/record-links';
import { salesforceId18 } from '../../shared/salesforce-id';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { describeEvent } from '../../shared/scoring/events';
import { generateTalkingPoints } from '../../shared/talking-points';
import type { Database } from '../../server/db/client';
import { decisions, events, handovers, leads, touches, users } from '../../server/db/schema';
import { leadAccess } from '../../server/domain/access';
import { mayHandOver } from '../../server/domain/assign';
import { activeCharter } from '../../server/domain/charter';
import { ownerHistories } from '../../server/domain/handover-owners';
import { accountOf, companyOf, eventForScoring, leadForScoring } from '../../server/domain/lead-record';
import type { TPacketQuery } from '../../server/domain/packet';
import { packetSla } from '../../server/domain/packet-sla';
import type { TUser } from '../../server/domain/users';

// The packet assembled the plain way, one query per thing it shows (as getPacket did before
// it read everything in one statement): the reference the one-statement read is held to.

const CRM_COLUMNS = { hubspot: leads.hubspotId, salesforce: leads.salesforceId, pipedrive: leads.pipedriveId } as const;
const person = (user: Pick<TUser, 'id' | 'name' | 'email'>) => ({ id: user.id, name: user.name, email: user.email });
const windowDays = (charter: TCharter) => Math.max(charter.engagement.windowDays, charter.intent.windowDays);

export async function referencePacket(database: Database, caller: TUser, query: TPacketQuery, now: Date, recordLinks: TRecordLinkSettings): Promise<TPacket | null> {
  const { db } = database;
  const charter = await activeCharter(database);
  const recordId = 'crm' in query && query.crm === 'salesforce' && query.recordId.length === 15 ? (salesforceId18(query.recordId) ?? query.recordId) : 'crm' in query ? query.recordId : '';
  const where = 'email' in query ? eq(leads.email, query.email.trim().toLowerCase()) : eq(CRM_COLUMNS[query.crm], recordId);
  const lead = await db.query.leads.findFirst({ where });
  if (!lead) return null;
  const account = await accountOf(db, lead);
  const since = new Date(now.getTime() - windowDays(charter) * 86_400_000).toISOString();
  const recentEvents = await db.select().from(events).where(and(eq(events.leadId, lead.id), gte(events.at, since)));
  const timelineRows = await db.select().from(events).where(eq(events.leadId, lead.id)).orderBy(desc(events.at)).limit(50);
  const handover = await db.query.handovers.findFirst({ where: eq(handovers.leadId, lead.id), orderBy: desc(handovers.startedAt) });
  const owner = lead.ownerId ? await db.query.users.findFirst({ where: eq(users.id, lead.ownerId) }) : undefined;
  const touchRows = await db
    .select({ touch: touches, by: users })
    .from(touches)
    .innerJoin(users, eq(touches.userId, users.id))
    .where(eq(touches.leadId, lead.id))
    .orderBy(desc(touches.at))
    .limit(20);
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
  const onBehalfOf = decisionRow?.decision.onBehalfOfId ? await db.query.users.findFirst({ where: eq(users.id, decisionRow.decision.onBehalfOfId) }) : undefined;
  const spans = handover ? (await ownerHistories(database, [handover])).get(handover.id)! : undefined;
  const { sla, responseTime } =
    handover && spans
      ? packetSla(spans, handover, decisionRow?.decision.kind === 'rejected' ? new Date(decisionRow.decision.decidedAt) : null, caller, now)
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
      crmIds: { hubspot: lead.hubspotId ?? undefined, salesforce: lead.salesforceId ?? undefined, pipedrive: lead.pipedriveId ?? undefined },
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
    handover: handover && sla ? { id: handover.id, startedAt: handover.startedAt, sla, routing: handover.routing ?? null, singleAttempt: handover.singleAttempt } : null,
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
