import { DEFAULT_CHARTER, type TCharter } from '../../shared/charter';
import { funnelPosition, todaysSignals } from '../../shared/funnel';
import type { TPacket } from '../../shared/packet';
import { recordUrl, type TRecordLinkSettings } from '../../shared/record-links';
import { evaluateLead } from '../../shared/scoring/evaluate';
import { describeEvent } from '../../shared/scoring/events';
import { generateTalkingPoints } from '../../shared/talking-points';
import type { Database } from '../db/client';
import { notFound } from '../errors';
import { salesforceId18 } from '../../shared/salesforce-id';
import { accessTo } from './access';
import { mayHandOver } from './assign';
import { activeCharterOfVersion, lastActiveCharter } from './charter-of-version';
import { ownerSpans } from './handover-owners';
import { companyOf, eventForScoring, leadForScoring } from './lead-record';
import { readPacketRows, type TLeadKey, type TPacketRows } from './packet-read';
import { packetSla } from './packet-sla';
import type { TUser } from './users';
import { windowStartOf } from './rescore-reads';

export type TPacketQuery = { email: string } | { crm: 'hubspot' | 'salesforce' | 'pipedrive'; recordId: string };

/** A charter activated between a packet's read and its re-read could move the window again: after this many reads the last stands. */
const MOST_READS = 3;

/** Salesforce pages show 18-character ids; reports and APIs also use the 15-character form. */
function crmRecordId(query: Extract<TPacketQuery, { crm: string }>): string {
  return query.crm === 'salesforce' && query.recordId.length === 15 ? (salesforceId18(query.recordId) ?? query.recordId) : query.recordId;
}

function person(user: Pick<TUser, 'id' | 'name' | 'email'>) {
  return { id: user.id, name: user.name, email: user.email };
}


/**
 * The packet's rows with the charter active when they were read. The statement reads the
 * active version with the rows; the events' window is the last active charter's, read again
 * in the rare case the version read has another window.
 */
async function readWithCharter(database: Database, query: TPacketQuery, now: Date): Promise<{ rows: TPacketRows; charter: TCharter }> {
  const [key, value]: [TLeadKey, string] = 'email' in query ? ['email', query.email.trim().toLowerCase()] : [query.crm, crmRecordId(query)];
  let since = windowStartOf(lastActiveCharter(database) ?? DEFAULT_CHARTER, now);
  for (let read = 1; ; read++) {
    const rows = await readPacketRows(database, key, value, since);
    if (!rows) throw notFound('email' in query ? `no lead with the e-mail ${query.email}` : `no lead with ${query.crm} record id ${query.recordId}`);
    const charter = await activeCharterOfVersion(database, rows.charterVersion);
    const window = windowStartOf(charter, now);
    if (window === since || read === MOST_READS) return { rows, charter };
    since = window;
  }
}

/**
 * Everything the sidebar shows for one lead, scored live at `now` under the active charter,
 * with what the caller may do on it.
 */
export async function getPacket(database: Database, caller: TUser, query: TPacketQuery, now: Date, recordLinks: TRecordLinkSettings): Promise<TPacket> {
  const { rows, charter } = await readWithCharter(database, query, now);
  const { lead, account, handover, people, recentEvents, timeline } = rows;
  const owner = lead.ownerId ? people.get(lead.ownerId) : undefined;

  const scoringEvents = recentEvents.map((row) => eventForScoring(row, lead.email));
  const evaluation = evaluateLead({ lead: leadForScoring(lead, account), events: scoringEvents, charter, at: now });
  const talkingPoints = generateTalkingPoints({ lead: leadForScoring(lead, account), events: scoringEvents, evaluation, charter, at: now });

  const decidedBy = rows.decision ? people.get(rows.decision.decidedById) : undefined;
  const decisionRow = rows.decision && decidedBy ? { decision: rows.decision, by: decidedBy } : undefined;
  const onBehalfOf = decisionRow?.decision.onBehalfOfId ? people.get(decisionRow.decision.onBehalfOfId) : undefined;

  const { sla, responseTime } = handover
    ? packetSla(
        ownerSpans(handover, rows.reassignments, people),
        handover,
        decisionRow?.decision.kind === 'rejected' ? new Date(decisionRow.decision.decidedAt) : null,
        caller,
        now,
      )
    : { sla: null, responseTime: null };
  const openHandover = handover?.state === 'open' ? handover : undefined;
  const accessOwnerId = openHandover?.ownerId ?? lead.ownerId;
  const access = accessTo(caller, accessOwnerId, accessOwnerId ? people.get(accessOwnerId) : undefined);

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
    handover: handover && sla ? { id: handover.id, startedAt: handover.startedAt, sla, routing: handover.routing ?? null, singleAttempt: handover.singleAttempt } : null,
    talkingPoints,
    responseTime,
    timeline: timeline.map((row) => ({
      eventId: row.id,
      type: row.type as TPacket['timeline'][number]['type'],
      at: row.at,
      label: describeEvent(eventForScoring(row, lead.email)),
    })),
    touches: rows.touches.map(({ touch, by }) => ({ id: touch.id, channel: touch.channel, at: touch.at, by: person(by) })),
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
