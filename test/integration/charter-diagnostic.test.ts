import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, charterSignoffs, charterVersions, leads } from '../../server/db/schema';
import { auditRow, SYSTEM } from '../../server/domain/audit';
import { revokeTokens } from '../../server/domain/users';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { insertHandover, insertLead, roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

// charter.diagnostic: the source articles' four questions on the handoff, each answered yes,
// partly or no from data built for it, with the figures in the evidence. Now is Monday
// 23 November 2026, 09:00 UTC; the default range is the 90 days before.

const NOW = new Date('2026-11-23T09:00:00.000Z');
const DAY = 86_400_000;
const HOUR = 3_600_000;
const before = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
/** Business hours around the clock: business time equals elapsed time on these days. */
const ALWAYS = roundTheClock(NOW);
const RULE =
  ' Yes needs at least 90% opened automatically and every SQL handed to sales with an SLA deadline; under 50% automated is no.';

type TCaller = Awaited<ReturnType<TestServer['user']>>;
type TDiagnostic = Awaited<ReturnType<TCaller['api']['charter']['diagnostic']['query']>>;
const question = (diagnostic: TDiagnostic, id: string) => diagnostic.questions.find((q) => q.id === id);

describe('charter.diagnostic: the definition and the owner', () => {
  let server: TestServer;
  let rep: TCaller;
  let sales: TCaller;
  let marketing: TCaller;
  const ask = async (id: 'definition' | 'ownership') => question(await sales.api.charter.diagnostic.query(), id);

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    rep = await server.user({ email: 'rita@example.com', name: 'Rita Rep', role: 'rep' });
    sales = await server.user({ email: 'sam.sales@example.com', name: 'Sam Sales', role: 'manager', team: 'sales' });
    marketing = await server.user({ email: 'mo.marketing@example.com', name: 'Mo Marketing', role: 'manager', team: 'marketing' });
  });
  afterAll(() => server.close());

  it('answers four questions, in order, each with the gap a no reveals', async () => {
    const diagnostic = await sales.api.charter.diagnostic.query();
    expect(diagnostic.from).toBe(before(90 * DAY));
    expect(diagnostic.to).toBe(NOW.toISOString());
    expect(diagnostic.questions.map((q) => [q.id, q.gap])).toEqual([
      ['definition', 'definition gap'],
      ['process', 'process gap'],
      ['visibility', 'visibility gap'],
      ['ownership', 'ownership gap'],
    ]);
  });

  it('says no under the unsigned default charter, yes once both leads sign, partly when overdue for review or signed by one side', async () => {
    const unsigned = 'Version 1 (“Default MQL/SQL charter”), the default, is in force unsigned: neither the marketing lead nor the sales lead has signed a definition of MQL and SQL.';
    expect(await ask('definition')).toEqual({ id: 'definition', answer: 'no', gap: 'definition gap', evidence: unsigned });

    const { version } = await sales.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, name: 'Q4 handoff charter' } });
    await sales.api.charter.signOff.mutate({ version });
    expect(await ask('definition')).toMatchObject({
      answer: 'no',
      evidence: `${unsigned} Version 2, proposed on 2026-11-23 09:00 UTC, has the sales lead’s signature (Sam Sales) and waits for the marketing lead’s.`,
    });

    expect(await marketing.api.charter.signOff.mutate({ version })).toEqual({ active: true });
    expect(await ask('definition')).toMatchObject({
      answer: 'yes',
      evidence: 'Version 2 (“Q4 handoff charter”) is signed by Mo Marketing for marketing and Sam Sales for sales, and its review is due on 2027-02-21 09:00 UTC.',
    });

    // Active for 100 days: its 90-day review lapsed 10 days ago.
    await server.database.db.update(charterVersions).set({ activatedAt: before(100 * DAY) }).where(eq(charterVersions.version, 2));
    expect(await ask('definition')).toMatchObject({
      answer: 'partly',
      evidence: 'Version 2 (“Q4 handoff charter”) is signed by Mo Marketing for marketing and Sam Sales for sales, but its review was due on 2026-11-13 09:00 UTC, 10 days ago.',
    });

    // A version in force with one signature (written straight to the tables, as an old import might have).
    await server.database.db.insert(charterVersions).values({ version: 3, body: { ...DEFAULT_CHARTER, version: 3, name: 'Imported charter' }, proposedAt: before(30 * DAY), activatedAt: before(30 * DAY) });
    await server.database.db.insert(charterSignoffs).values({ version: 3, userId: marketing.id, team: 'marketing', signedAt: before(30 * DAY) });
    expect(await ask('definition')).toMatchObject({
      answer: 'partly',
      evidence: 'Version 3 (“Imported charter”) is in force with only the marketing lead’s signature (Mo Marketing): the sales lead has not signed it; its review is due on 2027-01-22 09:00 UTC.',
    });
  });

  it('names an active RevOps manager or admin as the owner; partly with only an admin elsewhere; no with neither', async () => {
    expect(await ask('ownership')).toEqual({
      id: 'ownership',
      answer: 'no',
      gap: 'ownership gap',
      evidence: 'No active manager or admin on the RevOps team, and no active admin elsewhere: nobody owns handoff performance.',
    });

    await server.user({ email: 'root@example.com', name: 'Sam Root', role: 'admin', team: 'sales' });
    const elsewhere = 'No active manager or admin on the RevOps team; handoff performance falls to an admin outside RevOps: Sam Root (sales).';
    expect(await ask('ownership')).toMatchObject({ answer: 'partly', evidence: elsewhere });

    // A RevOps rep is no owner; a RevOps manager is.
    await server.user({ email: 'rae@example.com', name: 'Rae Analyst', role: 'rep', team: 'revops' });
    await server.user({ email: 'olu@example.com', name: 'Olu Ops', role: 'manager', team: 'revops' });
    expect(await ask('ownership')).toMatchObject({ answer: 'yes', evidence: 'Olu Ops (manager) on the RevOps team owns handoff performance.' });

    // Every token revoked: Olu can no longer sign in.
    await revokeTokens(server.database, 'olu@example.com', SYSTEM, NOW);
    expect(await ask('ownership')).toMatchObject({ answer: 'partly', evidence: `${elsewhere} Olu Ops, on the RevOps team, can no longer sign in: every token revoked.` });
  });

  it('is for managers and admins: a rep is refused, a range backwards is named', async () => {
    expect(await failure(rep.api.charter.diagnostic.query())).toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(await failure(sales.api.charter.diagnostic.query({ from: '2026-11-20T00:00:00Z', to: '2026-11-10T00:00:00Z' }))).toMatchObject({ code: 'BAD_REQUEST', field: 'from' });
  });
});

// The process and the dashboard's figures. Leads created 20 days ago (2026-11-03):
//   S1, S2, S3  SQL 10 days ago, imported through the ingest API with Ana as owner: handovers
//               opened by the ingest (8 business hours, due 8 h after the start).
//               S1 touched after 1 h and accepted; S2 touched after 3 h and rejected; S3 untouched.
//   S4          SQL 10 days ago, never handed over (at first).
//   M1, M2      MQLs; Mo hands M1 to Ana by hand 2 days ago (16 business hours: breached, untouched).
// Then S4 and five older SQLs (created 100 days ago) are handed over by the re-scoring, 9 days ago.

describe('charter.diagnostic: the process and the dashboard’s three figures', () => {
  let server: TestServer;
  let clock: Date;
  let key: string;
  let ana: TCaller;
  let mo: TCaller;
  const ask = async (range?: { from: string; to: string }) => {
    const diagnostic = await mo.api.charter.diagnostic.query(range);
    return { process: question(diagnostic, 'process'), visibility: question(diagnostic, 'visibility') };
  };
  const leadId = async (email: string) => (await server.database.db.query.leads.findFirst({ where: eq(leads.email, email) }))!.id;

  /** An SQL 10 days ago (an MQL 20 days ago), created 20 days ago, owned by Ana: the ingest opens its handover. */
  const imported = (email: string, stage: 'mql' | 'sql', ownerEmail?: string) => ({
    email,
    firstName: 'Lee',
    lastName: email.split('@')[0],
    title: 'VP Sales',
    company: { name: 'Acme Analytics', domain: 'acme-analytics.com', employees: 400, industry: 'Computer Software', country: 'US' },
    createdAt: before(20 * DAY),
    lifecycle: stage === 'sql' ? { mqlAt: before(20 * DAY), sqlAt: before(10 * DAY) } : { mqlAt: before(20 * DAY) },
    ...(ownerEmail ? { ownerEmail } : {}),
  });

  /** A handover the re-scoring opened 9 days ago (as its audit row says), 4 h to the deadline, untouched. */
  async function rescored(id: string) {
    const handoverId = await insertHandover(server.database, { leadId: id, ownerId: ana.id, startedAt: before(9 * DAY), warnAt: before(9 * DAY - 3 * HOUR), deadline: before(9 * DAY - 4 * HOUR) });
    await server.database.db
      .insert(auditLog)
      .values(auditRow({ at: new Date(before(9 * DAY)), actor: SYSTEM, action: 'handover.open', entity: 'lead', entityId: id, details: { handoverId } }));
  }

  beforeAll(async () => {
    clock = NOW;
    server = await startTestServer({ now: () => clock });
    key = await server.ingestKey('crm');
    mo = await server.user({ ...ALWAYS, email: 'mo@example.com', name: 'Mo Khan', role: 'manager', team: 'sales' });
    ana = await server.user({ ...ALWAYS, email: 'ana@example.com', name: 'Ana Silva', role: 'rep', team: 'sales', managerEmail: 'mo@example.com' });
  });
  afterAll(() => server.close());

  it('says no to both with nothing handed over and nothing to show', async () => {
    expect(await ask()).toEqual({
      process: { id: 'process', answer: 'no', gap: 'process gap', evidence: `No handover started in the last 90 days: nothing shows a hand-off process at work.${RULE}` },
      visibility: {
        id: 'visibility',
        answer: 'no',
        gap: 'visibility gap',
        evidence:
          'Nothing to show in the last 90 days: no MQL→SQL rate (no lead created in that time reached MQL), no handshake speed (no handover started in that time was touched) and no acceptance rate (no handover started in that time was decided).',
      },
    });
  });

  it('says partly for a process three quarters automated with an SQL left behind, and quotes all three figures', async () => {
    const sqls = ['s1@acme-analytics.com', 's2@acme-analytics.com', 's3@acme-analytics.com'].map((email) => imported(email, 'sql', 'ana@example.com'));
    const mqls = ['m1@acme-analytics.com', 'm2@acme-analytics.com'].map((email) => imported(email, 'mql'));
    expect((await server.post('/api/v1/leads', { leads: [...sqls, ...mqls] }, key)).body).toMatchObject({ created: 5, handoversOpened: 3, rejected: [] });
    await insertLead(server.database, { email: 's4@acme-analytics.com', stage: 'sql', mqlAt: before(20 * DAY), sqlAt: before(10 * DAY), createdAt: before(20 * DAY) });

    const [s1, s2] = [await leadId('s1@acme-analytics.com'), await leadId('s2@acme-analytics.com')];
    await ana.api.touch.log.mutate({ leadId: s1, channel: 'call', idempotencyKey: 'touch-s1', at: before(10 * DAY - HOUR) });
    await ana.api.decision.accept.mutate({ leadId: s1, idempotencyKey: 'decide-s1' });
    await ana.api.touch.log.mutate({ leadId: s2, channel: 'email', idempotencyKey: 'touch-s2', at: before(10 * DAY - 3 * HOUR) });
    await ana.api.decision.reject.mutate({ leadId: s2, idempotencyKey: 'decide-s2', reason: 'no_budget' });
    // M1 handed over by hand two days ago.
    clock = new Date(before(2 * DAY));
    await mo.api.handover.assign.mutate({ leadId: await leadId('m1@acme-analytics.com'), repId: ana.id, idempotencyKey: 'assign-m1' });
    clock = NOW;

    expect(await ask()).toMatchObject({
      process: {
        answer: 'partly',
        evidence: `Of 4 handovers started in the last 90 days, 3 (75%) were opened automatically by scoring and 1 by hand; 3 of 4 SQLs created in the last 90 days reached sales with an SLA deadline, and 2 of 4 SLAs due were met (50%).${RULE}`,
      },
      visibility: {
        answer: 'yes',
        evidence:
          'Handshake’s dashboard shows all three in the last 90 days: MQL→SQL 66.7% (4 of 6 MQLs), median time to first touch 2 h in business hours (2 handovers touched) and acceptance 50% (1 of 2 decisions).',
      },
    });
  });

  it('says yes once 90% of handovers open automatically and every SQL reaches sales with an SLA', async () => {
    await rescored(await leadId('s4@acme-analytics.com'));
    for (const n of [1, 2, 3, 4, 5]) {
      const id = await insertLead(server.database, { email: `old${n}@acme-analytics.com`, stage: 'sql', mqlAt: before(100 * DAY), sqlAt: before(100 * DAY), createdAt: before(100 * DAY) });
      await rescored(id);
    }
    expect(await ask()).toMatchObject({
      process: {
        answer: 'yes',
        evidence: `Of 10 handovers started in the last 90 days, 9 (90%) were opened automatically by scoring and 1 by hand; 4 of 4 SQLs created in the last 90 days reached sales with an SLA deadline, and 2 of 10 SLAs due were met (20%).${RULE}`,
      },
      visibility: { answer: 'yes' },
    });
  });

  it('answers for a range: partly visible without leads created in it; no process when it was all by hand', async () => {
    expect(await ask({ from: '2026-11-08T00:00:00.000Z', to: '2026-11-18T00:00:00.000Z' })).toMatchObject({
      process: {
        answer: 'yes',
        evidence: `Of 9 handovers started between 2026-11-08 and 2026-11-18, 9 (100%) were opened automatically by scoring and 0 by hand; no lead created between 2026-11-08 and 2026-11-18 reached the handover stage, and 2 of 9 SLAs due were met (22.2%).${RULE}`,
      },
      visibility: {
        answer: 'partly',
        evidence:
          'Handshake’s dashboard shows 2 of the three between 2026-11-08 and 2026-11-18: median time to first touch 2 h in business hours (2 handovers touched) and acceptance 50% (1 of 2 decisions). It has no MQL→SQL rate (no lead created in that time reached MQL).',
      },
    });
    expect(await ask({ from: '2026-11-20T00:00:00.000Z', to: '2026-11-22T00:00:00.000Z' })).toMatchObject({
      process: {
        answer: 'no',
        evidence: `Of 1 handover started between 2026-11-20 and 2026-11-22, 0 (0%) were opened automatically by scoring and 1 by hand; no lead created between 2026-11-20 and 2026-11-22 reached the handover stage, and 0 of 1 SLAs due were met (0%).${RULE}`,
      },
      visibility: { answer: 'no' },
    });
  });
});
