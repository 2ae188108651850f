import { z } from 'zod';
import {
  type VendorHttp,
  type VendorHttpRequest,
  type VendorHttpResponse,
  vendorHttpFor,
  vendorUrl,
} from '../http.ts';
import { BaseUrlSettings, type ConnectionTestContext } from '../kit.ts';

/**
 * HubSpot's API host (https://developers.hubspot.com/docs/api-reference/overview).
 *
 * @example
 * import { HUBSPOT_BASE_URL } from './hubspot-client.ts';
 * new URL('/crm/v3/objects/contacts', HUBSPOT_BASE_URL).toString();
 */
export const HUBSPOT_BASE_URL = 'https://api.hubapi.com';

/**
 * Credentials of a HubSpot connection: a private app access token (`pat-na1-…`), sent as `Authorization: Bearer`
 * (https://developers.hubspot.com/docs/guides/apps/private-apps/overview#make-api-calls-with-your-app-s-access-token).
 *
 * @example
 * import { hubspotCredentials } from './hubspot-client.ts';
 * hubspotCredentials.parse({ accessToken: 'pat-na1-11111111-2222-3333-4444-555555555555' });
 */
export const hubspotCredentials = z.strictObject({
  accessToken: z
    .string()
    .trim()
    .min(1)
    .regex(/^\S+$/, 'must be one token without spaces (the private app access token)'),
});

/**
 * Parsed HubSpot credentials.
 *
 * @example
 * import type { HubspotCredentials } from './hubspot-client.ts';
 * const credentials: HubspotCredentials = { accessToken: 'pat-na1-…' };
 */
export type HubspotCredentials = z.infer<typeof hubspotCredentials>;

/**
 * Settings of a HubSpot connection: only the base URL override (tests and the demo point it at the fake).
 *
 * @example
 * import { hubspotSettings } from './hubspot-client.ts';
 * hubspotSettings.parse({ baseUrl: 'http://127.0.0.1:4010' });
 */
export const hubspotSettings = BaseUrlSettings;

/**
 * A CRM record as HubSpot returns it (`SimplePublicObject`), parsed loosely: unknown fields pass through.
 *
 * @example
 * import { hubspotRecord } from './hubspot-client.ts';
 * hubspotRecord.parse({ id: '101', properties: { email: 'ana@example.com' } }).id; // '101'
 */
export const hubspotRecord = z.looseObject({
  id: z.string(),
  properties: z.record(z.string(), z.string().nullable()).default({}),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
});

/**
 * A property value as callers give it; HubSpot stores every value as text, so numbers and booleans are sent as
 * their text form.
 *
 * @example
 * import { propertyValue } from './hubspot-client.ts';
 * propertyValue.parse(19.9); // 19.9
 */
export const propertyValue = z.union([z.string(), z.number(), z.boolean()]);

/**
 * Free properties an action passes through to HubSpot by their internal names.
 *
 * @example
 * import { freeProperties } from './hubspot-client.ts';
 * freeProperties.parse({ hotmart_product: 'Course A' });
 */
export const freeProperties = z.record(
  z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be a HubSpot internal property name (lowercase, digits, _)'),
  propertyValue,
);

/**
 * HubSpot's `VALIDATION_ERROR` and friends carry the category at the top level; batch answers put failures in
 * `errors[]` with the same shape (https://developers.hubspot.com/docs/api-reference/error-handling).
 */
const errorBody = z.looseObject({
  category: z.string().optional(),
  errorType: z.string().optional(),
  message: z.string().optional(),
});

/**
 * The HubSpot API as one connection sees it: a vendor HTTP client with the bearer token, and URL building against
 * the connection's base URL.
 *
 * @example
 * import { hubspotClient } from './hubspot-client.ts';
 * async function firstContact(ctx: Parameters<typeof hubspotClient>[0]) {
 *   const hubspot = hubspotClient(ctx);
 *   return hubspot.send({ method: 'GET', path: '/crm/v3/objects/contacts', query: { limit: 1 }, idempotent: true });
 * }
 */
export interface HubspotClient {
  readonly http: VendorHttp;
  send(request: {
    method: VendorHttpRequest['method'];
    path: string;
    query?: Record<string, string | number | boolean | undefined>;
    body?: unknown;
    idempotent: boolean;
    operation?: string;
  }): Promise<VendorHttpResponse>;
}

/**
 * Creates the client for one call of an action or connection test.
 *
 * @example
 * import { hubspotClient } from './hubspot-client.ts';
 * const hubspot = hubspotClient(ctx);
 * await hubspot.send({ method: 'GET', path: '/crm/v3/objects/contacts', query: { limit: 1 }, idempotent: true });
 */
export function hubspotClient(ctx: ConnectionTestContext<HubspotCredentials>): HubspotClient {
  const { accessToken } = ctx.connection.credentials;
  const base =
    typeof ctx.connection.settings['baseUrl'] === 'string'
      ? ctx.connection.settings['baseUrl']
      : HUBSPOT_BASE_URL;
  const http = vendorHttpFor(ctx, {
    vendor: 'hubspot',
    redact: [accessToken],
    describeError: (body) => {
      const parsed = errorBody.safeParse(body);
      if (!parsed.success) return typeof body === 'string' ? { message: body.slice(0, 500) } : {};
      return { code: parsed.data.category ?? parsed.data.errorType, message: parsed.data.message };
    },
  });
  return {
    http,
    send: (request) =>
      http.request({
        method: request.method,
        url: vendorUrl(base, request.path, request.query),
        headers: { authorization: `Bearer ${accessToken}` },
        body: request.body,
        idempotent: request.idempotent,
        signal: ctx.signal,
        ...(request.operation ? { operation: request.operation } : {}),
      }),
  };
}

/**
 * Property values as HubSpot stores them: text, with `undefined` entries left out.
 *
 * @example
 * import { toPropertyText } from './hubspot-client.ts';
 * toPropertyText({ amount: 19.9, firstname: undefined }); // { amount: '19.9' }
 */
export function toPropertyText(
  values: Record<string, string | number | boolean | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(values)) if (value !== undefined) out[name] = String(value);
  return out;
}

const searchPage = z.looseObject({ total: z.number().optional(), results: z.array(hubspotRecord) });

/**
 * Finds the records whose property equals a value with the CRM search API
 * (https://developers.hubspot.com/docs/api-reference/legacy/crm/search; `POST /crm/v3/objects/{type}/search`),
 * oldest first so a duplicate left by an earlier race resolves to the original. Searching is a read, so it is
 * retried freely. HubSpot's search index trails writes by a few seconds: callers that create after searching
 * also handle the 409 a unique property gives (see `upsert-deal.ts`).
 *
 * @example
 * import { hubspotClient, searchByProperty } from './hubspot-client.ts';
 * const deals = await searchByProperty(hubspotClient(ctx), 'deals', 'hotmart_transaction', 'HP1234');
 */
export async function searchByProperty(
  hubspot: HubspotClient,
  objectType: string,
  property: string,
  value: string,
  properties: readonly string[] = [],
): Promise<z.infer<typeof hubspotRecord>[]> {
  const response = await hubspot.send({
    method: 'POST',
    path: `/crm/v3/objects/${objectType}/search`,
    body: {
      filterGroups: [{ filters: [{ propertyName: property, operator: 'EQ', value }] }],
      properties: [...new Set([property, ...properties])],
      sorts: [{ propertyName: 'hs_object_id', direction: 'ASCENDING' }],
      limit: 10,
    },
    idempotent: true,
    operation: `${objectType}.search`,
  });
  return hubspot.http.parse(searchPage, response).results;
}

/**
 * Reads one record by the value of a unique property (`GET /crm/v3/objects/{type}/{value}?idProperty=…`,
 * https://developers.hubspot.com/docs/api-reference/legacy/crm/objects/deals/basic/get-crm-v3-objects-deals-dealId).
 * Unlike search this reads the database, not the index, so it sees a record created a moment ago. `null` when
 * HubSpot answers 404.
 *
 * @example
 * import { getByUniqueProperty, hubspotClient } from './hubspot-client.ts';
 * const deal = await getByUniqueProperty(hubspotClient(ctx), 'deals', 'hotmart_transaction', 'HP1234');
 */
export async function getByUniqueProperty(
  hubspot: HubspotClient,
  objectType: string,
  property: string,
  value: string,
  properties: readonly string[] = [],
): Promise<z.infer<typeof hubspotRecord> | null> {
  try {
    const response = await hubspot.send({
      method: 'GET',
      path: `/crm/v3/objects/${objectType}/${encodeURIComponent(value)}`,
      query: { idProperty: property, properties: properties.length > 0 ? properties.join(',') : undefined },
      idempotent: true,
      operation: `${objectType}.get`,
    });
    return hubspot.http.parse(hubspotRecord, response);
  } catch (error) {
    if ((error as { status?: unknown }).status === 404) return null;
    throw error;
  }
}

/**
 * The association type ids HubSpot defines for the pairs the connector links
 * (https://developers.hubspot.com/docs/api-reference/legacy/crm/associations/association-details/guide#association-type-id-values).
 *
 * @example
 * import { ASSOCIATION_TYPE } from './hubspot-client.ts';
 * ASSOCIATION_TYPE.dealToContact; // 3
 */
export const ASSOCIATION_TYPE = {
  dealToContact: 3,
  noteToContact: 202,
  noteToDeal: 214,
  /** A lead's primary contact: required on create (https://developers.hubspot.com/docs/api-reference/crm-leads-v3/guide). */
  leadToPrimaryContact: 578,
} as const;

/**
 * One `associations[]` entry of a create body.
 *
 * @example
 * import { association } from './hubspot-client.ts';
 * association('101', 3); // { to: { id: '101' }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: 3 }] }
 */
export function association(toId: string, associationTypeId: number) {
  return { to: { id: toId }, types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId }] };
}
