import { z } from 'zod';
import { issueCsrfToken } from '../auth/csrf-token.ts';
import { type AnyApiRoute, defineApiRoute } from './api-route.ts';
import { isoOrNull, responseSchema, Timestamp } from './api-schemas.ts';

/**
 * Who the caller is: the user, how they authenticated, their effective scopes, and — for browser sessions — a
 * CSRF token to send in `x-csrf-token` on POST/DELETE requests.
 *
 * @example
 * import { MeView } from './me-route.ts';
 * type Me = import('zod').infer<typeof MeView>;
 */
export const MeView = responseSchema(
  'Me',
  z.object({
    user: z.object({
      id: z.string(),
      email: z.string(),
      name: z.string(),
      role: z.enum(['admin', 'operator', 'viewer']),
      locale: z.enum(['pt-BR', 'es', 'en']),
    }),
    auth: z.enum(['session', 'token']),
    scopes: z.array(z.enum(['read', 'write', 'mcp'])),
    csrfToken: z.string().nullable().describe('Browser sessions only: send it as `x-csrf-token`.'),
    token: z
      .object({ id: z.string(), name: z.string(), expiresAt: Timestamp.nullable() })
      .nullable()
      .describe('The API token used, when the caller is one.'),
  }),
  'The authenticated caller.',
);

const me = defineApiRoute({
  method: 'get',
  path: '/me',
  operationId: 'getMe',
  tag: 'auth',
  summary: 'Who am I',
  description: 'The authenticated user, effective scopes and (for browser sessions) a CSRF token.',
  scope: 'read',
  role: 'viewer',
  response: MeView,
  async handler({ principal }) {
    const { user } = principal;
    return {
      user: { id: user.id, email: user.email, name: user.name, role: user.role, locale: user.locale },
      auth: principal.kind,
      scopes: [...principal.scopes],
      csrfToken: principal.kind === 'session' ? issueCsrfToken(principal.session.csrfSecret) : null,
      token:
        principal.kind === 'token'
          ? {
              id: principal.token.id,
              name: principal.token.name,
              expiresAt: isoOrNull(principal.token.expiresAt),
            }
          : null,
    };
  },
});

/**
 * The `/me` endpoint.
 *
 * @example
 * import { meRoutes } from './me-route.ts';
 * console.log(meRoutes[0]?.path); // '/me'
 */
export const meRoutes: readonly AnyApiRoute[] = [me];
