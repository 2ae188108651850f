import { z } from 'zod';

import { optionalBoolean, optionalNumber, optionalString, productRef } from './internal/schema-fields.ts';

/**
 * `data` of `SWITCH_PLAN` (reference §6.6). `plans` lists the old and the new plan; the new one has
 * `current: true`. The subscriber is identified by `subscription.subscriber_code` and `subscription.user.email`.
 *
 * @example
 * ```ts
 * import { SwitchPlanData } from '@hotpilot/hotmart/webhooks';
 *
 * const data = SwitchPlanData.parse({ plans: [{ id: 2, name: 'Anual', current: true }] });
 * data.plans?.find((plan) => plan.current)?.name; // 'Anual'
 * ```
 */
export const SwitchPlanData = z.looseObject({
  switch_plan_date: optionalNumber,
  subscription: z
    .looseObject({
      subscriber_code: optionalString,
      status: optionalString,
      product: productRef,
      user: z.looseObject({ email: optionalString }).nullish(),
    })
    .nullish(),
  plans: z
    .array(
      z.looseObject({
        id: optionalNumber,
        name: optionalString,
        offer: z.looseObject({ key: optionalString }).nullish(),
        current: optionalBoolean,
      }),
    )
    .nullish(),
});

/**
 * The parsed `data` of a plan switch.
 *
 * @example
 * ```ts
 * import type { SwitchPlanData } from '@hotpilot/hotmart/webhooks';
 *
 * const newPlan = (data: SwitchPlanData) => data.plans?.find((plan) => plan.current);
 * ```
 */
export type SwitchPlanData = z.infer<typeof SwitchPlanData>;
