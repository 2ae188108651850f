import { ClubPage, ClubPagesParams } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction, itemsOutput } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_list_club_pages`: the pages (lessons) of a module, v1 (`GET /club/api/v1/modules/{module_id}/pages`, reference §4.5).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListClubPages } from './list-club-pages.ts';
 * const result = await invokeAction(hotmartListClubPages, { module_id: '2z7ramxejw', subdomain: 'my-club' }, { connector: hotmartConnector, connection });
 */
export const hotmartListClubPages = defineHotmartAction({
  id: 'hotmart_list_club_pages',
  title: "List a module's pages",
  description:
    'Lists the pages (lessons) of a Members Area module with their type, order, release rules and ratings.',
  llmHint:
    "Use to list a module's lessons and when each is released (`liberation_type` BY_DAYS or BY_DATE). Needs `module_id` (from hotmart_list_club_modules) and the club's `subdomain`. Returns `{ items }`.",
  input: actionInput({ module_id: PathParams.module_id }, ClubPagesParams.shape),
  output: itemsOutput(ClubPage),
  effect: 'read',
  idempotent: true,
  call: async (client, { module_id, ...params }, options) => ({
    items: await client.club.pages(module_id, params, options),
  }),
});
