import { parseConnection } from '../connectors/connections.ts';
import { getHotmartClient } from '../connectors/hotmart/hotmart-client.ts';
import type { HotmartCredentials } from '../connectors/hotmart/hotmart-connection.ts';
import type { Registry } from '../connectors/registry.ts';
import type { Clock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';
import { redact, redactText } from '../kit/redact.ts';
import { SYNC_RESOURCES, type SyncProgress, type SyncResource, syncConnection } from '../mirror/sync.ts';
import type { ConnectionRecord, Store } from '../store/port.ts';

/**
 * A mirror sync started from the dashboard, as the progress panel shows it.
 *
 * @example
 * import type { SyncJobView } from './sync-jobs.ts';
 * const label = (job: SyncJobView) => `${job.state}: ${job.progress.map((p) => p.resource).join(', ')}`;
 */
export interface SyncJobView {
  connectionId: string;
  state: 'running' | 'done' | 'failed';
  startedAt: number;
  finishedAt: number | null;
  /** The latest progress of each resource reached so far, in sync order. */
  progress: SyncProgress[];
  /** Records written per resource, once done. */
  items: Partial<Record<SyncResource, number>>;
  /** Why it failed (redacted), once failed. */
  error: string | null;
}

/**
 * Mirror syncs running in this process, one per connection at most. A sync takes minutes on a big account, so the
 * dashboard starts it here and returns at once; the page polls {@link SyncJobs.get} for progress. Checkpoints live
 * in the store, so a sync cut short (a restart) resumes where it stopped the next time.
 *
 * @example
 * import { createSyncJobs } from './sync-jobs.ts';
 * const jobs = createSyncJobs({ store, registry, fetch, logger, now: Date.now });
 * jobs.start(connection);
 * console.log(jobs.get(connection.id)?.state); // 'running'
 */
export interface SyncJobs {
  /** Starts a sync of a Hotmart connection; `already_running` or a reason (`not_hotmart`, `invalid_credentials`). */
  start(connection: ConnectionRecord): 'started' | 'already_running' | 'not_hotmart' | 'invalid_credentials';
  get(connectionId: string): SyncJobView | null;
  /** Aborts every running sync (shutdown); finished windows stay checkpointed. */
  stopAll(): void;
}

/**
 * Creates the process's {@link SyncJobs}.
 *
 * @example
 * import { createSyncJobs } from './sync-jobs.ts';
 * const jobs = createSyncJobs({ store, registry, fetch, logger, now: Date.now });
 */
export function createSyncJobs(deps: {
  store: Store;
  registry: Registry;
  fetch: typeof fetch;
  logger: Logger;
  now: Clock;
}): SyncJobs {
  const jobs = new Map<string, { view: SyncJobView; abort: AbortController }>();
  return {
    start(record) {
      const current = jobs.get(record.id);
      if (current?.view.state === 'running') return 'already_running';
      const connector = deps.registry.connector('hotmart');
      if (record.kind !== 'hotmart' || !connector) return 'not_hotmart';
      let client: ReturnType<typeof getHotmartClient>;
      try {
        const parsed = parseConnection(connector, record);
        client = getHotmartClient(
          { ...parsed, credentials: parsed.credentials as HotmartCredentials },
          { fetch: deps.fetch, logger: deps.logger, now: deps.now },
        );
      } catch {
        return 'invalid_credentials';
      }
      const view: SyncJobView = {
        connectionId: record.id,
        state: 'running',
        startedAt: deps.now(),
        finishedAt: null,
        progress: [],
        items: {},
        error: null,
      };
      const abort = new AbortController();
      jobs.set(record.id, { view, abort });
      const onProgress = (progress: SyncProgress) => {
        const index = view.progress.findIndex((entry) => entry.resource === progress.resource);
        if (index === -1) view.progress.push({ ...progress });
        else view.progress[index] = { ...progress };
        view.progress.sort((a, b) => SYNC_RESOURCES.indexOf(a.resource) - SYNC_RESOURCES.indexOf(b.resource));
      };
      void syncConnection({
        store: deps.store,
        client,
        connection: { id: record.id },
        onProgress,
        signal: abort.signal,
        now: deps.now,
        logger: deps.logger,
      }).then(
        (result) => {
          for (const [resource, outcome] of Object.entries(result.resources)) {
            view.items[resource as SyncResource] = outcome?.items ?? 0;
          }
          view.state = 'done';
          view.finishedAt = deps.now();
          deps.logger.info({ connection: record.id, items: view.items }, 'dashboard sync finished');
        },
        (error: unknown) => {
          view.state = 'failed';
          view.finishedAt = deps.now();
          view.error = redactText(error instanceof Error ? error.message : String(error)).slice(0, 500);
          deps.logger.warn({ err: redact(error), connection: record.id }, 'dashboard sync failed');
        },
      );
      return 'started';
    },
    get(connectionId) {
      const job = jobs.get(connectionId);
      return job ? structuredClone(job.view) : null;
    },
    stopAll() {
      for (const job of jobs.values()) if (job.view.state === 'running') job.abort.abort();
    },
  };
}
