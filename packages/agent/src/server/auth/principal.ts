import type { Context } from 'hono';
import type { ApiScope, ApiTokenRecord } from '../../store/access/api-tokens.ts';
import type { SessionRecord } from '../../store/access/sessions.ts';
import { roleAtLeast, type UserRecord, type UserRole } from '../../store/access/user-record.ts';

/**
 * Who is making a request, as the auth middleware found out: a signed-in browser (cookie session, CSRF-checked) or
 * a bearer API token. `scopes` are the effective ones: what the token was given, bounded by what its owner's role
 * allows (a viewer's token never writes, whatever it says); for sessions, what the role allows.
 *
 * @example
 * import type { Principal } from './principal.ts';
 * const actor = (p: Principal) => (p.kind === 'token' ? `token:${p.token.id}` : `user:${p.user.id}`);
 */
export type Principal =
  | { kind: 'session'; user: UserRecord; session: SessionRecord; scopes: readonly ApiScope[] }
  | { kind: 'token'; user: UserRecord; token: ApiTokenRecord; scopes: readonly ApiScope[] };

/**
 * The Hono environment of authenticated routes: `c.get('principal')` after `requireSession` or `requireApiAuth`.
 *
 * @example
 * import { Hono } from 'hono';
 * import type { AuthEnv } from './principal.ts';
 * const app = new Hono<AuthEnv>();
 * app.get('/whoami', (c) => c.text(c.get('principal').user.email));
 */
export interface AuthEnv {
  Variables: { principal: Principal };
}

/**
 * The scopes a role may exercise: everyone reads and may use MCP (whose write tools check `write` themselves);
 * operators and admins also write.
 *
 * @example
 * import { scopesOfRole } from './principal.ts';
 * scopesOfRole('viewer'); // ['read', 'mcp']
 */
export function scopesOfRole(role: UserRole): ApiScope[] {
  return roleAtLeast(role, 'operator') ? ['read', 'write', 'mcp'] : ['read', 'mcp'];
}

/**
 * The effective scopes of a session (role-derived; MCP is for tokens, so a session gets `read` and maybe `write`).
 *
 * @example
 * import { sessionScopes } from './principal.ts';
 * sessionScopes('operator'); // ['read', 'write']
 */
export function sessionScopes(role: UserRole): ApiScope[] {
  return scopesOfRole(role).filter((scope) => scope !== 'mcp');
}

/**
 * The effective scopes of a token: its own, bounded by its owner's role.
 *
 * @example
 * import { tokenScopes } from './principal.ts';
 * tokenScopes(['read', 'write'], 'viewer'); // ['read']
 */
export function tokenScopes(scopes: readonly ApiScope[], role: UserRole): ApiScope[] {
  const allowed = scopesOfRole(role);
  return scopes.filter((scope) => allowed.includes(scope));
}

/**
 * The principal of an authenticated request, or undefined before the auth middleware ran.
 *
 * @example
 * import { principalOf } from './principal.ts';
 * const who = principalOf(c)?.user.email ?? 'anonymous';
 */
export function principalOf(c: Context): Principal | undefined {
  return c.get('principal') as Principal | undefined;
}

/**
 * The audit-log actor of a principal: `user:<id>` for sessions, `token:<id>` for API tokens.
 *
 * @example
 * import { actorOf } from './principal.ts';
 * await store.appendAudit({ actor: actorOf(principal), action: 'run.replay', target: runId }, Date.now());
 */
export function actorOf(principal: Principal): string {
  return principal.kind === 'token' ? `token:${principal.token.id}` : `user:${principal.user.id}`;
}
