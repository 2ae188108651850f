import type { Store } from '../../store/port.ts';

/**
 * The Hotmart connection whose API an agent may call, or null when there is none to call: the agent's setting,
 * else the connection the event arrived on, else (scheduled work) the only Hotmart connection. A connection that
 * only receives webhooks (no API credentials stored) doesn't count, so the agents then work from the event alone
 * rather than failing.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { apiHotmartConnection } from './api-connection.ts';
 * declare const store: Store;
 * const id = await apiHotmartConnection(store, null, 'main'); // 'main' when it has API credentials
 */
export async function apiHotmartConnection(
  store: Pick<Store, 'getConnection' | 'listConnections'>,
  configured: string | null,
  eventConnectionId: string | null,
): Promise<string | null> {
  const usable = (connection: { kind: string; credentials: unknown } | null) =>
    connection !== null && connection.kind === 'hotmart' && connection.credentials !== null;
  const wanted = configured ?? eventConnectionId;
  if (wanted !== null) return usable(await store.getConnection(wanted)) ? wanted : null;
  const candidates = (await store.listConnections({ kind: 'hotmart' })).filter(usable);
  return candidates.length === 1 ? (candidates[0]?.id ?? null) : null;
}
