import { and, asc, eq } from 'drizzle-orm';
import type { TDb } from '../../db/client';
import { handovers, leads as leadRows } from '../../db/schema';
import { inListOf } from '../../domain/sql-lists';

// The reads the replay repeats, prepared once per database (see domain/prepared.ts).

/** The open handovers with their leads' e-mails and SLA instants, oldest first. */
export const openHandoversQuery = (db: TDb) =>
  db
    .select({
      id: handovers.id,
      leadId: handovers.leadId,
      email: leadRows.email,
      ownerId: handovers.ownerId,
      startedAt: handovers.startedAt,
      tier: handovers.tier,
      warnAt: handovers.warnAt,
      warnedAt: handovers.warnedAt,
      deadline: handovers.deadline,
      breachedAt: handovers.breachedAt,
      firstTouchAt: handovers.firstTouchAt,
    })
    .from(handovers)
    .innerJoin(leadRows, eq(handovers.leadId, leadRows.id))
    .where(eq(handovers.state, 'open'))
    .orderBy(asc(handovers.startedAt), asc(leadRows.email))
    .prepare();

/** Who holds each of the handovers `ids` (a JSON list) that is open. */
export const holdersQuery = (db: TDb) =>
  db
    .select({ id: handovers.id, ownerId: handovers.ownerId })
    .from(handovers)
    .where(and(inListOf(handovers.id, 'ids'), eq(handovers.state, 'open')))
    .prepare();
