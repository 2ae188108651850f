import { SubscriberPurchase, strictParams } from '@hotpilot/hotmart';
import { defineHotmartAction, itemsOutput } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_list_subscriber_purchases`: every purchase (charge) of one subscription (`GET /payments/api/v1/subscriptions/{subscriber_code}/purchases`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListSubscriberPurchases } from './list-subscriber-purchases.ts';
 * const result = await invokeAction(hotmartListSubscriberPurchases, { subscriber_code: 'ABC12DEF' }, { connector: hotmartConnector, connection });
 */
export const hotmartListSubscriberPurchases = defineHotmartAction({
  id: 'hotmart_list_subscriber_purchases',
  title: "List a subscriber's purchases",
  description:
    'Lists every purchase of one subscription: each charge with its transaction, status, price, payment type and warranty state.',
  llmHint:
    'Use to see all the charges of one subscriber, e.g. to pick the transaction to refund. Needs the `subscriber_code`. Returns `{ items }` (the whole list, no paging).',
  input: strictParams({ subscriber_code: PathParams.subscriber_code }),
  output: itemsOutput(SubscriberPurchase),
  effect: 'read',
  idempotent: true,
  call: async (client, { subscriber_code }, options) => ({
    items: await client.subscriptions.purchases(subscriber_code, options),
  }),
});
