import { eq, sql } from 'drizzle-orm';
import { salesforceId18 } from '../../shared/salesforce-id';
import type { Database } from './client';
import { leads } from './schema';

// Data fix-ups that SQL migrations cannot express, run after the migrations at every start.
// Each is idempotent and finds its rows by a cheap test, so a database already fixed costs
// one scan and no write.

/**
 * Salesforce ids stored in the 15-character form (ingest stored them as sent before it
 * normalised them) become the 18-character form the sidebar looks leads up by. The suffix
 * is a checksum of the letters' case, which SQLite cannot compute readably, hence code.
 */
async function salesforceIdsTo18(database: Database): Promise<number> {
  const { db } = database;
  const short = await db
    .select({ id: leads.id, salesforceId: leads.salesforceId })
    .from(leads)
    .where(sql`length(${leads.salesforceId}) = 15`);
  const updates = short.flatMap(({ id, salesforceId }) => {
    const long = salesforceId && salesforceId18(salesforceId);
    return long && long !== salesforceId ? [db.update(leads).set({ salesforceId: long }).where(eq(leads.id, id))] : [];
  });
  const [first, ...rest] = updates;
  if (first) await database.writeLock.runExclusive(() => db.batch([first, ...rest]));
  return updates.length;
}

/** Runs every data fix-up; returns how many rows each changed. */
export async function runDataFixups(database: Database): Promise<{ salesforceIds: number }> {
  return { salesforceIds: await salesforceIdsTo18(database) };
}
