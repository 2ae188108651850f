/**
 * `@hotpilot/emulator`: a local Hotmart for tests, benchmarks and demos — the OAuth token host, every REST
 * endpoint, a deterministic seeded account that scales to a million sales, rate limits, fault injection, a
 * control API, and a webhook sender with a scenario driver.
 */
export {
  type AccountOptions,
  type AccountSummary,
  createAccount,
  DEFAULT_REFERENCE_NOW,
  DEFAULT_SALES,
  type EmulatorAccount,
  MAX_SALES,
  type ResolvedSeedOptions,
  resolveSeedOptions,
} from './account.ts';
export { createEmulatorClock, type EmulatorClock, type EmulatorClockOptions } from './clock.ts';
export type { SaleFacts } from './generator/sales.ts';
export type * from './model.ts';
export type { EmulatorEnv, EmulatorHono } from './routes/context.ts';
export { TOKEN_PATH } from './routes/token.ts';
export * from './scenarios/index.ts';
export { createEmulatorApp, type EmulatorAppOptions } from './server/app.ts';
export {
  ClientCredentials,
  CredentialStore,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  type TokenCheck,
  TokenStore,
} from './server/credentials.ts';
export {
  createEmulator,
  DEFAULT_TOKEN_TTL_SECONDS,
  type Emulator,
  type EmulatorOptions,
} from './server/emulator.ts';
export { ApiError, ERROR_URI, type HotmartErrorBody } from './server/errors.ts';
export {
  type FaultAction,
  type FaultDecision,
  FaultInjector,
  type FaultRule,
  type FaultRuleInput,
  faultRuleSchema,
} from './server/faults.ts';
export {
  DEFAULT_RATE_LIMIT,
  RateLimiter,
  type RateLimitOptions,
  type RateLimitVerdict,
  rateLimitHeaders,
} from './server/rate-limit.ts';
export { type RecordedRequest, RequestLog } from './server/request-log.ts';
export { type RunningEmulator, type StartEmulatorOptions, startEmulator } from './server/start.ts';
export * from './webhooks/index.ts';
