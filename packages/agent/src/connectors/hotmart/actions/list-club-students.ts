import { ClubUserItem, ClubUsersParams } from '@hotpilot/hotmart';
import { defineHotmartAction, listInput, listOutput, readList } from '../hotmart-action.ts';

/**
 * `hotmart_list_club_students`: the students of a Members Area (`GET /club/api/v1/users`, reference §4.5).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartListClubStudents } from './list-club-students.ts';
 * const result = await invokeAction(hotmartListClubStudents, { subdomain: 'my-club', email: 'ann@example.com' }, { connector: hotmartConnector, connection });
 */
export const hotmartListClubStudents = defineHotmartAction({
  id: 'hotmart_list_club_students',
  title: 'List Members Area students',
  description:
    'Lists the students of a Members Area (Hotmart Club) with their progress, engagement, status and access dates.',
  llmHint:
    "Use to check a student's access or progress, or to list inactive students. Needs the club's `subdomain` (the slug in https://hotmart.com/club/<subdomain>); `email` filters to one student. `progress.completed_percentage` is the share of lessons done. Returns one page by default (`max_results` up to 500; `page_token` from `page_info.next_page_token` for the next); `all: true` follows the pages for you, up to `limit` items (default 1000).",
  input: listInput({}, ClubUsersParams.shape),
  output: listOutput(ClubUserItem),
  effect: 'read',
  idempotent: true,
  call: (client, { all, limit, ...params }, options) =>
    readList(client.club.users(params, options), { all, limit }),
});
