import { RefundResponse, strictParams } from '@hotpilot/hotmart';
import { defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_refund_sale`: refunds a sale in full (`PUT /payments/api/v1/sales/{transaction}/refund`, reference §4.1).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartRefundSale } from './refund-sale.ts';
 * const result = await invokeAction(hotmartRefundSale, { transaction: 'HP17715690036014' }, { connector: hotmartConnector, connection });
 */
export const hotmartRefundSale = defineHotmartAction({
  id: 'hotmart_refund_sale',
  title: 'Refund a sale',
  description: 'Refunds a sale in full. Irreversible; the buyer is refunded by Hotmart.',
  llmHint:
    "Use only when the seller asked to refund this sale: it cannot be undone. Needs the `transaction` code (HP…). Only APPROVED or COMPLETE sales can be refunded, not during a subscription trial and not BACS/SEPA payments. A second refund of the same sale fails with `refund_request_already_exists`; after a timeout, check the sale's status with hotmart_get_sales_history before calling again. Returns `{}`.",
  input: strictParams({ transaction: PathParams.transaction }),
  output: RefundResponse,
  effect: 'write',
  idempotent: false,
  call: (client, { transaction }, options) => client.sales.refund(transaction, options),
});
