import { z } from 'zod';
import { NonRetriableError } from '../../../engine/errors.ts';
import type { Store } from '../../../store/port.ts';
import type { HasPurchased, SubscriptionStatus } from '../email-services.ts';
import { getSuppression } from '../suppression.ts';

/**
 * A declarative reason to stop a sequence, checked against data before every step:
 * - `{ purchased: { productId, since } }` — the buyer has bought this product (without `productId`: the product in
 *   the enrolment data, `product.id` — "stop the cart recovery once they buy what they left in the cart"); with
 *   `since: 'enrolment'`, only a purchase ordered after the enrolment started counts (a win-back must not stop on
 *   the purchase that started the subscription). Checked through `services.hasPurchased(email, productId, since)`.
 * - `{ subscriptionActive: {} }` — the subscription named by the enrolment data (`connectionId`, the Hotmart
 *   connection, and `subscription.code`, the subscriber code) is ACTIVE: the late charge was paid, or the
 *   cancelled subscription was reactivated. Checked through `services.subscriptionStatus(connectionId, code)`.
 * - `{ unsubscribed: true }` — the address is on the suppression list. Always checked, listed or not.
 *
 * @example
 * import type { StopCondition } from './stop-conditions.ts';
 * const stopOnPurchase: StopCondition = { purchased: {} };
 * const winBack: StopCondition[] = [{ subscriptionActive: {} }, { purchased: { since: 'enrolment' } }];
 */
export type StopCondition =
  | { purchased: { productId?: string; since?: 'enrolment' } }
  | { subscriptionActive: Record<string, never> }
  | { unsubscribed: true };

/**
 * The schema of a {@link StopCondition}, for sequence definitions read from data.
 *
 * @example
 * import { StopConditionSchema } from './stop-conditions.ts';
 * StopConditionSchema.parse({ purchased: { productId: '123' } });
 */
export const StopConditionSchema = z.union([
  z.strictObject({
    purchased: z.strictObject({
      productId: z.string().min(1).max(100).optional(),
      since: z.literal('enrolment').optional(),
    }),
  }),
  z.strictObject({ subscriptionActive: z.strictObject({}) }),
  z.strictObject({ unsubscribed: z.literal(true) }),
]);

/**
 * Why a sequence stopped: the address is suppressed, the product was bought, or the subscription is ACTIVE again
 * (`subscription-active`: the late charge was paid, or the cancelled subscription reactivated).
 *
 * @example
 * import type { StopReason } from './stop-conditions.ts';
 * const reason: StopReason = 'purchased';
 */
export type StopReason = 'unsubscribed' | 'purchased' | 'subscription-active';

/**
 * What a stop check needs: the store (suppression list), the enrolment's address, data and start (`enrolledAt`,
 * ms — for `purchased.since: 'enrolment'`), and the services the conditions ask (`hasPurchased`,
 * `subscriptionStatus`).
 *
 * @example
 * import type { StopCheckContext } from './stop-conditions.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const context: StopCheckContext = { store, email: 'ana@example.com', data: { product: { id: '42' } } };
 */
export interface StopCheckContext {
  store: Pick<Store, 'getState'>;
  email: string;
  data: Readonly<Record<string, unknown>>;
  enrolledAt?: number;
  hasPurchased?: HasPurchased;
  subscriptionStatus?: SubscriptionStatus;
}

/**
 * Checks the conditions in order — unsubscription first, always — and returns the first that holds, or null.
 * A condition whose data or service is missing (no product id for `purchased`, no `enrolledAt` for
 * `since: 'enrolment'`, no `connectionId`/`subscription.code` for `subscriptionActive`, an unwired service) is a
 * configuration error (`NonRetriableError`): silently ignoring it would keep mailing people who already bought.
 *
 * @example
 * import type { Store } from '../../../store/port.ts';
 * import { checkStopConditions } from './stop-conditions.ts';
 * declare const store: Store;
 * const stop = await checkStopConditions([{ purchased: {} }], {
 *   store, email: 'ana@example.com', data: { product: { id: '42' } }, hasPurchased: async () => true,
 * });
 * // stop === { reason: 'purchased', productId: '42' }
 */
export async function checkStopConditions(
  conditions: readonly StopCondition[],
  context: StopCheckContext,
): Promise<{ reason: StopReason; productId?: string } | null> {
  if (await getSuppression(context.store, context.email)) return { reason: 'unsubscribed' };
  for (const condition of conditions) {
    if ('purchased' in condition) {
      const productId = condition.purchased.productId ?? dataProductId(context.data);
      if (!productId) {
        throw invalid('stop condition "purchased" needs a productId or product.id in the enrolment data');
      }
      const since = condition.purchased.since === 'enrolment' ? context.enrolledAt : undefined;
      if (condition.purchased.since === 'enrolment' && since === undefined) {
        throw invalid('stop condition "purchased" with since "enrolment" needs the enrolment time');
      }
      if (!context.hasPurchased) throw unwired('purchased', 'hasPurchased');
      if (await context.hasPurchased(context.email, productId, since))
        return { reason: 'purchased', productId };
    } else if ('subscriptionActive' in condition) {
      const connectionId = text(context.data['connectionId']);
      const subscriberCode = text(record(context.data['subscription'])?.['code']);
      if (!connectionId || !subscriberCode) {
        throw invalid(
          'stop condition "subscriptionActive" needs connectionId and subscription.code in the enrolment data',
        );
      }
      if (!context.subscriptionStatus) throw unwired('subscriptionActive', 'subscriptionStatus');
      if ((await context.subscriptionStatus(connectionId, subscriberCode)) === 'ACTIVE') {
        return { reason: 'subscription-active' };
      }
    }
  }
  return null;
}

function invalid(message: string): NonRetriableError {
  return new NonRetriableError(message, { code: 'SEQUENCE_STOP_CONDITION_INVALID' });
}

function unwired(condition: string, service: string): NonRetriableError {
  return new NonRetriableError(`stop condition "${condition}" needs services.${service}`, {
    code: 'SEQUENCE_STOP_CONDITION_UNWIRED',
  });
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function dataProductId(data: Readonly<Record<string, unknown>>): string | undefined {
  return text(record(data['product'])?.['id']);
}
