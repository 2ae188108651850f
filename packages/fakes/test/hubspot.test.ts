import {
  createHubspotFake,
  DEFAULT_HUBSPOT_TOKEN,
  type HubspotFake,
  type RunningFake,
  serveFake,
} from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './helpers.ts';

const auth = { authorization: `Bearer ${DEFAULT_HUBSPOT_TOKEN}` };
let hubspot: HubspotFake;
let server: RunningFake;
let url: string;

beforeAll(async () => {
  hubspot = createHubspotFake({
    customProperties: {
      deals: [
        {
          name: 'hotmart_transaction',
          label: 'Hotmart transaction',
          type: 'string',
          fieldType: 'text',
          groupName: 'dealinformation',
          hasUniqueValue: true,
        },
      ],
    },
  });
  server = await serveFake(hubspot);
  url = server.url;
});
afterAll(() => server.close());
beforeEach(() => hubspot.reset());

const post = (path: string, json: unknown) => call(`${url}${path}`, { method: 'POST', headers: auth, json });
const patch = (path: string, json: unknown) =>
  call(`${url}${path}`, { method: 'PATCH', headers: auth, json });
const put = (path: string, json?: unknown) =>
  call(`${url}${path}`, { method: 'PUT', headers: auth, ...(json === undefined ? {} : { json }) });
const get = (path: string) => call(`${url}${path}`, { headers: auth });

async function createContact(properties: Record<string, unknown>) {
  const reply = await post('/crm/v3/objects/contacts', { properties });
  expect(reply.status).toBe(201);
  return reply.body as { id: string; properties: Record<string, string> };
}

async function createDeal(properties: Record<string, unknown>, contactId?: string) {
  const reply = await post('/crm/v3/objects/deals', {
    properties,
    ...(contactId
      ? {
          associations: [
            {
              to: { id: contactId },
              types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }],
            },
          ],
        }
      : {}),
  });
  expect(reply.status).toBe(201);
  return reply.body as { id: string; properties: Record<string, string> };
}

describe('HubSpot fake: authentication', () => {
  it('answers 401 INVALID_AUTHENTICATION without a token', async () => {
    const reply = await call(`${url}/crm/v3/objects/contacts`);
    expect(reply.status).toBe(401);
    expect(reply.body.status).toBe('error');
    expect(reply.body.category).toBe('INVALID_AUTHENTICATION');
    expect(reply.body.message).toMatch(/^Authentication credentials not found/);
    expect(typeof reply.body.correlationId).toBe('string');
  });

  it('answers 401 for a wrong token or a non-Bearer scheme', async () => {
    const wrong = await call(`${url}/crm/v3/objects/contacts`, {
      headers: { authorization: 'Bearer pat-na1-wrong' },
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body.category).toBe('INVALID_AUTHENTICATION');
    const basic = await call(`${url}/crm/v3/objects/contacts`, {
      headers: { authorization: `Basic ${DEFAULT_HUBSPOT_TOKEN}` },
    });
    expect(basic.status).toBe(401);
    expect(hubspot.state.records('contacts')).toEqual([]);
  });

  it('never records the token in the request log', async () => {
    await get('/crm/v3/objects/contacts');
    const [logged] = hubspot.requests();
    expect(logged?.headers['authorization']).toBe('Bearer [redacted]');
    expect(JSON.stringify(hubspot.requests())).not.toContain(DEFAULT_HUBSPOT_TOKEN);
  });
});

describe('HubSpot fake: contacts', () => {
  it('creates a contact and reads it back by id and by e-mail', async () => {
    const created = await createContact({
      email: 'Ana.Souza@Example.com',
      firstname: 'Ana',
      lastname: 'Souza',
    });
    expect(created.properties['email']).toBe('ana.souza@example.com');
    expect(created.properties['hs_object_id']).toBe(created.id);

    const byId = await get(`/crm/v3/objects/contacts/${created.id}`);
    expect(byId.status).toBe(200);
    expect(byId.body.properties).toMatchObject({
      email: 'ana.souza@example.com',
      firstname: 'Ana',
      lastname: 'Souza',
    });

    const byEmail = await get(
      '/crm/v3/objects/contacts/ana.souza@example.com?idProperty=email&properties=firstname,phone',
    );
    expect(byEmail.status).toBe(200);
    expect(byEmail.body.id).toBe(created.id);
    expect(byEmail.body.properties.firstname).toBe('Ana');
    expect(byEmail.body.properties.phone).toBeNull();
    expect(byEmail.body.properties.lastname).toBeUndefined();
  });

  it('refuses a second contact with the same e-mail with 409, whatever its case', async () => {
    const first = await createContact({ email: 'ana@example.com' });
    const again = await post('/crm/v3/objects/contacts', {
      properties: { email: 'ANA@example.com', firstname: 'Other' },
    });
    expect(again.status).toBe(409);
    expect(again.body.category).toBe('OBJECT_ALREADY_EXISTS');
    expect(again.body.message).toBe(`Contact already exists. Existing ID: ${first.id}`);
    expect(again.body.errors[0].in).toBe('email');
    expect(hubspot.state.records('contacts')).toHaveLength(1);
  });

  it('reports every invalid property at once, naming each, and creates nothing', async () => {
    const reply = await post('/crm/v3/objects/contacts', {
      properties: { email: 'not-an-email', favourite_colour: 'blue', lifecyclestage: 'buyer' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.category).toBe('VALIDATION_ERROR');
    expect(reply.body.message).toMatch(/^Property values were not valid: \[/);
    const fields = reply.body.errors.map((e: { in: string }) => e.in).sort();
    expect(fields).toEqual(['email', 'favourite_colour', 'lifecyclestage']);
    const codes = reply.body.errors.map((e: { code: string }) => e.code).sort();
    expect(codes).toEqual(['INVALID_EMAIL', 'INVALID_OPTION', 'PROPERTY_DOESNT_EXIST']);
    expect(hubspot.state.records('contacts')).toEqual([]);
  });

  it('refuses writes to read-only properties', async () => {
    const reply = await post('/crm/v3/objects/contacts', {
      properties: { email: 'a@b.co', hs_object_id: '1' },
    });
    expect(reply.status).toBe(400);
    expect(reply.body.errors).toEqual([
      {
        message: 'Property "hs_object_id" is read-only and cannot be set',
        in: 'hs_object_id',
        code: 'READ_ONLY_VALUE',
      },
    ]);
  });

  it('answers 400 for a body that is not JSON and for properties that are not an object', async () => {
    const broken = await call(`${url}/crm/v3/objects/contacts`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"properties":',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/^Invalid input JSON/);
    const wrongShape = await post('/crm/v3/objects/contacts', { properties: ['email'] });
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.body.errors[0].in).toBe('properties');
  });

  it('updates by e-mail, refuses a taken e-mail and answers 404 for a missing contact', async () => {
    const ana = await createContact({ email: 'ana@example.com' });
    await createContact({ email: 'bia@example.com' });
    const updated = await patch('/crm/v3/objects/contacts/ana@example.com?idProperty=email', {
      properties: { phone: '+55 11 99999-0000' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.id).toBe(ana.id);
    expect(updated.body.properties.phone).toBe('+55 11 99999-0000');

    const taken = await patch(`/crm/v3/objects/contacts/${ana.id}`, {
      properties: { email: 'bia@example.com' },
    });
    expect(taken.status).toBe(409);
    expect(hubspot.state.get('contacts', ana.id)?.properties['email']).toBe('ana@example.com');

    const missing = await patch('/crm/v3/objects/contacts/999999', { properties: { phone: '1' } });
    expect(missing.status).toBe(404);
    expect(missing.body.category).toBe('OBJECT_NOT_FOUND');
  });

  it('finds a contact by its current e-mail after a change and not by the old one; archived ones are gone', async () => {
    const ana = await createContact({ email: 'ana@example.com' });
    // Looked up once, so the lookup index exists before the change.
    expect((await get('/crm/v3/objects/contacts/ana@example.com?idProperty=email')).status).toBe(200);
    const moved = await patch(`/crm/v3/objects/contacts/${ana.id}`, {
      properties: { email: 'ANA@new.example' },
    });
    expect(moved.status).toBe(200);
    expect((await get('/crm/v3/objects/contacts/ana@example.com?idProperty=email')).status).toBe(404);
    expect((await get('/crm/v3/objects/contacts/ana@new.example?idProperty=email')).body.id).toBe(ana.id);
    const search = (email: string) =>
      post('/crm/v3/objects/contacts/search', {
        filterGroups: [{ filters: [{ propertyName: 'email', operator: 'EQ', value: email }] }],
      });
    expect((await search('ana@example.com')).body.total).toBe(0);
    expect((await search('Ana@New.Example')).body.results.map((r: { id: string }) => r.id)).toEqual([ana.id]);
    // The old address is free again.
    const other = await createContact({ email: 'ana@example.com' });
    expect((await search('ana@example.com')).body.results.map((r: { id: string }) => r.id)).toEqual([
      other.id,
    ]);
    hubspot.state.archive('contacts', other.id);
    expect((await search('ana@example.com')).body.total).toBe(0);
    expect((await get('/crm/v3/objects/contacts/ana@example.com?idProperty=email')).status).toBe(404);
  });

  it('refuses idProperty values that are not unique properties', async () => {
    const reply = await get('/crm/v3/objects/contacts/Ana?idProperty=firstname');
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].in).toBe('idProperty');
  });

  it('upserts a batch by e-mail, updating the existing contact and creating the new one', async () => {
    const ana = await createContact({ email: 'ana@example.com', firstname: 'Ana' });
    const reply = await post('/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'ana@example.com', idProperty: 'email', properties: { lastname: 'Souza' } },
        { id: 'bia@example.com', idProperty: 'email', properties: { firstname: 'Bia' } },
      ],
    });
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('COMPLETE');
    const [first, second] = reply.body.results;
    expect(first).toMatchObject({ id: ana.id, new: false });
    expect(first.properties).toMatchObject({ firstname: 'Ana', lastname: 'Souza' });
    expect(second.new).toBe(true);
    expect(second.properties).toMatchObject({ email: 'bia@example.com', firstname: 'Bia' });
    expect(hubspot.state.records('contacts')).toHaveLength(2);
  });

  it('refuses a batch with duplicate ids or an invalid input without writing any of it', async () => {
    const duplicates = await post('/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'ana@example.com', idProperty: 'email', properties: {} },
        { id: 'ANA@example.com', idProperty: 'email', properties: {} },
      ],
    });
    expect(duplicates.status).toBe(400);
    expect(duplicates.body.message).toMatch(/^Duplicate IDs found in batch input/);
    const invalid = await post('/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'ok@example.com', idProperty: 'email', properties: { firstname: 'Ok' } },
        { id: 'bad@example.com', idProperty: 'email', properties: { nope: 'x' } },
      ],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors[0].in).toBe('nope');
    expect(hubspot.state.records('contacts')).toEqual([]);
  });

  it('searches contacts by property with paging', async () => {
    for (const name of ['ana', 'bia', 'caio'])
      await createContact({ email: `${name}@example.com`, firstname: name });
    const page1 = await post('/crm/v3/objects/contacts/search', {
      filterGroups: [
        { filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@example.com' }] },
      ],
      sorts: [{ propertyName: 'firstname', direction: 'DESCENDING' }],
      limit: 2,
    });
    expect(page1.status).toBe(200);
    expect(page1.body.total).toBe(3);
    expect(
      page1.body.results.map((r: { properties: { firstname: string } }) => r.properties.firstname),
    ).toEqual(['caio', 'bia']);
    expect(page1.body.paging.next.after).toBe('2');
    const page2 = await post('/crm/v3/objects/contacts/search', {
      filterGroups: [
        { filters: [{ propertyName: 'email', operator: 'CONTAINS_TOKEN', value: '*@example.com' }] },
      ],
      sorts: [{ propertyName: 'firstname', direction: 'DESCENDING' }],
      limit: 2,
      after: '2',
    });
    expect(
      page2.body.results.map((r: { properties: { firstname: string } }) => r.properties.firstname),
    ).toEqual(['ana']);
    expect(page2.body.paging).toBeUndefined();
  });

  it('rejects searches on unknown properties or operators, naming the filter', async () => {
    const unknown = await post('/crm/v3/objects/contacts/search', {
      filterGroups: [{ filters: [{ propertyName: 'shoe_size', operator: 'EQ', value: '42' }] }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].in).toBe('filterGroups[0].filters[0].propertyName');
    const operator = await post('/crm/v3/objects/contacts/search', {
      filterGroups: [{ filters: [{ propertyName: 'email', operator: 'LIKE', value: 'a' }] }],
    });
    expect(operator.status).toBe(400);
    expect(operator.body.errors[0].in).toBe('filterGroups[0].filters[0].operator');
    const tooMany = await post('/crm/v3/objects/contacts/search', {
      filterGroups: Array(6).fill({ filters: [] }),
    });
    expect(tooMany.status).toBe(400);
  });
});

describe('HubSpot fake: deals and associations', () => {
  it('creates a closed-won deal associated with its contact and finds it by the unique transaction', async () => {
    const contact = await createContact({ email: 'ana@example.com' });
    const deal = await createDeal(
      {
        dealname: 'Curso de Bolo — HP1234',
        pipeline: 'default',
        dealstage: 'closedwon',
        amount: 197.5,
        deal_currency_code: 'BRL',
        closedate: Date.UTC(2026, 0, 15, 12),
        hotmart_transaction: 'HP1234',
      },
      contact.id,
    );
    expect(deal.properties).toMatchObject({
      dealstage: 'closedwon',
      amount: '197.5',
      deal_currency_code: 'BRL',
      closedate: '2026-01-15T12:00:00.000Z',
      hotmart_transaction: 'HP1234',
    });

    const found = await post('/crm/v3/objects/deals/search', {
      filterGroups: [{ filters: [{ propertyName: 'hotmart_transaction', operator: 'EQ', value: 'HP1234' }] }],
      properties: ['hotmart_transaction', 'amount'],
    });
    expect(found.body.total).toBe(1);
    expect(found.body.results[0].id).toBe(deal.id);
    expect(found.body.results[0].properties.amount).toBe('197.5');

    const withAssociations = await get(`/crm/v3/objects/contacts/${contact.id}?associations=deals`);
    expect(withAssociations.body.associations.deals.results).toEqual([
      { id: deal.id, type: 'contact_to_deal' },
    ]);

    const v4 = await get(`/crm/v4/objects/deal/${deal.id}/associations/contacts`);
    expect(v4.body.results).toEqual([
      {
        toObjectId: Number(contact.id),
        associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 3, label: null }],
      },
    ]);
  });

  it('makes a second deal with the same transaction conflict (409) so retries stay idempotent', async () => {
    const first = await createDeal({ dealname: 'A', dealstage: 'closedwon', hotmart_transaction: 'HP1' });
    const again = await post('/crm/v3/objects/deals', {
      properties: { dealname: 'A', dealstage: 'closedwon', hotmart_transaction: 'HP1' },
    });
    expect(again.status).toBe(409);
    expect(again.body.category).toBe('OBJECT_ALREADY_EXISTS');
    expect(again.body.message).toContain(first.id);
    expect(again.body.errors[0].in).toBe('hotmart_transaction');
    expect(hubspot.state.records('deals')).toHaveLength(1);
  });

  it('validates deal stages against the pipeline and requires dealname and dealstage', async () => {
    const stage = await post('/crm/v3/objects/deals', { properties: { dealname: 'A', dealstage: 'won' } });
    expect(stage.status).toBe(400);
    expect(stage.body.errors.map((e: { in: string }) => e.in)).toEqual(['dealstage']);
    expect(stage.body.message).toContain('closedwon');
    const missing = await post('/crm/v3/objects/deals', { properties: { amount: 'ten' } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { in: string }) => e.in).sort()).toEqual([
      'amount',
      'dealname',
      'dealstage',
    ]);
    const pipeline = await post('/crm/v3/objects/deals', {
      properties: { dealname: 'A', dealstage: 'closedwon', pipeline: 'nope' },
    });
    expect(pipeline.body.errors[0].in).toBe('pipeline');
  });

  it('refuses associations to records that do not exist or of unknown types', async () => {
    const missing = await post('/crm/v3/objects/deals', {
      properties: { dealname: 'A', dealstage: 'closedwon' },
      associations: [
        { to: { id: '424242' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] },
      ],
    });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].in).toBe('associations[0].to.id');
    const contact = await createContact({ email: 'ana@example.com' });
    const wrongType = await post('/crm/v3/objects/deals', {
      properties: { dealname: 'A', dealstage: 'closedwon' },
      associations: [
        {
          to: { id: contact.id },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 999 }],
        },
      ],
    });
    expect(wrongType.status).toBe(400);
    expect(hubspot.state.records('deals')).toEqual([]);
  });

  it('creates the default deal-contact association with v4 and lists it from both sides', async () => {
    const contact = await createContact({ email: 'ana@example.com' });
    const deal = await createDeal({ dealname: 'A', dealstage: 'closedwon' });
    const reply = await put(`/crm/v4/objects/deals/${deal.id}/associations/default/contacts/${contact.id}`);
    expect(reply.status).toBe(200);
    expect(reply.body.status).toBe('COMPLETE');
    expect(
      reply.body.results.map(
        (r: { associationSpec: { associationTypeId: number } }) => r.associationSpec.associationTypeId,
      ),
    ).toEqual([3, 4]);
    const fromContact = await get(`/crm/v4/objects/contacts/${contact.id}/associations/deals`);
    expect(fromContact.body.results[0].toObjectId).toBe(Number(deal.id));
    expect(fromContact.body.results[0].associationTypes[0].typeId).toBe(4);

    const missing = await put(`/crm/v4/objects/deals/${deal.id}/associations/default/contacts/999999`);
    expect(missing.status).toBe(404);
  });

  it('creates custom properties through the properties API, refusing duplicates and bad names', async () => {
    const created = await post('/crm/v3/properties/deals', {
      name: 'hotmart_product',
      label: 'Hotmart product',
      type: 'string',
      fieldType: 'text',
      groupName: 'dealinformation',
    });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('hotmart_product');
    const read = await get('/crm/v3/properties/deals/hotmart_product');
    expect(read.body.label).toBe('Hotmart product');
    const duplicate = await post('/crm/v3/properties/deals', created.body);
    expect(duplicate.status).toBe(409);
    const badName = await post('/crm/v3/properties/deals', { ...created.body, name: 'Hotmart Product' });
    expect(badName.status).toBe(400);
    expect(badName.body.errors[0].in).toBe('name');
    const deal = await createDeal({ dealname: 'A', dealstage: 'closedwon', hotmart_product: 'Curso' });
    expect(deal.properties['hotmart_product']).toBe('Curso');
  });

  it('lists the default pipeline with its stage ids', async () => {
    const reply = await get('/crm/v3/pipelines/deals');
    expect(reply.body.results[0].id).toBe('default');
    expect(reply.body.results[0].stages.map((s: { id: string }) => s.id)).toContain('closedwon');
  });
});

describe('HubSpot fake: notes and leads', () => {
  it('logs a note on a contact and a deal', async () => {
    const contact = await createContact({ email: 'ana@example.com' });
    const deal = await createDeal({ dealname: 'A', dealstage: 'closedwon' });
    const reply = await post('/crm/v3/objects/notes', {
      properties: { hs_note_body: '<p>Bought <b>Curso</b></p>', hs_timestamp: '2026-01-15T12:00:00Z' },
      associations: [
        {
          to: { id: contact.id },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 202 }],
        },
        { to: { id: deal.id }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 214 }] },
      ],
    });
    expect(reply.status).toBe(201);
    expect(reply.body.properties.hs_timestamp).toBe('2026-01-15T12:00:00.000Z');
    const notes = await get(`/crm/v3/objects/contacts/${contact.id}?associations=notes`);
    expect(notes.body.associations.notes.results[0]).toEqual({ id: reply.body.id, type: 'contact_to_note' });
    const fromDeal = await get(`/crm/v4/objects/deals/${deal.id}/associations/notes`);
    expect(fromDeal.body.results[0].associationTypes[0].typeId).toBe(213);
  });

  it('requires hs_timestamp on a note', async () => {
    const reply = await post('/crm/v3/objects/notes', { properties: { hs_note_body: 'x' } });
    expect(reply.status).toBe(400);
    expect(reply.body.errors[0].in).toBe('hs_timestamp');
  });

  it('creates a lead only with its primary contact', async () => {
    const orphan = await post('/crm/v3/objects/leads', { properties: { hs_lead_name: 'Ana' } });
    expect(orphan.status).toBe(400);
    expect(orphan.body.errors[0].in).toBe('associations');
    const contact = await createContact({ email: 'ana@example.com' });
    const lead = await post('/crm/v3/objects/leads', {
      properties: { hs_lead_name: 'Ana', hs_lead_type: 'NEW_BUSINESS' },
      associations: [
        {
          to: { id: contact.id },
          types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 578 }],
        },
      ],
    });
    expect(lead.status).toBe(201);
    const links = await get(`/crm/v4/objects/leads/${lead.body.id}/associations/contacts`);
    expect(links.body.results[0].associationTypes[0]).toEqual({
      category: 'HUBSPOT_DEFINED',
      typeId: 578,
      label: 'Primary',
    });
  });
});

describe('HubSpot fake: static lists', () => {
  it('creates a list, adds and removes members and reads memberships', async () => {
    const ana = await createContact({ email: 'ana@example.com' });
    const bia = await createContact({ email: 'bia@example.com' });
    const created = await post('/crm/v3/lists', {
      name: 'Buyers',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });
    expect(created.status).toBe(200);
    const listId = created.body.list.listId as string;
    expect(created.body.list).toMatchObject({
      name: 'Buyers',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
      size: 0,
    });

    const added = await put(`/crm/v3/lists/${listId}/memberships/add`, [ana.id, bia.id, '999999']);
    expect(added.body).toEqual({ recordIdsMissing: ['999999'], recordsIdsAdded: [ana.id, bia.id] });
    const again = await put(`/crm/v3/lists/${listId}/memberships/add`, [ana.id]);
    expect(again.body.recordsIdsAdded).toEqual([]);

    const members = await get(`/crm/v3/lists/${listId}/memberships`);
    expect(members.body.results.map((m: { recordId: string }) => m.recordId)).toEqual([ana.id, bia.id]);
    expect(members.body.total).toBe(2);

    const removed = await put(`/crm/v3/lists/${listId}/memberships/remove`, [ana.id]);
    expect(removed.body.recordIdsRemoved).toEqual([ana.id]);
    const byName = await get('/crm/v3/lists/object-type-id/0-1/name/Buyers');
    expect(byName.body.list.size).toBe(1);
  });

  it('refuses duplicate names, bad bodies, unknown lists and dynamic-list edits', async () => {
    await post('/crm/v3/lists', { name: 'Buyers', objectTypeId: '0-1', processingType: 'MANUAL' });
    const duplicate = await post('/crm/v3/lists', {
      name: 'buyers',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.errors[0].in).toBe('name');
    const badType = await post('/crm/v3/lists', {
      name: 'X',
      objectTypeId: '0-99',
      processingType: 'MANUAL',
    });
    expect(badType.status).toBe(400);
    expect(badType.body.errors[0].in).toBe('objectTypeId');
    const unknown = await put('/crm/v3/lists/4242/memberships/add', ['1']);
    expect(unknown.status).toBe(404);
    const dynamic = await post('/crm/v3/lists', {
      name: 'Auto',
      objectTypeId: '0-1',
      processingType: 'DYNAMIC',
    });
    const edit = await put(`/crm/v3/lists/${dynamic.body.list.listId}/memberships/add`, ['1']);
    expect(edit.status).toBe(400);
    const notArray = await put('/crm/v3/lists/1/memberships/add', { ids: ['1'] });
    expect(notArray.status).toBe(400);
  });
});
