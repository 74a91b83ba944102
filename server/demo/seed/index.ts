import { count, eq, isNotNull } from 'drizzle-orm';
import { migrateDatabase, openDatabase, type Database } from '../../db/client';
import { charterVersions, users } from '../../db/schema';
import { STATS_TRIGGER_NAMES } from '../../db/stats-triggers';
import { SYSTEM, type TActor } from '../../domain/audit';
import { activeCharter, ensureDefaultCharter, proposeCharter, signOffCharter } from '../../domain/charter';
import { addIngestKey, addUser, ingestKeyFor, type TUser } from '../../domain/users';
import { conflict } from '../../errors';
import { localDay } from '../../../shared/out-of-office';
import { DAY, makeRng } from './common';
import { prepareCopy } from './copy';
import { countSeeded, type TSeedCounts } from './counts';
import { HistoryReplay, type TReplayProgress } from './replay';
import { AWAY_THIS_WEEK, DEMO_ROUTING, DEMO_TEAM, RING_START, RING_START_BACKUP, SALES_MANAGER } from './team';
import { demoCalendar, generateDemoWorld } from './world';

export { countSeeded, type TSeedCounts } from './counts';
export { DEMO_LEADS, type TDemoLead, type TDemoLeadKey } from './demo-leads';
export { DEMO_SOURCES } from './marketing';
export { DEMO_TITLES } from './people';
export { DEMO_EMAIL_DOMAIN, DEMO_TEAM, demoHolidays } from './team';
export { demoCalendar, generateDemoWorld, type TDemoWorld } from './world';

// Demo data for `npm start` on an empty database (BRIEF §5): a sales team, a quarter of
// marketing history and the sales team's response to it, written through the same domain
// functions the API uses — addUser, addIngestKey, ingestLeads/ingestEvents (so scoring,
// stage changes, handovers, round-robin and SLA clocks are the real ones), the SLA sweeper,
// logTouch and decide — each called with the historical instant as `now`.
//
// How the history is made:
// 1. A world is generated from a seeded PRNG (mulberry32): companies in and outside the
//    charter's ICP, leads from six sources with different quality, and each lead's journey
//    (conversion, nurture e-mails, web sessions, content, pricing visits, competitor
//    comparisons, demo requests…). Nothing about stages is decided here.
// 2. Time then runs forward over the last `days` days in 6-hour slices: each slice's new
//    leads are ingested (with `now` just before their first event), then its events (with
//    `now` = the slice's last event), and the scoring engine decides who becomes an MQL or
//    an SQL and opens handovers, routed as the demo charter says (the CRM's owner, the
//    account's owner, the territory's rep; see team.ts DEMO_ROUTING).
//    Slices are also cut at each instant a lead is predicted to become an SQL (a replay of
//    the same pure scoring), so handovers start at the event that qualified the lead.
// 3. Every new handover gets a plan from its rep's habits: a first touch after a business-
//    time delay (some within 5 minutes, many within hours, some after the deadline, a few
//    never), follow-ups, an accept or a reject with a reason (a few without contact, a few
//    never decided). The SLA sweeper runs after every slice a warning point or a deadline
//    has come in (in the others it would find nothing to do), so missed deadlines are
//    escalated to the backup rep, who then usually does the work.
// 4. Accepted leads become opportunities with the seeds' first-touch-delay effect
//    (21/14/9/4/1.5% of handovers by calendar delay ≤5 min/≤1 h/≤4 h/≤24 h/later), and some
//    of those are won or lost weeks later, as `opportunity_created`/`closed_won`/`closed_lost` events.
// 5. Five documented leads (DEMO_LEADS) are placed so that, at `now`, one handover is on
//    track, one in warning, one breached, one lead is an MQL and one is a won customer.
//
// 6. All of it is written in a scratch database in memory (scratch: no disk and no lock on
//    the real database while the quarter runs), then copied into the real one in a single
//    batch() (seed/copy.ts): one transaction, so a seed stopped at any point leaves the
//    database empty and the next start seeds it again, never a half-seeded one.
//
// The parts live in seed/: the team, marketing, people, journeys, the documented leads, the
// world, the reps' habits, the replay (with its SQL instants and its reads), the copy and the
// counts.
//
// The one write not done through a domain function: the first rep's backup is set by an
// update after the other reps exist, because addUser needs the backup to exist already
// and the backups form a ring.

export type TSeedProgress =
  | ({ phase: 'history' } & TReplayProgress)
  /** The copy into the real database: one transaction of `rows` rows. */
  | { phase: 'writing'; rows: number };

export interface TSeedOptions {
  now: Date;
  /** PRNG seed: the same seed and `now` give the same data. */
  seed?: number;
  /** Leads to create, the five DEMO_LEADS included (default 2,500). */
  leads?: number;
  /** Days of history (default 90). */
  days?: number;
  /** Hears after every slice of history, then once before the copy. */
  onProgress?: (progress: TSeedProgress) => void;
  /**
   * Runs once the demo is built, before it is written: whatever must exist whenever the data
   * does (`npm start` keeps the tokens, which the database holds only as hashes).
   */
  beforeCommit?: (seeded: Omit<TSeedResult, 'counts'>) => void | Promise<void>;
}

export interface TSeedResult {
  users: { email: string; name: string; role: string; token: string }[];
  ingestKey: string;
  counts: TSeedCounts;
}

export const DEFAULT_DEMO_SEED = 20_261_123;
export const DEFAULT_DEMO_LEADS = 2500;

const EMPTY_ONLY = 'the database already has users: demo data is only seeded into an empty database';

async function hasUsers(database: Database): Promise<boolean> {
  const existing = await database.db.select({ n: count() }).from(users);
  return (existing[0]?.n ?? 0) > 0;
}

/**
 * Fills an empty database with a realistic quarter (see the header), all at once or not at
 * all. Refuses a database that already has users. Deterministic for a given `seed` and
 * `now` (ids and tokens aside).
 */
export async function seedDemo(database: Database, options: TSeedOptions): Promise<TSeedResult> {
  if (await hasUsers(database)) throw conflict(EMPTY_ONLY);
  const scratch = await openDatabase(':memory:');
  try {
    await migrateDatabase(scratch);
    // Foreign keys are checked once, as the copy writes every row into the real database (an
    // embedded one checks them: a reference the replay broke fails the seed there), not at
    // every write of the replay too (a third of the cost of storing an event).
    await scratch.client.execute('PRAGMA foreign_keys = OFF');
    // Nor are the stats aggregates kept here: the copy leaves them out, and the real
    // database's triggers build them as the rows arrive.
    for (const name of STATS_TRIGGER_NAMES) await scratch.client.execute(`drop trigger ${name}`);
    // The charter the database already runs on, if any, is the one the demo is scored by.
    const charters = await database.db.select().from(charterVersions);
    if (charters.length > 0) await scratch.db.insert(charterVersions).values(charters);

    const seeded = await seedInto(scratch, options);
    await options.beforeCommit?.(seeded);
    const copy = await prepareCopy(scratch, database, { keepExisting: ['charter_versions'] });
    try {
      options.onProgress?.({ phase: 'writing', rows: copy.rows });
      await database.writeLock.runExclusive(async () => {
        if (await hasUsers(database)) throw conflict(EMPTY_ONLY);
        await copy.write();
      });
    } finally {
      await copy.dispose();
    }
    return { ...seeded, counts: await countSeeded(database, options.now) };
  } finally {
    scratch.close();
  }
}

/** The team, its ingest key and the quarter, written into `database` (the scratch one). */
async function seedInto(database: Database, options: TSeedOptions): Promise<Omit<TSeedResult, 'counts'>> {
  const now = options.now.getTime();
  const days = options.days ?? 90;
  const start = now - days * DAY;
  const setupAt = new Date(start - 14 * DAY);
  // A database whose team has proposed a charter of its own keeps it; one on the default
  // (which the server writes at start-up, before it seeds) gets the demo team's.
  const ownCharter = (await database.db.select({ version: charterVersions.version }).from(charterVersions).where(isNotNull(charterVersions.proposedById))).length > 0;
  await ensureDefaultCharter(database, setupAt);

  // The team.
  const year = new Date(now).getUTCFullYear();
  const created: TSeedResult['users'] = [];
  const byEmail = new Map<string, TUser>();
  for (const member of DEMO_TEAM) {
    const { user, token } = await addUser(
      database,
      {
        email: member.email,
        name: member.name,
        role: member.role,
        team: member.team,
        ...demoCalendar(member, year),
        ...(member.backupEmail ? { backupEmail: member.backupEmail } : {}),
        ...(member.managerEmail ? { managerEmail: member.managerEmail } : {}),
        ...(member.territories ? { territories: member.territories } : {}),
        ...(member.email === AWAY_THIS_WEEK ? { outOfOffice: [awayThisWeek(now, member.timeZone)] } : {}),
      },
      SYSTEM,
      setupAt,
    );
    byEmail.set(member.email, user);
    created.push({ email: user.email, name: user.name, role: user.role, token });
  }
  // Close the backup ring (see the header): Inès's backup is Tom.
  const ringStart = byEmail.get(RING_START)!;
  const ringBackup = byEmail.get(RING_START_BACKUP)!;
  await database.db.update(users).set({ backupId: ringBackup.id }).where(eq(users.id, ringStart.id));
  byEmail.set(RING_START, { ...ringStart, backupId: ringBackup.id });

  if (!ownCharter) await signDemoCharter(database, byEmail, setupAt);

  const ingestKey = await addIngestKey(database, 'Marketing automation (demo)', SYSTEM, setupAt);
  const keyRow = await ingestKeyFor(database, ingestKey);
  const actor: TActor = { kind: 'ingest', id: keyRow!.id };

  // The world, then time.
  const world = generateDemoWorld({ now, seed: options.seed ?? DEFAULT_DEMO_SEED, leads: options.leads ?? DEFAULT_DEMO_LEADS, days });
  const replay = new HistoryReplay(database, {
    world,
    start,
    now,
    actor,
    charter: await activeCharter(database),
    users: [...byEmail.values()],
    rng: makeRng((options.seed ?? DEFAULT_DEMO_SEED) ^ 0x5eed),
  });
  await replay.run((step) => options.onProgress?.({ phase: 'history', ...step }));

  return { users: created, ingestKey };
}

/** The default charter with the demo team's routing, proposed by the sales lead and signed by both leads before the quarter. */
async function signDemoCharter(database: Database, byEmail: ReadonlyMap<string, TUser>, at: Date): Promise<void> {
  const sales = byEmail.get(SALES_MANAGER)!;
  const marketing = [...byEmail.values()].find((user) => user.role === 'manager' && user.team === 'marketing')!;
  const charter = { ...(await activeCharter(database)), name: 'Handoff charter: territories', handover: { repsMayClaim: false, routing: DEMO_ROUTING } };
  const version = await proposeCharter(database, sales, charter, 'Leads go to the CRM owner, else to the rep of their territory.', at);
  await signOffCharter(database, sales, version, at);
  await signOffCharter(database, marketing, version, at);
}

/** From three days before `now` to four days after, in the rep's own dates. */
function awayThisWeek(now: number, timeZone: string): { from: string; to: string } {
  return { from: localDay(new Date(now - 3 * DAY), timeZone), to: localDay(new Date(now + 4 * DAY), timeZone) };
}
