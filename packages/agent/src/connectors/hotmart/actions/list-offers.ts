import { OfferItem, ProductOffersParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_list_offers`: the offers (price points) of a product (`GET /products/api/v1/products/{ucode}/offers`, reference §4.3).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListOffers } from './list-offers.ts';
 * const result = await invokeAction(hotmartListOffers, { ucode: 'f2b3be1f-313f-4a2d-b5b7-1c39d67dd3ee' }, { connector: hotmartConnector, connection });
 */
export const hotmartListOffers = defineHotmartAction({
  id: 'hotmart_list_offers',
  title: "List a product's offers",
  description:
    'Lists the offers of a product: code, name, price, payment mode and whether it is the main offer.',
  llmHint:
    "Use to find a product's prices or an `offer_code`. Needs the product's `ucode` (a UUID from hotmart_list_products), not its numeric id. Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({ ucode: PathParams.ucode }, ProductOffersParams.shape),
  output: listOutput(OfferItem),
  effect: 'read',
  idempotent: true,
  call: (client, { ucode, all, limit, ...params }, options) =>
    readList(client.products.offers(ucode, params, options), { all, limit }),
});
