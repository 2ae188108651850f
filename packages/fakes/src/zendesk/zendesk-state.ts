import type { Clock } from '../internal/fake-host.ts';
import { type FieldProblem, ZendeskApiError } from './zendesk-error.ts';

/**
 * A Zendesk user (the authenticated agent, or an end user created as a requester).
 *
 * @example
 * const user: ZendeskUser = { id: 900001, name: 'Ana', email: 'ana@example.com', role: 'end-user', created_at: '2026-01-01T00:00:00Z' };
 */
export interface ZendeskUser {
  id: number;
  name: string;
  email: string;
  role: 'end-user' | 'agent' | 'admin';
  created_at: string;
}

/**
 * A Zendesk group.
 *
 * @example
 * const group: ZendeskGroup = { id: 360000000101, name: 'Refunds' };
 */
export interface ZendeskGroup {
  id: number;
  name: string;
  description?: string;
  default?: boolean;
}

/**
 * A ticket comment as the comments endpoint returns it.
 *
 * @example
 * const comment: ZendeskComment = {
 *   id: 1, type: 'Comment', author_id: 900001, body: 'Hi', html_body: '<p>Hi</p>', plain_body: 'Hi', public: true,
 *   created_at: '2026-01-01T00:00:00Z',
 * };
 */
export interface ZendeskComment {
  id: number;
  type: 'Comment';
  author_id: number;
  body: string;
  html_body: string;
  plain_body: string;
  public: boolean;
  created_at: string;
}

/**
 * A stored ticket (the fields the fake keeps; responses add the read-only ones).
 *
 * @example
 * const ticket: ZendeskTicket | undefined = fake.state.ticketsByExternalId('HP123')[0];
 */
export interface ZendeskTicket {
  id: number;
  external_id: string | null;
  type: string | null;
  subject: string;
  raw_subject: string;
  description: string;
  priority: string | null;
  status: string;
  requester_id: number;
  submitter_id: number;
  assignee_id: number | null;
  group_id: number | null;
  tags: string[];
  custom_fields: { id: number; value: unknown }[];
  is_public: boolean;
  created_at: string;
  updated_at: string;
  comments: ZendeskComment[];
}

/**
 * What the Zendesk fake starts with: the agent whose API tokens authenticate, groups, and the subdomain shown in
 * `url` fields' absence of a real host.
 *
 * @example
 * const seed: ZendeskSeed = { groups: [{ id: 360000000101, name: 'Refunds' }] };
 */
export interface ZendeskSeed {
  agentEmail?: string;
  agentName?: string;
  groups?: ZendeskGroup[];
}

/**
 * A response kept under an `Idempotency-Key`, with a fingerprint of the request body it answered.
 *
 * @example
 * const stored: IdempotentResponse = { fingerprint: 'ab12', status: 201, body: {}, location: undefined, storedAt: 0 };
 */
export interface IdempotentResponse {
  fingerprint: string;
  status: number;
  body: unknown;
  location: string | undefined;
  storedAt: number;
}

// Idempotency keys live for two hours (https://developer.zendesk.com/api-reference/ticketing/introduction/#idempotency).
const IDEMPOTENCY_TTL_MS = 2 * 60 * 60 * 1000;

const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const PRIORITIES = ['urgent', 'high', 'normal', 'low'];
const TYPES = ['problem', 'incident', 'question', 'task'];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * The agent the fake authenticates as unless told otherwise.
 *
 * @example
 * const user = `${DEFAULT_ZENDESK_AGENT_EMAIL}/token`;
 */
export const DEFAULT_ZENDESK_AGENT_EMAIL = 'agent@hotpilot-fake.zendesk.com';

/**
 * The in-memory help desk of the Zendesk fake: users, groups and tickets with their comments. Methods throw
 * `ZendeskApiError` with Zendesk's bodies on bad input.
 *
 * @example
 * const desk = new ZendeskState({}, () => new Date());
 * const ticket = desk.createTicket({ subject: 'Refund', comment: { body: 'Please refund' } });
 * desk.ticket(ticket.id)?.status; // 'new'
 */
export class ZendeskState {
  readonly #seed: ZendeskSeed;
  readonly #now: Clock;
  #users = new Map<number, ZendeskUser>();
  #groups: ZendeskGroup[] = [];
  #tickets = new Map<number, ZendeskTicket>();
  #nextTicketId = 1;
  #nextUserId = 900_002;
  #nextCommentId = 1;
  #agent!: ZendeskUser;
  #idempotent = new Map<string, IdempotentResponse>();

  constructor(seed: ZendeskSeed, now: Clock) {
    this.#seed = seed;
    this.#now = now;
    this.reset();
  }

  reset(): void {
    const at = this.#now().toISOString();
    this.#agent = {
      id: 900_001,
      name: this.#seed.agentName ?? 'Hotpilot Agent',
      email: (this.#seed.agentEmail ?? DEFAULT_ZENDESK_AGENT_EMAIL).toLowerCase(),
      role: 'admin',
      created_at: at,
    };
    this.#users = new Map([[this.#agent.id, this.#agent]]);
    this.#groups = structuredClone(
      this.#seed.groups ?? [{ id: 360_000_000_101, name: 'Support', default: true }],
    );
    this.#tickets = new Map();
    this.#nextTicketId = 1;
    this.#nextUserId = 900_002;
    this.#nextCommentId = 1;
    this.#idempotent = new Map();
  }

  /** The response stored under an idempotency key within its two-hour life, if any. */
  recallIdempotent(key: string, nowMs: number): IdempotentResponse | undefined {
    for (const [k, stored] of this.#idempotent)
      if (nowMs - stored.storedAt > IDEMPOTENCY_TTL_MS) this.#idempotent.delete(k);
    return this.#idempotent.get(key);
  }

  rememberIdempotent(key: string, response: IdempotentResponse): void {
    this.#idempotent.set(key, response);
  }

  /** The agent API requests authenticate as. */
  get agent(): ZendeskUser {
    return this.#agent;
  }

  groups(): ZendeskGroup[] {
    return structuredClone(this.#groups);
  }

  user(id: number): ZendeskUser | undefined {
    return this.#users.get(id);
  }

  ticket(id: number): ZendeskTicket | undefined {
    return this.#tickets.get(id);
  }

  /** Every ticket, by id. */
  tickets(): ZendeskTicket[] {
    return [...this.#tickets.values()];
  }

  /** The tickets carrying that external id (Zendesk does not make external ids unique). */
  ticketsByExternalId(externalId: string): ZendeskTicket[] {
    return this.tickets().filter((t) => t.external_id === externalId);
  }

  /** Creates a ticket from the `ticket` object of `POST /api/v2/tickets`; 422 listing every invalid field. */
  createTicket(input: unknown): ZendeskTicket {
    const body = asObject(input);
    const { problems, add } = collectProblems();

    const comment = readComment(body['comment'], add);
    if (!comment) {
      add('base', 'Description: cannot be blank', 'BlankValue', 'description');
    }
    const fields = this.#readFields(body, add, { creating: true });
    const requester = this.#readRequester(body, add);
    if (Object.keys(problems).length > 0) throw ZendeskApiError.recordInvalid(problems);

    const at = this.#now().toISOString();
    const requesterId = requester === undefined ? this.#agent.id : this.#resolveRequester(requester, at);
    const first = comment as NonNullable<typeof comment>;
    const subject = fields.subject ?? truncate(first.plain, 80);
    const ticket: ZendeskTicket = {
      id: this.#nextTicketId++,
      external_id: fields.external_id ?? null,
      type: fields.type ?? null,
      subject,
      raw_subject: subject,
      description: first.plain,
      priority: fields.priority ?? null,
      status: fields.status ?? 'new',
      requester_id: requesterId,
      submitter_id: this.#agent.id,
      assignee_id: null,
      group_id: fields.group_id ?? null,
      tags: fields.tags ?? [],
      custom_fields: fields.custom_fields ?? [],
      is_public: first.public,
      created_at: at,
      updated_at: at,
      // The first comment is the requester's description, as when an agent opens a ticket on a customer's behalf.
      comments: [this.#comment(first, requesterId, at)],
    };
    this.#tickets.set(ticket.id, ticket);
    return ticket;
  }

  /** Applies the `ticket` object of `PUT /api/v2/tickets/{id}`: field changes and an optional new comment. */
  updateTicket(
    id: number,
    input: unknown,
  ): { ticket: ZendeskTicket; changes: Record<string, [unknown, unknown]> } {
    const ticket = this.#tickets.get(id);
    if (!ticket) throw ZendeskApiError.notFound();
    const body = asObject(input);
    const { problems, add } = collectProblems();
    if (ticket.status === 'closed')
      add('status', 'Status: closed prevents ticket update', 'ClosedPreventsUpdate');
    const comment = body['comment'] === undefined ? undefined : readComment(body['comment'], add);
    const fields = this.#readFields(body, add, { creating: false });
    const addTags =
      body['additional_tags'] === undefined ? [] : readTags(body['additional_tags'], 'additional_tags', add);
    const removeTags =
      body['remove_tags'] === undefined ? [] : readTags(body['remove_tags'], 'remove_tags', add);
    if (Object.keys(problems).length > 0) throw ZendeskApiError.recordInvalid(problems);

    const at = this.#now().toISOString();
    const changes: Record<string, [unknown, unknown]> = {};
    const set = <K extends keyof ZendeskTicket>(key: K, value: ZendeskTicket[K] | undefined) => {
      if (value === undefined || JSON.stringify(ticket[key]) === JSON.stringify(value)) return;
      changes[key] = [ticket[key], value];
      ticket[key] = value;
    };
    set('subject', fields.subject);
    if (fields.subject !== undefined) ticket.raw_subject = fields.subject;
    set('status', fields.status);
    set('priority', fields.priority);
    set('type', fields.type);
    set('group_id', fields.group_id);
    set('external_id', fields.external_id);
    set(
      'custom_fields',
      fields.custom_fields ? mergeCustomFields(ticket.custom_fields, fields.custom_fields) : undefined,
    );
    let tags = fields.tags ?? ticket.tags;
    tags = [...new Set([...tags, ...addTags])].filter((t) => !removeTags.includes(t));
    set('tags', tags);
    if (comment) ticket.comments.push(this.#comment(comment, this.#agent.id, at));
    if (comment || Object.keys(changes).length > 0) ticket.updated_at = at;
    return { ticket, changes };
  }

  /** A JSON view for `GET /_fake/state`. */
  snapshot(): Record<string, unknown> {
    return {
      agent: { id: this.#agent.id, name: this.#agent.name, email: this.#agent.email },
      users: [...this.#users.values()],
      groups: this.#groups,
      tickets: this.tickets(),
    };
  }

  #comment(comment: ParsedComment, authorId: number, at: string): ZendeskComment {
    return {
      id: this.#nextCommentId++,
      type: 'Comment',
      author_id: authorId,
      body: comment.plain,
      html_body: comment.html,
      plain_body: comment.plain,
      public: comment.public,
      created_at: at,
    };
  }

  #readFields(
    body: Record<string, unknown>,
    add: (field: string, description: string, error?: string) => void,
    options: { creating: boolean },
  ): TicketFields {
    const fields: TicketFields = {};
    const subject = body['subject'];
    if (subject !== undefined) {
      if (typeof subject !== 'string') add('subject', 'Subject: must be text');
      else if (subject.length > 150)
        add('subject', 'Subject: is too long (maximum is 150 characters)', 'TooLong');
      else fields.subject = subject;
    }
    const pick = (name: 'status' | 'priority' | 'type', allowed: string[]) => {
      const value = body[name];
      if (value === undefined || value === null) return;
      if (typeof value !== 'string' || !allowed.includes(value)) {
        add(name, `${capitalise(name)}: ${String(value)} is not valid`);
      } else {
        fields[name] = value;
      }
    };
    pick('status', STATUSES);
    pick('priority', PRIORITIES);
    pick('type', TYPES);
    if (options.creating && fields.status === 'closed')
      add('status', 'Status: closed is not valid for a new ticket');
    const groupId = body['group_id'];
    if (groupId !== undefined && groupId !== null) {
      if (!Number.isInteger(groupId) || !this.#groups.some((g) => g.id === groupId)) {
        add('group_id', `Group: ${String(groupId)} is not a valid group`);
      } else {
        fields.group_id = groupId as number;
      }
    }
    const externalId = body['external_id'];
    if (externalId !== undefined && externalId !== null) {
      if (typeof externalId !== 'string' && typeof externalId !== 'number')
        add('external_id', 'External ID: must be text');
      else fields.external_id = String(externalId);
    }
    if (body['tags'] !== undefined) fields.tags = readTags(body['tags'], 'tags', add);
    const custom = body['custom_fields'];
    if (custom !== undefined) {
      const valid =
        Array.isArray(custom) &&
        custom.every(
          (f) => f !== null && typeof f === 'object' && Number.isInteger((f as { id?: unknown }).id),
        );
      if (!valid)
        add('custom_fields', 'Custom fields: each must be an object with an integer id and a value');
      else
        fields.custom_fields = (custom as { id: number; value?: unknown }[]).map((f) => ({
          id: f.id,
          value: f.value ?? null,
        }));
    }
    return fields;
  }

  #readRequester(
    body: Record<string, unknown>,
    add: (field: string, description: string, error?: string) => void,
  ): { id: number } | { name: string; email: string } | undefined {
    const requesterId = body['requester_id'];
    if (requesterId !== undefined && requesterId !== null) {
      if (!Number.isInteger(requesterId) || !this.#users.has(requesterId as number)) {
        add('requester_id', `Requester: ${String(requesterId)} is not a valid user`);
        return undefined;
      }
      return { id: requesterId as number };
    }
    const requester = body['requester'];
    if (requester === undefined || requester === null) return undefined;
    const { name, email } = requester as { name?: unknown; email?: unknown };
    if (typeof email !== 'string' || !EMAIL.test(email.trim())) {
      add('requester', `Requester: Email: ${String(email ?? '')} is not properly formatted`);
      return undefined;
    }
    if (name !== undefined && typeof name !== 'string') {
      add('requester', 'Requester: Name: must be text');
      return undefined;
    }
    // Without a name Zendesk names the new user after the e-mail's local part.
    const trimmed = email.trim().toLowerCase();
    return {
      email: trimmed,
      name: typeof name === 'string' && name.trim() ? name.trim() : (trimmed.split('@')[0] as string),
    };
  }

  #resolveRequester(requester: { id: number } | { name: string; email: string }, at: string): number {
    if ('id' in requester) return requester.id;
    const existing = [...this.#users.values()].find((u) => u.email === requester.email);
    if (existing) return existing.id;
    const user: ZendeskUser = {
      id: this.#nextUserId++,
      name: requester.name,
      email: requester.email,
      role: 'end-user',
      created_at: at,
    };
    this.#users.set(user.id, user);
    return user.id;
  }
}

type TicketFields = Partial<
  Pick<
    ZendeskTicket,
    'subject' | 'status' | 'priority' | 'type' | 'group_id' | 'external_id' | 'tags' | 'custom_fields'
  >
>;

interface ParsedComment {
  plain: string;
  html: string;
  public: boolean;
}

function collectProblems(): {
  problems: Record<string, FieldProblem[]>;
  add: (field: string, description: string, error?: string, fieldKey?: string) => void;
} {
  const problems: Record<string, FieldProblem[]> = {};
  const add = (field: string, description: string, error = 'InvalidValue', fieldKey?: string) => {
    const list = problems[field] ?? [];
    problems[field] = list;
    list.push({ description, error, ...(fieldKey ? { field_key: fieldKey } : {}) });
  };
  return { problems, add };
}

function readComment(
  input: unknown,
  add: (field: string, description: string, error?: string) => void,
): ParsedComment | undefined {
  if (input === undefined || input === null) return undefined;
  if (typeof input !== 'object' || Array.isArray(input)) {
    add('comment', 'Comment: must be an object with body or html_body');
    return undefined;
  }
  const { body, html_body: htmlBody, public: isPublic } = input as Record<string, unknown>;
  if (isPublic !== undefined && typeof isPublic !== 'boolean')
    add('comment', 'Comment: public must be true or false');
  const text = typeof body === 'string' ? body : undefined;
  const html = typeof htmlBody === 'string' ? htmlBody : undefined;
  if ((text ?? '').trim() === '' && (html ?? '').trim() === '') return undefined;
  const plain = text ?? stripHtml(html as string);
  return {
    plain,
    html: html ?? `<div class="zd-comment"><p>${escapeHtml(plain)}</p></div>`,
    public: isPublic !== false,
  };
}

function readTags(
  input: unknown,
  field: string,
  add: (field: string, description: string, error?: string) => void,
): string[] {
  if (!Array.isArray(input) || !input.every((t) => typeof t === 'string')) {
    add(field, `${capitalise(field.replace('_', ' '))}: must be a list of strings`);
    return [];
  }
  // Zendesk tags are lower-case single words: spaces separate tags.
  return [...new Set((input as string[]).flatMap((t) => t.toLowerCase().split(/\s+/)).filter(Boolean))];
}

function mergeCustomFields(
  current: { id: number; value: unknown }[],
  changes: { id: number; value: unknown }[],
): { id: number; value: unknown }[] {
  const merged = new Map(current.map((f) => [f.id, f.value]));
  for (const change of changes) merged.set(change.id, change.value);
  return [...merged].map(([id, value]) => ({ id, value }));
}

function asObject(input: unknown): Record<string, unknown> {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw ZendeskApiError.recordInvalid({
      ticket: [{ description: 'Ticket: must be an object', error: 'InvalidValue' }],
    });
  }
  return input as Record<string, unknown>;
}

function stripHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function truncate(text: string, length: number): string {
  const line = text.split('\n')[0] ?? '';
  return line.length > length ? `${line.slice(0, length - 1)}…` : line;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
