import type { SubscriberListRow } from '../../store/mirror/subscriber-list-rows.ts';

/**
 * Whether a `hubspotLists` key matches a subscription: `*` matches every one, `<product id>` every plan of the
 * product, `<product id>:<plan>` one plan, named by its id or its code (Hotmart uses both, reference §4.3).
 *
 * @example
 * import { listKeyMatches } from './subscriber-list-keys.ts';
 * listKeyMatches('3528746:1127', { productId: '3528746', planId: '1127', planCode: 'pln7k2m' }); // true
 */
export function listKeyMatches(
  key: string,
  row: Pick<SubscriberListRow, 'productId' | 'planId' | 'planCode'>,
): boolean {
  if (key === '*') return true;
  const colon = key.indexOf(':');
  if (colon < 0) return row.productId === key;
  const plan = key.slice(colon + 1);
  return row.productId === key.slice(0, colon) && (row.planId === plan || row.planCode === plan);
}

/**
 * The HubSpot list ids a subscription belongs to: every list whose key matches it, ascending, each once.
 *
 * @example
 * import { listsOfSubscription } from './subscriber-list-keys.ts';
 * listsOfSubscription({ '*': '10', '3528746': '12' }, { productId: '3528746', planId: null, planCode: null }); // ['10', '12']
 */
export function listsOfSubscription(
  lists: Readonly<Record<string, string>>,
  row: Pick<SubscriberListRow, 'productId' | 'planId' | 'planCode'>,
): string[] {
  const ids = new Set<string>();
  for (const [key, listId] of Object.entries(lists)) if (listKeyMatches(key, row)) ids.add(listId);
  return sortIds([...ids]);
}

/**
 * Every list id the settings name, ascending, each once.
 *
 * @example
 * import { configuredListIds } from './subscriber-list-keys.ts';
 * configuredListIds({ '3528746': '12', '3528746:1127': '12', '*': '9' }); // ['9', '12']
 */
export function configuredListIds(lists: Readonly<Record<string, string>>): string[] {
  return sortIds([...new Set(Object.values(lists))]);
}

/**
 * Record or list ids (digits) in numeric order.
 *
 * @example
 * import { sortIds } from './subscriber-list-keys.ts';
 * sortIds(['12', '9']); // ['9', '12']
 */
export function sortIds(ids: string[]): string[] {
  return ids.sort((a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
}
