// Webhook ingest benchmark: `npm run bench:ingest`.
//
// Measures acknowledged deliveries per second and p99 latency of POST /webhooks/hotmart/:connection, against a
// bare node:http server that reads the body and answers 200 (the ceiling of this machine). Each server runs in its
// own process; autocannon (50 connections, 10 s after a 2 s warm-up) runs in this one. Every request carries a
// ~2.2 KB PURCHASE_APPROVED body (Hotmart's published sample) with a fresh event id and a valid hottok, so every
// request is a real insert. hotpilot runs the `web` role: no workers drain the inbox during the measurement, so
// the figures are acks alone.
//
// Options (environment): BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (default 50), BENCH_TARGETS
// (comma-separated subset of baseline,sqlite,postgres), BENCH_POSTGRES_URL (default postgres://127.0.0.1:5432/test).
// The last line printed is one JSON object with the figures.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { buildTestDelivery } from '../packages/hotmart/src/webhooks/index.ts';

// autocannon ships no type declarations (and @types/autocannon is not installed): load it untyped and describe
// the part used here.
const autocannon = createRequire(import.meta.url)('autocannon') as (
  options: Record<string, unknown>,
  done: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = 2;
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const TARGETS = (process.env.BENCH_TARGETS ?? 'baseline,sqlite,postgres').split(',');
const POSTGRES_URL = withUser(process.env.BENCH_POSTGRES_URL ?? 'postgres://127.0.0.1:5432/test');
const HOTTOK = `bench-${randomBytes(12).toString('hex')}`;
const PLACEHOLDER = '00000000-0000-4000-8000-000000000000';

// libpq defaults the user to the login name; pg only reads $USER (which a CI shell may not set), and a `user` option
// next to a connection string is overridden by the string's (absent) one. So the URL names the user.
function withUser(url: string): string {
  const parsed = new URL(url);
  if (!parsed.username) parsed.username = process.env.PGUSER ?? userInfo().username;
  return parsed.toString();
}

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  total2xx: number;
}

// Hotmart's own PURCHASE_APPROVED sample (in `shared/fixtures` beside the checkout, or HOTMART_WEBHOOK_FIXTURES),
// re-serialised compactly as Hotmart sends it; the toolkit's template when the sample isn't there. Its placeholder
// id is replaced by a fresh UUID in every request (same length, so Content-Length stays right).
const FIXTURES = process.env.HOTMART_WEBHOOK_FIXTURES ?? join(ROOT, '../shared/fixtures/hotmart/webhooks');
const overrides = { id: PLACEHOLDER, hottok: HOTTOK, creationDate: Date.now() };
let source = 'the published PURCHASE_APPROVED sample';
let delivery: { body: string; headers: Record<string, string> };
try {
  const sample = JSON.parse(readFileSync(join(FIXTURES, 'PURCHASE_APPROVED.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  delivery = buildTestDelivery(sample, overrides);
} catch {
  source = 'the PURCHASE_APPROVED template of buildTestDelivery (sample not found)';
  delivery = buildTestDelivery('PURCHASE_APPROVED', overrides);
}
const [bodyHead, bodyTail] = delivery.body.split(PLACEHOLDER) as [string, string];

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Starts a server process and resolves with its base URL once it prints `HOTPILOT_READY <url>`. */
function startProcess(
  args: string[],
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (text: Buffer) => {
      output += text.toString();
      const match = /HOTPILOT_READY (\S+)/.exec(output);
      if (match) resolve({ url: match[1]!, child });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited early (${code}):\n${output}`)));
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function run(url: string, path: string, seconds: number): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        connections: CONNECTIONS,
        duration: seconds,
        requests: [
          {
            method: 'POST',
            path,
            headers: delivery.headers,
            body: delivery.body,
            setupRequest: (request: { body?: string }) => {
              request.body = bodyHead + randomUUID() + bodyTail;
              return request;
            },
          },
        ],
      },
      (error: Error | null, result: AutocannonResult) => {
        if (error) return reject(error);
        resolve({
          rps: Math.round(result.requests.average),
          p50: result.latency.p50,
          p99: result.latency.p99,
          non2xx: result.non2xx,
          errors: result.errors,
          total2xx: result['2xx'],
        });
      },
    );
  });
}

interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  '2xx': number;
}

/** Warm-up, then the measurement; `acks` counts the 2xx answers of both (every one of them a stored row). */
async function measure(name: string, url: string, path: string): Promise<Measurement & { acks: number }> {
  log(`${name}: warm-up ${WARMUP}s at ${url}`);
  const warmUp = await run(url, path, WARMUP);
  log(`${name}: measuring ${DURATION}s with ${CONNECTIONS} connections`);
  const result = await run(url, path, DURATION);
  log(
    `${name}: ${result.rps} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, ` +
      `${result.total2xx} acks, ${result.non2xx} non-2xx, ${result.errors} errors`,
  );
  return { ...result, acks: warmUp.total2xx + result.total2xx };
}

const BASELINE_SERVER = `
import { createServer } from 'node:http';
const server = createServer((req, res) => {
  req.on('data', () => {});
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
});
server.listen(0, '127.0.0.1', () => console.log('HOTPILOT_READY http://127.0.0.1:' + server.address().port));
`;

async function baseline(): Promise<Measurement> {
  const { url, child } = await startProcess(['--input-type=module', '-e', BASELINE_SERVER], {});
  try {
    return await measure('baseline (node:http)', url, '/');
  } finally {
    await stopProcess(child);
  }
}

/** hotpilot (web role) on the given database; checks afterwards that every 2xx is one stored row. */
async function hotpilot(name: string, env: Record<string, string>): Promise<Measurement> {
  const { url, child } = await startProcess(
    ['--conditions=source', '--import', 'tsx', 'packages/agent/test/support/hotpilot-process.ts'],
    {
      HOTPILOT_PORT: '0',
      HOTPILOT_ROLE: 'web',
      HOTPILOT_LOG_LEVEL: 'warn',
      HOTPILOT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      E2E_CONNECTION_ID: 'bench',
      E2E_HOTTOK: HOTTOK,
      ...env,
    },
  );
  try {
    const result = await measure(name, url, '/webhooks/hotmart/bench');
    const metrics = await (await fetch(`${url}/metrics`)).text();
    const stored = Number(
      /^hotpilot_webhook_deliveries_total\{outcome="stored"\} (\d+)$/m.exec(metrics)?.[1],
    );
    // Requests still in flight when a run stops are stored but their answers uncounted: up to one per connection.
    if (stored >= result.acks && stored <= result.acks + 2 * CONNECTIONS) {
      log(`${name}: every one of the ${result.acks} acks is a stored row (${stored} stored)`);
    } else {
      log(`${name}: MISMATCH: ${result.acks} acks but ${stored} rows stored`);
      process.exitCode = 1;
    }
    return result;
  } finally {
    await stopProcess(child);
  }
}

async function sqlite(): Promise<Measurement> {
  const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-bench-'));
  try {
    return await hotpilot('hotpilot on SQLite', { HOTPILOT_DATA_DIR: dataDir });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgres(): Promise<Measurement> {
  const schema = `bench_${randomBytes(6).toString('hex')}`;
  const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-bench-'));
  try {
    return await hotpilot('hotpilot on PostgreSQL', {
      HOTPILOT_DATA_DIR: dataDir,
      HOTPILOT_DATABASE_URL: `${POSTGRES_URL}?schema=${schema}`,
    });
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

const figures: Record<string, number | null> = {
  baseline_rps: null,
  sqlite_rps: null,
  sqlite_p99_ms: null,
  pg_rps: null,
  pg_p99_ms: null,
};
log(
  `body: ${Buffer.byteLength(delivery.body)} bytes from ${source}; ${CONNECTIONS} connections, ${DURATION}s per target`,
);
if (TARGETS.includes('baseline')) figures.baseline_rps = (await baseline()).rps;
if (TARGETS.includes('sqlite')) {
  const result = await sqlite();
  figures.sqlite_rps = result.rps;
  figures.sqlite_p99_ms = result.p99;
}
if (TARGETS.includes('postgres')) {
  const result = await postgres();
  figures.pg_rps = result.rps;
  figures.pg_p99_ms = result.p99;
}
if (figures.baseline_rps && figures.sqlite_rps) {
  log(`SQLite acks are ${Math.round((figures.sqlite_rps / figures.baseline_rps) * 100)} % of the baseline`);
}
log(JSON.stringify({ bench: 'ingest', ...figures }));
