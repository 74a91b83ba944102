import type { Database } from './client';

// A worker thread's connection to the server's database file: opened at its first use, shared
// by every use after it, opened again at the next use when opening failed.

/** The database `open` opens, opened at the first call and shared by the calls after it. */
export function openedOnce(open: () => Promise<Database>): () => Promise<Database> {
  let opened: Promise<Database> | null = null;
  return async () => {
    opened ??= open();
    try {
      return await opened;
    } catch (error) {
      opened = null;
      throw error;
    }
  };
}

/** `database` with its connection made read-only: a statement that would write fails. */
export async function readOnly(database: Database): Promise<Database> {
  await database.client.execute('PRAGMA query_only = ON');
  return database;
}
