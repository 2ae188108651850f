// Latency benchmark of the durable core: the time from a webhook delivery's 2xx to the first step of its run
// starting, idle (one delivery at a time) and loaded (an open-loop stream at half of the measured maximum rate), on
// SQLite and on PostgreSQL. Deliveries go through the real HTTP server (`startHotpilot`); `--direct` uses the
// store's `ingest` instead (no HTTP). The last line printed is one JSON object:
// {"bench":"latency","sqlite_p50_ms":…,"sqlite_p99_ms":…,"sqlite_loaded_p99_ms":…,"pg_p50_ms":…,"pg_p99_ms":…}
//
//   npm run bench:latency                       # both databases, over HTTP
//   tsx --conditions=source bench/latency.ts --direct --pg-url postgres://127.0.0.1:5432/test
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import pg from 'pg';
import { loadConfig } from '../packages/agent/src/config.ts';
import { defineWorkflow } from '../packages/agent/src/engine/workflow.ts';
import { silentLogger } from '../packages/agent/src/kit/logger.ts';
import { startHotpilot } from '../packages/agent/src/main.ts';
import type { Store } from '../packages/agent/src/store/port.ts';

const { values: args } = parseArgs({
  options: {
    direct: { type: 'boolean', default: false },
    'pg-url': { type: 'string', default: 'postgres://127.0.0.1:5432/test' },
    'idle-count': { type: 'string', default: '300' },
    'loaded-seconds': { type: 'string', default: '5' },
    'skip-pg': { type: 'boolean', default: false },
  },
});
const IDLE_COUNT = Number(args['idle-count']);
const LOADED_SECONDS = Number(args['loaded-seconds']);
const HOTTOK = 'bench-hottok';
const CONNECTION = 'bench';

interface Target {
  name: 'sqlite' | 'pg';
  /** Sends one delivery; resolves when the 2xx arrived (or the direct ingest committed). */
  deliver(body: string, headers: Record<string, string>, eventId: string): Promise<void>;
  close(): Promise<void>;
}

/** Commit times of deliveries by event id (server side: the 2xx is sent right after). */
const committed = new Map<string, number>();
/** First-step start times by event id, filled by the benchmark workflow. */
const firstStep = new Map<string, number>();
const waiting = new Map<string, () => void>();

const benchWorkflow = defineWorkflow(
  { id: 'latency-bench', on: ['PURCHASE_APPROVED'] },
  async ({ event, step }) => {
    const id = event.id;
    if (!firstStep.has(id)) firstStep.set(id, performance.now());
    waiting.get(id)?.();
    await step.run('first', () => id);
  },
);

function latencyOf(id: string): number {
  const at = committed.get(id);
  if (at === undefined) throw new Error(`no commit time recorded for ${id}`);
  return firstStep.get(id)! - at;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return Math.round(sorted[index]! * 100) / 100;
}

function delivery(): { body: string; headers: Record<string, string>; id: string } {
  const built = buildTestDelivery('PURCHASE_APPROVED', { hottok: HOTTOK });
  return { body: built.body, headers: built.headers, id: (JSON.parse(built.body) as { id: string }).id };
}

function started(id: string): Promise<void> {
  if (firstStep.has(id)) return Promise.resolve();
  return new Promise((resolve) => waiting.set(id, resolve));
}

async function openTarget(name: 'sqlite' | 'pg', directory: string): Promise<Target> {
  let schema: string | null = null;
  let databaseUrl = `sqlite:${join(directory, `${name}.db`)}`;
  if (name === 'pg') {
    schema = `bench_${randomBytes(6).toString('hex')}`;
    const url = new URL(args['pg-url']!);
    url.searchParams.set('schema', schema);
    databaseUrl = url.toString();
  }
  const config = loadConfig({
    HOTPILOT_PORT: '0',
    HOTPILOT_DATA_DIR: directory,
    HOTPILOT_DATABASE_URL: databaseUrl,
    HOTPILOT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    HOTPILOT_LOG_LEVEL: 'silent',
    HOTPILOT_WORKER_CONCURRENCY: '64',
  });
  const hotpilot = await startHotpilot(config, {
    workflows: [benchWorkflow],
    builtInWorkflows: false,
    logger: silentLogger,
  });
  await hotpilot.store.createConnection({ id: CONNECTION, name: 'Bench', hottoks: [HOTTOK] }, Date.now());
  hotpilot.connections.invalidate(CONNECTION);
  const endpoint = `${hotpilot.url}/webhooks/hotmart/${CONNECTION}`;
  const store: Store = hotpilot.store;
  // The server answers 2xx right after `ingest` commits; the engine is woken by that same commit, so its first step
  // can start before the client has even read the response. The clock therefore starts when the commit resolves
  // (server side, the instant the 2xx is written), recorded by wrapping the store's `ingest`.
  const ingest = store.ingest.bind(store);
  store.ingest = async (entry) => {
    const outcome = await ingest(entry);
    committed.set(entry.eventId, performance.now());
    return outcome;
  };
  return {
    name,
    async deliver(body, headers, eventId) {
      if (args.direct) {
        await store.ingest({
          connectionId: CONNECTION,
          eventId,
          receivedAt: Date.now(),
          contentType: headers['content-type'] ?? null,
          headers: {},
          body,
        });
        return;
      }
      const response = await fetch(endpoint, { method: 'POST', body, headers });
      await response.arrayBuffer();
      if (response.status >= 300) throw new Error(`delivery answered ${response.status}`);
    },
    async close() {
      await hotpilot.close({ deadlineMs: 5_000 });
      if (schema) {
        // pg reads the user from $USER only; libpq (and the store) default to the OS user.
        const url = new URL(args['pg-url']!);
        if (!url.username) url.username = encodeURIComponent(pg.defaults.user ?? userInfo().username);
        const client = new pg.Client({ connectionString: url.toString() });
        await client.connect();
        await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await client.end();
      }
    },
  };
}

/** One delivery at a time: each waits for the previous run's first step. */
async function idle(target: Target, count: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const { body, headers, id } = delivery();
    const wait = started(id);
    await target.deliver(body, headers, id);
    await wait;
    latencies.push(latencyOf(id));
  }
  return latencies.sort((a, b) => a - b);
}

/** The highest end-to-end rate: deliveries kept `inFlight` at a time for `seconds`, counted at their first step. */
async function maxRate(target: Target, seconds: number, inFlight = 64): Promise<number> {
  const until = performance.now() + seconds * 1_000;
  let done = 0;
  const lane = async () => {
    while (performance.now() < until) {
      const { body, headers, id } = delivery();
      const wait = started(id);
      await target.deliver(body, headers, id);
      await wait;
      done += 1;
    }
  };
  const begin = performance.now();
  await Promise.all(Array.from({ length: inFlight }, lane));
  return done / ((performance.now() - begin) / 1_000);
}

/** Open loop at `rate` per second for `seconds`: deliveries are sent on schedule whatever the latency. */
async function loaded(target: Target, rate: number, seconds: number): Promise<number[]> {
  const total = Math.max(1, Math.floor(rate * seconds));
  const interval = 1_000 / rate;
  const begin = performance.now();
  const pending: Promise<number>[] = [];
  for (let i = 0; i < total; i++) {
    const due = begin + i * interval;
    const delay = due - performance.now();
    if (delay > 1) await new Promise((resolve) => setTimeout(resolve, delay));
    const { body, headers, id } = delivery();
    const wait = started(id);
    pending.push(
      target.deliver(body, headers, id).then(async () => {
        await wait;
        return latencyOf(id);
      }),
    );
  }
  return (await Promise.all(pending)).sort((a, b) => a - b);
}

async function measure(name: 'sqlite' | 'pg', directory: string) {
  const target = await openTarget(name, directory);
  try {
    await idle(target, 20); // warm-up
    const idleLatencies = await idle(target, IDLE_COUNT);
    const rate = await maxRate(target, 3);
    const loadedLatencies = await loaded(target, rate / 2, LOADED_SECONDS);
    const summary = {
      p50: percentile(idleLatencies, 50),
      p99: percentile(idleLatencies, 99),
      maxRate: Math.round(rate),
      loadedRate: Math.round(rate / 2),
      loadedP50: percentile(loadedLatencies, 50),
      loadedP99: percentile(loadedLatencies, 99),
    };
    console.log(`${name}: ${JSON.stringify(summary)}`);
    return summary;
  } finally {
    await target.close();
  }
}

const directory = mkdtempSync(join(tmpdir(), 'hotpilot-latency-'));
try {
  console.log(`mode: ${args.direct ? 'direct store ingest (no HTTP)' : 'HTTP (startHotpilot)'}`);
  const sqlite = await measure('sqlite', directory);
  const postgres = args['skip-pg'] ? null : await measure('pg', directory);
  console.log(
    JSON.stringify({
      bench: 'latency',
      mode: args.direct ? 'direct' : 'http',
      sqlite_p50_ms: sqlite.p50,
      sqlite_p99_ms: sqlite.p99,
      sqlite_loaded_p99_ms: sqlite.loadedP99,
      sqlite_max_rate_per_s: sqlite.maxRate,
      pg_p50_ms: postgres?.p50 ?? null,
      pg_p99_ms: postgres?.p99 ?? null,
      pg_loaded_p99_ms: postgres?.loadedP99 ?? null,
      pg_max_rate_per_s: postgres?.maxRate ?? null,
    }),
  );
} finally {
  rmSync(directory, { recursive: true, force: true });
}
