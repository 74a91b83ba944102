import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { touchMeetsDeadlineSql } from '../sla-sql';

// A handover's SLA figures as SQL, written once: the stats' raw-row queries apply them to the
// tables (common.ts), the aggregates' triggers to the row being written (db/stats-triggers.ts).

/** The columns a handover's SLA figures read: its own and its decision's (all null when it has none). */
export interface TSlaColumns {
  firstTouchAt: SQLWrapper;
  deadline: SQLWrapper;
  decisionKind: SQLWrapper;
  withoutContact: SQLWrapper;
  decidedAt: SQLWrapper;
}

/**
 * The SLA figures of one handover as SQL over `c`: the stats' raw-row queries read them from the
 * tables, the aggregates' triggers (db/stats-triggers.ts) from the row being written.
 */
export function slaRules(c: TSlaColumns) {
  /** Rejected before any touch: the SLA clock stopped there (BRIEF §3). */
  const rejectedWithoutContact = sql`(${c.decisionKind} = 'rejected' and ${c.withoutContact} = 1)`;
  return {
    rejectedWithoutContact,
    /**
     * Due for the SLA: its outcome is known. Touched (met or missed), or untouched with the
     * deadline passed (missed). A rejection without contact stopped the clock: due (and missed)
     * only if the deadline had already lapsed when it was made.
     */
    due: (now: Date) =>
      sql`case
    when ${rejectedWithoutContact} then ${c.decidedAt} > ${c.deadline}
    when ${c.firstTouchAt} is not null then 1
    else ${c.deadline} <= ${now.toISOString()}
  end`,
    /** The part of `due` that does not depend on now. */
    dueSettled: sql`case when ${rejectedWithoutContact} then ${c.decidedAt} > ${c.deadline} when ${c.firstTouchAt} is not null then 1 else 0 end`,
    /** 1 where `due` is `deadline <= now`: untouched, and no rejection without contact. */
    duePending: sql`case when ${rejectedWithoutContact} then 0 when ${c.firstTouchAt} is not null then 0 else 1 end`,
    /** Met: the first touch meets the deadline by the SLA's one rule (`touchMeetsDeadline`, shared/sla.ts), and no rejection without contact stopped the clock first. */
    met: sql`case
    when ${rejectedWithoutContact} then 0
    when ${c.firstTouchAt} is not null and ${touchMeetsDeadlineSql(c.firstTouchAt, c.deadline)} then 1
    else 0
  end`,
  };
}

const dialect = new SQLiteSyncDialect();

/** SQL as text: the rules bind no parameter but `due`'s now, which this leaves out. */
export function sqlText(query: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(query);
  if (params.length > 0) throw new Error(`expected SQL without parameters: ${text}`);
  return text;
}

/** The rules as text over a handover aliased `h` and its decision aliased `d` (both as `h.column`, `d.column`). */
export function slaRulesText(h: string, d: string) {
  const rules = slaRules({
    firstTouchAt: sql.raw(`${h}.first_touch_at`),
    deadline: sql.raw(`${h}.deadline`),
    decisionKind: sql.raw(`${d}.kind`),
    withoutContact: sql.raw(`${d}.without_contact`),
    decidedAt: sql.raw(`${d}.decided_at`),
  });
  return { rejectedWithoutContact: sqlText(rules.rejectedWithoutContact), dueSettled: sqlText(rules.dueSettled), duePending: sqlText(rules.duePending), met: sqlText(rules.met) };
}
