import { eq } from 'drizzle-orm';
import { DEFAULT_CHARTER, ZCharter, type TCharter } from '../../shared/charter';
import type { Database } from '../db/client';
import { readRows } from '../db/read-statements';
import { charterVersions } from '../db/schema';

// A charter by its version, for reads that learn the active version in their own statement
// (the packet's): a stored version's body never changes, so each is parsed once per database,
// and a newer activation, by this process or another on the same libSQL server, shows as a
// version not seen before.

interface TCharters {
  byVersion: Map<number, TCharter>;
  /** The charter the last read found active, for the next read's scoring window. */
  lastActive: TCharter | undefined;
}

const chartersByDatabase = new WeakMap<Database, TCharters>();

function chartersOf(database: Database): TCharters {
  let charters = chartersByDatabase.get(database);
  if (!charters) {
    charters = { byVersion: new Map(), lastActive: undefined };
    chartersByDatabase.set(database, charters);
  }
  return charters;
}

/** The charter stored as `version` (null: none is active, the default applies), remembered as the last active one. */
export async function activeCharterOfVersion(database: Database, version: number | null): Promise<TCharter> {
  const charters = chartersOf(database);
  let charter = version === null ? DEFAULT_CHARTER : charters.byVersion.get(version);
  if (!charter) {
    const stored = await database.db.query.charterVersions.findFirst({ where: eq(charterVersions.version, version!), columns: { body: true } });
    charter = ZCharter.parse(stored!.body);
    charters.byVersion.set(version!, charter);
  }
  charters.lastActive = charter;
  return charter;
}

/** The charter the last read found active here, if any has. */
export function lastActiveCharter(database: Database): TCharter | undefined {
  return chartersOf(database).lastActive;
}

const ACTIVE_VERSION_SQL = 'SELECT max(version) FROM charter_versions WHERE activated_at IS NOT NULL';

/** `activeCharter` for the hot paths: the active version read by a statement prepared once, its body parsed once. */
export async function currentCharter(database: Database): Promise<TCharter> {
  const [[version]] = (await readRows(database, ACTIVE_VERSION_SQL, [])) as [[number | null]];
  return activeCharterOfVersion(database, version === null ? null : Number(version));
}
