import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/engine/engine.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import type { Store } from '../../src/store/port.ts';
import { storeFactories } from '../store/stores.ts';
import {
  gate,
  ingest,
  manualClock,
  recordingMetrics,
  seedConnection,
  sleep,
  useResources,
  waitFor,
  waitForRun,
} from './support/harness.ts';

/** The store with some methods replaced (a database that fails in chosen ways). */
function faulty(store: Store, overrides: Partial<Store>): Store {
  return new Proxy(store, {
    get(target, key, receiver) {
      if (key in overrides) return overrides[key as keyof Store];
      const value = Reflect.get(target, key, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe.each(storeFactories)('resilience ($name)', (factory) => {
  const resources = useResources();

  it('keeps claiming after the store was unreachable for a while', async () => {
    const t = resources.track(await factory.create());
    await seedConnection(t.store);
    let failures = 0;
    const store = faulty(t.store, {
      claimRuns: async (options) => {
        if (failures < 3) {
          failures += 1;
          throw new Error('connection refused');
        }
        return t.store.claimRuns(options);
      },
    });
    const workflow = defineWorkflow({ id: 'recover', on: ['PURCHASE_APPROVED'] }, async () => 'ok');
    await resources.engine({ store, workflows: [workflow], pollMs: 5 }).start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED');
    const run = await waitForRun(t.store, `recover:${eventId}`, 'completed');
    expect([failures, run.output]).toEqual([3, 'ok']);
  });

  it('halts an attempt whose heartbeats fail until its lease expires', async () => {
    const clock = manualClock();
    const t = resources.track(await factory.create());
    await seedConnection(t.store, clock.now());
    let heartbeats = 0;
    const store = faulty(t.store, {
      heartbeat: async () => {
        heartbeats += 1;
        throw new Error('PostgreSQL is unavailable');
      },
    });
    const stuck = gate();
    const signals: AbortSignal[] = [];
    const epochs: number[] = [];
    const workflow = defineWorkflow({ id: 'cut-off', on: ['PURCHASE_APPROVED'] }, async ({ step, run }) => {
      signals.push(run.signal);
      epochs.push(run.epoch);
      await step.run('wait', () => stuck.promise.then(() => `epoch ${run.epoch}`));
    });
    const recorded = recordingMetrics();
    await resources
      .engine({ store, workflows: [workflow], now: clock.now, leaseMs: 90, metrics: recorded.metrics })
      .start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED', { receivedAt: clock.now() });
    await waitFor(() => signals.length === 1, 'the attempt');
    // Failing heartbeats are tolerated while the confirmed lease lasts…
    await waitFor(() => heartbeats >= 2, 'two failed heartbeats');
    expect(signals[0]?.aborted).toBe(false);
    // …and end the attempt once it has expired.
    clock.advance(91);
    await waitFor(() => signals[0]?.aborted, 'the attempt to halt');
    await waitFor(() => recorded.runs.length === 1, 'the outcome');
    expect(recorded.runs).toEqual([{ workflowId: 'cut-off', outcome: 'lost' }]);
    // The lease has expired, so the run is claimed again (here, by this same worker, under a new epoch); the halted
    // attempt's step, finishing late, is not what gets stored.
    await waitFor(() => signals.length === 2, 'the second attempt');
    stuck.open();
    await waitForRun(t.store, `cut-off:${eventId}`, 'completed');
    const steps = await t.store.getSteps(`cut-off:${eventId}`);
    expect(epochs[1]).toBeGreaterThan(epochs[0]!);
    expect(steps.map((step) => step.output)).toEqual([`epoch ${epochs[1]}`]);
  });

  it('leaves the run to its lease when the outcome cannot be written', async () => {
    const t = resources.track(await factory.create());
    await seedConnection(t.store);
    let refused = 0;
    const store = faulty(t.store, {
      completeRun: async (lease, output, now) => {
        if (refused === 0) {
          refused += 1;
          throw new Error('connection reset');
        }
        return t.store.completeRun(lease, output, now);
      },
    });
    let calls = 0;
    const workflow = defineWorkflow({ id: 'unwritten', on: ['PURCHASE_APPROVED'] }, async ({ step }) =>
      step.run('once', () => ++calls),
    );
    const recorded = recordingMetrics();
    await resources.engine({ store, workflows: [workflow], leaseMs: 150, metrics: recorded.metrics }).start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED');
    const run = await waitForRun(t.store, `unwritten:${eventId}`, 'completed');
    // The reclaimed attempt found the step memoized: its side effect ran once.
    expect([run.output, calls, run.attempt]).toEqual([1, 1, 0]);
    // The worker reports an outcome after its write commits: the test may see the completed run first.
    await waitFor(() => recorded.runs.length === 2, 'the second outcome');
    expect(recorded.runs.map((r) => r.outcome)).toEqual(['lost', 'completed']);
  });
});

describe.each(storeFactories)('waiting ($name)', (factory) => {
  const resources = useResources();

  it('never busy-loops, even when a due run is one it cannot take', async () => {
    const t = resources.track(await factory.create());
    await seedConnection(t.store);
    // A due run of a workflow this worker doesn't have: `nextDueAt` stays in the past.
    await t.store.createRuns(
      [
        {
          id: 'elsewhere:1',
          workflowId: 'elsewhere',
          eventId: null,
          connectionId: null,
          concurrencyKey: null,
          input: {},
          maxAttempts: 1,
          dueAt: Date.now() - 1_000,
        },
      ],
      Date.now(),
    );
    let claims = 0;
    const store = faulty(t.store, {
      claimRuns: (options) => {
        claims += 1;
        return t.store.claimRuns(options);
      },
    });
    const mine = defineWorkflow({ id: 'mine', on: ['PURCHASE_APPROVED'] }, async () => null);
    await resources.engine({ store, workflows: [mine], pollMs: 50, roles: { execute: true } }).start();
    await sleep(500);
    expect(claims).toBeGreaterThanOrEqual(5);
    expect(claims).toBeLessThanOrEqual(15);
  });
});

describe('createEngine', () => {
  it('refuses duplicate workflow ids and bad tuning', () => {
    const store = {} as Store;
    const a = defineWorkflow({ id: 'same', on: ['PURCHASE_APPROVED'] }, async () => null);
    const b = defineWorkflow({ id: 'same', on: { cron: '* * * * *' } }, async () => null);
    expect(() => createEngine({ store, workflows: [a, b] })).toThrow(/workflow id "same" is defined twice/);
    expect(() => createEngine({ store, workflows: [a], concurrency: 0 })).toThrow(
      /concurrency must be a number > 0/,
    );
    expect(() => createEngine({ store, workflows: [a], leaseMs: -1 })).toThrow(
      /leaseMs must be a number > 0/,
    );
  });
});
