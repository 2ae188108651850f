import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createPrompter } from '../../src/cli/prompt.ts';
import { runCli } from '../../src/cli.ts';
import { parseKey } from '../../src/kit/secret-box.ts';
import { findUserByEmail, verifyPassword } from '../../src/store/access/users.ts';
import type { Store } from '../../src/store/port.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';
import { hotpilot, hotpilotInProcess, removeTempDirs, tempDir } from './cli-harness.ts';

// `hotpilot init` sets an installation up from flags (scripts) or questions (a terminal).

afterAll(removeTempDirs);

const mode = (path: string) => (statSync(path).mode & 0o777).toString(8);

async function withInstalledStore<T>(dir: string, work: (store: Store) => Promise<T>): Promise<T> {
  const dataDir = join(dir, '.hotpilot');
  const key = parseKey(readFileSync(join(dataDir, 'secret.key'), 'utf8'));
  const store = createSqliteStore({ path: join(dataDir, 'hotpilot.db'), secretKey: key });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** The variables of a `.env` file `init` wrote (simple `NAME=value` lines, as it writes them). */
function readEnvFile(path: string): Record<string, string> {
  return Object.fromEntries(
    readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

const FLAGS = [
  '--public-url',
  'https://hooks.example.com/',
  '--hottok',
  'h0t-Abc123',
  '--client-id',
  'client-1',
  '--client-secret',
  'client-secret-1',
  '--admin-email',
  'Ana@Example.com',
  '--admin-name',
  'Ana Souza',
  '--locale',
  'pt-BR',
  '--time-zone',
  'America/Recife',
  '--seller-name',
  'Curso da Ana',
  '--yes',
];

describe('hotpilot init', () => {
  it('writes .env and hotpilot.config.json (0600), the key file, the connection, the admin and the settings', async () => {
    const dir = tempDir();
    const result = await hotpilot(['init', '--dir', dir, ...FLAGS]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(`hotpilot is set up in ${dir}`);
    expect(lines).toContain(
      `  encryption key: ${dir}/.hotpilot/secret.key — back it up: without it the stored secrets cannot be read`,
    );
    expect(lines).toContain('  admin: ana@example.com');
    expect(lines).toContain('Webhook URL for Hotmart: https://hooks.example.com/webhooks/hotmart/main');
    expect(lines).toContain(
      'The hottok is in the Authentication tab of the same screen; hotpilot accepts deliveries carrying the hottok given here.',
    );
    const password = /^ {2}generated password \(shown only now\): (\S+)$/m.exec(result.stdout)?.[1];
    expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    // Secrets given on the command line are stored, never printed.
    expect(`${result.stdout}${result.stderr}`).not.toMatch(/h0t-Abc123|client-secret-1/);

    const envPath = join(dir, '.env');
    const configPath = join(dir, 'hotpilot.config.json');
    expect([mode(envPath), mode(configPath), mode(join(dir, '.hotpilot', 'secret.key'))]).toEqual([
      '600',
      '600',
      '600',
    ]);
    expect(readEnvFile(envPath)).toEqual({
      HOTPILOT_DATA_DIR: join(dir, '.hotpilot'),
      HOTPILOT_PUBLIC_URL: 'https://hooks.example.com',
      HOTPILOT_HOST: '127.0.0.1',
      HOTPILOT_PORT: '3000',
      HOTPILOT_LOCALE: 'pt-BR',
    });
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as Record<
      string,
      { enabled?: boolean } | string
    >;
    expect([config.locale, config.timeZone, config.sellerName]).toEqual([
      'pt-BR',
      'America/Recife',
      'Curso da Ana',
    ]);
    expect((config.sales as { enabled: boolean }).enabled).toBe(false);

    await withInstalledStore(dir, async (store) => {
      const connection = await store.getConnection('main');
      expect(connection).toMatchObject({
        kind: 'hotmart',
        name: 'Hotmart',
        hottoks: ['h0t-Abc123'],
        credentials: { clientId: 'client-1', clientSecret: 'client-secret-1' },
        settings: {},
      });
      const user = await findUserByEmail(store, 'ana@example.com');
      expect(user).toMatchObject({ name: 'Ana Souza', role: 'admin', locale: 'pt-BR', disabled: false });
      expect((await verifyPassword(store, 'ana@example.com', password!))?.id).toBe(user?.id);
      expect((await store.listAudit({})).map((entry) => entry.action).sort()).toEqual([
        'agents.settings.saved',
        'connection.create',
        'user.create',
      ]);
    });

    // The written .env is a working configuration: the CLI answers in its language with its public URL.
    const listed = await hotpilotInProcess(['connections', 'ls'], readEnvFile(envPath));
    expect(listed.stdout.split('\n')).toEqual([
      'ID    NOME     HOTTOKS  API  URL DO WEBHOOK',
      'main  Hotmart  1        sim  https://hooks.example.com/webhooks/hotmart/main',
    ]);

    const again = await hotpilotInProcess(['init', '--dir', dir, ...FLAGS], {});
    expect([again.code, again.stderr]).toEqual([
      1,
      `error: ${envPath} exists: hotpilot is already set up here (use --force to overwrite)`,
    ]);
    const forced = await hotpilotInProcess(
      [
        'init',
        '--dir',
        dir,
        ...FLAGS.filter((flag) => flag !== 'h0t-Abc123' && flag !== '--hottok'),
        '--hottok',
        'h0t-New',
        '--force',
      ],
      {},
    );
    expect(forced.code).toBe(0);
    // --force keeps the existing admin (no new password) and updates the connection.
    expect(forced.stdout).not.toContain('generated password');
    await withInstalledStore(dir, async (store) => {
      expect((await store.getConnection('main'))?.hottoks).toEqual(['h0t-New']);
      expect(await verifyPassword(store, 'ana@example.com', password!)).not.toBeNull();
    });
  });

  it('refuses what it cannot use with exit 2 and says what to pass', async () => {
    const dir = tempDir();
    const noHottok = await hotpilot(['init', '--dir', dir, '--admin-email', 'ana@example.com', '--yes']);
    expect([noHottok.code, noHottok.stderr]).toEqual([
      2,
      'error: missing hottok: copy it from Hotmart (Tools → Webhook → Authentication) and pass --hottok',
    ]);
    const cases: [string[], string][] = [
      [['--hottok', 'h'], 'error: missing the first admin’s e-mail: pass --admin-email'],
      [['--hottok', 'h', '--admin-email', 'ana'], 'error: "ana" is not a valid e-mail address'],
      [
        ['--hottok', 'h', '--admin-email', 'ana@example.com', '--admin-password', 'short'],
        'error: weak admin password: must have at least 12 characters',
      ],
      [
        ['--hottok', 'two words', '--admin-email', 'ana@example.com'],
        'error: the hottok must be one word without spaces, at most 200 characters',
      ],
      [
        ['--hottok', 'h', '--admin-email', 'ana@example.com', '--public-url', 'ftp://x'],
        'error: --public-url must be an absolute http(s) URL, e.g. https://hooks.example.com (got "ftp://x")',
      ],
      [
        ['--hottok', 'h', '--admin-email', 'ana@example.com', '--client-id', 'c'],
        'error: give both --client-id and --client-secret, or neither',
      ],
      [
        ['--hottok', 'h', '--admin-email', 'ana@example.com', '--connection', 'Main'],
        'error: invalid id "Main": use lowercase letters, digits, "-" and "_" (at most 63)',
      ],
      [
        ['--hottok', 'h', '--admin-email', 'ana@example.com', '--locale', 'fr'],
        'error: unknown language "fr" (known: pt-BR, es, en)',
      ],
      [
        ['--hottok', 'h', '--admin-email', 'ana@example.com', '--time-zone', 'Sao Paulo'],
        'error: "Sao Paulo" is not an IANA time zone (e.g. America/Sao_Paulo)',
      ],
      [
        ['--hottok', 'h', '--admin-email', 'ana@example.com', '--database-url', 'mysql://db'],
        'error: --database-url must be a postgres:// URL (without it, SQLite lives in the data directory)',
      ],
    ];
    for (const [flags, message] of cases) {
      const result = await hotpilotInProcess(['init', '--dir', dir, '--yes', ...flags], {});
      expect([result.code, result.stderr]).toEqual([2, message]);
    }
    // Nothing was written by the refused attempts.
    expect(() => statSync(join(dir, '.env'))).toThrow();
  });

  it('asks its questions on a terminal when no flags are given', async () => {
    const dir = tempDir();
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    // Public URL, connection id (default), hottok, client id (none), admin e-mail, name (default), password twice,
    // language, time zone. Typed ahead: the prompter keeps the lines for the questions.
    stdin.write(
      [
        'https://hp.example.com.br',
        '',
        'tok-Interactive',
        '',
        'bia@example.com',
        '',
        'a long passphrase of mine',
        'a long passphrase of mine',
        'es',
        'America/Mexico_City',
        '',
      ].join('\r'),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['init', '--dir', dir], {
      env: {},
      stdin,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    expect([code, err]).toEqual([0, []]);
    expect(out).toContain('Webhook URL for Hotmart: https://hp.example.com.br/webhooks/hotmart/main');
    expect(out.join('\n')).not.toContain('generated password');
    await withInstalledStore(dir, async (store) => {
      expect((await store.getConnection('main'))?.hottoks).toEqual(['tok-Interactive']);
      expect(await findUserByEmail(store, 'bia@example.com')).toMatchObject({ name: 'bia', locale: 'es' });
      expect(await verifyPassword(store, 'bia@example.com', 'a long passphrase of mine')).not.toBeNull();
    });
    expect(readEnvFile(join(dir, '.env')).HOTPILOT_LOCALE).toBe('es');
    expect(JSON.parse(readFileSync(join(dir, 'hotpilot.config.json'), 'utf8')).timeZone).toBe(
      'America/Mexico_City',
    );

    // Different passwords: a usage error, nothing written.
    const other = tempDir();
    const mismatch = Object.assign(new PassThrough(), { isTTY: true });
    mismatch.write(
      ['', '', 'tok', '', 'c@example.com', '', 'first passphrase!!', 'second passphrase!', ''].join('\r'),
    );
    const mismatchErr: string[] = [];
    const mismatchCode = await runCli(['init', '--dir', other], {
      env: {},
      stdin: mismatch,
      out: () => {},
      err: (line) => mismatchErr.push(line),
    });
    expect([mismatchCode, mismatchErr]).toEqual([2, ['error: the passwords do not match']]);
    expect(() => statSync(join(other, '.env'))).toThrow();
  });

  it('does not echo secrets typed at a prompt, and is off when the input is not a terminal', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => {
      shown += chunk.toString('utf8');
    });
    const prompter = createPrompter(input, output)!;
    const hottok = prompter.ask('Hottok', { secret: true });
    input.write('s3cret-hottok\r');
    expect(await hottok).toBe('s3cret-hottok');
    const name = prompter.ask('Name', { default: 'Ana' });
    input.write('\r');
    expect(await name).toBe('Ana');
    const city = prompter.ask('City');
    input.write('Recife\r');
    expect(await city).toBe('Recife');
    prompter.close();
    expect(shown).toContain('Hottok: ');
    expect(shown).toContain('Name [Ana]: ');
    expect(shown).toContain('Recife');
    expect(shown).not.toContain('s3cret-hottok');
    expect(createPrompter(new PassThrough(), output)).toBeNull();
  });
});
