import { Hono } from 'hono';
import type { Clock } from '../internal/fake-host.ts';
import { oauthErrorResponse } from './google-error.ts';
import { ACCESS_TOKEN_LIFETIME_SECONDS, type GoogleState } from './google-state.ts';
import { verifyServiceAccountAssertion } from './service-account-assertion.ts';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

/**
 * Google's OAuth 2.0 token endpoint for service accounts (the `jwt-bearer` grant). Follows "Using OAuth 2.0 for
 * Server to Server Applications" (https://developers.google.com/identity/protocols/oauth2/service-account#httprest):
 * `POST /token` with a form body `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=<JWT>` answers
 * `{ access_token, expires_in: 3599, token_type: 'Bearer' }`, or 400 `{ error, error_description }`.
 *
 * @example
 * const routes = createTokenRoutes(state, { now: () => new Date(), audiences: [] });
 */
export function createTokenRoutes(
  state: GoogleState,
  options: { now: Clock; audiences: readonly string[] },
): Hono {
  const app = new Hono();
  app.post('/token', async (c) => {
    const type = c.req.header('content-type') ?? '';
    let fields: Record<string, unknown>;
    try {
      fields = type.includes('json')
        ? ((await c.req.json()) as Record<string, unknown>)
        : Object.fromEntries(new URLSearchParams(await c.req.text()));
    } catch {
      return oauthErrorResponse('invalid_request', 'The request body could not be parsed.');
    }
    const grantType = fields['grant_type'];
    if (typeof grantType !== 'string' || grantType === '') {
      return oauthErrorResponse('unsupported_grant_type', 'Invalid grant_type: ');
    }
    if (grantType !== JWT_BEARER) {
      // The fake implements only the service-account grant; other grants are real at Google but not here.
      return oauthErrorResponse('unsupported_grant_type', `Invalid grant_type: ${grantType}`);
    }
    const assertion = fields['assertion'];
    if (typeof assertion !== 'string' || assertion === '') {
      return oauthErrorResponse('invalid_request', 'Missing required parameter: assertion');
    }
    // The audience is the URL the client posted to, as at Google (`https://oauth2.googleapis.com/token`).
    const tokenUrl = `${new URL(c.req.url).origin}/token`;
    const check = verifyServiceAccountAssertion(assertion, {
      accounts: state.serviceAccounts,
      audiences: [tokenUrl, ...options.audiences],
      nowSeconds: Math.floor(options.now().getTime() / 1000),
    });
    if (!check.ok) return oauthErrorResponse(check.error, check.description);
    const token = state.issueAccessToken({
      clientEmail: check.claims.iss,
      scopes: check.claims.scope.split(/\s+/).filter(Boolean),
      ...(check.claims.sub ? { subject: check.claims.sub } : {}),
    });
    return c.json({
      access_token: token.accessToken,
      expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
      token_type: 'Bearer',
    });
  });
  return app;
}
