import { BulkSubscriptionResult, CancelSubscriptionsBody } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';

/**
 * `hotmart_cancel_subscriptions`: cancels several subscriptions at once (`POST /payments/api/v1/subscriptions/cancel`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartCancelSubscriptions } from './cancel-subscriptions.ts';
 * const result = await invokeAction(hotmartCancelSubscriptions, { subscriber_code: ['ABC12DEF', 'XYZ98WVU'], send_mail: false }, { connector: hotmartConnector, connection });
 */
export const hotmartCancelSubscriptions = defineHotmartAction({
  id: 'hotmart_cancel_subscriptions',
  title: 'Cancel several subscriptions',
  description: 'Cancels several subscriptions in one call and reports which succeeded and which failed.',
  llmHint:
    'Use to cancel a list of subscriptions the seller named. Needs `subscriber_code` as a list; `send_mail` (default true). Some may fail while others succeed: read `fail_subscriptions[].error` (e.g. SUBSCRIPTION_ALREADY_CANCELED_OR_OVERDUE).',
  input: actionInput({}, CancelSubscriptionsBody.shape),
  output: BulkSubscriptionResult,
  effect: 'write',
  idempotent: false,
  call: (client, body, options) => client.subscriptions.cancelMany(body, options),
});
