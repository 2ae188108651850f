import { CancelSubscriptionBody, SubscriptionChangeResult } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_cancel_subscription`: cancels one subscription (`POST /payments/api/v1/subscriptions/{subscriber_code}/cancel`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartCancelSubscription } from './cancel-subscription.ts';
 * const result = await invokeAction(hotmartCancelSubscription, { subscriber_code: 'ABC12DEF', send_mail: false }, { connector: hotmartConnector, connection });
 */
export const hotmartCancelSubscription = defineHotmartAction({
  id: 'hotmart_cancel_subscription',
  title: 'Cancel a subscription',
  description:
    'Cancels a subscription: no further charges. Hotmart notifies the Members Area and sends a SUBSCRIPTION_CANCELLATION webhook.',
  llmHint:
    'Use only when the seller or subscriber asked to cancel. Needs the `subscriber_code`; `send_mail` (default true) lets Hotmart e-mail the subscriber. Fails with `it_can_not_cancel_subscription_status` for a subscription already cancelled. After a timeout, check the status with hotmart_list_subscriptions before calling again. Returns the subscription.',
  input: actionInput({ subscriber_code: PathParams.subscriber_code }, CancelSubscriptionBody.shape),
  output: SubscriptionChangeResult,
  effect: 'write',
  idempotent: false,
  call: (client, { subscriber_code, ...body }, options) =>
    client.subscriptions.cancel(subscriber_code, body, options),
});
