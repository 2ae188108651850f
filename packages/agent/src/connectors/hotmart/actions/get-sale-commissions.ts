import { SaleCommissionsItem, SalesCommissionsParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_get_sale_commissions`: each participant's commission per sale (`GET /payments/api/v1/sales/commissions`, reference §4.1).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetSaleCommissions } from './get-sale-commissions.ts';
 * const result = await invokeAction(hotmartGetSaleCommissions, { commission_as: 'AFFILIATE', start_date: '2025-01-01' }, { connector: hotmartConnector, connection });
 */
export const hotmartGetSaleCommissions = defineHotmartAction({
  id: 'hotmart_get_sale_commissions',
  title: 'Get sale commissions',
  description:
    "Lists the commission of each participant (producer, co-producer, affiliate) in each sale, in that participant's payout currency.",
  llmHint:
    "Use for payout and affiliate questions. Amounts are `{ value, currency_value }` in each participant's payout currency, not the sale's; `source` is PRODUCER, COPRODUCER, AFFILIATE or ADDON. Filter by `transaction`, `product_id`, `commission_as`, dates. Without `transaction` or `transaction_status` Hotmart returns only APPROVED and COMPLETE sales: pass `transaction_status` to see refunded, cancelled or pending ones. Dates are epoch milliseconds or ISO dates (`2025-01-31`, `2025-01-31T12:00:00Z`). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({}, SalesCommissionsParams.shape),
  output: listOutput(SaleCommissionsItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.sales.commissions(params, options), { all, limit }),
});
