import { z } from 'zod';
import {
  API_SCOPES,
  type ApiTokenRecord,
  createApiToken,
  getApiToken,
  listApiTokens,
  revokeApiToken,
} from '../../store/access/api-tokens.ts';
import { roleAtLeast } from '../../store/access/user-record.ts';
import { actorOf, scopesOfRole } from '../auth/principal.ts';
import { ApiError } from './api-error.ts';
import { type AnyApiRoute, defineApiRoute } from './api-route.ts';
import { iso, isoOrNull, requestSchema, responseSchema, Timestamp } from './api-schemas.ts';

const Scope = z.enum(API_SCOPES as ['read', 'write', 'mcp']);

/**
 * An API token as the API shows it (never the secret, which is shown once at creation).
 *
 * @example
 * import { TokenView } from './tokens-routes.ts';
 * type View = import('zod').infer<typeof TokenView>;
 */
export const TokenView = responseSchema(
  'ApiToken',
  z.object({
    id: z.string(),
    userId: z.string(),
    name: z.string(),
    scopes: z.array(Scope),
    createdAt: Timestamp,
    lastUsedAt: Timestamp.nullable(),
    expiresAt: Timestamp.nullable().describe('Null: never expires.'),
    revokedAt: Timestamp.nullable(),
  }),
  'An API token (the secret is never shown again).',
);

/**
 * The list of API tokens.
 *
 * @example
 * import { TokenList } from './tokens-routes.ts';
 * type List = import('zod').infer<typeof TokenList>;
 */
export const TokenList = responseSchema('ApiTokenList', z.object({ items: z.array(TokenView) }));

/**
 * The body that creates an API token.
 *
 * @example
 * import { CreateTokenRequest } from './tokens-routes.ts';
 * CreateTokenRequest.parse({ name: 'n8n', scopes: ['read'] }); // expiresInDays: 90
 */
export const CreateTokenRequest = requestSchema(
  'CreateTokenRequest',
  z.strictObject({
    name: z.string().trim().min(1).max(100).describe('What the token is for, e.g. "n8n".'),
    scopes: z.array(Scope).min(1).max(3).describe('`read`, `write`, `mcp`; at most what your role allows.'),
    expiresInDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .nullable()
      .default(90)
      .describe('Days until it expires (default 90); null for a token that never expires.'),
  }),
);

/**
 * A new token: the secret (shown this once) and its record.
 *
 * @example
 * import { CreatedToken } from './tokens-routes.ts';
 * type Created = import('zod').infer<typeof CreatedToken>;
 */
export const CreatedToken = responseSchema(
  'CreatedApiToken',
  z.object({
    token: z.string().describe('`hp_…` — shown only now; store it in a secret manager.'),
    record: TokenView,
  }),
);

/**
 * The outcome of a revocation.
 *
 * @example
 * import { RevokedToken } from './tokens-routes.ts';
 * RevokedToken.parse({ id: 't1', revoked: true });
 */
export const RevokedToken = responseSchema(
  'RevokedApiToken',
  z.object({ id: z.string(), revoked: z.boolean() }),
);

/**
 * A token as the API shows it.
 *
 * @example
 * import { tokenView } from './tokens-routes.ts';
 * const view = tokenView(record);
 */
export function tokenView(record: ApiTokenRecord): z.input<typeof TokenView> {
  return {
    id: record.id,
    userId: record.userId,
    name: record.name,
    scopes: record.scopes,
    createdAt: iso(record.createdAt),
    lastUsedAt: isoOrNull(record.lastUsedAt),
    expiresAt: isoOrNull(record.expiresAt),
    revokedAt: isoOrNull(record.revokedAt),
  };
}

const DAY_MS = 86_400_000;

const listTokens = defineApiRoute({
  method: 'get',
  path: '/tokens',
  operationId: 'listTokens',
  tag: 'tokens',
  summary: 'List API tokens',
  description: "Your API tokens; admins may pass `all=true` to see everyone's.",
  scope: 'read',
  role: 'viewer',
  query: z.object({
    all: z.enum(['true', 'false']).optional().describe("`true`: every user's tokens (admins only)."),
  }),
  response: TokenList,
  async handler({ query, deps, principal }) {
    const all = query.all === 'true';
    if (all && !roleAtLeast(principal.user.role, 'admin')) {
      throw new ApiError(403, 'forbidden', "only admins may list everyone's tokens");
    }
    const records = await listApiTokens(deps.store, all ? {} : { userId: principal.user.id });
    return { items: records.map(tokenView) };
  },
});

const createToken = defineApiRoute({
  method: 'post',
  path: '/tokens',
  operationId: 'createToken',
  tag: 'tokens',
  summary: 'Create an API token',
  description:
    'Creates a token for yourself, with scopes your role allows. The `hp_…` secret is in this answer only. ' +
    'Only a signed-in browser session can create tokens (a leaked token can not mint more). Audited.',
  scope: 'read',
  role: 'viewer',
  sessionOnly: true,
  body: CreateTokenRequest,
  response: CreatedToken,
  status: 201,
  async handler({ body, deps, principal }) {
    const allowed = scopesOfRole(principal.user.role);
    const refused = body.scopes.filter((scope) => !allowed.includes(scope));
    if (refused.length > 0) {
      throw new ApiError(
        403,
        'forbidden',
        `your role (${principal.user.role}) can not grant: ${refused.join(', ')}`,
      );
    }
    const now = deps.now();
    const { token, record } = await createApiToken(
      deps.store,
      {
        userId: principal.user.id,
        name: body.name,
        scopes: body.scopes,
        expiresAt: body.expiresInDays === null ? null : now + body.expiresInDays * DAY_MS,
      },
      // The same instant for createdAt: read twice, the clock could move a millisecond and cut the lifetime short.
      { now: () => now },
    );
    await deps.store.appendAudit(
      {
        actor: actorOf(principal),
        action: 'token.create',
        target: record.id,
        details: { name: record.name, scopes: record.scopes, expiresAt: record.expiresAt },
      },
      now,
    );
    return { token: token.reveal(), record: tokenView(record) };
  },
});

const revokeToken = defineApiRoute({
  method: 'delete',
  path: '/tokens/:id',
  operationId: 'revokeToken',
  tag: 'tokens',
  summary: 'Revoke an API token',
  description: 'Revokes one of your tokens (admins: anyone’s). It stops working at once. Audited.',
  scope: 'read',
  role: 'viewer',
  params: z.object({ id: z.string().min(1).max(100) }),
  response: RevokedToken,
  errors: [404],
  async handler({ params, deps, principal }) {
    const record = await getApiToken(deps.store, params.id);
    const mayRevoke =
      record !== null && (record.userId === principal.user.id || roleAtLeast(principal.user.role, 'admin'));
    // Someone else's token answers like a missing one: its existence is not the caller's business.
    if (!record || !mayRevoke) throw new ApiError(404, 'not_found', 'no token of yours has this id');
    const revoked = await revokeApiToken(deps.store, record.id, { now: deps.now });
    if (revoked) {
      await deps.store.appendAudit(
        {
          actor: actorOf(principal),
          action: 'token.revoke',
          target: record.id,
          details: { owner: record.userId },
        },
        deps.now(),
      );
    }
    return { id: record.id, revoked: true };
  },
});

/**
 * The `/tokens` endpoints: list, create (browser sessions only), revoke.
 *
 * @example
 * import { tokenRoutes } from './tokens-routes.ts';
 * console.log(tokenRoutes.length); // 3
 */
export const tokenRoutes: readonly AnyApiRoute[] = [listTokens, createToken, revokeToken];
