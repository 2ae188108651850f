import { describe, expect, it } from 'vitest';
import { defineWorkflow } from '../../src/engine/workflow.ts';
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

describe.each(storeFactories)('worker ($name)', (factory) => {
  const resources = useResources();

  async function setup(now?: () => number) {
    const t = resources.track(await factory.create());
    await seedConnection(t.store, now?.());
    return t;
  }

  it('after a lease expires a second worker reclaims; the first one’s late writes are refused', async () => {
    const clock = manualClock();
    const t = await setup(clock.now);
    const calls = { one: 0, two: 0, three: 0 };
    const firstTwo = gate();
    let firstTwoStarted = false;
    const aborted: string[] = [];
    const workflow = defineWorkflow({ id: 'lease', on: ['PURCHASE_APPROVED'] }, async ({ step, run }) => {
      run.signal.addEventListener('abort', () => aborted.push(`epoch ${run.epoch}`));
      await step.run('one', () => ++calls.one);
      await step.run('two', async () => {
        calls.two += 1;
        if (!firstTwoStarted) {
          firstTwoStarted = true;
          await firstTwo.promise;
        }
        return `two by epoch ${run.epoch}`;
      });
      return step.run('three', () => ++calls.three);
    });
    const metricsA = recordingMetrics();
    // A: a long lease, so it doesn't heartbeat during the test; it "hangs" inside step two. One slot, held by the
    // hung attempt, so A itself can't be the one that reclaims the expired lease (B must).
    const a = resources.engine({
      store: t.store,
      workflows: [workflow],
      now: clock.now,
      workerId: 'worker-a',
      leaseMs: 60_000,
      concurrency: 1,
      metrics: metricsA.metrics,
    });
    await a.start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED', { receivedAt: clock.now() });
    const runId = `lease:${eventId}`;
    await waitFor(() => firstTwoStarted, 'worker A inside step two');
    const claimedByA = await t.store.getRun(runId);
    expect([claimedByA?.leaseOwner, claimedByA?.status]).toEqual(['worker-a', 'running']);

    // B runs in "another process" (its own store handle) and only executes.
    const b = resources.engine({
      store: t.reopen({ now: clock.now }),
      workflows: [workflow],
      now: clock.now,
      workerId: 'worker-b',
      leaseMs: 60_000,
      roles: { dispatch: false, schedule: false },
    });
    await b.start();
    await sleep(100);
    expect((await t.store.getRun(runId))?.leaseOwner).toBe('worker-a');

    clock.advance(60_001);
    b.wake();
    const done = await waitForRun(t.store, runId, 'completed');
    expect([done.leaseOwner === 'worker-b' || done.leaseOwner === null, done.output]).toEqual([true, 1]);
    expect(done.leaseEpoch).toBeGreaterThan(claimedByA?.leaseEpoch ?? 0);

    // A wakes up late: its step two finishes, its write is refused, it stops before step three.
    firstTwo.open();
    await waitFor(() => metricsA.runs.length === 1, 'worker A to give up');
    expect(metricsA.runs).toEqual([{ workflowId: 'lease', outcome: 'lost' }]);
    expect(calls).toEqual({ one: 1, two: 2, three: 1 });
    expect(aborted).toContain(`epoch ${claimedByA?.leaseEpoch}`);
    const two = (await t.store.getSteps(runId)).find((s) => s.stepId === 'two');
    expect(two?.output).toBe(`two by epoch ${done.leaseEpoch}`);
    expect((await t.store.getRun(runId))?.output).toBe(1);
  });

  it('a refused heartbeat halts the attempt and aborts its signal', async () => {
    const clock = manualClock();
    const t = await setup(clock.now);
    const never = gate();
    let started = 0;
    const signals: AbortSignal[] = [];
    const workflow = defineWorkflow({ id: 'hb', on: ['PURCHASE_APPROVED'] }, async ({ step, run }) => {
      signals.push(run.signal);
      started += 1;
      if (started === 1) await step.run('stuck', () => never.promise);
      return 'second worker';
    });
    const metricsA = recordingMetrics();
    // One slot, held by the stuck attempt: A can't reclaim its own expired lease (B must), so A finishes one run.
    const a = resources.engine({
      store: t.store,
      workflows: [workflow],
      now: clock.now,
      workerId: 'a',
      leaseMs: 300,
      concurrency: 1,
      metrics: metricsA.metrics,
    });
    await a.start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED', { receivedAt: clock.now() });
    const runId = `hb:${eventId}`;
    await waitFor(() => started === 1, 'first attempt');
    const b = resources.engine({
      store: t.reopen({ now: clock.now }),
      workflows: [workflow],
      now: clock.now,
      workerId: 'b',
      leaseMs: 300,
      roles: { dispatch: false, schedule: false },
    });
    await b.start();
    // Jump past A's lease until B gets the run (A's heartbeat may renew it in between).
    await waitFor(async () => {
      clock.advance(1_000);
      b.wake();
      await sleep(20);
      return started === 2;
    }, 'B to reclaim');
    await waitForRun(t.store, runId, 'completed');
    await waitFor(() => signals[0]?.aborted, 'A to notice its lost lease');
    await waitFor(() => metricsA.runs.length === 1, 'A to give up');
    expect(metricsA.runs).toEqual([{ workflowId: 'hb', outcome: 'lost' }]);
    expect((await t.store.getRun(runId))?.output).toBe('second worker');
  });

  it('heartbeats keep a long attempt’s lease: nobody else claims it', async () => {
    const t = await setup();
    let executions = 0;
    const workflow = defineWorkflow({ id: 'long', on: ['PURCHASE_APPROVED'] }, async ({ step }) => {
      executions += 1;
      await step.run('slow', () => sleep(700).then(() => 'ok'));
    });
    const common = { workflows: [workflow], leaseMs: 150, pollMs: 20 };
    await resources.engine({ ...common, store: t.store, workerId: 'a' }).start();
    await resources
      .engine({ ...common, store: t.reopen(), workerId: 'b', roles: { dispatch: false, schedule: false } })
      .start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED');
    await waitForRun(t.store, `long:${eventId}`, 'completed');
    expect(executions).toBe(1);
  });

  it('runs sharing a concurrency key never overlap', async () => {
    const t = await setup();
    const intervals: { key: string; start: number; end: number }[] = [];
    let running = 0;
    let maxRunning = 0;
    const workflow = defineWorkflow(
      { id: 'keyed', on: ['PURCHASE_APPROVED', 'PURCHASE_REFUNDED'], concurrencyKey: (e) => e.buyerEmail },
      async ({ event, step }) => {
        await step.run('work', async () => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          const start = performance.now();
          await sleep(5 + Math.random() * 15);
          intervals.push({ key: event.buyerEmail ?? '', start, end: performance.now() });
          running -= 1;
        });
      },
    );
    const engine = resources.engine({ store: t.store, workflows: [workflow], concurrency: 8, pollMs: 10 });
    const ids: string[] = [];
    // Out of order for each buyer: refunds before approvals, interleaved across buyers.
    for (let i = 0; i < 8; i++) {
      for (const email of ['x@example.com', 'y@example.com', 'z@example.com']) {
        ids.push(await ingest(t.store, i % 2 ? 'PURCHASE_APPROVED' : 'PURCHASE_REFUNDED', { email }));
      }
    }
    await engine.start();
    await waitFor(
      async () => (await t.store.listRuns({ status: 'completed', limit: 100 })).length === 24,
      '24 runs',
    );
    expect(intervals).toHaveLength(24);
    const overlaps: string[] = [];
    for (const x of intervals) {
      for (const y of intervals) {
        if (x !== y && x.key === y.key && x.start < y.end && y.start < x.end) overlaps.push(x.key);
      }
    }
    expect(overlaps).toEqual([]);
    // Different buyers did run side by side.
    expect(maxRunning).toBeGreaterThan(1);
    expect(maxRunning).toBeLessThanOrEqual(3);
  });

  it('graceful stop releases runs still in flight at the deadline; another worker finishes them', async () => {
    const t = await setup();
    const calls = { before: 0, block: 0 };
    const stuck = gate();
    const workflow = defineWorkflow({ id: 'stop', on: ['PURCHASE_APPROVED'] }, async ({ step }) => {
      await step.run('before', () => ++calls.before);
      await step.run('block', async () => {
        calls.block += 1;
        if (calls.block === 1) await stuck.promise;
        return 'done';
      });
    });
    const first = resources.engine({ store: t.store, workflows: [workflow], workerId: 'first' });
    await first.start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED');
    const runId = `stop:${eventId}`;
    await waitFor(() => calls.block === 1, 'the run to block');

    const started = performance.now();
    await first.stop({ deadlineMs: 150 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    const released = await t.store.getRun(runId);
    expect([released?.status, released?.attempt]).toEqual(['queued', 0]);
    stuck.open();
    await sleep(30);
    expect((await t.store.getSteps(runId)).map((s) => s.stepId)).toEqual(['before']);

    await resources.engine({ store: t.store, workflows: [workflow], workerId: 'second' }).start();
    const done = await waitForRun(t.store, runId, 'completed');
    expect(done.attempt).toBe(0);
    expect(calls).toEqual({ before: 1, block: 2 });
  });

  it('graceful stop waits for runs that finish before the deadline', async () => {
    const t = await setup();
    const workflow = defineWorkflow({ id: 'finish', on: ['PURCHASE_APPROVED'] }, async ({ step }) =>
      step.run('slow', () => sleep(150).then(() => 'finished')),
    );
    const engine = resources.engine({ store: t.store, workflows: [workflow] });
    await engine.start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED');
    await waitForRun(t.store, `finish:${eventId}`, 'running');
    await engine.stop({ deadlineMs: 5_000 });
    const run = await t.store.getRun(`finish:${eventId}`);
    expect([run?.status, run?.output]).toEqual(['completed', 'finished']);
  });

  it('cancel fences the attempt in flight: its signal aborts and its late step is not stored', async () => {
    const t = await setup();
    const stuck = gate();
    const signals: AbortSignal[] = [];
    const workflow = defineWorkflow({ id: 'cancel', on: ['PURCHASE_APPROVED'] }, async ({ step, run }) => {
      signals.push(run.signal);
      await step.run('block', () => stuck.promise.then(() => 'late'));
      await step.run('after', () => 'never');
    });
    const recorded = recordingMetrics();
    const engine = resources.engine({ store: t.store, workflows: [workflow], metrics: recorded.metrics });
    await engine.start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED');
    const runId = `cancel:${eventId}`;
    await waitFor(() => signals.length === 1, 'the attempt');

    expect(await engine.cancel(runId)).toBe(true);
    expect(signals[0]?.aborted).toBe(true);
    stuck.open();
    await waitFor(() => recorded.runs.length === 1, 'the attempt to end');
    expect(recorded.runs).toEqual([{ workflowId: 'cancel', outcome: 'cancelled' }]);
    expect((await t.store.getRun(runId))?.status).toBe('cancelled');
    expect(await t.store.getSteps(runId)).toEqual([]);
    expect(await engine.cancel('cancel:unknown')).toBe(false);
  });

  it('does not claim runs of workflows it does not have', async () => {
    const t = await setup();
    const known = defineWorkflow({ id: 'known', on: ['PURCHASE_APPROVED'] }, async () => 'ok');
    const other = defineWorkflow({ id: 'other', on: ['PURCHASE_APPROVED'] }, async () => 'ok');
    // The dispatcher knows both; the worker only `known`.
    await resources
      .engine({ store: t.store, workflows: [known, other], roles: { execute: false, schedule: false } })
      .start();
    await resources
      .engine({ store: t.reopen(), workflows: [known], roles: { dispatch: false, schedule: false } })
      .start();
    const eventId = await ingest(t.store, 'PURCHASE_APPROVED');
    await waitForRun(t.store, `known:${eventId}`, 'completed');
    await sleep(100);
    expect((await t.store.getRun(`other:${eventId}`))?.status).toBe('queued');
  });
});

describe('engine.wake by role (sqlite: another connection sends no signal, only wake-ups and the poll)', () => {
  const resources = useResources();

  it('wakes only the loop it names, and every loop when none is named', async () => {
    const factory = storeFactories.find((candidate) => candidate.name === 'sqlite');
    if (!factory) throw new Error('no sqlite test store');
    const t = resources.track(await factory.create());
    await seedConnection(t.store);
    const done: string[] = [];
    const workflow = defineWorkflow({ id: 'woken', on: ['PURCHASE_APPROVED'] }, async ({ event }) => {
      done.push(event?.id ?? '');
      return 'ok';
    });
    // A poll slower than the test: only wake-ups move the engine.
    const engine = resources.engine({ store: t.store, workflows: [workflow], pollMs: 60_000 });
    await engine.start();
    const other = t.reopen();
    resources.onCleanup(() => other.close());

    const first = await ingest(other, 'PURCHASE_APPROVED');
    engine.wake('execute');
    engine.wake('schedule');
    await sleep(200);
    expect(await t.store.getRun(`woken:${first}`)).toBeNull();
    engine.wake('dispatch');
    await waitForRun(t.store, `woken:${first}`, 'completed');
    expect(done).toEqual([first]);

    const second = await ingest(other, 'PURCHASE_APPROVED');
    engine.wake();
    await waitForRun(t.store, `woken:${second}`, 'completed');
    expect(done).toEqual([first, second]);
  });
});
