import { z } from 'zod';
import type { Store } from '../../store/port.ts';
import { apiHotmartConnection } from '../hotmart/api-connection.ts';
import { defineConnector } from '../kit.ts';

/**
 * Settings of the `legal` connector: which Hotmart connection compliance actions act on (default: the only one).
 *
 * @example
 * import { LegalSettings } from './legal-connector.ts';
 * LegalSettings.parse({ hotmartConnectionId: 'main' });
 */
export const LegalSettings = z.strictObject({
  hotmartConnectionId: z.string().min(1).max(64).optional(),
});

/**
 * The `legal` connector: compliance actions that act through the seller's Hotmart connection and leave a trace in
 * the append-only audit log. It holds no secret of its own (credentials `{}`); the actions need `services.store`.
 *
 * @example
 * import { testConnection } from '../../connectors/invoke.ts';
 * import type { Store } from '../../store/port.ts';
 * import { legalConnector } from './legal-connector.ts';
 * declare const store: Store;
 * const result = await testConnection(legalConnector, { id: 'legal', kind: 'legal', credentials: {} }, {
 *   services: { store },
 * });
 */
export const legalConnector = defineConnector<Record<string, never>>({
  id: 'legal',
  title: 'Legal compliance',
  description:
    'Compliance actions (cancelling a subscription at the buyer’s request…) recorded in the audit log with who asked, why and when.',
  credentials: z.strictObject({}) as z.ZodType<Record<string, never>>,
  settings: LegalSettings,
  async test(ctx) {
    const store = ctx.services['store'] as Pick<Store, 'getConnection' | 'listConnections'> | undefined;
    if (!store || typeof store.getConnection !== 'function') {
      return { ok: false, message: 'the legal actions need the store (services.store) to reach Hotmart' };
    }
    const configured = (ctx.connection.settings['hotmartConnectionId'] as string | undefined) ?? null;
    const hotmart = await apiHotmartConnection(store, configured, null);
    return hotmart === null
      ? {
          ok: false,
          message: configured
            ? `Hotmart connection "${configured}" does not exist or has no API credentials`
            : 'set settings.hotmartConnectionId: there is not exactly one Hotmart connection with API credentials',
        }
      : { ok: true, message: `compliance actions act on Hotmart connection "${hotmart}"` };
  },
});
