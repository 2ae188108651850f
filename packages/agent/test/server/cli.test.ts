import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.ts';
import { send } from '../support/http.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
const KEY = 'cd'.repeat(32);

describe('hotpilot CLI', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  function cli(extraEnv: Record<string, string> = {}) {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-cli-'));
    dirs.push(dataDir);
    const env = {
      HOTPILOT_DATA_DIR: dataDir,
      HOTPILOT_ENCRYPTION_KEY: KEY,
      HOTPILOT_PUBLIC_URL: 'https://hooks.example.com',
      ...extraEnv,
    };
    return async (...argv: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(argv, { env, out: (line) => out.push(line), err: (line) => err.push(line) });
      return { code, out: out.join('\n'), err: err.join('\n') };
    };
  }

  it('prints help and the version with exit code 0', async () => {
    const run = cli();
    const help = await run('--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('Usage: hotpilot');
    expect(help.out).toMatch(/start \[options\]/);
    expect(help.out).toContain('connections');
    const sub = await run('connections', 'add', '--help');
    expect(sub.code).toBe(0);
    expect(sub.out).toContain('--hottok <hottok>');
    const version = await run('--version');
    expect([version.code, version.out]).toEqual([0, '0.1.0']);
  });

  it('exits 2 for usage mistakes', async () => {
    const run = cli();
    expect((await run()).code).toBe(2);
    const unknown = await run('launch');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain("unknown command 'launch'");
    const role = await run('start', '--role', 'boss');
    expect(role.code).toBe(2);
    expect(role.err).toContain('Allowed choices are web, worker, all');
    const noName = await run('connections', 'add', 'main', '--hottok', 'x');
    expect(noName.code).toBe(2);
    expect(noName.err).toContain("required option '--name <name>' not specified");
  });

  it('migrates, then reports the database up to date', async () => {
    const run = cli();
    const first = await run('migrate');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^applied migrations 1, 2(, \d+)*; database at version \d+$/);
    const second = await run('migrate');
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/^database is up to date \(version \d+\)$/);
  });

  it('adds and lists connections without ever printing a secret', async () => {
    const run = cli();
    const add = await run(
      'connections',
      'add',
      'main',
      '--name',
      'Main store',
      '--hottok',
      'hot-secret-1',
      '--client-id',
      'client-1',
      '--client-secret',
      'client-secret-1',
    );
    expect(add.code).toBe(0);
    expect(add.out).toBe(
      'connection "main" added\nwebhook URL: https://hooks.example.com/webhooks/hotmart/main',
    );
    const list = await run('connections', 'ls');
    expect(list.code).toBe(0);
    expect(list.out.split('\n')).toEqual([
      'ID    NAME        HOTTOKS  API  WEBHOOK URL',
      'main  Main store  1        yes  https://hooks.example.com/webhooks/hotmart/main',
    ]);
    const json = await run('connections', 'ls', '--json');
    expect(JSON.parse(json.out)).toEqual({
      id: 'main',
      name: 'Main store',
      hottoks: 1,
      credentials: true,
      webhookUrl: 'https://hooks.example.com/webhooks/hotmart/main',
    });
    for (const output of [add, list, json]) {
      expect(`${output.out}${output.err}`).not.toMatch(/hot-secret-1|client-secret-1/);
    }
  });

  it('takes secrets from the environment', async () => {
    const run = cli({
      HOTPILOT_HOTTOK: 'env-hottok-1',
      HOTPILOT_CLIENT_ID: 'cid',
      HOTPILOT_CLIENT_SECRET: 'env-secret-1',
    });
    const add = await run('connections', 'add', 'store-br', '--name', 'Loja');
    expect(add.code).toBe(0);
    const list = await run('connections', 'ls', '--json');
    expect(JSON.parse(list.out)).toMatchObject({ id: 'store-br', hottoks: 1, credentials: true });
    expect(`${add.out}${list.out}`).not.toMatch(/env-hottok-1|env-secret-1/);
  });

  it('refuses bad connection input with exit 2 and a duplicate with exit 1', async () => {
    const run = cli();
    const noHottok = await run('connections', 'add', 'main', '--name', 'Main');
    expect([noHottok.code, noHottok.err]).toEqual([
      2,
      'error: missing hottok: pass --hottok or set HOTPILOT_HOTTOK',
    ]);
    const badId = await run('connections', 'add', 'Main Store', '--name', 'x', '--hottok', 'h');
    expect(badId.code).toBe(2);
    expect(badId.err).toContain('invalid id "Main Store"');
    const half = await run('connections', 'add', 'main', '--name', 'x', '--hottok', 'h', '--client-id', 'c');
    expect([half.code, half.err]).toEqual([
      2,
      'error: give both --client-id and --client-secret, or neither',
    ]);
    expect((await run('connections', 'add', 'main', '--name', 'x', '--hottok', 'h')).code).toBe(0);
    const again = await run('connections', 'add', 'main', '--name', 'x', '--hottok', 'h');
    expect([again.code, again.err]).toEqual([1, 'error: connection "main" already exists']);
    const empty = await cli()('connections', 'ls');
    expect(empty.out).toBe(
      'no connections yet: hotpilot connections add <id> --name <name> --hottok <hottok>',
    );
  });

  it('reports every configuration problem with exit 1', async () => {
    const run = cli({ HOTPILOT_PORT: 'eighty', HOTPILOT_ROLE: 'boss' });
    const result = await run('migrate');
    expect(result.code).toBe(1);
    expect(result.err).toContain('invalid configuration (2 problems)');
    expect(result.err).toContain('HOTPILOT_PORT');
    expect(result.err).toContain('HOTPILOT_ROLE');
  });

  it('`start --role web` serves until SIGTERM, then exits 0', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-cli-'));
    dirs.push(dataDir);
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', CLI, 'start', '--role', 'web'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          HOTPILOT_DATA_DIR: dataDir,
          HOTPILOT_PORT: '0',
          HOTPILOT_ENCRYPTION_KEY: KEY,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not started:\n${output}`)), 30_000);
      const check = () => {
        const match = /hotpilot is listening on (\S+)/.exec(output);
        if (match) {
          clearTimeout(timer);
          resolve(match[1]!);
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
    });
    expect((await send(`${url}/healthz`, { method: 'GET' })).status).toBe(200);
    // The log line goes to stdout and the notice to stderr: they may arrive in either order.
    const line = await new Promise<string>((resolve) => {
      const find = () => output.split('\n').find((text) => text.includes('"hotpilot started"'));
      const found = find();
      if (found) return resolve(found);
      child.stdout.on('data', () => {
        const later = find();
        if (later) resolve(later);
      });
    });
    expect(JSON.parse(line)).toMatchObject({ role: 'web', database: 'sqlite', url });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).not.toContain(KEY);
  }, 60_000);
});
