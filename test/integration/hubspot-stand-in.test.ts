import { Client, Signature } from '@hubspot/api-client';
import { AssociationSpecAssociationCategoryEnum as V4Category } from '@hubspot/api-client/lib/codegen/crm/associations/v4';
import { FilterOperatorEnum } from '@hubspot/api-client/lib/codegen/crm/contacts';
import { AssociationSpecAssociationCategoryEnum } from '@hubspot/api-client/lib/codegen/crm/objects/calls';
import { PropertyCreateFieldTypeEnum, PropertyCreateTypeEnum } from '@hubspot/api-client/lib/codegen/crm/properties';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHubSpotStandIn, type HubSpotStandIn } from '../support/crm/hubspot-stand-in';

// The HubSpot stand-in, driven only through HubSpot's official client (@hubspot/api-client), as
// the connector will drive it: search paging and its 10,000 cap, owners, associations (v3 reads and
// v4), batch writes and 207, engagements with associations, properties and groups, HubSpot's
// validation, merges and archives, 401/403, an outage on the test's clock, and signed webhooks.

const SECOND = 1000;

let clock: { now: number };
let standIn: HubSpotStandIn;
let hubspot: Client;

beforeEach(async () => {
  clock = { now: Date.parse('2025-03-03T09:00:00Z') };
  standIn = await startHubSpotStandIn({ now: () => clock.now });
  hubspot = new Client({ accessToken: standIn.token, basePath: standIn.url });
});
afterEach(() => standIn.close());

const iso = (ms: number) => new Date(ms).toISOString();

interface Refusal {
  code: number;
  body: Record<string, unknown> & { category?: string; message?: string; errors?: { message: string; code?: string; context?: Record<string, string[]> }[] };
  headers: Record<string, string>;
}

/** What the client throws for a refused call: its status, HubSpot's error body and the headers. */
async function refusal(call: Promise<unknown>): Promise<Refusal> {
  const outcome = await call.then(
    () => undefined,
    (error: unknown) => error as Refusal,
  );
  if (!outcome) throw new Error('the call was answered, not refused');
  return outcome;
}

describe('search', () => {
  it('pages 2,000 contacts modified since an instant, 200 at a time, in lastmodifieddate order', async () => {
    const since = clock.now;
    for (let i = 0; i < 2000; i += 1) {
      clock.now += SECOND;
      standIn.portal.addContact({ email: `lead${i}@example.com`, firstname: `Lead ${i}` });
    }
    clock.now += SECOND;
    const early = standIn.portal.records('contacts')[0]!.id;
    standIn.portal.update('contacts', early, { jobtitle: 'CTO' });

    const seen: { id: string; modified: string }[] = [];
    let after: string | undefined = '0';
    let pages = 0;
    while (after !== undefined) {
      const page = await hubspot.crm.contacts.searchApi.doSearch({
        filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: FilterOperatorEnum.Gte, value: String(since) }] }],
        sorts: ['lastmodifieddate'],
        properties: ['email', 'jobtitle'],
        limit: 200,
        after,
      });
      expect(page.total).toBe(2000);
      seen.push(...page.results.map((contact) => ({ id: contact.id, modified: contact.properties.lastmodifieddate! })));
      after = page.paging?.next?.after;
      pages += 1;
    }
    expect(pages).toBe(10);
    expect(new Set(seen.map((contact) => contact.id)).size).toBe(2000);
    expect(seen.map((contact) => Date.parse(contact.modified))).toEqual(seen.map((contact) => Date.parse(contact.modified)).sort((a, b) => a - b));
    expect(seen.at(-1)).toEqual({ id: early, modified: iso(clock.now) });

    const between = await hubspot.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'lastmodifieddate', operator: FilterOperatorEnum.Between, value: String(since + 10 * SECOND), highValue: String(since + 19 * SECOND) }] }],
      sorts: ['-lastmodifieddate'],
      limit: 5,
    });
    expect(between.total).toBe(10);
    expect(between.results.map((contact) => contact.properties.firstname)).toEqual(['Lead 18', 'Lead 17', 'Lead 16', 'Lead 15', 'Lead 14']);
    expect(Object.keys(between.results[0]!.properties).sort()).toEqual(['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname']);
  });

  it('answers at most 10,000 results for a query: the page reaching the cap still points on, and the next is a 400', async () => {
    for (let i = 0; i < 10_050; i += 1) {
      clock.now += SECOND;
      standIn.portal.addContact({ email: `bulk${i}@example.com` });
    }
    const request = { filterGroups: [{ filters: [{ propertyName: 'email', operator: FilterOperatorEnum.ContainsToken, value: '*@example.com' }] }], sorts: ['createdate'], limit: 200 };
    const last = await hubspot.crm.contacts.searchApi.doSearch({ ...request, after: '9900' });
    expect(last.total).toBe(10_050);
    expect(last.results).toHaveLength(100);
    expect(last.paging?.next?.after).toBe('10000');

    const beyond = await refusal(hubspot.crm.contacts.searchApi.doSearch({ ...request, after: '10000' }));
    expect(beyond.code).toBe(400);
    expect(beyond.body.category).toBe('VALIDATION_ERROR');
    expect(beyond.body.message).toMatch(/limited to 10,000 total results/);

    const tooBig = await refusal(hubspot.crm.contacts.searchApi.doSearch({ ...request, limit: 201 }));
    expect(tooBig.code).toBe(400);
  });

  it('filters with IN, NOT_IN, HAS_PROPERTY, NOT_HAS_PROPERTY, NEQ and through associations', async () => {
    const { portal } = standIn;
    const anna = portal.addContact({ email: 'anna@acme.example', hs_lead_status: 'NEW', lifecyclestage: 'marketingqualifiedlead' });
    const ben = portal.addContact({ email: 'ben@acme.example', hs_lead_status: 'OPEN' });
    const cleo = portal.addContact({ email: 'cleo@other.example' });
    const acme = portal.addCompany({ name: 'Acme', domain: 'acme.example' });
    portal.associate('contacts', ben, 'companies', acme);
    const ids = async (filters: { propertyName: string; operator: FilterOperatorEnum; value?: string; values?: string[] }[]) =>
      (await hubspot.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters }], limit: 100 })).results.map((contact) => contact.id);

    expect(await ids([{ propertyName: 'hs_lead_status', operator: FilterOperatorEnum.In, values: ['NEW', 'OPEN'] }])).toEqual([anna, ben]);
    expect(await ids([{ propertyName: 'hs_lead_status', operator: FilterOperatorEnum.NotIn, values: ['NEW'] }])).toEqual([ben, cleo]);
    expect(await ids([{ propertyName: 'lifecyclestage', operator: FilterOperatorEnum.HasProperty }])).toEqual([anna]);
    expect(await ids([{ propertyName: 'hs_lead_status', operator: FilterOperatorEnum.NotHasProperty }])).toEqual([cleo]);
    expect(await ids([{ propertyName: 'email', operator: FilterOperatorEnum.Neq, value: 'ANNA@acme.example' }])).toEqual([ben, cleo]);
    expect(await ids([{ propertyName: 'associations.company', operator: FilterOperatorEnum.Eq, value: acme }])).toEqual([ben]);
    const either = await hubspot.crm.contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: 'email', operator: FilterOperatorEnum.Eq, value: 'cleo@other.example' }] }, { filters: [{ propertyName: 'hs_lead_status', operator: FilterOperatorEnum.Eq, value: 'NEW' }] }],
    });
    expect(either.results.map((contact) => contact.id)).toEqual([anna, cleo]);
    const unknown = await refusal(ids([{ propertyName: 'no_such_property', operator: FilterOperatorEnum.Eq, value: 'x' }]));
    expect(unknown.code).toBe(400);
  });
});

describe('owners', () => {
  it('finds an owner by e-mail and pages the owners with after', async () => {
    const { portal } = standIn;
    portal.addOwner({ email: 'ava.marketing@example.com', firstName: 'Ava', lastName: 'Marketing' });
    const sam = portal.addOwner({ email: 'Sam.Rep@example.com', firstName: 'Sam', lastName: 'Rep' });
    portal.addOwner({ email: 'lee.rep@example.com', firstName: 'Lee', lastName: 'Rep' });

    const found = await hubspot.crm.owners.ownersApi.getPage('sam.rep@example.com');
    expect(found.results.map((owner) => [owner.id, owner.email, owner.firstName, owner.userId])).toEqual([[sam.id, 'Sam.Rep@example.com', 'Sam', sam.userId]]);

    const first = await hubspot.crm.owners.ownersApi.getPage(undefined, undefined, 2);
    expect(first.results).toHaveLength(2);
    const second = await hubspot.crm.owners.ownersApi.getPage(undefined, first.paging!.next!.after, 2);
    expect(second.results.map((owner) => owner.email)).toEqual(['lee.rep@example.com']);
    expect(second.paging).toBeUndefined();

    const contact = await hubspot.crm.contacts.basicApi.create({ properties: { email: 'owned@example.com', hubspot_owner_id: sam.id } });
    expect(contact.properties.hubspot_owner_id).toBe(sam.id);
    const wrongOwner = await refusal(hubspot.crm.contacts.basicApi.update(contact.id, { properties: { hubspot_owner_id: '123' } }));
    expect(wrongOwner.body.errors?.[0]?.code).toBe('INVALID_OWNER_ID');
  });
});

describe('associations', () => {
  it('reads a contact’s companies on the v3 record and in v4 batch reads, 207 for a contact without any', async () => {
    const { portal } = standIn;
    const acme = portal.addCompany({ name: 'Acme', domain: 'acme.example' });
    const ana = portal.addContact({ email: 'ana@acme.example' });
    const solo = portal.addContact({ email: 'solo@example.com' });
    portal.associate('contacts', ana, 'companies', acme);

    const read = await hubspot.crm.contacts.basicApi.getById(ana, ['email', 'associatedcompanyid'], undefined, ['companies']);
    expect(read.properties.associatedcompanyid).toBe(acme);
    expect(read.associations?.companies?.results.map((link) => [link.id, link.type])).toEqual([
      [acme, 'contact_to_company'],
      [acme, 'contact_to_company_unlabeled'],
    ]);

    const batch = await hubspot.crm.associations.v4.batchApi.getPage('contacts', 'companies', { inputs: [{ id: ana }, { id: solo }] });
    expect(batch.results.map((result) => [result._from.id, result.to.map((to) => [String(to.toObjectId), to.associationTypes.map((type) => [type.typeId, type.label ?? null])])])).toEqual([
      [
        ana,
        [
          [
            acme,
            [
              [1, 'Primary'],
              [279, null],
            ],
          ],
        ],
      ],
    ]);
    const errors = 'errors' in batch ? batch.errors : undefined;
    expect(errors?.map((error) => [String(error.subCategory), error.message])).toEqual([['crm.associations.NO_ASSOCIATIONS_FOUND', `No company is associated with contact ${solo}.`]]);

    const deal = portal.addDeal({ dealname: 'Acme renewal', dealstage: 'qualifiedtobuy', pipeline: 'default' });
    const note = portal.addEngagement('notes', { hs_note_body: 'Asked for a demo' });
    portal.associate('deals', deal, 'contacts', ana);
    portal.associate('notes', note, 'contacts', ana);
    const fromContact = await hubspot.crm.associations.v4.batchApi.getPage('contacts', 'notes', { inputs: [{ id: ana }] });
    expect(fromContact.results[0]!.to.map((to) => [String(to.toObjectId), to.associationTypes.map((type) => type.typeId)])).toEqual([[note, [201]]]);
    const deals = await hubspot.crm.associations.v4.batchApi.getPage('deals', 'contacts', { inputs: [{ id: deal }] });
    expect(deals.results[0]!.to.map((to) => to.associationTypes.map((type) => type.typeId))).toEqual([[3]]);
  });

  it('creates a call associated with a contact (type 194) and reads it back through v4, both ways', async () => {
    clock.now += 60 * SECOND;
    const ana = standIn.portal.addContact({ email: 'ana@acme.example' });
    const call = await hubspot.crm.objects.calls.basicApi.create({
      properties: { hs_timestamp: iso(clock.now), hs_call_title: 'Discovery call', hs_call_direction: 'OUTBOUND', hs_call_body: 'Budget agreed' },
      associations: [{ to: { id: ana }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 194 }] }],
    });
    expect(call.properties.hs_createdate).toBe(iso(clock.now));
    expect(call.properties.hs_object_id).toBe(call.id);

    const fromCall = await hubspot.crm.associations.v4.batchApi.getPage('calls', 'contacts', { inputs: [{ id: call.id }] });
    expect(fromCall.results[0]!.to.map((to) => [String(to.toObjectId), to.associationTypes.map((type) => [type.category, type.typeId])])).toEqual([[ana, [['HUBSPOT_DEFINED', 194]]]]);
    const toCall = await hubspot.crm.associations.v4.batchApi.getPage('contact', 'call', { inputs: [{ id: ana }] });
    expect(toCall.results[0]!.to.map((to) => [String(to.toObjectId), to.associationTypes.map((type) => type.typeId)])).toEqual([[call.id, [193]]]);

    expect(standIn.portal.createdThroughApi('calls').map((created) => created.properties.hs_call_title)).toEqual(['Discovery call']);
    expect(standIn.portal.associationsCreatedThroughApi()).toEqual([{ fromType: 'calls', fromId: call.id, toType: 'contacts', toId: ana, typeId: 194 }]);

    const undated = await refusal(hubspot.crm.objects.calls.basicApi.create({ properties: { hs_call_title: 'No timestamp' } }));
    expect(undated.code).toBe(400);
    const wrongType = await refusal(
      hubspot.crm.objects.notes.basicApi.create({
        properties: { hs_timestamp: iso(clock.now), hs_note_body: 'x' },
        associations: [{ to: { id: ana }, types: [{ associationCategory: AssociationSpecAssociationCategoryEnum.HubspotDefined, associationTypeId: 194 }] }],
      }),
    );
    expect(wrongType.code).toBe(400);
  });
});

describe('writes', () => {
  it('updates a batch and answers 207 naming the ids it could not find', async () => {
    const { portal } = standIn;
    const ana = portal.addContact({ email: 'ana@example.com' });
    const ben = portal.addContact({ email: 'ben@example.com' });
    clock.now += 60 * SECOND;
    const answer = await hubspot.crm.contacts.batchApi.update({
      inputs: [
        { id: ana, properties: { hs_lead_status: 'IN_PROGRESS' } },
        { id: '999999', properties: { hs_lead_status: 'IN_PROGRESS' } },
        { id: ben, properties: { jobtitle: 'VP Sales' } },
      ],
    });
    expect(answer.results.map((contact) => contact.id).sort()).toEqual([ana, ben].sort());
    expect('numErrors' in answer && answer.numErrors).toBe(1);
    const error = 'errors' in answer ? answer.errors?.[0] : undefined;
    expect([error?.category, error?.context]).toEqual(['OBJECT_NOT_FOUND', { ids: ['999999'] }]);
    expect(portal.properties('contacts', ana)).toMatchObject({ hs_lead_status: 'IN_PROGRESS', lastmodifieddate: iso(clock.now) });

    const whole = await hubspot.crm.contacts.batchApi.update({ inputs: [{ id: ana, properties: { hs_lead_status: 'CONNECTED' } }] });
    expect('numErrors' in whole ? whole.numErrors : undefined).toBeUndefined();
    const read = await hubspot.crm.contacts.batchApi.read({ inputs: [{ id: ana }, { id: '424242' }], properties: ['hs_lead_status'], propertiesWithHistory: [] });
    expect(read.results.map((contact) => contact.properties.hs_lead_status)).toEqual(['CONNECTED']);
    expect('errors' in read ? read.errors?.[0]?.message : undefined).toBe('Could not get some CONTACT objects, they may be deleted or not exist. Check that ids are valid.');
  });

  it('upserts contacts by e-mail and associates them with companies in a v4 batch', async () => {
    const { portal } = standIn;
    const ana = portal.addContact({ email: 'ana@example.com' });
    const acme = portal.addCompany({ name: 'Acme' });
    const upserted = await hubspot.crm.contacts.batchApi.upsert({
      inputs: [
        { id: 'ANA@example.com', idProperty: 'email', properties: { firstname: 'Ana' } },
        { id: 'nia@example.com', idProperty: 'email', properties: { firstname: 'Nia' } },
      ],
    });
    expect(upserted.results.map((contact) => [contact.properties.email, contact.properties.firstname, contact._new])).toEqual([
      ['ana@example.com', 'Ana', false],
      ['nia@example.com', 'Nia', true],
    ]);
    const nia = upserted.results[1]!.id;
    const linked = await hubspot.crm.associations.v4.batchApi.create('contacts', 'companies', {
      inputs: [{ _from: { id: nia }, to: { id: acme }, types: [{ associationCategory: V4Category.HubspotDefined, associationTypeId: 279 }] }],
    });
    expect(linked.results.map((link) => [String(link.fromObjectId), String(link.toObjectId)])).toEqual([[nia, acme]]);
    expect(portal.associations('contacts', nia, 'companies')).toEqual([{ toId: acme, typeIds: [1, 279] }]);
    expect(portal.properties('contacts', nia).associatedcompanyid).toBe(acme);
    expect(portal.associations('contacts', ana, 'companies')).toEqual([]);
  });

  it('refuses values HubSpot refuses, in its words: an unknown option, an unknown property, a read-only one, a taken e-mail', async () => {
    const ana = await hubspot.crm.contacts.basicApi.create({ properties: { email: 'ana@example.com', hs_lead_status: 'NEW' } });
    expect(ana.properties).toMatchObject({ email: 'ana@example.com', hs_lead_status: 'NEW', createdate: iso(clock.now), lastmodifieddate: iso(clock.now), hs_object_id: ana.id });

    const option = await refusal(hubspot.crm.contacts.basicApi.update(ana.id, { properties: { hs_lead_status: 'BOGUS', no_such_thing: 'x', lastmodifieddate: '1' } }));
    expect(option.code).toBe(400);
    expect(option.body.category).toBe('VALIDATION_ERROR');
    expect(option.body.message).toMatch(/^Property values were not valid: \[/);
    expect(option.body.message).toContain('BOGUS was not one of the allowed options: [New, Open, In Progress, Open Deal, Unqualified, Attempted to Contact, Connected, Bad Timing]');
    expect(option.body.errors?.map((error) => [error.code, error.context?.propertyName])).toEqual([
      ['INVALID_OPTION', ['hs_lead_status']],
      ['PROPERTY_DOESNT_EXIST', ['no_such_thing']],
      ['READ_ONLY_VALUE', ['lastmodifieddate']],
    ]);
    expect(standIn.portal.properties('contacts', ana.id).hs_lead_status).toBe('NEW');

    const taken = await refusal(hubspot.crm.contacts.basicApi.create({ properties: { email: 'ANA@example.com' } }));
    expect([taken.code, taken.body.category, taken.body.message]).toEqual([409, 'CONFLICT', `Contact already exists. Existing ID: ${ana.id}`]);

    clock.now += 60 * SECOND;
    const qualified = await hubspot.crm.contacts.basicApi.update(ana.id, { properties: { lifecyclestage: 'marketingqualifiedlead' } });
    expect(qualified.properties.hs_lifecyclestage_marketingqualifiedlead_date).toBe(iso(clock.now));
  });
});

describe('properties', () => {
  it('creates a property group and an enumeration property, 409 for either again, and checks values against its options', async () => {
    const group = await hubspot.crm.properties.groupsApi.create('contacts', { name: 'handshake', label: 'Handshake', displayOrder: -1 });
    expect(group).toMatchObject({ name: 'handshake', label: 'Handshake', archived: false });
    const property = {
      name: 'handshake_verdict',
      label: 'Handshake verdict',
      type: PropertyCreateTypeEnum.Enumeration,
      fieldType: PropertyCreateFieldTypeEnum.Select,
      groupName: 'handshake',
      options: [
        { label: 'Accepted', value: 'accepted', displayOrder: 0, hidden: false },
        { label: 'Rejected', value: 'rejected', displayOrder: 1, hidden: false },
      ],
    };
    const created = await hubspot.crm.properties.coreApi.create('contacts', property);
    expect([created.name, created.hubspotDefined, created.options.map((option) => option.value)]).toEqual(['handshake_verdict', false, ['accepted', 'rejected']]);

    const again = await refusal(hubspot.crm.properties.coreApi.create('contacts', property));
    expect([again.code, again.body.category, again.body.message]).toEqual([409, 'OBJECT_ALREADY_EXISTS', "Property named 'handshake_verdict' already exists."]);
    expect((await refusal(hubspot.crm.properties.groupsApi.create('contacts', { name: 'handshake', label: 'Again' }))).code).toBe(409);

    const read = await hubspot.crm.properties.coreApi.getByName('contacts', 'handshake_verdict');
    expect(read.groupName).toBe('handshake');
    const groups = await hubspot.crm.properties.groupsApi.getAll('contacts');
    expect(groups.results.map((one) => one.name)).toContain('handshake');
    const leadStatus = await hubspot.crm.properties.coreApi.getByName('contacts', 'hs_lead_status');
    expect(leadStatus.options.map((option) => option.value)).toEqual(['NEW', 'OPEN', 'IN_PROGRESS', 'OPEN_DEAL', 'UNQUALIFIED', 'ATTEMPTED_TO_CONTACT', 'CONNECTED', 'BAD_TIMING']);
    const all = await hubspot.crm.properties.coreApi.getAll('contacts');
    expect(all.results.map((one) => one.name)).toEqual(expect.arrayContaining(['email', 'hubspot_owner_id', 'lifecyclestage', 'hs_analytics_source', 'hs_merged_object_ids', 'handshake_verdict']));

    const updated = await hubspot.crm.properties.coreApi.update('contacts', 'handshake_verdict', { options: [...property.options, { label: 'Expired', value: 'expired', displayOrder: 2, hidden: false }] });
    expect(updated.options.map((option) => option.value)).toEqual(['accepted', 'rejected', 'expired']);

    const contact = standIn.portal.addContact({ email: 'ana@example.com' });
    await hubspot.crm.contacts.basicApi.update(contact, { properties: { handshake_verdict: 'expired' } });
    const wrong = await refusal(hubspot.crm.contacts.basicApi.update(contact, { properties: { handshake_verdict: 'maybe' } }));
    expect(wrong.body.message).toContain('maybe was not one of the allowed options: [Accepted, Rejected, Expired]');
  });
});

describe('merges and archives', () => {
  it('merges two contacts (the merged id answering as the primary) and archives one (404 after, found with archived=true)', async () => {
    const { portal } = standIn;
    const primary = portal.addContact({ email: 'pat@example.com', lifecyclestage: 'lead' });
    clock.now += SECOND;
    const duplicate = portal.addContact({ email: 'pat.smith@example.com', jobtitle: 'CTO', lifecyclestage: 'salesqualifiedlead' });
    clock.now += 60 * SECOND;

    const merged = await hubspot.crm.contacts.basicApi.merge({ primaryObjectId: primary, objectIdToMerge: duplicate });
    expect(merged.id).toBe(primary);
    const viaOldId = await hubspot.crm.contacts.basicApi.getById(duplicate, ['email', 'jobtitle', 'lifecyclestage', 'hs_merged_object_ids', 'hs_additional_emails']);
    expect(viaOldId.id).toBe(primary);
    expect(viaOldId.properties).toMatchObject({ email: 'pat@example.com', jobtitle: 'CTO', lifecyclestage: 'salesqualifiedlead', hs_merged_object_ids: duplicate, hs_additional_emails: 'pat.smith@example.com' });
    const listed = await hubspot.crm.contacts.basicApi.getPage(100);
    expect(listed.results.map((contact) => contact.id)).toEqual([primary]);

    await hubspot.crm.contacts.basicApi.archive(primary);
    const gone = await refusal(hubspot.crm.contacts.basicApi.getById(primary));
    expect([gone.code, gone.body.category]).toEqual([404, 'OBJECT_NOT_FOUND']);
    expect((await refusal(hubspot.crm.contacts.basicApi.getById(duplicate))).code).toBe(404);
    const archived = await hubspot.crm.contacts.basicApi.getById(primary, undefined, undefined, undefined, true);
    expect([archived.archived, archived.archivedAt?.toISOString()]).toEqual([true, iso(clock.now)]);
    const searched = await hubspot.crm.contacts.searchApi.doSearch({ filterGroups: [{ filters: [{ propertyName: 'email', operator: FilterOperatorEnum.HasProperty }] }] });
    expect(searched.total).toBe(0);

    const other = portal.addContact({ email: 'other@example.com' });
    portal.archive('contacts', other);
    expect((await refusal(hubspot.crm.contacts.basicApi.getById(other))).code).toBe(404);
  });
});

describe('access', () => {
  it('answers a wrong token 401 INVALID_AUTHENTICATION and a missing scope 403 MISSING_SCOPES naming it', async () => {
    const stranger = new Client({ accessToken: 'pat-na1-00000000-0000-0000-0000-000000000000', basePath: standIn.url });
    const unknown = await refusal(stranger.crm.contacts.basicApi.getPage());
    expect([unknown.code, unknown.body.category]).toEqual([401, 'INVALID_AUTHENTICATION']);
    expect(unknown.body.message).toMatch(/^Authentication credentials not found\./);

    standIn.portal.setScopes(['crm.objects.contacts.read']);
    await hubspot.crm.contacts.basicApi.getPage();
    const write = await refusal(hubspot.crm.contacts.basicApi.create({ properties: { email: 'ana@example.com' } }));
    expect([write.code, write.body.category, write.body.errors?.[0]?.context]).toEqual([403, 'MISSING_SCOPES', { requiredGranularScopes: ['crm.objects.contacts.write'] }]);
    expect((await refusal(hubspot.crm.owners.ownersApi.getPage())).body.errors?.[0]?.context).toEqual({ requiredGranularScopes: ['crm.objects.owners.read'] });
    expect((await refusal(hubspot.crm.deals.basicApi.getPage())).body.errors?.[0]?.context).toEqual({ requiredGranularScopes: ['crm.objects.deals.read'] });
    const calls = await refusal(
      hubspot.crm.objects.calls.basicApi.create({ properties: { hs_timestamp: iso(clock.now) } }),
    );
    expect(calls.body.errors?.[0]?.context).toEqual({ requiredGranularScopes: ['crm.objects.contacts.write'] });
  });

  it('tells the token’s scopes and the account, with rate-limit headers counted per token', async () => {
    const info = await hubspot.apiRequest({ method: 'POST', path: '/oauth/v2/private-apps/get/access-token-info', body: { tokenKey: standIn.token } });
    const body = (await info.json()) as { hubId: number; scopes: string[] };
    expect(body.hubId).toBe(standIn.portal.portalId);
    expect(body.scopes).toEqual(expect.arrayContaining(['crm.objects.contacts.read', 'crm.objects.contacts.write', 'crm.objects.owners.read', 'crm.schemas.contacts.write']));
    const account = await hubspot.apiRequest({ path: '/account-info/v3/details' });
    expect(((await account.json()) as { portalId: number }).portalId).toBe(standIn.portal.portalId);

    const first = await hubspot.crm.contacts.basicApi.getPageWithHttpInfo();
    const second = await hubspot.crm.contacts.basicApi.getPageWithHttpInfo();
    expect(first.headers['x-hubspot-ratelimit-max']).toBe('190');
    expect(first.headers['x-hubspot-ratelimit-interval-milliseconds']).toBe('10000');
    expect(first.headers['x-hubspot-ratelimit-daily']).toBe('650000');
    expect(Number(first.headers['x-hubspot-ratelimit-remaining']) - Number(second.headers['x-hubspot-ratelimit-remaining'])).toBe(1);
    expect(Number(first.headers['x-hubspot-ratelimit-daily-remaining']) - Number(second.headers['x-hubspot-ratelimit-daily-remaining'])).toBe(1);
    clock.now += 10 * SECOND;
    const later = await hubspot.crm.contacts.basicApi.getPageWithHttpInfo();
    expect(later.headers['x-hubspot-ratelimit-remaining']).toBe('189');
  });
});

describe('outages', () => {
  it('answers 429 with Retry-After and HubSpot’s RATE_LIMIT body until the clock passes the end, then 5xx bursts by count', async () => {
    const ana = standIn.portal.addContact({ email: 'ana@example.com' });
    standIn.faults.outage({ status: 429, until: clock.now + 10 * SECOND, retryAfterSeconds: 10 });
    const limited = await refusal(hubspot.crm.contacts.basicApi.getById(ana));
    expect([limited.code, limited.headers['retry-after'], limited.body.errorType, limited.body.policyName]).toEqual([429, '10', 'RATE_LIMIT', 'TEN_SECONDLY_ROLLING']);
    expect(limited.body.message).toBe('You have reached your ten_secondly_rolling limit.');
    const search = await refusal(hubspot.crm.contacts.searchApi.doSearch({}));
    expect(search.body.policyName).toBe('SECONDLY');

    clock.now += 10 * SECOND;
    expect((await hubspot.crm.contacts.basicApi.getById(ana)).id).toBe(ana);

    standIn.faults.outage({ status: 502, count: 1 });
    expect((await refusal(hubspot.crm.contacts.basicApi.getById(ana))).code).toBe(502);
    expect((await hubspot.crm.contacts.basicApi.getById(ana)).id).toBe(ana);
    expect(standIn.calls.map((call) => call.status)).toEqual([429, 429, 200, 502, 200]);
  });
});

describe('webhooks', () => {
  let receiver: Server | undefined;
  afterEach(() => new Promise<void>((resolve) => (receiver ? receiver.close(() => resolve()) : resolve())));

  it('POSTs later contact changes with an X-HubSpot-Signature-v3 that HubSpot’s documented algorithm verifies', async () => {
    const received: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
    receiver = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver!.listen(0, '127.0.0.1', resolve));
    const target = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/hubspot?portal=acme`;
    const secret = 'client-secret-7f1e';

    const before = standIn.portal.addContact({ email: 'before@example.com' });
    const hooks = standIn.portal.webhooks(target, secret);
    clock.now += 60 * SECOND;
    await hubspot.crm.contacts.basicApi.update(before, { properties: { hs_lead_status: 'CONNECTED' } });
    standIn.portal.addContact({ email: 'new@example.com', firstname: 'Nia' });
    await hooks.settled();

    expect(received).toHaveLength(2);
    for (const delivery of received) {
      const timestamp = delivery.headers['x-hubspot-request-timestamp'] as string;
      const signature = delivery.headers['x-hubspot-signature-v3'] as string;
      expect(timestamp).toBe(String(clock.now));
      const documented = createHmac('sha256', secret).update(`POST${target}${delivery.body}${timestamp}`, 'utf8').digest('base64');
      expect(signature).toBe(documented);
      expect(Signature.getSignature('POST', 'v3', { signature, clientSecret: secret, requestBody: delivery.body, url: target, timestamp: Number(timestamp) })).toBe(signature);
      expect(delivery.url).toBe('/hooks/hubspot?portal=acme');
    }
    const [update, creation] = received.map((delivery) => JSON.parse(delivery.body) as Record<string, unknown>[]);
    expect(update).toEqual([
      expect.objectContaining({ subscriptionType: 'contact.propertyChange', objectId: Number(before), propertyName: 'hs_lead_status', propertyValue: 'CONNECTED', changeSource: 'INTEGRATION', portalId: standIn.portal.portalId, occurredAt: clock.now }),
    ]);
    expect(creation!.map((event) => [event.subscriptionType, event.propertyName ?? null, event.changeSource])).toEqual(
      expect.arrayContaining([
        ['contact.creation', null, 'CRM_UI'],
        ['contact.propertyChange', 'email', 'CRM_UI'],
        ['contact.propertyChange', 'firstname', 'CRM_UI'],
      ]),
    );
    hooks.stop();
  });
});
