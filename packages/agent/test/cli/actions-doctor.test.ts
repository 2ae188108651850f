import { createServer } from 'node:net';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { registry } from '../../src/connectors/registry.ts';
import { silentLogger } from '../../src/kit/logger.ts';
import { type Hotpilot, startHotpilot } from '../../src/main.ts';
import {
  dataEnv,
  HOTTOK,
  hotpilot,
  hotpilotInProcess,
  KEY,
  openDataStore,
  removeTempDirs,
  tempDir,
} from './cli-harness.ts';

// `hotpilot actions` and `hotpilot doctor` against the Hotmart emulator: a data directory with one Hotmart
// connection whose credential is the emulator's, and (for the doctor) a running hotpilot at the public URL.

let hotmart: RunningEmulator;
let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 11, sales: 200, rateLimit: false });
  dataDir = tempDir();
  env = dataEnv(dataDir);
  const store = await openDataStore(dataDir);
  try {
    await store.createConnection(
      {
        id: 'main',
        kind: 'hotmart',
        name: 'Main store',
        hottoks: [HOTTOK],
        credentials: {
          clientId: hotmart.credentials.clientId,
          clientSecret: hotmart.credentials.clientSecret,
        },
        settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
      },
      Date.now(),
    );
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await hotmart?.close();
  removeTempDirs();
});

describe('hotpilot actions', () => {
  it('lists every action of the registry, as a table and as JSON', async () => {
    const table = await hotpilot(['actions', 'list'], { env });
    expect(table.code).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toMatch(/^ID\s+EFFECT\s+TITLE$/);
    expect(lines).toHaveLength(registry.actions.length + 1);
    expect(lines).toContainEqual(expect.stringMatching(/^hotmart_refund_sale\s+write\s+\S/));

    const json = await hotpilotInProcess(
      ['actions', 'list', '--json', '--connector', 'hotmart', '--effect', 'read'],
      env,
    );
    const rows = json.stdout.split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const reads = registry.actions.filter(
      (action) => action.connector === 'hotmart' && action.effect === 'read',
    );
    expect(rows.map((row) => row.id)).toEqual(reads.map((action) => action.id));
    expect(rows.find((row) => row.id === 'hotmart_get_user_me')).toEqual({
      id: 'hotmart_get_user_me',
      connector: 'hotmart',
      title: registry.action('hotmart_get_user_me')!.title,
      description: registry.action('hotmart_get_user_me')!.description,
      effect: 'read',
      idempotent: true,
    });
    const unknown = await hotpilotInProcess(['actions', 'list', '--connector', 'crm'], env);
    expect([unknown.code, unknown.stderr]).toEqual([
      2,
      `error: unknown connector "crm" (known: ${registry.connectors.map((connector) => connector.id).join(', ')})`,
    ]);
  });

  it('calls a read action against the emulator and records the call in the audit log', async () => {
    const me = await hotpilot(['actions', 'call', 'hotmart_get_user_me'], { env });
    expect(me.code).toBe(0);
    const producer = hotmart.account.summary().producer;
    expect(JSON.parse(me.stdout)).toMatchObject({
      id: producer.id,
      name: producer.name,
      email: producer.email,
    });

    const products = await hotpilotInProcess(
      [
        'actions',
        'call',
        'hotmart_list_products',
        '--input',
        '{"max_results": 2}',
        '--connection',
        'main',
        '--json',
      ],
      env,
    );
    expect(products.code).toBe(0);
    expect(products.stdout.split('\n')).toHaveLength(1);
    const page = JSON.parse(products.stdout) as {
      items: { id: number }[];
      page_info: { next_page_token?: string };
    };
    expect(page.items.map((item) => item.id)).toEqual(
      hotmart.account
        .products()
        .slice(0, 2)
        .map((product) => product.id),
    );
    expect(page.page_info.next_page_token).toEqual(expect.any(String));

    const store = await openDataStore(dataDir);
    try {
      const audit = await store.listAudit({ action: 'action.call' });
      expect(audit.map((entry) => [entry.actor, entry.target, entry.details])).toEqual([
        ['cli', 'hotmart_list_products', { connection: 'main', effect: 'read', ok: true }],
        ['cli', 'hotmart_get_user_me', { connection: 'main', effect: 'read', ok: true }],
      ]);
    } finally {
      await store.close();
    }
  });

  it('refuses writes without --yes (2), unknown actions (3), bad input (2) and wrong connections', async () => {
    const write = await hotpilot(
      ['actions', 'call', 'hotmart_refund_sale', '--input', '{"transaction":"HP1"}'],
      { env },
    );
    expect([write.code, write.stderr]).toEqual([
      2,
      'error: action hotmart_refund_sale changes data in Hotmart: add --yes to run it',
    ]);
    const missing = await hotpilotInProcess(['actions', 'call', 'hotmart_do_magic'], env);
    expect([missing.code, missing.stderr]).toEqual([
      3,
      'error: no action "hotmart_do_magic": see hotpilot actions list',
    ]);
    const badJson = await hotpilotInProcess(
      ['actions', 'call', 'hotmart_list_products', '--input', '{max'],
      env,
    );
    expect(badJson.code).toBe(2);
    expect(badJson.stderr).toMatch(/^error: --input is not valid JSON: /);
    const badInput = await hotpilotInProcess(
      ['actions', 'call', 'hotmart_list_products', '--input', '{"max_result": 2}'],
      env,
    );
    expect([badInput.code, badInput.stderr]).toEqual([
      2,
      'error: invalid input for hotmart_list_products: input: Unknown parameter "max_result"',
    ]);
    const noConnection = await hotpilotInProcess(
      ['actions', 'call', 'hotmart_get_user_me', '--connection', 'other'],
      env,
    );
    expect([noConnection.code, noConnection.stderr]).toEqual([
      3,
      'error: no connection with id "other": see hotpilot connections ls',
    ]);
    const noSlack = await hotpilotInProcess(
      ['actions', 'call', 'slack_post_message', '--yes', '--input', '{"channel":"C1","text":"hi"}'],
      env,
    );
    expect([noSlack.code, noSlack.stderr]).toEqual([
      1,
      'error: no Slack connection is set up: create one first',
    ]);
    const vendorRefusal = await hotpilotInProcess(
      ['actions', 'call', 'hotmart_refund_sale', '--yes', '--input', '{"transaction":"HP00000000000000"}'],
      env,
    );
    expect(vendorRefusal.code).toBe(1);
    expect(vendorRefusal.stderr).toMatch(/^error: .*(purchase_not_found|not_found)/);
  });
});

describe('hotpilot doctor', () => {
  let server: Hotpilot;
  beforeAll(async () => {
    server = await startHotpilot(
      loadConfig({
        HOTPILOT_DATA_DIR: dataDir,
        HOTPILOT_ENCRYPTION_KEY: KEY,
        HOTPILOT_PORT: '0',
        HOTPILOT_ROLE: 'web',
      }),
      { logger: silentLogger },
    );
  });
  afterAll(async () => {
    await server?.close({ deadlineMs: 1_000 });
  });

  it('passes every check with a good credential, a reachable public URL and a hottok', async () => {
    const me = await hotpilotInProcess(['actions', 'call', 'hotmart_get_user_me', '--json'], env);
    const producerUcode = (JSON.parse(me.stdout) as { ucode: string }).ucode;
    const result = await hotpilot(['doctor'], { env: { ...env, HOTPILOT_PUBLIC_URL: server.url } });
    expect(result.code).toBe(0);
    const producer = hotmart.account.summary().producer;
    const lines = result.stdout.split('\n');
    expect(lines).toHaveLength(9);
    expect(lines.slice(0, 6)).toEqual([
      `✓ database reachable (SQLite, ${dataDir})`,
      expect.stringMatching(/^✓ schema at version \d+, the latest$/),
      '✓ encryption key from HOTPILOT_ENCRYPTION_KEY',
      `✓ public URL ${server.url} answers as hotpilot`,
      '✓ connection "main": 1 hottok(s) configured',
      `✓ webhook URL ${server.url}/webhooks/hotmart/main answers and refuses deliveries without the hottok`,
    ]);
    // A real token request and GET /user/api/v1/me (reference §4.8) name the account.
    expect(lines[6]).toBe(
      `✓ connection "main": credentials accepted — Hotmart account ${producer.name} <${producer.email}> (ucode ${producerUcode}) on the production API at ${hotmart.apiBaseUrl}`,
    );
    expect(lines.slice(7)).toEqual(['✓ agent settings valid; no agent is on', 'all good: 8 checks passed']);
    expect(result.stdout).not.toContain(hotmart.credentials.clientSecret);
  });

  it('fails with exit 1 and says how to fix a bad credential, a missing hottok and an unreachable URL', async () => {
    const store = await openDataStore(dataDir);
    try {
      await store.updateConnection(
        'main',
        {
          hottoks: [],
          credentials: { clientId: hotmart.credentials.clientId, clientSecret: 'not-the-secret' },
        },
        Date.now(),
      );
    } finally {
      await store.close();
    }
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const result = await hotpilot(['doctor'], { env: { ...env, HOTPILOT_PUBLIC_URL: closed } });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    // The connector's own explanation (by error class, never a secret), after a real token request was refused.
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^✗ connection "main": Hotmart refused the credentials of client id hotpilot-emulator \(invalid_client\): check the client secret/,
      ),
    );
    expect(lines).toContain('✗ connection "main": no hottok configured, every webhook will be refused');
    expect(lines).toContain(
      `✗ public URL ${closed} does not answer: fetch failed (connect ECONNREFUSED 127.0.0.1:${closed.split(':')[2]})`,
    );
    const fixes = lines.filter((line) => line.startsWith('  → '));
    expect(fixes).toEqual([
      '  → start hotpilot (hotpilot start) and check DNS, reverse proxy and firewall up to HOTPILOT_PUBLIC_URL',
      '  → copy the hottok from Hotmart (Tools → Webhook → Authentication) and run hotpilot init --force',
      '  → create a credential in Hotmart → Tools → Developer Credentials and run hotpilot init --force with --client-id and --client-secret',
    ]);
    expect(result.stderr).toBe('3 of 7 checks failed');
    expect(`${result.stdout}${result.stderr}`).not.toContain('not-the-secret');

    const json = await hotpilotInProcess(['doctor', '--json'], env);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as {
      ok: boolean;
      checks: { check: string; ok: boolean; fix?: string }[];
    };
    expect(report.ok).toBe(false);
    expect(report.checks.map((check) => [check.check, check.ok])).toEqual([
      ['database', true],
      ['migrations', true],
      ['encryption-key', true],
      ['public-url', false],
      ['hottok:main', false],
      ['credentials:main', false],
      ['agent-settings', true],
    ]);
    expect(report.checks.find((check) => check.check === 'public-url')?.fix).toBe(
      'set HOTPILOT_PUBLIC_URL to the https URL Hotmart reaches this server at',
    );
  });

  it('reports a database that needs migrating and stops there', async () => {
    const fresh = tempDir();
    const result = await hotpilotInProcess(['doctor'], dataEnv(fresh));
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `✓ database reachable (SQLite, ${fresh})`,
      expect.stringMatching(/^✗ schema at version 0; this hotpilot needs version \d+$/),
      '  → run hotpilot migrate',
    ]);
  });
});

/** A loopback port nothing listens on (taken from the system, then released). */
function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
