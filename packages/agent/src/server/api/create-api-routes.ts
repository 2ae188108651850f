import { type Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { z } from 'zod';
import { AccessError } from '../../store/access/access-error.ts';
import { roleAtLeast } from '../../store/access/user-record.ts';
import { isStoreError } from '../../store/errors.ts';
import type { AuthEnv } from '../auth/principal.ts';
import { insufficientScope, requireApiAuth } from '../auth/require-api-auth.ts';
import { actionRoutes } from './actions-routes.ts';
import { type ApiDeps, type ResolvedApiDeps, resolveApiDeps } from './api-deps.ts';
import { ApiError, type ApiFieldError, apiErrorResponse } from './api-error.ts';
import { type AnyApiRoute, defineApiRoute } from './api-route.ts';
import { JsonObject, responseSchema } from './api-schemas.ts';
import { connectionRoutes } from './connections-routes.ts';
import { eventRoutes } from './events-routes.ts';
import { meRoutes } from './me-route.ts';
import { acceptsArray, buildOpenApiDocument, type OpenApiDocument } from './openapi-document.ts';
import { reportRoutes } from './reports-routes.ts';
import { runRoutes } from './runs-routes.ts';
import { tokenRoutes } from './tokens-routes.ts';

/**
 * Where the REST API is mounted.
 *
 * @example
 * import { API_BASE_PATH } from './create-api-routes.ts';
 * console.log(`${API_BASE_PATH}/runs`); // '/api/v1/runs'
 */
export const API_BASE_PATH = '/api/v1';

/** Largest JSON body accepted (1 MiB): action inputs are small; anything bigger is a mistake or an attack. */
const MAX_BODY_BYTES = 1024 * 1024;

const OpenApiJson = responseSchema('OpenApiDocument', JsonObject, 'An OpenAPI 3.1 document.');

const documents = new Map<string, OpenApiDocument>();

/**
 * The OpenAPI 3.1 document of the REST API (built once per server URL).
 *
 * @example
 * import { apiOpenApiDocument } from './create-api-routes.ts';
 * const doc = apiOpenApiDocument({ publicUrl: 'https://ops.example.com' });
 * console.log(doc.servers[0]?.url); // 'https://ops.example.com/api/v1'
 */
export function apiOpenApiDocument(options: { publicUrl?: string | null } = {}): OpenApiDocument {
  const serverUrl = `${(options.publicUrl ?? '').replace(/\/+$/, '')}${API_BASE_PATH}`;
  let document = documents.get(serverUrl);
  if (!document) {
    document = buildOpenApiDocument(API_ROUTES, { serverUrl });
    documents.set(serverUrl, document);
  }
  return document;
}

const openApiRoute = defineApiRoute({
  method: 'get',
  path: '/openapi.json',
  operationId: 'getOpenApiDocument',
  tag: 'meta',
  summary: 'OpenAPI document',
  description: 'This API described as OpenAPI 3.1, generated from the same schemas that validate requests.',
  scope: 'read',
  role: 'viewer',
  response: OpenApiJson,
  async handler({ deps }) {
    return apiOpenApiDocument({ publicUrl: deps.publicUrl }) as unknown as Record<string, unknown>;
  },
});

/**
 * Every endpoint of the REST API, in the order of the reference.
 *
 * @example
 * import { API_ROUTES } from './create-api-routes.ts';
 * for (const route of API_ROUTES) console.log(route.method.toUpperCase(), route.path);
 */
export const API_ROUTES: readonly AnyApiRoute[] = Object.freeze([
  ...meRoutes,
  ...eventRoutes,
  ...runRoutes,
  ...actionRoutes,
  ...reportRoutes,
  ...connectionRoutes,
  ...tokenRoutes,
  openApiRoute,
]);

/**
 * The REST API as a Hono app, to mount at `/api/v1`:
 *
 * ```ts
 * app.route('/api/v1', createApiRoutes({ store, registry, auth, engine, logger, connections, publicUrl }));
 * ```
 *
 * Every request is authenticated first (`requireApiAuth`: bearer token, or session plus CSRF) — unknown paths
 * included, so the API reveals nothing to anonymous callers. Then each route checks its scope and role, validates
 * its path parameters, query and JSON body with zod (400 `invalid_request` listing every field), runs, and checks
 * its own answer against the response schema the OpenAPI document publishes. Errors are
 * `{ error: { code, message, fields? } }`.
 *
 * @example
 * import { Hono } from 'hono';
 * import { registry } from '../../connectors/registry.ts';
 * import { createAuth } from '../auth/auth-options.ts';
 * import { createApiRoutes } from './create-api-routes.ts';
 * const auth = createAuth({ store });
 * const app = new Hono();
 * app.route('/api/v1', createApiRoutes({ store, registry, auth }));
 */
export function createApiRoutes(deps: ApiDeps): Hono<AuthEnv> {
  const resolved = resolveApiDeps(deps);
  const app = new Hono<AuthEnv>();
  app.use('*', requireApiAuth(resolved.auth));
  app.use(
    '*',
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        apiErrorResponse(c, new ApiError(413, 'payload_too_large', 'the body is larger than 1 MiB')),
    }),
  );
  for (const route of API_ROUTES) {
    app.on(route.method.toUpperCase(), route.path, (c) => serve(route, c, resolved));
  }
  app.all('*', () => {
    throw new ApiError(404, 'not_found', 'no such endpoint; see GET /api/v1/openapi.json');
  });
  app.onError((error, c) => apiErrorResponse(c, toApiError(error, resolved)));
  return app;
}

async function serve(route: AnyApiRoute, c: Context<AuthEnv>, deps: ResolvedApiDeps): Promise<Response> {
  const principal = c.get('principal');
  if (route.sessionOnly && principal.kind !== 'session') {
    throw new ApiError(
      403,
      'session_required',
      'only a signed-in browser session can do this, not an API token',
    );
  }
  if (!principal.scopes.includes(route.scope)) throw insufficientScope(route.scope);
  if (!roleAtLeast(principal.user.role, route.role)) {
    throw new ApiError(403, 'forbidden', `this needs the ${route.role} role or higher`);
  }
  const fields: ApiFieldError[] = [];
  const params = parsePart(route.params, c.req.param(), 'params', fields);
  const query = parsePart(route.query, route.query ? rawQuery(c, route.query) : {}, 'query', fields);
  const body = route.body
    ? parsePart(route.body, await readJsonBody(c, route.body), 'body', fields)
    : undefined;
  if (fields.length > 0) {
    throw new ApiError(400, 'invalid_request', fields.map((f) => `${f.path}: ${f.message}`).join('; '), {
      fields,
    });
  }
  const result = await route.handler({ params, query, body, principal, deps, c });
  c.header('cache-control', 'no-store');
  return c.json(route.response.parse(result), route.status ?? 200);
}

function parsePart(
  schema: z.ZodType | undefined,
  value: unknown,
  where: 'params' | 'query' | 'body',
  fields: ApiFieldError[],
): unknown {
  if (!schema) return {};
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  for (const issue of parsed.error.issues) {
    fields.push({ path: [where, ...issue.path.map(String)].join('.'), message: issue.message });
  }
  return undefined;
}

/** Query values as the schema wants them: arrays for repeatable fields, the first value otherwise. */
function rawQuery(c: Context, schema: z.ZodObject): Record<string, unknown> {
  const all = c.req.queries();
  const shape = schema.shape as Record<string, z.ZodType>;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape)) {
    const values = all[name];
    if (!values || values.length === 0) continue;
    out[name] = acceptsArray(field) ? values : values[0];
  }
  return out;
}

async function readJsonBody(c: Context, schema: z.ZodType): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') {
    // An empty body stands for "all defaults" when the schema allows that (e.g. a replay without options).
    if (schema.safeParse({}).success) return {};
    throw new ApiError(400, 'invalid_request', 'a JSON body is required', {
      fields: [{ path: 'body', message: 'is required' }],
    });
  }
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/([a-z0-9.+-]+\+)?json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid_json', 'the body is not valid JSON');
  }
}

function toApiError(error: unknown, deps: ResolvedApiDeps): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof AccessError) {
    const status = error.code === 'not_found' ? 404 : error.code === 'email_taken' ? 409 : 400;
    return new ApiError(status, error.code, error.message, {
      ...(error.fields.length > 0
        ? { fields: error.fields.map((f) => ({ path: `body.${f.path}`, message: f.message })) }
        : {}),
    });
  }
  if (isStoreError(error, 'unavailable', 'closed')) {
    return new ApiError(503, 'unavailable', 'the database is unavailable; try again shortly', {
      headers: { 'retry-after': '5' },
    });
  }
  if (isStoreError(error, 'not_found')) return new ApiError(404, 'not_found', error.message);
  if (isStoreError(error, 'conflict')) return new ApiError(409, 'conflict', error.message);
  if (isStoreError(error, 'invalid')) return new ApiError(400, 'invalid_request', error.message);
  deps.logger.error(
    { err: error, invalidResponse: error instanceof z.ZodError },
    'unhandled error in a REST API handler',
  );
  return new ApiError(500, 'internal', 'an unexpected error happened; see the server log');
}
