import type { HasPurchased, SubscriptionStatus } from '../connectors/email/email-services.ts';
import type { MirrorRepo } from '../store/mirror/mirror-repo.ts';
import type { Store } from '../store/port.ts';

/**
 * "Has this e-mail bought this product?" answered from the local mirror of sales. The composition root passes the
 * mirror repository (`createMirrorRepo(store)`, whose `hasPurchased` has this shape) as `AgentContext.purchases`;
 * without it the agents ask the events hotpilot received and the Hotmart API instead.
 *
 * @example
 * import type { PurchaseLookup } from './purchase-lookup.ts';
 * const nobodyBought: PurchaseLookup = { hasPurchased: async () => false };
 */
export interface PurchaseLookup {
  /** True when `email` has an approved or complete purchase of `productId` (ordered at or after `since`, ms). */
  hasPurchased(connectionId: string, email: string, productId: string, since?: number): Promise<boolean>;
}

/**
 * Events that mean "the buyer paid for it".
 *
 * @example
 * import { PAID_EVENT_NAMES } from './purchase-lookup.ts';
 * PAID_EVENT_NAMES.includes('PURCHASE_COMPLETE'); // true
 */
export const PAID_EVENT_NAMES = Object.freeze(['PURCHASE_APPROVED', 'PURCHASE_COMPLETE'] as const);

/**
 * Whether the store holds a paid purchase event (approved or complete) of `productId` by `email`, at or after
 * `since`. Reads `store.listEvents` by buyer e-mail, so it needs no mirror and no API call; it knows only what
 * hotpilot received (and reconciliation added).
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { receivedPurchase } from './purchase-lookup.ts';
 * declare const store: Store;
 * const bought = await receivedPurchase(store, { email: 'ana@example.com', productId: '42' });
 */
export async function receivedPurchase(
  store: Pick<Store, 'listEvents'>,
  query: { email: string; productId: string; since?: number; connectionId?: string },
): Promise<boolean> {
  const email = query.email.trim().toLowerCase();
  let before: { receivedAt: number; id: string } | undefined;
  // Pages of 200, newest first; a buyer rarely has more than a handful of purchases.
  for (let page = 0; page < 50; page += 1) {
    const events = await store.listEvents({
      buyerEmail: email,
      name: [...PAID_EVENT_NAMES],
      limit: 200,
      ...(query.connectionId === undefined ? {} : { connectionId: query.connectionId }),
      ...(before === undefined ? {} : { before }),
    });
    const match = events.some(
      (event) =>
        event.productId === query.productId && (query.since === undefined || event.occurredAt >= query.since),
    );
    if (match) return true;
    const last = events[events.length - 1];
    if (events.length < 200 || !last) return false;
    before = { receivedAt: last.receivedAt, id: last.id };
  }
  return false;
}

/**
 * Builds the `hasPurchased` service of the e-mail connector (the `purchased` stop condition of sequences, so the
 * cart recovery stops the moment the buyer pays): the mirror when given, otherwise the purchase events hotpilot
 * received. Give it to `sequenceWorkflow(…, { services: { hasPurchased } })`.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { createHasPurchased } from './purchase-lookup.ts';
 * declare const store: Store;
 * const hasPurchased = createHasPurchased({ store });
 * await hasPurchased('ana@example.com', '42'); // false until a PURCHASE_APPROVED of product 42 arrives
 */
export function createHasPurchased(options: {
  store: Pick<Store, 'listEvents' | 'listConnections'>;
  purchases?: PurchaseLookup;
}): HasPurchased {
  const { store, purchases } = options;
  return async (email, productId, since) => {
    const query = { email, productId, ...(since === undefined ? {} : { since }) };
    if (!purchases) return receivedPurchase(store, query);
    // The mirror is per Hotmart connection; a buyer of any of the seller's accounts has bought it.
    const hotmart = await store.listConnections({ kind: 'hotmart' });
    for (const connection of hotmart) {
      const bought =
        since === undefined
          ? await purchases.hasPurchased(connection.id, email, productId)
          : await purchases.hasPurchased(connection.id, email, productId, since);
      if (bought) return true;
    }
    return receivedPurchase(store, query);
  };
}

/**
 * Builds the `subscriptionStatus` service of the e-mail connector (the `subscriptionActive` stop condition, so
 * dunning stops once the late charge is paid and win-back once the subscription is reactivated) from the mirror:
 * `mirror_subscriptions.status`, which the mirror keeps current from every subscription and purchase event.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { createMirrorRepo } from '../store/mirror/mirror-repo.ts';
 * import { createSubscriptionStatus } from './purchase-lookup.ts';
 * declare const store: Store;
 * const subscriptionStatus = createSubscriptionStatus(createMirrorRepo(store));
 * await subscriptionStatus('main', 'SUB123'); // 'ACTIVE', 'DELAYED'… or null when the mirror doesn't know it
 */
export function createSubscriptionStatus(mirror: Pick<MirrorRepo, 'subscription'>): SubscriptionStatus {
  return async (connectionId, subscriberCode) =>
    (await mirror.subscription(connectionId, subscriberCode))?.status ?? null;
}
