import { randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { type Clock, createFakeHost, type FakeHandle } from '../internal/fake-host.ts';
import { matchesAny } from '../internal/secure-compare.ts';
import { createAssociationsRoutes } from './associations-routes.ts';
import { createCrmObjectsRoutes } from './crm-objects-routes.ts';
import { HubspotApiError } from './hubspot-error.ts';
import { type HubspotSeed, HubspotState } from './hubspot-state.ts';
import { createListsRoutes } from './lists-routes.ts';

/**
 * The private-app token the HubSpot fake accepts unless told otherwise. Not a secret: it only opens the fake.
 *
 * @example
 * fetch(`${url}/crm/v3/objects/contacts`, { headers: { authorization: `Bearer ${DEFAULT_HUBSPOT_TOKEN}` } });
 */
export const DEFAULT_HUBSPOT_TOKEN = 'pat-na1-00000000-0000-4000-8000-hotpilotfake';

/**
 * Options of the HubSpot fake: accepted private-app tokens, the seed, the clock and the request log size.
 *
 * @example
 * const options: HubspotFakeOptions = { accessTokens: ['pat-na1-test'] };
 */
export interface HubspotFakeOptions extends HubspotSeed {
  accessTokens?: string[];
  now?: Clock;
  requestLogCapacity?: number;
}

/**
 * The HubSpot fake: CRM v3 objects (contacts, deals, notes, leads), search, batch upsert, properties, pipelines,
 * associations v4 and static lists v3.
 *
 * @example
 * const hubspot: HubspotFake = createHubspotFake();
 */
export type HubspotFake = FakeHandle<HubspotState> & { readonly accessTokens: readonly string[] };

// HubSpot's rate-limit answer (https://developers.hubspot.com/docs/api/usage-details#error-responses): a 429 whose
// body names the policy that was hit, with the window headers; the fake adds `Retry-After` as the brief requires.
const RATE_LIMIT_WINDOW_MS = 10_000;
const RATE_LIMIT_MAX = 100;

const AUTH_MESSAGE =
  'Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview';

/**
 * Creates the HubSpot fake. Every API route wants `Authorization: Bearer <private-app token>`; a missing or wrong
 * token answers 401 `INVALID_AUTHENTICATION`.
 *
 * @example
 * const hubspot = createHubspotFake({
 *   customProperties: { deals: [{ name: 'hotmart_transaction', label: 'Transaction', type: 'string', fieldType: 'text', groupName: 'dealinformation', hasUniqueValue: true }] },
 * });
 * hubspot.state.create('contacts', { email: 'ana@example.com' });
 */
export function createHubspotFake(options: HubspotFakeOptions = {}): HubspotFake {
  const now = options.now ?? (() => new Date());
  const accessTokens = options.accessTokens?.length ? [...options.accessTokens] : [DEFAULT_HUBSPOT_TOKEN];
  const state = new HubspotState(options, now);
  const api = new Hono();
  api.use('*', async (c, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec((c.req.header('authorization') ?? '').trim());
    if (!match || !matchesAny(match[1] as string, accessTokens)) {
      return new HubspotApiError(401, 'INVALID_AUTHENTICATION', AUTH_MESSAGE).toResponse();
    }
    await next();
  });
  api.route('/', createCrmObjectsRoutes(state));
  api.route('/', createAssociationsRoutes(state));
  api.route('/', createListsRoutes(state));
  api.notFound(() => HubspotApiError.notFound('resource not found').toResponse());

  const host = createFakeHost({
    api,
    state,
    now,
    requestLogCapacity: options.requestLogCapacity ?? 1000,
    mapError: (error) => (error instanceof HubspotApiError ? error.toResponse() : undefined),
    failures: {
      rateLimited: ({ retryAfterSeconds }) =>
        Response.json(
          {
            status: 'error',
            message: 'You have reached your ten_secondly_rolling limit.',
            errorType: 'RATE_LIMIT',
            correlationId: randomUUID(),
            policyName: 'TEN_SECONDLY_ROLLING',
            requestId: randomUUID(),
          },
          {
            status: 429,
            headers: {
              'retry-after': String(retryAfterSeconds),
              'x-hubspot-ratelimit-interval-milliseconds': String(RATE_LIMIT_WINDOW_MS),
              'x-hubspot-ratelimit-max': String(RATE_LIMIT_MAX),
              'x-hubspot-ratelimit-remaining': '0',
            },
          },
        ),
      serverError: ({ status }) =>
        new HubspotApiError(status, 'INTERNAL_ERROR', 'internal error').toResponse(),
    },
  });
  return { ...host, state, accessTokens };
}
