import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import { SLA_MET_OPERATOR } from '../../shared/sla';

/**
 * The SLA "met" rule of shared/sla.ts (`touchMeetsDeadline`) as an SQL condition, built from
 * the same operator. It compares the stored text: instants are written by `toISOString()`, one
 * fixed width in UTC, so the text sorts as the instants do.
 */
export function touchMeetsDeadlineSql(firstTouchAt: SQLWrapper, deadline: SQLWrapper): SQL {
  return sql`(${firstTouchAt} ${sql.raw(SLA_MET_OPERATOR)} ${deadline})`;
}
