import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { TCharter } from '../../../shared/charter';
import { AUTHORITY_LEVELS, CRITERIA, ENGAGEMENT_LEVELS, FIT_LEVELS, INTENT_LEVELS, type TCriterion } from '../../../shared/levels';
import type { Database } from '../../db/client';
import { leads } from '../../db/schema';
import { reviewDismissals } from '../../db/schema-review';
import { forbidden, notFound } from '../../errors';
import { auditInsert } from '../audit';
import { activeCharter } from '../charter';
import { NO_GROUP, parse } from '../stats/common';
import type { TUser } from '../users';

// The review queue for marginal leads: MQLs in play that don't fit the proven pattern wait for
// RevOps, who sends one to sales for a single outreach attempt (`review.send`, see assign.ts)
// or leaves it out until it is scored anew (`review.dismiss`). Two ways in: falling just short
// of SQL (every SQL threshold of the charter in force met but one, missed by one level), or
// coming from a source without proven conversion (none of its leads that reached SQL in the
// last year was won), however far from SQL. Once a source's lead is won, its other leads
// leave the queue unless they are just short. The closest to SQL come first. Beside each lead, its source's record over the
// year; above them, what the single attempts became.

const YEAR_MS = 365 * 86_400_000;
const DEFAULT_LIMIT = 100;

export const ZReviewQueueInput = z.object({ limit: z.number().int().min(1).max(500).optional() });
export type TReviewQueueInput = z.input<typeof ZReviewQueueInput>;
export const ZReviewDismissInput = z.object({ leadId: z.string().trim().min(1).max(100) });

const LEVELS: Record<TCriterion, readonly string[]> = { fit: FIT_LEVELS, engagement: ENGAGEMENT_LEVELS, intent: INTENT_LEVELS, authority: AUTHORITY_LEVELS };
const COLUMNS: Record<TCriterion, string> = { fit: 'fit_level', engagement: 'engagement_level', intent: 'intent_level', authority: 'authority_level' };

/** Why a lead waits for review. */
export type TReviewReason = 'shortOfSql' | 'unprovenSource';

export interface TReviewMiss {
  criterion: TCriterion;
  level: string;
  needed: string;
}

export interface TReviewLead {
  leadId: string;
  name: string;
  email: string;
  title: string | null;
  company: string | null;
  source: string;
  levels: Record<TCriterion, string>;
  reasons: TReviewReason[];
  /** Every SQL threshold the lead misses, in the charter's order of criteria. */
  misses: TReviewMiss[];
  /** The first of `misses`: for a lead just short of SQL, the only one. */
  short: TReviewMiss;
  scoredAt: string | null;
  /** The source's leads that reached SQL in the last year, and those of them won. */
  sourceRecord: { sqls: number; won: number };
}

export interface TAttemptCounts {
  sent: number;
  open: number;
  accepted: number;
  rejected: number;
  /** Sent leads since won. */
  won: number;
}

export interface TSingleAttempts extends TAttemptCounts {
  /** The same by the lead's source, most sent first: the sources whose marginal leads convert. */
  bySource: (TAttemptCounts & { source: string })[];
}

export interface TReviewQueue {
  charterVersion: number;
  leads: TReviewLead[];
  /** Marginal leads in all; `leads` the closest of them to SQL (the fewest levels missed), then the most recently scored. */
  total: number;
  singleAttempts: TSingleAttempts;
}

/** The SQL of a lead's shortfall against the charter's SQL thresholds: the levels it misses, summed. */
function shortfallSql(charter: TCharter): string {
  return CRITERIA.map((criterion) => {
    const levels = LEVELS[criterion];
    const rank = `(case l.${COLUMNS[criterion]} ${levels.map((level, i) => `when '${level}' then ${i}`).join(' ')} else -1 end)`;
    return `max(0, ${levels.indexOf(charter.thresholds.sql[criterion])} - ${rank})`;
  }).join(' + ');
}

const SOURCE = `coalesce(nullif(trim(l.source), ''), '${NO_GROUP}')`;

/**
 * The marginal leads, each with its shortfall and whether its source is proven, and their
 * number over all of them (the window counts before the limit). Arguments: since when a won
 * SQL proves a source, and the limit.
 */
function marginalSql(charter: TCharter): string {
  return `with proven(source) as (select distinct ${SOURCE} from leads l where l.sql_at >= ? and l.won_at is not null),
    candidates as (
      select l.*, ${SOURCE} as source_group, (${shortfallSql(charter)}) as shortfall from leads l
      where l.stage = 'mql' and l.status = 'active'
        and ${CRITERIA.map((c) => `l.${COLUMNS[c]} is not null`).join(' and ')}
        and not exists (select 1 from handovers h where h.lead_id = l.id and h.state = 'open')
        and not exists (select 1 from review_dismissals r where r.lead_id = l.id and r.scored_at is l.scored_at))
    select l.id, l.first_name, l.last_name, l.email, l.title, coalesce(a.name, json_extract(l.company, '$.name')) as company, l.source_group as source,
      l.fit_level, l.engagement_level, l.intent_level, l.authority_level, l.scored_at, l.shortfall,
      l.source_group in (select source from proven) as proven, count(*) over () as total
    from candidates l left join accounts a on a.id = l.account_id
    where l.shortfall = 1 or (l.shortfall > 1 and l.source_group not in (select source from proven))
    order by l.shortfall, l.scored_at desc, l.id limit ?`;
}

type TRow = Record<string, unknown>;

function missesOf(levels: Record<TCriterion, string>, charter: TCharter): TReviewMiss[] {
  return CRITERIA.filter((c) => LEVELS[c].indexOf(levels[c]) < LEVELS[c].indexOf(charter.thresholds.sql[c])).map((criterion) => ({
    criterion,
    level: levels[criterion],
    needed: charter.thresholds.sql[criterion],
  }));
}

const noAttempts = (): TAttemptCounts => ({ sent: 0, open: 0, accepted: 0, rejected: 0, won: 0 });

async function singleAttempts(database: Database): Promise<TSingleAttempts> {
  const { rows } = await database.client.execute(
    `select coalesce(nullif(trim(l.source), ''), '${NO_GROUP}') as source, h.state as state, count(*) as n, sum(l.won_at is not null) as won
      from handovers h join leads l on l.id = h.lead_id where h.single_attempt = 1 group by 1, 2`,
  );
  const overall = noAttempts();
  const bySource = new Map<string, TAttemptCounts>();
  for (const row of rows) {
    const source = row.source as string;
    const counts = bySource.get(source) ?? bySource.set(source, noAttempts()).get(source)!;
    const n = Number(row.n);
    for (const figures of [overall, counts]) {
      figures.sent += n;
      figures.won += Number(row.won ?? 0);
      if (row.state === 'open' || row.state === 'accepted' || row.state === 'rejected') figures[row.state] += n;
    }
  }
  const sources = [...bySource].map(([source, counts]) => ({ source, ...counts })).sort((a, b) => b.sent - a.sent || a.source.localeCompare(b.source, 'en'));
  return { ...overall, bySource: sources };
}

/** review.queue (manager or admin). A read of every MQL in play: it runs in the report worker. */
export async function reviewQueue(database: Database, caller: TUser, input: TReviewQueueInput | undefined, now: Date): Promise<TReviewQueue> {
  if (caller.role === 'rep') throw forbidden('only a manager or an admin reads the review queue');
  const { limit = DEFAULT_LIMIT } = parse(ZReviewQueueInput, input);
  const charter = await activeCharter(database);
  const yearAgo = new Date(now.getTime() - YEAR_MS).toISOString();
  const { rows } = await database.client.execute({ sql: marginalSql(charter), args: [yearAgo, limit] });
  const sources = [...new Set(rows.map((r) => r.source as string))];
  const records = new Map<string, { sqls: number; won: number }>();
  if (sources.length > 0) {
    const { rows: bySource } = await database.client.execute({
      sql: `select ${SOURCE} as source, count(*) as sqls, sum(l.won_at is not null) as won from leads l
        where l.sql_at >= ? and ${SOURCE} in (select value from json_each(?)) group by 1`,
      args: [yearAgo, JSON.stringify(sources)],
    });
    for (const row of bySource) records.set(row.source as string, { sqls: Number(row.sqls), won: Number(row.won ?? 0) });
  }
  return {
    charterVersion: charter.version,
    total: Number(rows[0]?.total ?? 0),
    singleAttempts: await singleAttempts(database),
    leads: rows.map((row: TRow) => {
      const levels = { fit: String(row.fit_level), engagement: String(row.engagement_level), intent: String(row.intent_level), authority: String(row.authority_level) };
      const misses = missesOf(levels, charter);
      const reasons: TReviewReason[] = [];
      if (Number(row.shortfall) === 1) reasons.push('shortOfSql');
      if (!row.proven) reasons.push('unprovenSource');
      const name = [row.first_name, row.last_name].filter((part) => typeof part === 'string' && part !== '').join(' ');
      return {
        leadId: String(row.id),
        name: name || String(row.email),
        email: String(row.email),
        title: (row.title as string | null) ?? null,
        company: (row.company as string | null) ?? null,
        source: String(row.source),
        levels,
        reasons,
        misses,
        short: misses[0]!,
        scoredAt: (row.scored_at as string | null) ?? null,
        sourceRecord: records.get(String(row.source)) ?? { sqls: 0, won: 0 },
      };
    }),
  };
}

/** review.dismiss (manager or admin): the lead leaves the queue until it is scored anew. */
export async function dismissFromReview(database: Database, caller: TUser, leadId: string, now: Date): Promise<{ leadId: string; dismissed: true }> {
  if (caller.role === 'rep') throw forbidden('only a manager or an admin leaves a lead out of the review queue');
  return database.writeLock.runExclusive(async () => {
    const { db } = database;
    const [lead] = await db.select({ id: leads.id, scoredAt: leads.scoredAt }).from(leads).where(eq(leads.id, leadId));
    if (!lead) throw notFound(`no lead with id ${leadId}`);
    const at = now.toISOString();
    await db.batch([
      db
        .insert(reviewDismissals)
        .values({ leadId, scoredAt: lead.scoredAt, dismissedById: caller.id, dismissedAt: at })
        .onConflictDoUpdate({ target: reviewDismissals.leadId, set: { scoredAt: lead.scoredAt, dismissedById: caller.id, dismissedAt: at } }),
      auditInsert(db, { at: now, actor: { kind: 'user', id: caller.id }, action: 'lead.review_dismiss', entity: 'lead', entityId: leadId, details: { scoredAt: lead.scoredAt } }),
    ]);
    return { leadId, dismissed: true as const };
  });
}
