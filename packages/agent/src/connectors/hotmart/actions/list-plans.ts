import { PlanItem, ProductPlansParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_list_plans`: the subscription plans of a product (`GET /products/api/v1/products/{ucode}/plans`, reference §4.3).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListPlans } from './list-plans.ts';
 * const result = await invokeAction(hotmartListPlans, { ucode: 'f2b3be1f-313f-4a2d-b5b7-1c39d67dd3ee' }, { connector: hotmartConnector, connection });
 */
export const hotmartListPlans = defineHotmartAction({
  id: 'hotmart_list_plans',
  title: "List a product's plans",
  description:
    'Lists the subscription plans of a product: code, name, price, periodicity, trial and switch-plan settings.',
  llmHint:
    "Use to describe a subscription product's plans or find a plan's offer `code`. Needs the product's `ucode` (from hotmart_list_products). Hotmart answers 400 for a product without plans (not a subscription). Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({ ucode: PathParams.ucode }, ProductPlansParams.shape),
  output: listOutput(PlanItem),
  effect: 'read',
  idempotent: true,
  call: (client, { ucode, all, limit, ...params }, options) =>
    readList(client.products.plans(ucode, params, options), { all, limit }),
});
