import {
  createZendeskFake,
  DEFAULT_ZENDESK_AGENT_EMAIL,
  DEFAULT_ZENDESK_API_TOKEN,
  type RunningFake,
  serveFake,
  type ZendeskFake,
} from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './helpers.ts';

const REFUNDS = 360000000202;
let zendesk: ZendeskFake;
let server: RunningFake;
let url: string;
let auth: Record<string, string>;

beforeAll(async () => {
  zendesk = createZendeskFake({
    groups: [
      { id: 360000000101, name: 'Support', default: true },
      { id: REFUNDS, name: 'Refunds' },
    ],
  });
  server = await serveFake(zendesk);
  url = server.url;
  auth = { authorization: zendesk.authorizationHeader() };
});
afterAll(() => server.close());
beforeEach(() => zendesk.reset());

const refundTicket = {
  ticket: {
    subject: 'Refund request — HP1234',
    comment: { html_body: '<p>Buyer asked for a <b>refund</b>.</p>', public: false },
    requester: { name: 'Ana Souza', email: 'Ana@Example.com' },
    group_id: REFUNDS,
    tags: ['hotmart', 'Refund Request'],
    priority: 'high',
    external_id: 'HP1234',
    custom_fields: [{ id: 4242, value: 'HP1234' }],
  },
};

const basic = (user: string, secret: string) =>
  `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

describe('Zendesk fake: authentication', () => {
  it("answers 401 Couldn't authenticate you without credentials", async () => {
    const reply = await call(`${url}/api/v2/groups.json`);
    expect(reply.status).toBe(401);
    expect(reply.body).toEqual({ error: "Couldn't authenticate you" });
  });

  it('answers 401 for a wrong token, a wrong e-mail or password auth', async () => {
    for (const header of [
      basic(`${DEFAULT_ZENDESK_AGENT_EMAIL}/token`, 'wrong-token'),
      basic('someone@else.com/token', DEFAULT_ZENDESK_API_TOKEN),
      basic(DEFAULT_ZENDESK_AGENT_EMAIL, DEFAULT_ZENDESK_API_TOKEN),
      `Bearer ${DEFAULT_ZENDESK_API_TOKEN}`,
    ]) {
      const reply = await call(`${url}/api/v2/groups`, { headers: { authorization: header } });
      expect(reply.status).toBe(401);
      expect(reply.body.error).toBe("Couldn't authenticate you");
    }
  });

  it('accepts the agent e-mail/token pair and shows the agent as /users/me', async () => {
    const me = await call(`${url}/api/v2/users/me.json`, { headers: auth });
    expect(me.status).toBe(200);
    expect(me.body.user.email).toBe(DEFAULT_ZENDESK_AGENT_EMAIL);
    expect(zendesk.requests()[0]?.headers['authorization']).toBe('Basic [redacted]');
  });
});

describe('Zendesk fake: tickets', () => {
  it('creates a ticket and shows it with every field', async () => {
    const created = await call(`${url}/api/v2/tickets.json`, { headers: auth, json: refundTicket });
    expect(created.status).toBe(201);
    const ticket = created.body.ticket;
    expect(created.headers.get('location')).toBe(`${url}/api/v2/tickets/${ticket.id}.json`);
    expect(ticket).toMatchObject({
      url: `${url}/api/v2/tickets/${ticket.id}.json`,
      subject: 'Refund request — HP1234',
      description: 'Buyer asked for a refund.',
      status: 'new',
      priority: 'high',
      group_id: REFUNDS,
      external_id: 'HP1234',
      tags: ['hotmart', 'refund', 'request'],
      custom_fields: [{ id: 4242, value: 'HP1234' }],
      is_public: false,
    });
    expect(created.body.audit.events.some((e: { type: string }) => e.type === 'Comment')).toBe(true);

    const shown = await call(`${url}/api/v2/tickets/${ticket.id}`, { headers: auth });
    expect(shown.body.ticket.subject).toBe('Refund request — HP1234');
    const requester = zendesk.state.user(shown.body.ticket.requester_id);
    expect(requester).toMatchObject({ name: 'Ana Souza', email: 'ana@example.com', role: 'end-user' });
  });

  it('reuses the end user of an e-mail already known', async () => {
    const first = await call(`${url}/api/v2/tickets`, { headers: auth, json: refundTicket });
    const second = await call(`${url}/api/v2/tickets`, {
      headers: auth,
      json: {
        ticket: { ...refundTicket.ticket, external_id: 'HP5678', requester: { email: 'ana@example.com' } },
      },
    });
    expect(second.body.ticket.requester_id).toBe(first.body.ticket.requester_id);
  });

  it('answers 422 RecordInvalid naming every bad field, and creates nothing', async () => {
    const reply = await call(`${url}/api/v2/tickets`, {
      headers: auth,
      json: {
        ticket: { subject: 'x', priority: 'mega', status: 'done', group_id: 1, requester: { email: 'nope' } },
      },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.error).toBe('RecordInvalid');
    expect(reply.body.description).toBe('Record validation errors');
    expect(Object.keys(reply.body.details).sort()).toEqual([
      'base',
      'group_id',
      'priority',
      'requester',
      'status',
    ]);
    expect(reply.body.details.base[0]).toEqual({
      description: 'Description: cannot be blank',
      error: 'BlankValue',
      field_key: 'description',
    });
    expect(zendesk.state.tickets()).toEqual([]);
  });

  it('answers 400 for a body that is not JSON', async () => {
    const reply = await call(`${url}/api/v2/tickets`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: '{"ticket":',
    });
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('InvalidValue');
  });

  it('finds tickets by external_id through list and search', async () => {
    await call(`${url}/api/v2/tickets`, { headers: auth, json: refundTicket });
    await call(`${url}/api/v2/tickets`, {
      headers: auth,
      json: { ticket: { ...refundTicket.ticket, external_id: 'HP9999', subject: 'Other' } },
    });
    const listed = await call(`${url}/api/v2/tickets.json?external_id=HP1234`, { headers: auth });
    expect(listed.status).toBe(200);
    expect(listed.body.count).toBe(1);
    expect(listed.body.tickets[0].external_id).toBe('HP1234');
    const none = await call(`${url}/api/v2/tickets.json?external_id=HP0000`, { headers: auth });
    expect(none.body).toMatchObject({ tickets: [], count: 0, next_page: null });

    const query = encodeURIComponent('type:ticket external_id:HP9999');
    const searched = await call(`${url}/api/v2/search.json?query=${query}`, { headers: auth });
    expect(searched.body.count).toBe(1);
    expect(searched.body.results[0]).toMatchObject({ external_id: 'HP9999', result_type: 'ticket' });
    const many = await call(`${url}/api/v2/tickets/show_many.json?ids=1,2,77`, { headers: auth });
    expect(many.body.tickets.map((t: { id: number }) => t.id)).toEqual([1, 2]);
  });

  it('replays an Idempotency-Key instead of creating a second ticket', async () => {
    const headers = { ...auth, 'idempotency-key': 'run-42:zendesk-create-ticket' };
    const first = await call(`${url}/api/v2/tickets`, { headers, json: refundTicket });
    const retry = await call(`${url}/api/v2/tickets`, { headers, json: refundTicket });
    expect(first.headers.get('x-idempotency-lookup')).toBe('miss');
    expect(retry.status).toBe(201);
    expect(retry.headers.get('x-idempotency-lookup')).toBe('hit');
    expect(retry.body.ticket.id).toBe(first.body.ticket.id);
    expect(zendesk.state.tickets()).toHaveLength(1);
    const changed = await call(`${url}/api/v2/tickets`, {
      headers,
      json: { ticket: { ...refundTicket.ticket, subject: 'Different' } },
    });
    expect(changed.status).toBe(400);
    expect(changed.body.error).toBe('IdempotentRequestError');
  });

  it('adds a comment and changes the status, then refuses updates to a closed ticket', async () => {
    const created = await call(`${url}/api/v2/tickets`, { headers: auth, json: refundTicket });
    const id = created.body.ticket.id as number;
    const updated = await call(`${url}/api/v2/tickets/${id}.json`, {
      method: 'PUT',
      headers: auth,
      json: {
        ticket: {
          comment: { body: 'Refund issued.', public: true },
          status: 'solved',
          additional_tags: ['done'],
        },
      },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.ticket.status).toBe('solved');
    expect(updated.body.ticket.tags).toContain('done');
    expect(
      updated.body.audit.events.find((e: { field_name?: string }) => e.field_name === 'status'),
    ).toMatchObject({
      value: 'solved',
      previous_value: 'new',
    });
    const comments = await call(`${url}/api/v2/tickets/${id}/comments.json`, { headers: auth });
    expect(comments.body.comments.map((c: { body: string; public: boolean }) => [c.body, c.public])).toEqual([
      ['Buyer asked for a refund.', false],
      ['Refund issued.', true],
    ]);

    await call(`${url}/api/v2/tickets/${id}`, {
      method: 'PUT',
      headers: auth,
      json: { ticket: { status: 'closed' } },
    });
    const refused = await call(`${url}/api/v2/tickets/${id}`, {
      method: 'PUT',
      headers: auth,
      json: { ticket: { comment: { body: 'late' } } },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details.status[0].error).toBe('ClosedPreventsUpdate');
  });

  it('answers 404 RecordNotFound for a missing ticket and 422 for a bad status', async () => {
    const missing = await call(`${url}/api/v2/tickets/404.json`, { headers: auth });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'RecordNotFound', description: 'Not found' });
    const created = await call(`${url}/api/v2/tickets`, { headers: auth, json: refundTicket });
    const bad = await call(`${url}/api/v2/tickets/${created.body.ticket.id}`, {
      method: 'PUT',
      headers: auth,
      json: { ticket: { status: 'resolved' } },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.details)).toEqual(['status']);
  });

  it('lists groups', async () => {
    const reply = await call(`${url}/api/v2/groups.json`, { headers: auth });
    expect(reply.body.groups.map((g: { id: number; name: string }) => [g.id, g.name])).toEqual([
      [360000000101, 'Support'],
      [REFUNDS, 'Refunds'],
    ]);
    expect(reply.body.count).toBe(2);
  });
});
