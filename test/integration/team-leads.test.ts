import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertLead } from '../support/fixtures';
import { twoTeams, type TTeams } from '../support/manager-team';
import { startTestServer, type TestServer } from '../support/server';
import { refusal } from '../support/trpc-failure';

const NOW = new Date('2026-11-23T12:00:00Z');

describe("team.leads: the leads behind a source's or a campaign's funnel row", () => {
  let server: TestServer;
  let t: TTeams;

  const lead = (email: string, createdAt: string, values: { source?: string | null; campaign?: string | null; ownerId?: string | null; stage?: 'lead' | 'mql' | 'sql' } = {}) =>
    insertLead(server.database, { email, createdAt, source: 'webinar', campaign: 'q4-webinar', ...values });

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    t = await twoTeams(server);
    await lead('ana.lead@x.io', '2026-11-20T09:00:00.000Z', { ownerId: t.ana.id, stage: 'sql' });
    await lead('mo.lead@x.io', '2026-11-19T09:00:00.000Z', { ownerId: t.mo.id });
    await lead('nobody@x.io', '2026-11-18T09:00:00.000Z', { ownerId: null });
    await lead('cleo.lead@x.io', '2026-11-17T09:00:00.000Z', { ownerId: t.cleo.id });
    await lead('ads.lead@x.io', '2026-11-16T09:00:00.000Z', { source: 'ads', campaign: null, ownerId: t.ben.id });
    await lead('blank@x.io', '2026-11-15T09:00:00.000Z', { source: null, campaign: '  ' });
    await lead('old@x.io', '2026-10-01T09:00:00.000Z');
    await server.database.client.execute({ sql: "update leads set first_name = 'Ana', last_name = 'Lead', mql_at = '2026-11-20T10:00:00.000Z', sql_at = '2026-11-20T11:00:00.000Z' where email = 'ana.lead@x.io'", args: [] });
  });
  afterAll(() => server.close());

  const emails = (page: { items: { email: string }[] }) => page.items.map((i) => i.email);

  it("gives a manager their team's leads and the unowned ones of that source created in the range, newest first", async () => {
    const page = await t.mo.api.team.leads.query({ source: 'webinar' });
    expect(emails(page)).toEqual(['ana.lead@x.io', 'mo.lead@x.io', 'nobody@x.io']);
    expect(page.items[0]).toEqual({
      leadId: expect.any(String) as string,
      name: 'Ana Lead',
      email: 'ana.lead@x.io',
      company: null,
      source: 'webinar',
      campaign: 'q4-webinar',
      stage: 'sql',
      createdAt: '2026-11-20T09:00:00.000Z',
      mqlAt: '2026-11-20T10:00:00.000Z',
      sqlAt: '2026-11-20T11:00:00.000Z',
      wonAt: null,
      ownerName: 'Ana Silva',
    });
    expect(page.items[2]).toMatchObject({ name: null, ownerName: null });
    expect(page.nextCursor).toBeNull();
  });

  it('gives an admin every lead; filters by campaign, both, and (none) as the funnel groups it', async () => {
    expect(emails(await t.admin.api.team.leads.query({ source: 'webinar' }))).toEqual(['ana.lead@x.io', 'mo.lead@x.io', 'nobody@x.io', 'cleo.lead@x.io']);
    expect(emails(await t.admin.api.team.leads.query({ campaign: '(none)' }))).toEqual(['ads.lead@x.io', 'blank@x.io']);
    expect(emails(await t.admin.api.team.leads.query({ source: '(none)' }))).toEqual(['blank@x.io']);
    expect(emails(await t.admin.api.team.leads.query({ source: 'ads', campaign: '(none)' }))).toEqual(['ads.lead@x.io']);
    expect(emails(await t.admin.api.team.leads.query({ source: 'webinar', from: '2026-09-01T00:00:00Z', to: '2026-11-17T09:00:00Z' }))).toEqual(['old@x.io']);
  });

  it('pages without repeating or skipping a lead', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await t.admin.api.team.leads.query({ source: 'webinar', limit: 1, cursor });
      seen.push(...emails(page));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['ana.lead@x.io', 'mo.lead@x.io', 'nobody@x.io', 'cleo.lead@x.io']);
  });

  it('is for managers and admins, and needs a source or a campaign', async () => {
    expect(emails(await t.nina.api.team.leads.query({ source: 'webinar' }))).toEqual(['nobody@x.io', 'cleo.lead@x.io']);
    expect(await refusal(t.ana.api.team.leads.query({ source: 'webinar' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(t.ben.api.team.leads.query({ source: 'webinar' }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await refusal(t.mo.api.team.leads.query({}))).toMatchObject({ code: 'BAD_REQUEST', field: 'source' });
  });
});
