import { EmptyResponse, strictParams } from '@hotpilot/hotmart';
import { defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_delete_coupon`: deletes a coupon (`DELETE /products/api/v1/coupon/{coupon_id}`, reference §4.4).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartDeleteCoupon } from './delete-coupon.ts';
 * const result = await invokeAction(hotmartDeleteCoupon, { coupon_id: 3036913 }, { connector: hotmartConnector, connection });
 */
export const hotmartDeleteCoupon = defineHotmartAction({
  id: 'hotmart_delete_coupon',
  title: 'Delete a coupon',
  description: 'Deletes a coupon so it can no longer be used.',
  llmHint:
    "Use when the seller wants a discount code withdrawn. Needs the coupon's numeric `coupon_id` (from hotmart_list_coupons), not its code. A coupon already deleted answers 404. Returns `{}`.",
  input: strictParams({ coupon_id: PathParams.coupon_id }),
  output: EmptyResponse,
  effect: 'write',
  idempotent: false,
  call: (client, { coupon_id }, options) => client.coupons.delete(coupon_id, options),
});
