import { ClubUserLessonsParams, ClubUserLessonsResponse } from '@hotpilot/hotmart';
import { actionInput, defineHotmartAction } from '../hotmart-action.ts';
import { PathParams } from '../path-params.ts';

/**
 * `hotmart_get_student_lessons`: a student's progress lesson by lesson (`GET /club/api/v1/users/{user_id}/lessons`, reference §4.5).
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { hotmartConnector } from '../hotmart-connector.ts';
 * import { hotmartGetStudentLessons } from './get-student-lessons.ts';
 * const result = await invokeAction(hotmartGetStudentLessons, { user_id: 'n2OM623n46', subdomain: 'my-club' }, { connector: hotmartConnector, connection });
 */
export const hotmartGetStudentLessons = defineHotmartAction({
  id: 'hotmart_get_student_lessons',
  title: "Get a student's lesson progress",
  description: 'Shows which lessons a student completed and when.',
  llmHint:
    'Use to answer "how far is this student?" or to check course completion. Needs the student\'s `user_id` (from hotmart_list_club_students) and the club\'s `subdomain`. Returns `{ lessons: [{ page_name, module_name, is_completed, completed_date }] }`.',
  input: actionInput({ user_id: PathParams.user_id }, ClubUserLessonsParams.shape),
  output: ClubUserLessonsResponse,
  effect: 'read',
  idempotent: true,
  call: (client, { user_id, ...params }, options) => client.club.userLessons(user_id, params, options),
});
