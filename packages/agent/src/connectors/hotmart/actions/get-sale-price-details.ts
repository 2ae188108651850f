import { SalePriceDetailsItem, SalesPriceDetailsParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_get_sale_price_details`: the price breakdown of each sale (`GET /payments/api/v1/sales/price/details`, reference §4.1).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetSalePriceDetails } from './get-sale-price-details.ts';
 * const result = await invokeAction(hotmartGetSalePriceDetails, { transaction: 'HP14916251567230' }, { connector: hotmartConnector, connection });
 */
export const hotmartGetSalePriceDetails = defineHotmartAction({
  id: 'hotmart_get_sale_price_details',
  title: 'Get sale price details',
  description:
    'Shows the price breakdown of each sale: base price, total, VAT, Hotmart fee, coupon and conversion rate.',
  llmHint:
    'Use to explain what a buyer paid or what Hotmart charged. `base`, `total`, `vat` and `fee` may each be in a different currency. Filter by `transaction` for one sale. Without `transaction` or `transaction_status` Hotmart returns only APPROVED and COMPLETE sales: pass `transaction_status` to see refunded, cancelled or pending ones. Dates are epoch milliseconds or ISO dates (`2025-01-31`, `2025-01-31T12:00:00Z`). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).',
  input: listInput({}, SalesPriceDetailsParams.shape),
  output: listOutput(SalePriceDetailsItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.sales.priceDetails(params, options), { all, limit }),
});
