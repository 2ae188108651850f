import { NewBilletResponse, strictParams } from '@hotpilot/hotmart';
import { defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_create_billet`: issues a new boleto for a sale (`PUT /payments/api/v1/sales/{transaction}/billet`, reference §4.1).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartCreateBillet } from './create-billet.ts';
 * const result = await invokeAction(hotmartCreateBillet, { transaction: 'HP17715690036014' }, { connector: hotmartConnector, connection });
 */
export const hotmartCreateBillet = defineHotmartAction({
  id: 'hotmart_create_billet',
  title: 'Issue a new boleto',
  description:
    'Issues a new boleto (Brazilian bank slip) for a sale paid by boleto, e.g. when the first one expired, and returns its URL.',
  llmHint:
    'Use when a buyer who chose boleto needs a new slip. Needs the `transaction` code (HP…) of a boleto sale still awaiting payment. Each call issues a new slip; returns `{ billet_url }` to send to the buyer.',
  input: strictParams({ transaction: PathParams.transaction }),
  output: NewBilletResponse,
  effect: 'write',
  idempotent: false,
  call: (client, { transaction }, options) => client.sales.newBillet(transaction, options),
});
