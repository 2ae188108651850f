import { z } from 'zod';
import { NonRetriableError } from '../../../engine/errors.ts';
import type { Store } from '../../../store/port.ts';
import type { HasPurchased } from '../email-services.ts';
import { getSuppression } from '../suppression.ts';

/**
 * A declarative reason to stop a sequence, checked against data before every step:
 * - `{ purchased: { productId } }` — the buyer has bought this product (without `productId`: the product in the
 *   enrolment data, `product.id` — "stop the cart recovery once they buy what they left in the cart"). Checked
 *   through `services.hasPurchased(email, productId)`.
 * - `{ unsubscribed: true }` — the address is on the suppression list. Always checked, listed or not.
 *
 * @example
 * import type { StopCondition } from './stop-conditions.ts';
 * const stopOnPurchase: StopCondition = { purchased: {} };
 */
export type StopCondition = { purchased: { productId?: string } } | { unsubscribed: true };

/**
 * The schema of a {@link StopCondition}, for sequence definitions read from data.
 *
 * @example
 * import { StopConditionSchema } from './stop-conditions.ts';
 * StopConditionSchema.parse({ purchased: { productId: '123' } });
 */
export const StopConditionSchema = z.union([
  z.strictObject({ purchased: z.strictObject({ productId: z.string().min(1).max(100).optional() }) }),
  z.strictObject({ unsubscribed: z.literal(true) }),
]);

/**
 * Why a sequence stopped.
 *
 * @example
 * import type { StopReason } from './stop-conditions.ts';
 * const reason: StopReason = 'purchased';
 */
export type StopReason = 'unsubscribed' | 'purchased';

/**
 * What a stop check needs: the store (suppression list), the enrolment's address and data, and `hasPurchased`.
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
  hasPurchased?: HasPurchased;
}

/**
 * Checks the conditions in order — unsubscription first, always — and returns the first that holds, or null.
 * A `purchased` condition without a product id (given or in the data), or without `hasPurchased` wired, is a
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
    if (!('purchased' in condition)) continue;
    const productId = condition.purchased.productId ?? dataProductId(context.data);
    if (!productId) {
      throw new NonRetriableError(
        'stop condition "purchased" needs a productId or product.id in the enrolment data',
        {
          code: 'SEQUENCE_STOP_CONDITION_INVALID',
        },
      );
    }
    if (!context.hasPurchased) {
      throw new NonRetriableError('stop condition "purchased" needs services.hasPurchased', {
        code: 'SEQUENCE_STOP_CONDITION_UNWIRED',
      });
    }
    if (await context.hasPurchased(context.email, productId)) return { reason: 'purchased', productId };
  }
  return null;
}

function dataProductId(data: Readonly<Record<string, unknown>>): string | undefined {
  const product = data['product'];
  const id =
    product !== null && typeof product === 'object' ? (product as Record<string, unknown>)['id'] : undefined;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}
