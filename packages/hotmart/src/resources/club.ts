import { z } from 'zod';
import type { HotmartApi } from '../internal/api.ts';
import type { RequestOptions } from '../internal/http.ts';
import { parseInput } from '../internal/parse.ts';
import { pathSegment } from '../internal/path.ts';
import type { PagePromise } from '../pagination.ts';
import {
  ClubModule,
  ClubModulesParams,
  ClubPage,
  ClubPagesParams,
  ClubPagesV2Params,
  ClubPageV2,
  ClubUserItem,
  ClubUserLessonsParams,
  ClubUserLessonsResponse,
  ClubUsersParams,
} from '../schemas/index.ts';

const ClubModules = z.array(ClubModule);
const ClubPages = z.array(ClubPage);
const ClubPagesV2 = z.array(ClubPageV2);

/**
 * `client.club`: the Members Area (Hotmart Club) — students, modules, pages and a student's lesson progress
 * (reference §4.5), on the official paths (`/users`, `/modules`, not HPY's `/students`, §9). v1 calls need the
 * club's `subdomain` (the slug in `https://hotmart.com/club/<subdomain>`); modules and pages answer bare arrays.
 *
 * @example
 * for await (const student of client.club.users({ subdomain: 'my-club' })) console.log(student.email);
 * const modules = await client.club.modules({ subdomain: 'my-club' });
 * const firstModule = modules[0]?.module_id;
 * if (firstModule) console.log(await client.club.pages(firstModule, { subdomain: 'my-club' }));
 */
export class ClubResource {
  readonly #api: HotmartApi;

  constructor(api: HotmartApi) {
    this.#api = api;
  }

  /** `GET /club/api/v1/users`: the club's students. */
  users(params: ClubUsersParams, options?: RequestOptions): PagePromise<ClubUserItem> {
    return this.#api.list(
      'club.users',
      () => ({
        name: 'club.users',
        method: 'GET',
        path: '/club/api/v1/users',
        query: parseInput(ClubUsersParams, params, 'club.users parameters'),
        idempotent: true,
      }),
      ClubUserItem,
      options,
    );
  }

  /** `GET /club/api/v1/modules`: a bare array. */
  async modules(params: ClubModulesParams, options?: RequestOptions): Promise<ClubModule[]> {
    return this.#api.call(
      {
        name: 'club.modules',
        method: 'GET',
        path: '/club/api/v1/modules',
        query: parseInput(ClubModulesParams, params, 'club.modules parameters'),
        idempotent: true,
      },
      ClubModules,
      options,
      'array',
    );
  }

  /** `GET /club/api/v1/modules/{module_id}/pages`: a bare array. */
  async pages(moduleId: string, params: ClubPagesParams, options?: RequestOptions): Promise<ClubPage[]> {
    return this.#api.call(
      {
        name: 'club.pages',
        method: 'GET',
        path: `/club/api/v1/modules/${pathSegment('moduleId', moduleId)}/pages`,
        query: parseInput(ClubPagesParams, params, 'club.pages parameters'),
        idempotent: true,
      },
      ClubPages,
      options,
      'array',
    );
  }

  /** `GET /club/api/v2/modules/{module_id}/pages`: takes `product_id` instead of `subdomain`; a bare array. */
  async pagesV2(
    moduleId: string,
    params: ClubPagesV2Params,
    options?: RequestOptions,
  ): Promise<ClubPageV2[]> {
    return this.#api.call(
      {
        name: 'club.pagesV2',
        method: 'GET',
        path: `/club/api/v2/modules/${pathSegment('moduleId', moduleId)}/pages`,
        query: parseInput(ClubPagesV2Params, params, 'club.pagesV2 parameters'),
        idempotent: true,
      },
      ClubPagesV2,
      options,
      'array',
    );
  }

  /** `GET /club/api/v1/users/{user_id}/lessons`: `{ lessons: [...] }` with each lesson's completion. */
  async userLessons(
    userId: string,
    params: ClubUserLessonsParams,
    options?: RequestOptions,
  ): Promise<ClubUserLessonsResponse> {
    return this.#api.call(
      {
        name: 'club.userLessons',
        method: 'GET',
        path: `/club/api/v1/users/${pathSegment('userId', userId)}/lessons`,
        query: parseInput(ClubUserLessonsParams, params, 'club.userLessons parameters'),
        idempotent: true,
      },
      ClubUserLessonsResponse,
      options,
    );
  }
}
