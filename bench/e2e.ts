// End-to-end benchmark: `npm run bench:e2e`.
//
// `hotpilot demo` in this process (emulator, vendor fakes, SMTP catcher, hotpilot on SQLite in a temp dir with all
// seven agents on), with the emulator's customer journeys playing BENCH_EVENTS (default 10,000) mixed webhook events
// as fast as hotpilot accepts them (the emulator's sender keeps 16 deliveries in flight and the driver pauses on its
// back-pressure). Figures, all read from hotpilot's store once every run created for those events is done:
//
// - runs_per_s: runs done ÷ wall time, from the first event's `received_at` to the last run's end. A run is done
//   when it is `completed`, `dead` or `cancelled` (its `finished_at`), or `sleeping` (an e-mail sequence parked on
//   `step.sleep`: its `updated_at`, the instant it parked). Only runs of webhook events count (cron runs don't).
// - event_to_last_step p50/p99: per event with at least one run, its last run's end minus its `received_at`. A run
//   ends in the transaction that follows its last step, so this is the time from receipt to the last step.
// - peak_rss_mb: this process's peak resident set (everything above runs in it, as `hotpilot demo` does).
// - cpu_ms_per_run, cpu_cores: CPU time of the whole process (every thread: hotpilot, emulator, fakes, GC) from
//   the moment the demo is up until every run is done, per run done and per second of that time. Steadier than
//   runs_per_s on a shared machine, and what decides the ceiling: at 1,000 runs/s two cores allow 2 ms per run.
// - baseline_rps: the same client (an emulator's journeys and webhook sender) against a bare `node:http` server
//   that reads the body and answers 200, in this process, measured first in the same run.
//
// Options (environment): BENCH_EVENTS (default 10000), BENCH_CAP_SECONDS (default 300: the benchmark gives up,
// reports what finished and exits 1), BENCH_SALES (history of the emulated account, default 500), BENCH_KEEP=1
// (keep the data directory, to study the runs afterwards), BENCH_THREADS (HOTPILOT_WORKER_THREADS, default 1: one thread beside the main one, what a 2-core machine should run).
// Progress lines go to standard output; the last line is one JSON object.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@hotpilot/emulator';
import Database from 'better-sqlite3';
import { startDemo } from '../packages/agent/src/demo/start-demo.ts';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const CAP_MS = Number(process.env.BENCH_CAP_SECONDS ?? 300) * 1_000;
const SALES = Number(process.env.BENCH_SALES ?? 500);
const THREADS = Number(process.env.BENCH_THREADS ?? 1);
const SEED = 42;
const PROGRESS_EVERY_MS = 1_000;
const started = performance.now();

function log(line: string): void {
  process.stdout.write(`${line}\n`);
}

function elapsed(): string {
  return `${((performance.now() - started) / 1_000).toFixed(1)}s`;
}

function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The same client as the end-to-end run (journeys rendered by an emulator and POSTed by its webhook sender) against
 * a server that does nothing: the ceiling of this machine for that client. Deliveries answered per second.
 */
async function baseline(events: number): Promise<number> {
  const server = createServer((request, response) => {
    request.on('data', () => {});
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const hotmart = await startEmulator({ seed: SEED, sales: SALES, now: Date.now(), rateLimit: false });
  try {
    hotmart.webhooks.addEndpoint({ id: 'baseline', url: `http://127.0.0.1:${port}/`, hottok: 'baseline' });
    let seen = 0;
    let stop = () => {};
    const unsubscribe = hotmart.account.onChange(() => {
      seen += 1;
      if (seen >= events) stop();
    });
    const begin = performance.now();
    const run = hotmart.scenarios.start({ journeys: 10_000_000, rate: 0 });
    stop = () => run.stop();
    if (seen >= events) run.stop();
    await run.done;
    unsubscribe();
    await hotmart.webhooks.flush();
    const seconds = (performance.now() - begin) / 1_000;
    const { delivered, failed } = hotmart.webhooks.stats();
    const rps = Math.round(delivered / seconds);
    log(
      `baseline (node:http): ${delivered} deliveries in ${seconds.toFixed(2)}s = ${rps}/s, ${failed} failed`,
    );
    return rps;
  } finally {
    await hotmart.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

interface Counts {
  inbox: number;
  inboxPending: number;
  events: number;
  runs: number;
  queued: number;
  running: number;
  sleeping: number;
  completed: number;
  dead: number;
  cancelled: number;
}

/**
 * Row counts read from the store's file over a second, read-only connection (WAL: it never blocks the writer). Each
 * count walks an index, not the tables: the progress line is read every second while the engine works, and a scan
 * of every run would cost the process as much CPU as a good share of the work it measures.
 */
function counter(db: Database.Database): () => Counts {
  const inbox = db.prepare('SELECT COUNT(*) FROM inbox').pluck();
  const inboxPending = db.prepare(`SELECT COUNT(*) FROM inbox WHERE status = 'pending'`).pluck();
  const events = db.prepare('SELECT COUNT(*) FROM events WHERE reconciled = 0').pluck();
  // Runs of webhook events only (cron runs don't count), through the partial index on event_id.
  const runs = db
    .prepare('SELECT COUNT(*) FROM runs INDEXED BY runs_event WHERE event_id IS NOT NULL')
    .pluck();
  // The partial status indexes hold open and finished runs (store migration 6); their terms are repeated so
  // SQLite uses them. Cron runs are among these counts, a handful at most.
  const open = db.prepare(
    `SELECT status, COUNT(*) AS n FROM runs WHERE status IN ('queued', 'sleeping', 'running') GROUP BY status`,
  );
  const dead = db
    .prepare(
      `SELECT COUNT(*) FROM runs WHERE status IN ('completed', 'cancelled', 'dead') AND status = 'dead'`,
    )
    .pluck();
  const cancelled = db
    .prepare(
      `SELECT COUNT(*) FROM runs WHERE status IN ('completed', 'cancelled', 'dead') AND status = 'cancelled'`,
    )
    .pluck();
  return () => {
    const byStatus = new Map(
      (open.all() as { status: string; n: number }[]).map((row) => [row.status, row.n]),
    );
    const of = (status: string) => byStatus.get(status) ?? 0;
    const total = runs.get() as number;
    const counts = {
      queued: of('queued'),
      running: of('running'),
      sleeping: of('sleeping'),
      dead: dead.get() as number,
      cancelled: cancelled.get() as number,
    };
    return {
      inbox: inbox.get() as number,
      inboxPending: inboxPending.get() as number,
      events: events.get() as number,
      runs: total,
      ...counts,
      completed: Math.max(
        0,
        total - counts.queued - counts.running - counts.sleeping - counts.dead - counts.cancelled,
      ),
    };
  };
}

interface ScenarioProgress {
  status: string;
  events: number;
  journeys: { started: number; failed: number };
}

/** The emulator's journeys, through its control API (the demo keeps the emulator to itself). */
async function scenario(controlUrl: string): Promise<ScenarioProgress | null> {
  const response = await fetch(`${controlUrl}/scenarios`);
  const body = (await response.json()) as { runs: ScenarioProgress[] };
  return body.runs[0] ?? null;
}

interface Figures {
  runsDone: number;
  byStatus: Record<string, number>;
  wallMs: number;
  eventsWithRuns: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
}

/** The figures, from the store alone: receipt times of the events, end times of their runs. */
function figures(db: Database.Database): Figures {
  const ended = `CASE r.status WHEN 'sleeping' THEN r.updated_at
       WHEN 'completed' THEN r.finished_at WHEN 'dead' THEN r.finished_at WHEN 'cancelled' THEN r.finished_at END`;
  const runs = db
    .prepare(
      `SELECT r.status AS status, COUNT(*) AS n, MAX(${ended}) AS last
       FROM runs r JOIN events e ON e.id = r.event_id WHERE e.reconciled = 0 GROUP BY r.status`,
    )
    .all() as { status: string; n: number; last: number | null }[];
  const first = (
    db.prepare('SELECT MIN(received_at) AS first FROM events WHERE reconciled = 0').get() as {
      first: number | null;
    }
  ).first;
  const perEvent = db
    .prepare(
      `SELECT MAX(${ended}) - e.received_at AS latency
       FROM events e JOIN runs r ON r.event_id = e.id
       WHERE e.reconciled = 0
       GROUP BY e.id
       HAVING COUNT(*) = COUNT(${ended})`,
    )
    .pluck()
    .all() as number[];
  perEvent.sort((a, b) => a - b);
  const byStatus: Record<string, number> = {};
  let runsDone = 0;
  let last = first ?? 0;
  for (const row of runs) {
    byStatus[row.status] = row.n;
    if (row.last !== null) {
      runsDone += row.n;
      last = Math.max(last, row.last);
    }
  }
  return {
    runsDone,
    byStatus,
    wallMs: first === null ? 0 : last - first,
    eventsWithRuns: perEvent.length,
    p50: percentile(perEvent, 50),
    p99: percentile(perEvent, 99),
    max: perEvent.length > 0 ? (perEvent[perEvent.length - 1] as number) : null,
  };
}

const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-e2e-'));
let demo: Awaited<ReturnType<typeof startDemo>> | null = null;
let db: Database.Database | null = null;
// Whatever hangs, the process ends: the cap plus time to shut down.
const hardStop = setTimeout(() => {
  log('e2e: did not shut down in time, exiting');
  process.exit(1);
}, CAP_MS + 60_000);
hardStop.unref();

try {
  log(`e2e: ${EVENTS} events, ${THREADS} worker threads, cap ${CAP_MS / 1_000}s, data dir ${dataDir}`);
  const baselineRps = await baseline(EVENTS);

  demo = await startDemo({
    dataDir,
    keep: false,
    host: '127.0.0.1',
    port: 0,
    seed: SEED,
    sales: SALES,
    rate: 0,
    events: EVENTS,
    locale: 'en',
    logLevel: 'error',
    workerThreads: THREADS,
    onStep: (step) => {
      if (step.kind === 'sync') return;
      log(`[${elapsed()}] demo: ${step.kind}`);
    },
  });
  const controlUrl = demo.inspect.hotmartRequests.replace(/\/requests$/, '');
  db = new Database(join(dataDir, 'hotpilot.db'), { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  const count = counter(db);

  const cpuAtStart = process.cpuUsage();
  const wallAtStart = performance.now();
  const deadline = performance.now() + CAP_MS;
  let finished = false;
  let played: ScenarioProgress | null = null;
  while (performance.now() < deadline) {
    await sleep(PROGRESS_EVERY_MS);
    played = await scenario(controlUrl);
    const now = count();
    log(
      `[${elapsed()}] events played ${played?.events ?? 0} (${played?.status ?? 'not started'}), ` +
        `delivered ${now.inbox}, inbox pending ${now.inboxPending}, runs ${now.runs}: ` +
        `done ${now.completed + now.sleeping + now.dead + now.cancelled} ` +
        `(sleeping ${now.sleeping}, dead ${now.dead}), queue depth ${now.queued} queued + ${now.running} running`,
    );
    if (
      played !== null &&
      played.status !== 'running' &&
      now.inbox >= played.events &&
      now.inboxPending === 0 &&
      now.queued === 0 &&
      now.running === 0
    ) {
      finished = true;
      break;
    }
  }
  const cpu = process.cpuUsage(cpuAtStart);
  const cpuMs = (cpu.user + cpu.system) / 1_000;
  const cpuWallMs = performance.now() - wallAtStart;
  if (!finished) {
    log(`e2e: not finished after ${CAP_MS / 1_000}s; the figures below cover what finished`);
    process.exitCode = 1;
  }

  const result = figures(db);
  const runsPerSecond = result.wallMs > 0 ? Math.round(result.runsDone / (result.wallMs / 1_000)) : 0;
  const final = count();
  const byWorkflow = db
    .prepare(
      `SELECT workflow_id AS workflow, COUNT(*) AS n FROM runs WHERE event_id IS NOT NULL
       GROUP BY workflow_id ORDER BY n DESC`,
    )
    .all() as { workflow: string; n: number }[];
  log(`runs by workflow: ${byWorkflow.map((row) => `${row.workflow} ${row.n}`).join(', ')}`);
  const retried = (
    db.prepare('SELECT COUNT(*) AS n FROM runs WHERE event_id IS NOT NULL AND attempt > 0').get() as {
      n: number;
    }
  ).n;
  log(`runs by status: ${JSON.stringify(result.byStatus)}; ${retried} needed more than one attempt`);
  // Where the runs' time went: the steps that took longest in total, a first pointer when the target is missed.
  const slowest = db
    .prepare(
      `SELECT r.workflow_id || ' ' || s.step_id AS step, COUNT(*) AS n, SUM(s.duration_ms) AS total,
         MAX(s.duration_ms) AS max
       FROM steps s JOIN runs r ON r.id = s.run_id WHERE r.event_id IS NOT NULL
       GROUP BY r.workflow_id, s.step_id ORDER BY total DESC LIMIT 6`,
    )
    .all() as { step: string; n: number; total: number; max: number }[];
  log(
    `slowest steps (count, mean, max ms): ${slowest
      .map((row) => `${row.step} ${row.n}× ${(row.total / row.n).toFixed(1)} ${Math.round(row.max)}`)
      .join('; ')}`,
  );
  log(
    `${result.runsDone} runs done in ${(result.wallMs / 1_000).toFixed(2)}s (first receipt to last run end) = ` +
      `${runsPerSecond}/s; ${final.events} events, ${result.eventsWithRuns} with runs; event to last step ` +
      `p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms`,
  );
  const cpuMsPerRun = result.runsDone > 0 ? Number((cpuMs / result.runsDone).toFixed(2)) : null;
  const cpuCores = cpuWallMs > 0 ? Number((cpuMs / cpuWallMs).toFixed(2)) : null;
  log(
    `CPU: ${(cpuMs / 1_000).toFixed(1)} s over ${(cpuWallMs / 1_000).toFixed(1)} s (${cpuCores} cores), ${cpuMsPerRun} ms per run`,
  );
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  log(
    JSON.stringify({
      bench: 'e2e',
      runs_per_s: runsPerSecond,
      event_to_last_step_p50_ms: result.p50,
      event_to_last_step_p99_ms: result.p99,
      peak_rss_mb: peakRssMb,
      events: final.events,
      runs: result.runsDone,
      baseline_rps: baselineRps,
      worker_threads: THREADS,
      cpu_ms_per_run: cpuMsPerRun,
      cpu_cores: cpuCores,
    }),
  );
} finally {
  db?.close();
  await demo?.close();
  if (process.env.BENCH_KEEP === '1') log(`data dir kept: ${dataDir}`);
  else rmSync(dataDir, { recursive: true, force: true });
}
