import { SwitchPlanBody, SwitchPlanResponse } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';

/**
 * `hotmart_switch_plan`: moves a subscriber to another plan (`POST /payments/api/v1/subscriptions/switch-plan`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartSwitchPlan } from './switch-plan.ts';
 * const result = await invokeAction(hotmartSwitchPlan, { subscriber_code: 'ABC12DEF', offer_code: 'tz12qeev' }, { connector: hotmartConnector, connection });
 */
export const hotmartSwitchPlan = defineHotmartAction({
  id: 'hotmart_switch_plan',
  title: "Switch a subscription's plan",
  description: 'Moves a subscriber to another plan of the same product (upgrade or downgrade).',
  llmHint:
    "Use when a subscriber asked to change plan. Needs `subscriber_code` and the target plan's `offer_code` (from hotmart_list_switch_plan_options or hotmart_list_plans). The price changes from the next charge. Confirm with the seller first.",
  input: actionInput({}, SwitchPlanBody.shape),
  output: SwitchPlanResponse,
  effect: 'write',
  idempotent: false,
  call: (client, body, options) => client.subscriptions.switchPlan(body, options),
});
