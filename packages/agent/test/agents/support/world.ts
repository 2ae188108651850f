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
  type RunningFakes,
  startFakes,
} from '@hotpilot/fakes';
import {
  buildTestDelivery,
  type HotmartEventName,
  type TestDeliveryOverrides,
} from '@hotpilot/hotmart/webhooks';
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
import { createMirrorRepo } from '../../../src/store/mirror/mirror-repo.ts';
import type { RunRecord, RunStatus, Store } from '../../../src/store/port.ts';
import { emailConnection, UNSUBSCRIBE_SECRET } from '../../connectors/email/support/fixtures.ts';
import { startSmtpServer, type TestSmtpServer } from '../../connectors/email/support/smtp-server.ts';
import { type StoreFactory, storeFactories, type TestStore } from '../../store/stores.ts';

// The world the agents' end-to-end tests run in: the Hotmart emulator (the API and the webhook payloads), the vendor
// fakes (HubSpot, Zendesk, Slack, Google Sheets), a real SMTP server, a fresh store per test with one connection of
// each kind, and an engine running the agents' workflows and the e-mail sequences on a clock the test moves.

/** The emulator's "now" (its default account time), where every test clock starts. */
export const T0 = Date.parse('2026-06-01T12:00:00.000Z');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const SPREADSHEET = 'growth-book';
export const HOTTOK = 'test-hottok-agents';

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
  /** Forgets what the fakes and the SMTP server received (between tests). */
  reset(): void;
  close(): Promise<void>;
}

export async function startServers(): Promise<Servers> {
  const [hotmart, fakes, smtp] = await Promise.all([
    startEmulator({ seed: 11, sales: 400 }),
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
      slack: { channels: ['sales', 'legal'] },
      google: {
        now: () => new Date(testClock()),
        serviceAccounts: [{ clientEmail: SERVICE_ACCOUNT, publicKey: keys.publicKey }],
        spreadsheets: [{ spreadsheetId: SPREADSHEET, title: 'Growth', sheets: [{ title: 'Sheet1' }] }],
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
  /** Moves the clock and wakes the engine (sleeping sequence steps become due). */
  advance(ms: number): void;
  engine: Engine;
  /** Puts a webhook body into the inbox of the `main` Hotmart connection, as the webhook route would. */
  deliver(body: string | object): Promise<{ eventId: string; result: 'stored' | 'duplicate' }>;
  /** Makes the emulator play an event and delivers the payload Hotmart would send for it. */
  trigger(change: StateChange): Promise<{ eventId: string; payload: Record<string, unknown> }>;
  /** Builds a test delivery (`buildTestDelivery`) and delivers it. */
  deliverTest<N extends HotmartEventName>(
    name: N,
    overrides?: TestDeliveryOverrides<N>,
  ): Promise<{ eventId: string; body: string }>;
  /** Waits until the run exists with one of the statuses. */
  run(id: string, statuses?: RunStatus | RunStatus[], timeoutMs?: number): Promise<RunRecord>;
  close(): Promise<void>;
}

export async function createWorld(
  servers: Servers,
  options: {
    settings: AgentSettingsInput;
    factory?: StoreFactory;
    /** Extra workflows (e.g. to observe something). */
    workflows?: readonly WorkflowDefinition[];
    /** Start the engine (default true). */
    start?: boolean;
    /** Extra services for actions and sequences (e.g. `churnFormSecret`). */
    services?: Readonly<Record<string, unknown>>;
    /** The server's public URL as the agents see it (default: none). */
    publicUrl?: string;
  },
): Promise<World> {
  const { hotmart, fakes, smtp } = servers;
  const test = await (options.factory ?? (storeFactories[0] as StoreFactory)).create();
  const store = test.store;
  let clock = T0;
  const now = () => clock;
  testClock = now;
  const settings = parseAgentSettings(options.settings);

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
    (() => {
      const smtpConnection = emailConnection(smtp.port);
      return {
        id: smtpConnection.id,
        kind: smtpConnection.kind,
        name: smtpConnection.name,
        hottoks: [],
        credentials: smtpConnection.credentials as Record<string, unknown>,
        settings: smtpConnection.settings,
      };
    })(),
  ];
  for (const connection of connections) await store.createConnection(connection, T0);

  const hasPurchased = createHasPurchased({ store });
  const services = {
    unsubscribeSecret: UNSUBSCRIBE_SECRET,
    hasPurchased,
    subscriptionStatus: createSubscriptionStatus(createMirrorRepo(store)),
    googleTokenCache: new ServiceAccountTokenCache(),
    vendorHttp: { timeoutMs: 5_000 },
    ...options.services,
  };
  const engine = createEngine({
    store,
    workflows: [
      ...agentWorkflows(settings),
      sequenceWorkflow(defaultSequences, { store, services, now }),
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
    settings,
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
    async deliverTest(name, overrides) {
      const delivery = buildTestDelivery(name, { creationDate: clock, ...overrides });
      const { eventId } = await deliver(delivery.body);
      return { eventId, body: delivery.body };
    },
    run(id, statuses = ['completed', 'dead'], timeoutMs = 10_000) {
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

/** Polls `probe` until it returns something truthy. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 10_000,
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
