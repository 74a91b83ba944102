import { sql } from 'drizzle-orm';
import type { TEvaluation } from '../../shared/scoring/evaluate';
import { STAGE_RANK, type TStage, type TStagePath } from '../../shared/scoring/stage';
import type { TDb } from '../db/client';
import { leads } from '../db/schema';
import { chunks, ROWS_PER_STATEMENT, type TQuery } from './batch-sql';
import type { TLeadRow } from './lead-record';
import { inList } from './sql-lists';

// What a rescore writes on the lead rows, set-based: the leads whose levels, charter version
// or stage changed are rewritten by one multi-row UPDATE, the others only get their
// `scored_at` moved, by one UPDATE of their ids — two statements a chunk, whatever its size.

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

const column = (name: keyof typeof leads.$inferSelect) => sql.identifier(leads[name].name);

/** One UPDATE … FROM (VALUES …) for up to `ROWS_PER_STATEMENT` rows. */
function rewriteRows(db: TDb, rows: readonly TScoreRow[], charterVersion: number, nowIso: string): TQuery {
  const values = sql.join(
    rows.map((r) => sql`(${r.id}, ${r.fitLevel}, ${r.engagementLevel}, ${r.intentLevel}, ${r.authorityLevel}, ${r.stage}, ${r.stagePath}, ${r.mqlAt}, ${r.sqlAt})`),
    sql`, `,
  );
  const keep = (name: keyof typeof leads.$inferSelect, from: string) => sql`${column(name)} = coalesce(v.${sql.raw(from)}, ${leads[name]})`;
  return db.run(sql`with v(id, fit, engagement, intent, authority, stage, stage_path, mql_at, sql_at) as (values ${values})
    update ${leads} set
      ${column('fitLevel')} = v.fit, ${column('engagementLevel')} = v.engagement, ${column('intentLevel')} = v.intent, ${column('authorityLevel')} = v.authority,
      ${column('charterVersion')} = ${charterVersion}, ${column('scoredAt')} = ${nowIso},
      ${keep('stage', 'stage')}, ${keep('stagePath', 'stage_path')}, ${keep('mqlAt', 'mql_at')}, ${keep('sqlAt', 'sql_at')},
      ${column('updatedAt')} = case when v.stage is null then ${leads.updatedAt} else ${nowIso} end
    from v where ${leads.id} = v.id`);
}

/**
 * The statements that store a chunk's scores: `rows` rewritten (see `scoreOutcome`), and
 * `scoredAt` moved to `nowIso` on the other leads scored (`unchangedIds`).
 */
export function scoreQueries(db: TDb, rows: readonly TScoreRow[], unchangedIds: readonly string[], charterVersion: number, nowIso: string): TQuery[] {
  return [
    ...chunks(rows, ROWS_PER_STATEMENT).map((part) => rewriteRows(db, part, charterVersion, nowIso)),
    ...chunks(unchangedIds, ROWS_PER_STATEMENT * 4).map((ids) => db.update(leads).set({ scoredAt: nowIso }).where(inList(leads.id, ids))),
  ];
}
