import { SwitchPlanOption, SwitchPlanOptionsParams } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction, itemsOutput } from '../hotmart-action.ts';

/**
 * `hotmart_list_switch_plan_options`: the plans subscribers can switch to (`GET /payments/api/v1/subscriptions/switch-plan/plans`, reference §4.2).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListSwitchPlanOptions } from './list-switch-plan-options.ts';
 * const result = await invokeAction(hotmartListSwitchPlanOptions, { subscriber_codes: ['ABC12DEF'] }, { connector: hotmartConnector, connection });
 */
export const hotmartListSwitchPlanOptions = defineHotmartAction({
  id: 'hotmart_list_switch_plan_options',
  title: 'List switch-plan options',
  description: 'Lists the plans one or more subscribers can switch to.',
  llmHint:
    'Use before hotmart_switch_plan to find a valid `offer_code`. Needs `subscriber_codes` (one code or a list). Returns `{ items }`.',
  input: actionInput({}, SwitchPlanOptionsParams.shape),
  output: itemsOutput(SwitchPlanOption),
  effect: 'read',
  idempotent: true,
  call: async (client, params, options) => ({
    items: await client.subscriptions.switchPlanOptions(params, options),
  }),
});
