import type { Dialect, Migration } from './migration.ts';

/**
 * Column types that differ between the dialects; everything else is shared SQL. Timestamps are epoch milliseconds
 * (BIGINT), JSON is TEXT on SQLite and JSONB on PostgreSQL, and the raw webhook body is BYTEA on PostgreSQL because
 * its TEXT type refuses NUL bytes, and the inbox must keep any authenticated body exactly as received.
 */
const types = {
  sqlite: {
    ms: 'INTEGER',
    json: 'TEXT',
    bool: 'INTEGER',
    body: 'TEXT',
    serial: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  },
  postgres: {
    ms: 'BIGINT',
    json: 'JSONB',
    bool: 'BOOLEAN',
    body: 'BYTEA',
    serial: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  },
} as const;

/** The audit log is append-only by design: the database itself refuses updates and deletes. */
const appendOnlyAudit: Record<Dialect, readonly string[]> = {
  sqlite: [
    `CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
    `CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
       BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
  ],
  postgres: [
    `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
    `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
       FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
       FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  ],
};

function statements(dialect: Dialect): string[] {
  const t = types[dialect];
  return [
    // Secrets (hottoks, credentials) are sealed envelopes (kit/secret-box.ts); settings are not secret.
    `CREATE TABLE connections (
       id TEXT PRIMARY KEY,
       kind TEXT NOT NULL CHECK (length(kind) BETWEEN 1 AND 32),
       name TEXT NOT NULL,
       hottoks_sealed TEXT NOT NULL,
       credentials_sealed TEXT,
       settings ${t.json} NOT NULL,
       created_at ${t.ms} NOT NULL,
       updated_at ${t.ms} NOT NULL
     )`,
    // No foreign key to connections on purpose: an acknowledged delivery is never refused or cascaded away.
    `CREATE TABLE inbox (
       seq ${t.serial},
       connection_id TEXT NOT NULL,
       event_id TEXT NOT NULL,
       received_at ${t.ms} NOT NULL,
       content_type TEXT,
       headers ${t.json} NOT NULL,
       body ${t.body} NOT NULL,
       status TEXT NOT NULL CHECK (status IN ('pending', 'dispatched', 'quarantined')),
       quarantine_reason TEXT,
       dispatched_at ${t.ms},
       UNIQUE (connection_id, event_id)
     )`,
    `CREATE INDEX inbox_status_seq ON inbox (status, seq)`,
    `CREATE TABLE events (
       id TEXT PRIMARY KEY,
       connection_id TEXT NOT NULL,
       name TEXT NOT NULL,
       version TEXT NOT NULL,
       occurred_at ${t.ms} NOT NULL,
       received_at ${t.ms} NOT NULL,
       transaction_code TEXT,
       buyer_email TEXT,
       subscriber_code TEXT,
       product_id TEXT,
       normalized ${t.json} NOT NULL,
       payload ${t.json},
       reconciled ${t.bool} NOT NULL
     )`,
    `CREATE INDEX events_received ON events (received_at, id)`,
    `CREATE INDEX events_name ON events (name, received_at)`,
    `CREATE TABLE runs (
       id TEXT PRIMARY KEY,
       workflow_id TEXT NOT NULL,
       event_id TEXT,
       connection_id TEXT,
       concurrency_key TEXT,
       input ${t.json},
       max_attempts INTEGER NOT NULL,
       due_at ${t.ms} NOT NULL,
       status TEXT NOT NULL CHECK (status IN ('queued', 'running', 'sleeping', 'completed', 'dead', 'cancelled')),
       attempt INTEGER NOT NULL DEFAULT 0,
       lease_epoch ${t.ms} NOT NULL DEFAULT 0,
       lease_owner TEXT,
       lease_expires_at ${t.ms},
       output ${t.json},
       error ${t.json},
       created_at ${t.ms} NOT NULL,
       updated_at ${t.ms} NOT NULL,
       started_at ${t.ms},
       finished_at ${t.ms}
     )`,
    // One run per workflow and event, whatever the run id says (deliveries and dispatchers race).
    `CREATE UNIQUE INDEX runs_workflow_event ON runs (workflow_id, event_id) WHERE event_id IS NOT NULL`,
    `CREATE INDEX runs_status_due ON runs (status, due_at)`,
    `CREATE INDEX runs_concurrency ON runs (concurrency_key, status) WHERE concurrency_key IS NOT NULL`,
    `CREATE INDEX runs_created ON runs (created_at, id)`,
    `CREATE INDEX runs_event ON runs (event_id) WHERE event_id IS NOT NULL`,
    `CREATE TABLE steps (
       run_id TEXT NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
       step_id TEXT NOT NULL,
       status TEXT NOT NULL CHECK (status IN ('completed', 'failed', 'sleeping')),
       output ${t.json},
       error ${t.json},
       wake_at ${t.ms},
       attempt INTEGER NOT NULL,
       started_at ${t.ms} NOT NULL,
       finished_at ${t.ms},
       duration_ms DOUBLE PRECISION,
       PRIMARY KEY (run_id, step_id)
     )`,
    `CREATE TABLE schedules (
       workflow_id TEXT PRIMARY KEY,
       last_slot ${t.ms},
       updated_at ${t.ms} NOT NULL
     )`,
    `CREATE TABLE audit_log (
       id ${t.serial},
       at ${t.ms} NOT NULL,
       actor TEXT NOT NULL,
       action TEXT NOT NULL,
       target TEXT,
       details ${t.json}
     )`,
    `CREATE INDEX audit_log_action ON audit_log (action, id)`,
    ...appendOnlyAudit[dialect],
    `CREATE TABLE state (
       key TEXT PRIMARY KEY,
       value ${t.json},
       updated_at ${t.ms} NOT NULL
     )`,
  ];
}

/**
 * Version 1: every table of the durable core (connections, inbox, events, runs, steps, schedules, audit_log, state).
 *
 * @example
 * import { initialSchema } from './v001-initial.ts';
 * console.log(initialSchema.version, initialSchema.statements.sqlite.length);
 */
export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  statements: { sqlite: statements('sqlite'), postgres: statements('postgres') },
};
