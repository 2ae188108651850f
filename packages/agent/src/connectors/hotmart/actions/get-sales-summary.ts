import { SalesSummaryItem, SalesSummaryParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_get_sales_summary`: sales totals — count and value, per currency (`GET /payments/api/v1/sales/summary`, reference §4.1).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetSalesSummary } from './get-sales-summary.ts';
 * const result = await invokeAction(hotmartGetSalesSummary, { start_date: '2025-05-01', end_date: '2025-06-01' }, { connector: hotmartConnector, connection });
 */
export const hotmartGetSalesSummary = defineHotmartAction({
  id: 'hotmart_get_sales_summary',
  title: 'Get sales summary',
  description:
    'Totals of the sales matching the filters: number of sales and total value, one item per currency.',
  llmHint:
    'Use for revenue questions ("how much did we sell in May?"). Takes the sales-history filters plus `affiliate_name`; each item is `{ total_items, total_value: { value, currency_code } }`, one per currency — never add values of different currencies. Without `transaction` or `transaction_status` Hotmart returns only APPROVED and COMPLETE sales: pass `transaction_status` to see refunded, cancelled or pending ones. Dates are epoch milliseconds or ISO dates (`2025-01-31`, `2025-01-31T12:00:00Z`).',
  input: listInput({}, SalesSummaryParams.shape),
  output: listOutput(SalesSummaryItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.sales.summary(params, options), { all, limit }),
});
