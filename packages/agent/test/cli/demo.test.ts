import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hotpilot, hotpilotInProcess, removeTempDirs, startHotpilotProcess, tempDir } from './cli-harness.ts';

// `hotpilot demo`: one command, no account, no internet — it comes up, its webhooks reach the inbox, its agents
// reach the fakes and the SMTP catcher, and Ctrl-C stops it cleanly.

afterAll(removeTempDirs);

async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return (await response.json()) as T;
}

async function eventually<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`nothing within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('hotpilot demo', () => {
  it('starts everything, serves the dashboard, receives webhooks, runs the agents, and stops on SIGINT', async () => {
    const dataDir = join(tempDir(), 'demo');
    const demo = startHotpilotProcess(
      ['demo', '--data-dir', dataDir, '--port', '0', '--sales', '200', '--rate', '20', '--seed', '5'],
      {},
    );
    try {
      await demo.waitFor(/^Ctrl-C to stop\.$/m, 60_000);
      const stdout = demo.stdout();
      const url = /^ {2}Dashboard: {2}(http:\/\/127\.0\.0\.1:\d+)\/$/m.exec(stdout)?.[1];
      expect(url).toEqual(expect.any(String));
      const login = /^ {2}Sign in: +(\S+) {2}\/ {2}(\S+)$/m.exec(stdout);
      expect(login?.[1]).toBe('demo@example.com');
      expect(login?.[2]).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(stdout).toMatch(new RegExp(`^ {2}Webhooks: +${url}/webhooks/hotmart/main$`, 'm'));
      expect(demo.stderr()).toMatch(/^mirror filled: 200 sales, \d+ subscriptions, \d+ products$/m);
      const inspect = (label: string) => new RegExp(`^ {2}${label}\\s+(http://\\S+)$`, 'm').exec(stdout)?.[1];

      const page = await fetch(`${url}/login`, { redirect: 'manual' });
      expect([200, 302]).toContain(page.status);
      await page.body?.cancel();

      // The emulator's journeys post webhooks; the inbox stores them and the CLI lists them from the demo's data.
      const events = await eventually(async () => {
        const listed = await hotpilot(['events', 'ls', '--json', '--limit', '5'], {
          env: { HOTPILOT_DATA_DIR: dataDir },
        });
        const rows =
          listed.stdout === ''
            ? []
            : listed.stdout.split('\n').map((line) => JSON.parse(line) as { connectionId: string });
        return rows.length > 0 ? rows : null;
      }, 20_000);
      expect(events.every((event) => event.connectionId === 'main')).toBe(true);

      // The emulator's delivery log: the inbox acknowledged with 200 (reference §6.3: any 2xx is delivered).
      const deliveries = await getJson<{ items: { status: number; endpoint: string }[] }>(
        inspect('Deliveries')!,
      );
      expect(deliveries.items.length).toBeGreaterThan(0);
      expect(deliveries.items.every((delivery) => delivery.endpoint === 'hotpilot-demo')).toBe(true);
      expect(deliveries.items.filter((delivery) => delivery.status === 200).length).toBeGreaterThan(0);

      // The agents act on what arrives: a sale reaches the Slack fake and the welcome e-mail the catcher.
      const slack = await eventually(async () => {
        const { requests } = await getJson<{ requests: { path: string; status: number }[] }>(
          inspect('Slack')!,
        );
        const posted = requests.filter(
          (request) => request.path === '/api/chat.postMessage' && request.status === 200,
        );
        return posted.length > 0 ? posted : null;
      }, 20_000);
      expect(slack.length).toBeGreaterThan(0);
      const mail = await eventually(async () => {
        const { messages } = await getJson<{ messages: { envelope: { from: string } }[] }>(
          `${inspect('E-mails')}/messages`,
        );
        return messages.length > 0 ? messages : null;
      }, 20_000);
      expect(mail[0]?.envelope.from).toBe('vendas@example.com');
    } finally {
      demo.child.kill('SIGINT');
    }
    expect(await demo.exited).toBe(0);
    expect(demo.stderr()).toMatch(/stopping the demo…\ndemo stopped/);
    expect(readdirSync(dataDir)).toEqual(
      expect.arrayContaining(['.hotpilot-demo', 'hotpilot.db', 'secret.key']),
    );
  }, 80_000);

  it('refuses to empty a directory it did not make, and bad flags', async () => {
    const foreign = tempDir();
    mkdirSync(join(foreign, 'photos'));
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    const refused = await hotpilot(['demo', '--data-dir', foreign, '--port', '0']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe(
      `error: refusing to use ${foreign} for the demo: it is not empty and was not made by hotpilot demo (no .hotpilot-demo file); choose another --data-dir`,
    );
    expect(readdirSync(foreign).sort()).toEqual(['notes.txt', 'photos']);

    // A busy port: everything started is stopped again, and the message says what to do.
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      // Spawned: the demo loads @hotpilot/fakes/smtp, which only the binary's `source` condition maps to TypeScript.
      const taken = await hotpilot([
        'demo',
        '--data-dir',
        join(tempDir(), 'demo'),
        '--port',
        String(port),
        '--sales',
        '50',
        '--log-level',
        'silent',
      ]);
      expect([taken.code, taken.stderr.split('\n').at(-1)]).toEqual([
        1,
        `error: 127.0.0.1:${port} is already in use: choose another port with --port (0 for any free port)`,
      ]);
    } finally {
      busy.close();
    }

    const rate = await hotpilotInProcess(['demo', '--rate', '0'], {});
    expect([rate.code, rate.stderr]).toEqual([
      2,
      'error: --rate must be a number of events per second above 0 and up to 1000 (got "0")',
    ]);
    const sales = await hotpilotInProcess(['demo', '--sales', 'many'], {});
    expect(sales.code).toBe(2);
  });
});
