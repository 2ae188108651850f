import { SubscriptionTransactionItem, SubscriptionTransactionsParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_list_subscription_transactions`: one item per recurrence charge of the subscriptions (`GET /payments/api/v1/subscriptions/transactions`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListSubscriptionTransactions } from './list-subscription-transactions.ts';
 * const result = await invokeAction(hotmartListSubscriptionTransactions, { recurrency_status: 'NOT_PAID', transaction_date: '2025-05-01' }, { connector: hotmartConnector, connection });
 */
export const hotmartListSubscriptionTransactions = defineHotmartAction({
  id: 'hotmart_list_subscription_transactions',
  title: 'List subscription transactions',
  description:
    'Lists the recurrence charges of subscriptions with their payment, status, refusal reason and commission.',
  llmHint:
    'Use to see the charge history of subscriptions, e.g. failed charges (`recurrency_status: NOT_PAID`) and why they were refused. Filter by `transaction_date`/`end_transaction_date`, `subscriber_code`, `subscriber_email`, `product_id`, `billing_type`, `subscription_status`, `purchase_status`. Dates are epoch milliseconds or ISO dates (`2025-01-31`, `2025-01-31T12:00:00Z`). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).',
  input: listInput({}, SubscriptionTransactionsParams.shape),
  output: listOutput(SubscriptionTransactionItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.subscriptions.transactions(params, options), { all, limit }),
});
