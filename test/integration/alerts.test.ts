import { eq } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchAlerts } from '../../server/alerts/dispatcher';
import { setAlertChoices } from '../../server/alerts/preferences';
import { chatSender, setTeamChannel } from '../../server/alerts/team-channels';
import { loadSecretKey } from '../../server/connectors/secrets';
import { mailSender, webhookSender, type TSenders } from '../../server/alerts/senders';
import { auditLog, handovers, leads } from '../../server/db/schema';
import { alertDeliveries, alertTeamChannels } from '../../server/db/schema-alerts';
import { SYSTEM } from '../../server/domain/audit';
import { lastWeekEnding } from '../../server/domain/report';
import { sweepSla } from '../../server/domain/sweeper';
import { offsetMinutes } from '../../shared/calendar';
import { startSlackWebhookStandIn, type SlackWebhookStandIn } from '../support/alerts/slack-webhook';
import { startSmtpStandIn, type SmtpStandIn } from '../support/alerts/smtp';
import { roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// SLA warnings, breaches and reassignments reach people by e-mail (a real SMTP server on
// loopback: STARTTLS with the team's own CA, a password) and the team's chat channel (a stand-in
// that answers as Slack's incoming webhooks do): each once, across a restart and an outage of
// the mail server, never lost; as each person chose; quiet outside their hours except breaches.

const MINUTE = 60_000;
const FROM = 'Handshake <handshake@acme.example>';

describe('Alerts by e-mail and chat', () => {
  let clock = new Date(Math.floor((Date.now() - 24 * 60 * MINUTE) / 1000) * 1000);
  const now = () => clock;
  let server: TestServer;
  let smtp: SmtpStandIn;
  let slack: SlackWebhookStandIn;
  let senders: TSenders;
  let ingestKey = '';
  let ines: Awaited<ReturnType<TestServer['user']>>;
  const db = () => server.database.db;
  const dispatch = () => dispatchAlerts(server.database, { crm: { hubspotPortal: '24681357' }, chatDefault: true }, senders, clock);
  /** Who got which subject, from what the mail server accepted. */
  const mailbox = () => smtp.received.map((m) => `${m.to.join(',')}: ${/^Subject: (.*)$/m.exec(m.raw)?.[1] ?? ''}`).sort();

  async function handOver(email: string, owner: string, hubspotId: string) {
    await server.post('/api/v1/leads', { leads: [{ email, firstName: 'Nadia', lastName: email.split('@')[0], title: 'VP Sales', ownerEmail: owner, crmIds: { hubspot: hubspotId }, company: { name: 'Kite', domain: email.split('@')[1], employees: 300, industry: 'Software', country: 'FR' } }] }, ingestKey);
    const reply = await server.post('/api/v1/events', { events: [{ id: `demo-${email}`, email, type: 'demo_request', at: new Date(clock.getTime() - MINUTE).toISOString() }] }, ingestKey);
    expect(reply.body).toMatchObject({ handoversOpened: 1 });
    const lead = (await db().query.leads.findFirst({ where: eq(leads.email, email) }))!;
    return (await db().query.handovers.findFirst({ where: eq(handovers.leadId, lead.id) }))!;
  }

  beforeAll(async () => {
    smtp = await startSmtpStandIn();
    slack = await startSlackWebhookStandIn();
    senders = { email: mailSender({ url: smtp.url, from: FROM, caFile: smtp.caFile }), slack: webhookSender(slack.url) };
    server = await startTestServer({ now });
    ingestKey = await server.ingestKey();
    await server.user({ email: 'mia@acme.example', name: 'Mia', role: 'manager', ...roundTheClock(clock) });
    await server.user({ email: 'tom@acme.example', name: 'Tom', role: 'rep', managerEmail: 'mia@acme.example', ...roundTheClock(clock) });
    ines = await server.user({ email: 'ines@acme.example', name: 'Inès', role: 'rep', managerEmail: 'mia@acme.example', backupEmail: 'tom@acme.example', ...roundTheClock(clock) });
  });
  afterAll(async () => {
    await server?.close();
    await smtp?.close();
    await slack?.close();
  });

  it('a warning: one e-mail to the rep with a link to the lead, one message to the team channel; a second pass sends nothing', async () => {
    const handover = await handOver('nadia@kite-analytics.com', 'ines@acme.example', '901');
    clock = new Date(Date.parse(handover.warnAt) + MINUTE);
    await sweepSla(server.database, clock);
    // Two dispatchers at once (two instances): each delivery planned and claimed once.
    const [one, two] = await Promise.all([dispatch(), dispatch()]);
    expect(one.sent + two.sent).toBe(2);
    expect(mailbox()).toEqual(['ines@acme.example: SLA warning: Nadia nadia']);
    expect(smtp.received[0]!.raw).toContain('https://app.hubspot.com/contacts/24681357/record/0-1/901');
    expect(smtp.received[0]!.from).toBe('handshake@acme.example');
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.text).toMatch(/^\*SLA warning: Nadia nadia\*\nSLA warning: .* Holder: Inès\.\n<https:\/\/app\.hubspot\.com\/contacts\/24681357\/record\/0-1\/901\|Open the lead>$/);
    expect(await dispatch()).toMatchObject({ planned: 0, sent: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('a breach while the mail server is down: nothing lost; once it is back, one e-mail each to the manager, the rep and the backup, one chat message, across a restart', async () => {
    const [handover] = await db().select().from(handovers);
    smtp.received.length = 0;
    slack.messages.length = 0;
    await smtp.stop();
    clock = new Date(Date.parse(handover!.deadline) + MINUTE);
    expect((await sweepSla(server.database, clock)).escalated).toBe(1);
    const down = await dispatch();
    expect(down).toMatchObject({ sent: 1, retried: 1 });
    expect(slack.messages).toHaveLength(1);
    expect(slack.messages[0]!.text).toMatch(/^\*SLA breached: Nadia nadia\*\n.* Holder: Tom\./);
    const waiting = await db().select().from(alertDeliveries).where(eq(alertDeliveries.state, 'pending'));
    expect(waiting.map((d) => d.address).sort()).toEqual(['ines@acme.example', 'mia@acme.example', 'tom@acme.example']);
    expect(waiting.map((d) => d.lastError).filter(Boolean)).toEqual([expect.stringMatching(/^the mail server at smtp:\/\/handshake:\*\*\*@127\.0\.0\.1:\d+ did not take it: .*ECONNREFUSED/) as unknown]);
    expect(JSON.stringify(waiting)).not.toContain('mail-secret-9');

    server = await server.restart();
    await smtp.start();
    clock = new Date(clock.getTime() + 31_000);
    expect(await dispatch()).toMatchObject({ sent: 3, retried: 0, failed: 0 });
    expect(mailbox()).toEqual(['ines@acme.example: SLA breached: Nadia nadia', 'mia@acme.example: SLA breached: Nadia nadia', 'tom@acme.example: SLA breached: Nadia nadia']);
    clock = new Date(clock.getTime() + 60 * MINUTE);
    await sweepSla(server.database, clock);
    expect(await dispatch()).toMatchObject({ sent: 0 });
    expect(smtp.received).toHaveLength(3);
    expect(slack.messages).toHaveLength(1);
  });

  it('the team channel asking to slow down (429 Retry-After) is waited for; a message it refuses for good is kept as failed with its words', async () => {
    smtp.received.length = 0;
    slack.messages.length = 0;
    slack.refuseNext(1, { status: 429, retryAfterSeconds: 120 });
    const handover = await handOver('lea@cobalt-labs.com', 'ines@acme.example', '902');
    clock = new Date(Date.parse(handover.warnAt) + MINUTE);
    await sweepSla(server.database, clock);
    expect(await dispatch()).toMatchObject({ sent: 1, retried: 1 });
    const [chat] = await db().select().from(alertDeliveries).where(eq(alertDeliveries.key, `slack:${handover.id}:sla_warning:team`));
    expect(Date.parse(chat!.nextAttemptAt) - clock.getTime()).toBe(120_000);
    clock = new Date(clock.getTime() + 121_000);
    expect(await dispatch()).toMatchObject({ sent: 1 });
    expect(slack.messages).toHaveLength(1);

    const refusing = { ...senders, slack: webhookSender(slack.url.replace('Xq3sHandshakeSecret', 'revoked')) };
    const other = await handOver('ana@delta-data.com', 'ines@acme.example', '903');
    clock = new Date(Date.parse(other.warnAt) + MINUTE);
    await sweepSla(server.database, clock);
    expect((await dispatchAlerts(server.database, { crm: {}, chatDefault: true }, refusing, clock)).failed).toBeGreaterThanOrEqual(1);
    const [failed] = await db().select().from(alertDeliveries).where(eq(alertDeliveries.key, `slack:${other.id}:sla_warning:team`));
    expect(failed).toMatchObject({ state: 'failed', lastError: 'the chat webhook refused the message (404 no_service)' });
  });

  it('each person gets what they chose by e-mail; outside their hours a warning waits for them, a breach does not', async () => {
    smtp.received.length = 0;
    await setAlertChoices(server.database, 'ines@acme.example', { email: ['sla_breach'] }, SYSTEM, clock);
    const quiet = await server.user({ email: 'noor@acme.example', name: 'Noor', role: 'rep', managerEmail: 'mia@acme.example', timeZone: 'UTC', workingDays: [1, 2, 3, 4, 5, 6, 7], dayStart: '09:00', dayEnd: '17:00', holidays: [] });
    expect(quiet.id).toBeTruthy();

    const forInes = await handOver('ivo@echo-labs.com', 'ines@acme.example', '904');
    clock = new Date(Date.parse(forInes.warnAt) + MINUTE);
    await sweepSla(server.database, clock);
    await dispatch();
    const about = (lead: string) => mailbox().filter((line) => line.endsWith(` ${lead}`));
    expect(about('ivo')).toEqual([]);

    // Noor's warning at 20:00 UTC waits for 09:00; her breach, at night, goes at once.
    const evening = new Date(`${clock.toISOString().slice(0, 10)}T20:00:00.000Z`);
    clock = evening > clock ? evening : new Date(evening.getTime() + 86_400_000);
    const forNoor = await handOver('zoe@fjord-io.com', 'noor@acme.example', '905');
    await db().update(handovers).set({ warnAt: clock.toISOString(), deadline: new Date(clock.getTime() + 2 * 60 * MINUTE).toISOString() }).where(eq(handovers.id, forNoor.id));
    clock = new Date(clock.getTime() + MINUTE);
    await sweepSla(server.database, clock);
    await dispatch();
    expect(about('zoe')).toEqual([]);
    const [waiting] = await db().select().from(alertDeliveries).where(eq(alertDeliveries.key, `email:${forNoor.id}:sla_warning:${quiet.id}`));
    expect(waiting!.nextAttemptAt).toBe(`${new Date(clock.getTime() + 86_400_000).toISOString().slice(0, 10)}T09:00:00.000Z`);
    clock = new Date(clock.getTime() + 2 * 60 * MINUTE);
    await sweepSla(server.database, clock);
    await dispatch();
    expect(about('zoe')).toEqual(expect.arrayContaining(['mia@acme.example: SLA breached: Nadia zoe', 'noor@acme.example: SLA breached: Nadia zoe']));
    // Inès chose breaches only: hers came, her warning did not.
    clock = new Date(Date.parse(forInes.deadline) + MINUTE);
    await sweepSla(server.database, clock);
    await dispatch();
    expect(about('ivo')).toEqual(expect.arrayContaining(['ines@acme.example: SLA breached: Nadia ivo']));
    // On the desktop too: the extension is told which of her notices she does not want shown.
    await setAlertChoices(server.database, 'ines@acme.example', { desktop: ['sla_breach', 'reassigned', 'nudge'] }, SYSTEM, clock);
    const notices = await ines.api.notifications.mine.query({ unreadOnly: false, limit: 50 });
    expect(notices.filter((n) => n.kind === 'sla_warning').length).toBeGreaterThan(0);
    expect(notices.filter((n) => n.desktop !== (n.kind !== 'sla_warning'))).toEqual([]);
  });

  it('the weekly report: to the managers and RevOps on Monday from 09:00 in their own zone, once each', async () => {
    smtp.received.length = 0;
    await server.user({ email: 'rita@acme.example', name: 'Rita', role: 'admin', team: 'revops', timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] });
    // A manager whose Monday morning is UTC's Sunday evening: one report all the same.
    await server.user({ email: 'kiri@acme.example', name: 'Kiri', role: 'manager', timeZone: 'Pacific/Auckland', workingDays: [1, 2, 3, 4, 5], dayStart: '09:00', dayEnd: '17:00', holidays: [] });
    // The next Monday 09:05 in New York, on a five-minute grid.
    let monday = new Date(Math.ceil(clock.getTime() / (5 * MINUTE)) * 5 * MINUTE);
    const local = (at: Date) => new Date(at.getTime() + offsetMinutes(at.getTime(), 'America/New_York') * MINUTE);
    while (!(local(monday).getUTCDay() === 1 && local(monday).getUTCHours() === 9 && local(monday).getUTCMinutes() === 5)) monday = new Date(monday.getTime() + 5 * MINUTE);
    const reportsTo = (address: string) => smtp.received.filter((m) => m.to.includes(address) && /^Subject: Handshake weekly sync/m.test(m.raw));

    clock = new Date(monday.getTime() - 10 * MINUTE);
    await dispatch();
    expect(reportsTo('rita@acme.example')).toEqual([]);
    clock = monday;
    await dispatch();
    await dispatch();
    expect(reportsTo('rita@acme.example')).toHaveLength(1);
    const lastDay = new Date(lastWeekEnding(monday).getTime() - 86_400_000).toISOString().slice(0, 10);
    expect(reportsTo('rita@acme.example')[0]!.raw).toContain(`Subject: Handshake weekly sync: the week to ${lastDay}`);
    expect(reportsTo('rita@acme.example')[0]!.raw).toContain(`# Handshake weekly sync:`);
    // Mia, the manager, gets hers on her own Monday morning (her zone is anywhere from UTC−11 to UTC+12), once, whatever the passes.
    for (let hour = -24; hour < 30; hour += 1) {
      clock = new Date(monday.getTime() + hour * 60 * MINUTE);
      await dispatch();
    }
    expect(reportsTo('mia@acme.example')).toHaveLength(1);
    expect(reportsTo('rita@acme.example')).toHaveLength(1);
    expect(reportsTo('kiri@acme.example')).toHaveLength(1);
    expect(reportsTo('kiri@acme.example')[0]!.raw).toContain(`Subject: Handshake weekly sync: the week to ${lastDay}`);
  });

  it("a team with a channel of its own gets its alerts there, the others in the organisation's; its webhook is kept sealed", async () => {
    const teamSlack = await startSlackWebhookStandIn();
    try {
      const key = loadSecretKey({ envKey: randomBytes(32).toString('base64'), keyFile: 'unused', create: false });
      await expect(setTeamChannel(server.database, key, 'ines@acme.example', teamSlack.url, SYSTEM, clock)).rejects.toThrow(/^email: Inès is a rep: a team channel is a manager's team's$/);
      await expect(setTeamChannel(server.database, key, 'mia@acme.example', 'hooks.slack.com/x', SYSTEM, clock)).rejects.toThrow(/^team-channel: expected the incoming webhook address/);
      await setTeamChannel(server.database, key, 'mia@acme.example', teamSlack.url, SYSTEM, clock);
      const [stored] = await db().select().from(alertTeamChannels);
      expect(stored!.sealedWebhook).not.toContain('Xq3sHandshakeSecret');
      expect(JSON.stringify(await db().select().from(auditLog).where(eq(auditLog.action, 'alerts.team_channel')))).not.toContain('Xq3sHandshakeSecret');
      await server.user({ email: 'kai@acme.example', name: 'Kai', role: 'rep', ...roundTheClock(clock) });
      const withTeams = { ...senders, slack: chatSender(server.database, key, slack.url) };
      slack.messages.length = 0;

      const mias = await handOver('uma@gamma-io.com', 'ines@acme.example', '906');
      const unmanaged = await handOver('eli@harbor-ai.com', 'kai@acme.example', '907');
      clock = new Date(Math.max(Date.parse(mias.warnAt), Date.parse(unmanaged.warnAt)) + MINUTE);
      await sweepSla(server.database, clock);
      await dispatchAlerts(server.database, { crm: {}, chatDefault: true }, withTeams, clock);
      expect(teamSlack.messages.map((m) => m.text.split('\n')[0])).toEqual(['*SLA warning: Nadia uma*']);
      expect(slack.messages.map((m) => m.text.split('\n')[0])).toEqual(['*SLA warning: Nadia eli*']);

      // Removed, the team's alerts go to the organisation's channel again.
      await setTeamChannel(server.database, key, 'mia@acme.example', null, SYSTEM, clock);
      expect(await db().select().from(alertTeamChannels)).toEqual([]);
    } finally {
      await teamSlack.close();
    }
  });
});
