import { eq } from 'drizzle-orm';
import type { Database } from '../db/client';
import { users } from '../db/schema';
import { alertTeamChannels } from '../db/schema-alerts';
import { seal, unseal, type TSecretKey } from '../connectors/secrets';
import { auditInsert, type TActor } from '../domain/audit';
import { invalid } from '../errors';
import { webhookSender, type TSender } from './senders';

// A chat channel per team: a manager's team posts to its own incoming webhook, kept sealed
// (its address is its secret), else to the organisation's (HANDSHAKE_SLACK_WEBHOOK_URL).

const contextOf = (managerId: string) => `alerts:team:${managerId}`;

/** Sets (or, with null, removes) the channel of `managerEmail`'s team; audited without the address. */
export async function setTeamChannel(database: Database, key: TSecretKey, managerEmail: string, webhook: string | null, actor: TActor, now: Date): Promise<void> {
  const { db } = database;
  const manager = await db.query.users.findFirst({ where: eq(users.email, managerEmail.trim().toLowerCase()) });
  if (!manager) throw invalid('email', `no user with the e-mail ${managerEmail}`);
  if (manager.role !== 'manager') throw invalid('email', `${manager.name} is a ${manager.role}: a team channel is a manager's team's`);
  if (webhook !== null && !/^https?:$/.test(URL.parse(webhook)?.protocol ?? '')) throw invalid('team-channel', 'expected the incoming webhook address, https://hooks.slack.com/services/…');
  const audit = auditInsert(db, { at: now, actor, action: 'alerts.team_channel', entity: 'user', entityId: manager.id, details: { channel: webhook === null ? 'removed' : 'set' } });
  if (webhook === null) {
    await db.batch([db.delete(alertTeamChannels).where(eq(alertTeamChannels.managerId, manager.id)), audit]);
    return;
  }
  const sealedWebhook = seal(webhook, key, contextOf(manager.id));
  await db.batch([
    db.insert(alertTeamChannels).values({ managerId: manager.id, sealedWebhook, addedAt: now.toISOString() }).onConflictDoUpdate({ target: alertTeamChannels.managerId, set: { sealedWebhook, addedAt: now.toISOString() } }),
    audit,
  ]);
}

/** The managers whose team has a channel of its own. */
export async function teamsWithChannels(database: Database): Promise<Set<string>> {
  return new Set((await database.db.select({ id: alertTeamChannels.managerId }).from(alertTeamChannels)).map((t) => t.id));
}

/**
 * Posts to the channel a delivery names: `team:<manager id>` that team's own (its webhook
 * read and unsealed when sent, so a changed one is used at once), `team` the organisation's.
 */
export function chatSender(database: Database, key: TSecretKey | null, organisationWebhook: string | undefined): TSender {
  const organisation = organisationWebhook ? webhookSender(organisationWebhook) : null;
  return async (message) => {
    if (message.address.startsWith('team:') && key) {
      const managerId = message.address.slice('team:'.length);
      const [row] = await database.db.select().from(alertTeamChannels).where(eq(alertTeamChannels.managerId, managerId));
      if (row) return webhookSender(unseal<string>(row.sealedWebhook, key, contextOf(managerId)))(message);
    }
    if (organisation) return organisation(message);
    return { state: 'failed', error: 'no chat channel for this team any more, and none for the organisation' };
  };
}
