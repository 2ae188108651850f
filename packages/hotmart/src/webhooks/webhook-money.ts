import { z } from 'zod';

/**
 * A webhook amount: `{ value, currency_value }`. Webhooks name the currency `currency_value`, while REST uses
 * `currency_code` (reference §3.1); both fields are nullish because older deliveries send `{ "value": 1500 }` alone.
 *
 * @example
 * ```ts
 * import { WebhookMoney } from '@hotpilot/hotmart/webhooks';
 *
 * WebhookMoney.parse({ value: 97, currency_value: 'BRL' }).value; // 97
 * ```
 */
export const WebhookMoney = z.looseObject({
  value: z.number().nullish(),
  currency_value: z.string().nullish(),
});

/**
 * The parsed type of {@link WebhookMoney}.
 *
 * @example
 * ```ts
 * import type { WebhookMoney } from '@hotpilot/hotmart/webhooks';
 *
 * const price: WebhookMoney = { value: 97, currency_value: 'BRL' };
 * ```
 */
export type WebhookMoney = z.infer<typeof WebhookMoney>;
