import {
  createHubspotFake,
  DEFAULT_HUBSPOT_TOKEN,
  type HubspotFake,
  type RunningFake,
  serveFake,
} from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ActionInputError,
  VendorError,
  VendorRateLimitError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import {
  hubspotConnector,
  hubspotFindContacts,
  hubspotListMembers,
  hubspotUpsertContact,
  hubspotUpsertContacts,
} from '../../../src/connectors/hubspot/index.ts';
import { type InvokeOptions, invokeAction } from '../../../src/connectors/invoke.ts';
import { interceptingFetch, recordingHttp, thrown } from '../kit/support.ts';

// Contract tests of the HubSpot actions that work on many records at once (the retention agent's subscriber lists):
// `hubspot_list_members` (GET /crm/v3/lists/{listId}/memberships, `limit` at most 250, paged with `after`),
// `hubspot_find_contacts` (POST /crm/v3/objects/contacts/search, one `IN` filter on `email`, lower-case values,
// pages of at most 200) and `hubspot_upsert_contacts` (POST /crm/v3/objects/contacts/batch/upsert, at most 100
// inputs keyed by `email`), over real HTTP against the HubSpot fake.

let fake: HubspotFake;
let server: RunningFake;

beforeAll(async () => {
  fake = createHubspotFake();
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
  action: Parameters<typeof invokeAction<I, O, { accessToken: string }>>[0],
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

/** `count` contacts created straight in the fake; returns their record ids in creation order. */
function seedContacts(count: number, prefix = 'member'): string[] {
  return Array.from(
    { length: count },
    (_, i) => fake.state.create('contacts', { email: `${prefix}${i}@example.com` }).id,
  );
}

function seedList(memberIds: readonly string[]): string {
  const list = fake.state.createList({
    name: 'Active subscribers',
    objectTypeId: '0-1',
    processingType: 'MANUAL',
  });
  fake.state.changeMembers(list.listId, memberIds, []);
  return list.listId;
}

const ascending = (ids: readonly string[]) => [...ids].sort((a, b) => Number(a) - Number(b));

describe('hubspot_list_members', () => {
  it('follows `after` across pages of 250 until HubSpot sends no cursor, ids ascending', async () => {
    const ids = seedContacts(520);
    const listId = seedList([...ids].reverse());
    const result = await call(hubspotListMembers, { listId });
    expect(result).toEqual({ memberIds: ascending(ids), truncated: false });
    const pages = requestsTo('GET', `/crm/v3/lists/${listId}/memberships`);
    expect(pages.map((r) => r.query)).toEqual([
      { limit: '250' },
      { limit: '250', after: '250' },
      { limit: '250', after: '500' },
    ]);
    expect(pages.map((r) => r.status)).toEqual([200, 200, 200]);
  });

  it('reads an empty list in one call, and stops at `max` only when members remain', async () => {
    const emptyList = seedList([]);
    expect(await call(hubspotListMembers, { listId: emptyList })).toEqual({
      memberIds: [],
      truncated: false,
    });
    expect(requestsTo('GET', `/crm/v3/lists/${emptyList}/memberships`)).toHaveLength(1);

    fake.reset();
    const ids = seedContacts(260);
    const listId = seedList(ids);
    const cut = await call(hubspotListMembers, { listId, max: 255 });
    expect(cut).toEqual({ memberIds: ascending(ids).slice(0, 255), truncated: true });
    expect(requestsTo('GET', `/crm/v3/lists/${listId}/memberships`)).toHaveLength(2);

    // Exactly `max` members: the list is whole, not truncated.
    const whole = await call(hubspotListMembers, { listId, max: 260 });
    expect(whole).toEqual({ memberIds: ascending(ids), truncated: false });
    const first = await call(hubspotListMembers, { listId, max: 250 });
    expect(first.truncated).toBe(true);
    expect(first.memberIds).toHaveLength(250);
  });

  it('refuses a cursor that does not advance instead of looping', async () => {
    const listId = seedList(seedContacts(3));
    const stuck = interceptingFetch((url) =>
      url.pathname === `/crm/v3/lists/${listId}/memberships`
        ? Response.json({ results: [{ recordId: '1' }], paging: { next: { after: '7' } } })
        : undefined,
    );
    const error = await thrown(() => call(hubspotListMembers, { listId }, { fetch: stuck }));
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ vendor: 'hubspot', code: 'PAGING_STUCK', retryable: false });
    expect(error['vendorMessage']).toBe('the memberships cursor did not advance (after=7)');
  });

  it('refuses a malformed list id or max naming the field, before calling HubSpot', async () => {
    const badId = await thrown(() => call(hubspotListMembers, { listId: 'subscribers' }));
    expect(badId).toBeInstanceOf(ActionInputError);
    expect(badId.message).toBe(
      'invalid input for hubspot_list_members: input.listId: must be a HubSpot list id (digits)',
    );
    const badMax = await thrown(() => call(hubspotListMembers, { listId: '12', max: 0 }));
    expect(badMax).toBeInstanceOf(ActionInputError);
    expect(badMax.message).toContain('input.max');
    const extra = await thrown(() => call(hubspotListMembers, { listId: '12', limit: 10 }));
    expect(extra.message).toContain('input: Unrecognized key: "limit"');
    expect(fake.requests()).toHaveLength(0);
  });

  it('maps 404, 401 and 429 (Retry-After) from HubSpot', async () => {
    const missing = await thrown(() => call(hubspotListMembers, { listId: '404404' }));
    expect(missing).toBeInstanceOf(VendorRequestError);
    expect(missing).toMatchObject({ status: 404, code: 'OBJECT_NOT_FOUND', retryable: false });

    const unauthorized = await thrown(() =>
      call(hubspotListMembers, { listId: '1' }, { connection: connection('pat-na1-wrong-token-1') }),
    );
    expect(unauthorized).toMatchObject({ status: 401, code: 'INVALID_AUTHENTICATION' });

    fake.reset();
    const listId = seedList(seedContacts(2));
    fake.faults.add({
      route: 'GET /crm/v3/lists/:listId/memberships',
      kind: 'rate-limit',
      retryAfterSeconds: 3,
      times: 1,
    });
    const waits: number[] = [];
    const result = await call(hubspotListMembers, { listId }, { waits });
    expect(result.memberIds).toHaveLength(2);
    expect(waits).toEqual([3_000]);
    expect(requestsTo('GET', `/crm/v3/lists/${listId}/memberships`).map((r) => r.status)).toEqual([429, 200]);

    fake.faults.add({
      route: 'GET /crm/v3/lists/:listId/memberships',
      kind: 'rate-limit',
      retryAfterSeconds: 120,
      times: 1,
    });
    const long = await thrown(() => call(hubspotListMembers, { listId }));
    expect(long).toBeInstanceOf(VendorRateLimitError);
    expect(long).toMatchObject({ status: 429, retryAfter: 120_000, retryable: true });
  });
});

describe('hubspot_find_contacts', () => {
  it('finds contacts with one IN filter of lower-case, distinct e-mails; unknown ones are left out', async () => {
    const [ana, bia] = seedContacts(2, 'buyer');
    const result = await call(hubspotFindContacts, {
      emails: ['Buyer0@Example.com', 'buyer1@example.com', 'nobody@example.com', 'BUYER1@example.com'],
    });
    expect(result).toEqual({
      contacts: [
        { id: ana, email: 'buyer0@example.com' },
        { id: bia, email: 'buyer1@example.com' },
      ],
    });
    const [request, ...more] = requestsTo('POST', '/crm/v3/objects/contacts/search');
    expect(more).toHaveLength(0);
    expect(request?.body).toEqual({
      filterGroups: [
        {
          filters: [
            {
              propertyName: 'email',
              operator: 'IN',
              values: ['buyer0@example.com', 'buyer1@example.com', 'nobody@example.com'],
            },
          ],
        },
      ],
      properties: ['email'],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      limit: 200,
    });
  });

  it('takes 100 e-mails in one search and refuses 101 or a malformed one, naming the field', async () => {
    const ids = seedContacts(100);
    const emails = Array.from({ length: 100 }, (_, i) => `member${i}@example.com`);
    const result = await call(hubspotFindContacts, { emails });
    expect(result.contacts.map((c) => c.id)).toEqual(ascending(ids));
    expect(requestsTo('POST', '/crm/v3/objects/contacts/search')).toHaveLength(1);

    const tooMany = await thrown(() => call(hubspotFindContacts, { emails: [...emails, 'x@example.com'] }));
    expect(tooMany).toBeInstanceOf(ActionInputError);
    expect(tooMany.message).toContain('input.emails: Too big: expected array to have <=100 items');
    const malformed = await thrown(() => call(hubspotFindContacts, { emails: ['ana@example.com', 'ana'] }));
    expect(malformed.message).toContain('input.emails[1]: Invalid email address');
    const none = await thrown(() => call(hubspotFindContacts, { emails: [] }));
    expect(none.message).toContain('input.emails');
    expect(requestsTo('POST', '/crm/v3/objects/contacts/search')).toHaveLength(1);
  });

  it('retries a 429 after its Retry-After and a 502, and stops on a 401', async () => {
    seedContacts(1);
    fake.faults.add({
      route: 'POST /crm/v3/objects/contacts/search',
      kind: 'rate-limit',
      retryAfterSeconds: 2,
      times: 1,
    });
    fake.faults.add({
      route: 'POST /crm/v3/objects/contacts/search',
      kind: 'server-error',
      status: 502,
      times: 1,
    });
    const waits: number[] = [];
    const result = await call(hubspotFindContacts, { emails: ['member0@example.com'] }, { waits });
    expect(result.contacts).toHaveLength(1);
    expect(waits).toEqual([2_000, 375]);
    expect(requestsTo('POST', '/crm/v3/objects/contacts/search').map((r) => r.status)).toEqual([
      429, 502, 200,
    ]);

    const unauthorized = await thrown(() =>
      call(
        hubspotFindContacts,
        { emails: ['member0@example.com'] },
        { connection: connection('pat-na1-nope') },
      ),
    );
    expect(unauthorized).toBeInstanceOf(VendorRequestError);
    expect(unauthorized).toMatchObject({ status: 401, code: 'INVALID_AUTHENTICATION', retryable: false });
  });
});

describe('hubspot_upsert_contacts', () => {
  it('creates 100 contacts in one batch keyed by e-mail, then updates the same ones', async () => {
    const contacts = Array.from({ length: 100 }, (_, i) => ({
      email: `Sub${i}@Example.com`,
      firstname: `Sub ${i}`,
      ...(i === 0 ? { lastname: 'Souza' } : {}),
    }));
    const created = await call(hubspotUpsertContacts, { contacts });
    expect(created.contacts).toHaveLength(100);
    expect(created.contacts.every((c) => c.created && /^\d+$/.test(c.id))).toBe(true);
    expect(created.contacts.map((c) => c.email)).toEqual(contacts.map((c) => c.email.toLowerCase()));
    const [request] = requestsTo('POST', '/crm/v3/objects/contacts/batch/upsert');
    const inputs = (request?.body as { inputs: unknown[] } | undefined)?.inputs ?? [];
    expect(inputs).toHaveLength(100);
    expect(inputs[0]).toEqual({
      id: 'sub0@example.com',
      idProperty: 'email',
      properties: { email: 'sub0@example.com', firstname: 'Sub 0', lastname: 'Souza' },
    });
    expect(inputs[1]).toEqual({
      id: 'sub1@example.com',
      idProperty: 'email',
      properties: { email: 'sub1@example.com', firstname: 'Sub 1' },
    });
    expect(fake.state.records('contacts')).toHaveLength(100);

    const again = await call(hubspotUpsertContacts, {
      contacts: [{ email: 'sub0@example.com', firstname: 'Ana' }],
    });
    expect(again).toEqual({
      contacts: [{ id: created.contacts[0]?.id, email: 'sub0@example.com', created: false }],
    });
    expect(fake.state.records('contacts')).toHaveLength(100);
    expect(fake.state.get('contacts', created.contacts[0]?.id as string)?.properties).toMatchObject({
      firstname: 'Ana',
      lastname: 'Souza',
    });
  });

  it('sends one input per address when the same e-mail is given twice (HubSpot refuses duplicate ids)', async () => {
    const result = await call(hubspotUpsertContacts, {
      contacts: [
        { email: 'ana@example.com', firstname: 'A' },
        { email: 'ANA@example.com', firstname: 'Ana' },
      ],
    });
    expect(result.contacts).toEqual([
      { id: expect.stringMatching(/^\d+$/), email: 'ana@example.com', created: true },
    ]);
    const [request] = requestsTo('POST', '/crm/v3/objects/contacts/batch/upsert');
    expect(request?.body).toEqual({
      inputs: [
        {
          id: 'ana@example.com',
          idProperty: 'email',
          properties: { email: 'ana@example.com', firstname: 'Ana' },
        },
      ],
    });
  });

  it('refuses 101 contacts, a bad e-mail or an unknown field by name, before calling HubSpot', async () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ email: `c${i}@example.com` }));
    const tooMany = await thrown(() => call(hubspotUpsertContacts, { contacts: many }));
    expect(tooMany).toBeInstanceOf(ActionInputError);
    expect(tooMany.message).toContain('input.contacts: Too big: expected array to have <=100 items');
    const bad = await thrown(() =>
      call(hubspotUpsertContacts, { contacts: [{ email: 'ok@example.com' }, { email: 'nope' }] }),
    );
    expect(bad.message).toContain('input.contacts[1].email: Invalid email address');
    const unknown = await thrown(() =>
      call(hubspotUpsertContacts, { contacts: [{ email: 'ok@example.com', phone: '1' }] }),
    );
    expect(unknown.message).toContain('input.contacts[0]: Unrecognized key: "phone"');
    expect(fake.requests()).toHaveLength(0);
  });

  it('retries 429 and 5xx (the upsert sets values), and maps a 400 and a 401 without retrying', async () => {
    fake.faults.add({
      route: 'POST /crm/v3/objects/contacts/batch/upsert',
      kind: 'rate-limit',
      retryAfterSeconds: 1,
      times: 1,
    });
    fake.faults.add({
      route: 'POST /crm/v3/objects/contacts/batch/upsert',
      kind: 'server-error',
      status: 503,
      times: 1,
    });
    const waits: number[] = [];
    const result = await call(hubspotUpsertContacts, { contacts: [{ email: 'ana@example.com' }] }, { waits });
    expect(result.contacts).toEqual([{ id: expect.any(String), email: 'ana@example.com', created: true }]);
    expect(waits).toEqual([1_000, 375]);
    expect(requestsTo('POST', '/crm/v3/objects/contacts/batch/upsert').map((r) => r.status)).toEqual([
      429, 503, 200,
    ]);

    // HubSpot refusing the whole batch (a value it does not accept) answers 400 with its category.
    const refused = await thrown(() =>
      call(
        hubspotUpsertContacts,
        { contacts: [{ email: 'bia@example.com' }] },
        {
          fetch: interceptingFetch(() =>
            Response.json(
              { status: 'error', category: 'VALIDATION_ERROR', message: 'Property values were not valid' },
              { status: 400 },
            ),
          ),
        },
      ),
    );
    expect(refused).toBeInstanceOf(VendorRequestError);
    expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_ERROR', retryable: false });

    const unauthorized = await thrown(() =>
      call(
        hubspotUpsertContacts,
        { contacts: [{ email: 'ana@example.com' }] },
        { connection: connection('pat-na1-x') },
      ),
    );
    expect(unauthorized).toMatchObject({ status: 401, code: 'INVALID_AUTHENTICATION' });
  });

  it('fails, rather than returning half a result, when HubSpot reports an input it refused', async () => {
    const partial = interceptingFetch((url) =>
      url.pathname === '/crm/v3/objects/contacts/batch/upsert'
        ? Response.json(
            {
              status: 'COMPLETE',
              results: [{ id: '5', properties: { email: 'ana@example.com' }, new: true }],
              errors: [{ category: 'VALIDATION_ERROR', message: 'Email address bia@ is invalid' }],
              numErrors: 1,
            },
            { status: 207 },
          )
        : undefined,
    );
    const error = await thrown(() =>
      call(
        hubspotUpsertContacts,
        { contacts: [{ email: 'ana@example.com' }, { email: 'bia@example.com' }] },
        { fetch: partial },
      ),
    );
    expect(error).toBeInstanceOf(VendorError);
    expect(error).toMatchObject({ status: 207, code: 'VALIDATION_ERROR', retryable: false });
    expect(error['vendorMessage']).toBe('Email address bia@ is invalid');
  });

  // hubspot_upsert_contact sends the same batch upsert with one input, so it fails the same way.
  it('fails the single-contact upsert on a refused input or an answer without the contact', async () => {
    const answers = [
      {
        status: 'COMPLETE',
        results: [],
        errors: [{ category: 'VALIDATION_ERROR', message: 'Email address ana@ is invalid' }],
      },
      { status: 'COMPLETE', results: [] },
    ];
    const fetch = interceptingFetch((url) =>
      url.pathname === '/crm/v3/objects/contacts/batch/upsert'
        ? Response.json(answers.shift(), { status: 207 })
        : undefined,
    );
    const refused = await thrown(() => call(hubspotUpsertContact, { email: 'ana@example.com' }, { fetch }));
    expect(refused).toMatchObject({ status: 207, code: 'VALIDATION_ERROR', retryable: false });
    expect(refused['vendorMessage']).toBe('Email address ana@ is invalid');
    const empty = await thrown(() => call(hubspotUpsertContact, { email: 'ana@example.com' }, { fetch }));
    expect(empty).toMatchObject({ status: 207, code: 'UNEXPECTED_RESPONSE', retryable: false });
    expect(empty['vendorMessage']).toBe('the upsert returned no contact');
    expect(answers).toEqual([]);
  });
});
