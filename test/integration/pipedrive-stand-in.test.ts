import { v1, v2 } from 'pipedrive';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startPipedriveStandIn, type PipedriveStandIn } from '../support/crm/pipedrive-stand-in';

// The Pipedrive stand-in, driven only through Pipedrive's official client (v1 and v2), as the
// connector will drive it: paging, filters, writes read back, custom fields, merges and
// deletions followed by the recents feed, a wrong token, and an outage on the test's clock.

const TOKEN = 'pd-test-token';
const INSTANT = Date.parse('2025-03-01T00:00:00Z');
const SECOND = 1000;

let clock: { now: number };
let standIn: PipedriveStandIn;
let v1Config: v1.Configuration;
let v2Config: v2.Configuration;

beforeEach(async () => {
  clock = { now: Date.parse('2025-03-03T09:00:00Z') };
  standIn = await startPipedriveStandIn({ token: TOKEN, companyDomain: 'acme', now: () => clock.now });
  v1Config = new v1.Configuration({ apiKey: TOKEN, basePath: standIn.basePath.v1 });
  v2Config = new v2.Configuration({ apiKey: TOKEN, basePath: standIn.basePath.v2 });
});
afterEach(() => standIn.close());

/** What the client rejects with: the error's body. */
async function refusal(call: Promise<unknown>): Promise<Record<string, unknown>> {
  const outcome = await call.then(
    () => undefined,
    (body: unknown) => body as Record<string, unknown>,
  );
  if (!outcome) throw new Error('the call was answered, not refused');
  return outcome;
}

/** The client hands back only the body; this keeps each answer's status and headers too. */
function seeAnswers(config: v1.Configuration | v2.Configuration) {
  const answers: { status: number | undefined; header: (name: string) => string | undefined }[] = [];
  config.baseOptions = {
    transformResponse: [
      (data: string, headers: { get(name: string): unknown }, status?: number) => {
        answers.push({ status, header: (name) => (headers.get(name) as string | undefined) ?? undefined });
        return data ? (JSON.parse(data) as unknown) : data;
      },
    ],
  };
  return answers;
}

describe('persons', () => {
  it('pages 2,000 persons updated since an instant with cursors, in update order, a person updated meanwhile coming again at the end', async () => {
    const { company } = standIn;
    for (let i = 0; i < 600; i += 1) company.addPerson({ name: `Before ${i}`, addTime: INSTANT - 86_400 * SECOND, updateTime: INSTANT - (i + 1) * SECOND });
    const since: number[] = [];
    for (let i = 0; i < 2000; i += 1) since.push(company.addPerson({ name: `After ${i}`, emails: [`after${i}@example.com`], updateTime: INSTANT + ((i * 7919) % 2000) * SECOND }).id);

    const persons = new v2.PersonsApi(v2Config);
    const seen: { id: number; update_time: string }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await persons.getPersons({ updated_since: '2025-03-01T00:00:00Z', sort_by: 'update_time', limit: 500, cursor });
      pages += 1;
      seen.push(...page.data!.map((p) => ({ id: p.id!, update_time: p.update_time! })));
      cursor = page.additional_data?.next_cursor ?? undefined;
      if (pages === 2) company.updatePerson(seen[0]!.id, { name: 'Updated while paging' });
    } while (cursor);

    expect(pages).toBe(5);
    expect(seen).toHaveLength(2001);
    expect(new Set(seen.map((p) => p.id))).toEqual(new Set(since));
    expect(seen[0]!.update_time).toBe('2025-03-01T00:00:00Z');
    expect(seen.at(-1)).toEqual({ id: seen[0]!.id, update_time: '2025-03-03T09:00:00Z' });
    const times = seen.map((p) => Date.parse(p.update_time));
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // The first ten seconds, less the person updated while paging.
    const until = await persons.getPersons({ updated_since: '2025-03-01T00:00:00Z', updated_until: '2025-03-01T00:00:10Z', limit: 500 });
    expect(until.data).toHaveLength(9);
    expect(until.additional_data?.next_cursor).toBeNull();
  });

  it('answers a bad parameter with 400 in v2 words', async () => {
    const persons = new v2.PersonsApi(v2Config);
    const badInstant = await refusal(persons.getPersons({ updated_since: 'yesterday' }));
    expect(badInstant).toMatchObject({ success: false, code: 'ERR_SCHEMA_VALIDATION_FAILED' });
    expect(badInstant.error).toMatch(/^Validation failed: updated_since: /);
    expect((await refusal(persons.getPersons({ limit: 501 }))).error).toMatch(/^Validation failed: limit: /);
    expect(standIn.calls.map((c) => c.status)).toEqual([400, 400]);
  });
});

describe('users and organisations', () => {
  it("lists the users with their e-mails, and who the token's user is", async () => {
    standIn.company.addUser({ name: 'Ada Rep', email: 'ada@acme.example' });
    standIn.company.addUser({ name: 'Old Rep', email: 'old@acme.example', active: false });
    const users = new v1.UsersApi(v1Config);

    const all = await users.getUsers();
    expect(all.data!.map((u) => [u.email, u.active_flag])).toEqual([
      ['owner@acme.example', true],
      ['ada@acme.example', true],
      ['old@acme.example', false],
    ]);
    const me = await users.getCurrentUser();
    expect(me.data).toMatchObject({ id: 1, email: 'owner@acme.example', company_domain: 'acme', is_you: true });
  });

  it('reads organisations by ids, and one by id with its address', async () => {
    for (const name of ['Acme', 'Globex', 'Initech', 'Umbrella']) standIn.company.addOrganization({ name, address: `${name} Street 1, Tallinn` });
    standIn.company.deleteOrganization(3);
    const organizations = new v2.OrganizationsApi(v2Config);

    const byIds = await organizations.getOrganizations({ ids: '2,3,4,99' });
    expect(byIds.data!.map((o) => [o.id, o.name])).toEqual([
      [2, 'Globex'],
      [4, 'Umbrella'],
    ]);
    const one = await organizations.getOrganization({ id: 4 });
    expect(one.data).toMatchObject({ name: 'Umbrella', owner_id: 1, address: { value: 'Umbrella Street 1, Tallinn' }, is_deleted: false });
  });
});

describe('activities', () => {
  it("lists a person's done activities", async () => {
    const { company } = standIn;
    const ann = company.addPerson({ name: 'Ann Lead' });
    const bob = company.addPerson({ name: 'Bob Lead' });
    const call = company.addActivity({ personId: ann.id, type: 'call', done: true, dueDate: '2025-03-01', dueTime: '09:30', duration: '00:15', subject: 'Intro call' });
    company.addActivity({ personId: ann.id, type: 'meeting', done: false, dueDate: '2025-03-04' });
    const mail = company.addActivity({ personId: ann.id, type: 'email', done: true, dueDate: '2025-03-02' });
    company.addActivity({ personId: bob.id, type: 'call', done: true });
    company.deleteActivity(company.addActivity({ personId: ann.id, type: 'call', done: true }).id);

    const done = await new v2.ActivitiesApi(v2Config).getActivities({ person_id: ann.id, done: true });
    expect(done.data!.map((a) => a.id)).toEqual([call.id, mail.id]);
    expect(done.data![0]).toMatchObject({
      subject: 'Intro call',
      type: 'call',
      done: true,
      due_date: '2025-03-01',
      due_time: '09:30',
      duration: '00:15',
      person_id: ann.id,
      owner_id: 1,
      marked_as_done_time: '2025-03-03T09:00:00Z',
      participants: [{ person_id: ann.id, primary: true }],
    });
  });

  it('creates an activity, reads it back, marks it undone, and refuses an unknown type', async () => {
    const ann = standIn.company.addPerson({ name: 'Ann Lead' });
    const activities = new v2.ActivitiesApi(v2Config);

    const created = await activities.addActivity({
      AddActivityRequest: { subject: 'First touch', type: 'call', person_id: ann.id, due_date: '2025-03-03', due_time: '10:00', duration: '00:30', done: true, note: 'Left a message' },
    });
    const id = created.data!.id!;
    const read = await activities.getActivity({ id });
    expect(read.data).toEqual(created.data);
    expect(read.data).toMatchObject({ subject: 'First touch', person_id: ann.id, done: true, note: 'Left a message', add_time: '2025-03-03T09:00:00Z' });
    expect(standIn.company.activities.get(id)).toMatchObject({ type: 'call', personId: ann.id, dueTime: '10:00', done: true });
    expect(standIn.company.changes.at(-1)).toMatchObject({ entity: 'activity', action: 'created', id, body: { subject: 'First touch' } });

    clock.now += 60 * SECOND;
    const undone = await activities.updateActivity({ id, AddActivityRequest: { done: false } });
    expect(undone.data).toMatchObject({ done: false, marked_as_done_time: null, update_time: '2025-03-03T09:01:00Z' });

    const types = await new v1.ActivityTypesApi(v1Config).getActivityTypes();
    expect(types.data.map((t) => t.key_string)).toEqual(['call', 'meeting', 'task', 'deadline', 'email', 'lunch']);
    await expect(activities.addActivity({ AddActivityRequest: { type: 'telepathy', person_id: ann.id } })).rejects.toMatchObject({
      success: false,
      error: "Validation failed: type: Activity type 'telepathy' does not exist",
      code: 'ERR_SCHEMA_VALIDATION_FAILED',
    });
  });
});

describe('deals', () => {
  it("lists a person's won deals updated since an instant", async () => {
    const { company } = standIn;
    const ann = company.addPerson({ name: 'Ann Lead' });
    const won = company.addDeal({ title: 'Big one', value: 12_000, currency: 'EUR', status: 'won', personId: ann.id, wonTime: INSTANT + 5 * SECOND, updateTime: INSTANT + 5 * SECOND });
    company.addDeal({ title: 'Open one', personId: ann.id });
    company.addDeal({ title: 'Old win', status: 'won', personId: ann.id, updateTime: INSTANT - SECOND });

    const deals = await new v2.DealsApi(v2Config).getDeals({ person_id: ann.id, status: 'won', updated_since: '2025-03-01T00:00:00Z' });
    expect(deals.data!.map((d) => d.id)).toEqual([won.id]);
    expect(deals.data![0]).toMatchObject({ value: 12_000, currency: 'EUR', status: 'won', won_time: '2025-03-01T00:00:05Z', lost_time: null });
  });
});

describe('custom person fields', () => {
  it('creates an enum field, adds an option, and writes an option to a person; unknown keys and options are refused', async () => {
    const fields = new v1.PersonFieldsApi(v1Config);
    const persons = new v2.PersonsApi(v2Config);
    const ann = standIn.company.addPerson({ name: 'Ann Lead' });

    const created = await fields.addPersonField({ CreateFieldRequest: { name: 'Handshake stage', field_type: 'enum', options: [{ label: 'MQL' }, { label: 'SQL' }] } });
    const { id, key, options } = created.data as { id: number; key: string; options: { id: number; label: string }[] };
    expect(key).toMatch(/^[0-9a-f]{40}$/);
    expect(options.map((o) => o.label)).toEqual(['MQL', 'SQL']);

    const updated = await fields.updatePersonField({ id, UpdateFieldRequest: { options: [...options, { label: 'Rejected' }] } });
    const rejected = (updated.data.options as { id: number; label: string }[]).find((o) => o.label === 'Rejected')!;
    expect(updated.data.options).toHaveLength(3);
    const listed = await fields.getPersonFields();
    expect(listed.data.find((f) => f.key === key)).toMatchObject({ name: 'Handshake stage', field_type: 'enum', edit_flag: true });

    const written = await persons.updatePerson({ id: ann.id, UpdatePersonRequest: { custom_fields: { [key]: rejected.id } } });
    expect(written.data?.custom_fields).toEqual({ [key]: rejected.id });
    const labelled = await persons.getPerson({ id: ann.id, include_option_labels: true });
    expect(labelled.data?.custom_fields?.[key]).toEqual({ id: rejected.id, label: 'Rejected' });
    expect(standIn.company.persons.get(ann.id)?.customFields).toEqual({ [key]: rejected.id });

    await expect(persons.updatePerson({ id: ann.id, UpdatePersonRequest: { custom_fields: { ['0'.repeat(40)]: 'x' } } })).rejects.toMatchObject({
      error: `Validation failed: custom_fields: Parameter '${'0'.repeat(40)}' is not allowed for this request`,
      code: 'ERR_SCHEMA_VALIDATION_FAILED',
    });
    await expect(persons.updatePerson({ id: ann.id, UpdatePersonRequest: { custom_fields: { [key]: 999_999 } } })).rejects.toMatchObject({
      error: `Validation failed: custom_fields: Option with ID 999999 does not exist for custom field '${key}'`,
    });
    await expect(persons.updatePerson({ id: ann.id, UpdatePersonRequest: { [key]: rejected.id } })).rejects.toMatchObject({
      error: `Validation failed: ${key}: Parameter '${key}' is not allowed for this request`,
    });
  });
});

describe('merges and deletions', () => {
  it('merges one person into another and deletes a third; reads, lists and the recents feed show it', async () => {
    const { company } = standIn;
    const org = company.addOrganization({ name: 'Acme' });
    const dup = company.addPerson({ name: 'Ann Lead', emails: ['ann@acme.example'], updateTime: INSTANT - 3600 * SECOND });
    const kept = company.addPerson({ name: 'Ann L.', orgId: org.id, updateTime: INSTANT - 3600 * SECOND });
    const gone = company.addPerson({ name: 'Carl Gone', updateTime: INSTANT - 3600 * SECOND });
    const other = company.addPerson({ name: 'Dora Still', updateTime: INSTANT - 3600 * SECOND });
    const touch = company.addActivity({ personId: dup.id, type: 'email', done: true, updateTime: INSTANT - 3600 * SECOND });
    const persons = new v2.PersonsApi(v2Config);

    const merged = await new v1.PersonsApi(v1Config).mergePersons({ id: dup.id, MergePersonsRequest: { merge_with_id: kept.id } });
    expect(merged.data).toMatchObject({ id: kept.id, merge_what_id: dup.id, name: 'Ann L.', org_id: org.id, email: [{ value: 'ann@acme.example', primary: true }], active_flag: true });
    await persons.deletePerson({ id: gone.id });

    expect((await persons.getPerson({ id: dup.id })).data).toMatchObject({ id: dup.id, is_deleted: true });
    expect((await persons.getPerson({ id: gone.id })).data).toMatchObject({ is_deleted: true });
    expect((await persons.getPersons({})).data!.map((p) => p.id)).toEqual([kept.id, other.id]);
    expect((await new v2.ActivitiesApi(v2Config).getActivities({ person_id: kept.id })).data!.map((a) => a.id)).toEqual([touch.id]);

    const recents = await new v1.RecentsApi(v1Config).getRecents({ since_timestamp: '2025-03-01 00:00:00', items: 'person' });
    expect(recents.data!.map((r) => [r.item, r.id, (r.data as { active_flag?: boolean }).active_flag])).toEqual([
      ['person', dup.id, false],
      ['person', kept.id, true],
      ['person', gone.id, false],
    ]);
    expect(recents.additional_data).toMatchObject({ since_timestamp: '2025-03-01 00:00:00', last_timestamp_on_page: '2025-03-03 09:00:00', pagination: { start: 0, more_items_in_collection: false } });
    expect(company.persons.get(dup.id)).toMatchObject({ mergedIntoId: kept.id, deleteTime: clock.now });

    clock.now += 31 * 86_400 * SECOND;
    await expect(persons.getPerson({ id: gone.id })).rejects.toMatchObject({ success: false, error: 'Person not found' });
  });
});

describe('refusals', () => {
  it('answers a wrong token with 401 in Pipedrive words', async () => {
    const wrong = new v2.PersonsApi(new v2.Configuration({ apiKey: 'not-the-token', basePath: standIn.basePath.v2 }));
    await expect(wrong.getPersons()).rejects.toEqual({
      success: false,
      error: 'unauthorized access',
      errorCode: 401,
      error_info: 'Please check developers.pipedrive.com for more information about Pipedrive API.',
      data: null,
      additional_data: null,
    });
    expect(standIn.calls.at(-1)).toMatchObject({ method: 'GET', path: '/api/v2/persons', status: 401 });
  });

  it('refuses with 429 and Retry-After during an outage, and answers again once the clock passes its end', async () => {
    standIn.company.addPerson({ name: 'Ann Lead' });
    const answers = seeAnswers(v2Config);
    const persons = new v2.PersonsApi(v2Config);

    await persons.getPersons();
    expect(answers[0]).toMatchObject({ status: 200 });
    expect(['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-daily-requests-left'].map((name) => answers[0]!.header(name))).toEqual(['80', '79', '2', '10000']);

    standIn.faults.outage({ status: 429, until: clock.now + 30 * SECOND, retryAfterSeconds: 30 });
    await expect(persons.getPersons()).rejects.toMatchObject({ success: false, error: 'Request over limit', errorCode: 429 });
    const refused = answers[1]!;
    expect(refused.status).toBe(429);
    expect(refused.header('retry-after')).toBe('30');
    expect(refused.header('x-ratelimit-remaining')).toBe('0');

    clock.now += 29 * SECOND;
    await expect(persons.getPersons()).rejects.toMatchObject({ errorCode: 429 });
    clock.now += SECOND;
    expect((await persons.getPersons()).data).toHaveLength(1);
    expect(answers.at(-1)?.status).toBe(200);

    standIn.faults.outage({ status: 503, count: 1 });
    await expect(persons.getPersons()).rejects.toMatchObject({ success: false, errorCode: 503 });
    expect((await persons.getPersons()).success).toBe(true);
    expect(standIn.calls.map((c) => c.status)).toEqual([200, 429, 429, 200, 503, 200]);
  });
});
