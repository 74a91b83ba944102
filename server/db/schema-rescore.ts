import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * A full re-score of every lead under one charter version, run in the background after an
 * activation or by `npm run cli -- rescore`. Leads are taken in id order; `cursor` is the
 * last lead id done, written in the same batch as that chunk's scores, so a job stopped
 * anywhere resumes after the last chunk it stored. One job runs at a time: a newer job
 * supersedes an unfinished older one, and one process runs it under the lease.
 */
export const rescoreJobs = sqliteTable('rescore_jobs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  charterVersion: integer('charter_version').notNull(),
  /** The last lead id re-scored; null before the first chunk. */
  cursor: text('cursor'),
  /** Leads there were when the job started: what the progress is measured against. */
  total: integer('total').notNull(),
  scored: integer('scored').notNull().default(0),
  /** Leads whose levels, stage or charter version the job changed. */
  changed: integer('changed').notNull().default(0),
  transitions: integer('transitions').notNull().default(0),
  handoversOpened: integer('handovers_opened').notNull().default(0),
  awaitingRep: integer('awaiting_rep').notNull().default(0),
  startedAt: text('started_at').notNull(),
  finishedAt: text('finished_at'),
  /** The newer job that took this one's place before it finished. */
  supersededBy: integer('superseded_by'),
  /** One process runs the job: it holds the lease, renewed as it goes. */
  leaseHolder: text('lease_holder'),
  leaseUntil: text('lease_until'),
});

export type TRescoreJob = typeof rescoreJobs.$inferSelect;
