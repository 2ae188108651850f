import { z } from 'zod';

import { optionalNumber, optionalString, productRef } from './internal/schema-fields.ts';

/**
 * `data` of `UPDATE_SUBSCRIPTION_CHARGE_DATE` (reference §6.6). The keys are camelCase and `dateNextCharge` is an
 * ISO-8601 string, unlike the epoch-ms dates of the other families (reference §3.1).
 *
 * @example
 * ```ts
 * import { ChargeDateData } from '@hotpilot/hotmart/webhooks';
 *
 * ChargeDateData.parse({ subscription: { newChargeDay: 10, oldChargeDay: 5 } }).subscription?.newChargeDay; // 10
 * ```
 */
export const ChargeDateData = z.looseObject({
  subscription: z
    .looseObject({
      dateNextCharge: optionalString,
      newChargeDay: optionalNumber,
      oldChargeDay: optionalNumber,
      status: optionalString,
      product: productRef,
    })
    .nullish(),
  subscriber: z
    .looseObject({
      name: optionalString,
      email: optionalString,
      code: optionalString,
    })
    .nullish(),
  plan: z
    .looseObject({
      id: optionalNumber,
      name: optionalString,
      offer: z.looseObject({ code: optionalString }).nullish(),
    })
    .nullish(),
});

/**
 * The parsed `data` of a charge-date change.
 *
 * @example
 * ```ts
 * import type { ChargeDateData } from '@hotpilot/hotmart/webhooks';
 *
 * const nextCharge = (data: ChargeDateData) => data.subscription?.dateNextCharge;
 * ```
 */
export type ChargeDateData = z.infer<typeof ChargeDateData>;
