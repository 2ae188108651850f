import {
  type EmulatorAccount,
  type RecordedRequest,
  type RunningEmulator,
  type Sale,
  type StartEmulatorOptions,
  startEmulator,
  TOKEN_PATH,
} from '@hotpilot/emulator';
import { createHotmartClient, type HotmartClient, type HotmartClientOptions } from '../../src/index.ts';

/**
 * Contract tests run the real client against a running emulator over loopback HTTP, and check the values the
 * client returns against the emulator's account — the same records the emulator rendered.
 */

/** A running emulator and a client pointed at it. */
export interface Contract {
  readonly hotmart: RunningEmulator;
  readonly account: EmulatorAccount;
  readonly client: HotmartClient;
}

/** Options of `startContract`: the emulator's, and overrides for the client. */
export interface ContractOptions {
  readonly emulator?: StartEmulatorOptions;
  readonly client?: Partial<HotmartClientOptions>;
}

/**
 * Starts an emulator on port 0 (seed 11, 4,000 sales, rate limit off unless asked) and a client for it. The
 * client's own rate budget is off too: the emulator's limit is what the failure tests exercise.
 */
export async function startContract(options: ContractOptions = {}): Promise<Contract> {
  const hotmart = await startEmulator({ seed: 11, sales: 4_000, rateLimit: false, ...options.emulator });
  return { hotmart, account: hotmart.account, client: clientFor(hotmart, options.client) };
}

/** A client with the emulator's default credentials and hosts. */
export function clientFor(
  hotmart: RunningEmulator,
  options: Partial<HotmartClientOptions> = {},
): HotmartClient {
  return createHotmartClient({
    clientId: hotmart.credentials.clientId,
    clientSecret: hotmart.credentials.clientSecret,
    apiBaseUrl: hotmart.apiBaseUrl,
    tokenUrl: hotmart.tokenUrl,
    rateLimit: false,
    ...options,
  });
}

/** What the emulator recorded for one path (exactly that path), oldest first. */
export function requestsTo(hotmart: RunningEmulator, path: string): RecordedRequest[] {
  return hotmart.emulator.requests.list({ path }).filter((request) => request.path === path);
}

/** Token requests the emulator received. */
export function tokenRequests(hotmart: RunningEmulator): RecordedRequest[] {
  return requestsTo(hotmart, TOKEN_PATH);
}

/** A `sleep` for the client that returns at once and records every delay it was asked for. */
export function instantSleep(): { sleep: (ms: number) => Promise<void>; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms) => {
      delays.push(ms);
    },
  };
}

/** Every sale of the account, in index order. */
export function allSales(account: EmulatorAccount): Sale[] {
  const sales: Sale[] = [];
  for (let index = 0; index < account.saleCount(); index++) sales.push(account.saleAt(index));
  return sales;
}

/** The first sale (in index order) that passes `predicate`; fails the test when none does. */
export function findSale(account: EmulatorAccount, predicate: (sale: Sale) => boolean): Sale {
  for (let index = 0; index < account.saleCount(); index++) {
    const sale = account.saleAt(index);
    if (predicate(sale)) return sale;
  }
  throw new Error('the seeded account has no sale of the kind this test needs');
}

/** The statuses the sales endpoints return when neither `transaction` nor `transaction_status` is sent (§4.1). */
export const DEFAULT_STATUSES: ReadonlySet<string> = new Set(['APPROVED', 'COMPLETE']);
