import { afterEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.ts';
import type { InboxEntry, Store } from '../../src/store/port.ts';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { storeFactories, TEST_SECRET_KEY, type TestStore } from './stores.ts';

const postgres = storeFactories.find((factory) => factory.name === 'postgres');
if (!postgres) throw new Error('the postgres store factory is missing');

const T0 = 1_700_000_000_000;

function entry(eventId: string): InboxEntry {
  return {
    connectionId: 'main',
    eventId,
    receivedAt: T0,
    contentType: 'application/json',
    headers: {},
    body: `{"id":"${eventId}"}`,
  };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

/** Kills every server process of the store's connections (pool and LISTEN), like a failover or an admin would. */
async function killConnections(t: TestStore): Promise<number> {
  const rows = await t.raw(
    `SELECT pg_terminate_backend(pid) AS killed FROM pg_stat_activity WHERE application_name = $1`,
    [t.applicationName],
  );
  return rows.length;
}

/** Retries `call` until it succeeds; every failure on the way must be a clear `unavailable` StoreError. */
async function untilItWorks<T>(call: () => Promise<T>): Promise<{ value: T; failures: unknown[] }> {
  const failures: unknown[] = [];
  for (let i = 0; i < 100; i++) {
    try {
      return { value: await call(), failures };
    } catch (error) {
      failures.push(error);
      await sleep(50);
    }
  }
  throw new Error(`still failing: ${String(failures.at(-1))}`);
}

describe('PostgreSQL adapter resilience', () => {
  const open: TestStore[] = [];
  const others: Store[] = [];
  const create = async (): Promise<TestStore> => {
    const t = await postgres.create();
    open.push(t);
    return t;
  };
  afterEach(async () => {
    await Promise.all(others.splice(0).map((store) => store.close()));
    await Promise.all(open.splice(0).map((t) => t.destroy()));
  });

  it('keeps working after its connections are killed', async () => {
    const t = await create();
    const { store } = t;
    store.onInbox(() => {});
    await Promise.all([store.ping(), store.queueDepth(), store.listRuns({}), store.createRuns([], T0)]);
    expect(await killConnections(t)).toBeGreaterThan(0);

    // Reads retry once on a dropped connection; writes report it and work on the next call.
    const write = await untilItWorks(() =>
      store.createRuns(
        [
          {
            id: 'after-kill',
            workflowId: 'w',
            eventId: null,
            connectionId: null,
            concurrencyKey: null,
            input: null,
            maxAttempts: 1,
            dueAt: T0,
          },
        ],
        T0,
      ),
    );
    expect(write.value).toEqual(['after-kill']);
    for (const failure of write.failures) {
      expect(failure).toBeInstanceOf(StoreError);
      expect((failure as StoreError).code).toBe('unavailable');
    }
    expect(await store.ingest(entry('after-kill'))).toBe('stored');
    expect((await store.getRun('after-kill'))?.status).toBe('queued');
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('keeps a transaction-sized failure to its own call', async () => {
    const t = await create();
    const { store } = t;
    await store.createRuns(
      [
        {
          id: 'r',
          workflowId: 'w',
          eventId: null,
          connectionId: null,
          concurrencyKey: 'k',
          input: null,
          maxAttempts: 1,
          dueAt: T0,
        },
      ],
      T0,
    );
    // Kill the connections while claims (transactions with an advisory lock) are in flight.
    const claims = Array.from({ length: 6 }, () =>
      store.claimRuns({ owner: 'w', limit: 1, leaseMs: 60_000, now: T0 }).catch((error: unknown) => error),
    );
    await killConnections(t);
    const outcomes = await Promise.all(claims);
    for (const outcome of outcomes) {
      if (!Array.isArray(outcome)) expect(outcome).toMatchObject({ name: 'StoreError', code: 'unavailable' });
    }
    const claimedNow = outcomes.filter(Array.isArray).flat();
    expect(claimedNow.length).toBeLessThanOrEqual(1);
    // Whatever happened, the run was claimed at most once and the store still answers.
    const { value: run } = await untilItWorks(() => store.getRun('r'));
    expect(run?.leaseEpoch).toBeLessThanOrEqual(1);
  });

  it('wakes listeners in another process through LISTEN/NOTIFY, also after a reconnect', async () => {
    const t = await create();
    const listening = t.store;
    const writer = t.reopen();
    let inboxWakes = 0;
    let runWakes = 0;
    listening.onInbox(() => {
      inboxWakes++;
    });
    listening.onRunsReady(() => {
      runWakes++;
    });
    // The LISTEN connection is opened on the first subscription; give it a moment, then write elsewhere.
    await sleep(300);
    expect(await writer.ingest(entry('cross-1'))).toBe('stored');
    await eventually(() => inboxWakes >= 1);
    await writer.createRuns(
      [
        {
          id: 'cross-run',
          workflowId: 'w',
          eventId: null,
          connectionId: null,
          concurrencyKey: null,
          input: null,
          maxAttempts: 1,
          dueAt: T0,
        },
      ],
      T0,
    );
    await eventually(() => runWakes >= 1);

    // Another schema's traffic on the same channels wakes nobody here.
    const stranger = await create();
    const before = { inboxWakes, runWakes };
    await stranger.store.ingest(entry('elsewhere'));
    await sleep(300);
    expect({ inboxWakes, runWakes }).toEqual(before);

    await killConnections(t);
    // After the LISTEN connection comes back, listeners are woken once (anything may have been missed)…
    await eventually(() => inboxWakes > before.inboxWakes && runWakes > before.runWakes);
    const afterReconnect = inboxWakes;
    // …and notifications flow again.
    await untilItWorks(() => writer.ingest(entry('cross-2')));
    await eventually(() => inboxWakes > afterReconnect);
  });

  it('rejects clearly while the server cannot be reached, and closes cleanly', async () => {
    const store = createPostgresStore({
      connectionString: 'postgres://127.0.0.1:1/test',
      schema: 'nowhere',
      secretKey: TEST_SECRET_KEY,
      poolSize: 1,
    });
    others.push(store);
    store.onInbox(() => {});
    const started = Date.now();
    await expect(store.ping()).rejects.toMatchObject({ name: 'StoreError', code: 'unavailable' });
    await expect(store.ingest(entry('lost'))).rejects.toMatchObject({ code: 'unavailable' });
    await expect(store.migrate()).rejects.toMatchObject({ code: 'unavailable' });
    expect(Date.now() - started).toBeLessThan(5_000);
    const error = await store.getRun('x').catch((e: unknown) => e);
    expect(String((error as Error).message)).not.toContain('postgres://');
  });

  it('refuses schema names that would need quoting', () => {
    expect(() =>
      createPostgresStore({
        connectionString: 'postgres://127.0.0.1:5432/test',
        schema: 'Robert"; DROP TABLE runs; --',
        secretKey: TEST_SECRET_KEY,
      }),
    ).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => createPostgresStore({ connectionString: 'mysql://x', secretKey: TEST_SECRET_KEY })).toThrow(
      /postgres:\/\//,
    );
  });
});
