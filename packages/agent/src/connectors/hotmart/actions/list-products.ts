import { ProductItem, ProductsListParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_list_products`: the product catalogue (`GET /products/api/v1/products`, reference §4.3).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListProducts } from './list-products.ts';
 * const result = await invokeAction(hotmartListProducts, { status: 'ACTIVE' }, { connector: hotmartConnector, connection });
 */
export const hotmartListProducts = defineHotmartAction({
  id: 'hotmart_list_products',
  title: 'List products',
  description: "Lists the account's products with their id, ucode, name, status, format and warranty.",
  llmHint:
    "Use to find a product's numeric `id` (for sales filters, coupons, configuration) or its `ucode` (for offers and plans). Filter by `id`, `status` (ACTIVE, DRAFT, PAUSED…) or `format`. Hotmart's default page size here is 50. Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({}, ProductsListParams.shape),
  output: listOutput(ProductItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.products.list(params, options), { all, limit }),
});
