import { generateKeyPairSync } from 'node:crypto';
import {
  buildWebhookPayload,
  type RunningEmulator,
  type StateChange,
  startEmulator,
} from '@hotpilot/emulator';
import { DEFAULT_HUBSPOT_TOKEN, type RunningFakes, startFakes } from '@hotpilot/fakes';
import { createHotmartClient } from '@hotpilot/hotmart';
import { createAgentContext } from '../../../../../src/agents/agent-context.ts';
import {
  listMembershipWorkflow,
  listsReconcileWorkflow,
} from '../../../../../src/agents/retention/subscriber-lists-workflows.ts';
import { type AgentSettingsInput, parseAgentSettings } from '../../../../../src/agents/settings.ts';
import { ServiceAccountTokenCache } from '../../../../../src/connectors/google-sheets/index.ts';
import { createEngine, type Engine } from '../../../../../src/engine/engine.ts';
import { mirrorApplyWorkflow } from '../../../../../src/mirror/mirror-workflow.ts';
import { syncConnection } from '../../../../../src/mirror/sync.ts';
import type { RunRecord, RunStatus, Store } from '../../../../../src/store/port.ts';
import { type StoreFactory, storeFactories, type TestStore } from '../../../../store/stores.ts';

// The subscriber lists' world: the Hotmart emulator (its subscriptions mirrored by the real sync, its webhooks built
// from its state), the HubSpot and Google fakes, a store, and an engine running the mirror's apply workflow and the
// lists' workflows on a clock the test moves.

/** The emulator's "now", where every test clock starts. */
export const T0 = Date.parse('2026-06-01T12:00:00.000Z');
export const MINUTE = 60_000;
export const DAY = 86_400_000;
export const SPREADSHEET = 'lists-book';

const SERVICE_ACCOUNT = 'hotpilot@lists-test.iam.gserviceaccount.com';
let testClock: () => number = () => T0;
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_KEY = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

export interface Servers {
  hotmart: RunningEmulator;
  fakes: RunningFakes;
  reset(): void;
  close(): Promise<void>;
}

export async function startServers(): Promise<Servers> {
  const [hotmart, fakes] = await Promise.all([
    startEmulator({ seed: 3, sales: 400, rateLimit: false }),
    startFakes({
      google: {
        now: () => new Date(testClock()),
        serviceAccounts: [{ clientEmail: SERVICE_ACCOUNT, publicKey: keys.publicKey }],
        spreadsheets: [{ spreadsheetId: SPREADSHEET, title: 'Lists', sheets: [{ title: 'Sheet1' }] }],
      },
    }),
  ]);
  return {
    hotmart,
    fakes,
    reset() {
      fakes.hubspot.reset();
      fakes.google.reset();
      hotmart.account.reset();
    },
    async close() {
      await Promise.all([hotmart.close(), fakes.close()]);
    },
  };
}

export interface ListsWorld {
  store: Store;
  test: TestStore;
  engine: Engine;
  now(): number;
  advance(ms: number): void;
  /** Makes the emulator play an event and delivers its payload, dated `at` (default: the test clock). */
  trigger(change: StateChange, at?: number): Promise<{ eventId: string; payload: Record<string, unknown> }>;
  run(id: string, statuses?: RunStatus | RunStatus[], timeoutMs?: number): Promise<RunRecord>;
  close(): Promise<void>;
}

export async function createListsWorld(
  servers: Servers,
  options: { settings: AgentSettingsInput; factory?: StoreFactory; reconcile?: boolean },
): Promise<ListsWorld> {
  const { hotmart, fakes } = servers;
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
      hottoks: ['test-hottok-lists'],
      credentials: { clientId: hotmart.credentials.clientId, clientSecret: hotmart.credentials.clientSecret },
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
  ];
  for (const connection of connections) await store.createConnection(connection, T0);
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
    resources: ['products', 'subscriptions'],
    windowDays: 366,
    now: () => hotmart.account.now(),
  });

  const services = { googleTokenCache: new ServiceAccountTokenCache(), vendorHttp: { timeoutMs: 5_000 } };
  const engine = createEngine({
    store,
    workflows: [
      mirrorApplyWorkflow({ store, now }),
      listMembershipWorkflow(settings),
      ...(options.reconcile ? [listsReconcileWorkflow(settings)] : []),
    ],
    context: createAgentContext({ store, now, services }),
    now,
    pollMs: 20,
    scheduleBackstopMs: 25,
    backoff: { random: () => 0 },
  });
  await engine.start();

  return {
    store,
    test,
    engine,
    now,
    advance(ms) {
      clock += ms;
      engine.wake();
    },
    async trigger(change, at) {
      const payload = buildWebhookPayload(hotmart.account, change, {
        creationDate: at ?? clock,
      }) as unknown as Record<string, unknown>;
      const text = JSON.stringify(payload);
      const eventId = String(payload['id']);
      await store.ingest({
        connectionId: 'main',
        eventId,
        receivedAt: clock,
        contentType: 'application/json',
        headers: { 'user-agent': 'Hotmart-Webhook' },
        body: text,
      });
      return { eventId, payload };
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
    async close() {
      await engine.stop({ deadlineMs: 500 });
      await test.destroy();
    },
  };
}

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

/** The id of a cron run: `${workflowId}@${slot ISO}`. */
export function cronRunId(workflowId: string, slot: number): string {
  return `${workflowId}@${new Date(slot).toISOString()}`;
}
