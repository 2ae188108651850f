import { CouponItem, CouponsListParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_list_coupons`: the coupons of a product (`GET /products/api/v1/coupon/product/{product_id}`, reference §4.4).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListCoupons } from './list-coupons.ts';
 * const result = await invokeAction(hotmartListCoupons, { product_id: 2125812, code: 'WELCOME10' }, { connector: hotmartConnector, connection });
 */
export const hotmartListCoupons = defineHotmartAction({
  id: 'hotmart_list_coupons',
  title: "List a product's coupons",
  description:
    'Lists the coupons of a product with their id, code, discount and status, optionally filtered by code.',
  llmHint:
    "Use to check which discount codes exist or to find a coupon's `id` for hotmart_delete_coupon. Needs the numeric `product_id`; `code` filters by coupon code. `discount` is a fraction (0.1 = 10 %). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({ product_id: PathParams.product_id }, CouponsListParams.shape),
  output: listOutput(CouponItem),
  effect: 'read',
  idempotent: true,
  call: (client, { product_id, all, limit, ...params }, options) =>
    readList(client.coupons.list(product_id, params, options), { all, limit }),
});
