import { NegotiationBody, NegotiationResponse } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';

/**
 * `hotmart_create_negotiation`: a payment link for overdue recurrences of a subscription (`POST /payments/api/v1/installments/negotiate`, reference §4.7).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartCreateNegotiation } from './create-negotiation.ts';
 * const result = await invokeAction(hotmartCreateNegotiation, { subscription_id: 123456, recurrences: [3], payment_type: 'PIX' }, { connector: hotmartConnector, connection });
 */
export const hotmartCreateNegotiation = defineHotmartAction({
  id: 'hotmart_create_negotiation',
  title: 'Create an installment negotiation',
  description:
    'Creates a payment link that lets a subscriber pay overdue recurrences, by PIX or boleto, optionally with a discount.',
  llmHint:
    "Use to recover an overdue subscriber. Needs `subscription_id` (numeric, from hotmart_list_subscriptions), `recurrences` (1–5 overdue recurrence numbers, see hotmart_get_subscriptions_summary `unpaid_recurrencies`) and `payment_type` PIX or BILLET; BILLET also needs the buyer's `document` (CPF/CNPJ). `discount` is `{ type: CUSTOM, value: <amount> }` or `{ type: PERCENTAGE, value }`. Each call creates a new link; returns `payment_link`.",
  input: actionInput({}, NegotiationBody.shape),
  output: NegotiationResponse,
  effect: 'write',
  idempotent: false,
  call: (client, body, options) => client.negotiation.create(body, options),
});
