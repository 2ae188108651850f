// Public API of @hotpilot/hotmart: the client, its errors and pagination, the REST schemas and the webhook toolkit.
// `internal/` stays private; only the types it defines for options are re-exported here.

export { createHotmartClient, HotmartClient, type HotmartClientSettings } from './client.ts';
export {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  type HeadersLike,
  HotmartApiError,
  HotmartError,
  type HotmartErrorCode,
  type HotmartErrorRequest,
  type InputIssue,
  InvalidInputError,
  NotFoundError,
  PermissionError,
  RateBudgetError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from './errors.ts';
export type { RequestOptions } from './internal/http.ts';
export type { HotmartLogger } from './internal/logger.ts';
export {
  DEFAULT_REQUESTS_PER_MINUTE,
  type FetchLike,
  HOTMART_ENVIRONMENTS,
  type HotmartClientOptions,
  type SleepFn,
} from './internal/options.ts';
export { Page, type PageBody, PagePromise, type PageSource } from './pagination.ts';
export { ClubResource } from './resources/club.ts';
export { CouponsResource } from './resources/coupons.ts';
export { EventsResource } from './resources/events.ts';
export { NegotiationResource } from './resources/negotiation.ts';
export { ProductsResource } from './resources/products.ts';
export { SalesResource } from './resources/sales.ts';
export { SubscriptionsResource } from './resources/subscriptions.ts';
export { UserResource } from './resources/user.ts';
export * from './schemas/index.ts';
export * from './webhooks/index.ts';
