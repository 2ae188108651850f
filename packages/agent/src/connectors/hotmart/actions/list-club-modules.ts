import { ClubModule, ClubModulesParams } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction, itemsOutput } from '../hotmart-action.ts';

/**
 * `hotmart_list_club_modules`: the modules of a Members Area (`GET /club/api/v1/modules`, reference §4.5).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListClubModules } from './list-club-modules.ts';
 * const result = await invokeAction(hotmartListClubModules, { subdomain: 'my-club' }, { connector: hotmartConnector, connection });
 */
export const hotmartListClubModules = defineHotmartAction({
  id: 'hotmart_list_club_modules',
  title: 'List Members Area modules',
  description: 'Lists the modules of a Members Area with their order, page count and visibility.',
  llmHint:
    "Use to describe a course's structure or find a `module_id` for hotmart_list_club_pages. Needs the club's `subdomain`; `is_extra` filters extra modules. Returns `{ items }` (no paging).",
  input: actionInput({}, ClubModulesParams.shape),
  output: itemsOutput(ClubModule),
  effect: 'read',
  idempotent: true,
  call: async (client, params, options) => ({ items: await client.club.modules(params, options) }),
});
