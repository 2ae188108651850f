import { generateKeyPairSync } from 'node:crypto';
import {
  buildWebhookPayload,
  type RunningEmulator,
  type StateChange,
  startEmulator,
} from '@hotpilot/emulator';
import {
  DEFAULT_HUBSPOT_TOKEN,
  DEFAULT_SLACK_BOT_TOKEN,
  DEFAULT_ZENDESK_API_TOKEN,
  type PropertyDefinition,
  type RunningFakes,
  startFakes,
} from '@hotpilot/fakes';
import { createHotmartClient } from '@hotpilot/hotmart';
import {
  buildTestDelivery,
  type HotmartEventName,
  type TestDeliveryOverrides,
} from '@hotpilot/hotmart/webhooks';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { AgentDefinition } from '../../../src/agents/agent.ts';
import { createAgentContext } from '../../../src/agents/agent-context.ts';
import { agentWorkflows } from '../../../src/agents/agent-workflows.ts';
import { createHasPurchased, createSubscriptionStatus } from '../../../src/agents/purchase-lookup.ts';
import {
  type AgentSettings,
  type AgentSettingsInput,
  parseAgentSettings,
} from '../../../src/agents/settings.ts';
import { defaultSequences } from '../../../src/connectors/email/sequences/default-sequences.ts';
import { sequenceWorkflow } from '../../../src/connectors/email/sequences/sequence-workflow.ts';
import { closeEmailTransports } from '../../../src/connectors/email/transport-cache.ts';
import { ServiceAccountTokenCache } from '../../../src/connectors/google-sheets/index.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import type { WorkflowDefinition } from '../../../src/engine/workflow.ts';
import { mirrorApplyWorkflow } from '../../../src/mirror/mirror-workflow.ts';
import { type SyncResource, syncConnection } from '../../../src/mirror/sync.ts';
import { createMirrorRepo } from '../../../src/store/mirror/mirror-repo.ts';
import type { RunRecord, RunStatus, Store } from '../../../src/store/port.ts';
import { emailConnection, UNSUBSCRIBE_SECRET } from '../../connectors/email/support/fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from '../../connectors/email/support/smtp-server.ts';
import { type StoreFactory, storeFactories, type TestStore } from '../../store/stores.ts';

// The one world every agent's end-to-end tests run in: the Hotmart emulator (the API and the webhook payloads), the
// vendor fakes (HubSpot, Zendesk, Slack, Google Sheets), a real SMTP server, a fresh store per test with one
// connection of each kind, and an engine running the agents' workflows on a clock the test moves (cron slots follow
// it). Options add what one agent needs on top: the mirror (its apply workflow, a sync, the members areas, the
// plans), the emulator's clock on the test clock, HubSpot properties, secrets and the public URL.

/** The emulator's "now" (its default account time, a Monday), where every test clock starts. */
export const T0 = Date.parse('2026-06-01T12:00:00.000Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
export const SPREADSHEET = 'agents-book';
export const HOTTOK = 'test-hottok-agents';
export const CERTIFICATE_SECRET = 'test-certificate-secret-0123456789';
export const CHURN_FORM_SECRET = 'churn-form-secret-for-the-retention-tests';
export const PUBLIC_URL = 'https://hotpilot.example.com';

const SERVICE_ACCOUNT = 'hotpilot@agents-test.iam.gserviceaccount.com';
// Google checks the signed token's times against its clock, so the fake follows the current test's clock.
let testClock: () => number = () => Date.now();
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Servers shared by the tests of one file. */
export interface Servers {
  hotmart: RunningEmulator;
  fakes: RunningFakes;
  smtp: TestSmtpServer;
  /** Forgets what the fakes and the SMTP server received, and with `resetEmulator` undoes the emulator's writes. */
  reset(): void;
  close(): Promise<void>;
}

/**
 * What the servers of one test file start with.
 *
 * @example
 * const options: ServerOptions = { seed: 11, sales: 2_000, rateLimit: false, resetEmulator: true };
 */
export interface ServerOptions {
  /** The emulator account's seed (default 11). */
  seed?: number;
  /** How many sales the emulator account holds (default 400). */
  sales?: number;
  /** The emulator's rate limit (default on, as Hotmart's); the scheduled agents' sweeps turn it off. */
  rateLimit?: boolean;
  /** Undo the emulator's writes and forget its requests between tests (default: they stay for the file). */
  resetEmulator?: boolean;
}

/**
 * Starts the emulator, the vendor fakes and the SMTP server for the tests of one file.
 *
 * @example
 * const servers = await startServers({ seed: 3, rateLimit: false, resetEmulator: true });
 * await servers.close();
 */
export async function startServers(options: ServerOptions = {}): Promise<Servers> {
  const [hotmart, fakes, smtp] = await Promise.all([
    startEmulator({
      seed: options.seed ?? 11,
      sales: options.sales ?? 400,
      ...(options.rateLimit === false ? { rateLimit: false as const } : {}),
    }),
    startFakes({
      hubspot: {
        customProperties: {
          deals: [
            {
              name: 'hotmart_transaction',
              label: 'Hotmart transaction',
              type: 'string',
              fieldType: 'text',
              groupName: 'dealinformation',
              hasUniqueValue: true,
            },
          ],
          leads: [
            {
              name: 'hotpilot_key',
              label: 'hotpilot key',
              type: 'string',
              fieldType: 'text',
              groupName: 'lead_information',
              hasUniqueValue: true,
            },
          ],
        },
      },
      zendesk: {
        groups: [
          { id: 360_000_000_101, name: 'Refunds' },
          { id: 360_000_000_102, name: 'General', default: true },
        ],
      },
      slack: { channels: ['sales', 'legal', 'hr', 'finance', 'operations'] },
      google: {
        now: () => new Date(testClock()),
        serviceAccounts: [{ clientEmail: SERVICE_ACCOUNT, publicKey: keys.publicKey }],
        spreadsheets: [{ spreadsheetId: SPREADSHEET, title: 'Agents', sheets: [{ title: 'Sheet1' }] }],
      },
    }),
    startSmtpServer(),
  ]);
  return {
    hotmart,
    fakes,
    smtp,
    reset() {
      fakes.hubspot.reset();
      fakes.zendesk.reset();
      fakes.slack.reset();
      fakes.google.reset();
      smtp.received.length = 0;
      if (options.resetEmulator) {
        hotmart.account.reset();
        hotmart.emulator.requests.clear();
      }
    },
    async close() {
      closeEmailTransports();
      await Promise.all([hotmart.close(), fakes.close(), smtp.close()]);
    },
  };
}

/** The worlds open on the servers of {@link useAgentServers}, which its hooks close after each test. */
const openWorlds = new WeakMap<Servers, Set<World>>();

/**
 * The servers of one test file, started before its tests and closed after them. After each test, the worlds built on
 * them that are still open are closed and the servers reset — so a test only builds its world and uses it. The
 * servers are there from the file's `beforeAll` on (reading them before throws).
 *
 * @example
 * const servers = useAgentServers({ resetEmulator: true });
 * // In a test (the hooks close it after the test):
 * const world = await createWorld(servers, { settings: {} });
 */
export function useAgentServers(options: ServerOptions = {}): Servers {
  let running: Servers | undefined;
  const started = (): Servers => {
    if (!running) throw new Error('the servers start in beforeAll: use them in a test or a hook');
    return running;
  };
  const servers: Servers = {
    get hotmart() {
      return started().hotmart;
    },
    get fakes() {
      return started().fakes;
    },
    get smtp() {
      return started().smtp;
    },
    reset: () => started().reset(),
    close: () => started().close(),
  };
  const worlds = new Set<World>();
  openWorlds.set(servers, worlds);

  beforeAll(async () => {
    running = await startServers(options);
  });
  afterAll(async () => {
    await running?.close();
  });
  afterEach(async () => {
    for (const world of [...worlds]) await world.close();
    running?.reset();
  });
  return servers;
}

/** One test's store, clock and engine. */
export interface World {
  store: Store;
  test: TestStore;
  settings: AgentSettings;
  now(): number;
  /**
   * Moves the clock (and the emulator's, with `emulatorClock`) and wakes the engine: sleeping steps become due, and
   * the scheduler sees the new time at its next check, within ~25 ms.
   */
  advance(ms: number): void;
  engine: Engine;
  /** Puts a webhook body into the inbox of the `main` Hotmart connection, as the webhook route would. */
  deliver(body: string | object): Promise<{ eventId: string; result: 'stored' | 'duplicate' }>;
  /**
   * Delivers the payload Hotmart would send for an emulator change, dated `at` (default: the emulator's clock, which
   * with `emulatorClock` is the test clock).
   */
  trigger(change: StateChange, at?: number): Promise<{ eventId: string; payload: Record<string, unknown> }>;
  /** Builds a test delivery (`buildTestDelivery`) and delivers it. */
  deliverTest<N extends HotmartEventName>(
    name: N,
    overrides?: TestDeliveryOverrides<N>,
  ): Promise<{ eventId: string; body: string }>;
  /** Waits until the run exists with one of the statuses. */
  run(id: string, statuses?: RunStatus | RunStatus[], timeoutMs?: number): Promise<RunRecord>;
  /** Stops the engine and drops the store, once (closing again waits for the first close). */
  close(): Promise<void>;
}

/**
 * Which workflows the engine runs, on which settings: every enabled agent's and the e-mail sequences, on settings
 * parsed as the dashboard would; or, with `agent`, that agent's whatever its `enabled` says, on startup settings
 * used as given (they may carry fields `settings.ts` doesn't declare yet; nothing is stored).
 *
 * @example
 * import { hrAgent } from '../../../src/agents/hr/index.ts';
 * const all: WorldWorkflows = { settings: { sales: { enabled: true } } };
 * const one: WorldWorkflows = { agent: hrAgent, settings: parseAgentSettings({ hr: { enabled: true } }) };
 */
export type WorldWorkflows =
  | { settings: AgentSettingsInput; agent?: undefined }
  | { settings: AgentSettings; agent: Pick<AgentDefinition, 'workflows'> };

/**
 * How one test's world is built (besides {@link WorldWorkflows}).
 *
 * @example
 * const options: WorldOptions = { settings: {}, start: false, mirror: true, emulatorClock: true };
 */
export type WorldOptions = WorldWorkflows & {
  factory?: StoreFactory;
  /** Extra workflows (e.g. to observe something). */
  workflows?: readonly WorkflowDefinition[];
  /** Start the engine (default true). */
  start?: boolean;
  /** Services for actions and sequences, over the world's (an `undefined` value removes one). */
  services?: Readonly<Record<string, unknown>>;
  /** The server's public URL as the agents see it (default: none). */
  publicUrl?: string;
  /** Run the mirror's `mirror-apply` workflow, so every delivered event reaches the mirror (default false). */
  mirror?: boolean;
  /** Mirror these resources of the emulator's account with the real sync before the engine starts (default none). */
  sync?: readonly SyncResource[];
  /** Record the emulator's members areas in the mirror (default false). */
  clubs?: boolean;
  /** Record the emulator's plans in the mirror, as a sync would have copied them (default false). */
  plans?: boolean;
  /** Freeze the emulator's clock on the test clock, so what it plays and the payloads it builds follow the test. */
  emulatorClock?: boolean;
  /**
   * Contact properties the seller created in HubSpot (the fake, like HubSpot, refuses unknown ones); created for
   * each world because resetting the fake forgets them.
   */
  contactProperties?: readonly PropertyDefinition[];
  /** Runs before the engine starts, after the connections and the mirror (e.g. a members-area sync). */
  prepare?: (store: Store) => Promise<void>;
};

/**
 * Builds one test's world on the file's servers: a fresh store with a connection of each kind (`main` Hotmart,
 * `crm` HubSpot, `desk` Zendesk, `team` Slack, `sheets` Google Sheets, `smtp`), then an engine on a test clock
 * starting at {@link T0}.
 *
 * @example
 * const servers = await startServers();
 * const world = await createWorld(servers, { settings: { sales: { enabled: true } } });
 * await world.close();
 */
export async function createWorld(servers: Servers, options: WorldOptions): Promise<World> {
  const { hotmart, fakes, smtp } = servers;
  const test = await (options.factory ?? (storeFactories[0] as StoreFactory)).create();
  const store = test.store;
  let clock = T0;
  const now = () => clock;
  testClock = now;
  const emulatorClock = hotmart.emulator.clock;
  if (options.emulatorClock) {
    emulatorClock.freeze(true);
    emulatorClock.set(T0);
  }
  const settings = options.agent ? options.settings : parseAgentSettings(options.settings);

  const smtpConnection = emailConnection(smtp.port);
  const connections = [
    {
      id: 'main',
      kind: 'hotmart',
      name: 'Hotmart',
      hottoks: [HOTTOK],
      credentials: {
        clientId: hotmart.credentials.clientId,
        clientSecret: hotmart.credentials.clientSecret,
        basic: hotmart.credentials.basic,
      },
      settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
    },
    {
      id: 'crm',
      kind: 'hubspot',
      name: 'HubSpot',
      hottoks: [],
      credentials: { accessToken: DEFAULT_HUBSPOT_TOKEN },
      settings: { baseUrl: fakes.hubspot.url },
    },
    {
      id: 'desk',
      kind: 'zendesk',
      name: 'Zendesk',
      hottoks: [],
      credentials: {
        subdomain: 'acme',
        email: fakes.zendesk.agentEmail,
        apiToken: DEFAULT_ZENDESK_API_TOKEN,
      },
      settings: { baseUrl: fakes.zendesk.url },
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
  await prepareMirror(store, hotmart, options);
  const hubspot = fakes.hubspot.state;
  for (const property of options.contactProperties ?? []) {
    if (!hubspot.definitions('contacts').has(property.name)) hubspot.createProperty('contacts', property);
  }
  await options.prepare?.(store);

  const services = Object.fromEntries(
    Object.entries({
      unsubscribeSecret: UNSUBSCRIBE_SECRET,
      certificateSecret: CERTIFICATE_SECRET,
      hasPurchased: createHasPurchased({ store }),
      subscriptionStatus: createSubscriptionStatus(createMirrorRepo(store)),
      googleTokenCache: new ServiceAccountTokenCache(),
      vendorHttp: { timeoutMs: 5_000 },
      ...options.services,
    }).filter(([, value]) => value !== undefined),
  );
  const engine = createEngine({
    store,
    workflows: [
      ...(options.mirror ? [mirrorApplyWorkflow({ store, now })] : []),
      ...(options.agent
        ? options.agent.workflows(settings)
        : [...agentWorkflows(settings), sequenceWorkflow(defaultSequences, { store, services, now })]),
      ...(options.workflows ?? []),
    ],
    context: createAgentContext({
      store,
      now,
      services,
      ...(options.publicUrl === undefined ? {} : { publicUrl: options.publicUrl }),
    }),
    now,
    pollMs: 20,
    // The scheduled agents' cron slots follow the test clock: the scheduler looks again every 25 ms.
    ...(options.agent ? { scheduleBackstopMs: 25 } : {}),
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

  let closing: Promise<void> | undefined;
  const world: World = {
    store,
    test,
    settings,
    now,
    engine,
    advance(ms) {
      clock += ms;
      if (options.emulatorClock) emulatorClock.set(clock);
      engine.wake();
    },
    deliver,
    async trigger(change, at) {
      const payload = buildWebhookPayload(
        hotmart.account,
        change,
        at === undefined ? {} : { creationDate: at },
      ) as unknown as Record<string, unknown>;
      const { eventId } = await deliver(payload);
      return { eventId, payload };
    },
    async deliverTest(name, overrides) {
      const delivery = buildTestDelivery(name, { creationDate: clock, ...overrides });
      const { eventId } = await deliver(delivery.body);
      return { eventId, body: delivery.body };
    },
    run(id, statuses = ['completed', 'dead'], timeoutMs = 20_000) {
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
    close() {
      // Once: a test may close its world itself before the file's hooks close what is still open.
      closing ??= (async () => {
        openWorlds.get(servers)?.delete(world);
        await engine.stop({ deadlineMs: 500 });
        await test.destroy();
      })();
      return closing;
    },
  };
  openWorlds.get(servers)?.add(world);
  return world;
}

/** Fills the mirror as the options ask: a real sync of the emulator's account, its members areas, its plans. */
async function prepareMirror(
  store: Store,
  hotmart: RunningEmulator,
  options: Pick<WorldOptions, 'sync' | 'clubs' | 'plans'>,
): Promise<void> {
  const mirror = createMirrorRepo(store);
  const account = hotmart.account;
  if (options.sync?.length) {
    await syncConnection({
      store,
      connection: { id: 'main' },
      client: createHotmartClient({
        clientId: hotmart.credentials.clientId,
        clientSecret: hotmart.credentials.clientSecret,
        apiBaseUrl: hotmart.apiBaseUrl,
        tokenUrl: hotmart.tokenUrl,
        rateLimit: false,
      }),
      resources: options.sync,
      windowDays: 366,
      now: () => account.now(),
    });
  }
  if (options.clubs) {
    await mirror.upsertClubs(
      account.clubProducts().map((product) => ({
        connectionId: 'main',
        subdomain: product.club_subdomain as string,
        productId: String(product.id),
        syncedAt: T0,
      })),
    );
  }
  if (options.plans) {
    await mirror.upsertPlans(
      account.products().flatMap((product) =>
        account.plans(product.id).map((plan) => ({
          connectionId: 'main',
          planCode: plan.code,
          productId: String(plan.product_id),
          planId: String(plan.id),
          name: plan.name,
          price: plan.price.value,
          currency: plan.price.currency_code,
          periodicity: plan.periodicity,
          recurrencyPeriod: plan.recurrency_period,
          trialPeriod: plan.trial_period ?? null,
          raw: {},
          syncedAt: T0,
        })),
      ),
    );
  }
}

/**
 * The id of a cron run: `${workflowId}@${slot ISO}`.
 *
 * @example
 * cronRunId('hr.progress-check', T0); // 'hr.progress-check@2026-06-01T12:00:00.000Z'
 */
export function cronRunId(workflowId: string, slot: number): string {
  return `${workflowId}@${new Date(slot).toISOString()}`;
}

/**
 * Polls `probe` until it returns something truthy.
 *
 * @example
 * const servers = await startServers();
 * await waitFor(() => servers.smtp.received.length > 0, 'an e-mail');
 */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Waits `ms` of real time (to show that nothing more happens).
 *
 * @example
 * await pause(100);
 */
export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
