import {
  AuthenticationError,
  ConnectionError,
  HotmartApiError,
  HotmartError,
  PermissionError,
  RateLimitError,
} from '@hotpilot/hotmart';
import { redactText } from '../../kit/redact.ts';
import { type ConnectionTestResult, defineConnector } from '../kit.ts';
import { getHotmartClient } from './hotmart-client.ts';
import { HotmartCredentials, HotmartSettings } from './hotmart-connection.ts';

/**
 * The `hotmart` connector: the seller's Hotmart account over the developer API, through `@hotpilot/hotmart`.
 * Credentials are the developer credential (client id, client secret, optional Basic token); settings pick the
 * environment or point the connection at another host (the emulator). The connection test calls `GET
 * /user/api/v1/me`, the cheapest authenticated call (reference §4.8), and names the account it reached.
 *
 * @example
 * import { testConnection } from '../invoke.ts';
 * import { hotmartConnector } from './hotmart-connector.ts';
 * const result = await testConnection(hotmartConnector, {
 *   id: 'main', kind: 'hotmart', credentials: { clientId: 'id', clientSecret: 'secret' }, settings: { environment: 'sandbox' },
 * });
 * console.log(result.ok, result.message); // true 'Hotmart account Ann Seller <ann@example.com> …'
 */
export const hotmartConnector = defineConnector<HotmartCredentials>({
  id: 'hotmart',
  title: 'Hotmart',
  description:
    'Your Hotmart account through the developer API: sales, subscriptions, products, coupons, Members Area, event ' +
    'tickets and negotiations. Needs a developer credential (Hotmart → Tools → Developer Credentials).',
  credentials: HotmartCredentials,
  settings: HotmartSettings,
  async test(ctx): Promise<ConnectionTestResult> {
    const settings = HotmartSettings.parse(ctx.connection.settings);
    const environment = settings.environment ?? 'production';
    const where = `${environment} API${settings.apiBaseUrl ? ` at ${settings.apiBaseUrl}` : ''}`;
    try {
      const client = getHotmartClient(ctx.connection, { fetch: ctx.fetch, logger: ctx.logger, now: ctx.now });
      const me = await client.user.me({ signal: ctx.signal });
      return {
        ok: true,
        message: `Hotmart account ${me.name} <${me.email}> (ucode ${me.ucode}) on the ${where}`,
      };
    } catch (error) {
      return { ok: false, message: redactText(explain(error, ctx.connection.credentials.clientId, where)) };
    }
  },
});

// Says what failed and what to do about it, by error class (never by message text); never includes a secret.
function explain(error: unknown, clientId: string, where: string): string {
  if (error instanceof AuthenticationError) {
    const reason = error.error ? ` (${error.error})` : '';
    return (
      `Hotmart refused the credentials of client id ${clientId}${reason}: check the client secret and Basic token ` +
      'in Hotmart → Tools → Developer Credentials, and that they belong to this environment (production or sandbox).'
    );
  }
  if (error instanceof PermissionError) {
    return `The credential of client id ${clientId} is not allowed to read the account profile (403 ${error.error ?? 'unauthorized_client'}).`;
  }
  if (error instanceof RateLimitError) {
    return 'Hotmart answered 429: the 500 requests/minute limit is spent; try again in a minute.';
  }
  if (error instanceof ConnectionError) {
    return `Could not reach the Hotmart ${where} (${error.code}): check the network and the apiBaseUrl/tokenUrl settings.`;
  }
  if (error instanceof HotmartApiError) {
    return `Hotmart answered ${error.status} ${error.error ?? error.code} on the ${where}.`;
  }
  if (error instanceof HotmartError) return `Hotmart client error ${error.code}: ${error.message}`;
  throw error;
}
