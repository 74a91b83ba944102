import { createHash } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { slaRules } from '../domain/stats/sla-rules';
import type { Database } from './client';
import { DELAY_BUCKETS, DELAY_KINDS, DELAY_PAIR_COLUMNS, DELAY_PAIR_SHIFT, REP_STATS_COUNT_COLUMNS, STATS_GRAINS, calendarDelaySql, delayBucketSql } from './schema-stats';

// The triggers that keep rep_stats, rep_delay_histograms and rep_reasons (schema-stats.ts) equal to what the
// handovers and decisions tables hold, and the rebuild that fills them from those tables.
// Every write path (ingest, decisions, touches, reassignment, CRM pulls, the demo seed, fix-ups,
// another process on the same libSQL server) goes through them: a write subtracts the old
// row's contribution and adds the new one's.
//
// A contribution is read from a "source" row `s` with the columns below: one handover (its
// original owner, start, deadline, first touch) with its decision's columns (null when there is
// none) and a sign, +1 to add it, −1 to take it away.

const dialect = new SQLiteSyncDialect();
const text = (query: SQL): string => {
  const { sql: statement, params } = dialect.sqlToQuery(query);
  if (params.length > 0) throw new Error(`a trigger's SQL cannot bind parameters: ${statement}`);
  return statement;
};
const col = (name: string) => sql.raw(`s.${name}`);

const rules = slaRules({
  firstTouchAt: col('first_touch_at'),
  deadline: col('deadline'),
  decisionKind: col('kind'),
  withoutContact: col('without_contact'),
  decidedAt: col('decided_at'),
});


/** Each counted column of rep_stats, as its value for the source row (before the sign). */
const COUNTS: Record<(typeof REP_STATS_COUNT_COLUMNS)[number], string> = {
  handovers: '1',
  accepted: `coalesce(s.kind = 'accepted', 0)`,
  rejected: `coalesce(s.kind = 'rejected', 0)`,
  rejected_without_contact: `coalesce(${text(rules.rejectedWithoutContact)}, 0)`,
  sla_met: text(rules.met),
  sla_due_settled: `coalesce(${text(rules.dueSettled)}, 0)`,
  sla_pending: text(rules.duePending),
  untouched_open: '(s.kind is null and s.first_touch_at is null)',
  touched: '(s.first_touch_at is not null)',
};

/**
 * Adds the delays' bucket numbers: -1 where the delay does not count (no touch, or no business
 * time). `limit -1` keeps each step a subquery of its own (SQLite does not flatten a limited
 * subquery into a join): flattened, every use of a bucket would repeat its comparison tree and
 * every node of the tree the delay's arithmetic, and the trigger program compiled into each
 * statement that writes a handover or a decision would be tens of kilobytes.
 */
const withBuckets = (sources: string) => `(select d.*,
    case when d.first_touch_at is not null and d.business_ms is not null then ${delayBucketSql('d.business_ms')} else -1 end as business_bucket,
    case when d.first_touch_at is not null then ${delayBucketSql('d.calendar_ms')} else -1 end as calendar_bucket
  from (select s.*, ${calendarDelaySql('s.first_touch_at', 's.started_at')} as calendar_ms from (${sources}) s limit -1) d limit -1)`;

const GRAINS = `(${STATS_GRAINS.map((g) => `select '${g.grain}' as grain, ${g.periodLength} as period_length`).join(' union all ')})`;
/** Adds each source row's signed contribution to rep_stats. */
function repStatsUpsert(sources: string): string {
  return `insert into rep_stats (grain, period, owner_id, ${REP_STATS_COUNT_COLUMNS.join(', ')})
select g.grain, substr(s.started_at, 1, g.period_length), s.owner_id, ${REP_STATS_COUNT_COLUMNS.map((c) => `s.sign * (${COUNTS[c]})`).join(', ')}
from (${sources}) s, ${GRAINS} g
where true
on conflict (grain, period, owner_id) do update set ${REP_STATS_COUNT_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
}

const KINDS = `(select '${DELAY_KINDS.business}' as kind union all select '${DELAY_KINDS.calendar}')`;

/** Each source row's two delay buckets as rows (kind, bucket), with its owner, start and sign. */
const delayRows = (sources: string) => `(select b.owner_id, b.started_at, b.sign, k.kind,
    case k.kind when '${DELAY_KINDS.business}' then b.business_bucket else b.calendar_bucket end as bucket
  from ${withBuckets(sources)} b, ${KINDS} k limit -1)`;

const HISTOGRAM_COLUMNS = DELAY_PAIR_COLUMNS.join(', ');
/** A packed column's value for one delay in `bucket` (schema-stats.ts): 1 for its even bucket, 2^26 for its odd one. */
const pairValue = (bucket: string, i: number) =>
  2 * i + 1 < DELAY_BUCKETS ? `((${bucket} = ${2 * i}) + ((${bucket} = ${2 * i + 1}) << ${DELAY_PAIR_SHIFT}))` : `(${bucket} = ${2 * i})`;

/** Adds each touched source row's signed delays to rep_delay_histograms: its bucket's column of a row per grain and kind. */
function repDelaysUpsert(sources: string): string {
  return `insert into rep_delay_histograms (grain, period, owner_id, kind, ${HISTOGRAM_COLUMNS})
select g.grain, substr(s.started_at, 1, g.period_length), s.owner_id, s.kind, ${DELAY_PAIR_COLUMNS.map((_, i) => `s.sign * ${pairValue('s.bucket', i)}`).join(', ')}
from ${delayRows(sources)} s, ${GRAINS} g
where s.bucket >= 0
on conflict (grain, period, owner_id, kind) do update set ${DELAY_PAIR_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')}`;
}

/** Adds each source row's signed rejection to rep_reasons. */
function repReasonsUpsert(sources: string, onlyIf = 'true'): string {
  return `insert into rep_reasons (grain, period, owner_id, reason_key, count)
select g.grain, substr(s.started_at, 1, g.period_length), s.owner_id, coalesce(s.reason_id, ''), s.sign
from (${sources}) s, ${GRAINS} g
where s.kind = 'rejected' and ${onlyIf}
on conflict (grain, period, owner_id, reason_key) do update set count = count + excluded.count`;
}

type TRowRef = 'new' | 'old';

/** A handover row (new or old) with its decision as it is in the table. */
const handoverSource = (h: TRowRef, sign: number) =>
  `select ${h}.original_owner_id as owner_id, ${h}.started_at as started_at, ${h}.deadline as deadline, ${h}.first_touch_at as first_touch_at,
    ${h}.first_touch_business_ms as business_ms, d.kind as kind, d.without_contact as without_contact, d.decided_at as decided_at,
    d.reason_id as reason_id, ${sign} as sign
  from (select 1) left join decisions d on d.handover_id = ${h}.id`;

/** A decision row (new or old, or none) with its handover as it is in the table. */
const decisionSource = (d: TRowRef, sign: number, asIfNone = false) =>
  `select h.original_owner_id as owner_id, h.started_at as started_at, h.deadline as deadline, h.first_touch_at as first_touch_at,
    h.first_touch_business_ms as business_ms,
    ${asIfNone ? 'null' : `${d}.kind`} as kind, ${asIfNone ? 'null' : `${d}.without_contact`} as without_contact,
    ${asIfNone ? 'null' : `${d}.decided_at`} as decided_at, ${asIfNone ? 'null' : `${d}.reason_id`} as reason_id, ${sign} as sign
  from handovers h where h.id = ${d}.handover_id`;

const HANDOVER_COLUMNS_READ = ['id', 'original_owner_id', 'started_at', 'deadline', 'first_touch_at', 'first_touch_business_ms'];
const DECISION_COLUMNS_READ = ['handover_id', 'kind', 'without_contact', 'decided_at', 'reason_id'];
const changed = (columns: string[]) => columns.map((c) => `old.${c} is not new.${c}`).join(' or ');

function trigger(name: string, event: string, sources: string, options: { when?: string; reasonsOnlyIf?: string } = {}): string {
  return `create trigger ${name} after ${event}${options.when ? ` when ${options.when}` : ''} begin
${repStatsUpsert(sources)};
${repDelaysUpsert(sources)};
${repReasonsUpsert(sources, options.reasonsOnlyIf)};
end`;
}

export const STATS_TRIGGER_NAMES = [
  'rep_stats_handover_insert',
  'rep_stats_handover_update',
  'rep_stats_handover_delete',
  'rep_stats_decision_insert',
  'rep_stats_decision_update',
  'rep_stats_decision_delete',
] as const;

const both = (a: string, b: string) => `${a} union all ${b}`;

export const STATS_TRIGGERS: readonly string[] = [
  trigger('rep_stats_handover_insert', 'insert on handovers', handoverSource('new', 1)),
  trigger('rep_stats_handover_update', `update of ${HANDOVER_COLUMNS_READ.join(', ')} on handovers`, both(handoverSource('old', -1), handoverSource('new', 1)), {
    when: changed(HANDOVER_COLUMNS_READ),
    // A rejection moves only with its handover's owner or start.
    reasonsOnlyIf: `(${changed(['id', 'original_owner_id', 'started_at'])})`,
  }),
  trigger('rep_stats_handover_delete', 'delete on handovers', handoverSource('old', -1)),
  trigger('rep_stats_decision_insert', 'insert on decisions', both(decisionSource('new', -1, true), decisionSource('new', 1))),
  trigger('rep_stats_decision_update', `update of ${DECISION_COLUMNS_READ.join(', ')} on decisions`, both(decisionSource('old', -1), decisionSource('new', 1)), {
    when: changed(DECISION_COLUMNS_READ),
  }),
  trigger('rep_stats_decision_delete', 'delete on decisions', both(decisionSource('old', -1), decisionSource('old', 1, true))),
];

/** Every handover with its decision, once: the source of the rebuild. */
const ALL_HANDOVERS = `select h.original_owner_id as owner_id, h.started_at as started_at, h.deadline as deadline, h.first_touch_at as first_touch_at,
    h.first_touch_business_ms as business_ms, d.kind as kind, d.without_contact as without_contact, d.decided_at as decided_at,
    d.reason_id as reason_id, 1 as sign
  from handovers h left join decisions d on d.handover_id = h.id`;

/** Fills the emptied aggregates from the tables: the counts, the delays and the reasons, each in one grouped pass. */
const REBUILD: readonly string[] = [
  'delete from rep_stats',
  'delete from rep_reasons',
  'delete from rep_delay_histograms',
  `insert into rep_stats (grain, period, owner_id, ${REP_STATS_COUNT_COLUMNS.join(', ')})
select g.grain, substr(s.started_at, 1, g.period_length) as period, s.owner_id, ${REP_STATS_COUNT_COLUMNS.map((c) => `sum(${COUNTS[c]})`).join(', ')}
from (${ALL_HANDOVERS}) s, ${GRAINS} g
group by g.grain, period, s.owner_id`,
  // Counted per bucket first, then spread into the packed columns: one pass of 41 sums per bucket's row, not per handover.
  `insert into rep_delay_histograms (grain, period, owner_id, kind, ${HISTOGRAM_COLUMNS})
select grain, period, owner_id, kind, ${DELAY_PAIR_COLUMNS.map((_, i) => `sum(n * ${pairValue('bucket', i)})`).join(', ')}
from (select g.grain, substr(s.started_at, 1, g.period_length) as period, s.owner_id, s.kind, s.bucket, count(*) as n
  from ${delayRows(ALL_HANDOVERS)} s, ${GRAINS} g
  where s.bucket >= 0
  group by g.grain, period, s.owner_id, s.kind, s.bucket)
group by grain, period, owner_id, kind`,
  `insert into rep_reasons (grain, period, owner_id, reason_key, count)
select g.grain, substr(s.started_at, 1, g.period_length) as period, s.owner_id, coalesce(s.reason_id, '') as reason_key, count(*)
from (${ALL_HANDOVERS}) s, ${GRAINS} g
where s.kind = 'rejected'
group by g.grain, period, s.owner_id, reason_key`,
];

/** Names the definition the aggregates were built by: the triggers' text, so any change to a rule or a bucket rebuilds them. */
export const STATS_DEFINITION = createHash('sha256')
  .update([...STATS_TRIGGERS, ...REBUILD].join(';\n'))
  .digest('hex');

/** The statements that drop and recreate the triggers and rebuild the aggregates, in one transaction. */
export function rebuildStatements(): string[] {
  return [
    ...STATS_TRIGGER_NAMES.map((name) => `drop trigger if exists ${name}`),
    ...REBUILD,
    ...STATS_TRIGGERS,
    `insert into stats_aggregates (name, definition) values ('rep_stats', '${STATS_DEFINITION}')
      on conflict (name) do update set definition = excluded.definition`,
  ];
}

/**
 * Run at every open, after the migrations: when the aggregates were built by another
 * definition of the triggers (or none: migration 0005 creates them empty), drops and recreates
 * the triggers and rebuilds the aggregates in one write transaction, so no write falls between
 * the rebuild and the triggers. Several processes opening one server at once each rebuild
 * whole; the last wins with the same result.
 */
export async function ensureStatsAggregates(database: Database): Promise<boolean> {
  const stored = await database.client.execute(`select definition from stats_aggregates where name = 'rep_stats'`);
  if (stored.rows[0]?.definition === STATS_DEFINITION) return false;
  await database.writeLock.runExclusive(() => database.client.batch(rebuildStatements(), 'write'));
  return true;
}
