import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import {
  DEFAULT_HUBSPOT_TOKEN,
  DEFAULT_SLACK_BOT_TOKEN,
  DEFAULT_ZENDESK_AGENT_EMAIL,
  DEFAULT_ZENDESK_API_TOKEN,
  type RunningFakes,
  startFakes,
} from '@hotpilot/fakes';
import { type SmtpCatcher, startSmtpCatcher } from '@hotpilot/fakes/smtp';
import { createHotmartClient } from '@hotpilot/hotmart';
import { AGENT_IDS, parseAgentSettings, saveAgentSettings } from '../agents/settings.ts';
import type { DemoOptions, RunningDemo } from '../cli/demo-types.ts';
import { loadConfig } from '../config.ts';
import type { LogLevel } from '../kit/pino.ts';
import { createPinoLogger } from '../kit/pino.ts';
import { type Hotpilot, openConfiguredStore, startHotpilot } from '../main.ts';
import { syncConnection } from '../mirror/sync.ts';
import { changePassword, createUser, findUserByEmail } from '../store/access/users.ts';
import type { ConnectionRecord, NewConnection, Store } from '../store/port.ts';
import { DEMO_CONNECTION_IDS, type DemoEndpoints, demoConnections } from './demo-connections.ts';
import { prepareDemoDataDir } from './demo-data-dir.ts';
import { demoAgentSettings } from './demo-settings.ts';

/** The demo admin's e-mail (example.com: a domain that can never receive mail). */
const DEMO_ADMIN_EMAIL = 'demo@example.com';
const SPREADSHEET_ID = 'hotpilot-demo';
const SHUTDOWN_DEADLINE_MS = 5_000;
// Wide windows keep the first sync to a few hundred requests; the checkpoint logic is the same as with 30 days.
const SYNC_WINDOW_DAYS = 365;
// The journeys play until the demo stops: a number no one reaches.
const ENDLESS_JOURNEYS = 10_000_000;

/**
 * `hotpilot demo`, composed: a seeded Hotmart emulator, the HubSpot/Zendesk/Slack/Google fakes and the SMTP catcher
 * on loopback; the demo's connections, admin user and settings with every agent on, written to SQLite in
 * `options.dataDir`; hotpilot (`startHotpilot`, role `all`: inbox, dashboard, API, engine with the agents); the
 * emulator's webhooks pointed at the inbox; an initial sync of the mirror; and customer journeys played at
 * `options.rate` events per second. Everything started is stopped again if a later step fails.
 *
 * @example
 * import { startDemo } from './start-demo.ts';
 * const demo = await startDemo({
 *   dataDir: '/tmp/hotpilot-demo', keep: false, host: '127.0.0.1', port: 0, seed: 42, sales: 500, rate: 2,
 *   locale: 'en', logLevel: 'warn', onStep: (step) => console.error(step.kind),
 * });
 * console.log(demo.dashboardUrl, demo.login.email, demo.login.password);
 * await demo.close();
 */
export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  let hotmart: RunningEmulator | null = null;
  let fakes: RunningFakes | null = null;
  let mail: SmtpCatcher | null = null;
  let hotpilot: Hotpilot | null = null;
  let journeys: { stop(): void; done: Promise<unknown> } | null = null;

  let closing: Promise<void> | null = null;
  // The journeys first, then hotpilot (its runs may still be calling the emulator's API and the fakes), then
  // what it called: the emulator (its webhook sender stops with it), the fakes and the mailbox.
  const close = () => {
    closing ??= (async () => {
      journeys?.stop();
      await journeys?.done.catch(() => {});
      await hotpilot?.close({ deadlineMs: SHUTDOWN_DEADLINE_MS });
      await hotmart?.close();
      await fakes?.close();
      await mail?.close();
    })();
    return closing;
  };

  try {
    const { reset } = prepareDemoDataDir(options.dataDir, options.keep);
    options.onStep({ kind: 'data-dir', path: options.dataDir, reset });
    const logger = createPinoLogger({
      level: options.logLevel as LogLevel,
      destination: process.stderr,
      bindings: { demo: true },
    });

    hotmart = await startEmulator({
      seed: options.seed,
      sales: options.sales,
      // The account's history ends today, so the dashboard's recent periods have data.
      now: Date.now(),
      // The demo's first sync and the agents share one machine; Hotmart's 500/minute would only slow the show.
      rateLimit: false,
    });
    options.onStep({
      kind: 'emulator',
      url: hotmart.url,
      sales: options.sales,
      products: hotmart.account.products().length,
    });

    const serviceAccount = createServiceAccount();
    fakes = await startFakes({
      hubspot: {
        // The deal and lead actions key records by these unique properties ("Properties to create once").
        customProperties: {
          deals: [uniqueText('hotmart_transaction', 'Hotmart transaction', 'dealinformation')],
          leads: [uniqueText('hotpilot_key', 'hotpilot key', 'leadinformation')],
          // What the retention agent writes on a subscriber's contact (its `retention.crm` settings).
          contacts: RETENTION_CONTACT_PROPERTIES.map(([name, type, fieldType]) => ({
            name,
            label: name,
            type,
            fieldType,
            groupName: 'contactinformation',
          })),
        },
      },
      slack: { channels: [...AGENT_IDS] },
      google: {
        serviceAccounts: [
          {
            clientEmail: serviceAccount.clientEmail,
            publicKey: serviceAccount.publicKeyPem,
            keyId: serviceAccount.keyId,
          },
        ],
        spreadsheets: [{ spreadsheetId: SPREADSHEET_ID, title: 'hotpilot demo' }],
      },
    });
    // The static list the retention agent keeps the active subscribers in, as a seller would create it once.
    const subscriberList = fakes.hubspot.state.createList({
      name: 'Active subscribers',
      objectTypeId: '0-1',
      processingType: 'MANUAL',
    });
    options.onStep({ kind: 'fakes' });

    mail = await startSmtpCatcher();
    options.onStep({ kind: 'mail', url: mail.url });

    const config = loadConfig({
      HOTPILOT_DATA_DIR: options.dataDir,
      HOTPILOT_HOST: options.host,
      HOTPILOT_PORT: String(options.port),
      HOTPILOT_LOG_LEVEL: options.logLevel,
      HOTPILOT_ROLE: 'all',
      HOTPILOT_SHUTDOWN_DEADLINE: `${SHUTDOWN_DEADLINE_MS / 1000}s`,
      HOTPILOT_WORKER_THREADS: String(options.workerThreads ?? 0),
      // Links buyers follow (the win-back's churn form) need the server's own URL; with port 0 it is known only once
      // hotpilot listens, after the configuration is read, so those e-mails go without the link.
      ...(options.port === 0
        ? {}
        : { HOTPILOT_PUBLIC_URL: `http://${linkHost(options.host)}:${options.port}` }),
    });
    const hottok = randomBytes(24).toString('base64url');
    const endpoints: DemoEndpoints = {
      hotmart: {
        apiBaseUrl: hotmart.apiBaseUrl,
        tokenUrl: hotmart.tokenUrl,
        clientId: hotmart.credentials.clientId,
        clientSecret: hotmart.credentials.clientSecret,
        basic: hotmart.credentials.basic,
        hottok,
      },
      hubspot: { url: fakes.hubspot.url, accessToken: DEFAULT_HUBSPOT_TOKEN },
      zendesk: {
        url: fakes.zendesk.url,
        email: DEFAULT_ZENDESK_AGENT_EMAIL,
        apiToken: DEFAULT_ZENDESK_API_TOKEN,
      },
      slack: { url: fakes.slack.url, botToken: DEFAULT_SLACK_BOT_TOKEN },
      google: {
        url: fakes.google.url,
        tokenUrl: fakes.google.tokenUrl,
        spreadsheetId: SPREADSHEET_ID,
        clientEmail: serviceAccount.clientEmail,
        privateKeyPem: serviceAccount.privateKeyPem,
        keyId: serviceAccount.keyId,
      },
      mail: {
        host: mail.host,
        port: mail.port,
        from: 'Demo <vendas@example.com>',
        replyTo: 'suporte@example.com',
      },
      // The real URL is known once hotpilot listens (port 0 picks one); the e-mail connection is updated then.
      hotpilotUrl: `http://${options.host}:${options.port}`,
    };

    // hotpilot registers the agents' workflows from the settings stored when it starts: set everything up first.
    const setup = await openConfiguredStore(config, logger);
    let login: { email: string; password: string };
    try {
      await setup.migrate();
      await saveConnections(setup, demoConnections(endpoints));
      login = await demoAdmin(setup, options);
      await saveAgentSettings(
        setup,
        parseAgentSettings(
          demoAgentSettings({
            locale: options.locale,
            spreadsheetId: SPREADSHEET_ID,
            subscriberListId: subscriberList.listId,
          }),
        ),
        'demo',
      );
      // The first sync fills the mirror before the engine starts, so the scheduled agents' first runs (HR's
      // progress check, the operations audit, the finance week) already see the members areas and sales.
      const client = createHotmartClient({
        clientId: endpoints.hotmart.clientId,
        clientSecret: endpoints.hotmart.clientSecret,
        apiBaseUrl: hotmart.apiBaseUrl,
        tokenUrl: hotmart.tokenUrl,
        rateLimit: false,
      });
      const clubs = hotmart.account
        .products()
        .filter((product) => product.club_subdomain !== undefined)
        .map((product) => ({ subdomain: product.club_subdomain as string, productId: product.id }));
      const result = await syncConnection({
        store: setup,
        client,
        connection: { id: DEMO_CONNECTION_IDS.hotmart },
        windowDays: SYNC_WINDOW_DAYS,
        clubs,
        onProgress: (progress) => options.onStep({ kind: 'sync', progress }),
        logger,
      });
      options.onStep({ kind: 'synced', result });
    } finally {
      await setup.close();
    }

    hotpilot = await startHotpilot(config, { logger });
    options.onStep({ kind: 'hotpilot', url: hotpilot.url });
    const store = hotpilot.store;
    const changed = await saveConnections(
      store,
      demoConnections({ ...endpoints, hotpilotUrl: hotpilot.url }),
    );
    for (const id of changed) hotpilot.connections.invalidate(id);

    const webhookUrl = `${hotpilot.url}/webhooks/hotmart/${DEMO_CONNECTION_IDS.hotmart}`;
    hotmart.webhooks.addEndpoint({ id: 'hotpilot-demo', url: webhookUrl, hottok });

    journeys = playJourneys(hotmart, options);
    options.onStep({ kind: 'journeys', rate: options.rate });

    return {
      dataDir: options.dataDir,
      url: hotpilot.url,
      dashboardUrl: `${hotpilot.url}/`,
      loginUrl: `${hotpilot.url}/login`,
      login,
      webhookUrl,
      inspect: {
        hubspot: `${fakes.hubspot.url}/_fake/requests`,
        zendesk: `${fakes.zendesk.url}/_fake/requests`,
        slack: `${fakes.slack.url}/_fake/requests`,
        google: `${fakes.google.url}/_fake/requests`,
        mail: mail.url,
        hotmartDeliveries: `${hotmart.controlUrl}/webhooks/deliveries`,
        hotmartRequests: `${hotmart.controlUrl}/requests`,
      },
      close,
    };
  } catch (error) {
    await close().catch(() => {});
    throw error;
  }
}

/**
 * Starts the customer journeys: endless, or stopped right after `options.events` events when a caller (the
 * end-to-end benchmark) wants an exact workload.
 */
function playJourneys(
  hotmart: RunningEmulator,
  options: DemoOptions,
): { stop(): void; done: Promise<unknown> } {
  const limit = options.events;
  if (limit === undefined) return hotmart.scenarios.start({ journeys: ENDLESS_JOURNEYS, rate: options.rate });
  // Counted on the account, not by the driver: an unthrottled driver plays dozens of steps per turn, and its
  // `stop()` takes effect before the next one, so the count is exact.
  let seen = 0;
  let run: { stop(): void; done: Promise<unknown> } | null = null;
  const unsubscribe = hotmart.account.onChange(() => {
    seen += 1;
    if (seen >= limit) run?.stop();
  });
  run = hotmart.scenarios.start({ journeys: ENDLESS_JOURNEYS, rate: options.rate });
  if (seen >= limit) run.stop();
  void run.done.finally(unsubscribe);
  return run;
}

/**
 * Creates the demo's connections, or rewrites them when they exist (with `--keep` every stand-in listens on a new
 * port). Returns the ids whose stored connection changed.
 */
async function saveConnections(store: Store, connections: readonly NewConnection[]): Promise<string[]> {
  const changed: string[] = [];
  for (const connection of connections) {
    const existing = await store.getConnection(connection.id);
    const patch = {
      name: connection.name,
      hottoks: connection.hottoks,
      credentials: connection.credentials ?? null,
      settings: connection.settings ?? {},
    };
    if (!existing) {
      await store.createConnection(connection, Date.now());
      changed.push(connection.id);
    } else if (JSON.stringify(patch) !== JSON.stringify(pick(existing))) {
      await store.updateConnection(connection.id, patch, Date.now());
      changed.push(connection.id);
    }
  }
  return changed;
}

function pick(record: ConnectionRecord) {
  return {
    name: record.name,
    hottoks: record.hottoks,
    credentials: record.credentials,
    settings: record.settings,
  };
}

/** The demo admin with a password generated for this run (reset when the user survived a `--keep`). */
async function demoAdmin(store: Store, options: DemoOptions): Promise<{ email: string; password: string }> {
  const password = randomBytes(12).toString('base64url');
  const existing = await findUserByEmail(store, DEMO_ADMIN_EMAIL);
  if (existing) {
    await changePassword(store, existing.id, { next: password });
  } else {
    await createUser(store, {
      email: DEMO_ADMIN_EMAIL,
      name: 'Demo Admin',
      password,
      role: 'admin',
      locale: options.locale,
    });
  }
  return { email: DEMO_ADMIN_EMAIL, password };
}

/** A Google service account for the Sheets fake: its key pair is made now and its public half registered there. */
function createServiceAccount(): {
  clientEmail: string;
  keyId: string;
  privateKeyPem: string;
  publicKeyPem: string;
} {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    clientEmail: 'hotpilot-demo@hotpilot-demo.iam.gserviceaccount.com',
    keyId: randomBytes(8).toString('hex'),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

// The contact properties the retention agent writes (name, HubSpot type, field type); the fake, like HubSpot,
// refuses values of properties that don't exist.
const RETENTION_CONTACT_PROPERTIES = [
  ['hotmart_subscription_status', 'string', 'text'],
  ['hotmart_plan', 'string', 'text'],
  ['hotmart_plan_price', 'number', 'number'],
  ['hotmart_plan_currency', 'string', 'text'],
  ['hotmart_next_charge', 'date', 'date'],
] as const;

/** The host of links to hotpilot: a wildcard listen address is reached on loopback. */
function linkHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function uniqueText(name: string, label: string, groupName: string) {
  return { name, label, type: 'string' as const, fieldType: 'text', groupName, hasUniqueValue: true };
}
