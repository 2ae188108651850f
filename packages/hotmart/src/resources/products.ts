import type { HotmartApi } from '../internal/api.ts';
import type { RequestOptions } from '../internal/http.ts';
import { parseInput } from '../internal/parse.ts';
import { pathSegment } from '../internal/path.ts';
import type { PagePromise } from '../pagination.ts';
import {
  EmptyResponse,
  OfferItem,
  PlanItem,
  ProductConfigurationBody,
  ProductItem,
  ProductOffersParams,
  ProductPlansParams,
  ProductsListParams,
} from '../schemas/index.ts';

/**
 * `client.products`: the catalogue, each product's offers and plans, and the e-mail-the-buyer setting
 * (reference §4.3). Offers and plans are keyed by the product's **ucode**, not its numeric id.
 *
 * @example
 * const products = await client.products.list({ status: 'ACTIVE' }).toArray();
 * for (const product of products) {
 *   if (product.ucode) console.log((await client.products.offers(product.ucode)).items.length);
 * }
 */
export class ProductsResource {
  readonly #api: HotmartApi;

  constructor(api: HotmartApi) {
    this.#api = api;
  }

  /** `GET /products/api/v1/products` (Hotmart's default page size is 50). */
  list(params: ProductsListParams = {}, options?: RequestOptions): PagePromise<ProductItem> {
    return this.#api.list(
      'products.list',
      () => ({
        name: 'products.list',
        method: 'GET',
        path: '/products/api/v1/products',
        query: parseInput(ProductsListParams, params, 'products.list parameters'),
        idempotent: true,
      }),
      ProductItem,
      options,
    );
  }

  /** `GET /products/api/v1/products/{ucode}/offers`. */
  offers(ucode: string, params: ProductOffersParams = {}, options?: RequestOptions): PagePromise<OfferItem> {
    return this.#api.list(
      'products.offers',
      () => ({
        name: 'products.offers',
        method: 'GET',
        path: `/products/api/v1/products/${pathSegment('ucode', ucode)}/offers`,
        query: parseInput(ProductOffersParams, params, 'products.offers parameters'),
        idempotent: true,
      }),
      OfferItem,
      options,
    );
  }

  /** `GET /products/api/v1/products/{ucode}/plans` (a product without plans answers 400). */
  plans(ucode: string, params: ProductPlansParams = {}, options?: RequestOptions): PagePromise<PlanItem> {
    return this.#api.list(
      'products.plans',
      () => ({
        name: 'products.plans',
        method: 'GET',
        path: `/products/api/v1/products/${pathSegment('ucode', ucode)}/plans`,
        query: parseInput(ProductPlansParams, params, 'products.plans parameters'),
        idempotent: true,
      }),
      PlanItem,
      options,
    );
  }

  /** `PUT /products/api/v1/product/configuration/{product_id}`: sets whether Hotmart may e-mail the buyer. */
  async updateConfiguration(
    productId: number | string,
    body: ProductConfigurationBody,
    options?: RequestOptions,
  ): Promise<EmptyResponse> {
    return this.#api.call(
      {
        name: 'products.updateConfiguration',
        method: 'PUT',
        path: `/products/api/v1/product/configuration/${pathSegment('productId', productId)}`,
        body: parseInput(ProductConfigurationBody, body, 'products.updateConfiguration body'),
        // Setting a flag to a value twice is the same as once.
        idempotent: true,
      },
      EmptyResponse,
      options,
    );
  }
}
