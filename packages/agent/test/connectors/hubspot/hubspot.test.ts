import {
  createHubspotFake,
  DEFAULT_HUBSPOT_TOKEN,
  type HubspotFake,
  type RunningFake,
  serveFake,
} from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ActionInputError,
  CredentialsError,
  VendorError,
  VendorRateLimitError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import {
  hubspotActions,
  hubspotAddToList,
  hubspotConnector,
  hubspotCreateLead,
  hubspotCreateNote,
  hubspotFindContact,
  hubspotRemoveFromList,
  hubspotUpsertContact,
  hubspotUpsertDeal,
} from '../../../src/connectors/hubspot/index.ts';
import { type InvokeOptions, invokeAction, testConnection } from '../../../src/connectors/invoke.ts';
import type { AnyAction } from '../../../src/connectors/kit.ts';
import { capturingLogger, errorText, interceptingFetch, recordingHttp, thrown } from '../kit/support.ts';

let fake: HubspotFake;
let server: RunningFake;

beforeAll(async () => {
  fake = createHubspotFake({
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
      leads: [
        {
          name: 'hotpilot_key',
          label: 'hotpilot key',
          type: 'string',
          fieldType: 'text',
          groupName: 'lead_information',
          hasUniqueValue: true,
        },
      ],
    },
  });
  server = await serveFake(fake);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake.reset();
});

function connection(accessToken: string = DEFAULT_HUBSPOT_TOKEN) {
  return { id: 'crm', kind: 'hubspot', credentials: { accessToken }, settings: { baseUrl: server.url } };
}

function call<I, O>(
  action: { id: string } & Parameters<typeof invokeAction<I, O, { accessToken: string }>>[0],
  input: unknown,
  extra: Partial<InvokeOptions<{ accessToken: string }>> & { waits?: number[] } = {},
) {
  const { waits, ...rest } = extra;
  const http = recordingHttp({ timeoutMs: 1_000 });
  if (waits) http.tuning.sleep = async (ms: number) => void waits.push(ms);
  return invokeAction(action, input, {
    connector: hubspotConnector,
    connection: connection(),
    services: { vendorHttp: http.tuning },
    ...rest,
  });
}

const requestsTo = (method: string, path: string) =>
  fake.requests().filter((r) => r.method === method && r.path === path);

describe('hubspot connector', () => {
  it('lists its ten actions, each naming the connector', () => {
    expect(hubspotActions.map((a: AnyAction) => a.id)).toEqual([
      'hubspot_upsert_contact',
      'hubspot_upsert_deal',
      'hubspot_create_lead',
      'hubspot_create_note',
      'hubspot_add_to_list',
      'hubspot_remove_from_list',
      'hubspot_find_contact',
      'hubspot_list_members',
      'hubspot_find_contacts',
      'hubspot_upsert_contacts',
    ]);
    expect(new Set(hubspotActions.map((a: AnyAction) => a.connector))).toEqual(new Set(['hubspot']));
  });

  it('passes its connection test with the right token and fails clearly with a wrong one', async () => {
    const good = await testConnection(hubspotConnector, connection());
    expect(good).toEqual({ ok: true, message: 'HubSpot private app token works (contacts are readable)' });
    const request = fake.requests().at(-1);
    expect(request?.path).toBe('/crm/v3/objects/contacts');
    expect(request?.query).toEqual({ limit: '1' });
    expect(request?.headers['authorization']).toBe('Bearer [redacted]');

    const bad = await testConnection(hubspotConnector, connection('pat-na1-wrong-token-123'));
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('401');
    expect(bad.message).not.toContain('pat-na1-wrong-token-123');
  });

  it('refuses missing or malformed credentials naming the field, never the value', async () => {
    const missing = await thrown(() =>
      call(
        hubspotFindContact,
        { email: 'ana@example.com' },
        { connection: { ...connection(), credentials: {} } },
      ),
    );
    expect(missing).toBeInstanceOf(CredentialsError);
    expect(missing['fields']).toEqual(['credentials.accessToken']);
    expect(missing.message).toContain('credentials.accessToken');

    const spaced = await thrown(() =>
      call(
        hubspotFindContact,
        { email: 'ana@example.com' },
        { connection: { ...connection(), credentials: { accessToken: 'pat na1 secret-value' } } },
      ),
    );
    expect(spaced).toBeInstanceOf(CredentialsError);
    expect(errorText(spaced)).not.toContain('secret-value');

    const badUrl = await thrown(() =>
      call(
        hubspotFindContact,
        { email: 'ana@example.com' },
        { connection: { ...connection(), settings: { baseUrl: 'nope' } } },
      ),
    );
    expect(badUrl).toBeInstanceOf(CredentialsError);
    expect(badUrl['fields']).toEqual(['settings.baseUrl']);
    expect(fake.requests()).toHaveLength(0);
  });

  it('refuses malformed input naming the field before calling HubSpot', async () => {
    const error = await thrown(() => call(hubspotUpsertContact, { email: 'not-an-email', firstname: 3 }));
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error.message).toContain('input.email: Invalid email address');
    expect(error.message).toContain('input.firstname');
    expect(error['code']).toBe('ACTION_INPUT_INVALID');
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('hubspot_upsert_contact and hubspot_find_contact', () => {
  it('creates a contact by e-mail, then updates the same one', async () => {
    const first = await call(hubspotUpsertContact, {
      email: 'Ana@Example.com',
      firstname: 'Ana',
      lastname: 'Souza',
      phone: '+55 11 99999-0000',
      lifecyclestage: 'customer',
      properties: { company: 'Acme' },
    });
    expect(first).toEqual({ id: expect.stringMatching(/^\d+$/), email: 'ana@example.com', created: true });
    const [request] = requestsTo('POST', '/crm/v3/objects/contacts/batch/upsert');
    expect(request?.body).toEqual({
      inputs: [
        {
          id: 'Ana@Example.com',
          idProperty: 'email',
          properties: {
            company: 'Acme',
            firstname: 'Ana',
            lastname: 'Souza',
            phone: '+55 11 99999-0000',
            lifecyclestage: 'customer',
          },
        },
      ],
    });

    const second = await call(hubspotUpsertContact, { email: 'ana@example.com', firstname: 'Ana Maria' });
    expect(second).toEqual({ id: first.id, email: 'ana@example.com', created: false });
    const stored = fake.state.records('contacts');
    expect(stored).toHaveLength(1);
    expect(stored[0]?.properties).toMatchObject({
      firstname: 'Ana Maria',
      lastname: 'Souza',
      company: 'Acme',
    });
  });

  it('finds a contact by e-mail or id and reports a missing one', async () => {
    const { id } = await call(hubspotUpsertContact, { email: 'bia@example.com', firstname: 'Bia' });
    const byEmail = await call(hubspotFindContact, { email: 'bia@example.com' });
    expect(byEmail.found).toBe(true);
    expect(byEmail.contact?.id).toBe(id);
    expect(byEmail.contact?.properties).toMatchObject({
      email: 'bia@example.com',
      firstname: 'Bia',
      lastname: null,
    });
    const byId = await call(hubspotFindContact, { id, properties: ['company'] });
    expect(byId.contact?.properties).toHaveProperty('company', null);
    expect(await call(hubspotFindContact, { email: 'nobody@example.com' })).toEqual({
      found: false,
      contact: null,
    });

    const both = await thrown(() => call(hubspotFindContact, { email: 'bia@example.com', id }));
    expect(both).toBeInstanceOf(ActionInputError);
    expect(both.message).toContain('input.email: give either email or id');
  });

  it('surfaces HubSpot validation errors as VendorRequestError with the category, without retrying', async () => {
    const waits: number[] = [];
    const error = await thrown(() =>
      call(hubspotUpsertContact, { email: 'ana@example.com', lifecyclestage: 'not-a-stage' }, { waits }),
    );
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({
      vendor: 'hubspot',
      status: 400,
      code: 'VALIDATION_ERROR',
      retryable: false,
    });
    expect(error['vendorMessage']).toContain('lifecyclestage');
    expect(requestsTo('POST', '/crm/v3/objects/contacts/batch/upsert')).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe('hubspot_upsert_deal', () => {
  const sale = {
    key: 'HP1700000001',
    dealname: 'Course A — Ana',
    dealstage: 'closedwon',
    amount: 197,
    deal_currency_code: 'BRL',
  };

  it('creates the deal with its key and contact, then updates it on the next call', async () => {
    const contact = await call(hubspotUpsertContact, { email: 'ana@example.com' });
    const created = await call(hubspotUpsertDeal, {
      ...sale,
      contactId: contact.id,
      closedate: '2026-01-02T10:00:00Z',
    });
    expect(created).toEqual({ id: expect.stringMatching(/^\d+$/), created: true });
    const [deal] = fake.state.records('deals');
    expect(deal?.properties).toMatchObject({
      hotmart_transaction: 'HP1700000001',
      dealname: 'Course A — Ana',
      dealstage: 'closedwon',
      pipeline: 'default',
      amount: '197',
      deal_currency_code: 'BRL',
      closedate: '2026-01-02T10:00:00.000Z',
    });
    expect(fake.state.associationsOf('deals', created.id, 'contacts')).toEqual([
      { toId: contact.id, typeIds: [3] },
    ]);

    const updated = await call(hubspotUpsertDeal, {
      ...sale,
      dealstage: 'closedlost',
      contactId: contact.id,
    });
    expect(updated).toEqual({ id: created.id, created: false });
    expect(fake.state.records('deals')).toHaveLength(1);
    expect(fake.state.records('deals')[0]?.properties['dealstage']).toBe('closedlost');
    expect(
      requestsTo('PUT', `/crm/v4/objects/deals/${created.id}/associations/default/contacts/${contact.id}`),
    ).toHaveLength(1);
  });

  it('does not create twice when the first create stored the deal but its answer was lost', async () => {
    fake.faults.add({ route: 'POST /crm/v3/objects/deals', kind: 'hang', afterHandler: true, times: 1 });
    const lost = await thrown(() =>
      call(hubspotUpsertDeal, sale, { services: { vendorHttp: recordingHttp({ timeoutMs: 300 }).tuning } }),
    );
    expect(lost).toBeInstanceOf(VendorError);
    expect(lost).not.toBeInstanceOf(VendorRequestError);
    expect(lost).toMatchObject({ code: 'TIMEOUT', status: 0, retryable: true });
    // The HTTP core did not resend the create: the vendor may have acted. (The fake logs a hung request once the
    // client has gone, a moment after the timeout.)
    await vi.waitFor(() =>
      expect(requestsTo('POST', '/crm/v3/objects/deals').map((r) => r.status)).toEqual([0]),
    );
    expect(fake.state.records('deals')).toHaveLength(1);

    // The engine's next attempt of the step: same input, same key.
    const retried = await call(hubspotUpsertDeal, sale);
    expect(retried).toEqual({ id: fake.state.records('deals')[0]?.id, created: false });
    expect(fake.state.records('deals')).toHaveLength(1);
  });

  it('resolves a 409 from a create the search index did not show yet into an update', async () => {
    const first = await call(hubspotUpsertDeal, sale);
    // HubSpot's search index trails writes; make the next search miss the deal, as it can right after a create.
    const laggingSearch = interceptingFetch((url) =>
      url.pathname === '/crm/v3/objects/deals/search'
        ? Response.json({ total: 0, results: [] }, { headers: { 'content-type': 'application/json' } })
        : undefined,
    );
    const again = await call(hubspotUpsertDeal, { ...sale, amount: 297 }, { fetch: laggingSearch });
    expect(again).toEqual({ id: first.id, created: false });
    expect(fake.state.records('deals')).toHaveLength(1);
    expect(fake.state.records('deals')[0]?.properties['amount']).toBe('297');
    expect(requestsTo('POST', '/crm/v3/objects/deals').map((r) => r.status)).toEqual([201, 409]);
  });

  it('honours a 429 Retry-After and retries 5xx answers of idempotent calls', async () => {
    fake.faults.add({
      route: 'POST /crm/v3/objects/deals/search',
      kind: 'rate-limit',
      retryAfterSeconds: 2,
      times: 1,
    });
    fake.faults.add({
      route: 'POST /crm/v3/objects/deals/search',
      kind: 'server-error',
      status: 502,
      times: 1,
    });
    const waits: number[] = [];
    const result = await call(hubspotUpsertDeal, sale, { waits });
    expect(result.created).toBe(true);
    expect(waits).toEqual([2_000, 375]);
    expect(requestsTo('POST', '/crm/v3/objects/deals/search').map((r) => r.status)).toEqual([429, 502, 200]);
  });

  it('hands a long Retry-After to the engine as VendorRateLimitError', async () => {
    fake.faults.add({
      route: 'POST /crm/v3/objects/deals/search',
      kind: 'rate-limit',
      retryAfterSeconds: 600,
      times: 1,
    });
    const waits: number[] = [];
    const error = await thrown(() => call(hubspotUpsertDeal, sale, { waits }));
    expect(error).toBeInstanceOf(VendorRateLimitError);
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ status: 429, code: 'RATE_LIMIT', retryAfter: 600_000, retryable: true });
    expect(waits).toEqual([]);
  });

  it('refuses an unknown stage with the vendor code and no retry', async () => {
    const error = await thrown(() => call(hubspotUpsertDeal, { ...sale, dealstage: 'paid' }));
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ status: 400, code: 'VALIDATION_ERROR' });
    expect(requestsTo('POST', '/crm/v3/objects/deals')).toHaveLength(1);
  });
});

describe('hubspot_create_lead and hubspot_create_note', () => {
  it('creates a lead for a contact once per key, even when the answer was lost', async () => {
    const contact = await call(hubspotUpsertContact, { email: 'ana@example.com' });
    fake.faults.add({ route: 'POST /crm/v3/objects/leads', kind: 'hang', afterHandler: true, times: 1 });
    const options = {
      idempotencyKey: 'run_7:hubspot-lead',
      services: { vendorHttp: recordingHttp({ timeoutMs: 300 }).tuning },
    };
    const input = {
      contactId: contact.id,
      name: 'Ana — abandoned cart',
      type: 'NEW_BUSINESS',
      label: 'WARM',
    };
    const lost = await thrown(() => call(hubspotCreateLead, input, options));
    expect(lost).toMatchObject({ code: 'TIMEOUT' });
    await vi.waitFor(() =>
      expect(requestsTo('POST', '/crm/v3/objects/leads').map((r) => r.status)).toEqual([0]),
    );

    const retried = await call(hubspotCreateLead, input, { idempotencyKey: 'run_7:hubspot-lead' });
    const leads = fake.state.records('leads');
    expect(leads).toHaveLength(1);
    expect(retried).toEqual({ id: leads[0]?.id, created: false, key: 'run_7:hubspot-lead' });
    expect(leads[0]?.properties).toMatchObject({
      hs_lead_name: 'Ana — abandoned cart',
      hs_lead_type: 'NEW_BUSINESS',
      hs_lead_label: 'WARM',
      hotpilot_key: 'run_7:hubspot-lead',
    });
    expect(fake.state.associationsOf('leads', leads[0]?.id as string, 'contacts')).toEqual([
      { toId: contact.id, typeIds: [578] },
    ]);

    const other = await call(hubspotCreateLead, { ...input, key: 'cart-42' });
    expect(other.created).toBe(true);
    expect(fake.state.records('leads')).toHaveLength(2);
  });

  it('logs a note on a contact and a deal at the given time', async () => {
    const contact = await call(hubspotUpsertContact, { email: 'ana@example.com' });
    const deal = await call(hubspotUpsertDeal, { key: 'HP1', dealname: 'Sale', dealstage: 'closedwon' });
    const note = await call(hubspotCreateNote, {
      body: 'Refund requested by the buyer',
      timestamp: '2026-02-01T12:00:00Z',
      contactId: contact.id,
      dealId: deal.id,
    });
    const [stored] = fake.state.records('notes');
    expect(stored?.id).toBe(note.id);
    expect(stored?.properties).toMatchObject({
      hs_note_body: 'Refund requested by the buyer',
      hs_timestamp: '2026-02-01T12:00:00.000Z',
    });
    expect(fake.state.associationsOf('notes', note.id, 'contacts')).toEqual([
      { toId: contact.id, typeIds: [202] },
    ]);
    expect(fake.state.associationsOf('notes', note.id, 'deals')).toEqual([{ toId: deal.id, typeIds: [214] }]);

    const nowhere = await thrown(() => call(hubspotCreateNote, { body: 'orphan' }));
    expect(nowhere).toBeInstanceOf(ActionInputError);
    expect(nowhere.message).toContain('input.contactId');
  });

  it('stamps a note without a timestamp with the injected clock', async () => {
    const contact = await call(hubspotUpsertContact, { email: 'ana@example.com' });
    await call(
      hubspotCreateNote,
      { body: 'hello', contactId: contact.id },
      { now: () => Date.UTC(2026, 0, 5, 9) },
    );
    expect(fake.state.records('notes')[0]?.properties['hs_timestamp']).toBe('2026-01-05T09:00:00.000Z');
  });
});

describe('hubspot list memberships', () => {
  it('adds and removes contacts of a static list, reporting unknown ids', async () => {
    const list = fake.state.createList({ name: 'Buyers', objectTypeId: '0-1', processingType: 'MANUAL' });
    const a = await call(hubspotUpsertContact, { email: 'a@example.com' });
    const b = await call(hubspotUpsertContact, { email: 'b@example.com' });

    const added = await call(hubspotAddToList, { listId: list.listId, contactIds: [a.id, b.id, '999999'] });
    expect(added).toEqual({ added: [a.id, b.id], missing: ['999999'] });
    expect(requestsTo('PUT', `/crm/v3/lists/${list.listId}/memberships/add`)[0]?.body).toEqual([
      a.id,
      b.id,
      '999999',
    ]);
    expect(await call(hubspotAddToList, { listId: list.listId, contactIds: [a.id] })).toEqual({
      added: [],
      missing: [],
    });

    const removed = await call(hubspotRemoveFromList, { listId: list.listId, contactIds: [a.id] });
    expect(removed).toEqual({ removed: [a.id], missing: [] });
    expect([...(fake.state.list(list.listId)?.members.keys() ?? [])]).toEqual([b.id]);

    const unknownList = await thrown(() => call(hubspotAddToList, { listId: '404404', contactIds: [a.id] }));
    expect(unknownList).toMatchObject({ status: 404, code: 'OBJECT_NOT_FOUND' });
    const badIds = await thrown(() => call(hubspotAddToList, { listId: list.listId, contactIds: [] }));
    expect(badIds).toBeInstanceOf(ActionInputError);
    expect(badIds.message).toContain('input.contactIds');
  });
});

describe('hubspot secrets', () => {
  it('never puts the token in errors or logs', async () => {
    const token = 'pat-na1-99999999-top-secret-token';
    const captured = capturingLogger();
    fake.faults.add({
      route: 'POST /crm/v3/objects/contacts/batch/upsert',
      kind: 'server-error',
      status: 500,
    });
    const error = await thrown(() =>
      invokeAction(
        hubspotUpsertContact,
        { email: 'ana@example.com' },
        {
          connector: hubspotConnector,
          connection: connection(token),
          logger: captured.logger,
          services: { vendorHttp: recordingHttp().tuning },
        },
      ),
    );
    expect(error).toBeInstanceOf(VendorError);
    const unauthorized = await thrown(() =>
      invokeAction(
        hubspotFindContact,
        { email: 'ana@example.com' },
        {
          connector: hubspotConnector,
          connection: connection(token),
          logger: captured.logger,
        },
      ),
    );
    expect(unauthorized).toMatchObject({ status: 401, code: 'INVALID_AUTHENTICATION' });
    for (const text of [errorText(error), errorText(unauthorized), captured.text()]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain('top-secret');
    }
    expect(captured.text()).toContain('vendor request failed; retrying');
  });
});
