import { SubscriptionSummaryItem, SubscriptionsSummaryParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_get_subscriptions_summary`: each subscription's lifetime, last recurrence and unpaid recurrences (`GET /payments/api/v1/subscriptions/summary`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetSubscriptionsSummary } from './get-subscriptions-summary.ts';
 * const result = await invokeAction(hotmartGetSubscriptionsSummary, { product_id: 2125812 }, { connector: hotmartConnector, connection });
 */
export const hotmartGetSubscriptionsSummary = defineHotmartAction({
  id: 'hotmart_get_subscriptions_summary',
  title: 'Get subscriptions summary',
  description:
    'Summarises each subscription: how many charges it lived, its last recurrence and any unpaid recurrences.',
  llmHint:
    'Use for churn and dunning questions (which subscribers have unpaid recurrences). Hotmart computes this data with about 24 hours of delay: for the current status use hotmart_list_subscriptions. Filter by `product_id`, `subscriber_code`, accession and next-charge dates. Dates are epoch milliseconds or ISO dates (`2025-01-31`, `2025-01-31T12:00:00Z`). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).',
  input: listInput({}, SubscriptionsSummaryParams.shape),
  output: listOutput(SubscriptionSummaryItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.subscriptions.summary(params, options), { all, limit }),
});
