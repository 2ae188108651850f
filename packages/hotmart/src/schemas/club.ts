import { z } from 'zod';
import { PagingParams, strictParams } from './common.ts';

// `subdomain` is the slug of the club URL https://hotmart.com/club/<subdomain>; every v1 call requires it
// (reference §4.5).
const subdomain = z.string().min(1);

/**
 * Query of `GET /club/api/v1/users` (students; reference §4.5).
 *
 * @example
 * ClubUsersParams.parse({ subdomain: 'my-club', email: 'student@example.com' });
 */
export const ClubUsersParams = strictParams({
  subdomain,
  email: z.string().min(1).optional(),
  ...PagingParams.shape,
});
/** Student list filters. @example const params: ClubUsersParams = { subdomain: 'my-club' }; */
export type ClubUsersParams = z.input<typeof ClubUsersParams>;
/** Student list query as sent. @example const query: ClubUsersQuery = { subdomain: 'my-club' }; */
export type ClubUsersQuery = z.output<typeof ClubUsersParams>;

/**
 * One student of a Members Area (reference §4.5; fixture `club-users.json`). Known vocabularies: `role` STUDENT,
 * FREE_STUDENT, OWNER, ADMIN, CONTENT_EDITOR, MODERATOR; `status` ACTIVE, BLOCKED, BLOCKED_BY_OWNER, OVERDUE;
 * `type` BUYER, IMPORTED, FREE, OWNER, GUEST; `engagement` NONE, LOW, MEDIUM and likely more — all kept as strings.
 * The official sample's access dates have 10 digits (seconds) while the API's dates are otherwise ms
 * (reference §3.1), so they are kept as numbers without conversion.
 *
 * @example
 * ClubUserItem.parse({ user_id: 'n2OM623n46', role: 'STUDENT', progress: { completed_percentage: 45 } });
 */
export const ClubUserItem = z.looseObject({
  user_id: z.string().optional(),
  engagement: z.string().optional(),
  name: z.string().optional(),
  email: z.string().optional(),
  last_access_date: z.number().nullable().optional(),
  role: z.string().optional(),
  first_access_date: z.number().nullable().optional(),
  locale: z.string().optional(),
  plus_access: z.string().optional(),
  progress: z
    .looseObject({
      completed_percentage: z.number().optional(),
      total: z.number().optional(),
      completed: z.number().optional(),
    })
    .optional(),
  status: z.string().optional(),
  access_count: z.number().optional(),
  is_deletable: z.boolean().optional(),
  class_id: z.string().optional(),
  type: z.string().optional(),
  purchase_date: z.number().nullable().optional(),
});
/** One student. @example const student: ClubUserItem = { user_id: 'n2OM623n46' }; */
export type ClubUserItem = z.infer<typeof ClubUserItem>;

/**
 * Query of `GET /club/api/v1/modules` (reference §4.5).
 *
 * @example
 * ClubModulesParams.parse({ subdomain: 'my-club', is_extra: false });
 */
export const ClubModulesParams = strictParams({ subdomain, is_extra: z.boolean().optional() });
/** Module list filters. @example const params: ClubModulesParams = { subdomain: 'my-club' }; */
export type ClubModulesParams = z.input<typeof ClubModulesParams>;
/** Module list query as sent. @example const query: ClubModulesQuery = { subdomain: 'my-club' }; */
export type ClubModulesQuery = z.output<typeof ClubModulesParams>;

/**
 * One module; the endpoint answers with a bare array (reference §3.2, §4.5; fixture `club-modules.json`).
 *
 * @example
 * z.array(ClubModule).parse([{ module_id: '2z7ramxejw', name: 'Module 1', total_pages: 2 }]);
 */
export const ClubModule = z.looseObject({
  module_id: z.string().optional(),
  name: z.string().optional(),
  sequence: z.number().optional(),
  is_extra: z.boolean().optional(),
  is_extra_paid: z.boolean().optional(),
  is_public: z.boolean().optional(),
  classes: z.array(z.string()).optional(),
  total_pages: z.number().optional(),
});
/** One module. @example const module: ClubModule = { module_id: '2z7ramxejw' }; */
export type ClubModule = z.infer<typeof ClubModule>;

/**
 * Query of `GET /club/api/v1/modules/{module_id}/pages` (reference §4.5).
 *
 * @example
 * ClubPagesParams.parse({ subdomain: 'my-club' });
 */
export const ClubPagesParams = strictParams({ subdomain });
/** Page list query. @example const params: ClubPagesParams = { subdomain: 'my-club' }; */
export type ClubPagesParams = z.input<typeof ClubPagesParams>;
/** Page list query as sent. @example const query: ClubPagesQuery = { subdomain: 'my-club' }; */
export type ClubPagesQuery = z.output<typeof ClubPagesParams>;

const rates = z.array(z.looseObject({ rate: z.number().optional(), total: z.number().optional() }));

/**
 * One page (lesson) of a module, v1; bare-array answer (reference §4.5; fixture `club-module-pages.json`). `type`
 * is CONTENT, ADVERTISEMENT, QUIZ or WEBINAR; `liberation_type` BY_DAYS or BY_DATE (drip content). The docs name
 * the flag `is_published`; a recorded real answer names it `published`, so both are declared.
 *
 * @example
 * z.array(ClubPage).parse([{ name: 'Intro', page_order: 1, type: 'CONTENT', liberation_type: 'BY_DAYS', liberation_days: 7 }]);
 */
export const ClubPage = z.looseObject({
  page_id: z.string().optional(),
  name: z.string().optional(),
  page_order: z.number().optional(),
  type: z.string().optional(),
  is_published: z.boolean().optional(),
  published: z.boolean().optional(),
  total_comments: z.number().optional(),
  rates_average: z.number().nullable().optional(),
  rates: rates.optional(),
  has_media: z.boolean().optional(),
  liberation_type: z.string().optional(),
  liberation_date: z.number().nullable().optional(),
  liberation_days: z.number().nullable().optional(),
  has_duration: z.boolean().optional(),
  days_of_duration: z.number().nullable().optional(),
});
/** One page, v1. @example const page: ClubPage = { name: 'Intro', page_order: 1 }; */
export type ClubPage = z.infer<typeof ClubPage>;

/**
 * Query of `GET /club/api/v2/modules/{module_id}/pages`, which takes `product_id` instead of `subdomain`
 * (reference §4.5).
 *
 * @example
 * ClubPagesV2Params.parse({ product_id: 1355458 });
 */
export const ClubPagesV2Params = strictParams({ product_id: z.number().int().positive() });
/** Page list query, v2. @example const params: ClubPagesV2Params = { product_id: 1355458 }; */
export type ClubPagesV2Params = z.input<typeof ClubPagesV2Params>;
/** Page list query as sent, v2. @example const query: ClubPagesV2Query = { product_id: 1355458 }; */
export type ClubPagesV2Query = z.output<typeof ClubPagesV2Params>;

/**
 * One page of a module, v2; array answer. Real items carry `published` (not `is_published`) and
 * `dripping_configs[]`, whose entries are undocumented and passed through (reference §4.5).
 *
 * @example
 * z.array(ClubPageV2).parse([{ page_id: 'PAGE001', published: true, dripping_configs: [] }]);
 */
export const ClubPageV2 = z.looseObject({
  page_id: z.string().optional(),
  name: z.string().optional(),
  type: z.string().optional(),
  page_order: z.number().optional(),
  total_comments: z.number().optional(),
  rates: rates.optional(),
  rates_average: z.number().nullable().optional(),
  published: z.boolean().optional(),
  has_media: z.boolean().optional(),
  dripping_configs: z.array(z.looseObject({})).optional(),
});
/** One page, v2. @example const page: ClubPageV2 = { page_id: 'PAGE001', published: true }; */
export type ClubPageV2 = z.infer<typeof ClubPageV2>;

/**
 * Query of `GET /club/api/v1/users/{user_id}/lessons` (student progress; reference §4.5).
 *
 * @example
 * ClubUserLessonsParams.parse({ subdomain: 'my-club' });
 */
export const ClubUserLessonsParams = strictParams({ subdomain });
/** Student progress query. @example const params: ClubUserLessonsParams = { subdomain: 'my-club' }; */
export type ClubUserLessonsParams = z.input<typeof ClubUserLessonsParams>;
/** Student progress query as sent. @example const query: ClubUserLessonsQuery = { subdomain: 'my-club' }; */
export type ClubUserLessonsQuery = z.output<typeof ClubUserLessonsParams>;

/**
 * One lesson of a student's progress (fixture `club-user-lessons.json`); `completed_date` (ms) only when completed.
 *
 * @example
 * ClubLesson.parse({ page_id: 'RMe1YEyeYx', is_completed: true, completed_date: 1609984800000 });
 */
export const ClubLesson = z.looseObject({
  page_id: z.string().optional(),
  page_name: z.string().optional(),
  module_name: z.string().optional(),
  is_module_extra: z.boolean().optional(),
  is_completed: z.boolean().optional(),
  completed_date: z.number().nullable().optional(),
});
/** One lesson's progress. @example const lesson: ClubLesson = { page_id: 'RMe1YEyeYx', is_completed: false }; */
export type ClubLesson = z.infer<typeof ClubLesson>;

/**
 * Answer of the student progress endpoint: `{ lessons: [...] }`, not the list envelope (reference §8).
 *
 * @example
 * ClubUserLessonsResponse.parse({ lessons: [{ page_id: 'RMe1YEyeYx', is_completed: true }] });
 */
export const ClubUserLessonsResponse = z.looseObject({ lessons: z.array(ClubLesson) });
/** A student's progress. @example const progress: ClubUserLessonsResponse = { lessons: [] }; */
export type ClubUserLessonsResponse = z.infer<typeof ClubUserLessonsResponse>;
