import { ClubPagesV2Params, ClubPageV2 } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction, itemsOutput } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_list_club_pages_v2`: the pages of a module by product id, v2 (`GET /club/api/v2/modules/{module_id}/pages`, reference §4.5).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListClubPagesV2 } from './list-club-pages-v2.ts';
 * const result = await invokeAction(hotmartListClubPagesV2, { module_id: '2z7ramxejw', product_id: 1355458 }, { connector: hotmartConnector, connection });
 */
export const hotmartListClubPagesV2 = defineHotmartAction({
  id: 'hotmart_list_club_pages_v2',
  title: "List a module's pages (v2)",
  description:
    'Lists the pages of a Members Area module, addressed by product id instead of the club subdomain (API v2).',
  llmHint:
    "Same as hotmart_list_club_pages when you know the course's numeric `product_id` but not its club subdomain. Needs `module_id` and `product_id`. Items carry `published` and `dripping_configs`. Returns `{ items }`.",
  input: actionInput({ module_id: PathParams.module_id }, ClubPagesV2Params.shape),
  output: itemsOutput(ClubPageV2),
  effect: 'read',
  idempotent: true,
  call: async (client, { module_id, ...params }, options) => ({
    items: await client.club.pagesV2(module_id, params, options),
  }),
});
