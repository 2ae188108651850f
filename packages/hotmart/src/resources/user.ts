import type { HotmartApi } from '../internal/api.ts';
import type { RequestOptions } from '../internal/http.ts';
import { parseInput } from '../internal/parse.ts';
import { AccountInfoBody, AccountInfoResponse, UserMe } from '../schemas/index.ts';

/**
 * `client.user`: the authenticated account (reference §4.8). `me()` is the cheapest way to test a connection.
 *
 * @example
 * const me = await client.user.me();
 * console.log(me.name, me.ucode);
 */
export class UserResource {
  readonly #api: HotmartApi;

  constructor(api: HotmartApi) {
    this.#api = api;
  }

  /** `GET /user/api/v1/me`: the account's profile. */
  async me(options?: RequestOptions): Promise<UserMe> {
    return this.#api.call(
      { name: 'user.me', method: 'GET', path: '/user/api/v1/me', idempotent: true },
      UserMe,
      options,
    );
  }

  /** `POST /accounts/api/v1/info`: a GraphQL-shaped account query. A read, so retried like one. */
  async accountInfo(body: AccountInfoBody, options?: RequestOptions): Promise<AccountInfoResponse> {
    return this.#api.call(
      {
        name: 'user.accountInfo',
        method: 'POST',
        path: '/accounts/api/v1/info',
        body: parseInput(AccountInfoBody, body, 'user.accountInfo body'),
        idempotent: true,
      },
      AccountInfoResponse,
      options,
    );
  }
}
