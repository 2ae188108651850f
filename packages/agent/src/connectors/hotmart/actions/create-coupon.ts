import { CreateCouponBody, EmptyResponse, strictParams } from '@hotpilot/hotmart';
import { defineHotmartAction, jsonFriendly } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

// The package's body with the product id in front and dates made JSON-friendly. Rebuilt rather than extended
// because zod refuses to extend a refined object; the refinement is the package's own (end after start, §4.4).
const createCouponInput = strictParams({
  product_id: PathParams.product_id,
  ...jsonFriendly(CreateCouponBody.shape),
}).refine(
  (body) => body.start_date === undefined || body.end_date === undefined || body.end_date > body.start_date,
  { message: 'end_date must be after start_date', path: ['end_date'] },
);

/**
 * `hotmart_create_coupon`: creates a discount coupon for a product (`POST /products/api/v1/product/{product_id}/coupon`, reference §4.4).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartCreateCoupon } from './create-coupon.ts';
 * const result = await invokeAction(hotmartCreateCoupon, { product_id: 2125812, code: 'WELCOME10', discount: 0.1, end_date: '2025-12-31' }, { connector: hotmartConnector, connection });
 */
export const hotmartCreateCoupon = defineHotmartAction({
  id: 'hotmart_create_coupon',
  title: 'Create a coupon',
  description:
    'Creates a discount coupon for a product, optionally limited in time, to an affiliate or to some offers.',
  llmHint:
    "Use when the seller asks for a discount code. Needs the numeric `product_id`, a `code` (at most 25 characters) and `discount` as a fraction between 0 and 0.99 (0.1 = 10 % off — not 10). Optional `start_date`/`end_date`, `affiliate`, `offer_ids`. Not available for subscription products. Hotmart answers `{}`: use hotmart_list_coupons with the `code` to get the coupon's id.",
  input: createCouponInput,
  output: EmptyResponse,
  effect: 'write',
  idempotent: false,
  call: (client, { product_id, ...body }, options) => client.coupons.create(product_id, body, options),
});
