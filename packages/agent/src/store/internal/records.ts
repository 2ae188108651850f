import type { SecretBox } from '../../kit/secret-box.ts';
import type {
  AuditRecord,
  ConnectionRecord,
  EventRecord,
  InboxRecord,
  RunRecord,
  ScheduleRecord,
  SerializedError,
  StepRecord,
} from '../port.ts';

/*
 * Row → record mapping shared by both adapters. Column names are the same in both dialects; only the way JSON,
 * booleans and the raw body come back differs, which a `RowCodec` hides.
 */

/**
 * A database row as the driver returns it.
 *
 * @example
 * import type { Row } from './records.ts';
 * const row: Row = { id: 'r1', status: 'queued' };
 */
export type Row = Record<string, unknown>;

/**
 * How one driver returns the columns whose representation differs between the dialects.
 *
 * @example
 * import type { RowCodec } from './records.ts';
 * const plain: RowCodec = { json: (v) => v, bool: (v) => v === true, body: (v) => String(v) };
 */
export interface RowCodec {
  /** A JSON column: TEXT to parse on SQLite, already parsed JSONB on PostgreSQL. SQL NULL is `null`. */
  json(value: unknown): unknown;
  bool(value: unknown): boolean;
  /** The raw inbox body: TEXT on SQLite, BYTEA on PostgreSQL. */
  body(value: unknown): string;
}

/**
 * better-sqlite3 returns JSON as TEXT and booleans as 0/1.
 *
 * @example
 * import { sqliteCodec } from './records.ts';
 * sqliteCodec.json('{"a":1}'); // { a: 1 }
 */
export const sqliteCodec: RowCodec = {
  json: (value) => (value === null || value === undefined ? null : JSON.parse(value as string)),
  bool: (value) => value === 1 || value === true,
  body: (value) => value as string,
};

/**
 * pg parses JSONB and BOOLEAN itself and returns BYTEA as a Buffer.
 *
 * @example
 * import { postgresCodec } from './records.ts';
 * postgresCodec.body(Buffer.from('{}')); // '{}'
 */
export const postgresCodec: RowCodec = {
  json: (value) => value ?? null,
  bool: (value) => value === true,
  body: (value) => (Buffer.isBuffer(value) ? value.toString('utf8') : String(value)),
};

/**
 * Encodes a JSON column value: `undefined` is stored as SQL NULL, everything else as JSON text.
 *
 * @example
 * import { jsonText } from './records.ts';
 * jsonText({ a: 1 }); // '{"a":1}'
 * jsonText(undefined); // null
 */
export function jsonText(value: unknown): string | null {
  if (value === undefined) return null;
  const encoded = JSON.stringify(value);
  return encoded === undefined ? null : encoded;
}

const num = (value: unknown): number => value as number;
const numOrNull = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);
const strOrNull = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/**
 * The AAD bound to each sealed connection field, so an envelope copied to another row or field won't open.
 *
 * @example
 * import { sealContext } from './records.ts';
 * sealContext.hottoks('main'); // 'hotpilot:connection:main:hottoks'
 */
export const sealContext = {
  hottoks: (id: string): string => `hotpilot:connection:${id}:hottoks`,
  credentials: (id: string): string => `hotpilot:connection:${id}:credentials`,
} as const;

/**
 * Maps a `connections` row, opening its sealed fields.
 *
 * @example
 * import { randomBytes } from 'node:crypto';
 * import { createSecretBox } from '../../kit/secret-box.ts';
 * import { connectionRecord, sealContext, sqliteCodec } from './records.ts';
 * const box = createSecretBox(randomBytes(32));
 * const record = connectionRecord(
 *   { id: 'main', kind: 'hotmart', name: 'Main', hottoks_sealed: box.seal(['t'], sealContext.hottoks('main')),
 *     credentials_sealed: null, settings: '{}', created_at: 1, updated_at: 1 },
 *   sqliteCodec, box,
 * );
 */
export function connectionRecord(row: Row, codec: RowCodec, box: SecretBox): ConnectionRecord {
  const id = String(row['id']);
  const credentials = row['credentials_sealed'];
  return {
    id,
    kind: String(row['kind']),
    name: String(row['name']),
    hottoks: box.open<string[]>(String(row['hottoks_sealed']), sealContext.hottoks(id)),
    credentials:
      credentials === null || credentials === undefined
        ? null
        : box.open<Record<string, unknown>>(String(credentials), sealContext.credentials(id)),
    settings: (codec.json(row['settings']) ?? {}) as Record<string, unknown>,
    createdAt: num(row['created_at']),
    updatedAt: num(row['updated_at']),
  };
}

/**
 * Maps an `inbox` row.
 *
 * @example
 * import { inboxRecord, sqliteCodec } from './records.ts';
 * const row = { seq: 1, connection_id: 'main', event_id: 'e1', received_at: 1, content_type: null, headers: '{}',
 *   body: '{}', status: 'pending', quarantine_reason: null, dispatched_at: null };
 * inboxRecord(row, sqliteCodec).status; // 'pending'
 */
export function inboxRecord(row: Row, codec: RowCodec): InboxRecord {
  return {
    seq: num(row['seq']),
    connectionId: String(row['connection_id']),
    eventId: String(row['event_id']),
    receivedAt: num(row['received_at']),
    contentType: strOrNull(row['content_type']),
    headers: (codec.json(row['headers']) ?? {}) as Record<string, string>,
    body: codec.body(row['body']),
    status: row['status'] as InboxRecord['status'],
    quarantineReason: strOrNull(row['quarantine_reason']),
    dispatchedAt: numOrNull(row['dispatched_at']),
  };
}

/**
 * Maps an `events` row.
 *
 * @example
 * import { eventRecord, sqliteCodec } from './records.ts';
 * const row = { id: 'e1', connection_id: 'main', name: 'PURCHASE_APPROVED', version: '2.0.0', occurred_at: 1,
 *   received_at: 2, transaction_code: null, buyer_email: null, subscriber_code: null, product_id: null,
 *   normalized: '{}', payload: 'null', reconciled: 0 };
 * eventRecord(row, sqliteCodec).reconciled; // false
 */
export function eventRecord(row: Row, codec: RowCodec): EventRecord {
  return {
    id: String(row['id']),
    connectionId: String(row['connection_id']),
    name: String(row['name']),
    version: String(row['version']),
    occurredAt: num(row['occurred_at']),
    receivedAt: num(row['received_at']),
    transaction: strOrNull(row['transaction_code']),
    buyerEmail: strOrNull(row['buyer_email']),
    subscriberCode: strOrNull(row['subscriber_code']),
    productId: strOrNull(row['product_id']),
    normalized: (codec.json(row['normalized']) ?? {}) as Record<string, unknown>,
    payload: codec.json(row['payload']),
    reconciled: codec.bool(row['reconciled']),
  };
}

/**
 * Maps a `runs` row.
 *
 * @example
 * import { runRecord, sqliteCodec } from './records.ts';
 * const row = { id: 'r1', workflow_id: 'w', event_id: null, connection_id: null, concurrency_key: null,
 *   input: 'null', max_attempts: 3, due_at: 1, status: 'queued', attempt: 0, lease_epoch: 0, lease_owner: null,
 *   lease_expires_at: null, output: null, error: null, created_at: 1, updated_at: 1, started_at: null,
 *   finished_at: null };
 * runRecord(row, sqliteCodec).status; // 'queued'
 */
export function runRecord(row: Row, codec: RowCodec): RunRecord {
  return {
    id: String(row['id']),
    workflowId: String(row['workflow_id']),
    eventId: strOrNull(row['event_id']),
    connectionId: strOrNull(row['connection_id']),
    concurrencyKey: strOrNull(row['concurrency_key']),
    input: codec.json(row['input']),
    maxAttempts: num(row['max_attempts']),
    dueAt: num(row['due_at']),
    status: row['status'] as RunRecord['status'],
    attempt: num(row['attempt']),
    leaseEpoch: num(row['lease_epoch']),
    leaseOwner: strOrNull(row['lease_owner']),
    leaseExpiresAt: numOrNull(row['lease_expires_at']),
    output: codec.json(row['output']),
    error: codec.json(row['error']) as SerializedError | null,
    createdAt: num(row['created_at']),
    updatedAt: num(row['updated_at']),
    startedAt: numOrNull(row['started_at']),
    finishedAt: numOrNull(row['finished_at']),
  };
}

/**
 * Maps a `steps` row.
 *
 * @example
 * import { stepRecord, sqliteCodec } from './records.ts';
 * const row = { run_id: 'r1', step_id: 's', status: 'completed', output: '1', error: null, wake_at: null,
 *   attempt: 0, started_at: 1, finished_at: 2, duration_ms: 1 };
 * stepRecord(row, sqliteCodec).output; // 1
 */
export function stepRecord(row: Row, codec: RowCodec): StepRecord {
  return {
    runId: String(row['run_id']),
    stepId: String(row['step_id']),
    status: row['status'] as StepRecord['status'],
    output: codec.json(row['output']),
    error: codec.json(row['error']) as SerializedError | null,
    wakeAt: numOrNull(row['wake_at']),
    attempt: num(row['attempt']),
    startedAt: num(row['started_at']),
    finishedAt: numOrNull(row['finished_at']),
    durationMs: numOrNull(row['duration_ms']),
  };
}

/**
 * Maps an `audit_log` row.
 *
 * @example
 * import { auditRecord, sqliteCodec } from './records.ts';
 * auditRecord({ id: 1, at: 1, actor: 'cli', action: 'run.replay', target: 'r1', details: null }, sqliteCodec);
 */
export function auditRecord(row: Row, codec: RowCodec): AuditRecord {
  return {
    id: num(row['id']),
    at: num(row['at']),
    actor: String(row['actor']),
    action: String(row['action']),
    target: strOrNull(row['target']),
    details: codec.json(row['details']),
  };
}

/**
 * Maps a `schedules` row.
 *
 * @example
 * import { scheduleRecord } from './records.ts';
 * scheduleRecord({ workflow_id: 'weekly-report', last_slot: 1, updated_at: 2 }).lastSlot; // 1
 */
export function scheduleRecord(row: Row): ScheduleRecord {
  return {
    workflowId: String(row['workflow_id']),
    lastSlot: numOrNull(row['last_slot']),
    updatedAt: num(row['updated_at']),
  };
}

/**
 * Turns anything thrown by `decide` or a driver into a short message for `quarantine_reason` or a log line.
 *
 * @example
 * import { errorMessage } from './records.ts';
 * errorMessage(new Error('boom')); // 'boom'
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
