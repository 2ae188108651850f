import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import type { Clock } from '../../src/kit/clock.ts';
import type { Logger } from '../../src/kit/logger.ts';
import type { Store } from '../../src/store/port.ts';
import { createPostgresStore } from '../../src/store/postgres/postgres-store.ts';
import { createSqliteStore } from '../../src/store/sqlite/sqlite-store.ts';

/**
 * The PostgreSQL every test uses (trust auth, database `test`); each store gets its own random schema.
 *
 * @example
 * import { TEST_POSTGRES_URL } from './stores.ts';
 * console.log(new URL(TEST_POSTGRES_URL).pathname); // '/test'
 */
export const TEST_POSTGRES_URL = 'postgres://127.0.0.1:5432/test';

/**
 * The encryption key of test stores (fixed, so a reopened store reads what the first one wrote).
 *
 * @example
 * import { createSecretBox } from '../../src/kit/secret-box.ts';
 * import { TEST_SECRET_KEY } from './stores.ts';
 * const box = createSecretBox(TEST_SECRET_KEY);
 */
export const TEST_SECRET_KEY: Buffer = Buffer.alloc(32, 7);

/**
 * Options a test may pass to `create()`.
 *
 * @example
 * import { storeFactories, type TestStoreOptions } from './stores.ts';
 * const options: TestStoreOptions = { migrate: false, poolSize: 2 };
 * const t = await storeFactories[0]!.create(options);
 */
export interface TestStoreOptions {
  logger?: Logger;
  /** Clock for the store's own timestamps (`applied_at` of migrations). */
  now?: Clock;
  /** Run `migrate()` before returning (default true). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 4, to keep parallel test files under `max_connections`). */
  poolSize?: number;
  /** Encryption key (default `TEST_SECRET_KEY`); a `reopen()` with another key reads what it can't decrypt. */
  secretKey?: Buffer;
}

/**
 * A fresh store in its own SQLite file or PostgreSQL schema, plus the tools tests need around it.
 *
 * @example
 * import { storeFactories } from './stores.ts';
 * const t = await storeFactories[1]!.create();
 * const rows = await t.raw('SELECT count(*) AS n FROM runs');
 * await t.destroy();
 */
export interface TestStore {
  name: 'sqlite' | 'postgres';
  store: Store;
  /** The SQLite file path or the PostgreSQL schema name. */
  location: string;
  /** The PostgreSQL `application_name` of the store's connections (null for SQLite). */
  applicationName: string | null;
  /**
   * Runs SQL on the raw storage, bypassing the store (to check what is really on disk). Placeholders are the
   * dialect's own: `?` for SQLite, `$1` for PostgreSQL. Unqualified table names resolve to the store's tables.
   */
  raw(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Opens another store on the same file or schema: a second process, as far as the store can tell. */
  reopen(options?: Omit<TestStoreOptions, 'migrate'>): Store;
  /** Closes every store opened here and deletes the file or schema. Safe to call twice. */
  destroy(): Promise<void>;
}

/**
 * One adapter's way to make fresh test stores.
 *
 * @example
 * import type { StoreFactory } from './stores.ts';
 * const withStore = async (factory: StoreFactory) => {
 *   const t = await factory.create();
 *   try {
 *     await t.store.ping();
 *   } finally {
 *     await t.destroy();
 *   }
 * };
 */
export interface StoreFactory {
  name: 'sqlite' | 'postgres';
  create(options?: TestStoreOptions): Promise<TestStore>;
}

/**
 * Both adapters, for `describe.each(storeFactories)('$name', (factory) => …)`, so every suite that needs a store
 * runs against SQLite and PostgreSQL alike.
 *
 * @example
 * import { describe, it, expect, afterEach } from 'vitest';
 * import { storeFactories, type TestStore } from '../store/stores.ts';
 *
 * describe.each(storeFactories)('$name', (factory) => {
 *   let t: TestStore;
 *   afterEach(() => t?.destroy());
 *   it('pings', async () => {
 *     t = await factory.create();
 *     await expect(t.store.ping()).resolves.toBeUndefined();
 *   });
 * });
 */
export const storeFactories: readonly StoreFactory[] = [
  { name: 'sqlite', create: createSqliteTestStore },
  { name: 'postgres', create: createPostgresTestStore },
];

/**
 * A plain pg client on the test database whose `search_path` is `schema` (for tests that work below the store).
 *
 * @example
 * import { connectTestPostgres } from './stores.ts';
 * const client = await connectTestPostgres('t_example');
 * await client.query('SELECT 1');
 * await client.end();
 */
export async function connectTestPostgres(schema: string): Promise<pg.Client> {
  const url = new URL(TEST_POSTGRES_URL);
  // pg only falls back to $USER, which CI shells may leave unset; libpq would use the OS user.
  if (!url.username && !pg.defaults.user) url.username = userInfo().username;
  url.searchParams.set('application_name', 'hotpilot_test_admin');
  url.searchParams.set('options', `-c search_path=${schema}`);
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  return client;
}

async function createSqliteTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  const directory = mkdtempSync(join(tmpdir(), 'hotpilot-store-'));
  const path = join(directory, 'hotpilot.db');
  const open = (o: Omit<TestStoreOptions, 'migrate'> = {}): Store =>
    createSqliteStore({
      path,
      secretKey: o.secretKey ?? TEST_SECRET_KEY,
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.now ? { now: o.now } : {}),
    });
  const store = open(options);
  const opened: Store[] = [store];
  let destroyed = false;

  const t: TestStore = {
    name: 'sqlite',
    store,
    location: path,
    applicationName: null,
    async raw(sql, params = []) {
      const db = new Database(path);
      try {
        db.pragma('busy_timeout = 5000');
        const statement = db.prepare(sql);
        if (statement.reader) return statement.all(...params) as Record<string, unknown>[];
        statement.run(...params);
        return [];
      } finally {
        db.close();
      }
    },
    reopen(o) {
      const again = open(o);
      opened.push(again);
      return again;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await Promise.allSettled(opened.map((s) => s.close()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
  return migrated(t, options);
}

async function createPostgresTestStore(options: TestStoreOptions = {}): Promise<TestStore> {
  const schema = `t_${randomBytes(8).toString('hex')}`;
  const applicationName = `hotpilot_test_${schema}`;
  const connectionString = `${TEST_POSTGRES_URL}?application_name=${applicationName}`;
  const open = (o: Omit<TestStoreOptions, 'migrate'> = {}): Store =>
    createPostgresStore({
      connectionString,
      schema,
      secretKey: o.secretKey ?? TEST_SECRET_KEY,
      poolSize: o.poolSize ?? 4,
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.now ? { now: o.now } : {}),
    });
  const store = open(options);
  const opened: Store[] = [store];
  let admin: pg.Client | null = null;
  let destroyed = false;

  const adminClient = async (): Promise<pg.Client> => {
    if (admin) return admin;
    const client = await connectTestPostgres(schema);
    client.on('error', () => {
      admin = null;
    });
    admin = client;
    return client;
  };

  const t: TestStore = {
    name: 'postgres',
    store,
    location: schema,
    applicationName,
    async raw(sql, params = []) {
      const client = await adminClient();
      const result = await client.query(sql, params);
      return result.rows as Record<string, unknown>[];
    },
    reopen(o) {
      const again = open(o);
      opened.push(again);
      return again;
    },
    async destroy() {
      if (destroyed) return;
      destroyed = true;
      await Promise.allSettled(opened.map((s) => s.close()));
      const client = await adminClient();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
      admin = null;
    },
  };
  return migrated(t, options);
}

/** Migrates a new test store unless asked not to; a store that fails to migrate is destroyed, not leaked. */
async function migrated(t: TestStore, options: TestStoreOptions): Promise<TestStore> {
  if (options.migrate === false) return t;
  try {
    await t.store.migrate();
  } catch (error) {
    await t.destroy().catch(() => {});
    throw error;
  }
  return t;
}
