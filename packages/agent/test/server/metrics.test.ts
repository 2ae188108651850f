import { describe, expect, it } from 'vitest';
import { createConnectionCache } from '../../src/server/connection-cache.ts';
import { createMetrics } from '../../src/server/metrics.ts';
import type { ConnectionRecord, QueueDepth } from '../../src/store/port.ts';
import { sample } from '../support/prometheus.ts';

describe('createMetrics', () => {
  it('counts deliveries by outcome and observes ack latency for acknowledged ones only', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.ingest('stored', 3);
    metrics.ingest('stored', 30);
    metrics.ingest('duplicate', 0.5);
    metrics.ingest('unauthorized', 1);
    metrics.ingest('error', 2);
    const { body, contentType } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain/);
    expect(sample(body, 'hotpilot_webhook_deliveries_total{outcome="stored"}')).toBe(2);
    expect(sample(body, 'hotpilot_webhook_deliveries_total{outcome="duplicate"}')).toBe(1);
    expect(sample(body, 'hotpilot_webhook_deliveries_total{outcome="unauthorized"}')).toBe(1);
    expect(sample(body, 'hotpilot_webhook_deliveries_total{outcome="quarantined"}')).toBe(0);
    expect(sample(body, 'hotpilot_webhook_ack_duration_ms_count')).toBe(3);
    expect(sample(body, 'hotpilot_webhook_ack_duration_ms_bucket{le="1"}')).toBe(1);
    expect(sample(body, 'hotpilot_webhook_ack_duration_ms_bucket{le="5"}')).toBe(2);
    expect(sample(body, 'hotpilot_webhook_ack_duration_ms_bucket{le="+Inf"}')).toBe(3);
  });

  it('adapts engine events to run, step and dispatch metrics', async () => {
    const metrics = createMetrics({ processMetrics: false });
    metrics.engine.runFinished?.('welcome', 'completed');
    metrics.engine.runFinished?.('welcome', 'completed');
    metrics.engine.runFinished?.('welcome', 'retry');
    metrics.engine.stepFinished?.('welcome', 'crm-upsert', 12, true);
    metrics.engine.stepFinished?.('welcome', 'crm-upsert', 700, false);
    metrics.engine.dispatched?.('event', 5);
    metrics.engine.dispatched?.('quarantine', 1);
    const { body } = await metrics.render();
    expect(sample(body, 'hotpilot_runs_finished_total{workflow="welcome",outcome="completed"}')).toBe(2);
    expect(sample(body, 'hotpilot_runs_finished_total{workflow="welcome",outcome="retry"}')).toBe(1);
    expect(
      sample(body, 'hotpilot_step_duration_ms_count{workflow="welcome",step="crm-upsert",ok="true"}'),
    ).toBe(1);
    expect(
      sample(body, 'hotpilot_step_duration_ms_sum{workflow="welcome",step="crm-upsert",ok="false"}'),
    ).toBe(700);
    expect(sample(body, 'hotpilot_dispatched_total{outcome="event"}')).toBe(5);
    expect(sample(body, 'hotpilot_dispatched_total{outcome="quarantine"}')).toBe(1);
  });

  it('reads queue depths on every scrape and drops them when the store fails', async () => {
    let depth: QueueDepth | Error = {
      inboxPending: 4,
      runsQueued: 3,
      runsRunning: 2,
      runsSleeping: 1,
      runsDead: 7,
    };
    const metrics = createMetrics({
      processMetrics: false,
      queueDepth: async () => {
        if (depth instanceof Error) throw depth;
        return depth;
      },
    });
    let { body } = await metrics.render();
    expect(sample(body, 'hotpilot_queue_depth{queue="inbox_pending"}')).toBe(4);
    expect(sample(body, 'hotpilot_queue_depth{queue="runs_dead"}')).toBe(7);
    depth = { inboxPending: 0, runsQueued: 9, runsRunning: 0, runsSleeping: 0, runsDead: 0 };
    ({ body } = await metrics.render());
    expect(sample(body, 'hotpilot_queue_depth{queue="runs_queued"}')).toBe(9);
    depth = new Error('database down');
    ({ body } = await metrics.render());
    expect(sample(body, 'hotpilot_queue_depth{queue="runs_queued"}')).toBeUndefined();
  });

  it('keeps one registry per instance and includes process metrics by default', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.ingest('stored', 1);
    expect(sample((await b.render()).body, 'hotpilot_webhook_deliveries_total{outcome="stored"}')).toBe(0);
    expect((await a.render()).body).toContain('process_cpu_user_seconds_total');
  });
});

describe('createConnectionCache', () => {
  const record = (id: string, hottoks: string[]): ConnectionRecord => ({
    id,
    kind: 'hotmart',
    name: id,
    hottoks,
    credentials: null,
    settings: {},
    createdAt: 0,
    updatedAt: 0,
  });

  function fakeStore(initial: Record<string, ConnectionRecord>) {
    const rows = new Map(Object.entries(initial));
    let reads = 0;
    let failing = false;
    return {
      rows,
      reads: () => reads,
      fail: (value: boolean) => {
        failing = value;
      },
      async getConnection(id: string) {
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
        if (failing) throw new Error('database down');
        return rows.get(id) ?? null;
      },
    };
  }

  it('serves from memory within the TTL and coalesces concurrent loads', async () => {
    let time = 0;
    const store = fakeStore({ main: record('main', ['a']) });
    const cache = createConnectionCache({ store, ttlMs: 1_000, now: () => time });
    const loaded = await Promise.all([cache.get('main'), cache.get('main'), cache.get('main')]);
    expect(loaded.map((c) => c?.hottoks)).toEqual([['a'], ['a'], ['a']]);
    expect(store.reads()).toBe(1);
    store.rows.set('main', record('main', ['b']));
    time = 999;
    expect((await cache.get('main'))?.hottoks).toEqual(['a']);
    time = 1_000;
    expect((await cache.get('main'))?.hottoks).toEqual(['b']);
    expect(store.reads()).toBe(2);
  });

  it('invalidates one id or all, and caches unknown ids too', async () => {
    const store = fakeStore({});
    const cache = createConnectionCache({ store, ttlMs: 60_000, now: () => 0 });
    expect(await cache.get('new')).toBeNull();
    store.rows.set('new', record('new', ['x']));
    expect(await cache.get('new')).toBeNull();
    cache.invalidate('new');
    expect((await cache.get('new'))?.id).toBe('new');
    store.rows.delete('new');
    cache.invalidate();
    expect(await cache.get('new')).toBeNull();
    expect(store.reads()).toBe(3);
  });

  it('does not keep a load that raced an invalidation', async () => {
    const store = fakeStore({ main: record('main', ['old']) });
    const cache = createConnectionCache({ store, ttlMs: 60_000, now: () => 0 });
    const pending = cache.get('main');
    store.rows.set('main', record('main', ['new']));
    cache.invalidate('main');
    expect((await pending)?.hottoks).toEqual(['new']);
    expect((await cache.get('main'))?.hottoks).toEqual(['new']);
    expect(store.reads()).toBe(2);
  });

  it('bounds the memory of unknown ids and propagates store errors without caching them', async () => {
    const store = fakeStore({});
    const cache = createConnectionCache({ store, ttlMs: 60_000, now: () => 0, maxMissing: 3 });
    for (const id of ['a', 'b', 'c', 'd']) await cache.get(id);
    const before = store.reads();
    await cache.get('a');
    expect(store.reads()).toBe(before + 1);
    store.fail(true);
    await expect(cache.get('zzz')).rejects.toThrow('database down');
    store.fail(false);
    expect(await cache.get('zzz')).toBeNull();
  });
});
