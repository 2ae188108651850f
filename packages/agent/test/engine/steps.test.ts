import { describe, expect, it } from 'vitest';
import { DeferRunError, NonRetriableError, RetryAfterError } from '../../src/engine/errors.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import type { EventRecord } from '../../src/store/port.ts';
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

describe.each(storeFactories)('steps and outcomes ($name)', (factory) => {
  const resources = useResources();

  async function setup(now?: () => number) {
    const t = resources.track(await factory.create());
    await seedConnection(t.store, now?.());
    return t;
  }

  it('memoizes a completed step across a retry: it is not called again', async () => {
    const { store } = await setup();
    const calls = { a: 0, b: 0 };
    const workflow = defineWorkflow(
      { id: 'memo', on: ['PURCHASE_APPROVED'], retries: 3 },
      async ({ step, run }) => {
        const a = await step.run('a', () => {
          calls.a += 1;
          return { value: 41, at: new Date(0) };
        });
        const b = await step.run('b', () => {
          calls.b += 1;
          if (run.attempt === 0) throw new Error('flaky vendor');
          return a.value + 1;
        });
        return { a, b };
      },
    );
    resources.engine({ store, workflows: [workflow] }).start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED');

    const run = await waitForRun(store, `memo:${eventId}`, 'completed');
    expect(calls).toEqual({ a: 1, b: 2 });
    // Outputs are the JSON round trip, on the first execution as on the memoized one.
    expect(run.output).toEqual({ a: { value: 41, at: '1970-01-01T00:00:00.000Z' }, b: 42 });
    expect(run.attempt).toBe(1);
    const steps = await store.getSteps(run.id);
    expect(steps.map((s) => [s.stepId, s.status, s.attempt]).sort()).toEqual([
      ['a', 'completed', 0],
      ['b', 'completed', 1],
    ]);
  });

  it('replays from the failed step or from the start', async () => {
    const { store } = await setup();
    const calls = { a: 0, b: 0 };
    let broken = true;
    const workflow = defineWorkflow(
      { id: 'replay', on: ['PURCHASE_APPROVED'], retries: 0 },
      async ({ step }) => {
        await step.run('a', () => ++calls.a);
        await step.run('b', () => {
          calls.b += 1;
          if (broken) throw Object.assign(new Error('CRM down'), { code: 'E_CRM' });
          return 'ok';
        });
        return 'done';
      },
    );
    const engine = resources.engine({ store, workflows: [workflow] });
    await engine.start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED');
    const runId = `replay:${eventId}`;

    const dead = await waitForRun(store, runId, 'dead');
    expect(dead.error).toEqual({ name: 'Error', message: 'CRM down', code: 'E_CRM' });
    expect(dead.attempt).toBe(1);
    const failedStep = (await store.getSteps(runId)).find((s) => s.stepId === 'b');
    expect([failedStep?.status, failedStep?.error?.message]).toEqual(['failed', 'CRM down']);
    expect(calls).toEqual({ a: 1, b: 1 });

    broken = false;
    expect(await engine.replay(runId, 'failed')).toBe(true);
    const resumed = await waitForRun(store, runId, 'completed');
    expect(resumed.output).toBe('done');
    expect(calls).toEqual({ a: 1, b: 2 });

    expect(await engine.replay(runId, 'whole')).toBe(true);
    await waitFor(
      async () => calls.a === 2 && (await store.getRun(runId))?.status === 'completed',
      'whole replay',
    );
    expect(calls).toEqual({ a: 2, b: 3 });

    expect(await engine.replay('nope:missing', 'whole')).toBe(false);
  });

  it('a NonRetriableError makes the run dead after one attempt', async () => {
    const { store } = await setup();
    let calls = 0;
    const workflow = defineWorkflow({ id: 'fatal', on: ['PURCHASE_APPROVED'], retries: 5 }, async () => {
      calls += 1;
      throw new NonRetriableError('buyer has no e-mail', { code: 'NO_EMAIL' });
    });
    const recorded = recordingMetrics();
    resources.engine({ store, workflows: [workflow], metrics: recorded.metrics }).start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED');

    const run = await waitForRun(store, `fatal:${eventId}`, 'dead');
    expect([run.attempt, run.error]).toEqual([
      1,
      { name: 'NonRetriableError', message: 'buyer has no e-mail', code: 'NO_EMAIL' },
    ]);
    await sleep(100);
    expect(calls).toBe(1);
    expect(recorded.runs).toEqual([{ workflowId: 'fatal', outcome: 'dead' }]);
  });

  it('exhausted retries make the run dead with the last error', async () => {
    const { store } = await setup();
    let calls = 0;
    const workflow = defineWorkflow({ id: 'flaky', on: ['PURCHASE_APPROVED'], retries: 2 }, async () => {
      calls += 1;
      throw new Error(`failure ${calls}`);
    });
    const recorded = recordingMetrics();
    resources.engine({ store, workflows: [workflow], metrics: recorded.metrics }).start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED');

    const run = await waitForRun(store, `flaky:${eventId}`, 'dead');
    expect([calls, run.attempt, run.maxAttempts, run.error?.message]).toEqual([3, 3, 3, 'failure 3']);
    // The worker reports an outcome after its write commits: the test may see the dead run first.
    await waitFor(async () => (recorded.runs.length === 3 ? true : null), 'the third outcome');
    expect(recorded.runs.map((r) => r.outcome)).toEqual(['retry', 'retry', 'dead']);
  });

  it('defers on DeferRunError: the slot is given back, no attempt counted, no failed step stored', async () => {
    const clock = manualClock();
    const { store } = await setup(clock.now);
    let calls = 0;
    const workflow = defineWorkflow(
      { id: 'budget', on: ['PURCHASE_APPROVED'], retries: 0 },
      async ({ step }) => {
        const first = await step.run('first', () => 'done once');
        const second = await step.run('second', () => {
          calls += 1;
          if (calls <= 2) throw new DeferRunError('budget spent', clock.now() + 30_000, { code: 'budget' });
          return calls;
        });
        return { first, second };
      },
    );
    const engine = resources.engine({ store, workflows: [workflow], now: clock.now });
    await engine.start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED', { receivedAt: clock.now() });
    const runId = `budget:${eventId}`;

    const deferred = await waitFor(async () => {
      const run = await store.getRun(runId);
      return run?.status === 'queued' && calls === 1 ? run : null;
    }, 'the first deferral');
    // With retries: 0 a failure would be final; a deferral is not one.
    expect([deferred.dueAt, deferred.attempt, deferred.error]).toEqual([clock.now() + 30_000, 0, null]);
    expect((await store.getSteps(runId)).map((s) => [s.stepId, s.status])).toEqual([['first', 'completed']]);

    clock.advance(29_999);
    engine.wake();
    await sleep(150);
    expect(calls).toBe(1);

    clock.advance(1);
    engine.wake();
    await waitFor(async () => (calls === 2 ? true : null), 'the second deferral');
    clock.advance(30_000);
    engine.wake();
    const done = await waitForRun(store, runId, 'completed');
    expect([calls, done.output, done.attempt]).toEqual([3, { first: 'done once', second: 3 }, 0]);
  });

  it('honours RetryAfterError: not due before its time, retried after it', async () => {
    const clock = manualClock();
    const { store } = await setup(clock.now);
    let calls = 0;
    const workflow = defineWorkflow({ id: 'later', on: ['PURCHASE_APPROVED'], retries: 3 }, async () => {
      calls += 1;
      if (calls === 1) throw new RetryAfterError('rate limited', 60_000);
      return calls;
    });
    const engine = resources.engine({ store, workflows: [workflow], now: clock.now });
    await engine.start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED', { receivedAt: clock.now() });
    const runId = `later:${eventId}`;

    const queued = await waitFor(async () => {
      const run = await store.getRun(runId);
      return run?.attempt === 1 ? run : null;
    }, 'the first failure');
    expect([queued.status, queued.dueAt, queued.error?.name]).toEqual([
      'queued',
      clock.now() + 60_000,
      'RetryAfterError',
    ]);

    clock.advance(59_999);
    engine.wake();
    await sleep(150);
    expect(calls).toBe(1);

    clock.advance(1);
    engine.wake();
    const done = await waitForRun(store, runId, 'completed');
    expect([calls, done.output, done.attempt]).toEqual([2, 2, 1]);
  });

  it('backs off exponentially with full jitter', async () => {
    const clock = manualClock();
    const { store } = await setup(clock.now);
    const workflow = defineWorkflow({ id: 'backoff', on: ['PURCHASE_APPROVED'], retries: 3 }, async () => {
      throw new Error('always');
    });
    const engine = resources.engine({
      store,
      workflows: [workflow],
      now: clock.now,
      backoff: { baseMs: 1_000, capMs: 600_000, random: () => 0.5 },
    });
    await engine.start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED', { receivedAt: clock.now() });
    const runId = `backoff:${eventId}`;

    const delays: number[] = [];
    for (let failures = 1; failures <= 3; failures++) {
      const failedAt = clock.now();
      const run = await waitFor(async () => {
        const current = await store.getRun(runId);
        return current?.attempt === failures ? current : null;
      }, `failure ${failures}`);
      expect(run.status).toBe('queued');
      delays.push(run.dueAt - failedAt);
      clock.advance(run.dueAt - failedAt);
      engine.wake();
    }
    // Half of 1 s, 2 s, 4 s: each delay is uniform below a ceiling that doubles.
    expect(delays).toEqual([500, 1_000, 2_000]);
    const dead = await waitForRun(store, runId, 'dead');
    expect(dead.attempt).toBe(4);
  });

  it('a duplicate step id is a programming error: dead at once', async () => {
    const { store } = await setup();
    const workflow = defineWorkflow(
      { id: 'dup', on: ['PURCHASE_APPROVED'], retries: 5 },
      async ({ step }) => {
        await step.run('same', () => 1);
        await step.run('same', () => 2);
      },
    );
    resources.engine({ store, workflows: [workflow] }).start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED');
    const run = await waitForRun(store, `dup:${eventId}`, 'dead');
    expect([run.attempt, run.error?.name, run.error?.code]).toEqual([
      1,
      'NonRetriableError',
      'DUPLICATE_STEP_ID',
    ]);
  });

  it('a per-attempt timeout aborts the signal and fails the attempt; the late step is not stored', async () => {
    const { store } = await setup();
    const seenAbort: string[] = [];
    const release = gate();
    const workflow = defineWorkflow(
      { id: 'slow', on: ['PURCHASE_APPROVED'], retries: 0, timeout: 100 },
      async ({ step, run }) => {
        run.signal.addEventListener('abort', () => seenAbort.push(String(run.signal.reason?.message)));
        await step.run('hang', () => release.promise.then(() => 'late'));
      },
    );
    resources.engine({ store, workflows: [workflow] }).start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED');
    const run = await waitForRun(store, `slow:${eventId}`, 'dead');
    expect(run.error).toEqual({
      name: 'AttemptTimeoutError',
      message: 'attempt timed out after 100 ms',
      code: 'ATTEMPT_TIMEOUT',
    });
    expect(seenAbort).toEqual(['attempt halted: timeout']);
    release.open();
    await sleep(50);
    expect(await store.getSteps(run.id)).toEqual([]);
  });

  it('parks on sleep and sleepUntil, is not due before the wake time, and resumes after it', async () => {
    const clock = manualClock();
    const start = clock.now();
    const { store } = await setup(clock.now);
    const calls = { a: 0, b: 0, c: 0 };
    const workflow = defineWorkflow({ id: 'nap', on: ['PURCHASE_APPROVED'] }, async ({ step }) => {
      await step.run('a', () => ++calls.a);
      await step.sleep('nap-1h', '1h');
      await step.run('b', () => ++calls.b);
      await step.sleepUntil('until-3h', new Date(start + 3 * 3_600_000));
      await step.sleepUntil('in-the-past', new Date(start - 1_000));
      await step.sleep('zero', 0);
      return step.run('c', () => ++calls.c);
    });
    const recorded = recordingMetrics();
    const engine = resources.engine({
      store,
      workflows: [workflow],
      now: clock.now,
      metrics: recorded.metrics,
    });
    await engine.start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED', { receivedAt: clock.now() });
    const runId = `nap:${eventId}`;

    const parked = await waitForRun(store, runId, 'sleeping');
    expect([parked.dueAt, parked.attempt]).toEqual([start + 3_600_000, 0]);
    const napStep = (await store.getSteps(runId)).find((s) => s.stepId === 'nap-1h');
    expect([napStep?.status, napStep?.wakeAt]).toEqual(['sleeping', start + 3_600_000]);

    clock.advance(3_600_000 - 1);
    engine.wake();
    await sleep(150);
    expect(calls).toEqual({ a: 1, b: 0, c: 0 });
    expect((await store.getRun(runId))?.status).toBe('sleeping');

    clock.advance(1);
    engine.wake();
    const second = await waitFor(async () => {
      const run = await store.getRun(runId);
      return run?.status === 'sleeping' && run.dueAt === start + 3 * 3_600_000 ? run : null;
    }, 'the second sleep');
    expect(second.attempt).toBe(0);
    expect(calls).toEqual({ a: 1, b: 1, c: 0 });

    clock.set(start + 3 * 3_600_000);
    engine.wake();
    const done = await waitForRun(store, runId, 'completed');
    expect(done.output).toBe(1);
    expect(calls).toEqual({ a: 1, b: 1, c: 1 });
    const steps = Object.fromEntries((await store.getSteps(runId)).map((s) => [s.stepId, s.status]));
    expect(steps).toEqual({
      a: 'completed',
      'nap-1h': 'completed',
      b: 'completed',
      'until-3h': 'completed',
      'in-the-past': 'completed',
      zero: 'completed',
      c: 'completed',
    });
    await waitFor(async () => (recorded.runs.length === 3 ? true : null), 'the third outcome');
    expect(recorded.runs.map((r) => r.outcome)).toEqual(['sleeping', 'sleeping', 'completed']);
  });

  it('gives the handler the event, ctx and run info, and idempotency keys', async () => {
    const { store } = await setup();
    const seen: unknown[] = [];
    const workflow = defineWorkflow<{ greeting: string }>(
      { id: 'context', on: ['PURCHASE_APPROVED'] },
      async ({ event, ctx, run, step }) => {
        const key = await step.run('key', (info) => [info.idempotencyKey, info.attempt]);
        seen.push({
          event: (event as EventRecord).buyerEmail,
          ctx: ctx.greeting,
          run: [run.id, run.workflowId, run.attempt, run.slot, run.epoch > 0, run.signal.aborted],
          key,
          outside: step.idempotencyKey('email'),
        });
      },
    );
    resources.engine({ store, workflows: [workflow], context: { greeting: 'olá' } }).start();
    const eventId = await ingest(store, 'PURCHASE_APPROVED', { email: 'Bia@Example.com' });
    const runId = `context:${eventId}`;
    await waitForRun(store, runId, 'completed');
    expect(seen).toEqual([
      {
        event: 'bia@example.com',
        ctx: 'olá',
        run: [runId, 'context', 0, undefined, true, false],
        key: [`${runId}:key`, 0],
        outside: `${runId}:email`,
      },
    ]);
  });
});
