import { eq, sql } from 'drizzle-orm';
import { ZCharter, type TCharter } from '../../shared/charter';
import type { TCriterion } from '../../shared/levels';
import type { Database } from '../db/client';
import { readRows } from '../db/read-statements';
import { charterVersions, leads } from '../db/schema';
import { crmConnections, crmOutbox, crmVerdictChanges, type TCrmName } from '../db/schema-connectors';
import { activeCharter } from '../domain/charter';
import { RECORD_ID } from './outbox';
import { pickFields, verdictOf, type TVerdictFacts } from './verdict';

// From the leads whose verdict may have changed (crm_verdict_changes, kept by triggers) to the
// outbox: each lead's verdict is computed from what is stored, and for every connected CRM the
// lead has a record in, its one verdict row is written — re-armed for delivery only when the
// fields it carries differ from the ones it holds, so a re-score that changes nothing writes
// nothing. A change row is deleted at the version read, so a change made meanwhile stays.

/** Leads read and queued per statement pair. */
const CHUNK = 500;
/** A pass queues at most this many chunks; the rest wait for the next pass. */
const MOST_CHUNKS = 200;

const changedSql = `SELECT c.lead_id, c.version, l.id, l.stage, l.stage_path, l.mql_at, l.sql_at, l.charter_version,
  l.fit_level, l.engagement_level, l.intent_level, l.authority_level, l.hubspot_id, l.salesforce_id, l.pipedrive_id,
  h.deadline, h.state, h.first_touch_at, h.breached_at, u.email
FROM crm_verdict_changes c
LEFT JOIN leads l ON l.id = c.lead_id
LEFT JOIN handovers h ON h.id = (SELECT id FROM handovers WHERE lead_id = c.lead_id ORDER BY started_at DESC LIMIT 1)
LEFT JOIN users u ON u.id = h.owner_id
ORDER BY c.lead_id
LIMIT ?`;

type TChangedRow = [string, number, string | null, ...(string | number | null)[]];

export interface TVerdictQueueReport {
  /** Leads whose verdict was computed. */
  read: number;
  /** Verdict rows queued for delivery (new, or carrying changed fields). */
  queued: number;
}

interface TChanged {
  leadId: string;
  version: number;
  facts: TVerdictFacts | null;
  recordIds: Record<TCrmName, string | null>;
}

function changedOf(row: TChangedRow): TChanged {
  const [leadId, version, id, stage, stagePath, mqlAt, sqlAt, charterVersion, fit, engagement, intent, authority, hubspot, salesforce, pipedrive, deadline, state, firstTouchAt, breachedAt, holderEmail] = row;
  const text = (value: string | number | null | undefined) => (value === null || value === undefined ? null : String(value));
  const levels: Record<TCriterion, string | null> = { fit: text(fit), engagement: text(engagement), intent: text(intent), authority: text(authority) };
  return {
    leadId,
    version: Number(version),
    facts: id
      ? {
          lead: { stage: stage as 'lead' | 'mql' | 'sql', stagePath: text(stagePath), mqlAt: text(mqlAt), sqlAt: text(sqlAt), charterVersion: charterVersion === null ? null : Number(charterVersion), levels },
          handover: deadline
            ? { deadline: String(deadline), state: state as 'open' | 'accepted' | 'rejected', firstTouchAt: text(firstTouchAt), breachedAt: text(breachedAt), holderEmail: text(holderEmail) }
            : null,
        }
      : null,
    recordIds: { hubspot: text(hubspot), salesforce: text(salesforce), pipedrive: text(pipedrive) },
  };
}

function chartersByVersion(database: Database, fallback: TCharter): (version: number | null) => Promise<TCharter> {
  const cache = new Map<number, TCharter>();
  return async (version) => {
    if (version === null) return fallback;
    const known = cache.get(version);
    if (known) return known;
    const row = await database.db.query.charterVersions.findFirst({ where: eq(charterVersions.version, version), columns: { body: true } });
    const charter = row ? ZCharter.parse(row.body) : fallback;
    cache.set(version, charter);
    return charter;
  };
}

/** Drains the changed leads into the outbox, chunk by chunk; each chunk is one read and one batch. */
export async function queueVerdicts(database: Database, now: Date): Promise<TVerdictQueueReport> {
  const { db } = database;
  const report: TVerdictQueueReport = { read: 0, queued: 0 };
  const connected = (await db.select({ crm: crmConnections.crm }).from(crmConnections)).map((c) => c.crm);
  if (connected.length === 0) return report;
  const active = await activeCharter(database);
  const charterOf = chartersByVersion(database, active);
  const nowIso = now.toISOString();

  for (let chunk = 0; chunk < MOST_CHUNKS; chunk += 1) {
    const changed = ((await readRows(database, changedSql, [CHUNK])) as TChangedRow[]).map(changedOf);
    if (changed.length === 0) break;
    const rows: (typeof crmOutbox.$inferInsert)[] = [];
    for (const { leadId, facts, recordIds } of changed) {
      if (!facts) continue;
      const verdict = verdictOf(facts, await charterOf(facts.lead.charterVersion));
      for (const crm of connected) {
        const recordId = recordIds[crm];
        const wanted = active.crmWriteBack[crm].verdict;
        if (!recordId || wanted.length === 0) continue;
        const payload = { charterVersion: facts.lead.charterVersion, fields: pickFields(verdict, wanted) };
        rows.push({ crm, recordId, leadId, kind: 'verdict', sourceId: leadId, payload, nextAttemptAt: nowIso, createdAt: nowIso });
      }
    }
    const drained = JSON.stringify(changed.map((c) => [c.leadId, c.version]));
    const drain = db.run(sql`DELETE FROM ${crmVerdictChanges} WHERE (lead_id, version) IN (SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(${drained}))`);
    if (rows.length > 0) {
      const [queued] = await db.batch([upsertVerdicts(database, rows), drain]);
      report.queued += queued.length;
    } else await drain;
    report.read += changed.length;
    if (changed.length < CHUNK) break;
  }
  return report;
}

/** The verdict rows, each inserted or, when the fields it carries changed, re-armed as a new write. */
function upsertVerdicts(database: Database, rows: (typeof crmOutbox.$inferInsert)[]) {
  return database.db
    .insert(crmOutbox)
    .values(rows)
    .onConflictDoUpdate({
      target: [crmOutbox.crm, crmOutbox.kind, crmOutbox.sourceId],
      set: {
        recordId: sql`excluded.record_id`,
        payload: sql`excluded.payload`,
        state: 'pending',
        attempts: 0,
        nextAttemptAt: sql`excluded.next_attempt_at`,
        lastError: null,
        deliveredAt: null,
      },
      setWhere: sql`${crmOutbox.payload} IS NOT excluded.payload OR ${crmOutbox.recordId} IS NOT excluded.record_id`,
    })
    .returning({ id: crmOutbox.id });
}

/** Every lead with a record in `crm` has its verdict computed at the next pass (connecting). For the connect's own batch. */
export function verdictsOfAllLeads(database: Database, crm: TCrmName) {
  const column = leads[RECORD_ID[crm]];
  return database.db.run(
    sql`INSERT INTO ${crmVerdictChanges} (lead_id, version) SELECT ${leads.id}, 1 FROM ${leads} WHERE ${column} IS NOT NULL ON CONFLICT (lead_id) DO UPDATE SET version = version + 1`,
  );
}
