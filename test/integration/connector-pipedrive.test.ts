import { and, eq, isNotNull } from 'drizzle-orm';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectCrm, type TConnectorContext } from '../../server/connectors/connections';
import { CONNECTORS } from '../../server/connectors/registry';
import { loadSecretKey } from '../../server/connectors/secrets';
import { connectorStatuses } from '../../server/connectors/status';
import { syncOnce } from '../../server/connectors/sync';
import { CrmError } from '../../server/connectors/types';
import { auditLog, events, handovers, leads, touches } from '../../server/db/schema';
import { crmConnections, crmOutbox } from '../../server/db/schema-connectors';
import { VERDICT_FIELDS } from '../../server/connectors/verdict';
import { SYSTEM } from '../../server/domain/audit';
import { startPipedriveStandIn, type PipedriveStandIn } from '../support/crm/pipedrive-stand-in';
import { roundTheClock } from '../support/fixtures';
import { startTestServer, type TestServer } from '../support/server';

// The Pipedrive connector through the official client against a local Pipedrive that follows
// Pipedrive's public API (v1 and v2): connect, pull, write back, a crash mid-delivery, outages.

const MINUTE = 60_000;
const SECOND = 1000;
const DOMAIN = 'acme.pipedrive.com';

describe('Pipedrive connector', () => {
  // Whole seconds, as Pipedrive keeps times.
  let clock = new Date(Math.floor((Date.now() - 5 * MINUTE) / SECOND) * SECOND);
  const now = () => clock;
  const advance = (ms: number) => (clock = new Date(clock.getTime() + ms));
  let pipedrive: PipedriveStandIn;
  let server: TestServer;
  let context: TConnectorContext;
  let ingestKey: string;
  let rep: Awaited<ReturnType<TestServer['user']>>;
  let repInPipedrive: number;
  const db = () => server.database.db;
  const settings = () => ({ domain: DOMAIN, apiUrl: pipedrive.url });
  const leadOf = async (email: string) => (await db().query.leads.findFirst({ where: eq(leads.email, email) }))!;
  const field = (name: string) => pipedrive.company.personField(name)!;
  const writesSince = (from: number) => pipedrive.calls.slice(from).filter((c) => c.method !== 'GET');

  /** A lead a marketing tool sends, which a demo request makes an SQL handed to the rep; and its person in Pipedrive. */
  async function handedOver(email: string) {
    const domain = email.split('@')[1]!;
    await server.post('/api/v1/leads', { leads: [{ email, title: 'VP Sales', company: { name: 'Co', domain, employees: 300, industry: 'Software', country: 'FR' } }] }, ingestKey);
    const reply = await server.post('/api/v1/events', { events: [{ id: `demo-${email}`, email, type: 'demo_request', at: new Date(clock.getTime() - MINUTE).toISOString() }] }, ingestKey);
    expect(reply.body).toMatchObject({ handoversOpened: 1 });
    const person = pipedrive.company.addPerson({ name: `Lead ${email}`, emails: [email], ownerId: repInPipedrive });
    advance(SECOND);
    return { person, lead: await leadOf(email) };
  }

  beforeAll(async () => {
    pipedrive = await startPipedriveStandIn({ companyDomain: 'acme', now: () => clock.getTime() });
    server = await startTestServer({ now });
    const secretKey = loadSecretKey({ envKey: randomBytes(32).toString('base64'), keyFile: 'unused', create: false });
    context = { database: server.database, secretKey, modules: CONNECTORS, now };
    ingestKey = await server.ingestKey();
    rep = await server.user({ email: 'ines@handshake.test', name: 'Inès', role: 'rep', ...roundTheClock(clock) });
    repInPipedrive = pipedrive.company.addUser({ name: 'Inès Moreau', email: 'ines@handshake.test' }).id;
  });
  afterAll(async () => {
    await server?.close();
    await pipedrive?.close();
  });

  it('refuses a wrong token in words saying where the token is, storing nothing', async () => {
    const wrong = connectCrm(context, 'pipedrive', settings(), { token: 'not-the-token' }, SYSTEM);
    await expect(wrong).rejects.toThrow(CrmError);
    await expect(wrong).rejects.toThrow(/refused the API token \(401\): unauthorized access\. .*Personal preferences → API/);
    expect(await connectorStatuses(context.database)).toEqual([]);
  });

  it('connects: creates the status, reason and note person fields; connecting again adds the reason options that went missing', async () => {
    const { account, prepared } = await connectCrm(context, 'pipedrive', settings(), { token: pipedrive.token }, SYSTEM);
    expect(account).toBe('Pipedrive company acme');
    expect(prepared.steps).toEqual([]);
    const status = field('Handshake status');
    expect(status).toMatchObject({ fieldType: 'enum', isCustom: true });
    expect(status.options!.map((o) => o.label)).toEqual(['Accepted', 'Rejected']);
    const reason = field('Handshake rejection reason');
    expect(reason.fieldType).toBe('enum');
    expect(reason.options!.map((o) => o.label)).toContain('Bad timing');
    expect(reason.options).toHaveLength(12);
    expect(field('Handshake rejection note').fieldType).toBe('text');

    const [row] = await db().select().from(crmConnections);
    expect(row!.sealedSecret).not.toContain(pipedrive.token);
    expect(row!.settings).toMatchObject({ domain: DOMAIN, fields: { status: { key: status.key }, reason: { key: reason.key }, note: { key: field('Handshake rejection note').key } } });
    expect((row!.settings.fields as { reason: { options: Record<string, number> } }).reason.options['Bad timing']).toBe(pipedrive.company.optionId('Handshake rejection reason', 'Bad timing'));

    // Someone deleted an option in Pipedrive: connecting again (a rotated token) puts it back, keeping the others' ids.
    const kept = reason.options!.filter((o) => o.label !== 'Duplicate');
    pipedrive.company.setPersonFieldOptions(reason.id, kept);
    const again = await connectCrm(context, 'pipedrive', settings(), { token: pipedrive.token }, SYSTEM);
    expect(again.prepared.done.join('\n')).not.toMatch(/created/);
    expect(again.prepared.done.join('\n')).toMatch(/added 1 option\(s\) to the person field "Handshake rejection reason": Duplicate/);
    expect(field('Handshake rejection reason').options!.map((o) => o.id).slice(0, 11)).toEqual(kept.map((o) => o.id));
    expect(pipedrive.company.personFields.size).toBe(14 + VERDICT_FIELDS.length);
  });

  it('pulls 1,200 persons with their organisation and owner; a second pass changes nothing and writes nothing', async () => {
    const { company } = pipedrive;
    const org = company.addOrganization({ name: 'Acme Analytics', address: { value: '1 Rue de la Paix, Paris', country: 'France' }, ownerId: repInPipedrive });
    for (let i = 0; i < 1200; i += 1) {
      company.addPerson({
        firstName: `First${i}`,
        lastName: `Last${i}`,
        emails: [{ value: `person${i}@acme-analytics.com`, primary: true }, `private${i}@gmail.com`],
        ownerId: i % 4 === 0 ? repInPipedrive : company.owner.id,
        orgId: i % 2 === 0 ? org.id : null,
        addTime: clock.getTime() - 2 * 86_400 * SECOND,
        updateTime: clock.getTime() - (1200 - i) * SECOND,
      });
    }
    company.addPerson({ name: 'No Mail', updateTime: clock.getTime() - SECOND });

    const first = await syncOnce(context, 'pipedrive');
    expect(first.error).toBeUndefined();
    expect(first.pulled).toMatchObject({ leads: 1200, created: 1200, updated: 0 });
    const pulled = await db().select().from(leads).where(isNotNull(leads.pipedriveId));
    expect(pulled).toHaveLength(1200);
    const zero = pulled.find((l) => l.email === 'person0@acme-analytics.com')!;
    const zeroId = [...company.persons.values()].find((p) => p.emails[0]?.value === zero.email)!.id;
    expect(zero).toMatchObject({ firstName: 'First0', lastName: 'Last0', ownerId: rep.id, pipedriveId: String(zeroId), createdAt: new Date(clock.getTime() - 2 * 86_400 * SECOND).toISOString() });
    expect(pulled.find((l) => l.email === 'person1@acme-analytics.com')).toMatchObject({ ownerId: null, ownerEmail: 'owner@acme.example' });
    const account = await db().query.accounts.findFirst({ where: (a, { eq: same }) => same(a.domain, 'acme-analytics.com') });
    // The organisation's owner is the account's, for routing by account owner.
    expect(account).toMatchObject({ name: 'Acme Analytics', country: 'France', ownerEmail: 'ines@handshake.test' });

    // The first pass wrote each person's verdict; Pipedrive reports those persons as changed
    // since, and the next pass reads them back once, finding nothing new and writing nothing.
    expect(first.pushed).toEqual({ delivered: 1200, retried: 0, failed: 0 });
    advance(MINUTE);
    const echo = await syncOnce(context, 'pipedrive');
    expect(echo.pulled).toMatchObject({ leads: 1200, created: 0, handoversOpened: 0 });
    expect(echo.pushed).toEqual({ delivered: 0, retried: 0, failed: 0 });

    const callsBefore = pipedrive.calls.length;
    const changesBefore = company.changes.length;
    advance(MINUTE);
    const second = await syncOnce(context, 'pipedrive');
    expect(second.error).toBeUndefined();
    expect(second.pulled).toMatchObject({ leads: 0, events: 0, created: 0, updated: 0 });
    expect(writesSince(callsBefore)).toEqual([]);
    expect(company.changes).toHaveLength(changesBefore);
  });

  it('a done call logged in Pipedrive after the handover stops its SLA clock within one sync; a task does not', async () => {
    const { person, lead } = await handedOver('jonas@bear-metrics.com');
    await syncOnce(context, 'pipedrive');
    expect((await leadOf('jonas@bear-metrics.com')).pipedriveId).toBe(String(person.id));
    const [open] = await db().select().from(handovers).where(eq(handovers.leadId, lead.id));
    expect(open).toMatchObject({ state: 'open', ownerId: rep.id, firstTouchAt: null });

    advance(5 * MINUTE);
    // Pipedrive keeps an activity's due time to the minute.
    const callAt = new Date(Math.floor((clock.getTime() - MINUTE) / MINUTE) * MINUTE);
    const day = callAt.toISOString().slice(0, 10);
    const time = callAt.toISOString().slice(11, 16);
    pipedrive.company.addActivity({ personId: person.id, type: 'task', done: true, dueDate: day, dueTime: time, ownerId: repInPipedrive });
    pipedrive.company.addActivity({ personId: person.id, type: 'call', done: false, dueDate: day, dueTime: time, ownerId: repInPipedrive });
    const call = pipedrive.company.addActivity({ personId: person.id, type: 'call', done: true, dueDate: day, dueTime: time, duration: '00:10', ownerId: repInPipedrive });
    const report = await syncOnce(context, 'pipedrive');
    expect(report.pulled.events).toBe(1);
    const [touched] = await db().select().from(handovers).where(eq(handovers.id, open!.id));
    expect(touched!.firstTouchAt).toBe(callAt.toISOString());
    const [touch] = await db().select().from(touches).where(eq(touches.leadId, lead.id));
    expect(touch).toMatchObject({ channel: 'call', userId: rep.id, idempotencyKey: `event:pipedrive:activity:${call.id}` });
  });

  it('a reject and an accept reach the persons: status and reason options, the note; the acceptance clears an old reason and note', async () => {
    const rejected = await leadOf('jonas@bear-metrics.com');
    const { person: acceptedPerson } = await handedOver('maya@cobalt-labs.com');
    await syncOnce(context, 'pipedrive');
    const accepted = await leadOf('maya@cobalt-labs.com');
    const f = { status: field('Handshake status'), reason: field('Handshake rejection reason'), note: field('Handshake rejection note') };
    // An earlier rejection left a reason and note on this person.
    pipedrive.company.updatePerson(acceptedPerson.id, { customFields: { [f.reason.key]: pipedrive.company.optionId(f.reason.key, 'No budget'), [f.note.key]: 'Old note' } });

    await rep.api.decision.reject.mutate({ leadId: rejected.id, idempotencyKey: 'reject-jonas', reason: 'bad_timing', note: 'Budget opens in Q2' });
    await rep.api.decision.accept.mutate({ leadId: accepted.id, idempotencyKey: 'accept-maya' });
    advance(SECOND);
    const report = await syncOnce(context, 'pipedrive');
    expect(report.pushed).toEqual({ delivered: 2, retried: 0, failed: 0 });
    // The decision's three fields (the verdict's own are beside them).
    const decisionFields = (person: string) =>
      Object.fromEntries(Object.entries(pipedrive.company.persons.get(Number(person))!.customFields).filter(([key]) => [f.status.key, f.reason.key, f.note.key].includes(key)));
    expect(decisionFields(rejected.pipedriveId!)).toEqual({
      [f.status.key]: pipedrive.company.optionId(f.status.key, 'Rejected'),
      [f.reason.key]: pipedrive.company.optionId(f.reason.key, 'Bad timing'),
      [f.note.key]: 'Budget opens in Q2',
    });
    expect(decisionFields(accepted.pipedriveId!)).toEqual({ [f.status.key]: pipedrive.company.optionId(f.status.key, 'Accepted') });
  });

  it('a touch logged in Handshake becomes one done activity on the person, even when delivered again after a crash', async () => {
    const lead = await leadOf('maya@cobalt-labs.com');
    const personId = Number(lead.pipedriveId);
    const at = new Date(clock.getTime() - 2 * MINUTE);
    await rep.api.touch.log.mutate({ leadId: lead.id, channel: 'call', idempotencyKey: 'touch-maya', at: at.toISOString() });
    const report = await syncOnce(context, 'pipedrive', { pull: false });
    expect(report.pushed).toEqual({ delivered: 1, retried: 0, failed: 0 });
    const made = () => pipedrive.company.changes.filter((c) => c.entity === 'activity' && c.action === 'created');
    expect(made()).toHaveLength(1);
    const activity = pipedrive.company.activities.get(made()[0]!.id)!;
    const [row] = await db().select().from(crmOutbox).where(and(eq(crmOutbox.leadId, lead.id), eq(crmOutbox.kind, 'touch')));
    expect(row).toMatchObject({ state: 'delivered', crmObjectId: String(activity.id) });
    expect(activity).toMatchObject({
      type: 'call',
      subject: 'Call logged in Handshake',
      personId,
      done: true,
      dueDate: at.toISOString().slice(0, 10),
      dueTime: at.toISOString().slice(11, 16),
      ownerId: repInPipedrive,
    });
    expect(activity.note).toContain(`[handshake-touch:${row!.sourceId}]`);

    // The process died after Pipedrive made the activity, before the outbox row was marked: it is delivered again.
    await db().update(crmOutbox).set({ state: 'pending', deliveredAt: null, crmObjectId: null }).where(eq(crmOutbox.id, row!.id));
    advance(SECOND);
    const again = await syncOnce(context, 'pipedrive');
    expect(again.pushed.delivered).toBe(1);
    expect(made()).toHaveLength(1);
    const [redelivered] = await db().select().from(crmOutbox).where(eq(crmOutbox.id, row!.id));
    expect(redelivered).toMatchObject({ state: 'delivered', crmObjectId: String(activity.id) });
    // The pull saw that activity (Handshake's own) and did not take it for a second touch.
    expect(await db().select().from(touches).where(eq(touches.leadId, lead.id))).toHaveLength(1);
  });

  it('while Pipedrive refuses (429 with Retry-After, then 503s), writes wait; then each is delivered once, in order', async () => {
    const { person, lead } = await handedOver('olga@delta-freight.com');
    await syncOnce(context, 'pipedrive');
    const outageEnds = clock.getTime() + 10 * MINUTE;
    pipedrive.faults.outage({ status: 429, until: clock.getTime() + 2 * MINUTE, retryAfterSeconds: 120 });
    pipedrive.faults.outage({ status: 503, until: outageEnds });
    await rep.api.touch.log.mutate({ leadId: lead.id, channel: 'email', idempotencyKey: 'touch-olga' });
    await rep.api.decision.accept.mutate({ leadId: lead.id, idempotencyKey: 'accept-olga' });

    const first = await syncOnce(context, 'pipedrive', { pull: false });
    expect(first.pushed).toEqual({ delivered: 0, retried: 1, failed: 0 });
    expect(first.pausedUntil).toBe(new Date(clock.getTime() + 120 * SECOND).toISOString());
    for (let minute = 1; minute <= 40; minute += 1) {
      advance(MINUTE);
      await syncOnce(context, 'pipedrive', { pull: false });
    }
    const written = await db().select().from(crmOutbox).where(eq(crmOutbox.leadId, lead.id));
    // The lead's verdict row, written when it was handed over and again when the touch met its SLA.
    expect(written.filter((r) => r.kind === 'verdict').map((r) => [r.state, r.payload.fields])).toMatchObject([['delivered', { sla_outcome: 'met' }]]);
    const rows = written.filter((r) => r.kind !== 'verdict');
    expect(rows.map((r) => [r.kind, r.state])).toEqual([
      ['touch', 'delivered'],
      ['decision', 'delivered'],
    ]);
    expect(rows[0]!.deliveredAt! >= new Date(outageEnds).toISOString()).toBe(true);
    expect(rows[0]!.deliveredAt! <= rows[1]!.deliveredAt!).toBe(true);
    const created = pipedrive.company.changes.filter((c) => c.entity === 'activity' && c.action === 'created' && pipedrive.company.activities.get(c.id)?.personId === person.id);
    expect(created).toHaveLength(1);
    expect(pipedrive.company.activities.get(created[0]!.id)).toMatchObject({ type: 'email', subject: 'E-mail logged in Handshake' });
    // The person's writes in Pipedrive, each once: its verdict when handed over; after the outage,
    // its verdict again (its SLA met: the verdict's row is the record's oldest), the touch's activity, the decision's update.
    const writes = pipedrive.company.changes.filter((c) => c === created[0] || (c.entity === 'person' && c.id === person.id));
    expect(writes.map((c) => `${c.entity} ${c.action}`)).toEqual(['person updated', 'person updated', 'activity created', 'person updated']);
    // Retry-After was honoured: one call refused with 429, none until it had passed.
    expect(pipedrive.calls.filter((c) => c.status === 429)).toHaveLength(1);

    const [status] = await connectorStatuses(context.database);
    expect(status!.outbox).toMatchObject({ pending: 0, failed: 0 });
    expect(status!.apiUsage).toMatchObject({ limit: 80, window: expect.stringMatching(/^per 2 s, [\d,]+ requests left today$/) as unknown });
  });

  it('a deal dates the funnel: opportunity at its creation, won and lost at their times, with its value', async () => {
    const { company } = pipedrive;
    const personOf = (email: string) => [...company.persons.values()].find((p) => p.emails[0]?.value === email)!.id;
    const addTime = clock.getTime() - 3 * 86_400 * SECOND;
    const won = company.addDeal({ title: 'Acme platform', value: 24_000, personId: personOf('person2@acme-analytics.com'), addTime, updateTime: addTime });
    const lost = company.addDeal({ title: 'Acme add-on', value: 3_000, personId: personOf('person3@acme-analytics.com'), status: 'lost', addTime, lostTime: clock.getTime() - 86_400 * SECOND });
    company.addDeal({ title: 'Nobody yet', value: 1_000 });
    advance(MINUTE);
    company.updateDeal(won.id, { status: 'won' });
    const report = await syncOnce(context, 'pipedrive');
    expect(report.pulled.events).toBe(4);
    expect(await leadOf('person2@acme-analytics.com')).toMatchObject({ opportunityAt: new Date(addTime).toISOString(), wonAt: clock.toISOString(), lostAt: null });
    expect(await leadOf('person3@acme-analytics.com')).toMatchObject({ opportunityAt: new Date(addTime).toISOString(), lostAt: new Date(lost.lostTime!).toISOString(), wonAt: null });
    const [event] = await db().select().from(events).where(eq(events.id, `pipedrive:deal:${won.id}:closed_won`));
    expect(event!.properties).toEqual({ crm: 'pipedrive', dealId: String(won.id), amount: 24_000 });

    advance(MINUTE);
    expect((await syncOnce(context, 'pipedrive')).pulled.events).toBe(0);
  });

  it('follows a merged person and unlinks a deleted one; a write to a person deleted meanwhile fails in Pipedrive’s words', async () => {
    const { company } = pipedrive;
    const merged = company.addPerson({ name: 'Rita Dup', emails: ['rita@echo-retail.com'] });
    const kept = company.addPerson({ name: 'Rita', emails: ['rita.k@echo-retail.com', 'rita@echo-retail.com'] });
    const deleted = company.addPerson({ name: 'Sam Gone', emails: ['sam@echo-retail.com'] });
    await syncOnce(context, 'pipedrive');
    expect((await leadOf('rita@echo-retail.com')).pipedriveId).toBe(String(merged.id));

    advance(MINUTE);
    company.mergePersons(merged.id, kept.id);
    company.deletePerson(deleted.id);
    const report = await syncOnce(context, 'pipedrive');
    expect(report.error).toBeUndefined();
    expect((await leadOf('rita@echo-retail.com')).pipedriveId).toBe(String(kept.id));
    expect((await leadOf('sam@echo-retail.com')).pipedriveId).toBeNull();
    const actions = (await db().select().from(auditLog).where(eq(auditLog.entity, 'crm'))).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['crm.record_merged', 'crm.record_deleted']));

    // A person deleted after the last pull: the decision's write is refused for good, in Pipedrive's words.
    const { person, lead } = await handedOver('tess@foxtrot-labs.com');
    await syncOnce(context, 'pipedrive');
    company.deletePerson(person.id);
    await rep.api.decision.accept.mutate({ leadId: lead.id, idempotencyKey: 'accept-tess' });
    const push = await syncOnce(context, 'pipedrive', { pull: false });
    expect(push.pushed).toEqual({ delivered: 0, retried: 0, failed: 1 });
    const [status] = await connectorStatuses(context.database);
    expect(status!.outbox.failures[0]).toMatchObject({ kind: 'decision', recordId: String(person.id), error: `Pipedrive refused to update person ${person.id} (404): Person not found` });
  });
});
