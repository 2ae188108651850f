import { getAgentSettings } from '../agents/settings.ts';
import type { Store } from '../store/port.ts';

/**
 * The time zone dates are shown in: the seller's, from the agents' settings (`timeZone`, default
 * America/Sao_Paulo). Settings that can't be read fall back to the machine's zone rather than failing a listing.
 *
 * @example
 * import { sellerTimeZone } from './seller-time-zone.ts';
 * const timeZone = await sellerTimeZone(store); // 'America/Sao_Paulo'
 */
export async function sellerTimeZone(store: Pick<Store, 'getState'>): Promise<string> {
  try {
    return (await getAgentSettings(store)).timeZone;
  } catch {
    return new Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  }
}
