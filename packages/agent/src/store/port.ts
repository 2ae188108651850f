/**
 * The storage port: everything the inbox, the dispatcher, the engine and the scheduler need from a database, and
 * nothing dialect-specific. Two adapters implement it (SQLite embedded, PostgreSQL scale-out) and one conformance
 * suite runs against both. See `store/ARCHITECTURE.md` for the invariants.
 *
 * Times are epoch milliseconds (numbers) everywhere in this interface; JSON columns are plain JS values.
 */

/**
 * An account connected to hotpilot: a Hotmart account (addressed in the webhook URL `/webhooks/hotmart/:id`) or a
 * connector's account (HubSpot, Zendesk, Slack, Google Sheets, SMTP, outbound webhooks). A seller can have several
 * connections of one kind.
 */
export interface ConnectionRecord {
  /** URL-safe slug, e.g. `main` or `store-br`. */
  id: string;
  /** Connector id: `hotmart`, `hubspot`, `zendesk`, `slack`, `google-sheets`, `email`, `webhook-out`. */
  kind: string;
  name: string;
  /** Accepted hottoks (several during a rotation), decrypted. */
  hottoks: string[];
  /** Decrypted credentials object (e.g. `{ clientId, clientSecret, basic? }`) or null when not set. */
  credentials: Record<string, unknown> | null;
  /** Non-secret settings (e.g. API base URL override, time zone). */
  settings: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
}

export interface NewConnection {
  id: string;
  /** Default `hotmart`. */
  kind?: string;
  name: string;
  hottoks: string[];
  credentials?: Record<string, unknown> | null;
  settings?: Record<string, unknown>;
}

/** What the webhook route hands to the inbox after the hottok check. */
export interface InboxEntry {
  connectionId: string;
  /**
   * Hotmart's envelope `id` when the body parses far enough to have one; otherwise a stable digest of the raw body
   * (`sha256:<hex>`), so a repeated undecodable body still deduplicates.
   */
  eventId: string;
  receivedAt: number;
  contentType: string | null;
  /** Selected request headers (never the hottok). */
  headers: Record<string, string>;
  /** The raw body exactly as received (UTF-8 text; form bodies included). */
  body: string;
  /** Set when the body is authenticated but cannot be parsed: stored, acknowledged, and shown in quarantine. */
  quarantineReason?: string | null;
}

export type InboxStatus = 'pending' | 'dispatched' | 'quarantined';

export interface InboxRecord extends InboxEntry {
  /** Monotonic sequence number assigned by the store (dispatch order). */
  seq: number;
  status: InboxStatus;
  quarantineReason: string | null;
  dispatchedAt: number | null;
}

/** A parsed, normalised Hotmart event, stored by the dispatcher. */
export interface EventRecord {
  /** Hotmart event id (dedup key). */
  id: string;
  connectionId: string;
  name: string;
  version: string;
  occurredAt: number;
  receivedAt: number;
  transaction: string | null;
  buyerEmail: string | null;
  subscriberCode: string | null;
  productId: string | null;
  /** `normalizeWebhook()` output. */
  normalized: Record<string, unknown>;
  /** The parsed event (typed union member) as JSON. */
  payload: unknown;
  /** True for synthetic events created by reconciliation. */
  reconciled: boolean;
}

export type RunStatus =
  /** Waiting for a worker (new, or retry scheduled at `dueAt`). */
  | 'queued'
  /** Claimed by a worker under a lease. */
  | 'running'
  /** Parked until `dueAt` by `step.sleep` / `step.sleepUntil`. */
  | 'sleeping'
  | 'completed'
  /** Retries exhausted or a NonRetriableError: needs a person (replay). */
  | 'dead'
  | 'cancelled';

export interface NewRun {
  /** `${workflowId}:${eventId}` for event runs, `${workflowId}@${slotIso}` for cron runs, or a random id. */
  id: string;
  workflowId: string;
  eventId: string | null;
  connectionId: string | null;
  concurrencyKey: string | null;
  /** Workflow input (e.g. `{ eventId }` or `{ slot }`). */
  input: unknown;
  maxAttempts: number;
  /** When the run may start (default: now). */
  dueAt: number;
}

export interface RunRecord extends NewRun {
  status: RunStatus;
  /** Failed executions so far (drives backoff and `maxAttempts`). */
  attempt: number;
  /**
   * Fencing token: 0 when the run is created, incremented by every claim, cancel and replay. Every write a worker
   * makes carries the epoch it claimed with; a write with an older epoch is refused, so a late finisher can't
   * overwrite a newer attempt. A run claimed at epoch 1 is on its first claim and has no steps yet (the engine relies
   * on it to skip reading them).
   */
  leaseEpoch: number;
  leaseOwner: string | null;
  leaseExpiresAt: number | null;
  output: unknown;
  error: SerializedError | null;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  stack?: string;
  /** Extra, JSON-safe details (never secrets). */
  details?: unknown;
}

export type StepStatus = 'completed' | 'failed' | 'sleeping';

export interface StepRecord {
  runId: string;
  stepId: string;
  status: StepStatus;
  output: unknown;
  /**
   * `output` as JSON text (`JSON.stringify(output)`), when the writer has it already: the engine serialises every
   * step's output once to normalise it, and the store then writes this text instead of serialising the value again.
   * Records read back from the store don't carry it.
   */
  outputJson?: string;
  error: SerializedError | null;
  /** For sleeping steps: when the sleep ends. */
  wakeAt: number | null;
  /** The run attempt during which the step finished. */
  attempt: number;
  startedAt: number;
  finishedAt: number | null;
  durationMs: number | null;
}

/** Proof of a claim: every worker write carries it. */
export interface Lease {
  runId: string;
  epoch: number;
  owner: string;
}

export interface ClaimOptions {
  owner: string;
  limit: number;
  leaseMs: number;
  now: number;
  /** Restrict to these workflow ids (a worker only claims workflows it knows). */
  workflowIds?: readonly string[];
}

/** What the dispatcher decides for one inbox row; computed synchronously inside the store's transaction. */
export type DispatchDecision =
  | { kind: 'event'; event: EventRecord; runs: NewRun[] }
  | { kind: 'quarantine'; reason: string };

export interface RunFilter {
  status?: RunStatus | RunStatus[];
  workflowId?: string;
  eventId?: string;
  limit?: number;
  /** Keyset pagination: runs created before this `createdAt`/`id` pair. */
  before?: { createdAt: number; id: string };
}

export interface EventFilter {
  name?: string | string[];
  connectionId?: string;
  buyerEmail?: string;
  transaction?: string;
  limit?: number;
  before?: { receivedAt: number; id: string };
}

export interface AuditEntry {
  actor: string;
  action: string;
  target?: string | null;
  details?: unknown;
}

export interface AuditRecord extends Required<AuditEntry> {
  id: number;
  at: number;
}

export interface ScheduleRecord {
  workflowId: string;
  /** The newest slot (epoch ms) for which a run was created. */
  lastSlot: number | null;
  updatedAt: number;
}

export interface RetentionPolicy {
  /** Completed/cancelled runs (and their steps) older than this are deleted. */
  runsMs: number;
  /** Dispatched inbox rows older than this are deleted; the store enforces at least 7 days (dedup window). */
  inboxMs: number;
  /** Events older than this are deleted (their runs must be gone first). */
  eventsMs: number;
  now: number;
}

export interface PruneResult {
  runs: number;
  steps: number;
  inbox: number;
  events: number;
}

export interface QueueDepth {
  inboxPending: number;
  runsQueued: number;
  runsRunning: number;
  runsSleeping: number;
  runsDead: number;
}

/**
 * The storage port. Adapters: `createSqliteStore` and `createPostgresStore`.
 * All methods are async so both adapters share one shape; SQLite resolves on the next microtask.
 */
export interface Store {
  readonly dialect: 'sqlite' | 'postgres';

  /** Applies pending migrations (forward-only, versioned); returns the versions applied now. */
  migrate(): Promise<number[]>;
  /** Current schema version and the newest this build knows. */
  schemaVersion(): Promise<{ current: number; latest: number }>;
  /** Cheap round trip for `/readyz`. */
  ping(): Promise<void>;
  close(): Promise<void>;

  // Connections (secrets encrypted at rest by the adapter with the configured key).
  createConnection(input: NewConnection, now: number): Promise<ConnectionRecord>;
  getConnection(id: string): Promise<ConnectionRecord | null>;
  /** Every connection, by id; with `kind`, only that connector's (the others are not even decrypted). */
  listConnections(filter?: { kind?: string }): Promise<ConnectionRecord[]>;
  updateConnection(
    id: string,
    patch: Partial<Pick<ConnectionRecord, 'name' | 'hottoks' | 'credentials' | 'settings'>>,
    now: number,
  ): Promise<ConnectionRecord>;
  deleteConnection(id: string): Promise<boolean>;

  /**
   * Durably stores one webhook delivery. Deliveries that arrive in the same event-loop turn share one transaction
   * (group commit). Resolves only after the commit: `stored` for a new event id, `duplicate` when
   * (connectionId, eventId) is already in the inbox.
   */
  ingest(entry: InboxEntry): Promise<'stored' | 'duplicate'>;
  getInbox(seq: number): Promise<InboxRecord | null>;
  listInbox(filter: { status?: InboxStatus; limit?: number; beforeSeq?: number }): Promise<InboxRecord[]>;
  /** Wakes the dispatcher when new inbox rows are committed (in-process; LISTEN/NOTIFY on PostgreSQL). */
  onInbox(listener: () => void): () => void;

  /**
   * Takes up to `limit` pending inbox rows, calls `decide` for each, and commits the decisions in one transaction:
   * the event row (ON CONFLICT DO NOTHING), its runs (unique on workflowId + eventId), and the inbox row marked
   * dispatched or quarantined. PostgreSQL locks the rows (SKIP LOCKED) and decides inside the transaction; SQLite
   * decides before taking its one write lock and writes only the rows still pending. Returns the runs created.
   * `decide` must be synchronous and must not do I/O.
   */
  dispatchInbox(
    limit: number,
    now: number,
    decide: (row: InboxRecord) => DispatchDecision,
  ): Promise<{
    dispatched: number;
    quarantined: number;
    runs: NewRun[];
  }>;
  /** Re-queues a quarantined or dispatched inbox row for another dispatch (after a parser fix, say). */
  requeueInbox(seq: number): Promise<boolean>;

  getEvent(id: string): Promise<EventRecord | null>;
  listEvents(filter: EventFilter): Promise<EventRecord[]>;
  /** Inserts a synthetic event (reconciliation) and its runs in one transaction; false if the id exists. */
  insertEvent(event: EventRecord, runs: NewRun[]): Promise<boolean>;

  /** Creates runs, ignoring ids that exist; returns the ids actually created. */
  createRuns(runs: NewRun[], now: number): Promise<string[]>;
  getRun(id: string): Promise<RunRecord | null>;
  listRuns(filter: RunFilter): Promise<RunRecord[]>;
  /** Wakes workers when runs become due (in-process; LISTEN/NOTIFY on PostgreSQL). */
  onRunsReady(listener: () => void): () => void;
  /** Earliest `dueAt` among queued/sleeping runs, for the worker's next timer; null when none. */
  nextDueAt(): Promise<number | null>;

  /**
   * Claims due runs: status queued/sleeping with dueAt ≤ now, or running with an expired lease. Never returns two
   * runs with the same concurrency key, nor a run whose key has another run running under a live lease; within a
   * key the oldest due run goes first. Sets status running, leaseOwner, leaseExpiresAt = now + leaseMs and
   * increments leaseEpoch.
   */
  claimRuns(options: ClaimOptions): Promise<RunRecord[]>;
  /** Extends a live lease; false when the lease was lost (epoch moved on) — the worker must stop. */
  heartbeat(lease: Lease, leaseExpiresAt: number): Promise<boolean>;

  /** Memoized steps of a run, by step id. */
  getSteps(runId: string): Promise<StepRecord[]>;
  /**
   * Stores a finished step (unique on runId + stepId), fenced by the lease: false when the lease is stale (nothing
   * written). A step that already exists is left as it is and true is returned only if it is identical in status.
   */
  saveStep(lease: Lease, step: StepRecord): Promise<boolean>;

  /** Fenced run transitions; each returns false (and writes nothing) when the lease is stale. */
  completeRun(lease: Lease, output: unknown, now: number): Promise<boolean>;
  /** `retryAt` null ⇒ dead. Increments `attempt`. */
  failRun(lease: Lease, error: SerializedError, retryAt: number | null, now: number): Promise<boolean>;
  /** Parks the run until `wakeAt` (status sleeping) without counting an attempt. */
  sleepRun(lease: Lease, wakeAt: number, now: number): Promise<boolean>;
  /**
   * Gives a claimed run back unchanged: status queued, due at `dueAt` (default and at the earliest `now`), attempt
   * unchanged. Graceful shutdown gives runs back due now; a run deferred by a spent rate budget, due when it has room.
   */
  releaseRun(lease: Lease, now: number, dueAt?: number): Promise<boolean>;

  /** Operator actions (bump the epoch so any in-flight attempt can no longer write). */
  cancelRun(id: string, now: number): Promise<boolean>;
  /**
   * `whole`: forget every step and start over. `failed`: keep completed steps, drop failed/sleeping ones, so the run
   * resumes at the step that failed. Resets `attempt`; status queued, due now.
   */
  replayRun(id: string, mode: 'whole' | 'failed', now: number): Promise<boolean>;

  /** Cron bookkeeping: creates the slot's run (deterministic id) and advances lastSlot atomically. */
  getSchedule(workflowId: string): Promise<ScheduleRecord | null>;
  recordScheduledRun(workflowId: string, slot: number, run: NewRun, now: number): Promise<boolean>;

  appendAudit(entry: AuditEntry, now: number): Promise<AuditRecord>;
  listAudit(filter: { limit?: number; beforeId?: number; action?: string }): Promise<AuditRecord[]>;

  /** Small durable key/value state (sync checkpoints, settings). */
  getState<T = unknown>(key: string): Promise<T | null>;
  /**
   * The same value as its stored JSON text, unparsed: for a reader that keeps what it derived from the last text
   * and only needs to know whether it changed (the agent settings, read by every run). Null when the key is absent.
   */
  getStateText(key: string): Promise<string | null>;
  setState(key: string, value: unknown, now: number): Promise<void>;

  prune(policy: RetentionPolicy): Promise<PruneResult>;
  queueDepth(): Promise<QueueDepth>;
}
