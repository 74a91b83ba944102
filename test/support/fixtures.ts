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

/**
 * Working hours around the clock, for tests whose clocks run from the real time: every day,
 * 00:00–23:59 in a fixed-offset zone where it is now about noon, so the day's one minute off
 * (23:59–00:00) lies some twelve hours from now and business time equals elapsed time
 * across any window of a few hours, whenever the test runs.
 */
export function roundTheClock(now = new Date()) {
  const offsetHours = 12 - now.getUTCHours(); // local time ≈ noon: UTC+12 … UTC−11
  const timeZone = offsetHours === 0 ? 'UTC' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
  return { timeZone, workingDays: [1, 2, 3, 4, 5, 6, 7], dayStart: '00:00', dayEnd: '23:59', holidays: [] as string[] };
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
