import { type AccountOptions, createAccount, type EmulatorAccount } from '../account.ts';
import { createEmulatorClock, type EmulatorClock } from '../clock.ts';
import type { SeedOptions } from '../model.ts';
import {
  ClientCredentials,
  CredentialStore,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  TokenStore,
} from './credentials.ts';
import { FaultInjector, type FaultRuleInput } from './faults.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { RequestLog } from './request-log.ts';

/**
 * Hotmart's sample `expires_in` (~48 h, reference §2.3).
 *
 * @example
 * createEmulator({ tokenTtlSeconds: DEFAULT_TOKEN_TTL_SECONDS });
 */
export const DEFAULT_TOKEN_TTL_SECONDS = 172_799;

/**
 * Options of `createEmulator` (and `startEmulator`).
 *
 * @example
 * const options: EmulatorOptions = { seed: 42, sales: 100_000, rateLimit: false, faults: [{ route: '*', errorRate: 0.01 }] };
 */
export interface EmulatorOptions extends Partial<SeedOptions> {
  /** The emulator clock; default: running from the seed's reference `now`. */
  clock?: EmulatorClock;
  /** Token lifetime in seconds (default 172,799). */
  tokenTtlSeconds?: number;
  /** Accepted client credentials (default: one pair, `DEFAULT_CLIENT_ID`/`DEFAULT_CLIENT_SECRET`). */
  credentials?: readonly { clientId: string; clientSecret: string }[];
  /** Rate-limit settings, or `false` to turn it off (default 500/minute). */
  rateLimit?: false | Partial<Omit<RateLimitOptions, 'enabled'>>;
  /** Fault rules in force from the start. */
  faults?: readonly FaultRuleInput[];
  /** Seed of the fault generator (default: the account seed). */
  faultSeed?: number;
  /** How many API requests `GET /_emulator/requests` keeps (default 1,000). */
  requestLogSize?: number;
  /**
   * Serve the control API to non-loopback clients too (default false: `/_emulator` answers 403 to remote
   * addresses, since anyone reaching it can rewrite the account).
   */
  allowRemoteControl?: boolean;
}

/**
 * Everything a running emulator holds: the account, the clock, credentials and tokens, the rate limiter, the
 * fault rules and the request log. `createEmulatorApp` serves it over HTTP.
 *
 * @example
 * const emulator: Emulator = createEmulator({ seed: 42 });
 * emulator.clock.advance(60_000);
 * emulator.faults.add({ route: '/payments/*', failFirst: 1 });
 */
export interface Emulator {
  readonly account: EmulatorAccount;
  readonly clock: EmulatorClock;
  readonly credentials: CredentialStore;
  readonly defaultCredentials: ClientCredentials;
  readonly tokens: TokenStore;
  readonly rateLimiter: RateLimiter;
  readonly faults: FaultInjector;
  readonly requests: RequestLog;
  tokenTtlSeconds: number;
  readonly allowRemoteControl: boolean;
  /**
   * Requests held by `timeout` faults, released (their sockets destroyed) on close.
   * @internal
   */
  readonly held: Set<() => void>;
  /** Restores the seeded account and the start-up faults, and clears the request log and rate-limit windows. */
  reset(): void;
  /** Releases every request a `timeout` fault is holding. */
  releaseHeld(): void;
}

/**
 * Creates the emulator's state (no server; see `startEmulator` for that).
 *
 * @example
 * const emulator = createEmulator({ seed: 42, sales: 500, rateLimit: false });
 * emulator.account.saleCount(); // 500
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const {
    clock: givenClock,
    tokenTtlSeconds = DEFAULT_TOKEN_TTL_SECONDS,
    credentials,
    rateLimit,
    faults: initialFaults = [],
    faultSeed,
    requestLogSize,
    allowRemoteControl = false,
    ...seed
  } = options;
  if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1) {
    throw new RangeError('tokenTtlSeconds must be a positive integer');
  }
  let clock = givenClock;
  const accountOptions: AccountOptions = { ...seed, clock: () => (clock as EmulatorClock).now() };
  const account = createAccount(accountOptions);
  clock ??= createEmulatorClock({ start: account.options.now });
  const pairs = (credentials ?? [{ clientId: DEFAULT_CLIENT_ID, clientSecret: DEFAULT_CLIENT_SECRET }]).map(
    (pair) => new ClientCredentials(pair.clientId, pair.clientSecret),
  );
  if (pairs.length === 0) throw new RangeError('at least one client credential pair is needed');
  const faults = new FaultInjector(faultSeed ?? account.seed);
  for (const rule of initialFaults) faults.add(rule);
  const rateLimiter = new RateLimiter(rateLimit === false ? { enabled: false } : rateLimit);
  const held = new Set<() => void>();
  const emulator: Emulator = {
    account,
    clock,
    credentials: new CredentialStore(pairs),
    defaultCredentials: pairs[0] as ClientCredentials,
    tokens: new TokenStore(),
    rateLimiter,
    faults,
    requests: new RequestLog(requestLogSize),
    tokenTtlSeconds,
    allowRemoteControl,
    held,
    reset() {
      account.reset();
      faults.clear();
      for (const rule of initialFaults) faults.add(rule);
      rateLimiter.reset();
      emulator.requests.clear();
    },
    releaseHeld() {
      for (const release of [...held]) release();
    },
  };
  return emulator;
}
