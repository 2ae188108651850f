import { BulkSubscriptionResult, ReactivateSubscriptionsBody } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';

/**
 * `hotmart_reactivate_subscriptions`: reactivates several subscriptions at once (`POST /payments/api/v1/subscriptions/reactivate`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartReactivateSubscriptions } from './reactivate-subscriptions.ts';
 * const result = await invokeAction(hotmartReactivateSubscriptions, { subscriber_code: ['ABC12DEF'], charge: false }, { connector: hotmartConnector, connection });
 */
export const hotmartReactivateSubscriptions = defineHotmartAction({
  id: 'hotmart_reactivate_subscriptions',
  title: 'Reactivate several subscriptions',
  description:
    'Reactivates several cancelled subscriptions in one call and reports which succeeded and which failed.',
  llmHint:
    'Use to bring back a list of subscriptions. Needs `subscriber_code` as a list; `charge: true` e-mails each subscriber a payment link (valid 3 days). Read `fail_subscriptions[].error` (e.g. SUBSCRIPTION_ALREADY_ACTIVE) for the ones that failed.',
  input: actionInput({}, ReactivateSubscriptionsBody.shape),
  output: BulkSubscriptionResult,
  effect: 'write',
  idempotent: false,
  call: (client, body, options) => client.subscriptions.reactivateMany(body, options),
});
