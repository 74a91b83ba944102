import { not, sql, type SQL } from 'drizzle-orm';
import { handovers } from '../db/schema';

/**
 * Breaches older than this when first seen (imported history, a server that was down for
 * a week) are recorded but not escalated: reassigning last quarter's leads and paging
 * managers about them helps nobody.
 */
export const ESCALATION_HORIZON_MS = 3 * 24 * 3_600_000;

/**
 * History: a handover whose deadline had already passed, by more than the escalation
 * horizon, when Handshake first wrote it (an import of last quarter). Counted in the stats
 * like any other; never in a queue, an at-risk list, the badge or a notification — nobody
 * can still meet its SLA. Told apart by its own columns (deadline against created_at), so
 * no flag has to be kept in step.
 */
export function isHistory(handover: { deadline: string; createdAt: string }): boolean {
  return Date.parse(handover.createdAt) - Date.parse(handover.deadline) > ESCALATION_HORIZON_MS;
}

const HORIZON_MODIFIER = `-${ESCALATION_HORIZON_MS / 1000} seconds`;

/** `isHistory` in SQL, on ISO-8601 UTC text as the schema stores instants. */
export const handoverIsHistory: SQL = sql`${handovers.deadline} < strftime('%Y-%m-%dT%H:%M:%fZ', ${handovers.createdAt}, ${HORIZON_MODIFIER})`;

/** Handovers someone can still act on in time: everything but history. */
export const handoverIsLive: SQL = not(handoverIsHistory);
