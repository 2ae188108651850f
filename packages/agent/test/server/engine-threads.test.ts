import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { defineWorkflow } from '../../src/engine/workflow.ts';
import { createEngineThreads } from '../../src/engine-threads.ts';
import { type Logger, silentLogger } from '../../src/kit/logger.ts';
import { type Hotpilot, startHotpilot } from '../../src/main.ts';
import { createMirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import { type StoreFactory, storeFactories, TEST_POSTGRES_URL } from '../store/stores.ts';
import { send } from '../support/http.ts';
import { sample } from '../support/prometheus.ts';

// HOTPILOT_WORKER_THREADS: hotpilot's own workflows run in worker threads with their own SQLite connection, the
// workflows given in code in the main thread; the metrics of both reach /metrics; close() stops the threads.

const HOTTOK = 'threads-test-hottok-5c1';

async function until<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Sends `count` approved purchases (transactions `${prefix}0000`…) to the `main` connection; their event ids. */
async function deliverPurchases(
  hotpilot: Hotpilot,
  prefix: string,
  count: number,
): Promise<{ ids: string[]; transactions: string[] }> {
  await hotpilot.store.createConnection({ id: 'main', name: 'Main', hottoks: [HOTTOK] }, Date.now());
  hotpilot.connections.invalidate('main');
  const ids: string[] = [];
  const transactions: string[] = [];
  for (let index = 0; index < count; index++) {
    const id = randomUUID();
    const transaction = `${prefix}${String(index).padStart(4, '0')}`;
    const delivery = buildTestDelivery('PURCHASE_APPROVED', { id, data: { purchase: { transaction } } });
    const response = await send(`${hotpilot.url}/webhooks/hotmart/main`, {
      body: delivery.body,
      headers: { 'content-type': 'application/json', 'x-hotmart-hottok': HOTTOK },
    });
    expect(response.status).toBe(200);
    ids.push(id);
    transactions.push(transaction);
  }
  return { ids, transactions };
}

describe('engine worker threads', () => {
  const dirs: string[] = [];
  const running: Hotpilot[] = [];
  const cleanups: (() => Promise<void>)[] = [];

  afterEach(async () => {
    await Promise.allSettled(running.splice(0).map((hotpilot) => hotpilot.close({ deadlineMs: 2_000 })));
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    await Promise.allSettled(cleanups.splice(0).map((cleanup) => cleanup()));
  });

  it.each(['sqlite', 'postgres'] as const)(
    'executes the built-in workflows in a thread and the code workflows in the main thread (%s)',
    async (dialect) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-threads-'));
      dirs.push(dataDir);
      const database: Record<string, string> = {};
      if (dialect === 'postgres') {
        // A schema of its own (created and dropped by the test store helper); hotpilot migrates it.
        const scratch = await (
          storeFactories.find((factory) => factory.name === 'postgres') as StoreFactory
        ).create();
        await scratch.store.close();
        cleanups.push(() => scratch.destroy());
        database['HOTPILOT_DATABASE_URL'] = `${TEST_POSTGRES_URL}?schema=${scratch.location}`;
      }
      const threadsSeen: boolean[] = [];
      const record = defineWorkflow({ id: 'record', on: ['PURCHASE_APPROVED'] }, async () => {
        const { isMainThread } = await import('node:worker_threads');
        threadsSeen.push(isMainThread);
        return { mainThread: isMainThread };
      });
      const hotpilot = await startHotpilot(
        loadConfig({
          HOTPILOT_PORT: '0',
          HOTPILOT_DATA_DIR: dataDir,
          HOTPILOT_WORKER_THREADS: '1',
          HOTPILOT_LOG_LEVEL: 'warn',
          ...database,
        }),
        { logger: silentLogger, workflows: [record] },
      );
      running.push(hotpilot);
      const { ids, transactions } = await deliverPurchases(hotpilot, 'HPTHREAD', 12);

      // The mirror's runs ran in the thread (the main thread executes only `record`); the sales are in the store.
      for (const id of ids) {
        const run = await until(async () => {
          const found = await hotpilot.store.getRun(`mirror-apply:${id}`);
          return found?.status === 'completed' ? found : undefined;
        });
        expect(run.attempt).toBe(0);
        await until(async () => (await hotpilot.store.getRun(`record:${id}`))?.status === 'completed');
      }
      const repo = createMirrorRepo(hotpilot.store);
      for (const transaction of transactions) {
        expect((await repo.sale('main', transaction))?.transactionCode).toBe(transaction);
      }
      expect(threadsSeen).toEqual(ids.map(() => true));

      // Both threads' figures are in /metrics (the thread's arrive in batches).
      const metrics = await until(async () => {
        const text = (await send(`${hotpilot.url}/metrics`, { method: 'GET' })).body as string;
        const applied = sample(
          text,
          'hotpilot_runs_finished_total{workflow="mirror-apply",outcome="completed"}',
        );
        return applied === ids.length ? text : undefined;
      });
      expect(sample(metrics, 'hotpilot_runs_finished_total{workflow="record",outcome="completed"}')).toBe(
        ids.length,
      );

      const started = Date.now();
      await hotpilot.close({ deadlineMs: 2_000 });
      expect(Date.now() - started).toBeLessThan(4_000);
    },
  );

  it('lets thread 1 dispatch when no workflow is given in code: deliveries become runs, counted in /metrics', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-threads-'));
    dirs.push(dataDir);
    const started: Record<string, unknown>[] = [];
    const logger: Logger = {
      ...silentLogger,
      info: (obj: object, msg?: string) => {
        if (msg === 'engine started') started.push(obj as Record<string, unknown>);
      },
      child: () => logger,
    };
    const hotpilot = await startHotpilot(
      loadConfig({
        HOTPILOT_PORT: '0',
        HOTPILOT_DATA_DIR: dataDir,
        HOTPILOT_WORKER_THREADS: '2',
        HOTPILOT_LOG_LEVEL: 'warn',
      }),
      { logger },
    );
    running.push(hotpilot);
    // The main thread's engine schedules only: the dispatcher is thread 1's.
    expect(started).toEqual([
      expect.objectContaining({ roles: { dispatch: false, execute: true, schedule: true } }),
    ]);
    const { ids } = await deliverPurchases(hotpilot, 'HPDISPATCH', 8);
    for (const id of ids) {
      await until(async () => (await hotpilot.store.getRun(`mirror-apply:${id}`))?.status === 'completed');
    }
    expect(await hotpilot.store.listInbox({ status: 'pending' })).toEqual([]);
    const text = await until(async () => {
      const body = (await send(`${hotpilot.url}/metrics`, { method: 'GET' })).body as string;
      return sample(body, 'hotpilot_dispatched_total{outcome="event"}') === ids.length ? body : undefined;
    });
    expect(sample(text, 'hotpilot_runs_finished_total{workflow="mirror-apply",outcome="completed"}')).toBe(
      ids.length,
    );
  });

  it('refuses to start when a thread cannot reach the database, naming the thread and the cause', async () => {
    const t = await (storeFactories.find((factory) => factory.name === 'sqlite') as StoreFactory).create();
    cleanups.push(() => t.destroy());
    const threads = createEngineThreads({
      count: 1,
      store: t.store,
      logger: silentLogger,
      thread: {
        // Nothing listens on port 1: the thread's first query (the agent settings) fails.
        databaseUrl: 'postgres://127.0.0.1:1/nowhere',
        secretKey: randomBytes(32),
        logLevel: 'silent',
        concurrency: 5,
        publicUrl: null,
      },
    });
    await expect(threads.start()).rejects.toThrow(/^engine thread 1 could not start: .*ECONNREFUSED/);
    // What it started is stopped again: stopping once more is immediate.
    const started = Date.now();
    await threads.stop({ deadlineMs: 1_000 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('starts a thread again when it dies after starting, and none after stop()', async () => {
    const t = await (storeFactories.find((factory) => factory.name === 'sqlite') as StoreFactory).create();
    cleanups.push(() => t.destroy());
    const lines: Record<string, unknown>[] = [];
    const record =
      (level: string) =>
      (obj: object, msg?: string): void => {
        lines.push({ level, msg, ...obj });
      };
    const logger: Logger = {
      ...silentLogger,
      info: record('info'),
      error: record('error'),
      child: () => logger,
    };
    const threads = createEngineThreads({
      count: 1,
      store: t.store,
      logger,
      entry: new URL('../support/short-lived-thread.ts', import.meta.url),
      thread: {
        databaseUrl: `sqlite:${t.location}`,
        secretKey: randomBytes(32),
        logLevel: 'silent',
        concurrency: 5,
        publicUrl: null,
      },
    });
    await threads.start();
    const starts = () => lines.filter((line) => line.msg === 'engine thread started').length;
    // Each instance dies 150 ms after it starts and is started again a second later.
    await until(async () => starts() >= 3, 10_000);
    const exits = lines.filter((line) => line.msg === 'engine thread exited; starting it again');
    expect(exits.length).toBeGreaterThanOrEqual(2);
    expect(exits[0]).toMatchObject({ level: 'error', thread: 1, code: 3 });
    await threads.stop({ deadlineMs: 1_000 });
    const seen = starts();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(starts()).toBe(seen);
  });

  it('stops idle threads on close at once, and a second close is harmless', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hotpilot-threads-'));
    dirs.push(dataDir);
    const config = loadConfig({
      HOTPILOT_PORT: '0',
      HOTPILOT_DATA_DIR: dataDir,
      HOTPILOT_WORKER_THREADS: '2',
      HOTPILOT_LOG_LEVEL: 'warn',
    });
    const hotpilot = await startHotpilot(config, { logger: silentLogger });
    running.push(hotpilot);
    const started = Date.now();
    await hotpilot.close({ deadlineMs: 1_000 });
    expect(Date.now() - started).toBeLessThan(2_500);
    await hotpilot.close({ deadlineMs: 1_000 });
  });
});
