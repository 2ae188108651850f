import { createHash } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { Clock } from '../internal/fake-host.ts';
import { ZendeskApiError } from './zendesk-error.ts';
import type { ZendeskGroup, ZendeskState, ZendeskTicket, ZendeskUser } from './zendesk-state.ts';

/**
 * Ticketing API routes (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/): create (with the
 * `Idempotency-Key` header), show, show many, update, list (filtered by `external_id`), comments, search, groups and
 * the current user. Paths take Zendesk's optional `.json` suffix (the host strips it before routing).
 *
 * @example
 * const routes = createTicketsRoutes(state, { now: () => new Date() });
 */
export function createTicketsRoutes(state: ZendeskState, options: { now: Clock }): Hono {
  const app = new Hono();

  // Create Ticket: POST /api/v2/tickets with { ticket: { subject, comment: { body | html_body, public }, requester,
  // group_id, tags, priority, external_id, custom_fields } } answers 201 { ticket, audit } and a Location header.
  app.post('/api/v2/tickets', async (c) => {
    const text = await c.req.text();
    const key = c.req.header('idempotency-key');
    const fingerprint = createHash('sha256').update(text).digest('hex');
    const now = options.now().getTime();
    if (key) {
      const stored = state.recallIdempotent(key, now);
      if (stored) {
        if (stored.fingerprint !== fingerprint) {
          throw new ZendeskApiError(400, {
            error: 'IdempotentRequestError',
            description: 'Request parameters do not match the original request with this idempotency key',
          });
        }
        return Response.json(stored.body, {
          status: stored.status,
          headers: {
            'x-idempotency-lookup': 'hit',
            ...(stored.location ? { location: stored.location } : {}),
          },
        });
      }
    }
    const body = parseJson(text);
    const ticket = state.createTicket(body['ticket']);
    const origin = new URL(c.req.url).origin;
    const payload = {
      ticket: ticketResource(ticket, origin),
      audit: audit(
        ticket,
        'Create',
        Object.fromEntries(createdFields(ticket).map((f) => [f, [null, ticket[f]]])),
      ),
    };
    const location = `${origin}/api/v2/tickets/${ticket.id}.json`;
    if (key)
      state.rememberIdempotent(key, { fingerprint, status: 201, body: payload, location, storedAt: now });
    return c.json(payload, 201, { location, ...(key ? { 'x-idempotency-lookup': 'miss' } : {}) });
  });

  // List Tickets: GET /api/v2/tickets?external_id= ("External ids don't have to be unique for each ticket").
  app.get('/api/v2/tickets', (c) => {
    const query = new URL(c.req.url).searchParams;
    const externalId = query.get('external_id');
    const tickets = externalId === null ? state.tickets() : state.ticketsByExternalId(externalId);
    return c.json(
      paginate(
        c,
        'tickets',
        tickets.map((t) => ticketResource(t, new URL(c.req.url).origin)),
      ),
    );
  });

  // Show Many Tickets: GET /api/v2/tickets/show_many?ids=1,2,3 (unknown ids are left out).
  app.get('/api/v2/tickets/show_many', (c) => {
    const ids = (new URL(c.req.url).searchParams.get('ids') ?? '').split(',').filter(Boolean);
    if (ids.length > 100) throw ZendeskApiError.badRequest('ids: at most 100 ids may be given');
    const tickets = ids
      .map((id) => state.ticket(Number(id)))
      .filter((t): t is ZendeskTicket => t !== undefined);
    return c.json({ tickets: tickets.map((t) => ticketResource(t, new URL(c.req.url).origin)) });
  });

  // Show Ticket: GET /api/v2/tickets/{ticket_id}
  app.get('/api/v2/tickets/:id{[0-9]+}', (c) => {
    const ticket = state.ticket(Number(c.req.param('id')));
    if (!ticket) throw ZendeskApiError.notFound();
    return c.json({ ticket: ticketResource(ticket, new URL(c.req.url).origin) });
  });

  // Update Ticket: PUT /api/v2/tickets/{ticket_id} with { ticket: { comment, status, … } } answers { ticket, audit }.
  app.put('/api/v2/tickets/:id{[0-9]+}', async (c) => {
    const body = parseJson(await c.req.text());
    const { ticket, changes } = state.updateTicket(Number(c.req.param('id')), body['ticket']);
    return c.json({
      ticket: ticketResource(ticket, new URL(c.req.url).origin),
      audit: audit(ticket, 'Change', changes),
    });
  });

  // List Comments: GET /api/v2/tickets/{ticket_id}/comments
  app.get('/api/v2/tickets/:id{[0-9]+}/comments', (c) => {
    const ticket = state.ticket(Number(c.req.param('id')));
    if (!ticket) throw ZendeskApiError.notFound();
    return c.json({
      comments: ticket.comments,
      next_page: null,
      previous_page: null,
      count: ticket.comments.length,
    });
  });

  // Search: GET /api/v2/search?query=type:ticket external_id:HP123 (https://developer.zendesk.com/api-reference/ticketing/ticket-management/search/)
  app.get('/api/v2/search', (c) => {
    const query = new URL(c.req.url).searchParams.get('query');
    if (!query) throw ZendeskApiError.badRequest('query: a search query is required');
    const origin = new URL(c.req.url).origin;
    const results = searchTickets(state, query).map((t) => ({
      ...ticketResource(t, origin),
      result_type: 'ticket',
    }));
    return c.json({ ...paginate(c, 'results', results), facets: null });
  });

  // List Groups: GET /api/v2/groups
  app.get('/api/v2/groups', (c) => {
    const origin = new URL(c.req.url).origin;
    return c.json(
      paginate(
        c,
        'groups',
        state.groups().map((g) => groupResource(g, origin)),
      ),
    );
  });

  // Show Self: GET /api/v2/users/me (the usual connection test).
  app.get('/api/v2/users/me', (c) => c.json({ user: userResource(state.agent, new URL(c.req.url).origin) }));

  // Show User: GET /api/v2/users/{user_id}
  app.get('/api/v2/users/:id{[0-9]+}', (c) => {
    const user = state.user(Number(c.req.param('id')));
    if (!user) throw ZendeskApiError.notFound();
    return c.json({ user: userResource(user, new URL(c.req.url).origin) });
  });

  return app;
}

/**
 * A ticket in the shape the Tickets API returns, with `url` on the host the client called (the fake stands in for
 * `https://{subdomain}.zendesk.com`).
 *
 * @example
 * ticketResource(ticket, 'http://127.0.0.1:4000').url; // 'http://127.0.0.1:4000/api/v2/tickets/1.json'
 */
export function ticketResource(ticket: ZendeskTicket, origin: string): Record<string, unknown> {
  const { comments: _comments, ...fields } = ticket;
  return {
    url: `${origin}/api/v2/tickets/${ticket.id}.json`,
    ...fields,
    via: { channel: 'api', source: { from: {}, to: {}, rel: null } },
    recipient: null,
    organization_id: null,
    collaborator_ids: [],
    follower_ids: [],
    email_cc_ids: [],
    problem_id: null,
    has_incidents: false,
    due_at: null,
    satisfaction_rating: null,
    fields: fields.custom_fields,
    followup_ids: [],
    allow_channelback: false,
    allow_attachments: true,
  };
}

function userResource(user: ZendeskUser, origin: string): Record<string, unknown> {
  return {
    url: `${origin}/api/v2/users/${user.id}.json`,
    ...user,
    active: true,
    verified: true,
    updated_at: user.created_at,
  };
}

function groupResource(group: ZendeskGroup, origin: string): Record<string, unknown> {
  return {
    url: `${origin}/api/v2/groups/${group.id}.json`,
    id: group.id,
    name: group.name,
    description: group.description ?? '',
    default: group.default ?? false,
    deleted: false,
    is_public: true,
  };
}

function createdFields(ticket: ZendeskTicket): (keyof ZendeskTicket)[] {
  const fields: (keyof ZendeskTicket)[] = ['subject', 'status', 'requester_id'];
  for (const f of ['priority', 'type', 'group_id', 'external_id'] as const)
    if (ticket[f] !== null) fields.push(f);
  if (ticket.tags.length > 0) fields.push('tags');
  return fields;
}

function audit(
  ticket: ZendeskTicket,
  kind: 'Create' | 'Change',
  changes: Record<string, [unknown, unknown]>,
) {
  const last = ticket.comments[ticket.comments.length - 1];
  const events: Record<string, unknown>[] = Object.entries(changes).map(([field, [previous, value]], i) => ({
    id: i + 1,
    type: kind,
    field_name: field,
    value,
    ...(kind === 'Change' ? { previous_value: previous } : {}),
  }));
  if (last && last.created_at === ticket.updated_at) {
    events.push({
      id: events.length + 1,
      type: 'Comment',
      body: last.body,
      html_body: last.html_body,
      public: last.public,
      author_id: last.author_id,
    });
  }
  return { ticket_id: ticket.id, created_at: ticket.updated_at, author_id: ticket.submitter_id, events };
}

function paginate(c: Context, key: string, items: unknown[]): Record<string, unknown> {
  const url = new URL(c.req.url);
  const perPage = Number(url.searchParams.get('per_page') ?? 100);
  const page = Number(url.searchParams.get('page') ?? 1);
  if (!Number.isInteger(perPage) || perPage < 1 || perPage > 100) {
    throw ZendeskApiError.badRequest('per_page: must be an integer from 1 to 100');
  }
  if (!Number.isInteger(page) || page < 1)
    throw ZendeskApiError.badRequest('page: must be a positive integer');
  const at = (n: number) => {
    const next = new URL(url);
    next.pathname = `${url.pathname.replace(/\.json$/, '')}.json`;
    next.searchParams.set('page', String(n));
    return next.toString();
  };
  const start = (page - 1) * perPage;
  return {
    [key]: items.slice(start, start + perPage),
    next_page: start + perPage < items.length ? at(page + 1) : null,
    previous_page: page > 1 ? at(page - 1) : null,
    count: items.length,
  };
}

function parseJson(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw ZendeskApiError.badRequest('The request body is not valid JSON');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw ZendeskApiError.badRequest('The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

function searchTickets(state: ZendeskState, query: string): ZendeskTicket[] {
  const terms = [...query.matchAll(/(\w+):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g)].map((m) =>
    m[1]
      ? { key: m[1].toLowerCase(), value: (m[2] as string).replace(/^"|"$/g, '') }
      : { key: '', value: m[3] ?? m[4] ?? '' },
  );
  const type = terms.find((t) => t.key === 'type')?.value;
  if (type !== undefined && type !== 'ticket') return [];
  // Terms on one key are alternatives (tags:a tags:b); different keys must all hold.
  const byKey = new Map<string, string[]>();
  for (const term of terms.filter((t) => t.key !== 'type'))
    byKey.set(term.key, [...(byKey.get(term.key) ?? []), term.value]);
  return state.tickets().filter((ticket) =>
    [...byKey].every(([key, values]) =>
      values.some((value) => {
        const v = value.toLowerCase();
        switch (key) {
          case 'external_id':
            return (ticket.external_id ?? '').toLowerCase() === v;
          case 'status':
            return ticket.status === v;
          case 'priority':
            return ticket.priority === v;
          case 'tags':
          case 'tag':
            return ticket.tags.includes(v);
          case 'group':
          case 'group_id':
            return String(ticket.group_id) === v;
          case 'requester':
            return String(ticket.requester_id) === v || state.user(ticket.requester_id)?.email === v;
          case 'subject':
            return ticket.subject.toLowerCase().includes(v);
          case '':
            return ticket.subject.toLowerCase().includes(v) || ticket.description.toLowerCase().includes(v);
          default:
            return false;
        }
      }),
    ),
  );
}
