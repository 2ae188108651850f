import type { Context } from 'hono';
import type { z } from 'zod';
import type { ApiScope } from '../../store/access/api-tokens.ts';
import type { UserRole } from '../../store/access/user-record.ts';
import type { AuthEnv, Principal } from '../auth/principal.ts';
import type { ResolvedApiDeps } from './api-deps.ts';

/**
 * What a route handler receives: the parsed path parameters, query and body, who is calling, the API's
 * dependencies, and the Hono context (for headers).
 *
 * @example
 * import type { ApiRouteContext } from './api-route.ts';
 * const who = (ctx: ApiRouteContext<{ id: string }, object, undefined>) => `${ctx.principal.user.email} → ${ctx.params.id}`;
 */
export interface ApiRouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  principal: Principal;
  deps: ResolvedApiDeps;
  c: Context<AuthEnv>;
}

/**
 * One REST endpoint, declared once: the Hono route, the access rule, the validation and the OpenAPI operation are
 * all built from it, so the document can't drift from what the server does.
 *
 * @example
 * import type { ApiRoute } from './api-route.ts';
 * const describeRoute = (route: ApiRoute) => `${route.method.toUpperCase()} ${route.path} (${route.scope})`;
 */
export interface ApiRoute<
  PS extends z.ZodObject = z.ZodObject,
  QS extends z.ZodObject = z.ZodObject,
  BS extends z.ZodType = z.ZodType,
  RS extends z.ZodType = z.ZodType,
> {
  method: 'get' | 'post' | 'delete';
  /** Hono path relative to `/api/v1`, e.g. `/runs/:id/replay`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  /** The scope a caller needs (a route may demand more inside, e.g. `write` for write actions). */
  scope: ApiScope;
  /** The least role a caller's user needs. */
  role: UserRole;
  /** Only a signed-in browser may call it, not an API token (minting tokens). */
  sessionOnly?: boolean;
  params?: PS;
  query?: QS;
  /** JSON request body; registered in `requestSchemas`. */
  body?: BS;
  /** JSON response body; registered in `responseSchemas`. */
  response: RS;
  /** Success status (default 200). */
  status?: 200 | 201;
  /** Error statuses besides 400/401/403/500 that the route answers with (documented in OpenAPI). */
  errors?: readonly (404 | 409 | 415 | 422 | 429 | 502 | 503 | 504)[];
  handler(ctx: ApiRouteContext<z.output<PS>, z.output<QS>, z.output<BS>>): Promise<z.input<RS>>;
}

/**
 * Any route, whatever its schemas: what route lists hold.
 *
 * @example
 * import type { AnyApiRoute } from './api-route.ts';
 * const paths = (routes: readonly AnyApiRoute[]) => routes.map((r) => r.path);
 */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of routes can only be typed this way.
export type AnyApiRoute = ApiRoute<any, any, any, any>;

/**
 * Declares a route with its types inferred from its schemas.
 *
 * @example
 * import { z } from 'zod';
 * import { defineApiRoute } from './api-route.ts';
 * import { responseSchema } from './api-schemas.ts';
 * const Pong = responseSchema('Pong', z.object({ pong: z.boolean() }));
 * export const ping = defineApiRoute({
 *   method: 'get', path: '/ping', operationId: 'ping', tag: 'meta', summary: 'Ping', description: 'Answers pong.',
 *   scope: 'read', role: 'viewer', response: Pong,
 *   handler: async () => ({ pong: true }),
 * });
 */
export function defineApiRoute<
  PS extends z.ZodObject = z.ZodObject,
  QS extends z.ZodObject = z.ZodObject,
  BS extends z.ZodType = z.ZodType,
  RS extends z.ZodType = z.ZodType,
>(route: ApiRoute<PS, QS, BS, RS>): ApiRoute<PS, QS, BS, RS> {
  return Object.freeze(route);
}
