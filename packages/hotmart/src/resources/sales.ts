import type { HotmartApi } from '../internal/api.ts';
import type { RequestOptions } from '../internal/http.ts';
import { parseInput } from '../internal/parse.ts';
import { pathSegment } from '../internal/path.ts';
import type { PagePromise } from '../pagination.ts';
import {
  NewBilletResponse,
  RefundResponse,
  SaleCommissionsItem,
  SaleHistoryItem,
  SalePriceDetailsItem,
  SalesCommissionsParams,
  SalesHistoryParams,
  SalesPriceDetailsParams,
  SalesSummaryItem,
  SalesSummaryParams,
  SalesUsersParams,
  SaleUsersItem,
} from '../schemas/index.ts';

const BASE = '/payments/api/v1/sales';

/**
 * `client.sales`: sales history, summaries, participants, commissions, price breakdowns, refunds and new boletos
 * (reference §4.1). List verbs return a `PagePromise`. Without `transaction` or `transaction_status`, Hotmart
 * returns only APPROVED and COMPLETE sales.
 *
 * @example
 * for await (const sale of client.sales.history({ start_date: new Date('2025-01-01'), max_results: 500 })) {
 *   console.log(sale.purchase?.transaction, sale.purchase?.status);
 * }
 * await client.sales.refund('HP17715690036014');
 */
export class SalesResource {
  readonly #api: HotmartApi;

  constructor(api: HotmartApi) {
    this.#api = api;
  }

  /** `GET /payments/api/v1/sales/history`: one item per sale. */
  history(params: SalesHistoryParams = {}, options?: RequestOptions): PagePromise<SaleHistoryItem> {
    return this.#api.list(
      'sales.history',
      () => ({
        name: 'sales.history',
        method: 'GET',
        path: `${BASE}/history`,
        query: parseInput(SalesHistoryParams, params, 'sales.history parameters'),
        idempotent: true,
      }),
      SaleHistoryItem,
      options,
    );
  }

  /** `GET /payments/api/v1/sales/summary`: totals (count and value per currency). */
  summary(params: SalesSummaryParams = {}, options?: RequestOptions): PagePromise<SalesSummaryItem> {
    return this.#api.list(
      'sales.summary',
      () => ({
        name: 'sales.summary',
        method: 'GET',
        path: `${BASE}/summary`,
        query: parseInput(SalesSummaryParams, params, 'sales.summary parameters'),
        idempotent: true,
      }),
      SalesSummaryItem,
      options,
    );
  }

  /** `GET /payments/api/v1/sales/users`: the people of each sale (producer, buyer, affiliates…). */
  users(params: SalesUsersParams = {}, options?: RequestOptions): PagePromise<SaleUsersItem> {
    return this.#api.list(
      'sales.users',
      () => ({
        name: 'sales.users',
        method: 'GET',
        path: `${BASE}/users`,
        query: parseInput(SalesUsersParams, params, 'sales.users parameters'),
        idempotent: true,
      }),
      SaleUsersItem,
      options,
    );
  }

  /** `GET /payments/api/v1/sales/commissions`: each participant's commission, in their payout currency. */
  commissions(
    params: SalesCommissionsParams = {},
    options?: RequestOptions,
  ): PagePromise<SaleCommissionsItem> {
    return this.#api.list(
      'sales.commissions',
      () => ({
        name: 'sales.commissions',
        method: 'GET',
        path: `${BASE}/commissions`,
        query: parseInput(SalesCommissionsParams, params, 'sales.commissions parameters'),
        idempotent: true,
      }),
      SaleCommissionsItem,
      options,
    );
  }

  /** `GET /payments/api/v1/sales/price/details`: base, total, VAT, fee and coupon of each sale. */
  priceDetails(
    params: SalesPriceDetailsParams = {},
    options?: RequestOptions,
  ): PagePromise<SalePriceDetailsItem> {
    return this.#api.list(
      'sales.priceDetails',
      () => ({
        name: 'sales.priceDetails',
        method: 'GET',
        path: `${BASE}/price/details`,
        query: parseInput(SalesPriceDetailsParams, params, 'sales.priceDetails parameters'),
        idempotent: true,
      }),
      SalePriceDetailsItem,
      options,
    );
  }

  /**
   * `PUT /payments/api/v1/sales/{transaction}/refund`: refunds an APPROVED or COMPLETE sale; answers `{}`.
   * Not retried after an ambiguous failure (a repeat would answer `refund_request_already_exists`).
   */
  async refund(transaction: string, options?: RequestOptions): Promise<RefundResponse> {
    return this.#api.call(
      {
        name: 'sales.refund',
        method: 'PUT',
        path: `${BASE}/${pathSegment('transaction', transaction)}/refund`,
        idempotent: false,
      },
      RefundResponse,
      options,
    );
  }

  /** `PUT /payments/api/v1/sales/{transaction}/billet`: issues a new boleto; answers `{ billet_url }`. */
  async newBillet(transaction: string, options?: RequestOptions): Promise<NewBilletResponse> {
    return this.#api.call(
      {
        name: 'sales.newBillet',
        method: 'PUT',
        path: `${BASE}/${pathSegment('transaction', transaction)}/billet`,
        idempotent: false,
      },
      NewBilletResponse,
      options,
    );
  }
}
