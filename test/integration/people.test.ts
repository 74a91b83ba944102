import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog } from '../../server/db/schema';
import { api, startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// People and ingest keys over tRPC, as the workspace's admin pages use them: an admin adds,
// changes and signs people in and out, and manages ingest keys; a manager reads their team;
// a rep reads nothing. Tokens and keys are shown once, never listed.

describe('people and keys', () => {
  let server: TestServer;
  let admin: Awaited<ReturnType<TestServer['user']>>;
  let maria: Awaited<ReturnType<TestServer['user']>>;
  let tom: Awaited<ReturnType<TestServer['user']>>;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.user({ email: 'sam@example.com', name: 'Sam Admin', role: 'admin', timeZone: 'Europe/London' });
    maria = await server.user({ email: 'maria@example.com', name: 'Maria Keller', role: 'manager', timeZone: 'Europe/Berlin' });
    tom = await server.user({ email: 'tom@example.com', name: 'Tom Baker', role: 'rep', timeZone: 'Europe/London', managerEmail: 'maria@example.com' });
    await server.user({ email: 'ines@example.com', name: 'Inès Moreau', role: 'rep', timeZone: 'Europe/Paris' });
  });
  afterAll(() => server.close());

  it('lists everyone for an admin, a manager their team, and nothing for a rep; never a token', async () => {
    const everyone = await admin.api.people.list.query();
    expect(everyone.map((p) => p.email)).toEqual(['ines@example.com', 'maria@example.com', 'sam@example.com', 'tom@example.com']);
    expect((await maria.api.people.list.query()).map((p) => p.email)).toEqual(['maria@example.com', 'tom@example.com']);
    expect(await failure(tom.api.people.list.query())).toMatchObject({ code: 'FORBIDDEN' });
    for (const person of everyone) expect(Object.keys(person)).not.toContain('token');
    expect(JSON.stringify(everyone)).not.toContain(tom.token);
  });

  it("lets an admin change a person's calendar, holiday region, manager, backup and availability, audited; a manager may not", async () => {
    const changed = await admin.api.people.update.mutate({
      email: 'tom@example.com',
      timeZone: 'America/New_York',
      workingDays: [1, 2, 3, 4],
      dayStart: '08:30',
      dayEnd: '16:30',
      holidayRegion: 'us-ny',
      backupEmail: 'ines@example.com',
      available: false,
    });
    expect(changed).toMatchObject({ timeZone: 'America/New_York', workingDays: [1, 2, 3, 4], dayStart: '08:30', dayEnd: '16:30', holidayRegion: 'US-NY', backupEmail: 'ines@example.com', managerEmail: 'maria@example.com', available: false });
    const audited = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'user.update'));
    expect(audited).toHaveLength(1);
    expect(audited[0]).toMatchObject({ actorKind: 'user', actorId: admin.id });

    expect(await failure(maria.api.people.update.mutate({ email: 'tom@example.com', available: true }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(admin.api.people.update.mutate({ email: 'tom@example.com', timeZone: 'Mars/Olympus' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'timeZone' });
    expect(await failure(admin.api.people.update.mutate({ email: 'tom@example.com', workingDays: [8] }))).toMatchObject({ code: 'BAD_REQUEST', field: 'workingDays.0' });
    expect(await failure(admin.api.people.update.mutate({ email: 'tom@example.com', holidayRegion: 'XX-NOPE' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'holidayRegion' });
    expect(await failure(admin.api.people.update.mutate({ email: 'nobody@example.com', available: true }))).toMatchObject({ code: 'BAD_REQUEST', field: 'email' });
  });

  it("lets an admin set a person's out of office, capacity, weight and territories, listed and audited; each bad value is refused naming its field, nothing written", async () => {
    const periods = [
      { from: '2027-03-03', to: '2027-03-07' },
      { from: '2026-12-24', to: '2027-01-02' },
    ];
    const changed = await admin.api.people.update.mutate({ email: 'ines@example.com', outOfOffice: periods, capacity: 25, weight: 3, territories: ['fr', 'Belgique', 'FR'] });
    const routed = { outOfOffice: [periods[1], periods[0]], capacity: 25, weight: 3, territories: ['FR', 'BE'] };
    expect(changed).toMatchObject(routed);
    const listed = async () => (await admin.api.people.list.query()).find((p) => p.email === 'ines@example.com')!;
    expect(await listed()).toMatchObject(routed);
    const updates = () => server.database.db.select().from(auditLog).where(eq(auditLog.action, 'user.update'));
    const before = await updates();
    expect(before.at(-1)).toMatchObject({
      actorKind: 'user',
      actorId: admin.id,
      details: { outOfOffice: { from: [], to: routed.outOfOffice }, capacity: { from: null, to: 25 }, weight: { from: 1, to: 3 }, territories: { from: [], to: ['FR', 'BE'] } },
    });

    const refusals: [Parameters<typeof admin.api.people.update.mutate>[0], string][] = [
      [{ email: 'ines@example.com', outOfOffice: [{ from: '2027-02-30', to: '2027-03-01' }] }, 'outOfOffice.0.from'],
      [{ email: 'ines@example.com', outOfOffice: [{ from: '2027-03-07', to: '2027-03-03' }] }, 'outOfOffice.0.to'],
      [{ email: 'ines@example.com', outOfOffice: Array.from({ length: 51 }, () => ({ from: '2027-05-01', to: '2027-05-02' })) }, 'outOfOffice'],
      [{ email: 'ines@example.com', capacity: 0 }, 'capacity'],
      [{ email: 'ines@example.com', capacity: 10_001 }, 'capacity'],
      [{ email: 'ines@example.com', capacity: 2.5 }, 'capacity'],
      [{ email: 'ines@example.com', weight: 0 }, 'weight'],
      [{ email: 'ines@example.com', weight: 101 }, 'weight'],
      [{ email: 'ines@example.com', territories: ['US', 'Atlantis'] }, 'territories.1'],
      [{ email: 'ines@example.com', weight: 5, territories: ['XX'] }, 'territories.0'],
    ];
    for (const [input, field] of refusals) {
      const refused = await failure(admin.api.people.update.mutate(input));
      expect({ input, code: refused.code, status: refused.status, field: refused.field }).toEqual({ input, code: 'BAD_REQUEST', status: 400, field });
      expect(refused.message.startsWith(`${field}: `)).toBe(true);
    }
    expect((await failure(admin.api.people.update.mutate({ email: 'ines@example.com', territories: ['Atlantis'] }))).message).toMatch(/"Atlantis" is not a country/);
    expect(await listed()).toMatchObject(routed);
    expect(await updates()).toHaveLength(before.length);

    // null removes the limit; empty lists clear the periods and the countries.
    expect(await admin.api.people.update.mutate({ email: 'ines@example.com', outOfOffice: [], capacity: null, territories: [] })).toMatchObject({ outOfOffice: [], capacity: null, weight: 3, territories: [] });
    const { person } = await admin.api.people.add.mutate({ email: 'paul@example.com', name: 'Paul Roy', role: 'rep', capacity: 5, territories: ['ca'] });
    expect(person).toMatchObject({ outOfOffice: [], capacity: 5, weight: 1, territories: ['CA'] });
    expect(await failure(admin.api.people.add.mutate({ email: 'zoe@example.com', name: 'Zoé', role: 'rep', weight: 0 }))).toMatchObject({ code: 'BAD_REQUEST', field: 'weight' });
  });

  it('sets what a person gets by e-mail: an admin anyone, each person themselves, nobody else; listed and audited', async () => {
    expect((await admin.api.people.list.query()).find((p) => p.email === 'tom@example.com')!.emailAlerts).toEqual(['sla_warning', 'sla_breach', 'reassigned', 'nudge', 'weekly_report']);
    expect(await admin.api.people.setAlerts.mutate({ email: 'tom@example.com', emailAlerts: ['sla_breach'] })).toMatchObject({ email: 'tom@example.com', emailAlerts: ['sla_breach'] });
    expect(await tom.api.people.setAlerts.mutate({ email: 'tom@example.com', emailAlerts: ['sla_breach', 'reassigned'], desktopAlerts: ['nudge'] })).toMatchObject({ emailAlerts: ['sla_breach', 'reassigned'], desktopAlerts: ['nudge'] });
    expect(await failure(tom.api.people.setAlerts.mutate({ email: 'tom@example.com' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'emailAlerts' });
    expect(await failure(tom.api.people.setAlerts.mutate({ email: 'tom@example.com', desktopAlerts: ['weekly_report' as never] }))).toMatchObject({ code: 'BAD_REQUEST', field: 'desktopAlerts.0' });
    expect(await failure(tom.api.people.setAlerts.mutate({ email: 'ines@example.com', emailAlerts: [] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(maria.api.people.setAlerts.mutate({ email: 'tom@example.com', emailAlerts: [] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(admin.api.people.setAlerts.mutate({ email: 'tom@example.com', emailAlerts: ['gossip' as never] }))).toMatchObject({ code: 'BAD_REQUEST', field: 'emailAlerts.0' });
    expect(await failure(admin.api.people.setAlerts.mutate({ email: 'nobody@example.com', emailAlerts: [] }))).toMatchObject({ code: 'BAD_REQUEST', field: 'email' });
    expect((await maria.api.people.list.query()).find((p) => p.email === 'tom@example.com')!.emailAlerts).toEqual(['sla_breach', 'reassigned']);
    const audited = await server.database.db.select().from(auditLog).where(eq(auditLog.action, 'user.alerts'));
    expect(audited.map((a) => [a.actorId, a.details])).toEqual([
      [admin.id, { email: ['sla_breach'] }],
      [tom.id, { email: ['sla_breach', 'reassigned'], desktop: ['nudge'] }],
    ]);
  });

  it('adds a person and signs them in with the token shown once; issues and revokes tokens', async () => {
    const { person, token } = await admin.api.people.add.mutate({ email: 'lena@example.com', name: 'Lena Vogel', role: 'rep', timeZone: 'Europe/Berlin', managerEmail: 'maria@example.com' });
    expect(person).toMatchObject({ email: 'lena@example.com', role: 'rep', managerEmail: 'maria@example.com' });
    expect((await api(server.url, token).me.query()).email).toBe('lena@example.com');

    const second = await admin.api.people.issueToken.mutate({ email: 'lena@example.com' });
    expect((await api(server.url, second.token).me.query()).email).toBe('lena@example.com');
    expect(await admin.api.people.revokeTokens.mutate({ email: 'lena@example.com' })).toEqual({ revoked: 2 });
    expect(await failure(api(server.url, token).me.query())).toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await failure(api(server.url, second.token).me.query())).toMatchObject({ code: 'UNAUTHORIZED' });

    expect(await failure(admin.api.people.revokeTokens.mutate({ email: 'sam@example.com' }))).toMatchObject({ code: 'CONFLICT', field: 'email' });
    expect(await failure(maria.api.people.add.mutate({ email: 'x@example.com', name: 'X', role: 'rep' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(maria.api.people.issueToken.mutate({ email: 'tom@example.com' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(admin.api.people.add.mutate({ email: 'not-an-email', name: 'X', role: 'rep' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'email' });
  });

  it('adds, lists and revokes ingest keys: the key works once added, is never listed, and stops when revoked', async () => {
    const { key } = await admin.api.keys.add.mutate({ name: 'Website forms' });
    expect((await server.post('/api/v1/leads', { leads: [{ email: 'new@example.com' }] }, key)).status).toBe(200);
    const listed = await admin.api.keys.list.query();
    expect(listed.map((k) => [k.name, k.revokedAt])).toEqual([['Website forms', null]]);
    expect(JSON.stringify(listed)).not.toContain(key);
    expect(await admin.api.keys.revoke.mutate({ name: 'Website forms' })).toEqual({ revoked: 1 });
    expect((await server.post('/api/v1/leads', { leads: [{ email: 'new2@example.com' }] }, key)).status).toBe(401);
    expect(await failure(maria.api.keys.list.query())).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(tom.api.keys.add.mutate({ name: 'mine' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await failure(admin.api.keys.add.mutate({ name: '' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'name' });
  });
});
