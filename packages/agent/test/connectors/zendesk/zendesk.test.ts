import {
  createZendeskFake,
  DEFAULT_ZENDESK_API_TOKEN,
  type RunningFake,
  serveFake,
  type ZendeskFake,
} from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ActionInputError,
  CredentialsError,
  VendorError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import { type InvokeOptions, invokeAction, testConnection } from '../../../src/connectors/invoke.ts';
import {
  type ZendeskCredentials,
  zendeskActions,
  zendeskAddComment,
  zendeskConnector,
  zendeskCreateTicket,
  zendeskFindTicket,
} from '../../../src/connectors/zendesk/index.ts';
import { capturingLogger, errorText, recordingHttp, thrown } from '../kit/support.ts';

const GROUP = 360_000_000_101;
let fake: ZendeskFake;
let server: RunningFake;

beforeAll(async () => {
  fake = createZendeskFake({ groups: [{ id: GROUP, name: 'Refunds', default: true }] });
  server = await serveFake(fake);
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  fake.reset();
});

function connection(apiToken: string = DEFAULT_ZENDESK_API_TOKEN) {
  return {
    id: 'desk',
    kind: 'zendesk',
    credentials: { subdomain: 'acme', email: fake.agentEmail, apiToken },
    settings: { baseUrl: server.url },
  };
}

function call<I, O>(
  action: Parameters<typeof invokeAction<I, O, ZendeskCredentials>>[0],
  input: unknown,
  extra: Partial<InvokeOptions<ZendeskCredentials>> = {},
) {
  return invokeAction(action, input, {
    connector: zendeskConnector,
    connection: connection(),
    services: { vendorHttp: recordingHttp({ timeoutMs: 1_000 }).tuning },
    ...extra,
  });
}

const refund = {
  requester: { email: 'Ana@Example.com', name: 'Ana Souza' },
  subject: 'Refund request for HP1234',
  body: 'Please refund my purchase HP1234.',
  groupId: GROUP,
  tags: ['refund', 'hotmart'],
  priority: 'high',
  externalId: 'hotmart:HP1234:refund',
};

const requestsTo = (method: string, path: string) =>
  fake.requests().filter((r) => r.method === method && r.path === path);

describe('zendesk connector', () => {
  it('lists its actions', () => {
    expect(zendeskActions.map((a) => a.id)).toEqual([
      'zendesk_create_ticket',
      'zendesk_add_comment',
      'zendesk_find_ticket',
    ]);
  });

  it('passes its connection test with the agent token and fails clearly with a wrong one', async () => {
    const good = await testConnection(zendeskConnector, connection());
    expect(good).toEqual({
      ok: true,
      message: `authenticated as Hotpilot Agent <${fake.agentEmail}> (admin)`,
    });
    const [request] = requestsTo('GET', '/api/v2/users/me');
    expect(request?.headers['authorization']).toBe('Basic [redacted]');

    const bad = await testConnection(zendeskConnector, connection('wrong-token-value-1234'));
    expect(bad.ok).toBe(false);
    expect(bad.message).toContain('401');
    expect(bad.message).not.toContain('wrong-token-value-1234');
  });

  it('names the missing credential field', async () => {
    const error = await thrown(() =>
      call(
        zendeskFindTicket,
        { externalId: 'x' },
        { connection: { ...connection(), credentials: { subdomain: 'acme', email: 'a@b.co' } } },
      ),
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error['fields']).toEqual(['credentials.apiToken']);
    const subdomain = await thrown(() =>
      call(
        zendeskFindTicket,
        { externalId: 'x' },
        {
          connection: {
            ...connection(),
            credentials: { subdomain: 'acme.zendesk.com/x', email: 'a@b.co', apiToken: 't' },
          },
        },
      ),
    );
    expect(subdomain['fields']).toEqual(['credentials.subdomain']);
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('zendesk_create_ticket', () => {
  it('creates a ticket with every field, then returns the same ticket for the same external id', async () => {
    const first = await call(zendeskCreateTicket, refund, { idempotencyKey: 'run_1:ticket' });
    expect(first).toEqual({
      created: true,
      ticket: {
        id: 1,
        status: 'new',
        subject: 'Refund request for HP1234',
        externalId: 'hotmart:HP1234:refund',
        requesterId: expect.any(Number),
        groupId: GROUP,
        priority: 'high',
        tags: ['refund', 'hotmart'],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      },
    });
    const [create] = requestsTo('POST', '/api/v2/tickets');
    expect(create?.headers['idempotency-key']).toBe('run_1:ticket');
    expect(create?.body).toEqual({
      ticket: {
        subject: 'Refund request for HP1234',
        comment: { body: 'Please refund my purchase HP1234.', public: true },
        requester: { email: 'Ana@Example.com', name: 'Ana Souza' },
        group_id: GROUP,
        tags: ['refund', 'hotmart'],
        priority: 'high',
        external_id: 'hotmart:HP1234:refund',
      },
    });
    const stored = fake.state.ticket(1);
    expect(fake.state.user(stored?.requester_id as number)).toMatchObject({
      email: 'ana@example.com',
      name: 'Ana Souza',
    });

    const second = await call(
      zendeskCreateTicket,
      { ...refund, subject: 'another attempt' },
      { idempotencyKey: 'run_2:ticket' },
    );
    expect(second.created).toBe(false);
    expect(second.ticket.id).toBe(1);
    expect(fake.state.tickets()).toHaveLength(1);
  });

  it('does not create twice when the answer to the create was lost', async () => {
    fake.faults.add({ route: 'POST /api/v2/tickets', kind: 'hang', afterHandler: true, times: 1 });
    const { waits, tuning } = recordingHttp({ timeoutMs: 300 });
    const result = await call(zendeskCreateTicket, refund, {
      idempotencyKey: 'run_3:ticket',
      services: { vendorHttp: tuning },
    });
    // The create carries an Idempotency-Key, so the HTTP core resent it and Zendesk answered with the first ticket.
    expect(result).toMatchObject({ created: true, ticket: { id: 1 } });
    expect(waits).toHaveLength(1);
    await vi.waitFor(() =>
      expect(
        requestsTo('POST', '/api/v2/tickets')
          .map((r) => r.status)
          .sort(),
      ).toEqual([0, 201]),
    );
    expect(fake.state.tickets()).toHaveLength(1);

    // A later attempt of the step (the engine's retry) finds it by external id without creating.
    const again = await call(zendeskCreateTicket, refund, { idempotencyKey: 'run_3:ticket' });
    expect(again).toMatchObject({ created: false, ticket: { id: 1 } });
    expect(requestsTo('POST', '/api/v2/tickets')).toHaveLength(2);
    expect(fake.state.tickets()).toHaveLength(1);
  });

  it('without an external id relies on the idempotency key alone', async () => {
    const { externalId: _omit, ...plain } = refund;
    const first = await call(zendeskCreateTicket, plain, { idempotencyKey: 'run_4:ticket' });
    const second = await call(zendeskCreateTicket, plain, { idempotencyKey: 'run_4:ticket' });
    expect(second.ticket.id).toBe(first.ticket.id);
    expect(fake.state.tickets()).toHaveLength(1);
    expect(requestsTo('GET', '/api/v2/tickets')).toHaveLength(0);
  });

  it('sends HTML bodies as html_body and private first comments', async () => {
    await call(zendeskCreateTicket, {
      ...refund,
      body: '<p>Refund <b>now</b></p>',
      html: true,
      public: false,
    });
    expect(requestsTo('POST', '/api/v2/tickets')[0]?.body).toMatchObject({
      ticket: { comment: { html_body: '<p>Refund <b>now</b></p>', public: false } },
    });
    expect(fake.state.ticket(1)?.is_public).toBe(false);
  });

  it('surfaces a 422 as VendorRequestError naming the field, without retrying', async () => {
    const error = await thrown(() => call(zendeskCreateTicket, { ...refund, groupId: 42 }));
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ vendor: 'zendesk', status: 422, code: 'RecordInvalid', retryable: false });
    expect(error['vendorMessage']).toContain('group_id');
    expect(requestsTo('POST', '/api/v2/tickets')).toHaveLength(1);
  });

  it('retries a 429 after its Retry-After and a 503 with backoff', async () => {
    fake.faults.add({ route: 'GET /api/v2/tickets', kind: 'rate-limit', retryAfterSeconds: 3, times: 1 });
    fake.faults.add({ route: 'POST /api/v2/tickets', kind: 'server-error', status: 503, times: 1 });
    const { waits, tuning } = recordingHttp();
    const result = await call(zendeskCreateTicket, refund, { services: { vendorHttp: tuning } });
    expect(result.created).toBe(true);
    expect(waits).toEqual([3_000, 188]);
    expect(requestsTo('GET', '/api/v2/tickets').map((r) => r.status)).toEqual([429, 200]);
    expect(requestsTo('POST', '/api/v2/tickets').map((r) => r.status)).toEqual([503, 201]);
  });

  it('refuses malformed input naming the field', async () => {
    const error = await thrown(() =>
      call(zendeskCreateTicket, { ...refund, requester: { email: 'nope' }, priority: 'asap' }),
    );
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error.message).toContain('input.requester.email: Invalid email address');
    expect(error.message).toContain('input.priority');
    expect(fake.requests()).toHaveLength(0);
  });
});

describe('zendesk_add_comment and zendesk_find_ticket', () => {
  it('adds a private note and a public reply that solves the ticket', async () => {
    const { ticket } = await call(zendeskCreateTicket, refund);
    await call(zendeskAddComment, {
      ticketId: ticket.id,
      body: 'Checked in Hotmart: eligible.',
      public: false,
    });
    const solved = await call(zendeskAddComment, {
      ticketId: ticket.id,
      body: 'Refund issued.',
      status: 'solved',
    });
    expect(solved.ticket).toMatchObject({ id: ticket.id, status: 'solved' });
    const comments = fake.state.ticket(ticket.id)?.comments ?? [];
    expect(comments.map((c) => [c.body, c.public])).toEqual([
      ['Please refund my purchase HP1234.', true],
      ['Checked in Hotmart: eligible.', false],
      ['Refund issued.', true],
    ]);
    expect(requestsTo('PUT', `/api/v2/tickets/${ticket.id}`).at(-1)?.body).toEqual({
      ticket: { comment: { body: 'Refund issued.', public: true }, status: 'solved' },
    });
  });

  it('reports an unknown ticket as a 404 VendorRequestError', async () => {
    const error = await thrown(() => call(zendeskAddComment, { ticketId: 999, body: 'hello' }));
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ status: 404, code: 'RecordNotFound' });
  });

  it('does not resend a comment whose answer was lost (not idempotent)', async () => {
    const { ticket } = await call(zendeskCreateTicket, refund);
    fake.faults.add({ route: 'PUT /api/v2/tickets/:id', kind: 'server-error', status: 502, times: 1 });
    const error = await thrown(() => call(zendeskAddComment, { ticketId: ticket.id, body: 'once' }));
    expect(error).toBeInstanceOf(VendorError);
    expect(error).not.toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ status: 502, retryable: true });
    expect(requestsTo('PUT', `/api/v2/tickets/${ticket.id}`)).toHaveLength(1);
  });

  it('finds tickets by external id', async () => {
    expect(await call(zendeskFindTicket, { externalId: 'hotmart:HP1234:refund' })).toEqual({
      found: false,
      ticket: null,
      matches: 0,
    });
    const { ticket } = await call(zendeskCreateTicket, refund);
    const found = await call(zendeskFindTicket, { externalId: 'hotmart:HP1234:refund' });
    expect(found).toMatchObject({
      found: true,
      matches: 1,
      ticket: { id: ticket.id, externalId: 'hotmart:HP1234:refund' },
    });
    expect(requestsTo('GET', '/api/v2/tickets').at(-1)?.query).toEqual({
      external_id: 'hotmart:HP1234:refund',
    });
  });
});

describe('zendesk secrets', () => {
  it('keeps the API token and the Basic credentials out of errors and logs', async () => {
    const token = 'zd-secret-token-abcdef123456';
    const basic = Buffer.from(`${fake.agentEmail}/token:${token}`).toString('base64');
    const captured = capturingLogger();
    const error = await thrown(() =>
      invokeAction(
        zendeskFindTicket,
        { externalId: 'x' },
        {
          connector: zendeskConnector,
          connection: connection(token),
          logger: captured.logger,
        },
      ),
    );
    expect(error).toBeInstanceOf(VendorRequestError);
    expect(error).toMatchObject({ status: 401, vendorMessage: "Couldn't authenticate you" });
    for (const text of [errorText(error), captured.text()]) {
      expect(text).not.toContain(token);
      expect(text).not.toContain(basic);
    }
  });
});
