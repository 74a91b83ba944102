import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './schema';

/**
 * The rotation of each routing pool (a charter rule by name, or `fallback`), one row per rep
 * who has taken part: their credit in the smooth weighted round-robin (see
 * domain/routing/rotation.ts). Kept in the database, so a restart keeps the rotation, and
 * written in the batch that opens the handover.
 */
export const routingRotation = sqliteTable(
  'routing_rotation',
  {
    pool: text('pool').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    credit: real('credit').notNull(),
    /** Leads this pool's rotation gave them. */
    assigned: integer('assigned').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.pool, t.userId] })],
);
