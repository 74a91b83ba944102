import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CHARTER } from '../../shared/charter';
import { startTestServer, type TestServer } from '../support/server';
import { failure } from '../support/trpc-failure';

const NOW = new Date('2026-11-23T09:00:00Z');


describe('charter versions and sign-off', () => {
  let server: TestServer;
  let users: Record<'rep' | 'sales' | 'marketing' | 'revops', Awaited<ReturnType<TestServer['user']>>>;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    users = {
      rep: await server.user({ email: 'rep@example.com', name: 'Rita Rep', role: 'rep' }),
      sales: await server.user({ email: 'sales.lead@example.com', name: 'Sam Sales', role: 'manager', team: 'sales' }),
      marketing: await server.user({ email: 'mkt.lead@example.com', name: 'Mo Marketing', role: 'manager', team: 'marketing' }),
      revops: await server.user({ email: 'ops@example.com', name: 'Olu Ops', role: 'admin', team: 'revops' }),
    };
  });
  afterAll(() => server.close());

  it('starts under the default charter, version 1, due for review in 90 days', async () => {
    expect(await users.rep.api.charter.current.query()).toEqual(DEFAULT_CHARTER);
    const [v1] = await users.rep.api.charter.versions.query();
    expect(v1!.version).toBe(1);
    expect(v1!.activatedAt).toEqual(expect.any(String) as string);
    expect(Date.parse(v1!.reviewDueAt!) - Date.parse(v1!.activatedAt!)).toBe(90 * 86_400_000);
  });

  it('activates a proposal only when both marketing and sales have signed', async () => {
    const proposal = { ...DEFAULT_CHARTER, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, authority: 'influencer' } } };
    const { version } = await users.revops.api.charter.propose.mutate({ charter: proposal, note: 'Low-ACV tier: influencers may be SQL' });
    expect(version).toBe(2);
    expect((await users.rep.api.charter.current.query()).version).toBe(1);

    expect(await users.sales.api.charter.signOff.mutate({ version })).toEqual({ active: false });
    const twice = await failure(users.sales.api.charter.signOff.mutate({ version }));
    expect(twice.code).toBe('CONFLICT');
    expect((await users.rep.api.charter.current.query()).version).toBe(1);

    expect(await users.marketing.api.charter.signOff.mutate({ version })).toEqual({ active: true });
    const current = await users.rep.api.charter.current.query();
    expect(current.version).toBe(2);
    expect(current.thresholds.sql.authority).toBe('influencer');
    const [v2] = await users.rep.api.charter.versions.query();
    expect(v2!.signoffs.map((s) => [s.team, s.name])).toEqual([
      ['sales', 'Sam Sales'],
      ['marketing', 'Mo Marketing'],
    ]);
  });

  it('keeps reps and non-signing teams out, and names the invalid field of a proposal', async () => {
    expect((await failure(users.rep.api.charter.propose.mutate({ charter: DEFAULT_CHARTER }))).code).toBe('FORBIDDEN');
    const { version } = await users.revops.api.charter.propose.mutate({ charter: DEFAULT_CHARTER });
    expect((await failure(users.revops.api.charter.signOff.mutate({ version }))).code).toBe('FORBIDDEN');
    expect((await failure(users.rep.api.charter.signOff.mutate({ version }))).code).toBe('FORBIDDEN');
    const bad = await failure(users.revops.api.charter.propose.mutate({ charter: { ...DEFAULT_CHARTER, sla: { ...DEFAULT_CHARTER.sla, warnAtFraction: 2 } } }));
    expect(bad).toMatchObject({ code: 'BAD_REQUEST', field: 'charter.sla.warnAtFraction', problems: [{ field: 'charter.sla.warnAtFraction' }] });
    expect((await failure(users.sales.api.charter.signOff.mutate({ version: 99 }))).code).toBe('NOT_FOUND');
  });

  it('names every invalid field of a proposal at once, not the first alone', async () => {
    const charter = { ...DEFAULT_CHARTER, reviewEveryDays: 0, sla: { ...DEFAULT_CHARTER.sla, warnAtFraction: 2 }, thresholds: { ...DEFAULT_CHARTER.thresholds, sql: { ...DEFAULT_CHARTER.thresholds.sql, intent: 'extreme' } } };
    const bad = await failure(users.revops.api.charter.propose.mutate({ charter }));
    expect(bad).toMatchObject({ code: 'BAD_REQUEST', field: 'charter.reviewEveryDays' });
    expect(bad.message).toMatch(/^charter\.reviewEveryDays: .* \(and 2 more\)$/);
    expect(bad.problems?.map((p) => p.field)).toEqual(['charter.reviewEveryDays', 'charter.thresholds.sql.intent', 'charter.sla.warnAtFraction']);
    expect(bad.problems?.every((p) => p.message.length > 0)).toBe(true);
  });
});
