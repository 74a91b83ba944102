import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A check, not a store. A batch that acts on a handover it read earlier begins with a row
 * here; a trigger (migration 0016_cross_instance_guards) refuses the row, and the whole batch
 * with it, unless the handover is still as that read found it, and another trigger deletes
 * the row at once. Across app instances on one libSQL server, what one process's write lock
 * made atomic — the read, the check, the write — is so made by the database:
 * - `due`: open, untouched and not yet breached, for the sweeper's breach: with several
 *   instances sweeping, a breach is recorded and escalated once, never after the owner acted;
 * - `held`: open with the owner `ownerId`, for a decision or a touch checked against them.
 */
export const handoverChecks = sqliteTable('handover_checks', {
  handoverId: text('handover_id').notNull(),
  kind: text('kind', { enum: ['due', 'held'] }).notNull(),
  ownerId: text('owner_id'),
});

/** The refusals, as the error's message carries them. */
export const NOT_DUE = 'handover_not_due';
export const HANDOVER_MOVED = 'handover_moved';
