import type { Locale } from '../kit/i18n/locale.ts';
import type { SyncProgress, SyncResult } from '../mirror/sync.ts';

/**
 * What `hotpilot demo` was asked for. The composition (`src/demo/`) implements it; this layer only parses flags
 * and prints.
 *
 * @example
 * import type { DemoOptions } from './demo-types.ts';
 * const options: DemoOptions = {
 *   dataDir: '/home/ana/.hotpilot-demo', keep: false, host: '127.0.0.1', port: 3000, seed: 42, sales: 1000, rate: 1,
 *   locale: 'pt-BR', logLevel: 'warn', onStep: (step) => console.log(step.kind),
 * };
 */
export interface DemoOptions {
  /** Absolute path of the demo's data directory (SQLite file, key file); emptied first unless `keep`. */
  dataDir: string;
  keep: boolean;
  host: string;
  /** Port of hotpilot's HTTP server (0 picks a free one). */
  port: number;
  /** Seed of the emulated Hotmart account (same seed, same account). */
  seed: number;
  /** Sales in the account's history. */
  sales: number;
  /** Webhook events per second played by the customer journeys; 0 plays as fast as hotpilot accepts them. */
  rate: number;
  /** Stop the journeys after this many events (default: they play until the demo stops). */
  events?: number;
  /** Language of the demo's seller settings and admin user. */
  locale: Locale;
  /** Level of hotpilot's JSON log lines, written to standard error. */
  logLevel: string;
  /** Worker threads executing the workflows (`HOTPILOT_WORKER_THREADS`; default 0: the main thread does). */
  workerThreads?: number;
  /** Called as the demo comes up, so the CLI can say what is happening. */
  onStep(step: DemoStep): void;
}

/**
 * One stage of the demo coming up.
 *
 * @example
 * import type { DemoStep } from './demo-types.ts';
 * const step: DemoStep = { kind: 'journeys', rate: 2 };
 */
export type DemoStep =
  | { kind: 'data-dir'; path: string; reset: boolean }
  | { kind: 'emulator'; url: string; sales: number; products: number }
  | { kind: 'fakes' }
  | { kind: 'mail'; url: string }
  | { kind: 'hotpilot'; url: string }
  | { kind: 'sync'; progress: SyncProgress }
  | { kind: 'synced'; result: SyncResult }
  | { kind: 'journeys'; rate: number };

/**
 * A running demo: where to look, how to sign in, and how to stop it.
 *
 * @example
 * import type { RunningDemo } from './demo-types.ts';
 * const stop = async (demo: RunningDemo) => { await demo.close(); };
 */
export interface RunningDemo {
  readonly dataDir: string;
  /** hotpilot's base URL. */
  readonly url: string;
  /** The dashboard (sign in first). */
  readonly dashboardUrl: string;
  readonly loginUrl: string;
  /** The demo admin; the password is generated for this run and shown once. */
  readonly login: { readonly email: string; readonly password: string };
  /** Where the emulator delivers its webhooks. */
  readonly webhookUrl: string;
  /** Pages and JSON documents that show what hotpilot did outside itself. */
  readonly inspect: {
    readonly hubspot: string;
    readonly zendesk: string;
    readonly slack: string;
    readonly google: string;
    readonly mail: string;
    readonly hotmartDeliveries: string;
    readonly hotmartRequests: string;
  };
  /** Stops the journeys, hotpilot (gracefully), the emulator, the fakes and the catcher. Idempotent. */
  close(): Promise<void>;
}
