import { z } from 'zod';

import { optionalDigits, optionalNumber, optionalString, productRef } from './internal/schema-fields.ts';

/**
 * `data` of `SUBSCRIPTION_CANCELLATION` (reference §6.6). Dates are epoch milliseconds; `actual_recurrence_value`
 * is a bare number, the payload names no currency.
 *
 * @example
 * ```ts
 * import { SubscriptionCancellationData } from '@hotpilot/hotmart/webhooks';
 *
 * SubscriptionCancellationData.parse({ subscriber: { code: 'AB12CD34' } }).subscriber?.code; // 'AB12CD34'
 * ```
 */
export const SubscriptionCancellationData = z.looseObject({
  actual_recurrence_value: optionalNumber,
  cancellation_date: optionalNumber,
  date_next_charge: optionalNumber,
  product: productRef,
  subscriber: z
    .looseObject({
      code: optionalString,
      name: optionalString,
      email: optionalString,
      // camelCase keys inside a snake_case payload, as sent.
      phone: z
        .looseObject({
          dddPhone: optionalDigits,
          phone: optionalDigits,
          dddCell: optionalDigits,
          cell: optionalDigits,
        })
        .nullish(),
    })
    .nullish(),
  subscription: z
    .looseObject({
      id: optionalNumber,
      plan: z.looseObject({ id: optionalNumber, name: optionalString }).nullish(),
    })
    .nullish(),
});

/**
 * The parsed `data` of a subscription cancellation.
 *
 * @example
 * ```ts
 * import type { SubscriptionCancellationData } from '@hotpilot/hotmart/webhooks';
 *
 * const code = (data: SubscriptionCancellationData) => data.subscriber?.code;
 * ```
 */
export type SubscriptionCancellationData = z.infer<typeof SubscriptionCancellationData>;
