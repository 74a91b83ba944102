import { sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { leads, users } from './schema';

/**
 * A marginal lead RevOps left out of the review queue, at the scoring it was reviewed at: a
 * new scoring (a new event, a new charter) brings it back.
 */
export const reviewDismissals = sqliteTable('review_dismissals', {
  leadId: text('lead_id')
    .primaryKey()
    .references(() => leads.id),
  /** The lead's `scored_at` when it was left out. */
  scoredAt: text('scored_at'),
  dismissedById: text('dismissed_by_id')
    .notNull()
    .references(() => users.id),
  dismissedAt: text('dismissed_at').notNull(),
});
