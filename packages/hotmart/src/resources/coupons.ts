import type { HotmartApi } from '../internal/api.ts';
import type { RequestOptions } from '../internal/http.ts';
import { parseInput } from '../internal/parse.ts';
import { pathSegment } from '../internal/path.ts';
import type { PagePromise } from '../pagination.ts';
import { CouponItem, CouponsListParams, CreateCouponBody, EmptyResponse } from '../schemas/index.ts';

/**
 * `client.coupons`: create, list and delete a product's coupons, on the official `/products/api/v1` paths
 * (reference §4.4; not HPY's `/payments/api/v1/coupons`, §9). Coupons are not available for subscription products.
 *
 * @example
 * await client.coupons.create(2125812, { code: 'WELCOME10', discount: 0.1 });
 * const coupons = await client.coupons.list(2125812, { code: 'WELCOME10' });
 * const id = coupons.items[0]?.id;
 * if (id !== undefined) await client.coupons.delete(id);
 */
export class CouponsResource {
  readonly #api: HotmartApi;

  constructor(api: HotmartApi) {
    this.#api = api;
  }

  /** `POST /products/api/v1/product/{product_id}/coupon`: answers `{}`; `discount` is a fraction (0.1 = 10 %). */
  async create(
    productId: number | string,
    body: CreateCouponBody,
    options?: RequestOptions,
  ): Promise<EmptyResponse> {
    return this.#api.call(
      {
        name: 'coupons.create',
        method: 'POST',
        path: `/products/api/v1/product/${pathSegment('productId', productId)}/coupon`,
        body: parseInput(CreateCouponBody, body, 'coupons.create body'),
        idempotent: false,
      },
      EmptyResponse,
      options,
    );
  }

  /**
   * `GET /products/api/v1/coupon/product/{product_id}`, optionally filtered by `code`. A product without coupons
   * may answer with an empty body (reference §4.4); that is an empty page here.
   */
  list(
    productId: number | string,
    params: CouponsListParams = {},
    options?: RequestOptions,
  ): PagePromise<CouponItem> {
    return this.#api.list(
      'coupons.list',
      () => ({
        name: 'coupons.list',
        method: 'GET',
        path: `/products/api/v1/coupon/product/${pathSegment('productId', productId)}`,
        query: parseInput(CouponsListParams, params, 'coupons.list parameters'),
        idempotent: true,
      }),
      CouponItem,
      options,
    );
  }

  /**
   * `DELETE /products/api/v1/coupon/{coupon_id}`. Not retried after an ambiguous failure: if the first attempt
   * deleted the coupon, a repeat would report a misleading 404.
   */
  async delete(couponId: number | string, options?: RequestOptions): Promise<EmptyResponse> {
    return this.#api.call(
      {
        name: 'coupons.delete',
        method: 'DELETE',
        path: `/products/api/v1/coupon/${pathSegment('couponId', couponId)}`,
        idempotent: false,
      },
      EmptyResponse,
      options,
    );
  }
}
