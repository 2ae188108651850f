import { StoreError } from '../errors.ts';
import type { EventRecord, InboxEntry, Lease, NewConnection, NewRun, StepRecord } from '../port.ts';

/*
 * Input checks shared by both adapters. They run before anything is queued or written, so a bad value fails its own
 * call with a clear `invalid` error instead of failing a whole group-commit batch or dispatch transaction, and both
 * dialects refuse exactly the same things.
 */

const invalid = (message: string): StoreError => new StoreError('invalid', message);

/**
 * The retention floor for inbox rows: dedup works by looking up the event id in the inbox, and Hotmart retries a
 * delivery for days, so rows younger than this are never pruned whatever the policy says.
 *
 * @example
 * import { INBOX_DEDUP_WINDOW_MS } from './checks.ts';
 * console.log(INBOX_DEDUP_WINDOW_MS / 86_400_000); // 7
 */
export const INBOX_DEDUP_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Epoch milliseconds as the integer both dialects store (PostgreSQL BIGINT refuses fractions; a jittered backoff
 * may produce one).
 *
 * @example
 * import { toMs } from './checks.ts';
 * toMs(1_700_000_000_000.7, 'dueAt'); // 1700000000000
 */
export function toMs(value: unknown, field: string): number {
  // ±8.64e15 ms is the range of a JavaScript Date; beyond it PostgreSQL BIGINT would refuse some values, SQLite none.
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > MAX_MS) {
    throw invalid(`${field} must be a time in epoch milliseconds`);
  }
  return Math.floor(value);
}

const MAX_MS = 8.64e15;

/** Attempt counters are INTEGER columns; a million attempts is already absurd. */
const MAX_ATTEMPTS = 1_000_000;

/**
 * Same as `toMs`, but `null` (and `undefined`) pass as `null`.
 *
 * @example
 * import { toMsOrNull } from './checks.ts';
 * toMsOrNull(null, 'wakeAt'); // null
 */
export function toMsOrNull(value: unknown, field: string): number | null {
  return value === null || value === undefined ? null : toMs(value, field);
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.length === 0) throw invalid(`${field} must be a non-empty string`);
  return value;
}

function textOrNull(value: unknown, field: string): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') throw invalid(`${field} must be a string or null`);
  return value;
}

/** Lookup columns of events: Hotmart sends some ids as numbers in older payloads, so numbers become text. */
function lookupText(value: unknown, field: string): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return textOrNull(value, field);
}

function plainObject(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(`${field} must be an object`);
  }
  return value as Record<string, unknown>;
}

/**
 * A page size between 1 and `max` (default 100).
 *
 * @example
 * import { pageSize } from './checks.ts';
 * pageSize(undefined); // 100
 * pageSize(5_000); // 1000
 */
export function pageSize(limit: number | undefined, fallback = 100, max = 1000): number {
  if (limit === undefined) return fallback;
  if (!Number.isFinite(limit)) throw invalid('limit must be a finite number');
  return Math.min(max, Math.max(1, Math.floor(limit)));
}

/** Connection ids appear in webhook URLs, so only URL-unreserved characters are allowed. */
const CONNECTION_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/;

/** Connector ids: `hotmart`, `hubspot`, `google-sheets`… */
const CONNECTOR_KIND = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * Validates a new connection and fills its defaults.
 *
 * @example
 * import { checkNewConnection } from './checks.ts';
 * const connection = checkNewConnection({ id: 'main', name: 'Main store', hottoks: ['tok'] });
 * console.log(connection.kind); // 'hotmart'
 */
export function checkNewConnection(input: NewConnection): Required<NewConnection> {
  if (typeof input?.id !== 'string' || !CONNECTION_ID.test(input.id)) {
    throw invalid('connection id must be 1-64 URL-safe characters (letters, digits, ".", "_", "~", "-")');
  }
  const kind = input.kind ?? 'hotmart';
  if (typeof kind !== 'string' || !CONNECTOR_KIND.test(kind)) {
    throw invalid(
      'connection kind must be a connector id (lowercase letters, digits and "-"), e.g. "hotmart"',
    );
  }
  return {
    id: input.id,
    kind,
    name: text(input.name, 'connection name'),
    hottoks: checkHottoks(input.hottoks),
    credentials: checkCredentials(input.credentials),
    settings: input.settings === undefined ? {} : plainObject(input.settings, 'connection settings'),
  };
}

/**
 * Accepted hottoks: a list of non-empty strings (empty during setup is allowed; the webhook route then refuses all).
 *
 * @example
 * import { checkHottoks } from './checks.ts';
 * checkHottoks(['old-token', 'new-token']);
 */
export function checkHottoks(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((token) => typeof token !== 'string' || token.length === 0)) {
    throw invalid('hottoks must be a list of non-empty strings');
  }
  return [...value];
}

/**
 * Connection credentials: an object or null.
 *
 * @example
 * import { checkCredentials } from './checks.ts';
 * checkCredentials({ clientId: 'id', clientSecret: 'secret' });
 */
export function checkCredentials(value: unknown): Record<string, unknown> | null {
  if (value === null || value === undefined) return null;
  return plainObject(value, 'connection credentials');
}

/**
 * Validates an inbox entry before it is queued for the group commit; returns it with normalised fields.
 *
 * @example
 * import { checkInboxEntry } from './checks.ts';
 * checkInboxEntry({
 *   connectionId: 'main', eventId: 'evt-1', receivedAt: Date.now(), contentType: 'application/json',
 *   headers: {}, body: '{}',
 * });
 */
export function checkInboxEntry(entry: InboxEntry): InboxEntry & { quarantineReason: string | null } {
  if (typeof entry !== 'object' || entry === null) throw invalid('inbox entry must be an object');
  if (typeof entry.body !== 'string') throw invalid('inbox body must be a string');
  const headers = plainObject(entry.headers, 'inbox headers');
  for (const value of Object.values(headers)) {
    if (typeof value !== 'string') throw invalid('inbox header values must be strings');
  }
  return {
    connectionId: text(entry.connectionId, 'inbox connectionId'),
    eventId: text(entry.eventId, 'inbox eventId'),
    receivedAt: toMs(entry.receivedAt, 'inbox receivedAt'),
    contentType: textOrNull(entry.contentType, 'inbox contentType'),
    headers: headers as Record<string, string>,
    body: entry.body,
    quarantineReason: textOrNull(entry.quarantineReason, 'inbox quarantineReason'),
  };
}

/**
 * Validates a new run; returns it with normalised times and nulls.
 *
 * @example
 * import { checkNewRun } from './checks.ts';
 * checkNewRun({
 *   id: 'welcome:evt-1', workflowId: 'welcome', eventId: 'evt-1', connectionId: 'main',
 *   concurrencyKey: 'buyer@example.com', input: { eventId: 'evt-1' }, maxAttempts: 5, dueAt: Date.now(),
 * });
 */
export function checkNewRun(run: NewRun): NewRun {
  if (typeof run !== 'object' || run === null) throw invalid('run must be an object');
  if (!Number.isInteger(run.maxAttempts) || run.maxAttempts < 1 || run.maxAttempts > MAX_ATTEMPTS) {
    throw invalid(`run ${String(run.id)}: maxAttempts must be an integer from 1 to ${MAX_ATTEMPTS}`);
  }
  return {
    id: text(run.id, 'run id'),
    workflowId: text(run.workflowId, 'run workflowId'),
    eventId: textOrNull(run.eventId, 'run eventId'),
    connectionId: textOrNull(run.connectionId, 'run connectionId'),
    concurrencyKey: textOrNull(run.concurrencyKey, 'run concurrencyKey'),
    input: run.input ?? null,
    maxAttempts: run.maxAttempts,
    dueAt: toMs(run.dueAt, 'run dueAt'),
  };
}

/**
 * Validates an event record (from a dispatch decision or reconciliation).
 *
 * @example
 * import { checkEvent } from './checks.ts';
 * checkEvent({
 *   id: 'evt-1', connectionId: 'main', name: 'PURCHASE_APPROVED', version: '2.0.0', occurredAt: 1, receivedAt: 2,
 *   transaction: 'HP1', buyerEmail: 'a@b.c', subscriberCode: null, productId: '42', normalized: {}, payload: {},
 *   reconciled: false,
 * });
 */
export function checkEvent(event: EventRecord): EventRecord {
  if (typeof event !== 'object' || event === null) throw invalid('event must be an object');
  return {
    id: text(event.id, 'event id'),
    connectionId: text(event.connectionId, 'event connectionId'),
    name: text(event.name, 'event name'),
    version: typeof event.version === 'string' ? event.version : String(event.version ?? ''),
    occurredAt: toMs(event.occurredAt, 'event occurredAt'),
    receivedAt: toMs(event.receivedAt, 'event receivedAt'),
    transaction: lookupText(event.transaction, 'event transaction'),
    buyerEmail: lookupText(event.buyerEmail, 'event buyerEmail'),
    subscriberCode: lookupText(event.subscriberCode, 'event subscriberCode'),
    productId: lookupText(event.productId, 'event productId'),
    normalized: plainObject(event.normalized, 'event normalized'),
    payload: event.payload ?? null,
    reconciled: event.reconciled === true,
  };
}

/**
 * Validates a lease (the proof of a claim every worker write carries).
 *
 * @example
 * import { checkLease } from './checks.ts';
 * checkLease({ runId: 'welcome:evt-1', epoch: 3, owner: 'worker-1' });
 */
export function checkLease(lease: Lease): Lease {
  if (typeof lease !== 'object' || lease === null) throw invalid('lease must be an object');
  if (!Number.isInteger(lease.epoch)) throw invalid('lease epoch must be an integer');
  return { runId: text(lease.runId, 'lease runId'), epoch: lease.epoch, owner: String(lease.owner ?? '') };
}

/**
 * Validates a step record before `saveStep`.
 *
 * @example
 * import { checkStep } from './checks.ts';
 * checkStep({
 *   runId: 'r1', stepId: 'send-email', status: 'completed', output: { ok: true }, error: null, wakeAt: null,
 *   attempt: 0, startedAt: 1, finishedAt: 2, durationMs: 1,
 * });
 */
export function checkStep(step: StepRecord): StepRecord {
  if (typeof step !== 'object' || step === null) throw invalid('step must be an object');
  if (step.status !== 'completed' && step.status !== 'failed' && step.status !== 'sleeping') {
    throw invalid('step status must be completed, failed or sleeping');
  }
  if (!Number.isInteger(step.attempt) || step.attempt < 0)
    throw invalid('step attempt must be an integer ≥ 0');
  const durationMs = step.durationMs ?? null;
  if (durationMs !== null && !Number.isFinite(durationMs)) throw invalid('step durationMs must be finite');
  if (step.outputJson !== undefined && typeof step.outputJson !== 'string') {
    throw invalid('step outputJson must be JSON text when given');
  }
  return {
    runId: text(step.runId, 'step runId'),
    stepId: text(step.stepId, 'step id'),
    status: step.status,
    output: step.output ?? null,
    ...(step.outputJson === undefined ? {} : { outputJson: step.outputJson }),
    error: step.error ?? null,
    wakeAt: toMsOrNull(step.wakeAt, 'step wakeAt'),
    attempt: step.attempt,
    startedAt: toMs(step.startedAt, 'step startedAt'),
    finishedAt: toMsOrNull(step.finishedAt, 'step finishedAt'),
    durationMs,
  };
}

/**
 * Validates an audit entry and fills its defaults.
 *
 * @example
 * import { checkAudit } from './checks.ts';
 * checkAudit({ actor: 'cli', action: 'run.replay' }, 1); // { actor: 'cli', action: 'run.replay', target: null, … }
 */
export function checkAudit(
  entry: { actor: string; action: string; target?: string | null; details?: unknown },
  at: number,
): { actor: string; action: string; target: string | null; details: unknown; at: number } {
  if (typeof entry?.actor !== 'string' || entry.actor.length === 0) {
    throw invalid('audit actor must be a non-empty string');
  }
  if (typeof entry.action !== 'string' || entry.action.length === 0) {
    throw invalid('audit action must be a non-empty string');
  }
  return {
    actor: entry.actor,
    action: entry.action,
    target: entry.target ?? null,
    details: entry.details ?? null,
    at,
  };
}

/**
 * The cutoffs of a retention policy; the inbox keeps at least the dedup window whatever the policy says.
 *
 * @example
 * import { retentionCutoffs } from './checks.ts';
 * retentionCutoffs({ runsMs: 0, inboxMs: 0, eventsMs: 0, now: 10 * 86_400_000 }).inbox; // 3 days in ms
 */
export function retentionCutoffs(policy: {
  runsMs: number;
  inboxMs: number;
  eventsMs: number;
  now: number;
}): { runs: number; inbox: number; events: number } {
  const now = toMs(policy?.now, 'policy.now');
  const age = (value: number, field: string): number => {
    const ms = toMs(value, field);
    if (ms < 0) throw invalid(`${field} must not be negative`);
    return ms;
  };
  return {
    runs: now - age(policy.runsMs, 'policy.runsMs'),
    inbox: now - Math.max(INBOX_DEDUP_WINDOW_MS, age(policy.inboxMs, 'policy.inboxMs')),
    events: now - age(policy.eventsMs, 'policy.eventsMs'),
  };
}
