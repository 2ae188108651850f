import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import { subscriberListHeaders } from '../../src/store/mirror/subscriber-list-csv.ts';
import { subscriberListRows } from '../../src/store/mirror/subscriber-list-rows.ts';
import { parseCsv } from '../kit/parse-csv.ts';
import { PRODUCTS, SUBSCRIPTIONS } from '../store/mirror/subscriber-list-fixtures.ts';
import { dataEnv, hotpilotInProcess, openDataStore, removeTempDirs, tempDir } from './cli-harness.ts';

// `hotpilot subscribers export`: the mirror's subscribers as RFC 4180 CSV (or JSON), filtered, injection-safe.

let dir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dir = tempDir();
  env = dataEnv(dir, { HOTPILOT_LOCALE: 'en' });
  const store = await openDataStore(dir);
  try {
    const repo = createMirrorRepo(store);
    await repo.upsertProducts(PRODUCTS);
    await repo.upsertSubscriptions(SUBSCRIPTIONS);
  } finally {
    await store.close();
  }
});
afterAll(() => removeTempDirs());

/** Standard output back into the CRLF records the command wrote (each printed line ends with its CR). */
const csvOf = (stdout: string) => parseCsv(`${stdout.split('\n').join('\n')}\n`);

describe('hotpilot subscribers export', () => {
  it('prints the active subscribers as CSV that parses back to the mirror rows', async () => {
    const run = await hotpilotInProcess(['subscribers', 'export'], env);
    expect(run.code).toBe(0);
    const records = csvOf(run.stdout);
    expect(records[0]).toEqual(subscriberListHeaders('en'));
    const store = await openDataStore(dir);
    const rows = await subscriberListRows(store).finally(() => store.close());
    expect(records.slice(1).map((record) => record[0])).toEqual(rows.map((row) => row.subscriberCode));
    const s10 = records.find((record) => record[0] === 'S10');
    expect(s10?.[2]).toBe('Souza, Ana "Aninha"');
    expect(s10?.[9]).toBe('');
    const s03 = records.find((record) => record[0] === 'S03');
    expect(s03?.slice(8, 13)).toEqual([
      'OVERDUE',
      '499',
      'BRL',
      '2026-05-01T12:00:00.000Z',
      '2026-05-31T12:00:00.000Z',
    ]);
    // A name a spreadsheet would run as a formula stays text.
    expect(records.find((record) => record[0] === 'S02')?.[2]).toBe(`'=HYPERLINK("http://x","y")`);
  });

  it('filters by connection, product, plan and status', async () => {
    const codes = async (...args: string[]) =>
      csvOf((await hotpilotInProcess(['subscribers', 'export', ...args], env)).stdout)
        .slice(1)
        .map((record) => record[0]);
    expect(await codes('--product', '200')).toEqual(['S07', 'S06']);
    expect(await codes('--connection', 'main', '--plan', 'yearly')).toEqual(['S03']);
    expect(await codes('--connection', 'other')).toEqual(['S08']);
    expect(
      await codes('--connection', 'main', '--product', '100', '--plan', '11', '--status', 'all'),
    ).toEqual(['S01', 'S02', 'S04', 'S05', 'S09', 'S10']);
    const bad = await hotpilotInProcess(['subscribers', 'export', '--status', 'late'], env);
    expect(bad.code).toBe(2);
  });

  it('writes a private file with a BOM when asked, and JSON rows with --json', async () => {
    const file = join(dir, 'subscribers.csv');
    const run = await hotpilotInProcess(
      ['subscribers', 'export', '--out', file, '--bom', '--plan', '12'],
      env,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`1 subscription(s) exported to ${file}`);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(parseCsv(text.slice(1)).map((record) => record[0])).toEqual(['Subscriber code', 'S03']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const json = await hotpilotInProcess(['subscribers', 'export', '--json', '--product', '200'], env);
    expect(JSON.parse(json.stdout).map((row: { email: string }) => row.email)).toEqual([
      's01@example.com',
      's06@example.com',
    ]);
    const messages = await hotpilotInProcess(['subscribers', 'export', '--json', '--bom'], {
      ...env,
      HOTPILOT_LOCALE: 'pt-BR',
    });
    expect(messages.code).toBe(2);
    expect(messages.stderr).toBe('erro: --bom vale só para CSV (não para --json)');
  });
});
