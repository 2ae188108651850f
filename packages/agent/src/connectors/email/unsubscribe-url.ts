import {
  createUnsubscribeToken,
  type UnsubscribeClaim,
  type UnsubscribeSecret,
} from './unsubscribe-token.ts';

/**
 * The unsubscribe link of one recipient: the connection's `unsubscribeBaseUrl` with a signed `token` query
 * parameter. The same URL serves the visible link (GET: a confirmation page) and the one-click
 * `List-Unsubscribe-Post` of RFC 8058 (POST: unsubscribe at once).
 *
 * @example
 * import { buildUnsubscribeUrl } from './unsubscribe-url.ts';
 * const url = buildUnsubscribeUrl('https://hp.example.com/unsubscribe', 'k'.repeat(32), {
 *   email: 'ana@example.com', list: 'welcome',
 * });
 * url.startsWith('https://hp.example.com/unsubscribe?token=v1.'); // true
 */
export function buildUnsubscribeUrl(
  baseUrl: string,
  secret: UnsubscribeSecret,
  claim: UnsubscribeClaim,
): string {
  const url = new URL(baseUrl);
  url.searchParams.set('token', createUnsubscribeToken(secret, claim));
  return url.toString();
}
