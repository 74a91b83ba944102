import { eq } from 'drizzle-orm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../server/db/client';
import { handovers } from '../../server/db/schema';
import { alertDeliveries } from '../../server/db/schema-alerts';
import { SYSTEM } from '../../server/domain/audit';
import { addUser } from '../../server/domain/users';
import { startSlackWebhookStandIn } from '../support/alerts/slack-webhook';
import { startSmtpStandIn } from '../support/alerts/smtp';
import { startChildServer } from '../support/child-server';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';

// The server as `npm start` runs it, its alerts set up by the environment: it e-mails and posts
// a warning by itself, killed (kill -9) and started again it sends nothing twice, and the
// breach its sweeper records then reaches the manager, the rep and the backup once each. Real
// processes, a real libSQL file, a real SMTP server on loopback.

const minutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();

describe('the server sends its alerts', () => {
  const cleanup: (() => Promise<unknown>)[] = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  });

  it('a warning once, across kill -9 and a restart; then a breach to the three people concerned', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'handshake-alerts-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dbUrl = `file:${join(dir, 'handshake.db')}`;
    const smtp = await startSmtpStandIn();
    cleanup.push(() => smtp.close());
    const slack = await startSlackWebhookStandIn();
    cleanup.push(() => slack.close());

    const database = await openDatabase(dbUrl);
    await migrateDatabase(database);
    await addUser(database, { email: 'mia@acme.example', name: 'Mia', role: 'manager', ...roundTheClock() }, SYSTEM);
    await addUser(database, { email: 'tom@acme.example', name: 'Tom', role: 'rep', managerEmail: 'mia@acme.example', ...roundTheClock() }, SYSTEM);
    const { user: ines } = await addUser(database, { email: 'ines@acme.example', name: 'Inès', role: 'rep', managerEmail: 'mia@acme.example', backupEmail: 'tom@acme.example', ...roundTheClock() }, SYSTEM);
    const leadId = await insertLead(database, { email: 'nadia@kite-analytics.com', firstName: 'Nadia', lastName: 'Brandt', ownerId: ines.id, stage: 'sql' });
    const handoverId = await insertHandover(database, { leadId, ownerId: ines.id, startedAt: minutes(-30), warnAt: minutes(-1), deadline: minutes(60) });
    database.close();

    const env = {
      HANDSHAKE_DEMO: '0',
      HANDSHAKE_SWEEP_SECONDS: '1',
      HANDSHAKE_ALERTS_SECONDS: '0.5',
      HANDSHAKE_SMTP_URL: smtp.url,
      HANDSHAKE_SMTP_CA_FILE: smtp.caFile,
      HANDSHAKE_ALERTS_FROM: 'Handshake <handshake@acme.example>',
      HANDSHAKE_SLACK_WEBHOOK_URL: slack.url,
    };
    const check = await openDatabase(dbUrl);
    cleanup.push(() => Promise.resolve(check.close()));
    const subjects = () => smtp.received.map((m) => `${m.to.join(',')}: ${/^Subject: (.*)$/m.exec(m.raw)?.[1] ?? ''}`).sort();

    const first = startChildServer(dbUrl, env);
    cleanup.push(() => Promise.resolve(first.child.kill('SIGKILL')));
    await expect.poll(async () => (await check.db.select().from(alertDeliveries)).map((d) => `${d.channel} ${d.state}`).sort(), { timeout: 60_000, interval: 100 }).toEqual(['email sent', 'slack sent']);
    first.child.kill('SIGKILL');
    await first.exited;
    expect(subjects()).toEqual(['ines@acme.example: SLA warning: Nadia Brandt']);
    expect(slack.messages).toHaveLength(1);
    expect(first.output()).not.toContain('mail-secret-9');

    const second = startChildServer(dbUrl, env);
    cleanup.push(async () => {
      second.child.kill('SIGTERM');
      await second.exited;
    });
    await second.waitFor(/Handshake server on/);
    await check.db.update(handovers).set({ deadline: minutes(-1) }).where(eq(handovers.id, handoverId));
    await expect.poll(() => subjects(), { timeout: 60_000, interval: 100 }).toEqual([
      'ines@acme.example: SLA breached: Nadia Brandt',
      'ines@acme.example: SLA warning: Nadia Brandt',
      'mia@acme.example: SLA breached: Nadia Brandt',
      'tom@acme.example: SLA breached: Nadia Brandt',
    ]);
    // A few more passes of both loops: nothing is sent again.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(smtp.received).toHaveLength(4);
    expect(slack.messages.map((m) => m.text.split('\n')[0])).toEqual(['*SLA warning: Nadia Brandt*', '*SLA breached: Nadia Brandt*']);
    expect(second.output()).not.toContain('mail-secret-9');
  });
});
