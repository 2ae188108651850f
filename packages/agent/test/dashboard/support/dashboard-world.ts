import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { createHotmartClient } from '@hotpilot/hotmart';
import {
  buildTestDelivery,
  type HotmartEventName,
  type TestDeliveryOverrides,
} from '@hotpilot/hotmart/webhooks';
import { registry } from '../../../src/connectors/registry.ts';
import { createDashboardRoutes, type DashboardApp } from '../../../src/dashboard/dashboard-routes.ts';
import { createEngine, type Engine } from '../../../src/engine/engine.ts';
import { NonRetriableError } from '../../../src/engine/errors.ts';
import { defineWorkflow } from '../../../src/engine/workflow.ts';
import type { Locale } from '../../../src/kit/i18n/locale.ts';
import { syncConnection } from '../../../src/mirror/sync.ts';
import { type Auth, createAuth } from '../../../src/server/auth/auth-options.ts';
import { createAuthRoutes } from '../../../src/server/auth/auth-routes.ts';
import { issueCsrfToken } from '../../../src/server/auth/csrf-token.ts';
import { createConnectionCache } from '../../../src/server/connection-cache.ts';
import { createHttpApp } from '../../../src/server/http-app.ts';
import { createMetrics } from '../../../src/server/metrics.ts';
import { createPasswordHasher } from '../../../src/store/access/password-hash.ts';
import { createSession } from '../../../src/store/access/sessions.ts';
import type { UserRole } from '../../../src/store/access/user-record.ts';
import { createUser } from '../../../src/store/access/users.ts';
import { createMirrorRepo } from '../../../src/store/mirror/mirror-repo.ts';
import type { RunRecord, Store } from '../../../src/store/port.ts';
import { type StoreFactory, storeFactories, type TestStore } from '../../store/stores.ts';

/** Where Hotmart's published webhook samples live (data: read, never edited). */
export const FIXTURES = '/work/shared/fixtures/hotmart/webhooks';
export const CONNECTION = 'main';
export const HOTTOK = 'dashboard-test-hottok';
export const PASSWORD = 'a long passphrase for tests';

/** A webhook fixture as Hotmart published it. */
export function fixture(name: HotmartEventName): Record<string, unknown> {
  return JSON.parse(readFileSync(`${FIXTURES}/${name}.json`, 'utf8')) as Record<string, unknown>;
}

export interface WorldUser {
  id: string;
  email: string;
  role: UserRole;
  locale: Locale;
}

export interface DashboardWorld {
  url: string;
  store: Store;
  testStore: TestStore;
  auth: Auth;
  engine: Engine;
  dashboard: DashboardApp;
  hotmart: RunningEmulator | null;
  users: { admin: WorldUser; operator: WorldUser; viewer: WorldUser };
  /** How many times the `test.echo` workflow ran its counting step (every execution, replays included). */
  executions(): number;
  /** Posts a delivery built from a published fixture to the inbox of the `main` connection. */
  deliver<N extends HotmartEventName>(
    name: N,
    overrides?: Omit<TestDeliveryOverrides<N>, 'hottok'>,
  ): Promise<Response>;
  /** Waits until `check` answers a value (polling the store), or fails after `timeoutMs`. */
  until<T>(check: () => Promise<T | null | undefined | false>, timeoutMs?: number): Promise<T>;
  /** The runs of an event once they all finished (completed, dead or cancelled). */
  settledRuns(eventId: string): Promise<RunRecord[]>;
  /** A session for `user` without the sign-in page: the cookie header and a CSRF token for its forms. */
  session(user: WorldUser): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
}

export interface WorldOptions {
  factory?: StoreFactory;
  /** Start the Hotmart emulator and mirror it (products, sales, subscriptions). */
  emulator?: boolean;
}

const hasher = createPasswordHasher({ cost: { ln: 10 } });

/**
 * Everything the dashboard runs with in production, on loopback: a fresh store, the engine with two test
 * workflows, the inbox, the sign-in routes and the dashboard on one Hono app served by @hono/node-server on port 0,
 * and (optionally) the Hotmart emulator, mirrored into the store by the real sync.
 */
export async function startDashboardWorld(options: WorldOptions = {}): Promise<DashboardWorld> {
  const testStore = await (options.factory ?? storeFactories[0]!).create();
  const store = testStore.store;
  const now = () => Date.now();
  let executions = 0;

  const hotmart = options.emulator
    ? await startEmulator({ seed: 7, sales: 400, rateLimit: false, now: now() - 3_600_000 })
    : null;
  await store.createConnection(
    {
      id: CONNECTION,
      kind: 'hotmart',
      name: 'Main store',
      hottoks: [HOTTOK],
      credentials: hotmart
        ? { clientId: hotmart.credentials.clientId, clientSecret: hotmart.credentials.clientSecret }
        : { clientId: 'offline-id', clientSecret: 'offline-secret-value' },
      settings: hotmart ? { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl } : {},
    },
    now(),
  );
  if (hotmart) {
    const client = createHotmartClient({
      clientId: hotmart.credentials.clientId,
      clientSecret: hotmart.credentials.clientSecret,
      apiBaseUrl: hotmart.apiBaseUrl,
      tokenUrl: hotmart.tokenUrl,
      rateLimit: false,
      maxRetries: 0,
    });
    await syncConnection({
      store,
      client,
      connection: { id: CONNECTION },
      resources: ['products', 'sales', 'subscriptions'],
      windowDays: 120,
    });
    // A sale paid a moment ago, so "today's sales" has a figure whatever the emulator generated today.
    await createMirrorRepo(store).upsertSales([
      {
        connectionId: CONNECTION,
        transactionCode: 'HPTODAY0001',
        productId: '4242',
        productName: 'Curso de hoje',
        offerCode: null,
        buyerEmail: 'hoje@example.com',
        buyerName: 'Compra de Hoje',
        status: 'APPROVED',
        paymentType: 'PIX',
        installments: 1,
        price: 1500,
        currency: 'BRL',
        orderDate: now() - 60_000,
        approvedDate: now() - 60_000,
        isSubscription: false,
        subscriberCode: null,
        recurrencyNumber: null,
        affiliateCode: null,
        couponCode: null,
        trackingSource: null,
        warrantyExpireDate: null,
        source: 'webhook',
        raw: {},
        stateAt: now() - 60_000,
        updatedAt: now(),
      },
    ]);
  }

  const echo = defineWorkflow(
    { id: 'test.echo', on: ['PURCHASE_APPROVED'], retries: 0 },
    async ({ event, step }) => {
      const execution = await step.run('count', () => {
        executions += 1;
        return executions;
      });
      const buyer = await step.run('buyer', () => ({ email: event.buyerEmail }));
      return { execution, buyer };
    },
  );
  const failing = defineWorkflow(
    { id: 'test.fail', on: ['PURCHASE_REFUNDED'], retries: 0 },
    async ({ step }) => {
      await step.run('ok-step', () => 'fine');
      await step.run('broken-step', () => {
        throw new NonRetriableError('the refund could not be processed');
      });
    },
  );

  const engine = createEngine({ store, workflows: [echo, failing], pollMs: 50 });
  await engine.start();
  const auth = createAuth({ store, passwordHasher: hasher });
  const connections = createConnectionCache({ store, ttlMs: 50 });
  const app = createHttpApp({
    store,
    metrics: createMetrics({ processMetrics: false, queueDepth: () => store.queueDepth() }),
    logger: auth.logger,
    webhooks: true,
    isClosing: () => false,
    connections,
  });
  const dashboard = createDashboardRoutes({ store, registry, auth, engine, connections });
  app.route('/', createAuthRoutes(auth));
  app.route('/', dashboard);

  const server = await new Promise<Server>((resolve) => {
    const started = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(started as Server),
    ) as Server;
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const user = async (email: string, role: UserRole, locale: Locale): Promise<WorldUser> => {
    const record = await createUser(
      store,
      { email, name: `${role} user`, password: PASSWORD, role, locale },
      { hasher },
    );
    return { id: record.id, email, role, locale };
  };
  const users = {
    admin: await user('ana@example.com', 'admin', 'pt-BR'),
    operator: await user('oscar@example.com', 'operator', 'es'),
    viewer: await user('vera@example.com', 'viewer', 'en'),
  };

  const until = async <T>(
    check: () => Promise<T | null | undefined | false>,
    timeoutMs = 10_000,
  ): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== null && value !== undefined && value !== false) return value;
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  return {
    url,
    store,
    testStore,
    auth,
    engine,
    dashboard,
    hotmart,
    users,
    executions: () => executions,
    async deliver(name, overrides = {}) {
      const delivery = buildTestDelivery(fixture(name), { ...overrides, hottok: HOTTOK });
      return fetch(`${url}/webhooks/hotmart/${CONNECTION}`, {
        method: 'POST',
        body: delivery.body,
        headers: delivery.headers,
      });
    },
    until,
    settledRuns: (eventId) =>
      until(async () => {
        const runs = await store.listRuns({ eventId });
        const done =
          runs.length > 0 && runs.every((run) => ['completed', 'dead', 'cancelled'].includes(run.status));
        return done ? runs : null;
      }),
    async session(who) {
      const { token, session } = await createSession(store, { userId: who.id });
      return { cookie: `hp_session=${token.reveal()}`, csrf: issueCsrfToken(session.csrfSecret) };
    },
    async close() {
      dashboard.syncJobs.stopAll();
      await engine.stop({ deadlineMs: 1000 });
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await hotmart?.close();
      await testStore.destroy();
    },
  };
}
