import { desc, eq, isNotNull } from 'drizzle-orm';
import { DEFAULT_CHARTER, ZCharter, type TCharter } from '../../shared/charter';
import type { Database } from '../db/client';
import { charterVersions } from '../db/schema';
import { auditInsert, SYSTEM } from './audit';

const parsed = new Map<number, TCharter>();

/** The charter in force: the highest version both sides have signed. */
export async function activeCharter(database: Database): Promise<TCharter> {
  const row = await database.db
    .select({ version: charterVersions.version })
    .from(charterVersions)
    .where(isNotNull(charterVersions.activatedAt))
    .orderBy(desc(charterVersions.version))
    .limit(1);
  const version = row[0]?.version;
  if (version === undefined) return DEFAULT_CHARTER;
  const cached = parsed.get(version);
  if (cached) return cached;
  const stored = await database.db.query.charterVersions.findFirst({ where: eq(charterVersions.version, version) });
  const charter = ZCharter.parse(stored!.body);
  parsed.set(version, charter);
  return charter;
}

/** A new database starts under the default charter, version 1, active from the start. */
export async function ensureDefaultCharter(database: Database, now = new Date()): Promise<void> {
  const { db } = database;
  const existing = await db.select({ version: charterVersions.version }).from(charterVersions).limit(1);
  if (existing.length > 0) return;
  await db.batch([
    db
      .insert(charterVersions)
      .values({
        version: DEFAULT_CHARTER.version,
        body: DEFAULT_CHARTER as unknown as Record<string, unknown>,
        note: 'Default charter',
        proposedAt: now.toISOString(),
        activatedAt: now.toISOString(),
      })
      .onConflictDoNothing(),
    auditInsert(db, { at: now, actor: SYSTEM, action: 'charter.activate', entity: 'charter', entityId: String(DEFAULT_CHARTER.version) }),
  ]);
}
