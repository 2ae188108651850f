import { SaleHistoryItem, SalesHistoryParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_get_sales_history`: the sales of the account, one item per sale (`GET /payments/api/v1/sales/history`, reference §4.1).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetSalesHistory } from './get-sales-history.ts';
 * const result = await invokeAction(hotmartGetSalesHistory, { buyer_email: 'ann@example.com', transaction_status: 'APPROVED' }, { connector: hotmartConnector, connection });
 */
export const hotmartGetSalesHistory = defineHotmartAction({
  id: 'hotmart_get_sales_history',
  title: 'Get sales history',
  description:
    'Lists sales with their buyer, product, price, payment method and status, filtered by date, product, buyer, status, payment type or offer.',
  llmHint:
    'Use to find sales or check the status of one sale. Filter by `transaction` (HP…), `buyer_email`, `product_id`, `start_date`/`end_date`, `transaction_status`, `payment_type` or `offer_code`. Without `transaction` or `transaction_status` Hotmart returns only APPROVED and COMPLETE sales: pass `transaction_status` to see refunded, cancelled or pending ones. Dates are epoch milliseconds or ISO dates (`2025-01-31`, `2025-01-31T12:00:00Z`). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).',
  input: listInput({}, SalesHistoryParams.shape),
  output: listOutput(SaleHistoryItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.sales.history(params, options), { all, limit }),
});
