import { z } from 'zod';
import {
  describeErrorBody,
  type VendorHttp,
  type VendorHttpRequest,
  type VendorHttpResponse,
  vendorHttpFor,
  vendorUrl,
} from '../http.ts';
import { BaseUrlSettings, type ConnectionTestContext } from '../kit.ts';

/**
 * Credentials of a Zendesk connection: the account's subdomain, an agent's e-mail and an API token. Requests use
 * API-token Basic auth, `base64("{email}/token:{api_token}")`
 * (https://developer.zendesk.com/api-reference/introduction/security-and-auth/#api-token).
 *
 * @example
 * import { zendeskCredentials } from './zendesk-client.ts';
 * zendeskCredentials.parse({ subdomain: 'acme', email: 'agent@acme.com', apiToken: 'abc123' });
 */
export const zendeskCredentials = z.strictObject({
  /** `acme` for `https://acme.zendesk.com`. */
  subdomain: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9][a-z0-9-]*$/, 'must be the account subdomain, e.g. acme for acme.zendesk.com'),
  /** The agent or admin the token acts as. */
  email: z.email(),
  apiToken: z.string().trim().min(1),
});

/**
 * Parsed Zendesk credentials.
 *
 * @example
 * import type { ZendeskCredentials } from './zendesk-client.ts';
 * const credentials: ZendeskCredentials = { subdomain: 'acme', email: 'agent@acme.com', apiToken: '…' };
 */
export type ZendeskCredentials = z.infer<typeof zendeskCredentials>;

/**
 * Settings of a Zendesk connection: a base URL overriding `https://{subdomain}.zendesk.com`.
 *
 * @example
 * import { zendeskSettings } from './zendesk-client.ts';
 * zendeskSettings.parse({ baseUrl: 'http://127.0.0.1:4020' });
 */
export const zendeskSettings = BaseUrlSettings;

/**
 * A ticket as the Tickets API returns it, parsed loosely
 * (https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format).
 *
 * @example
 * import { zendeskTicket } from './zendesk-client.ts';
 * zendeskTicket.parse({ id: 1, status: 'new', subject: 'Refund', external_id: 'HP1', tags: [] }).id; // 1
 */
export const zendeskTicket = z.looseObject({
  id: z.number(),
  url: z.string().optional(),
  status: z.string(),
  subject: z.string().nullable().optional(),
  external_id: z.string().nullable().optional(),
  requester_id: z.number().nullable().optional(),
  group_id: z.number().nullable().optional(),
  priority: z.string().nullable().optional(),
  tags: z.array(z.string()).default([]),
  created_at: z.string().optional(),
  updated_at: z.string().optional(),
});

/**
 * The ticket fields hotpilot's actions return.
 *
 * @example
 * import { ticketSummary } from './zendesk-client.ts';
 * ticketSummary.parse({ id: 1, status: 'new', subject: 'Refund', externalId: null, requesterId: 9, groupId: null,
 *   priority: null, tags: [] });
 */
export const ticketSummary = z.strictObject({
  id: z.number(),
  status: z.string(),
  subject: z.string().nullable(),
  externalId: z.string().nullable(),
  requesterId: z.number().nullable(),
  groupId: z.number().nullable(),
  priority: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/**
 * A ticket reduced to the summary actions return.
 *
 * @example
 * import { summarizeTicket } from './zendesk-client.ts';
 * summarizeTicket({ id: 1, status: 'open', tags: ['refund'] }).externalId; // null
 */
export function summarizeTicket(ticket: z.infer<typeof zendeskTicket>): z.infer<typeof ticketSummary> {
  return {
    id: ticket.id,
    status: ticket.status,
    subject: ticket.subject ?? null,
    externalId: ticket.external_id ?? null,
    requesterId: ticket.requester_id ?? null,
    groupId: ticket.group_id ?? null,
    priority: ticket.priority ?? null,
    tags: ticket.tags,
    ...(ticket.created_at ? { createdAt: ticket.created_at } : {}),
    ...(ticket.updated_at ? { updatedAt: ticket.updated_at } : {}),
  };
}

/**
 * The Zendesk API as one connection sees it.
 *
 * @example
 * import { zendeskClient } from './zendesk-client.ts';
 * const zendesk = zendeskClient(ctx);
 * await zendesk.send({ method: 'GET', path: '/api/v2/users/me', idempotent: true });
 */
export interface ZendeskClient {
  readonly http: VendorHttp;
  send(request: {
    method: VendorHttpRequest['method'];
    path: string;
    query?: Record<string, string | number | boolean | undefined>;
    body?: unknown;
    headers?: Record<string, string>;
    idempotent: boolean;
    operation?: string;
  }): Promise<VendorHttpResponse>;
}

/**
 * Creates the client for one call of an action or connection test.
 *
 * @example
 * import { zendeskClient } from './zendesk-client.ts';
 * const me = await zendeskClient(ctx).send({ method: 'GET', path: '/api/v2/users/me', idempotent: true });
 */
export function zendeskClient(ctx: ConnectionTestContext<ZendeskCredentials>): ZendeskClient {
  const { subdomain, email, apiToken } = ctx.connection.credentials;
  const configured = ctx.connection.settings['baseUrl'];
  const base = typeof configured === 'string' ? configured : `https://${subdomain}.zendesk.com`;
  const basic = Buffer.from(`${email}/token:${apiToken}`).toString('base64');
  const http = vendorHttpFor(ctx, {
    vendor: 'zendesk',
    redact: [apiToken, basic],
    // Errors are `{ error: 'RecordInvalid', description, details }`, `{ error: "Couldn't authenticate you" }` or,
    // for 5xx, `{ error: { title, message } }` (https://developer.zendesk.com/api-reference/introduction/requests/).
    // `details` names the invalid fields: kept in the message, which never holds credentials.
    describeError: (body, status) => {
      const described = describeErrorBody(body, status);
      const details = (body as { details?: unknown } | null)?.details;
      if (details && typeof details === 'object') {
        const fields = Object.entries(details as Record<string, unknown>)
          .flatMap(([field, problems]) =>
            Array.isArray(problems)
              ? problems.map(
                  (p) => `${field}: ${String((p as { description?: unknown }).description ?? 'invalid')}`,
                )
              : [],
          )
          .join('; ');
        if (fields) return { code: described.code, message: `${described.message ?? 'invalid'} (${fields})` };
      }
      return described;
    },
  });
  return {
    http,
    send: (request) =>
      http.request({
        method: request.method,
        url: vendorUrl(base, request.path, request.query),
        headers: { authorization: `Basic ${basic}`, ...request.headers },
        body: request.body,
        idempotent: request.idempotent,
        signal: ctx.signal,
        ...(request.operation ? { operation: request.operation } : {}),
      }),
  };
}

const ticketList = z.looseObject({ tickets: z.array(zendeskTicket) });

/**
 * The tickets carrying an external id, oldest first (`GET /api/v2/tickets?external_id=…`: "External ids don't have
 * to be unique for each ticket; the request may return multiple tickets",
 * https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#list-tickets). A read of the database, not
 * of the search index, so a ticket created a moment ago is found.
 *
 * @example
 * import { ticketsByExternalId, zendeskClient } from './zendesk-client.ts';
 * const [ticket] = await ticketsByExternalId(zendeskClient(ctx), 'HP1234');
 */
export async function ticketsByExternalId(
  zendesk: ZendeskClient,
  externalId: string,
): Promise<z.infer<typeof zendeskTicket>[]> {
  const response = await zendesk.send({
    method: 'GET',
    path: '/api/v2/tickets',
    query: { external_id: externalId },
    idempotent: true,
    operation: 'tickets.list',
  });
  return zendesk.http.parse(ticketList, response).tickets.sort((a, b) => a.id - b.id);
}
