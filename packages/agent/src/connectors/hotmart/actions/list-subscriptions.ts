import { SubscriptionItem, SubscriptionsListParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_list_subscriptions`: the account's subscriptions (`GET /payments/api/v1/subscriptions`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListSubscriptions } from './list-subscriptions.ts';
 * const result = await invokeAction(hotmartListSubscriptions, { status: ['ACTIVE', 'OVERDUE'], subscriber_email: 'ann@example.com' }, { connector: hotmartConnector, connection });
 */
export const hotmartListSubscriptions = defineHotmartAction({
  id: 'hotmart_list_subscriptions',
  title: 'List subscriptions',
  description:
    'Lists subscriptions with their subscriber, plan, product, price, status and next charge date.',
  llmHint:
    "Use to find a subscriber's subscription or to list subscriptions by status. `status` takes one value or a list (ACTIVE, INACTIVE, DELAYED, OVERDUE, STARTED, CANCELLED_BY_CUSTOMER, CANCELLED_BY_SELLER, CANCELLED_BY_ADMIN); `plan` too. Filter by `subscriber_email`, `subscriber_code`, `product_id`, `plan_id`, `trial`, accession/cancellation/next-charge date ranges. Dates are epoch milliseconds or ISO dates (`2025-01-31`, `2025-01-31T12:00:00Z`). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({}, SubscriptionsListParams.shape),
  output: listOutput(SubscriptionItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.subscriptions.list(params, options), { all, limit }),
});
