import type Database from 'better-sqlite3';
import type pg from 'pg';
import { StoreError } from '../errors.ts';
import { jsonText, postgresCodec, type Row, type RowCodec, sqliteCodec } from '../internal/records.ts';
import { storeInternals } from '../internals.ts';
import type { Store } from '../port.ts';
import { storeErrorFrom } from '../postgres/postgres-connection.ts';

/**
 * Where an approval stands. `pending` waits for a person; `approved` is being executed (a row left `approved` after
 * a crash stays so: the write may or may not have happened, and only a person can tell); `executed` and `failed`
 * carry the action's result or error; `rejected` and `expired` never ran.
 *
 * @example
 * import type { ApprovalStatus } from './approvals-repo.ts';
 * const finished = (status: ApprovalStatus) => status === 'executed' || status === 'failed';
 */
export type ApprovalStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'executed' | 'failed';

/**
 * Every approval status, in the order a row moves through them.
 *
 * @example
 * import { APPROVAL_STATUSES } from './approvals-repo.ts';
 * APPROVAL_STATUSES.includes('pending'); // true
 */
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = Object.freeze([
  'pending',
  'approved',
  'executed',
  'failed',
  'rejected',
  'expired',
] as const);

/**
 * A write call to queue for a person's approval.
 *
 * @example
 * import type { NewApproval } from './approvals-repo.ts';
 * const approval: NewApproval = {
 *   actionId: 'hotmart_refund_sale', connectionId: 'main', input: { transaction: 'HP123' },
 *   preview: { summary: 'Refund HP123' }, requestedBy: 'user_1', expiresAt: Date.now() + 86_400_000,
 * };
 */
export interface NewApproval {
  actionId: string;
  /** The connection chosen when the call was made; execution uses the same one. */
  connectionId: string | null;
  /** The call's input as the caller sent it (JSON); parsed again by the action when it runs. */
  input: unknown;
  /** What the call would do (JSON), shown to the person deciding. */
  preview?: unknown;
  /** Who asked: the user behind the MCP token, or the local actor. */
  requestedBy: string;
  /** After this instant the call can no longer be approved. */
  expiresAt: number;
}

/**
 * One row of the approvals queue.
 *
 * @example
 * import type { ApprovalRecord } from './approvals-repo.ts';
 * const describe = (a: ApprovalRecord) => `#${a.id} ${a.actionId} ${a.status}`;
 */
export interface ApprovalRecord {
  id: number;
  actionId: string;
  connectionId: string | null;
  input: unknown;
  preview: unknown;
  requestedBy: string;
  requestedAt: number;
  status: ApprovalStatus;
  decidedBy: string | null;
  decidedAt: number | null;
  /** The action's output once `executed`. */
  result: unknown;
  /** A serialized error (`{ name, message, code? }`) once `failed`, or the reason once `rejected`. */
  error: unknown;
  expiresAt: number;
}

/**
 * What a decision did. Only `approved` (from `approve`) and `rejected` (from `reject`) changed the row; the others
 * say why nothing happened.
 *
 * @example
 * import type { ApprovalDecision } from './approvals-repo.ts';
 * const ran = (d: ApprovalDecision<'approved'>) => d.outcome === 'approved';
 */
export type ApprovalDecision<Done extends 'approved' | 'rejected' = 'approved' | 'rejected'> =
  | { outcome: Done; approval: ApprovalRecord }
  | { outcome: 'not_found' }
  /** Already decided (or executing): decisions are final. */
  | { outcome: 'not_pending'; approval: ApprovalRecord }
  /** Its time ran out: the row is now `expired`. */
  | { outcome: 'expired'; approval: ApprovalRecord };

/**
 * How an approved call ended.
 *
 * @example
 * import type { ApprovalOutcome } from './approvals-repo.ts';
 * const done: ApprovalOutcome = { status: 'executed', result: { ok: true } };
 */
export type ApprovalOutcome = { status: 'executed'; result: unknown } | { status: 'failed'; error: unknown };

/**
 * Filter of `ApprovalsRepo.list`.
 *
 * @example
 * import type { ApprovalFilter } from './approvals-repo.ts';
 * const mine: ApprovalFilter = { requestedBy: 'user_1', status: ['pending', 'approved'], limit: 20 };
 */
export interface ApprovalFilter {
  status?: ApprovalStatus | readonly ApprovalStatus[];
  requestedBy?: string;
  /** Default 50, at most 500. */
  limit?: number;
  /** Keyset pagination: rows with a smaller id (newest first). */
  beforeId?: number;
}

/**
 * The approvals queue of MCP write calls (table `approvals`, migration v005). Every transition is one conditional
 * statement (`… WHERE status = 'pending'`), so two people deciding at once can't both win, and an approval can't run
 * twice.
 *
 * @example
 * import { createApprovalsRepo } from './approvals-repo.ts';
 * const approvals = createApprovalsRepo(store);
 * const queued = await approvals.create({ actionId: 'hotmart_refund_sale', connectionId: 'main',
 *   input: { transaction: 'HP123' }, requestedBy: 'user_1', expiresAt: Date.now() + 3_600_000 }, Date.now());
 * const decision = await approvals.approve(queued.id, 'admin', Date.now());
 */
export interface ApprovalsRepo {
  create(approval: NewApproval, now: number): Promise<ApprovalRecord>;
  get(id: number): Promise<ApprovalRecord | null>;
  /** Pending rows that have not expired at `now`, oldest first. */
  listPending(options: { now: number; limit?: number }): Promise<ApprovalRecord[]>;
  /** Any rows, newest first. */
  list(filter?: ApprovalFilter): Promise<ApprovalRecord[]>;
  /** `pending` (and not expired) → `approved`; the caller then executes and calls `finish`. */
  approve(id: number, decidedBy: string, now: number): Promise<ApprovalDecision<'approved'>>;
  /** `pending` → `rejected`, keeping the reason in `error`. */
  reject(id: number, decidedBy: string, now: number, reason?: string): Promise<ApprovalDecision<'rejected'>>;
  /** `approved` → `executed` with the result, or `failed` with the error; null when the row is not `approved`. */
  finish(id: number, outcome: ApprovalOutcome, now: number): Promise<ApprovalRecord | null>;
  /** Marks every pending row whose time ran out as `expired`; returns how many. */
  expire(now: number): Promise<number>;
}

const DEFAULT_LIST = 50;
const MAX_LIST = 500;

function invalid(message: string): StoreError {
  return new StoreError('invalid', message);
}

function checkId(id: number): number {
  if (!Number.isSafeInteger(id) || id <= 0) throw invalid('approval id must be a positive integer');
  return id;
}

function checkTime(value: number, field: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(`${field} must be a finite number`);
  return Math.floor(value);
}

function checkText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${field} must be a non-empty string`);
  return value;
}

function checkLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIST;
  if (!Number.isSafeInteger(limit) || limit <= 0) throw invalid('limit must be a positive integer');
  return Math.min(limit, MAX_LIST);
}

function checkStatuses(status: ApprovalFilter['status']): ApprovalStatus[] | null {
  if (status === undefined) return null;
  const list = (typeof status === 'string' ? [status] : [...status]) as ApprovalStatus[];
  for (const item of list) {
    if (!APPROVAL_STATUSES.includes(item)) throw invalid(`unknown approval status "${String(item)}"`);
  }
  return list;
}

function checkNew(approval: NewApproval): NewApproval {
  checkText(approval.actionId, 'actionId');
  checkText(approval.requestedBy, 'requestedBy');
  if (approval.connectionId !== null) checkText(approval.connectionId, 'connectionId');
  if (approval.input === undefined || jsonText(approval.input) === null) throw invalid('input must be JSON');
  checkTime(approval.expiresAt, 'expiresAt');
  return approval;
}

function record(row: Row, codec: RowCodec): ApprovalRecord {
  const numOrNull = (value: unknown): number | null =>
    value === null || value === undefined ? null : Number(value);
  return {
    id: Number(row.id),
    actionId: String(row.action_id),
    connectionId: row.connection_id === null ? null : String(row.connection_id),
    input: codec.json(row.input),
    preview: codec.json(row.preview),
    requestedBy: String(row.requested_by),
    requestedAt: Number(row.requested_at),
    status: row.status as ApprovalStatus,
    decidedBy: row.decided_by === null ? null : String(row.decided_by),
    decidedAt: numOrNull(row.decided_at),
    result: codec.json(row.result),
    error: codec.json(row.error),
    expiresAt: Number(row.expires_at),
  };
}

function rejection(decidedBy: string, reason: string | undefined): { name: string; message: string } {
  return { name: 'ApprovalRejected', message: reason?.trim() || `rejected by ${decidedBy}` };
}

/**
 * The approvals queue of a store opened by `createSqliteStore` or `createPostgresStore` (the SQL dialect stays
 * in the store layer; store/ARCHITECTURE.md).
 *
 * @example
 * import { createApprovalsRepo } from './approvals-repo.ts';
 * const approvals = createApprovalsRepo(store);
 * const pending = await approvals.listPending({ now: Date.now() });
 */
export function createApprovalsRepo(store: Store): ApprovalsRepo {
  const handle = storeInternals(store);
  return handle.dialect === 'sqlite' ? sqliteApprovals(handle.db) : postgresApprovals(handle.pool);
}

function sqliteApprovals(db: Database.Database): ApprovalsRepo {
  const statements = new Map<string, Database.Statement>();
  const sql = (text: string): Database.Statement => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
  const get = (id: number): ApprovalRecord | null => {
    const row = sql('SELECT * FROM approvals WHERE id = ?').get(id) as Row | undefined;
    return row ? record(row, sqliteCodec) : null;
  };

  // One synchronous transaction per decision (store/ARCHITECTURE.md: SQLite writes never span an await).
  const decideInTransaction = db.transaction(
    (
      id: number,
      decidedBy: string,
      now: number,
      to: 'approved' | 'rejected',
      error: string | null,
    ): ApprovalDecision => {
      const current = get(id);
      if (!current) return { outcome: 'not_found' } as const;
      if (current.status !== 'pending') return { outcome: 'not_pending', approval: current } as const;
      if (current.expiresAt <= now) {
        sql("UPDATE approvals SET status = 'expired' WHERE id = ? AND status = 'pending'").run(id);
        return { outcome: 'expired', approval: { ...current, status: 'expired' } } as const;
      }
      const row = sql(
        `UPDATE approvals SET status = ?, decided_by = ?, decided_at = ?, error = ?
         WHERE id = ? AND status = 'pending' RETURNING *`,
      ).get(to, decidedBy, now, error, id) as Row;
      return { outcome: to, approval: record(row, sqliteCodec) };
    },
  );
  // The outcome of a decision is the decision asked for (`to`) or one of the refusals.
  const decide = <D extends 'approved' | 'rejected'>(
    id: number,
    decidedBy: string,
    now: number,
    to: D,
    error: string | null,
  ): ApprovalDecision<D> => decideInTransaction(id, decidedBy, now, to, error) as ApprovalDecision<D>;

  return {
    async create(approval, now) {
      checkNew(approval);
      const at = checkTime(now, 'now');
      const row = db.transaction(
        () =>
          sql(
            `INSERT INTO approvals (action_id, connection_id, input, preview, requested_by, requested_at, status, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, 'pending', ?) RETURNING *`,
          ).get(
            approval.actionId,
            approval.connectionId,
            jsonText(approval.input),
            jsonText(approval.preview ?? null),
            approval.requestedBy,
            at,
            checkTime(approval.expiresAt, 'expiresAt'),
          ) as Row,
      )();
      return record(row, sqliteCodec);
    },

    async get(id) {
      return get(checkId(id));
    },

    async listPending({ now, limit }) {
      const rows = sql(
        `SELECT * FROM approvals WHERE status = 'pending' AND expires_at > ? ORDER BY requested_at, id LIMIT ?`,
      ).all(checkTime(now, 'now'), checkLimit(limit)) as Row[];
      return rows.map((row) => record(row, sqliteCodec));
    },

    async list(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      const statuses = checkStatuses(filter.status);
      if (statuses) {
        where.push(`status IN (${statuses.map(() => '?').join(', ')})`);
        params.push(...statuses);
      }
      if (filter.requestedBy !== undefined) {
        where.push('requested_by = ?');
        params.push(checkText(filter.requestedBy, 'requestedBy'));
      }
      if (filter.beforeId !== undefined) {
        where.push('id < ?');
        params.push(checkId(filter.beforeId));
      }
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const rows = db
        .prepare(`SELECT * FROM approvals ${clause} ORDER BY id DESC LIMIT ?`)
        .all(...params, checkLimit(filter.limit)) as Row[];
      return rows.map((row) => record(row, sqliteCodec));
    },

    async approve(id, decidedBy, now) {
      return decide(checkId(id), checkText(decidedBy, 'decidedBy'), checkTime(now, 'now'), 'approved', null);
    },

    async reject(id, decidedBy, now, reason) {
      const who = checkText(decidedBy, 'decidedBy');
      return decide(checkId(id), who, checkTime(now, 'now'), 'rejected', jsonText(rejection(who, reason)));
    },

    async finish(id, outcome, now) {
      checkId(id);
      checkTime(now, 'now');
      const row = db.transaction(
        () =>
          sql(
            `UPDATE approvals SET status = ?, result = ?, error = ? WHERE id = ? AND status = 'approved' RETURNING *`,
          ).get(
            outcome.status,
            outcome.status === 'executed' ? jsonText(outcome.result ?? null) : null,
            outcome.status === 'failed' ? jsonText(outcome.error ?? null) : null,
            id,
          ) as Row | undefined,
      )();
      return row ? record(row, sqliteCodec) : null;
    },

    async expire(now) {
      const at = checkTime(now, 'now');
      return db.transaction(
        () =>
          sql("UPDATE approvals SET status = 'expired' WHERE status = 'pending' AND expires_at <= ?").run(at)
            .changes,
      )();
    },
  };
}

const NUL = '\u0000';

// PostgreSQL's JSONB refuses NUL (`\u0000`); an LLM's input could carry one. Same replacement as the adapter.
function pgJson(value: unknown): string | null {
  const text = jsonText(value);
  if (text === null || !text.includes('\\u0000')) return text;
  const clean = (item: unknown): unknown => {
    if (typeof item === 'string') return item.replaceAll(NUL, '\uFFFD');
    if (Array.isArray(item)) return item.map(clean);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(
        Object.entries(item).map(([k, v]) => [k.replaceAll(NUL, '\uFFFD'), clean(v)]),
      );
    }
    return item;
  };
  return JSON.stringify(clean(JSON.parse(text)));
}

const pgText = (value: string): string => (value.includes(NUL) ? value.replaceAll(NUL, '\uFFFD') : value);

function postgresApprovals(pool: pg.Pool): ApprovalsRepo {
  const query = async (text: string, params: unknown[]): Promise<Row[]> => {
    try {
      return (await pool.query(text, params)).rows as Row[];
    } catch (error) {
      throw storeErrorFrom(error);
    }
  };
  const one = async (text: string, params: unknown[]): Promise<ApprovalRecord | null> => {
    const [row] = await query(text, params);
    return row ? record(row, postgresCodec) : null;
  };

  const decide = async <D extends 'approved' | 'rejected'>(
    id: number,
    decidedBy: string,
    now: number,
    to: D,
    error: string | null,
  ): Promise<ApprovalDecision<D>> => {
    const decided = await one(
      `UPDATE approvals SET status = $1, decided_by = $2, decided_at = $3, error = $4::jsonb
       WHERE id = $5 AND status = 'pending' AND expires_at > $3 RETURNING *`,
      [to, pgText(decidedBy), now, error, id],
    );
    if (decided) return { outcome: to, approval: decided };
    // Nothing changed: say why. An expired pending row is marked so in the same conditional way.
    const expired = await one(
      `UPDATE approvals SET status = 'expired' WHERE id = $1 AND status = 'pending' AND expires_at <= $2 RETURNING *`,
      [id, now],
    );
    if (expired) return { outcome: 'expired', approval: expired };
    const current = await one('SELECT * FROM approvals WHERE id = $1', [id]);
    return current ? { outcome: 'not_pending', approval: current } : { outcome: 'not_found' };
  };

  return {
    async create(approval, now) {
      checkNew(approval);
      const created = await one(
        `INSERT INTO approvals (action_id, connection_id, input, preview, requested_by, requested_at, status, expires_at)
         VALUES ($1, $2, $3::jsonb, $4::jsonb, $5, $6, 'pending', $7) RETURNING *`,
        [
          pgText(approval.actionId),
          approval.connectionId === null ? null : pgText(approval.connectionId),
          pgJson(approval.input),
          pgJson(approval.preview ?? null),
          pgText(approval.requestedBy),
          checkTime(now, 'now'),
          checkTime(approval.expiresAt, 'expiresAt'),
        ],
      );
      return created!;
    },

    async get(id) {
      return one('SELECT * FROM approvals WHERE id = $1', [checkId(id)]);
    },

    async listPending({ now, limit }) {
      const rows = await query(
        `SELECT * FROM approvals WHERE status = 'pending' AND expires_at > $1 ORDER BY requested_at, id LIMIT $2`,
        [checkTime(now, 'now'), checkLimit(limit)],
      );
      return rows.map((row) => record(row, postgresCodec));
    },

    async list(filter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      const statuses = checkStatuses(filter.status);
      if (statuses) {
        params.push(statuses);
        where.push(`status = ANY($${params.length}::text[])`);
      }
      if (filter.requestedBy !== undefined) {
        params.push(pgText(checkText(filter.requestedBy, 'requestedBy')));
        where.push(`requested_by = $${params.length}`);
      }
      if (filter.beforeId !== undefined) {
        params.push(checkId(filter.beforeId));
        where.push(`id < $${params.length}`);
      }
      params.push(checkLimit(filter.limit));
      const clause = where.length > 0 ? `WHERE ${where.join(' AND ')}` : '';
      const rows = await query(
        `SELECT * FROM approvals ${clause} ORDER BY id DESC LIMIT $${params.length}`,
        params,
      );
      return rows.map((row) => record(row, postgresCodec));
    },

    async approve(id, decidedBy, now) {
      return decide(checkId(id), checkText(decidedBy, 'decidedBy'), checkTime(now, 'now'), 'approved', null);
    },

    async reject(id, decidedBy, now, reason) {
      const who = checkText(decidedBy, 'decidedBy');
      return decide(checkId(id), who, checkTime(now, 'now'), 'rejected', pgJson(rejection(who, reason)));
    },

    async finish(id, outcome, now) {
      checkId(id);
      checkTime(now, 'now');
      return one(
        `UPDATE approvals SET status = $1, result = $2::jsonb, error = $3::jsonb
         WHERE id = $4 AND status = 'approved' RETURNING *`,
        [
          outcome.status,
          outcome.status === 'executed' ? pgJson(outcome.result ?? null) : null,
          outcome.status === 'failed' ? pgJson(outcome.error ?? null) : null,
          id,
        ],
      );
    },

    async expire(now) {
      const rows = await query(
        "UPDATE approvals SET status = 'expired' WHERE status = 'pending' AND expires_at <= $1 RETURNING id",
        [checkTime(now, 'now')],
      );
      return rows.length;
    },
  };
}
