import { Hono } from 'hono';
import { type Clock, createFakeHost, type FakeHandle } from '../internal/fake-host.ts';
import { matchesAny } from '../internal/secure-compare.ts';
import { createTicketsRoutes } from './tickets-routes.ts';
import { ZendeskApiError } from './zendesk-error.ts';
import { type ZendeskSeed, ZendeskState } from './zendesk-state.ts';

/**
 * The API token the Zendesk fake accepts unless told otherwise. Not a secret: it only opens the fake.
 *
 * @example
 * const basic = Buffer.from(`${DEFAULT_ZENDESK_AGENT_EMAIL}/token:${DEFAULT_ZENDESK_API_TOKEN}`).toString('base64');
 */
export const DEFAULT_ZENDESK_API_TOKEN = 'hotpilot-fake-zendesk-api-token-0000000000';

/**
 * Options of the Zendesk fake: the agent and API tokens that authenticate, groups, the clock and the log size.
 *
 * @example
 * const options: ZendeskFakeOptions = { apiTokens: ['tok'], groups: [{ id: 360000000101, name: 'Refunds' }] };
 */
export interface ZendeskFakeOptions extends ZendeskSeed {
  apiTokens?: string[];
  now?: Clock;
  requestLogCapacity?: number;
}

/**
 * The Zendesk fake: tickets (create, show, update, list by external id, search), comments, groups, current user.
 * `authorizationHeader()` builds the Basic header of the configured agent and first token.
 *
 * @example
 * const zendesk: ZendeskFake = createZendeskFake();
 * const headers = { authorization: zendesk.authorizationHeader() };
 */
export type ZendeskFake = FakeHandle<ZendeskState> & {
  readonly agentEmail: string;
  readonly apiTokens: readonly string[];
  authorizationHeader(): string;
};

/**
 * Creates the Zendesk fake. Requests authenticate with API-token Basic auth,
 * `Authorization: Basic base64("{email}/token:{api_token}")`
 * (https://developer.zendesk.com/api-reference/introduction/security-and-auth/#api-token); anything else is 401
 * `{"error":"Couldn't authenticate you"}`. Any host is accepted: the fake stands in for `{subdomain}.zendesk.com`.
 *
 * @example
 * const zendesk = createZendeskFake({ groups: [{ id: 360000000101, name: 'Refunds' }] });
 */
export function createZendeskFake(options: ZendeskFakeOptions = {}): ZendeskFake {
  const now = options.now ?? (() => new Date());
  const apiTokens = options.apiTokens?.length ? [...options.apiTokens] : [DEFAULT_ZENDESK_API_TOKEN];
  const state = new ZendeskState(options, now);
  const api = new Hono();
  api.use('*', async (c, next) => {
    if (!authenticated(c.req.header('authorization'), state.agent.email, apiTokens)) {
      return Response.json(
        { error: "Couldn't authenticate you" },
        { status: 401, headers: { 'www-authenticate': 'Basic realm="Web Password"' } },
      );
    }
    await next();
  });
  api.route('/', createTicketsRoutes(state, { now }));
  api.notFound(() => ZendeskApiError.notFound().toResponse());

  const host = createFakeHost({
    api,
    state,
    now,
    requestLogCapacity: options.requestLogCapacity ?? 1000,
    // Zendesk accepts every endpoint with or without `.json`.
    normalizePath: (path) => path.replace(/\.json$/, ''),
    mapError: (error) => (error instanceof ZendeskApiError ? error.toResponse() : undefined),
    failures: {
      // The 429 body is plain text, with Retry-After and the account's limit headers.
      rateLimited: ({ retryAfterSeconds }) =>
        new Response('Number of allowed API requests per minute exceeded', {
          status: 429,
          headers: {
            'content-type': 'text/plain',
            'retry-after': String(retryAfterSeconds),
            'x-rate-limit': '700',
            'x-rate-limit-remaining': '0',
          },
        }),
      serverError: ({ status }) =>
        Response.json(
          {
            error: {
              title: status === 503 ? 'Service Unavailable' : 'Internal Server Error',
              message: 'The server encountered an error; retry later.',
            },
          },
          { status },
        ),
    },
  });
  return {
    ...host,
    state,
    agentEmail: state.agent.email,
    apiTokens,
    authorizationHeader: () =>
      `Basic ${Buffer.from(`${state.agent.email}/token:${apiTokens[0] as string}`).toString('base64')}`,
  };
}

function authenticated(header: string | undefined, agentEmail: string, tokens: readonly string[]): boolean {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec((header ?? '').trim());
  if (!match) return false;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const separator = decoded.indexOf(':');
  if (separator === -1) return false;
  const user = decoded.slice(0, separator);
  const secret = decoded.slice(separator + 1);
  // Only API-token auth: `{email}/token`. Password auth is off for new Zendesk accounts.
  if (!user.toLowerCase().endsWith('/token')) return false;
  const email = user.slice(0, -'/token'.length).toLowerCase();
  const tokenOk = matchesAny(secret, tokens);
  return email === agentEmail && tokenOk;
}
