import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli.ts';
import { loadConfig } from '../../src/config.ts';
import { NonRetriableError } from '../../src/engine/errors.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { silentLogger } from '../../src/kit/logger.ts';
import { startHotpilot } from '../../src/main.ts';
import type { Store } from '../../src/store/port.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

/** The repository root (the CLI runs from there, as `npm run` would). */
export const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const WEBHOOK_FIXTURES = '/work/shared/fixtures/hotmart/webhooks';

/** The encryption key every test data directory uses (never printed by the CLI). */
export const KEY = 'ab'.repeat(32);
/** The hottok of the seeded `main` connection. */
export const HOTTOK = 'hottok-cli-tests-1';

/** What one run of the CLI printed and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `hotpilot …` as a user does — its own Node process, from the repository root, on the TypeScript sources —
 * with only the given variables (plus PATH and HOME), and resolves when it exits.
 */
export function hotpilot(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliRun> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
  });
  child.stdin.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`hotpilot ${args.join(' ')} did not finish:\n${stdout}\n${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout.replace(/\n$/, ''), stderr: stderr.replace(/\n$/, '') });
    });
  });
}

/** A long-running `hotpilot …` (demo, mcp, an interrupted sync), watched as it prints. */
export interface HotpilotProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in standard output or error; rejects after `timeoutMs`. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  readonly exited: Promise<number | null>;
}

/** Starts `hotpilot …` in its own process, like {@link hotpilot}, without waiting for it to end. */
export function startHotpilotProcess(args: readonly string[], env: Record<string, string>): HotpilotProcess {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  const notify = () => {
    for (const watcher of [...watchers]) watcher();
  };
  child.stdout?.setEncoding('utf8').on('data', (text: string) => {
    stdout += text;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (text: string) => {
    stderr += text;
    notify();
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(`${stdout}\n${stderr}`);
          if (!match) return;
          cleanup();
          resolve(match);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
        }, timeoutMs);
        const onExit = () => {
          cleanup();
          reject(new Error(`hotpilot exited before ${pattern}:\n${stdout}\n${stderr}`));
        };
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
          child.off('exit', onExit);
        };
        watchers.add(check);
        child.once('exit', onExit);
        check();
      });
    },
  };
}

/**
 * Runs the CLI in this process (`runCli`, the function the `hotpilot` binary calls) with an explicit environment:
 * the same commands and exit codes without a process start, for the many small variants of a command once its
 * spawned form is covered.
 */
export async function hotpilotInProcess(
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliRun> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, {
    env,
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    terminal: { isTTY: false, columns: 80, write: (text) => err.push(text.replace(/\n$/, '')) },
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

/** Temporary directories, removed by `removeTempDirs` (call it in `afterAll`). */
const temporary: string[] = [];

/** A new empty temporary directory. */
export function tempDir(prefix = 'hotpilot-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/** Removes every directory `tempDir` made. */
export function removeTempDirs(): void {
  for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The environment of a CLI working on `dataDir` (SQLite) in English. */
export function dataEnv(dataDir: string, extra: Record<string, string> = {}): Record<string, string> {
  return { HOTPILOT_DATA_DIR: dataDir, HOTPILOT_ENCRYPTION_KEY: KEY, ...extra };
}

/** The store of a test data directory, opened (and migrated) the way the CLI opens it. The caller closes it. */
export async function openDataStore(dataDir: string): Promise<Store> {
  const store = createSqliteStore({ path: join(dataDir, 'hotpilot.db'), secretKey: Buffer.from(KEY, 'hex') });
  await store.migrate();
  return store;
}

/** Every published webhook sample, by event name. */
export function webhookFixtures(): Map<string, { id: string; body: string }> {
  const fixtures = new Map<string, { id: string; body: string }>();
  for (const file of readdirSync(WEBHOOK_FIXTURES)
    .filter((name) => name.endsWith('.json'))
    .sort()) {
    const body = readFileSync(join(WEBHOOK_FIXTURES, file), 'utf8');
    fixtures.set(file.replace(/\.json$/, ''), { id: (JSON.parse(body) as { id: string }).id, body });
  }
  return fixtures;
}

/**
 * Fills `dataDir` the way production does: a real hotpilot (SQLite there) with a `main` connection receives every
 * published webhook sample over HTTP, and three workflows run on them — `test.notify` completes (approved and
 * complete purchases), `test.fail` dies at once (refunds), `test.wait` sleeps for three days (cancellations).
 * Resolves once every event is stored and no run is queued or running, with hotpilot stopped.
 */
export async function seedDataDir(dataDir: string): Promise<{ eventIds: Map<string, string> }> {
  const notify = defineWorkflow(
    { id: 'test.notify', on: ['PURCHASE_APPROVED', 'PURCHASE_COMPLETE'] },
    async ({ step, event }) => step.run('note', async () => ({ transaction: event?.transaction ?? null })),
  );
  const fail = defineWorkflow({ id: 'test.fail', on: ['PURCHASE_REFUNDED'], retries: 0 }, async ({ step }) =>
    step.run('boom', async () => {
      throw new NonRetriableError('the vendor said no', { code: 'VENDOR_REFUSED' });
    }),
  );
  const wait = defineWorkflow({ id: 'test.wait', on: ['SUBSCRIPTION_CANCELLATION'] }, async ({ step }) => {
    await step.sleep('grace', '3d');
  });
  const running = await startHotpilot(
    loadConfig({ HOTPILOT_DATA_DIR: dataDir, HOTPILOT_ENCRYPTION_KEY: KEY, HOTPILOT_PORT: '0' }),
    {
      workflows: [notify, fail, wait],
      logger: silentLogger,
      engine: { pollMs: 50 },
      builtInWorkflows: false,
    },
  );
  try {
    await running.store.createConnection({ id: 'main', name: 'Main store', hottoks: [HOTTOK] }, Date.now());
    running.connections.invalidate('main');
    const fixtures = webhookFixtures();
    for (const { body } of fixtures.values()) {
      const response = await fetch(`${running.url}/webhooks/hotmart/main`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
        body,
      });
      if (response.status !== 200) throw new Error(`the inbox answered ${response.status}`);
    }
    const deadline = Date.now() + 20_000;
    for (;;) {
      const events = await running.store.listEvents({ limit: 100 });
      const busy = await running.store.listRuns({ status: ['queued', 'running'] });
      const runs = await running.store.listRuns({ limit: 100 });
      if (events.length === fixtures.size && busy.length === 0 && runs.length === 4) break;
      if (Date.now() > deadline)
        throw new Error(`seeding did not settle: ${events.length} events, ${runs.length} runs`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return { eventIds: new Map([...fixtures].map(([name, fixture]) => [name, fixture.id])) };
  } finally {
    await running.close({ deadlineMs: 1_000 });
  }
}
