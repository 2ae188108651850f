import { ReactivateSubscriptionBody, SubscriptionChangeResult } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_reactivate_subscription`: reactivates one cancelled subscription (`POST /payments/api/v1/subscriptions/{subscriber_code}/reactivate`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartReactivateSubscription } from './reactivate-subscription.ts';
 * const result = await invokeAction(hotmartReactivateSubscription, { subscriber_code: 'ABC12DEF', charge: true }, { connector: hotmartConnector, connection });
 */
export const hotmartReactivateSubscription = defineHotmartAction({
  id: 'hotmart_reactivate_subscription',
  title: 'Reactivate a subscription',
  description: 'Reactivates a cancelled subscription, optionally charging the subscriber at once.',
  llmHint:
    'Use when a subscriber wants to come back. Needs the `subscriber_code`. With `charge: true` Hotmart e-mails a payment link valid 3 days and the subscription stays INACTIVE until it is paid. Fails for a subscription that is already active.',
  input: actionInput({ subscriber_code: PathParams.subscriber_code }, ReactivateSubscriptionBody.shape),
  output: SubscriptionChangeResult,
  effect: 'write',
  idempotent: false,
  call: (client, { subscriber_code, ...body }, options) =>
    client.subscriptions.reactivate(subscriber_code, body, options),
});
