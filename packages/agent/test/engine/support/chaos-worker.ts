// One worker process of the PostgreSQL chaos test (chaos.pg.test.ts): dispatches and executes two workflows whose
// steps append to a counting table, so the test can prove no completed step ran twice. Started with
// `node --conditions=source --import tsx chaos-worker.ts '<json options>'`; prints `ready` once its engine runs.
import { userInfo } from 'node:os';
import process from 'node:process';
import pg from 'pg';
import { createEngine } from '../../../src/engine/engine.ts';
import { defineWorkflow } from '../../../src/engine/workflow.ts';
import type { Logger } from '../../../src/kit/logger.ts';
import { createPostgresStore } from '../../../src/store/postgres/postgres-store.ts';

interface ChaosWorkerOptions {
  connectionString: string;
  schema: string;
  workerId: string;
  secretKeyHex: string;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChaosWorkerOptions;

// Errors only, one JSON line each on stderr, so the test can show why a worker struggled.
const errorsOnly: Logger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error(obj, msg) {
    const err = (obj as { err?: { message?: string } }).err;
    process.stderr.write(`${JSON.stringify({ worker: options.workerId, msg, err: err?.message })}\n`);
  },
  fatal(obj, msg) {
    this.error(obj, msg);
  },
  child() {
    return errorsOnly;
  },
};

// libpq defaults the user to the OS user; pg only reads $USER, which a CI shell may not set (and a `user` option
// would be overridden by the connection string's empty one).
const effectsUrl = new URL(options.connectionString);
if (!effectsUrl.username) effectsUrl.username = encodeURIComponent(pg.defaults.user ?? userInfo().username);
const effects = new pg.Pool({
  connectionString: effectsUrl.toString(),
  options: `-c search_path=${options.schema}`,
  max: 8,
});
// PostgreSQL restarts kill connections; the pool drops them and connects again on the next query. pg-pool listens
// for a client's errors only while it is idle (or, in `pool.query`, once): a second 'error' would be unhandled and
// crash the process, so every client gets a listener for its whole life.
effects.on('error', () => {});
effects.on('connect', (client) => client.on('error', () => {}));

async function effect(runId: string, stepId: string, epoch: number): Promise<void> {
  await effects.query('INSERT INTO chaos_effects (run_id, step_id, epoch, pid) VALUES ($1, $2, $3, $4)', [
    runId,
    stepId,
    epoch,
    process.pid,
  ]);
}

const threeSteps = defineWorkflow(
  { id: 'chaos-steps', on: ['PURCHASE_APPROVED'], retries: 50 },
  async ({ step, run }) => {
    for (const stepId of ['s1', 's2', 's3']) {
      await step.run(stepId, async () => {
        await effect(run.id, stepId, run.epoch);
        return stepId;
      });
    }
    return 'done';
  },
);

const oneStep = defineWorkflow(
  { id: 'chaos-single', on: ['PURCHASE_APPROVED'], retries: 50 },
  async ({ step, run }) =>
    step.run('only', async () => {
      await effect(run.id, 'only', run.epoch);
      return 'only';
    }),
);

const store = createPostgresStore({
  connectionString: options.connectionString,
  schema: options.schema,
  secretKey: Buffer.from(options.secretKeyHex, 'hex'),
  poolSize: 10,
  logger: errorsOnly,
});
const engine = createEngine({
  store,
  workflows: [threeSteps, oneStep],
  workerId: options.workerId,
  logger: errorsOnly,
  concurrency: 64,
  leaseMs: 3_000,
  pollMs: 250,
  roles: { dispatch: true, execute: true, schedule: false },
  backoff: { baseMs: 50, capMs: 1_000 },
});

await engine.start();
process.stdout.write('ready\n');

process.on('SIGTERM', () => {
  void (async () => {
    try {
      await engine.stop({ deadlineMs: 2_000 });
      await store.close();
      await effects.end();
    } finally {
      process.exit(0);
    }
  })();
});
