import { EmptyResponse, ProductConfigurationBody } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_update_product_configuration`: sets whether Hotmart may e-mail a product's buyers (`PUT /products/api/v1/product/configuration/{product_id}`, reference §4.3).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartUpdateProductConfiguration } from './update-product-configuration.ts';
 * const result = await invokeAction(hotmartUpdateProductConfiguration, { product_id: 2125812, is_allowed_to_email_the_buyer: false }, { connector: hotmartConnector, connection });
 */
export const hotmartUpdateProductConfiguration = defineHotmartAction({
  id: 'hotmart_update_product_configuration',
  title: "Update a product's configuration",
  description: 'Sets whether Hotmart may e-mail the buyers of a product.',
  llmHint:
    "Use when the seller wants to turn Hotmart's e-mails to buyers of a product on or off. Needs the numeric `product_id` and `is_allowed_to_email_the_buyer` (true/false). Setting the same value twice is harmless. Returns `{}`.",
  input: actionInput({ product_id: PathParams.product_id }, ProductConfigurationBody.shape),
  output: EmptyResponse,
  effect: 'write',
  idempotent: true,
  call: (client, { product_id, ...body }, options) =>
    client.products.updateConfiguration(product_id, body, options),
});
