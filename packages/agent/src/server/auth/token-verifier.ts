import { type ApiScope, verifyApiToken } from '../../store/access/api-tokens.ts';
import type { Auth } from './auth-options.ts';
import { tokenScopes } from './principal.ts';

/**
 * Who a valid bearer token belongs to, with its effective scopes (the token's own, bounded by its owner's role).
 *
 * @example
 * import type { TokenOwner } from './token-verifier.ts';
 * const owner: TokenOwner = { userId: 'u1', tokenId: 't1', scopes: ['read', 'mcp'] };
 */
export interface TokenOwner {
  userId: string;
  tokenId: string;
  scopes: readonly ApiScope[];
}

/**
 * A bearer-token check for surfaces that authenticate on their own (the MCP HTTP endpoint's `verifyToken`):
 * resolves with the owner and effective scopes of a valid `hp_…` token, or null when it is malformed, unknown,
 * revoked, expired or its user is disabled.
 *
 * @example
 * import { createAuth } from './auth-options.ts';
 * import { createTokenVerifier } from './token-verifier.ts';
 * const verifyToken = createTokenVerifier(createAuth({ store }));
 * const owner = await verifyToken('hp_…'); // { userId, tokenId, scopes } | null
 */
export function createTokenVerifier(auth: Auth): (token: string) => Promise<TokenOwner | null> {
  return async (token) => {
    const check = await verifyApiToken(auth.store, token, { now: auth.now });
    if (!check.ok) {
      auth.logger.info({ reason: check.reason }, 'API token refused');
      return null;
    }
    return {
      userId: check.user.id,
      tokenId: check.token.id,
      scopes: tokenScopes(check.token.scopes, check.user.role),
    };
  };
}
