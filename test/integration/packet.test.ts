import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accounts } from '../../server/db/schema';
import { ZPacket } from '../../shared/packet';
import { insertEvent, insertHandover, insertLead, PARIS_REP } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// Monday 23 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-23T09:00:00Z');

describe('packet.get', () => {
  let server: TestServer;
  let rep: Awaited<ReturnType<TestServer['user']>>;
  let leadId: string;

  beforeAll(async () => {
    server = await startTestServer({ now: () => NOW });
    rep = await server.user({ ...PARIS_REP, email: 'lea.martin@example.com', name: 'Léa Martin' });
    await server.database.db.insert(accounts).values({
      id: 'acct-northwind',
      domain: 'northwind.fr',
      name: 'Northwind Analytics',
      employees: 420,
      industry: 'Computer Software',
      country: 'FR',
      techStack: ['HubSpot'],
      updatedAt: NOW.toISOString(),
    });
    leadId = await insertLead(server.database, {
      email: 'camille.durand@northwind.fr',
      firstName: 'Camille',
      lastName: 'Durand',
      title: 'Directrice commerciale',
      accountId: 'acct-northwind',
      source: 'webinar',
      campaign: 'q4-speed-to-lead',
      ownerId: rep.id,
      hubspotId: '51234',
      salesforceId: '00Q5g00000AbCdEFGH',
      pipedriveId: '778',
      stage: 'sql',
    });
    const event = (id: string, type: string, at: string, properties: Record<string, unknown> = {}) =>
      insertEvent(server.database, { id, leadId, type, at, properties });
    await event('e1', 'content_download', '2026-11-10T10:00:00.000Z', { asset: 'Lead routing playbook' });
    await event('e2', 'webinar_attended', '2026-11-12T15:00:00.000Z', { asset: 'Fixing the MQL to SQL handoff' });
    await event('e3', 'pricing_view', '2026-11-17T09:40:00.000Z');
    await event('e4', 'pricing_view', '2026-11-19T13:05:00.000Z');
    await event('e5', 'demo_request', '2026-11-23T08:30:00.000Z');
    await event('old', 'content_download', '2026-06-01T10:00:00.000Z', { asset: 'Old ebook' });
    // Handed over at 09:30 Paris; high intent: 4 business hours.
    await insertHandover(server.database, {
      leadId,
      ownerId: rep.id,
      startedAt: '2026-11-23T08:30:00.000Z',
      warnAt: '2026-11-23T11:30:00.000Z',
      deadline: '2026-11-23T12:30:00.000Z',
    });
  });
  afterAll(() => server.close());

  it('finds the lead by e-mail (any case) and by each CRM record id', async () => {
    const byEmail = await rep.api.packet.get.query({ email: 'Camille.Durand@Northwind.fr' });
    for (const [crm, recordId] of [
      ['hubspot', '51234'],
      ['salesforce', '00Q5g00000AbCdEFGH'],
      ['pipedrive', '778'],
    ] as const) {
      expect((await rep.api.packet.get.query({ crm, recordId })).lead.id).toBe(byEmail.lead.id);
    }
  });

  it('returns the whole packet: lead, account, criteria, stage, SLA, talking points, timeline, owner', async () => {
    const packet = ZPacket.parse(await rep.api.packet.get.query({ email: 'camille.durand@northwind.fr' }));
    expect(packet.lead).toMatchObject({ id: leadId, firstName: 'Camille', title: 'Directrice commerciale', company: { name: 'Northwind Analytics', employees: 420 } });
    expect(packet.owner).toEqual({ id: rep.id, name: 'Léa Martin', email: 'lea.martin@example.com' });
    const { criteria, stage } = packet.evaluation;
    expect([criteria.fit.level, criteria.engagement.level, criteria.intent.level, criteria.authority.level]).toEqual(['in_icp', 'high', 'high', 'decision_maker']);
    expect(stage.stage).toBe('sql');
    expect(packet.handover!.sla).toMatchObject({
      tier: 'high',
      state: 'on_track',
      paused: false,
      remainingMs: 3.5 * 3_600_000,
      deadline: '2026-11-23T12:30:00.000Z',
      timeZone: 'Europe/Paris',
    });
    expect(packet.responseTime!.ifContactedNow).toEqual({ delayMs: 30 * 60_000, bucket: 'within_1_hour', expectedConversion: 0.14 });
    expect(packet.talkingPoints.slice(0, 2).map((p) => p.text)).toEqual([
      'Northwind Analytics: a 420-person computer software company in France, using HubSpot.',
      'Asked for a demo on 23 Nov.',
    ]);
    expect(packet.timeline.map((t) => t.eventId)).toEqual(['e5', 'e4', 'e3', 'e2', 'e1', 'old']);
    expect(packet.timeline[3]!.label).toBe('Attended the webinar “Fixing the MQL to SQL handoff”');
    expect(packet.decision).toBeNull();
    expect(packet.rejectionReasons.at(-1)).toMatchObject({ id: 'other', noteRequired: true });
  });

  it('shows the decision and the stopped clock once the rep has acted', async () => {
    await rep.api.touch.log.mutate({ leadId, channel: 'call', idempotencyKey: 'packet-touch-1', at: '2026-11-23T08:50:00.000Z' });
    await rep.api.decision.accept.mutate({ leadId, idempotencyKey: 'packet-accept-1' });
    const packet = await rep.api.packet.get.query({ email: 'camille.durand@northwind.fr' });
    expect(packet.handover!.sla.state).toBe('met');
    expect(packet.responseTime).toBeNull();
    expect(packet.touches).toEqual([{ id: packet.touches[0]!.id, channel: 'call', at: '2026-11-23T08:50:00.000Z', by: { id: rep.id, name: 'Léa Martin', email: 'lea.martin@example.com' } }]);
    expect(packet.decision).toMatchObject({ kind: 'accepted', decidedBy: { name: 'Léa Martin' }, onBehalfOf: null, charterVersion: 1 });
  });

  it('answers NOT_FOUND for an unknown lead and BAD_REQUEST naming the field for bad input', async () => {
    const missing = (await rep.api.packet.get.query({ email: 'nobody@nowhere.com' }).catch((e: unknown) => e)) as Error & { data: { code: string } };
    expect(missing.data.code).toBe('NOT_FOUND');
    expect(missing.message).toBe('no lead with the e-mail nobody@nowhere.com');
    const bad = (await rep.api.packet.get.query({ crm: 'zoho' as 'hubspot', recordId: '1' }).catch((e: unknown) => e)) as Error & { data: { code: string } };
    expect(bad.data.code).toBe('BAD_REQUEST');
  });
});
