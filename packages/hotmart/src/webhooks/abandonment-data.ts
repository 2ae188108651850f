import { z } from 'zod';

import {
  checkoutCountry,
  optionalBoolean,
  optionalDigits,
  optionalString,
  productRef,
} from './internal/schema-fields.ts';

/**
 * `data` of `PURCHASE_OUT_OF_SHOPPING_CART`, the cart-abandonment event (reference §6.6). `affiliate` is a boolean
 * here, not a list of affiliates as in purchase events.
 *
 * @example
 * ```ts
 * import { AbandonmentData } from '@hotpilot/hotmart/webhooks';
 *
 * AbandonmentData.parse({ buyer: { email: 'ana@example.com' }, offer: { code: 'k2x9' } }).offer?.code; // 'k2x9'
 * ```
 */
export const AbandonmentData = z.looseObject({
  affiliate: optionalBoolean,
  product: productRef,
  buyer_ip: optionalString,
  buyer: z
    .looseObject({
      name: optionalString,
      email: optionalString,
      phone: optionalDigits,
    })
    .nullish(),
  offer: z.looseObject({ code: optionalString }).nullish(),
  checkout_country: checkoutCountry,
});

/**
 * The parsed `data` of a cart-abandonment event.
 *
 * @example
 * ```ts
 * import type { AbandonmentData } from '@hotpilot/hotmart/webhooks';
 *
 * const recoverable = (data: AbandonmentData) => Boolean(data.buyer?.email);
 * ```
 */
export type AbandonmentData = z.infer<typeof AbandonmentData>;
