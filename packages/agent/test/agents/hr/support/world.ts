import { generateKeyPairSync } from 'node:crypto';
import {
  buildWebhookPayload,
  type RunningEmulator,
  type StateChange,
  startEmulator,
} from '@hotpilot/emulator';
import { DEFAULT_SLACK_BOT_TOKEN, type RunningFakes, startFakes } from '@hotpilot/fakes';
import type { AgentDefinition } from '../../../../src/agents/agent.ts';
import { createAgentContext } from '../../../../src/agents/agent-context.ts';
import type { AgentSettings } from '../../../../src/agents/settings.ts';
import { closeEmailTransports } from '../../../../src/connectors/email/transport-cache.ts';
import { ServiceAccountTokenCache } from '../../../../src/connectors/google-sheets/index.ts';
import { createEngine, type Engine } from '../../../../src/engine/engine.ts';
import { createMirrorRepo } from '../../../../src/store/mirror/mirror-repo.ts';
import type { RunRecord, RunStatus, Store } from '../../../../src/store/port.ts';
import { emailConnection, UNSUBSCRIBE_SECRET } from '../../../connectors/email/support/fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from '../../../connectors/email/support/smtp-server.ts';
import { type StoreFactory, storeFactories, type TestStore } from '../../../store/stores.ts';

// The world the scheduled agents' end-to-end tests (HR, finance, operations) run in: the Hotmart emulator, the
// Slack and Google Sheets fakes, a real SMTP server, a fresh store per test with one connection of each kind, and an
// engine running one agent's workflows on a clock the test moves (cron slots follow it).

/** The emulator's "now" (its default account time, a Monday), where every test clock starts. */
export const T0 = Date.parse('2026-06-01T12:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const SPREADSHEET = 'team-book';
export const CERTIFICATE_SECRET = 'test-certificate-secret-0123456789';
export const CHANNELS = ['hr', 'finance', 'operations'] as const;

const SERVICE_ACCOUNT = 'hotpilot@scheduled-agents.iam.gserviceaccount.com';
// Google checks the signed token's times against its clock, so the fake follows the current test's clock.
let testClock: () => number = () => Date.now();
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Servers shared by the tests of one file. */
export interface Servers {
  hotmart: RunningEmulator;
  fakes: RunningFakes;
  smtp: TestSmtpServer;
  /** Forgets what the fakes and the SMTP server received, and undoes the emulator's writes (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startServers(account: { seed: number; sales: number }): Promise<Servers> {
  const [hotmart, fakes, smtp] = await Promise.all([
    startEmulator({ ...account, rateLimit: false }),
    startFakes({
      slack: { channels: [...CHANNELS] },
      google: {
        now: () => new Date(testClock()),
        serviceAccounts: [{ clientEmail: SERVICE_ACCOUNT, publicKey: keys.publicKey }],
        spreadsheets: [{ spreadsheetId: SPREADSHEET, title: 'Team', sheets: [{ title: 'Sheet1' }] }],
      },
    }),
    startSmtpServer(),
  ]);
  return {
    hotmart,
    fakes,
    smtp,
    reset() {
      fakes.slack.reset();
      fakes.google.reset();
      smtp.received.length = 0;
      hotmart.account.reset();
      hotmart.emulator.requests.clear();
    },
    async close() {
      closeEmailTransports();
      await Promise.all([hotmart.close(), fakes.close(), smtp.close()]);
    },
  };
}

/** One test's store, clock and engine. */
export interface World {
  store: Store;
  test: TestStore;
  settings: AgentSettings;
  now(): number;
  /** Moves the clock and wakes the engine (the scheduler sees the new time at its next check, within ~25 ms). */
  advance(ms: number): void;
  engine: Engine;
  /** Puts a webhook body into the inbox of the `main` Hotmart connection, as the webhook route would. */
  deliver(body: string | object): Promise<{ eventId: string; result: 'stored' | 'duplicate' }>;
  /** Delivers the payload Hotmart would send for an emulator change. */
  trigger(change: StateChange): Promise<{ eventId: string; payload: Record<string, unknown> }>;
  /** Waits until the run exists with one of the statuses. */
  run(id: string, statuses?: RunStatus | RunStatus[], timeoutMs?: number): Promise<RunRecord>;
  close(): Promise<void>;
}

export async function createWorld(
  servers: Servers,
  options: {
    agent: AgentDefinition;
    /** The startup settings (may carry fields `settings.ts` doesn't declare yet; nothing is stored). */
    settings: AgentSettings;
    factory?: StoreFactory;
    /** Record the emulator's members areas in the mirror (default true). */
    clubs?: boolean;
    /** Runs before the engine starts (e.g. a mirror sync). */
    prepare?: (store: Store) => Promise<void>;
    /** Services that replace the world's (an `undefined` value removes one). */
    services?: Record<string, unknown>;
    start?: boolean;
  },
): Promise<World> {
  const { hotmart, fakes, smtp } = servers;
  const test = await (options.factory ?? (storeFactories[0] as StoreFactory)).create();
  const store = test.store;
  let clock = T0;
  const now = () => clock;
  testClock = now;

  const smtpConnection = emailConnection(smtp.port);
  const connections = [
    {
      id: 'main',
      kind: 'hotmart',
      name: 'Hotmart',
      hottoks: ['test-hottok-scheduled'],
      credentials: {
        clientId: hotmart.credentials.clientId,
        clientSecret: hotmart.credentials.clientSecret,
        basic: hotmart.credentials.basic,
      },
      settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
    },
    {
      id: 'team',
      kind: 'slack',
      name: 'Slack',
      hottoks: [],
      credentials: { botToken: DEFAULT_SLACK_BOT_TOKEN },
      settings: { baseUrl: fakes.slack.url },
    },
    {
      id: 'sheets',
      kind: 'google-sheets',
      name: 'Google Sheets',
      hottoks: [],
      credentials: {
        type: 'service_account',
        client_email: SERVICE_ACCOUNT,
        private_key: PRIVATE_KEY,
        token_uri: fakes.google.tokenUrl,
      },
      settings: { baseUrl: fakes.google.url, tokenUrl: fakes.google.tokenUrl, spreadsheetId: SPREADSHEET },
    },
    {
      id: smtpConnection.id,
      kind: smtpConnection.kind,
      name: smtpConnection.name,
      hottoks: [],
      credentials: smtpConnection.credentials as Record<string, unknown>,
      settings: smtpConnection.settings,
    },
  ];
  for (const connection of connections) await store.createConnection(connection, T0);
  if (options.clubs !== false) {
    await createMirrorRepo(store).upsertClubs(
      hotmart.account.clubProducts().map((product) => ({
        connectionId: 'main',
        subdomain: product.club_subdomain as string,
        productId: String(product.id),
        syncedAt: T0,
      })),
    );
  }
  await options.prepare?.(store);

  const services = Object.fromEntries(
    Object.entries({
      unsubscribeSecret: UNSUBSCRIBE_SECRET,
      certificateSecret: CERTIFICATE_SECRET,
      googleTokenCache: new ServiceAccountTokenCache(),
      vendorHttp: { timeoutMs: 5_000 },
      ...options.services,
    }).filter(([, value]) => value !== undefined),
  );
  const engine = createEngine({
    store,
    workflows: options.agent.workflows(options.settings),
    context: createAgentContext({ store, now, services }),
    now,
    pollMs: 20,
    scheduleBackstopMs: 25,
    // A failed attempt is due again at once on the test clock (no jitter, no wait).
    backoff: { random: () => 0 },
  });
  if (options.start !== false) await engine.start();

  async function deliver(body: string | object) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const eventId = String((JSON.parse(text) as { id: unknown }).id);
    const result = await store.ingest({
      connectionId: 'main',
      eventId,
      receivedAt: clock,
      contentType: 'application/json',
      headers: { 'user-agent': 'Hotmart-Webhook' },
      body: text,
    });
    return { eventId, result };
  }

  return {
    store,
    test,
    settings: options.settings,
    now,
    engine,
    advance(ms) {
      clock += ms;
      engine.wake();
    },
    deliver,
    async trigger(change) {
      const payload = buildWebhookPayload(hotmart.account, change) as unknown as Record<string, unknown>;
      const { eventId } = await deliver(payload);
      return { eventId, payload };
    },
    run(id, statuses = ['completed', 'dead'], timeoutMs = 15_000) {
      const wanted = Array.isArray(statuses) ? statuses : [statuses];
      return waitFor(
        async () => {
          const run = await store.getRun(id);
          return run && wanted.includes(run.status) ? run : null;
        },
        `run ${id} to be ${wanted.join(' or ')}`,
        timeoutMs,
      );
    },
    async close() {
      await engine.stop({ deadlineMs: 500 });
      await test.destroy();
    },
  };
}

/** The id of a cron run: `${workflowId}@${slot ISO}`. */
export function cronRunId(workflowId: string, slot: number): string {
  return `${workflowId}@${new Date(slot).toISOString()}`;
}

/** Polls `probe` until it returns something truthy. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
