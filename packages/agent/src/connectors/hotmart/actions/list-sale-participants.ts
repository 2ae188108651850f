import { SalesUsersParams, SaleUsersItem } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_list_sale_participants`: the people of each sale — producer, buyer, affiliates, co-producers (`GET /payments/api/v1/sales/users`, reference §4.1).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListSaleParticipants } from './list-sale-participants.ts';
 * const result = await invokeAction(hotmartListSaleParticipants, { transaction: 'HP17715690036014' }, { connector: hotmartConnector, connection });
 */
export const hotmartListSaleParticipants = defineHotmartAction({
  id: 'hotmart_list_sale_participants',
  title: 'List sale participants',
  description:
    'Lists the participants of each sale (producer, buyer, affiliates, co-producers) with their contact details, documents and address.',
  llmHint:
    "Use to get a buyer's phone, document or address, or to see which affiliate took part in a sale. Filter by `transaction` for one sale; takes the sales-history filters plus `affiliate_name`. Each item has `users: [{ role, user }]`. Without `transaction` or `transaction_status` Hotmart returns only APPROVED and COMPLETE sales: pass `transaction_status` to see refunded, cancelled or pending ones. Dates are epoch milliseconds or ISO dates (`2025-01-31`, `2025-01-31T12:00:00Z`). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({}, SalesUsersParams.shape),
  output: listOutput(SaleUsersItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.sales.users(params, options), { all, limit }),
});
