import { z } from 'zod';
import type { HotmartApi } from '../internal/api.ts';
import type { RequestOptions } from '../internal/http.ts';
import { parseInput } from '../internal/parse.ts';
import { pathSegment } from '../internal/path.ts';
import type { PagePromise } from '../pagination.ts';
import {
  BulkSubscriptionResult,
  CancelSubscriptionBody,
  CancelSubscriptionsBody,
  ChangeDueDayBody,
  EmptyResponse,
  page,
  ReactivateSubscriptionBody,
  ReactivateSubscriptionsBody,
  SubscriberPurchase,
  SubscriptionChangeResult,
  SubscriptionItem,
  SubscriptionSummaryItem,
  SubscriptionsListParams,
  SubscriptionsSummaryParams,
  SubscriptionTransactionItem,
  SubscriptionTransactionsParams,
  SwitchPlanBody,
  SwitchPlanOption,
  SwitchPlanOptionsParams,
  SwitchPlanResponse,
} from '../schemas/index.ts';

const BASE = '/payments/api/v1/subscriptions';

const SubscriberPurchases = z.array(SubscriberPurchase);

// No sample of the switch-plan options answer is published (reference §4.2): accept a bare array or a list
// envelope, and hand back the plans either way.
const SwitchPlanOptions = z.union([
  z.array(SwitchPlanOption),
  page(SwitchPlanOption).transform((envelope) => envelope.items),
]);

/**
 * `client.subscriptions`: list and summarise subscriptions, their transactions and purchases; cancel, reactivate,
 * change the charge day and switch plans (reference §4.2).
 *
 * Cancel, reactivate and switch-plan are not idempotent: after a timeout or a 5xx they are not retried (only
 * after 429/503 or a connection that never opened), so check the subscription before calling again.
 *
 * @example
 * for await (const sub of client.subscriptions.list({ status: ['ACTIVE', 'OVERDUE'], max_results: 500 })) {
 *   console.log(sub.subscriber_code, sub.status);
 * }
 * await client.subscriptions.cancel('ABC12DEF', { send_mail: false });
 */
export class SubscriptionsResource {
  readonly #api: HotmartApi;

  constructor(api: HotmartApi) {
    this.#api = api;
  }

  /** `GET /payments/api/v1/subscriptions`: `status` and `plan` may be arrays (sent as repeated keys). */
  list(params: SubscriptionsListParams = {}, options?: RequestOptions): PagePromise<SubscriptionItem> {
    return this.#api.list(
      'subscriptions.list',
      () => ({
        name: 'subscriptions.list',
        method: 'GET',
        path: BASE,
        query: parseInput(SubscriptionsListParams, params, 'subscriptions.list parameters'),
        idempotent: true,
      }),
      SubscriptionItem,
      options,
    );
  }

  /** `GET /payments/api/v1/subscriptions/summary`: lifetime, last recurrence and unpaid recurrences (~24 h delay). */
  summary(
    params: SubscriptionsSummaryParams = {},
    options?: RequestOptions,
  ): PagePromise<SubscriptionSummaryItem> {
    return this.#api.list(
      'subscriptions.summary',
      () => ({
        name: 'subscriptions.summary',
        method: 'GET',
        path: `${BASE}/summary`,
        query: parseInput(SubscriptionsSummaryParams, params, 'subscriptions.summary parameters'),
        idempotent: true,
      }),
      SubscriptionSummaryItem,
      options,
    );
  }

  /** `GET /payments/api/v1/subscriptions/transactions`: one item per recurrence charge. */
  transactions(
    params: SubscriptionTransactionsParams = {},
    options?: RequestOptions,
  ): PagePromise<SubscriptionTransactionItem> {
    return this.#api.list(
      'subscriptions.transactions',
      () => ({
        name: 'subscriptions.transactions',
        method: 'GET',
        path: `${BASE}/transactions`,
        query: parseInput(SubscriptionTransactionsParams, params, 'subscriptions.transactions parameters'),
        idempotent: true,
      }),
      SubscriptionTransactionItem,
      options,
    );
  }

  /** `GET /payments/api/v1/subscriptions/{subscriber_code}/purchases`: a bare array (reference §3.2). */
  async purchases(subscriberCode: string, options?: RequestOptions): Promise<SubscriberPurchase[]> {
    return this.#api.call(
      {
        name: 'subscriptions.purchases',
        method: 'GET',
        path: `${BASE}/${pathSegment('subscriberCode', subscriberCode)}/purchases`,
        idempotent: true,
      },
      SubscriberPurchases,
      options,
      'array',
    );
  }

  /** `POST /payments/api/v1/subscriptions/{subscriber_code}/cancel`; `send_mail` defaults to true. */
  async cancel(
    subscriberCode: string,
    body: CancelSubscriptionBody = {},
    options?: RequestOptions,
  ): Promise<SubscriptionChangeResult> {
    return this.#api.call(
      {
        name: 'subscriptions.cancel',
        method: 'POST',
        path: `${BASE}/${pathSegment('subscriberCode', subscriberCode)}/cancel`,
        body: parseInput(CancelSubscriptionBody, body, 'subscriptions.cancel body'),
        idempotent: false,
      },
      SubscriptionChangeResult,
      options,
    );
  }

  /** `POST /payments/api/v1/subscriptions/cancel`: per-subscription successes and failures. */
  async cancelMany(body: CancelSubscriptionsBody, options?: RequestOptions): Promise<BulkSubscriptionResult> {
    return this.#api.call(
      {
        name: 'subscriptions.cancelMany',
        method: 'POST',
        path: `${BASE}/cancel`,
        body: parseInput(CancelSubscriptionsBody, body, 'subscriptions.cancelMany body'),
        idempotent: false,
      },
      BulkSubscriptionResult,
      options,
    );
  }

  /** `POST /payments/api/v1/subscriptions/{subscriber_code}/reactivate`; `charge: true` emails a payment link. */
  async reactivate(
    subscriberCode: string,
    body: ReactivateSubscriptionBody = {},
    options?: RequestOptions,
  ): Promise<SubscriptionChangeResult> {
    return this.#api.call(
      {
        name: 'subscriptions.reactivate',
        method: 'POST',
        path: `${BASE}/${pathSegment('subscriberCode', subscriberCode)}/reactivate`,
        body: parseInput(ReactivateSubscriptionBody, body, 'subscriptions.reactivate body'),
        idempotent: false,
      },
      SubscriptionChangeResult,
      options,
    );
  }

  /** `POST /payments/api/v1/subscriptions/reactivate`: per-subscription successes and failures. */
  async reactivateMany(
    body: ReactivateSubscriptionsBody,
    options?: RequestOptions,
  ): Promise<BulkSubscriptionResult> {
    return this.#api.call(
      {
        name: 'subscriptions.reactivateMany',
        method: 'POST',
        path: `${BASE}/reactivate`,
        body: parseInput(ReactivateSubscriptionsBody, body, 'subscriptions.reactivateMany body'),
        idempotent: false,
      },
      BulkSubscriptionResult,
      options,
    );
  }

  /**
   * `PATCH /payments/api/v1/subscriptions/{subscriber_code}`: sets the charge day; answers with an empty body,
   * returned as `{}`. Setting a value is idempotent, so this one is retried like a read.
   */
  async changeDueDay(
    subscriberCode: string,
    body: ChangeDueDayBody,
    options?: RequestOptions,
  ): Promise<EmptyResponse> {
    return this.#api.call(
      {
        name: 'subscriptions.changeDueDay',
        method: 'PATCH',
        path: `${BASE}/${pathSegment('subscriberCode', subscriberCode)}`,
        body: parseInput(ChangeDueDayBody, body, 'subscriptions.changeDueDay body'),
        idempotent: true,
      },
      EmptyResponse,
      options,
    );
  }

  /** `GET /payments/api/v1/subscriptions/switch-plan/plans?subscriber_codes=…`: plans the subscribers can move to. */
  async switchPlanOptions(
    params: SwitchPlanOptionsParams,
    options?: RequestOptions,
  ): Promise<SwitchPlanOption[]> {
    return this.#api.call(
      {
        name: 'subscriptions.switchPlanOptions',
        method: 'GET',
        path: `${BASE}/switch-plan/plans`,
        query: parseInput(SwitchPlanOptionsParams, params, 'subscriptions.switchPlanOptions parameters'),
        idempotent: true,
      },
      SwitchPlanOptions,
      options,
      'array',
    );
  }

  /** `POST /payments/api/v1/subscriptions/switch-plan`: moves a subscriber to the plan of `offer_code`. */
  async switchPlan(body: SwitchPlanBody, options?: RequestOptions): Promise<SwitchPlanResponse> {
    return this.#api.call(
      {
        name: 'subscriptions.switchPlan',
        method: 'POST',
        path: `${BASE}/switch-plan`,
        body: parseInput(SwitchPlanBody, body, 'subscriptions.switchPlan body'),
        idempotent: false,
      },
      SwitchPlanResponse,
      options,
    );
  }
}
