import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { EmulatorAccount } from '../account.ts';
import type { EmulatorHono } from '../routes/context.ts';
import { TOKEN_PATH } from '../routes/token.ts';
import { createScenarioDriver, type ScenarioDriver, type ScenarioDriverOptions } from '../scenarios/index.ts';
import {
  createWebhookSender,
  type WebhookSender,
  type WebhookSenderOptions,
  webhookControlRoutes,
} from '../webhooks/index.ts';
import { createEmulatorApp } from './app.ts';
import type { ClientCredentials } from './credentials.ts';
import { createEmulator, type Emulator, type EmulatorOptions } from './emulator.ts';

/**
 * Options of `startEmulator`.
 *
 * @example
 * const options: StartEmulatorOptions = { port: 4010, seed: 42, sales: 50_000, webhooks: { retryDelaysMs: [100] } };
 */
export interface StartEmulatorOptions extends EmulatorOptions {
  /** TCP port (default 0: any free port). */
  port?: number;
  /** Interface to bind (default 127.0.0.1: the emulator and its control API stay on this machine). */
  host?: string;
  /** Options of the webhook sender (endpoints, retries, duplicates…). */
  webhooks?: WebhookSenderOptions;
  /** Options of the scenario driver. */
  scenarios?: Omit<ScenarioDriverOptions, 'backpressure'>;
}

/**
 * A running emulator.
 *
 * @example
 * const hotmart: RunningEmulator = await startEmulator();
 * console.log(hotmart.apiBaseUrl, hotmart.tokenUrl);
 * await hotmart.close();
 */
export interface RunningEmulator {
  /** Base URL of the server, e.g. `http://127.0.0.1:53117`. */
  readonly url: string;
  /** The OAuth token URL (Hotmart's `api-sec-vlc` host, reference §1). */
  readonly tokenUrl: string;
  /** The API base URL (Hotmart's `developers.hotmart.com`, reference §1); the same server answers both. */
  readonly apiBaseUrl: string;
  /** The control API's base URL. */
  readonly controlUrl: string;
  readonly port: number;
  readonly account: EmulatorAccount;
  readonly emulator: Emulator;
  /** The default client credentials (their secret never prints, see `ClientCredentials`). */
  readonly credentials: ClientCredentials;
  readonly webhooks: WebhookSender;
  readonly scenarios: ScenarioDriver;
  readonly app: EmulatorHono;
  /** Stops scenario runs and the webhook sender, releases held requests and closes the server. */
  close(): Promise<void>;
}

/**
 * Starts the emulator on a port (0 by default) with its webhook sender and scenario driver, whose control routes
 * are mounted under `/_emulator` next to the emulator's own.
 *
 * @example
 * const hotmart = await startEmulator({ seed: 42, sales: 5_000 });
 * const basic = hotmart.credentials.basic;
 * const res = await fetch(`${hotmart.tokenUrl}?grant_type=client_credentials&client_id=${hotmart.credentials.clientId}&client_secret=${hotmart.credentials.clientSecret}`, {
 *   method: 'POST',
 *   headers: { authorization: `Basic ${basic}` },
 * });
 * await hotmart.close();
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const {
    port = 0,
    host = '127.0.0.1',
    webhooks: senderOptions,
    scenarios: driverOptions,
    ...emulatorOptions
  } = options;
  const emulator = createEmulator(emulatorOptions);
  const sender = createWebhookSender(emulator.account, senderOptions);
  const driver = createScenarioDriver(emulator.account, { ...driverOptions, backpressure: { sender } });
  const app = createEmulatorApp(emulator, {
    controlExtensions: [webhookControlRoutes({ account: emulator.account, sender, driver })],
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port, hostname: host }, () =>
      resolve(started as Server),
    ) as Server;
    started.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const hostPart = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostPart}:${address.port}`;
  let closing: Promise<void> | undefined;
  return {
    url,
    tokenUrl: `${url}${TOKEN_PATH}`,
    apiBaseUrl: url,
    controlUrl: `${url}/_emulator`,
    port: address.port,
    account: emulator.account,
    emulator,
    credentials: emulator.defaultCredentials,
    webhooks: sender,
    scenarios: driver,
    app,
    close() {
      closing ??= (async () => {
        for (const run of driver.runs()) run.stop();
        await sender.close();
        emulator.releaseHeld();
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      })();
      return closing;
    },
  };
}
