import { z } from 'zod';

/**
 * The path parameters of Hotmart's endpoints as action inputs, each described once so every action explains them
 * the same way to people and LLMs. Names stay Hotmart's snake_case (STYLE convention 3).
 *
 * @example
 * import { z } from 'zod';
 * import { PathParams } from './path-params.ts';
 * const input = z.strictObject({ transaction: PathParams.transaction });
 */
export const PathParams = {
  transaction: z
    .string()
    .min(1)
    .describe(
      'The sale’s transaction code, e.g. HP17715690036014 (purchase.transaction in the sales history).',
    ),
  subscriber_code: z
    .string()
    .min(1)
    .describe(
      'The subscription’s subscriber code, e.g. ABC12DEF (subscriber_code in the subscriptions list).',
    ),
  ucode: z
    .string()
    .min(1)
    .describe('The product’s ucode (a UUID from hotmart_list_products), not its numeric id.'),
  product_id: z.number().int().positive().describe('The product’s numeric id (id in hotmart_list_products).'),
  coupon_id: z.number().int().positive().describe('The coupon’s numeric id (id in hotmart_list_coupons).'),
  module_id: z
    .string()
    .min(1)
    .describe('The Members Area module id (module_id in hotmart_list_club_modules).'),
  user_id: z.string().min(1).describe('The student’s user id (user_id in hotmart_list_club_students).'),
  event_id: z
    .number()
    .int()
    .positive()
    .describe('The event’s id: the product id of the event (ticket) product.'),
} as const;
