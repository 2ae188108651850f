import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Clock, systemClock } from '../../kit/clock.ts';
import { type Logger, silentLogger } from '../../kit/logger.ts';
import { createSecretBox } from '../../kit/secret-box.ts';
import { StoreError } from '../errors.ts';
import {
  checkAudit,
  checkCredentials,
  checkEvent,
  checkHottoks,
  checkInboxEntry,
  checkLease,
  checkNewConnection,
  checkNewRun,
  checkStep,
  pageSize,
  retentionCutoffs,
  toMs,
} from '../internal/checks.ts';
import { type CheckedDecision, checkedDecision, quarantine } from '../internal/dispatch-decision.ts';
import {
  auditRecord,
  postgresCodec as codec,
  connectionRecord,
  errorMessage,
  eventRecord,
  inboxRecord,
  type Row,
  runRecord,
  scheduleRecord,
  sealContext,
  stepRecord,
} from '../internal/records.ts';
import { FINISHED_RUNS, OPEN_RUNS } from '../internal/run-index-terms.ts';
import { createSignal } from '../internal/signal.ts';
import { registerStoreInternals } from '../internals.ts';
import { latestSchemaVersion, migrations } from '../migrations/migrations.ts';
import type { ConnectionRecord, EventRecord, InboxEntry, NewRun, PruneResult, Store } from '../port.ts';
import { didNotRun, isConnectionError, postgresTarget, storeErrorFrom } from './postgres-connection.ts';
import { createPostgresListener } from './postgres-listener.ts';
import { migratePostgres, postgresSchemaVersion } from './postgres-migrate.ts';

/**
 * Options of {@link createPostgresStore}.
 *
 * @example
 * import type { PostgresStoreOptions } from './postgres-store.ts';
 * const options: PostgresStoreOptions = {
 *   connectionString: 'postgres://127.0.0.1:5432/hotpilot',
 *   schema: 'hotpilot',
 *   secretKey: Buffer.alloc(32, 1),
 *   poolSize: 20,
 * };
 */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:5432/database` (libpq-style query parameters allowed). */
  connectionString: string;
  /** Schema holding hotpilot's tables; created by `migrate()` when missing. Default: the connection's search_path. */
  schema?: string;
  /** 32-byte key sealing connection secrets (kit/secret-box.ts). */
  secretKey: Buffer;
  /** Pool size (default 10). One more connection is opened for LISTEN once someone subscribes. */
  poolSize?: number;
  logger?: Logger;
  /** Clock for the store's own timestamps (migration `applied_at`, runs created by `insertEvent`). */
  now?: Clock;
}

type Outcome = 'stored' | 'duplicate';

interface PendingIngest {
  entry: InboxEntry & { quarantineReason: string | null };
  resolve(outcome: Outcome): void;
  reject(error: unknown): void;
}

/**
 * The NOTIFY channel for new inbox rows (payload `<schema>:<store instance>`).
 *
 * @example
 * import { INBOX_CHANNEL } from './postgres-store.ts';
 * console.log(`LISTEN ${INBOX_CHANNEL}`);
 */
export const INBOX_CHANNEL = 'hotpilot_inbox';

/**
 * The NOTIFY channel for runs that became claimable or freed a concurrency key (payload `<schema>:<store instance>`).
 *
 * @example
 * import { RUNS_CHANNEL } from './postgres-store.ts';
 * console.log(`LISTEN ${RUNS_CHANNEL}`);
 */
export const RUNS_CHANNEL = 'hotpilot_runs';

/** Deliveries per INSERT statement (8 parameters each, far below PostgreSQL's 65,535). */
const INGEST_CHUNK = 1000;
const PRUNE_CHUNK = 1000;

const RUN_COLUMNS = `id text, workflow_id text, event_id text, connection_id text, concurrency_key text, input jsonb,
  max_attempts integer, due_at bigint`;

/**
 * Inserts runs from a JSON array in one statement; an existing id or (workflow, event) pair is skipped. Each created
 * run notifies `hotpilot_runs` (PostgreSQL folds identical notifications of one transaction into one).
 */
const INSERT_RUNS = `WITH created AS (
    INSERT INTO runs (id, workflow_id, event_id, connection_id, concurrency_key, input, max_attempts, due_at, status,
      attempt, lease_epoch, created_at, updated_at)
    SELECT r.id, r.workflow_id, r.event_id, r.connection_id, r.concurrency_key, r.input, r.max_attempts, r.due_at,
      'queued', 0, 0, $2, $2
    FROM json_to_recordset($1::json) AS r(${RUN_COLUMNS})
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT id, pg_notify('${RUNS_CHANNEL}', $3) FROM created`;

const INSERT_EVENTS = `INSERT INTO events (id, connection_id, name, version, occurred_at, received_at, transaction_code,
    buyer_email, subscriber_code, product_id, normalized, payload, reconciled)
  SELECT e.id, e.connection_id, e.name, e.version, e.occurred_at, e.received_at, e.transaction_code, e.buyer_email,
    e.subscriber_code, e.product_id, e.normalized, e.payload, e.reconciled
  FROM json_to_recordset($1::json) AS e(id text, connection_id text, name text, version text, occurred_at bigint,
    received_at bigint, transaction_code text, buyer_email text, subscriber_code text, product_id text,
    normalized jsonb, payload jsonb, reconciled boolean)
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

const MARK_INBOX = `UPDATE inbox SET status = u.status, quarantine_reason = u.reason,
    dispatched_at = CASE WHEN u.status = 'dispatched' THEN $2::bigint END
  FROM json_to_recordset($1::json) AS u(seq bigint, status text, reason text)
  WHERE inbox.seq = u.seq`;

/*
 * Claims (see store/ARCHITECTURE.md "Claims"). The concurrency-key rule ("no two runs of one key, none while the
 * key has a live lease, oldest first") depends on rows other than the ones being locked, which SKIP LOCKED alone
 * can't protect: two claimers could each lock a different run of the same key. So claims take a
 * transaction-scoped advisory lock per schema first; they are short (one UPDATE), and the statement after the lock
 * gets a fresh snapshot that sees every earlier claim committed. SKIP LOCKED still keeps a claim from waiting on a
 * row another writer (heartbeat, cancel) holds. The locking select is a CTE, evaluated once: as an `IN (…)`
 * subquery the planner may rescan it, and each rescan with SKIP LOCKED returns *other* rows, claiming more than
 * `limit`. The outer WHERE re-checks claimability on the locked row version.
 */
const CLAIM_RUNS = `WITH picked AS (
    SELECT c.id FROM runs AS c
    WHERE c.status IN ('queued', 'sleeping', 'running')
      AND c.due_at <= $3
      AND CASE WHEN c.status = 'running' THEN c.lease_expires_at ELSE c.due_at END <= $3
      AND ($5::text[] IS NULL OR c.workflow_id = ANY($5::text[]))
      AND (c.concurrency_key IS NULL OR (
        NOT EXISTS (
          SELECT 1 FROM runs AS older
          WHERE older.concurrency_key = c.concurrency_key
            AND older.status IN ('queued', 'sleeping', 'running')
            AND ((older.status IN ('queued', 'sleeping') AND older.due_at <= $3)
              OR (older.status = 'running' AND older.lease_expires_at <= $3))
            AND (older.due_at, older.created_at, older.id) < (c.due_at, c.created_at, c.id))
        AND NOT EXISTS (
          SELECT 1 FROM runs AS busy
          WHERE busy.concurrency_key = c.concurrency_key
            AND busy.status = 'running' AND busy.lease_expires_at > $3)))
    ORDER BY c.due_at, c.created_at, c.id
    LIMIT $4
    FOR UPDATE SKIP LOCKED
  )
  UPDATE runs AS r SET status = 'running', lease_owner = $1, lease_expires_at = $2,
    lease_epoch = r.lease_epoch + 1, started_at = COALESCE(r.started_at, $3), updated_at = $3
  FROM picked
  WHERE r.id = picked.id
    AND ((r.status IN ('queued', 'sleeping') AND r.due_at <= $3)
      OR (r.status = 'running' AND r.lease_expires_at <= $3))
  RETURNING r.*`;

/*
 * One statement, so fencing and write are atomic: FOR SHARE on the run makes a concurrent cancel/replay/claim wait
 * for this write, or — if it committed first — makes this statement see the new epoch and write nothing.
 * A completed step is final; a failed or sleeping one may be replaced by the live lease holder.
 */
const SAVE_STEP = `WITH live AS (
    SELECT id FROM runs WHERE id = $1 AND lease_epoch = $2 AND status = 'running' FOR SHARE
  ), written AS (
    INSERT INTO steps (run_id, step_id, status, output, error, wake_at, attempt, started_at, finished_at,
      duration_ms)
    SELECT $1, $3, $4, $5::jsonb, $6::jsonb, $7, $8, $9, $10, $11 FROM live
    ON CONFLICT (run_id, step_id) DO UPDATE SET status = EXCLUDED.status, output = EXCLUDED.output,
      error = EXCLUDED.error, wake_at = EXCLUDED.wake_at, attempt = EXCLUDED.attempt,
      started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at, duration_ms = EXCLUDED.duration_ms
    WHERE steps.status <> 'completed'
    RETURNING status
  )
  SELECT (SELECT count(*) FROM live) AS live, (SELECT count(*) FROM written) AS written`;

const RECORD_SCHEDULED_RUN = `WITH advanced AS (
    INSERT INTO schedules (workflow_id, last_slot, updated_at) VALUES ($1, $2, $3)
    ON CONFLICT (workflow_id) DO UPDATE SET last_slot = EXCLUDED.last_slot, updated_at = EXCLUDED.updated_at
    WHERE schedules.last_slot IS NULL OR schedules.last_slot < EXCLUDED.last_slot
    RETURNING workflow_id
  ), created AS (
    INSERT INTO runs (id, workflow_id, event_id, connection_id, concurrency_key, input, max_attempts, due_at, status,
      attempt, lease_epoch, created_at, updated_at)
    SELECT r.id, r.workflow_id, r.event_id, r.connection_id, r.concurrency_key, r.input, r.max_attempts, r.due_at,
      'queued', 0, 0, $3, $3
    FROM json_to_recordset($4::json) AS r(${RUN_COLUMNS})
    WHERE EXISTS (SELECT 1 FROM advanced)
    ON CONFLICT DO NOTHING
    RETURNING id
  )
  SELECT id, pg_notify('${RUNS_CHANNEL}', $5) FROM created`;

/**
 * The scale-out adapter of the storage port: any number of hotpilot processes share one PostgreSQL (pg 8 pool).
 * Same semantics as the SQLite adapter (one conformance suite runs against both); claims use
 * `FOR UPDATE SKIP LOCKED` under a per-schema advisory lock, wake-ups use LISTEN/NOTIFY on `hotpilot_inbox` and
 * `hotpilot_runs`, and every method survives PostgreSQL restarts: it rejects with a `StoreError('unavailable')`
 * while the server is away and works again once it is back. Call `migrate()` before use.
 *
 * @example
 * import { createPostgresStore } from './postgres-store.ts';
 * const store = createPostgresStore({
 *   connectionString: 'postgres://hotpilot@127.0.0.1:5432/hotpilot',
 *   schema: 'hotpilot',
 *   secretKey: Buffer.alloc(32, 1),
 * });
 * await store.migrate();
 * store.onRunsReady(() => console.log('runs are due'));
 * await store.close();
 */
export function createPostgresStore(options: PostgresStoreOptions): Store {
  const logger = (options.logger ?? silentLogger).child({ dialect: 'postgres' });
  const clock = options.now ?? systemClock;
  const box = createSecretBox(options.secretKey);
  const target = postgresTarget(options.connectionString, options.schema);
  const pool = new pg.Pool({
    ...target.config,
    max: options.poolSize ?? 10,
    // Fail fast while PostgreSQL is down instead of queueing callers for ever.
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle connection that dies (restart, pg_terminate_backend) is dropped by the pool; without a listener the
  // 'error' event would crash the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection lost'));
  // A checked-out client can also be told the server is going away (57P01 on restart) between `pool.connect()` and
  // the moment `withClient` attaches its own listener; a permanent listener per client keeps that from crashing the
  // process. The query in flight still fails and is reported by its caller.
  pool.on('connect', (client) => {
    client.on('error', (error) => logger.debug({ err: error }, 'PostgreSQL connection error'));
  });

  const inboxSignal = createSignal('inbox', logger);
  const runsSignal = createSignal('runs', logger);
  // Notifications carry "<scope>:<instance>": other schemas' traffic is ignored, and so is our own (already
  // signalled in-process right after the commit).
  const instance = randomBytes(6).toString('hex');
  const origin = `${target.scope}:${instance}`;
  const notifications = createPostgresListener({
    config: target.config,
    channels: [INBOX_CHANNEL, RUNS_CHANNEL],
    logger,
    onNotification(channel, payload) {
      const [scope, from] = payload.split(':');
      if (scope !== target.scope || from === instance) return;
      if (channel === INBOX_CHANNEL) inboxSignal.emit();
      else if (channel === RUNS_CHANNEL) runsSignal.emit();
    },
    onReconnect() {
      inboxSignal.emit();
      runsSignal.emit();
    },
  });
  let closed = false;
  let closing: Promise<void> | null = null;

  const ensureOpen = (): void => {
    if (closed) throw new StoreError('closed', 'the store is closed');
  };

  // ---- plumbing -------------------------------------------------------------------------------------------------

  /**
   * One statement. A statement that certainly did not run — the pool handed out a connection the server had
   * already terminated (restart, failover, pg_terminate_backend), or the connection could not be opened — is
   * retried once, so a killed idle connection costs callers nothing. Any other failure is reported.
   */
  async function query(text: string, values?: unknown[]): Promise<Row[]> {
    ensureOpen();
    try {
      return (await pool.query(text, values)).rows as Row[];
    } catch (error) {
      if (closed || !didNotRun(error)) throw storeErrorFrom(error);
      try {
        return (await pool.query(text, values)).rows as Row[];
      } catch (again) {
        throw storeErrorFrom(again);
      }
    }
  }

  /** Reads are idempotent: retried once on any dropped connection. */
  async function read(text: string, values?: unknown[]): Promise<Row[]> {
    try {
      return await query(text, values);
    } catch (error) {
      if (!(error instanceof StoreError && error.code === 'unavailable') || closed) throw error;
      return query(text, values);
    }
  }

  async function withClient<T>(work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    ensureOpen();
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      throw storeErrorFrom(error);
    }
    let broken: Error | undefined;
    // A checked-out client has no pool listener: a connection dying between two queries would be unhandled.
    const onError = (error: Error): void => {
      broken = error;
    };
    client.on('error', onError);
    try {
      return await work(client);
    } catch (error) {
      if (isConnectionError(error)) broken = error as Error;
      throw storeErrorFrom(error);
    } finally {
      client.off('error', onError);
      client.release(broken);
    }
  }

  /**
   * BEGIN (plus `prelude` in the same round trip), work, COMMIT; ROLLBACK on any error. Retried once when the
   * connection was dead before BEGIN ran (see `query`); a failure after BEGIN rolled back and is reported.
   */
  async function transaction<T>(work: (client: pg.PoolClient) => Promise<T>, prelude = ''): Promise<T> {
    const attempt = async (): Promise<{ began: boolean; result?: T; error?: unknown }> => {
      let began = false;
      try {
        const result = await withClient(async (client) => {
          await client.query(`BEGIN;${prelude}`);
          began = true;
          try {
            const value = await work(client);
            await client.query('COMMIT');
            return value;
          } catch (error) {
            // A failed ROLLBACK means the connection is gone; withClient then destroys it.
            await client.query('ROLLBACK').catch((rollbackError: unknown) => {
              throw isConnectionError(rollbackError) ? rollbackError : error;
            });
            throw error;
          }
        });
        return { began, result };
      } catch (error) {
        return { began, error };
      }
    };
    let outcome = await attempt();
    if ('error' in outcome && !outcome.began && !closed && didNotRun(causeOf(outcome.error)))
      outcome = await attempt();
    if ('error' in outcome) throw outcome.error;
    return outcome.result as T;
  }

  // ---- group commit ---------------------------------------------------------------------------------------------

  let queue: PendingIngest[] = [];
  let flushScheduled = false;
  const inflight = new Set<Promise<void>>();

  function flushInbox(): void {
    flushScheduled = false;
    const batch = queue;
    queue = [];
    for (let start = 0; start < batch.length; start += INGEST_CHUNK) {
      const flush = insertInboxChunk(batch.slice(start, start + INGEST_CHUNK));
      inflight.add(flush);
      void flush.finally(() => inflight.delete(flush));
    }
  }

  async function insertInboxChunk(chunk: PendingIngest[]): Promise<void> {
    // Same (connection, event) twice in one turn: the first decides, the others are duplicates of it.
    const groups = new Map<string, PendingIngest[]>();
    for (const pending of chunk) {
      const key = `${pending.entry.connectionId}\u0000${pending.entry.eventId}`;
      const group = groups.get(key);
      if (group) group.push(pending);
      else groups.set(key, [pending]);
    }
    const values: unknown[] = [];
    const rows: string[] = [];
    for (const [first] of groups.values()) {
      const { entry } = first as PendingIngest;
      const n = values.length;
      rows.push(
        `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::jsonb, $${n + 6}, $${n + 7}, $${n + 8})`,
      );
      values.push(
        entry.connectionId,
        entry.eventId,
        entry.receivedAt,
        entry.contentType,
        pgJson(entry.headers),
        // BYTEA: the body is kept byte for byte, NUL included (TEXT would refuse it).
        Buffer.from(entry.body, 'utf8'),
        entry.quarantineReason === null ? 'pending' : 'quarantined',
        entry.quarantineReason,
      );
    }
    values.push(origin);
    let stored: Set<string>;
    try {
      const result = await query(
        `WITH stored AS (
           INSERT INTO inbox (connection_id, event_id, received_at, content_type, headers, body, status,
             quarantine_reason)
           VALUES ${rows.join(', ')}
           ON CONFLICT (connection_id, event_id) DO NOTHING
           RETURNING connection_id, event_id
         )
         SELECT connection_id, event_id, pg_notify('${INBOX_CHANNEL}', $${values.length}) FROM stored`,
        values,
      );
      stored = new Set(result.map((row) => `${row['connection_id']}\u0000${row['event_id']}`));
    } catch (error) {
      // Inputs were validated before queueing, so this is the database's failure: the whole batch fails and the
      // webhook route answers 5xx, so Hotmart delivers again.
      logger.error({ err: error, entries: chunk.length }, 'inbox batch failed');
      const failure = storeErrorFrom(error);
      for (const pending of chunk) pending.reject(failure);
      return;
    }
    for (const [key, group] of groups) {
      for (const [index, pending] of group.entries()) {
        pending.resolve(index === 0 && stored.has(key) ? 'stored' : 'duplicate');
      }
    }
    logger.debug({ entries: chunk.length, stored: stored.size }, 'inbox batch committed');
    if (stored.size > 0) inboxSignal.emit();
  }

  // ---- dispatch -------------------------------------------------------------------------------------------------

  interface EncodedDecision {
    seq: number;
    decision: CheckedDecision;
    /** JSON of the event row (json_to_recordset), null for a quarantine. */
    event: string | null;
    /** JSON of each new run. */
    runs: string[];
  }

  /** Encodes a decision once; a value JSON can't hold quarantines its row instead of failing the batch. */
  function encodeDecision(seq: number, decision: CheckedDecision): EncodedDecision {
    if (decision.kind === 'quarantine') return { seq, decision, event: null, runs: [] };
    try {
      return { seq, decision, event: eventJson(decision.event), runs: decision.runs.map(runJson) };
    } catch (error) {
      return {
        seq,
        decision: quarantine(`the event can't be stored as JSON: ${errorMessage(error)}`),
        event: null,
        runs: [],
      };
    }
  }

  async function writeDecisions(
    client: pg.PoolClient,
    items: EncodedDecision[],
    now: number,
  ): Promise<NewRun[]> {
    const events = items.flatMap((item) => (item.event === null ? [] : [item.event]));
    const runs = items.flatMap((item) => item.runs);
    let created: NewRun[] = [];
    if (events.length > 0) await client.query(INSERT_EVENTS, [`[${events.join(',')}]`]);
    if (runs.length > 0) {
      const result = await client.query(INSERT_RUNS, [`[${runs.join(',')}]`, now, origin]);
      const ids = new Set(result.rows.map((row) => row.id as string));
      created = items
        .flatMap((item) => (item.decision.kind === 'event' ? item.decision.runs : []))
        .filter((run) => ids.delete(run.id));
    }
    const marks = items.map((item) => ({
      seq: item.seq,
      status: item.decision.kind === 'event' ? 'dispatched' : 'quarantined',
      reason: item.decision.kind === 'quarantine' ? item.decision.reason : null,
    }));
    await client.query(MARK_INBOX, [pgJson(marks), now]);
    return created;
  }

  async function dispatchRows(
    limit: number,
    now: number,
    decide: Parameters<Store['dispatchInbox']>[2],
    onlySeqs: number[] | null,
    decided: Map<number, EncodedDecision>,
  ) {
    return transaction(async (client) => {
      // SKIP LOCKED: concurrent dispatchers (several processes) each take different rows, never the same one.
      const { rows } = await client.query(
        `SELECT * FROM inbox WHERE status = 'pending' ${onlySeqs ? 'AND seq = ANY($2::bigint[])' : ''}
         ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        onlySeqs ? [limit, onlySeqs] : [limit],
      );
      const items = (rows as Row[]).map((row) => {
        const record = inboxRecord(row, codec);
        const known = decided.get(record.seq);
        if (known) return known;
        const item = encodeDecision(record.seq, checkedDecision(record, decide, logger));
        decided.set(record.seq, item);
        return item;
      });
      if (items.length === 0) return { items, created: [] as NewRun[] };
      return { items, created: await writeDecisions(client, items, now) };
    });
  }

  // ---- helpers for run writes -------------------------------------------------------------------------------------

  async function insertRuns(client: pg.PoolClient | null, runs: NewRun[], now: number): Promise<string[]> {
    if (runs.length === 0) return [];
    const values = [`[${runs.map(runJson).join(',')}]`, now, origin];
    const rows = client ? (await client.query(INSERT_RUNS, values)).rows : await query(INSERT_RUNS, values);
    const ids = new Set(rows.map((row) => row['id'] as string));
    const created = runs.filter((run) => ids.delete(run.id)).map((run) => run.id);
    if (created.length > 0) runsSignal.emit();
    return created;
  }

  /** Every worker write: `WHERE id = $ AND lease_epoch = $` on a running run, or nothing happens. */
  async function fenced(setClause: string, values: unknown[], lease: { runId: string; epoch: number }) {
    const n = values.length;
    const rows = await query(
      `UPDATE runs SET ${setClause} WHERE id = $${n + 1} AND lease_epoch = $${n + 2} AND status = 'running'
       RETURNING pg_notify('${RUNS_CHANNEL}', $${n + 3})`,
      [...values, lease.runId, lease.epoch, origin],
    );
    if (rows.length === 1) runsSignal.emit();
    return rows.length === 1;
  }

  function sealedConnectionColumns(connection: {
    id: string;
    name: string;
    hottoks: string[];
    credentials: Record<string, unknown> | null;
    settings: Record<string, unknown>;
  }): [string, string, string | null, string] {
    return [
      connection.name,
      box.seal(connection.hottoks, sealContext.hottoks(connection.id)),
      connection.credentials === null
        ? null
        : box.seal(connection.credentials, sealContext.credentials(connection.id)),
      pgJson(connection.settings),
    ];
  }

  async function pruneLoop(text: string, values: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [row] = await query(text, [...values, PRUNE_CHUNK]);
      const deleted = Number(row?.['deleted'] ?? 0);
      total += deleted;
      if (deleted < PRUNE_CHUNK) return total;
    }
  }

  const store: Store = {
    dialect: 'postgres',

    async migrate() {
      const applied = await withClient((client) => migratePostgres(client, target, migrations, clock()));
      if (applied.length > 0) logger.info({ applied, schema: target.schema }, 'database migrated');
      return applied;
    },

    async schemaVersion() {
      const current = await withClient((client) => postgresSchemaVersion(client));
      return { current, latest: latestSchemaVersion };
    },

    async ping() {
      await read('SELECT 1');
    },

    close() {
      closing ??= (async () => {
        // Deliveries queued in this turn were not acknowledged yet: commit them before closing.
        if (flushScheduled) flushInbox();
        await Promise.allSettled([...inflight]);
        closed = true;
        inboxSignal.clear();
        runsSignal.clear();
        await notifications.close();
        await pool.end();
      })();
      return closing;
    },

    // ---- connections ----

    async createConnection(input, now) {
      const connection = checkNewConnection(input);
      const at = toMs(now, 'now');
      try {
        await query(
          `INSERT INTO connections (id, kind, name, hottoks_sealed, credentials_sealed, settings, created_at,
             updated_at)
           VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7)`,
          [connection.id, connection.kind, ...sealedConnectionColumns(connection), at],
        );
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new StoreError('conflict', `connection "${connection.id}" already exists`);
        }
        throw error;
      }
      return { ...connection, createdAt: at, updatedAt: at };
    },

    async getConnection(id) {
      const [row] = await read('SELECT * FROM connections WHERE id = $1', [id]);
      return row ? connectionRecord(row, codec, box) : null;
    },

    async listConnections(filter = {}) {
      const rows =
        filter.kind === undefined
          ? await read('SELECT * FROM connections ORDER BY id')
          : await read('SELECT * FROM connections WHERE kind = $1 ORDER BY id', [filter.kind]);
      return rows.map((row) => connectionRecord(row, codec, box));
    },

    async updateConnection(id, patch = {}, now) {
      const at = toMs(now, 'now');
      return transaction(async (client) => {
        const { rows } = await client.query('SELECT * FROM connections WHERE id = $1 FOR UPDATE', [id]);
        if (!rows[0]) throw new StoreError('not_found', `connection "${id}" does not exist`);
        const current = connectionRecord(rows[0], codec, box);
        const next: ConnectionRecord = {
          ...current,
          name:
            patch.name === undefined
              ? current.name
              : checkNewConnection({ ...current, name: patch.name }).name,
          hottoks: patch.hottoks === undefined ? current.hottoks : checkHottoks(patch.hottoks),
          credentials:
            patch.credentials === undefined ? current.credentials : checkCredentials(patch.credentials),
          settings:
            patch.settings === undefined
              ? current.settings
              : checkNewConnection({ ...current, settings: patch.settings }).settings,
          updatedAt: at,
        };
        await client.query(
          `UPDATE connections SET name = $1, hottoks_sealed = $2, credentials_sealed = $3, settings = $4::jsonb,
             updated_at = $5
           WHERE id = $6`,
          [...sealedConnectionColumns(next), at, id],
        );
        return next;
      });
    },

    async deleteConnection(id) {
      const rows = await query('DELETE FROM connections WHERE id = $1 RETURNING id', [id]);
      return rows.length === 1;
    },

    // ---- inbox ----

    ingest(entry) {
      if (closed) return Promise.reject(new StoreError('closed', 'the store is closed'));
      let checked: PendingIngest['entry'];
      try {
        checked = withoutNul(checkInboxEntry(entry));
      } catch (error) {
        return Promise.reject(error);
      }
      return new Promise<Outcome>((resolve, reject) => {
        queue.push({ entry: checked, resolve, reject });
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flushInbox);
        }
      });
    },

    async getInbox(seq) {
      const [row] = await read('SELECT * FROM inbox WHERE seq = $1', [seq]);
      return row ? inboxRecord(row, codec) : null;
    },

    async listInbox(filter = {}) {
      const where = new Where();
      if (filter.status !== undefined) where.add('status = ?', filter.status);
      if (filter.beforeSeq !== undefined) where.add('seq < ?', filter.beforeSeq);
      const rows = await read(
        `SELECT * FROM inbox ${where.sql()} ORDER BY seq DESC LIMIT ${where.param(pageSize(filter.limit))}`,
        where.values,
      );
      return rows.map((row) => inboxRecord(row, codec));
    },

    onInbox(listener) {
      notifications.start();
      return inboxSignal.add(listener);
    },

    async dispatchInbox(limit, now, decide) {
      if (typeof decide !== 'function') throw new StoreError('invalid', 'decide must be a function');
      const at = toMs(now, 'now');
      const size = pageSize(limit);
      const decided = new Map<number, EncodedDecision>();
      let outcome: { items: EncodedDecision[]; created: NewRun[] }[];
      try {
        outcome = [await dispatchRows(size, at, decide, null, decided)];
      } catch (error) {
        if (isConnectionError(error) || (error instanceof StoreError && error.code !== 'invalid'))
          throw error;
        // The database refused a decision of the batch. Rows are retried one per transaction; the one it still
        // refuses is quarantined with the reason, so one bad row never stalls the inbox.
        logger.error({ err: error }, 'dispatch batch refused; retrying row by row');
        outcome = [];
        for (const seq of decided.keys()) {
          try {
            outcome.push(await dispatchRows(1, at, decide, [seq], decided));
          } catch (rowError) {
            if (isConnectionError(rowError) || rowError instanceof StoreError) throw rowError;
            const reason = quarantine(`store refused the dispatch decision: ${errorMessage(rowError)}`);
            await query(`UPDATE inbox SET status = 'quarantined', quarantine_reason = $1 WHERE seq = $2`, [
              reason.kind === 'quarantine' ? reason.reason : '',
              seq,
            ]);
            outcome.push({ items: [{ seq, decision: reason, event: null, runs: [] }], created: [] });
          }
        }
      }
      const items = outcome.flatMap((part) => part.items);
      const runs = outcome.flatMap((part) => part.created);
      if (runs.length > 0) runsSignal.emit();
      return {
        dispatched: items.filter((item) => item.decision.kind === 'event').length,
        quarantined: items.filter((item) => item.decision.kind === 'quarantine').length,
        runs,
      };
    },

    async requeueInbox(seq) {
      const rows = await query(
        `UPDATE inbox SET status = 'pending', quarantine_reason = NULL, dispatched_at = NULL
         WHERE seq = $1 AND status IN ('quarantined', 'dispatched')
         RETURNING pg_notify('${INBOX_CHANNEL}', $2)`,
        [seq, origin],
      );
      if (rows.length === 1) inboxSignal.emit();
      return rows.length === 1;
    },

    // ---- events ----

    async getEvent(id) {
      const [row] = await read('SELECT * FROM events WHERE id = $1', [id]);
      return row ? eventRecord(row, codec) : null;
    },

    async listEvents(filter = {}) {
      const where = new Where();
      if (filter.name !== undefined) {
        where.add('name = ANY(?::text[])', Array.isArray(filter.name) ? filter.name : [filter.name]);
      }
      if (filter.connectionId !== undefined) where.add('connection_id = ?', filter.connectionId);
      if (filter.buyerEmail !== undefined) where.add('buyer_email = ?', filter.buyerEmail);
      if (filter.transaction !== undefined) where.add('transaction_code = ?', filter.transaction);
      if (filter.before) {
        where.add(
          '(received_at, id) < (?, ?)',
          toMs(filter.before.receivedAt, 'before.receivedAt'),
          filter.before.id,
        );
      }
      const rows = await read(
        `SELECT * FROM events ${where.sql()} ORDER BY received_at DESC, id DESC
         LIMIT ${where.param(pageSize(filter.limit))}`,
        where.values,
      );
      return rows.map((row) => eventRecord(row, codec));
    },

    async insertEvent(event, runs) {
      const checkedEvent = checkEvent(event);
      const checkedRuns = (runs ?? []).map(checkNewRun);
      const row = eventJson(checkedEvent);
      const now = clock();
      return transaction(async (client) => {
        const inserted = await client.query(INSERT_EVENTS, [`[${row}]`]);
        if (inserted.rowCount !== 1) return false;
        await insertRuns(client, checkedRuns, now);
        return true;
      });
    },

    // ---- runs ----

    async createRuns(runs, now) {
      const checked = runs.map(checkNewRun);
      return insertRuns(null, checked, toMs(now, 'now'));
    },

    async getRun(id) {
      const [row] = await read('SELECT * FROM runs WHERE id = $1', [id]);
      return row ? runRecord(row, codec) : null;
    },

    async listRuns(filter = {}) {
      const where = new Where();
      if (filter.status !== undefined) {
        where.add('status = ANY(?::text[])', Array.isArray(filter.status) ? filter.status : [filter.status]);
      }
      if (filter.workflowId !== undefined) where.add('workflow_id = ?', filter.workflowId);
      if (filter.eventId !== undefined) where.add('event_id = ?', filter.eventId);
      if (filter.before) {
        where.add(
          '(created_at, id) < (?, ?)',
          toMs(filter.before.createdAt, 'before.createdAt'),
          filter.before.id,
        );
      }
      const rows = await read(
        `SELECT * FROM runs ${where.sql()} ORDER BY created_at DESC, id DESC
         LIMIT ${where.param(pageSize(filter.limit))}`,
        where.values,
      );
      return rows.map((row) => runRecord(row, codec));
    },

    onRunsReady(listener) {
      notifications.start();
      return runsSignal.add(listener);
    },

    async nextDueAt() {
      // Two index seeks on (status, due_at) instead of one scan over both statuses.
      const [row] = await read(
        `SELECT LEAST(
           (SELECT MIN(due_at) FROM runs WHERE ${OPEN_RUNS} AND status = 'queued'),
           (SELECT MIN(due_at) FROM runs WHERE ${OPEN_RUNS} AND status = 'sleeping')) AS at`,
      );
      return (row?.['at'] as number | null) ?? null;
    },

    async claimRuns(claim) {
      const limit = Math.floor(claim.limit);
      if (!(limit > 0)) return [];
      const leaseMs = toMs(claim.leaseMs, 'leaseMs');
      if (leaseMs <= 0) throw new StoreError('invalid', 'leaseMs must be positive');
      const now = toMs(claim.now, 'now');
      const workflows = claim.workflowIds === undefined ? null : [...claim.workflowIds];
      const rows = await transaction(
        async (client) =>
          (await client.query(CLAIM_RUNS, [String(claim.owner), now + leaseMs, now, limit, workflows]))
            .rows as Row[],
        // Same round trip as BEGIN; the scope is a validated identifier. The planner settings (this transaction
        // only) keep the claim on `runs_claim_order`, walked in due order and stopped at the limit. Without
        // statistics — a table that grew since autovacuum last analysed it — the planner otherwise prefers a
        // bitmap scan that ranks every due run: ~30 ms at 10,000 runs instead of ~1 ms.
        `SET LOCAL enable_sort = off; SET LOCAL enable_bitmapscan = off;
         SELECT pg_advisory_xact_lock(hashtext('hotpilot.claim'), hashtext('${target.scope}'))`,
      );
      return rows
        .map((row) => runRecord(row, codec))
        .sort((a, b) => a.dueAt - b.dueAt || a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },

    async heartbeat(lease, leaseExpiresAt) {
      const checked = checkLease(lease);
      const rows = await query(
        `UPDATE runs SET lease_expires_at = $1 WHERE id = $2 AND lease_epoch = $3 AND status = 'running'
         RETURNING id`,
        [toMs(leaseExpiresAt, 'leaseExpiresAt'), checked.runId, checked.epoch],
      );
      return rows.length === 1;
    },

    async getSteps(runId) {
      const rows = await read('SELECT * FROM steps WHERE run_id = $1 ORDER BY started_at, step_id', [runId]);
      return rows.map((row) => stepRecord(row, codec));
    },

    async saveStep(lease, step) {
      const checkedLease = checkLease(lease);
      const checked = checkStep(step);
      if (checked.runId !== checkedLease.runId)
        throw new StoreError('invalid', 'step.runId must match the lease');
      const [row] = await query(SAVE_STEP, [
        checked.runId,
        checkedLease.epoch,
        checked.stepId,
        checked.status,
        checked.outputJson === undefined ? pgJson(checked.output ?? null) : pgJsonText(checked.outputJson),
        pgJson(checked.error ?? null),
        checked.wakeAt,
        checked.attempt,
        checked.startedAt,
        checked.finishedAt,
        checked.durationMs,
      ]);
      if (Number(row?.['live'] ?? 0) === 0) return false;
      if (Number(row?.['written'] ?? 0) === 1) return true;
      // The step exists as completed (final): success only if the caller wanted the same.
      return checked.status === 'completed';
    },

    async completeRun(lease, output, now) {
      return fenced(
        `status = 'completed', output = $1::jsonb, error = NULL, lease_owner = NULL, lease_expires_at = NULL,
         finished_at = $2, updated_at = $2`,
        [pgJson(output ?? null), toMs(now, 'now')],
        checkLease(lease),
      );
    },

    async failRun(lease, error, retryAt, now) {
      const at = toMs(now, 'now');
      const checked = checkLease(lease);
      if (retryAt === null) {
        return fenced(
          `status = 'dead', attempt = attempt + 1, error = $1::jsonb, lease_owner = NULL, lease_expires_at = NULL,
           finished_at = $2, updated_at = $2`,
          [pgJson(error ?? null), at],
          checked,
        );
      }
      return fenced(
        `status = 'queued', attempt = attempt + 1, error = $1::jsonb, due_at = $3, lease_owner = NULL,
         lease_expires_at = NULL, updated_at = $2`,
        [pgJson(error ?? null), at, toMs(retryAt, 'retryAt')],
        checked,
      );
    },

    async sleepRun(lease, wakeAt, now) {
      return fenced(
        `status = 'sleeping', due_at = $1, lease_owner = NULL, lease_expires_at = NULL, updated_at = $2`,
        [toMs(wakeAt, 'wakeAt'), toMs(now, 'now')],
        checkLease(lease),
      );
    },

    async releaseRun(lease, now, dueAt) {
      const at = toMs(now, 'now');
      const due = dueAt === undefined ? at : Math.max(at, toMs(dueAt, 'dueAt'));
      return fenced(
        `status = 'queued', due_at = $2, lease_owner = NULL, lease_expires_at = NULL, updated_at = $1`,
        [at, due],
        checkLease(lease),
      );
    },

    async cancelRun(id, now) {
      const at = toMs(now, 'now');
      const rows = await query(
        `UPDATE runs SET status = 'cancelled', lease_epoch = lease_epoch + 1, lease_owner = NULL,
           lease_expires_at = NULL, finished_at = $1, updated_at = $1
         WHERE id = $2 AND status IN ('queued', 'running', 'sleeping', 'dead')
         RETURNING pg_notify('${RUNS_CHANNEL}', $3)`,
        [at, id, origin],
      );
      if (rows.length === 1) runsSignal.emit();
      return rows.length === 1;
    },

    async replayRun(id, mode, now) {
      if (mode !== 'whole' && mode !== 'failed')
        throw new StoreError('invalid', 'replay mode must be whole or failed');
      const at = toMs(now, 'now');
      // The run row is locked by the UPDATE before the steps are deleted (a later statement, a fresh snapshot):
      // a step written just before the replay is seen and deleted; one written after it is refused (new epoch).
      const done = await transaction(async (client) => {
        const updated = await client.query(
          `UPDATE runs SET status = 'queued', attempt = 0, lease_epoch = lease_epoch + 1, lease_owner = NULL,
             lease_expires_at = NULL, due_at = $1, output = NULL, error = NULL, started_at = NULL,
             finished_at = NULL, updated_at = $1
           WHERE id = $2
           RETURNING pg_notify('${RUNS_CHANNEL}', $3)`,
          [at, id, origin],
        );
        if (updated.rowCount !== 1) return false;
        await client.query(
          mode === 'whole'
            ? 'DELETE FROM steps WHERE run_id = $1'
            : `DELETE FROM steps WHERE run_id = $1 AND status <> 'completed'`,
          [id],
        );
        return true;
      });
      if (done) runsSignal.emit();
      return done;
    },

    // ---- schedules ----

    async getSchedule(workflowId) {
      const [row] = await read('SELECT * FROM schedules WHERE workflow_id = $1', [workflowId]);
      return row ? scheduleRecord(row) : null;
    },

    async recordScheduledRun(workflowId, slot, run, now) {
      const checked = checkNewRun(run);
      // One statement: lastSlot only moves forward, and the run is created only when this call moved it. Two
      // processes recording one slot serialise on the schedule row; the second sees the slot taken.
      const rows = await query(RECORD_SCHEDULED_RUN, [
        String(workflowId),
        toMs(slot, 'slot'),
        toMs(now, 'now'),
        `[${runJson(checked)}]`,
        origin,
      ]);
      if (rows.length === 1) runsSignal.emit();
      return rows.length === 1;
    },

    // ---- audit, state ----

    async appendAudit(entry, now) {
      const record = checkAudit(entry, toMs(now, 'now'));
      const [row] = await query(
        'INSERT INTO audit_log (at, actor, action, target, details) VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING id',
        [record.at, record.actor, record.action, record.target, pgJson(record.details)],
      );
      return { ...record, id: row?.['id'] as number };
    },

    async listAudit(filter = {}) {
      const where = new Where();
      if (filter.beforeId !== undefined) where.add('id < ?', filter.beforeId);
      if (filter.action !== undefined) where.add('action = ?', filter.action);
      const rows = await read(
        `SELECT * FROM audit_log ${where.sql()} ORDER BY id DESC LIMIT ${where.param(pageSize(filter.limit))}`,
        where.values,
      );
      return rows.map((row) => auditRecord(row, codec));
    },

    async getState<T = unknown>(key: string): Promise<T | null> {
      const [row] = await read('SELECT value FROM state WHERE key = $1', [key]);
      return row ? (codec.json(row['value']) as T) : null;
    },

    async getStateText(key) {
      const [row] = await read('SELECT value::text AS value FROM state WHERE key = $1', [key]);
      return row ? String(row['value']) : null;
    },

    async setState(key, value, now) {
      if (typeof key !== 'string' || key.length === 0)
        throw new StoreError('invalid', 'state key must be a string');
      await query(
        `INSERT INTO state (key, value, updated_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
        [key, pgJson(value ?? null), toMs(now, 'now')],
      );
    },

    // ---- retention, depth ----

    async prune(policy) {
      const cutoffs = retentionCutoffs(policy);
      const result: PruneResult = { runs: 0, steps: 0, inbox: 0, events: 0 };
      // Runs first (their steps with them), then events no run refers to any more, then dispatched inbox rows.
      for (;;) {
        const [row] = await query(
          `WITH doomed AS (
             SELECT id FROM runs
             WHERE ${FINISHED_RUNS} AND status IN ('completed', 'cancelled')
               AND COALESCE(finished_at, updated_at) < $1
             LIMIT $2 FOR UPDATE SKIP LOCKED
           ), gone_steps AS (
             DELETE FROM steps WHERE run_id IN (SELECT id FROM doomed) RETURNING 1
           ), gone_runs AS (
             DELETE FROM runs WHERE id IN (SELECT id FROM doomed) RETURNING 1
           )
           SELECT (SELECT count(*) FROM gone_runs) AS runs, (SELECT count(*) FROM gone_steps) AS steps`,
          [cutoffs.runs, PRUNE_CHUNK],
        );
        const runs = Number(row?.['runs'] ?? 0);
        result.runs += runs;
        result.steps += Number(row?.['steps'] ?? 0);
        if (runs < PRUNE_CHUNK) break;
      }
      result.events = await pruneLoop(
        `WITH doomed AS (
           SELECT id FROM events
           WHERE received_at < $1 AND NOT EXISTS (SELECT 1 FROM runs WHERE runs.event_id = events.id)
           LIMIT $2 FOR UPDATE SKIP LOCKED
         ), gone AS (
           DELETE FROM events WHERE id IN (SELECT id FROM doomed) RETURNING 1
         )
         SELECT count(*) AS deleted FROM gone`,
        [cutoffs.events],
      );
      result.inbox = await pruneLoop(
        `WITH doomed AS (
           SELECT seq FROM inbox WHERE status = 'dispatched' AND received_at < $1
           LIMIT $2 FOR UPDATE SKIP LOCKED
         ), gone AS (
           DELETE FROM inbox WHERE seq IN (SELECT seq FROM doomed) RETURNING 1
         )
         SELECT count(*) AS deleted FROM gone`,
        [cutoffs.inbox],
      );
      if (result.runs + result.inbox + result.events > 0) logger.info({ ...result }, 'pruned old records');
      return result;
    },

    async queueDepth() {
      const [row] = await read(
        `SELECT
           (SELECT count(*) FROM inbox WHERE status = 'pending') AS inbox_pending,
           (SELECT count(*) FROM runs WHERE ${OPEN_RUNS} AND status = 'queued') AS runs_queued,
           (SELECT count(*) FROM runs WHERE ${OPEN_RUNS} AND status = 'running') AS runs_running,
           (SELECT count(*) FROM runs WHERE ${OPEN_RUNS} AND status = 'sleeping') AS runs_sleeping,
           (SELECT count(*) FROM runs WHERE ${FINISHED_RUNS} AND status = 'dead') AS runs_dead`,
      );
      return {
        inboxPending: Number(row?.['inbox_pending'] ?? 0),
        runsQueued: Number(row?.['runs_queued'] ?? 0),
        runsRunning: Number(row?.['runs_running'] ?? 0),
        runsSleeping: Number(row?.['runs_sleeping'] ?? 0),
        runsDead: Number(row?.['runs_dead'] ?? 0),
      };
    },
  };
  registerStoreInternals(store, { dialect: 'postgres', pool, schema: options.schema });
  return store;
}

/** A WHERE clause with `?` markers numbered as `$n` in order. */
class Where {
  readonly values: unknown[] = [];
  private readonly conditions: string[] = [];

  add(condition: string, ...values: unknown[]): void {
    this.conditions.push(condition.replace(/\?/g, () => this.param(values.shift())));
  }

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  sql(): string {
    return this.conditions.length === 0 ? '' : `WHERE ${this.conditions.join(' AND ')}`;
  }
}

const causeOf = (error: unknown): unknown =>
  error instanceof StoreError && error.cause !== undefined ? error.cause : error;

/** The JSON object json_to_recordset reads for one new run. */
function runJson(run: NewRun): string {
  return pgJson({
    id: run.id,
    workflow_id: run.workflowId,
    event_id: run.eventId,
    connection_id: run.connectionId,
    concurrency_key: run.concurrencyKey,
    input: run.input ?? null,
    max_attempts: run.maxAttempts,
    due_at: run.dueAt,
  });
}

/** The JSON object json_to_recordset reads for one event. */
function eventJson(event: EventRecord): string {
  return pgJson({
    id: event.id,
    connection_id: event.connectionId,
    name: event.name,
    version: event.version,
    occurred_at: event.occurredAt,
    received_at: event.receivedAt,
    transaction_code: event.transaction,
    buyer_email: event.buyerEmail,
    subscriber_code: event.subscriberCode,
    product_id: event.productId,
    normalized: event.normalized,
    payload: event.payload ?? null,
    reconciled: event.reconciled,
  });
}

const NUL = '\u0000';
const ESCAPED_NUL = '\\u0000';

/**
 * JSON for a JSONB (or json_to_recordset) parameter. PostgreSQL refuses the NUL character in JSONB and TEXT, so a
 * NUL inside a string or a key — possible in an attacker-controlled webhook field — becomes U+FFFD instead of
 * failing the statement. The fast path (no NUL) costs one `includes`.
 */
function pgJson(value: unknown): string {
  return pgJsonText(JSON.stringify(value) ?? 'null');
}

/** JSON text as PostgreSQL's jsonb takes it (see `pgJson`). */
function pgJsonText(text: string): string {
  if (!text.includes(ESCAPED_NUL)) return text;
  return JSON.stringify(withoutNulDeep(JSON.parse(text)));
}

function withoutNulDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll(NUL, '\uFFFD');
  if (Array.isArray(value)) return value.map(withoutNulDeep);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key.replaceAll(NUL, '\uFFFD'), withoutNulDeep(item)]),
    );
  }
  return value;
}

/** TEXT columns refuse NUL too: ids and reasons get the same replacement (the body is BYTEA and stays exact). */
function withoutNul<T extends InboxEntry>(entry: T): T {
  const clean = (text: string | null): string | null =>
    text?.includes(NUL) ? text.replaceAll(NUL, '\uFFFD') : text;
  if (
    !entry.connectionId.includes(NUL) &&
    !entry.eventId.includes(NUL) &&
    !(entry.contentType ?? '').includes(NUL) &&
    !(entry.quarantineReason ?? '').includes(NUL)
  ) {
    return entry;
  }
  return {
    ...entry,
    connectionId: clean(entry.connectionId),
    eventId: clean(entry.eventId),
    contentType: clean(entry.contentType ?? null),
    quarantineReason: clean(entry.quarantineReason ?? null),
  };
}
