import { and, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { DEFAULT_CHARTER, ZCharter, type TCharter } from '../../shared/charter';
import type { Database } from '../db/client';
import { charterSignoffs, charterVersions, users } from '../db/schema';
import { conflict, forbidden, invalid, invalidAll, notFound, problemsOf } from '../errors';
import { auditInsert, SYSTEM } from './audit';
import { queueRescoreQueries, requestRescore } from './rescore-job';
import { routingPeopleProblem } from './routing/charter-check';
import type { TUser } from './users';

/** Each database's charters as parsed, by version: a version's body never changes once proposed. */
const parsedByDatabase = new WeakMap<Database, Map<number, TCharter>>();

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
  let parsed = parsedByDatabase.get(database);
  if (!parsed) parsedByDatabase.set(database, (parsed = new Map<number, TCharter>()));
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
        body: DEFAULT_CHARTER,
        note: 'Default charter',
        proposedAt: now.toISOString(),
        activatedAt: now.toISOString(),
      })
      .onConflictDoNothing(),
    auditInsert(db, { at: now, actor: SYSTEM, action: 'charter.activate', entity: 'charter', entityId: String(DEFAULT_CHARTER.version) }),
  ]);
}

export interface TCharterVersionStatus {
  version: number;
  note: string | null;
  proposedAt: string;
  proposedBy: string | null;
  activatedAt: string | null;
  /** When the active charter is due for its review (BRIEF: every 90 days by default). */
  reviewDueAt: string | null;
  signoffs: { team: 'sales' | 'marketing'; name: string; signedAt: string }[];
}

/** Every version with its sign-offs, newest first. */
export async function charterVersionsStatus(database: Database): Promise<TCharterVersionStatus[]> {
  const { db } = database;
  const [versions, signoffs, people] = await Promise.all([
    db.select().from(charterVersions).orderBy(desc(charterVersions.version)),
    db.select().from(charterSignoffs),
    db.select({ id: users.id, name: users.name }).from(users),
  ]);
  const nameOf = new Map(people.map((p) => [p.id, p.name]));
  return versions.map((v) => {
    const body = ZCharter.safeParse(v.body);
    const reviewEveryDays = body.success ? body.data.reviewEveryDays : DEFAULT_CHARTER.reviewEveryDays;
    return {
      version: v.version,
      note: v.note,
      proposedAt: v.proposedAt,
      proposedBy: v.proposedById ? (nameOf.get(v.proposedById) ?? null) : null,
      activatedAt: v.activatedAt,
      reviewDueAt: v.activatedAt ? new Date(Date.parse(v.activatedAt) + reviewEveryDays * 86_400_000).toISOString() : null,
      signoffs: signoffs
        .filter((s) => s.version === v.version)
        .map((s) => ({ team: s.team, name: nameOf.get(s.userId) ?? s.userId, signedAt: s.signedAt })),
    };
  });
}

/** A new charter version, inactive until a marketing and a sales lead both sign it. */
export async function proposeCharter(database: Database, caller: TUser, body: unknown, note: string | undefined, now: Date): Promise<number> {
  if (caller.role === 'rep') throw forbidden('only a manager or an admin may propose a charter');
  return database.writeLock.runExclusive(async () => {
    const { db } = database;
    const latest = await db.select({ version: charterVersions.version }).from(charterVersions).orderBy(desc(charterVersions.version)).limit(1);
    const version = (latest[0]?.version ?? 0) + 1;
    const parsed = ZCharter.safeParse({ ...(body as object), version });
    if (!parsed.success) throw invalidAll(problemsOf(parsed.error.issues, 'charter'));
    const routingProblem = await routingPeopleProblem(db, parsed.data.handover.routing);
    if (routingProblem) throw invalid(`charter.${routingProblem.path}`, routingProblem.message);
    await db.batch([
      db.insert(charterVersions).values({
        version,
        body: parsed.data,
        note: note ?? null,
        proposedById: caller.id,
        proposedAt: now.toISOString(),
      }),
      auditInsert(db, { at: now, actor: { kind: 'user', id: caller.id }, action: 'charter.propose', entity: 'charter', entityId: String(version) }),
    ]);
    return version;
  });
}

/**
 * A marketing or sales lead (a manager or admin of that team) signs a proposed version;
 * with both sides signed it becomes the active charter.
 */
export async function signOffCharter(database: Database, caller: TUser, version: number, now: Date): Promise<{ active: boolean }> {
  if (caller.role === 'rep') throw forbidden('only a marketing or sales lead may sign off a charter');
  if (caller.team !== 'sales' && caller.team !== 'marketing') {
    throw forbidden('a charter is signed off by the marketing lead and the sales lead; your team is neither');
  }
  const team = caller.team;
  return database.writeLock.runExclusive(async () => {
    const { db } = database;
    const row = await db.query.charterVersions.findFirst({ where: eq(charterVersions.version, version) });
    if (!row) throw notFound(`no charter version ${version}`);
    if (row.activatedAt) throw conflict(`charter version ${version} is already active`);
    const signed = await db.select().from(charterSignoffs).where(eq(charterSignoffs.version, version));
    if (signed.some((s) => s.team === team)) throw conflict(`the ${team} side has already signed version ${version}`);
    const bothSides = signed.some((s) => s.team !== team);
    await db.batch([
      db.insert(charterSignoffs).values({ version, userId: caller.id, team, signedAt: now.toISOString() }),
      ...(bothSides
        ? [
            db.update(charterVersions).set({ activatedAt: now.toISOString() }).where(and(eq(charterVersions.version, version), isNull(charterVersions.activatedAt))),
            // Every lead is re-scored under the new version, in the background (see rescore-job.ts).
            ...queueRescoreQueries(db, now.toISOString()),
          ]
        : []),
      auditInsert(db, {
        at: now,
        actor: { kind: 'user', id: caller.id },
        action: bothSides ? 'charter.activate' : 'charter.signoff',
        entity: 'charter',
        entityId: String(version),
        details: { team },
      }),
    ]);
    if (bothSides) requestRescore(database);
    return { active: bothSides };
  });
}
