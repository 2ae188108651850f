// The entry of an engine worker thread (started by engine-threads.ts): opens its own connection to the store, builds
// hotpilot's own workflows as the main thread does, and runs an engine that executes runs; thread 1 also dispatches
// the inbox when it is given that role. It never migrates (the main thread did) and never schedules (the main
// thread does).
import { parentPort, workerData } from 'node:worker_threads';
import { createEngine } from './engine/engine.ts';
import type { EngineMetrics } from './engine/metrics.ts';
import type { WorkflowDefinition } from './engine/workflow.ts';
import { builtInWorkflows, createActionServices, engineContext } from './engine-setup.ts';
import { type FromThread, oncePerTurn, type ThreadData, type ToThread } from './engine-threads.ts';
import { systemClock } from './kit/clock.ts';
import { createPinoLogger } from './kit/pino.ts';
import { createConnectionCache } from './server/connection-cache.ts';
import { openStore } from './store/open-store.ts';

// Metrics cross to the main thread in batches: one message per step would cost more than the step's own write.
const METRICS_FLUSH_MS = 200;

async function runThread(port: NonNullable<typeof parentPort>, data: ThreadData): Promise<void> {
  const post = (message: FromThread) => port.postMessage(message);
  const now = systemClock;
  const logger = createPinoLogger({ level: data.logLevel, bindings: { role: 'worker', thread: data.index } });
  const secretKey = Buffer.from(data.secretKey);
  const store = openStore(data.databaseUrl, secretKey, logger.child({ module: 'store' }));

  const { actionServices, purchases } = createActionServices(store, secretKey);
  const workflows: WorkflowDefinition[] = [];
  workflows.push(...(await builtInWorkflows({ store, actionServices, now, logger, all: () => workflows })));

  let runs: [string, Parameters<NonNullable<EngineMetrics['runFinished']>>[1]][] = [];
  let steps: [string, string, number, boolean][] = [];
  let dispatched: ['event' | 'quarantine', number][] = [];
  const flush = () => {
    if (runs.length === 0 && steps.length === 0 && dispatched.length === 0) return;
    post({ type: 'metrics', runs, steps, dispatched });
    runs = [];
    steps = [];
    dispatched = [];
  };
  const flusher = setInterval(flush, METRICS_FLUSH_MS);
  const metrics: EngineMetrics = {
    runFinished: (workflowId, outcome) => runs.push([workflowId, outcome]),
    stepFinished: (workflowId, stepId, ms, ok) => steps.push([workflowId, stepId, ms, ok]),
    dispatched: (outcome, n) => dispatched.push([outcome, n]),
  };

  const engine = createEngine({
    store,
    workflows,
    logger: logger.child({ module: 'engine' }),
    now,
    concurrency: data.concurrency,
    ...(data.leaseMs === undefined ? {} : { leaseMs: data.leaseMs }),
    ...(data.pollMs === undefined ? {} : { pollMs: data.pollMs }),
    roles: { dispatch: data.dispatch === true && data.index === 1, execute: true, schedule: false },
    metrics,
    context: engineContext({
      store,
      logger,
      connections: createConnectionCache({ store, now }),
      publicUrl: data.publicUrl,
      actionServices,
      purchases,
      now,
    }),
  });

  // This thread's writes (a finished run frees its concurrency key, a retry is due) may make runs due for the
  // others; the main thread passes it on. Many writes in one turn make one message.
  const offRuns = store.onRunsReady(oncePerTurn(() => post({ type: 'runs' })));

  port.on('message', (message: ToThread) => {
    // Only the loop the message is for: a `wake` after every write of another thread must not send the dispatcher
    // to the inbox each time.
    if (message.type === 'wake') engine.wake('execute');
    else if (message.type === 'inbox') engine.wake('dispatch');
    else if (message.type === 'stop') {
      void (async () => {
        offRuns();
        try {
          await engine.stop({ deadlineMs: message.deadlineMs });
        } finally {
          clearInterval(flusher);
          flush();
          await store.close().catch((error) => logger.error({ err: error }, 'closing the store failed'));
          post({ type: 'stopped' });
          port.close();
        }
      })();
    }
  });

  await engine.start();
  post({ type: 'ready' });
}

if (parentPort) {
  const port = parentPort;
  runThread(port, workerData as ThreadData).catch((error: unknown) => {
    port.postMessage({
      type: 'failed',
      message: error instanceof Error ? error.message : String(error),
    } satisfies FromThread);
    process.exit(1);
  });
}
