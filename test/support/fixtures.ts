import { randomUUID } from 'node:crypto';
import type { Database } from '../../server/db/client';
import type { TNewUser } from '../../server/domain/users';
import { events, handovers, leads } from '../../server/db/schema';

/** Rows written straight to the database, for tests about what happens after ingest. */

export async function insertLead(database: Database, values: Partial<typeof leads.$inferInsert> & { email: string }) {
  const id = values.id ?? randomUUID();
  await database.db.insert(leads).values({ updatedAt: new Date().toISOString(), ...values, id });
  return id;
}

export async function insertHandover(
  database: Database,
  values: Partial<typeof handovers.$inferInsert> & { leadId: string; ownerId: string; startedAt: string; warnAt: string; deadline: string },
) {
  const id = values.id ?? randomUUID();
  await database.db.insert(handovers).values({
    originalOwnerId: values.ownerId,
    stage: 'sql',
    tier: 'high',
    businessHours: 4,
    charterVersion: 1,
    // Written when it started, as a live handover is (an earlier deadline would make it imported history).
    createdAt: values.startedAt,
    ...values,
    id,
  });
  return id;
}

export async function insertEvent(database: Database, values: typeof events.$inferInsert) {
  await database.db.insert(events).values(values);
}

/** A rep in Paris, 09:00–17:00 Monday to Friday. */
export const PARIS_REP = {
  role: 'rep',
  team: 'sales',
  timeZone: 'Europe/Paris',
  workingDays: [1, 2, 3, 4, 5],
  dayStart: '09:00',
  dayEnd: '17:00',
  holidays: [],
} satisfies Omit<TNewUser, 'email' | 'name'>;
