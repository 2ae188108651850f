// A hotpilot process for end-to-end tests and benchmarks, run as a child process:
//   node --conditions=source --import tsx packages/agent/test/support/hotpilot-process.ts
// Configuration comes from HOTPILOT_* variables, as in production. Test-only variables:
// - E2E_CONNECTION_ID / E2E_HOTTOK: a connection created at start if missing (so deliveries are accepted);
// - E2E_LEASE_MS: the engine's lease (a short one lets a restarted worker take over a killed one's runs sooner);
// - E2E_COUNTER_URL: registers the `e2e-count` workflow, whose two steps each POST their idempotency key
//   (`runId:stepId`) to that URL, so the test can count side effects.
// Prints `HOTPILOT_READY <url>` on standard output once it listens.
import { loadConfig } from '../../src/config.ts';
import { defineWorkflow, type WorkflowDefinition } from '../../src/engine/workflow.ts';
import { handleSignals, startHotpilot } from '../../src/main.ts';

/** The step ids of the counting workflow, in order. */
export const COUNTED_STEPS = ['first', 'second'] as const;

function countingWorkflow(counterUrl: string): WorkflowDefinition {
  return defineWorkflow(
    { id: 'e2e-count', on: ['PURCHASE_APPROVED'], retries: 20 },
    async ({ step, run }) => {
      for (const stepId of COUNTED_STEPS) {
        await step.run(stepId, async () => {
          const key = `${run.id}:${stepId}`;
          const response = await fetch(counterUrl, {
            method: 'POST',
            headers: { 'idempotency-key': key, 'x-pid': String(process.pid) },
            body: key,
            signal: AbortSignal.timeout(10_000),
          });
          if (!response.ok) throw new Error(`counter answered ${response.status}`);
          return (await response.json()) as { count: number };
        });
      }
    },
  );
}

const env = process.env;
const config = loadConfig(
  Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('E2E_'))),
);
const workflows = env.E2E_COUNTER_URL ? [countingWorkflow(env.E2E_COUNTER_URL)] : [];
const leaseMs = env.E2E_LEASE_MS ? Number(env.E2E_LEASE_MS) : undefined;
const hotpilot = await startHotpilot(config, {
  workflows,
  builtInWorkflows: false,
  engine: leaseMs ? { leaseMs, pollMs: 200 } : {},
});

const connectionId = env.E2E_CONNECTION_ID;
const hottok = env.E2E_HOTTOK;
if (connectionId && hottok && !(await hotpilot.store.getConnection(connectionId))) {
  await hotpilot.store
    .createConnection({ id: connectionId, name: connectionId, hottoks: [hottok] }, Date.now())
    // Two processes sharing a database may race to create it; the other one won.
    .catch(async (error: unknown) => {
      if (!(await hotpilot.store.getConnection(connectionId))) throw error;
    });
  hotpilot.connections.invalidate(connectionId);
}

handleSignals(hotpilot, { deadlineMs: config.shutdownDeadlineMs });
process.stdout.write(`HOTPILOT_READY ${hotpilot.url}\n`);
