import type { InStatement } from '@libsql/client';
import type { TEvaluation } from '../../shared/scoring/evaluate';
import { STAGE_RANK, type TStage, type TStagePath } from '../../shared/scoring/stage';
import { leads } from '../db/schema';
import type { TLeadRow } from './lead-record';

// What a rescore writes on the lead rows, set-based: the leads whose levels, charter version
// or stage changed are rewritten, the others only get their `scored_at` moved — one
// or two UPDATE … FROM a chunk, whatever its size.

/** A lead row as a rescore rewrites it; null columns are kept as they are. */
export interface TScoreRow {
  id: string;
  fitLevel: string;
  engagementLevel: string;
  intentLevel: string;
  authorityLevel: string;
  /** Set only when the lead advances, with its path. */
  stage: TStage | null;
  stagePath: TStagePath | null;
  /** Set only when the lead first becomes an MQL (SQL). */
  mqlAt: string | null;
  sqlAt: string | null;
}

export interface TScoreOutcome {
  /** The stage the lead moves forward to, and how; undefined when it stays. */
  advance: { from: TStage; to: TStage; path: TStagePath } | undefined;
  /** The row to rewrite; undefined when nothing but `scored_at` changes. */
  row: TScoreRow | undefined;
}

type TScoredLead = Pick<TLeadRow, 'id' | 'stage' | 'mqlAt' | 'sqlAt' | 'fitLevel' | 'engagementLevel' | 'intentLevel' | 'authorityLevel' | 'charterVersion'>;

/**
 * What an evaluation changes on a lead: the stage only ever moves forward; the first MQL
 * and SQL are dated `nowIso`. Meeting every SQL threshold passes the MQL ones on the way;
 * the direct path skips them, so a direct SQL leaves `mqlAt` empty.
 */
export function scoreOutcome(lead: TScoredLead, evaluation: TEvaluation, charterVersion: number, nowIso: string): TScoreOutcome {
  const { criteria } = evaluation;
  const { stage: reached, path } = evaluation.stage;
  const advances = STAGE_RANK[reached] > STAGE_RANK[lead.stage] && path !== null;
  const passedMql = reached === 'mql' || (reached === 'sql' && path !== 'direct' && evaluation.stage.checks.mql.every((c) => c.met));
  const levels = {
    fitLevel: criteria.fit.level,
    engagementLevel: criteria.engagement.level,
    intentLevel: criteria.intent.level,
    authorityLevel: criteria.authority.level,
  };
  const unchanged =
    !advances &&
    lead.charterVersion === charterVersion &&
    lead.fitLevel === levels.fitLevel &&
    lead.engagementLevel === levels.engagementLevel &&
    lead.intentLevel === levels.intentLevel &&
    lead.authorityLevel === levels.authorityLevel;
  if (unchanged) return { advance: undefined, row: undefined };
  return {
    advance: advances ? { from: lead.stage, to: reached, path } : undefined,
    row: {
      id: lead.id,
      ...levels,
      stage: advances ? reached : null,
      stagePath: advances ? path : null,
      mqlAt: advances && passedMql && !lead.mqlAt ? nowIso : null,
      sqlAt: advances && reached === 'sql' && !lead.sqlAt ? nowIso : null,
    },
  };
}

const column = (name: keyof typeof leads.$inferSelect) => `"${leads[name].name}"`;
const keep = (name: keyof typeof leads.$inferSelect, from: string) => `${column(name)} = coalesce(v.${from}, "leads".${column(name)})`;

/**
 * A chunk's scores as UPDATE … FROM statements, their rows bound as one JSON array
 * (`json_each`). The levels go to every lead scored (a null level is kept, so a lead whose
 * levels are unchanged, `unchangedIds`, only gets its scoring instant); the stage columns
 * only to the leads that advance: assigning an indexed column rewrites its index entry even
 * when the value stays, which made a chunk's write about seven times dearer.
 */
const LEVELS_SQL = `with v as (
    select value ->> 0 as id, value ->> 1 as fit, value ->> 2 as engagement, value ->> 3 as intent, value ->> 4 as authority
    from json_each(?1))
  update "leads" set
    ${keep('fitLevel', 'fit')}, ${keep('engagementLevel', 'engagement')}, ${keep('intentLevel', 'intent')}, ${keep('authorityLevel', 'authority')},
    ${column('charterVersion')} = ?2, ${column('scoredAt')} = ?3
  from v where "leads".${column('id')} = v.id`;

const ADVANCE_SQL = `with v as (
    select value ->> 0 as id, value ->> 1 as stage, value ->> 2 as stage_path, value ->> 3 as mql_at, value ->> 4 as sql_at
    from json_each(?1))
  update "leads" set
    ${column('stage')} = v.stage, ${column('stagePath')} = v.stage_path, ${keep('mqlAt', 'mql_at')}, ${keep('sqlAt', 'sql_at')},
    ${column('updatedAt')} = ?2
  from v where "leads".${column('id')} = v.id`;

/**
 * The statements that store a chunk's scores: `rows` rewritten (see `scoreOutcome`), and
 * `scoredAt` moved to `nowIso` on the other leads scored (`unchangedIds`). At most two
 * statements whatever the number of leads.
 */
export function scoreQueries(rows: readonly TScoreRow[], unchangedIds: readonly string[], charterVersion: number, nowIso: string): InStatement[] {
  if (rows.length === 0 && unchangedIds.length === 0) return [];
  const levels = [
    ...rows.map((r) => [r.id, r.fitLevel, r.engagementLevel, r.intentLevel, r.authorityLevel]),
    ...unchangedIds.map((id) => [id, null, null, null, null]),
  ];
  const advancing = rows.filter((r) => r.stage !== null).map((r) => [r.id, r.stage, r.stagePath, r.mqlAt, r.sqlAt]);
  return [
    { sql: LEVELS_SQL, args: [JSON.stringify(levels), charterVersion, nowIso] },
    ...(advancing.length > 0 ? [{ sql: ADVANCE_SQL, args: [JSON.stringify(advancing), nowIso] }] : []),
  ];
}

const HANDED_OVER_SQL = `with v as (select value ->> 0 as id, value ->> 1 as owner from json_each(?1))
  update "leads" set ${column('ownerId')} = v.owner, ${column('status')} = 'active', ${column('updatedAt')} = ?2
  from v where "leads".${column('id')} = v.id`;

/**
 * The statement that gives leads just handed over their handover's owner and returns them to
 * active (what `openHandoverQueries` writes on the lead), for a chunk's handovers at once.
 */
export function handedOverQueries(owners: readonly { leadId: string; ownerId: string }[], nowIso: string): InStatement[] {
  if (owners.length === 0) return [];
  return [{ sql: HANDED_OVER_SQL, args: [JSON.stringify(owners.map((o) => [o.leadId, o.ownerId])), nowIso] }];
}

/**
 * What `scoreQueries` and `handedOverQueries` would write on a new lead once stored (`row` its
 * rewrite, `ownerId` its handover's owner), set on its row before it is inserted: `values`
 * is changed in place (a chunk's thousand rows are not copied).
 */
export function setScores(values: typeof leads.$inferInsert, row: TScoreRow | undefined, ownerId: string | undefined, charterVersion: number, nowIso: string): void {
  if (row) {
    values.fitLevel = row.fitLevel;
    values.engagementLevel = row.engagementLevel;
    values.intentLevel = row.intentLevel;
    values.authorityLevel = row.authorityLevel;
    if (row.stage) {
      values.stage = row.stage;
      values.stagePath = row.stagePath;
      if (row.mqlAt) values.mqlAt = row.mqlAt;
      if (row.sqlAt) values.sqlAt = row.sqlAt;
      values.updatedAt = nowIso;
    }
  }
  if (ownerId) {
    values.ownerId = ownerId;
    values.status = 'active';
    values.updatedAt = nowIso;
  }
  values.charterVersion = charterVersion;
  values.scoredAt = nowIso;
}
