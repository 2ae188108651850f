import { buildTestDelivery, type HotmartEventName } from '@hotpilot/hotmart/webhooks';
import { afterEach } from 'vitest';
import { createEngine, type Engine, type EngineOptions } from '../../../src/engine/engine.ts';
import type { EngineMetrics, RunOutcome } from '../../../src/engine/metrics.ts';
import type { InboxEntry, RunRecord, RunStatus, Store } from '../../../src/store/port.ts';
import type { TestStore } from '../../store/stores.ts';

/** A clock tests move by hand; store writes and due times follow it, timers stay real. */
export interface ManualClock {
  now: () => number;
  set(ms: number): void;
  advance(ms: number): void;
}

export function manualClock(start = Date.parse('2025-06-02T12:00:00.000Z')): ManualClock {
  let current = start;
  return {
    now: () => current,
    set(ms) {
      current = ms;
    },
    advance(ms) {
      current += ms;
    },
  };
}

/** Retry delays short enough for tests on the real clock. */
export const fastBackoff = { baseMs: 1, capMs: 5 } as const;

export const CONNECTION = 'main';

export async function seedConnection(store: Store, now = Date.now()): Promise<void> {
  await store.createConnection({ id: CONNECTION, name: 'Main', hottoks: ['test-hottok'] }, now);
}

/** An inbox entry carrying a realistic delivery of `name`. */
export function inboxEntry(
  name: HotmartEventName,
  options: { id?: string; email?: string; receivedAt?: number; transaction?: string } = {},
): InboxEntry {
  const delivery = buildTestDelivery(name, {
    ...(options.id ? { id: options.id } : {}),
    ...(options.email || options.transaction
      ? {
          data: {
            ...(options.email ? { buyer: { email: options.email } } : {}),
            ...(options.transaction ? { purchase: { transaction: options.transaction } } : {}),
          } as never,
        }
      : {}),
  });
  const id = (JSON.parse(delivery.body) as { id: string }).id;
  return {
    connectionId: CONNECTION,
    eventId: id,
    receivedAt: options.receivedAt ?? Date.now(),
    contentType: delivery.headers['content-type'] ?? 'application/json',
    headers: {},
    body: delivery.body,
  };
}

/** Ingests a delivery and returns its event id. */
export async function ingest(
  store: Store,
  name: HotmartEventName,
  options: Parameters<typeof inboxEntry>[1] = {},
) {
  const entry = inboxEntry(name, options);
  await store.ingest(entry);
  return entry.eventId;
}

export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

export async function waitForRun(
  store: Store,
  runId: string,
  status: RunStatus | RunStatus[],
  timeoutMs = 10_000,
) {
  const wanted = Array.isArray(status) ? status : [status];
  let last: RunRecord | null = null;
  try {
    return await waitFor(
      async () => {
        last = await store.getRun(runId);
        return last && wanted.includes(last.status) ? last : null;
      },
      `run ${runId} to be ${wanted.join('|')}`,
      timeoutMs,
    );
  } catch (error) {
    const seen = last as RunRecord | null;
    throw new Error(
      `${(error as Error).message} (last: ${seen ? `${seen.status}, attempt ${seen.attempt}` : 'none'})`,
    );
  }
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise opened from outside. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open: () => void = () => {};
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

export function recordingMetrics() {
  const runs: { workflowId: string; outcome: RunOutcome }[] = [];
  const steps: { workflowId: string; stepId: string; ok: boolean }[] = [];
  const dispatched: { outcome: 'event' | 'quarantine'; n: number }[] = [];
  const metrics: EngineMetrics = {
    runFinished: (workflowId, outcome) => runs.push({ workflowId, outcome }),
    stepFinished: (workflowId, stepId, _ms, ok) => steps.push({ workflowId, stepId, ok }),
    dispatched: (outcome, n) => dispatched.push({ outcome, n }),
  };
  return { metrics, runs, steps, dispatched };
}

/**
 * Per-test resources: engines are stopped and stores destroyed after each test, in reverse order.
 */
export function useResources() {
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });
  return {
    track(store: TestStore): TestStore {
      cleanups.push(() => store.destroy());
      return store;
    },
    engine(options: EngineOptions): Engine {
      const engine = createEngine({ pollMs: 25, backoff: fastBackoff, ...options });
      cleanups.push(() => engine.stop({ deadlineMs: 200 }));
      return engine;
    },
    onCleanup(cleanup: () => Promise<unknown>) {
      cleanups.push(cleanup);
    },
  };
}
