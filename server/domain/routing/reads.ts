import { and, eq, sql } from 'drizzle-orm';
import type { TDb } from '../../db/client';
import { decisions, users } from '../../db/schema';
import { routingRotation } from '../../db/schema-routing';
import type { TUser } from '../users';
import type { TRotationSeat } from './rotation';

// What routing reads from the database: who there is, how many open handovers each holds,
// the rotation's credits, who rejected a lead before, and who owns a lead's account.

export async function allUsers(db: TDb): Promise<TUser[]> {
  return db.select().from(users).orderBy(users.email);
}

/** Open handovers held by each of `userIds` (one look-up each in `handovers_owner_state`). */
export async function openCounts(db: TDb, userIds: readonly string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const rows = await db.all<{ id: string; open: number }>(
    sql`SELECT j.value AS id, (SELECT count(*) FROM handovers h WHERE h.owner_id = j.value AND h.state = 'open') AS open FROM json_each(${JSON.stringify(userIds)}) j`,
  );
  return new Map(rows.map((row) => [row.id, Number(row.open)]));
}

/** A pool's rotation as stored: each seat's credit and the leads it was dealt. */
export async function rotationSeats(db: TDb, pool: string): Promise<Map<string, TRotationSeat>> {
  const rows = await db.select().from(routingRotation).where(eq(routingRotation.pool, pool));
  return new Map(rows.map((row) => [row.userId, { userId: row.userId, order: row.userId, weight: 1, credit: row.credit, assigned: row.assigned }]));
}

/** The users who rejected this lead before. */
export async function rejectersOf(db: TDb, leadId: string): Promise<Set<string>> {
  const rows = await db
    .select({ userId: sql<string>`coalesce(${decisions.onBehalfOfId}, ${decisions.decidedById})` })
    .from(decisions)
    .where(and(eq(decisions.leadId, leadId), eq(decisions.kind, 'rejected')));
  return new Set(rows.map((row) => row.userId));
}

/** The account's owner as the CRM names them (by e-mail), when they are a user here. */
export async function namedAccountOwnerId(db: TDb, accountId: string): Promise<string | undefined> {
  const [named] = await db.all<{ owner: string }>(sql`SELECT u.id AS owner FROM accounts a JOIN users u ON u.email = a.owner_email WHERE a.id = ${accountId}`);
  return named?.owner;
}

/**
 * Who holds the lead's account, when the CRM names nobody: the owner of another lead's open
 * handover there (the latest started), else the rep who most recently accepted a lead there
 * since `acceptedSince`.
 */
export async function accountHolderId(db: TDb, accountId: string, leadId: string, acceptedSince: string): Promise<string | undefined> {
  const [open] = await db.all<{ owner: string }>(sql`SELECT h.owner_id AS owner FROM leads l JOIN handovers h ON h.lead_id = l.id AND h.state = 'open'
    WHERE l.account_id = ${accountId} AND l.id <> ${leadId} ORDER BY h.started_at DESC, h.rowid DESC LIMIT 1`);
  if (open) return open.owner;
  // The company's few leads first (CROSS JOIN keeps them the outer loop), then each one's
  // decisions by lead: the unary pluses keep SQLite from walking every accepted decision of
  // the period through decisions_kind_decided instead.
  const [accepted] = await db.all<{ owner: string }>(sql`SELECT coalesce(d.on_behalf_of_id, d.decided_by_id) AS owner FROM leads l CROSS JOIN decisions d ON d.lead_id = l.id
    WHERE l.account_id = ${accountId} AND l.id <> ${leadId} AND +d.kind = 'accepted' AND +d.decided_at >= ${acceptedSince} ORDER BY d.decided_at DESC LIMIT 1`);
  return accepted?.owner;
}

/** Statements that store the rotation of the pools routing changed, for the caller's batch. */
export function rotationWrites(db: TDb, pools: ReadonlyMap<string, Map<string, TRotationSeat>>) {
  const rows = [...pools].flatMap(([pool, seats]) => [...seats.values()].map((seat) => ({ pool, userId: seat.userId, credit: seat.credit, assigned: seat.assigned })));
  if (rows.length === 0) return [];
  return [
    db
      .insert(routingRotation)
      .values(rows)
      .onConflictDoUpdate({ target: [routingRotation.pool, routingRotation.userId], set: { credit: sql`excluded.credit`, assigned: sql`excluded.assigned` } }),
  ];
}
