import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './schema';

/**
 * The rotation of each routing pool (a charter rule by name, or `fallback`), one row per rep
 * who has taken part: stride scheduling, where the rep with the lowest `pass` gets the next
 * lead and their pass grows by 1/weight. Kept in the database, so a restart keeps the
 * rotation, and written in the batch that opens the handover.
 */
export const routingRotation = sqliteTable(
  'routing_rotation',
  {
    pool: text('pool').notNull(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    pass: real('pass').notNull(),
    /** Leads this pool's rotation gave them. */
    assigned: integer('assigned').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.pool, t.userId] })],
);
