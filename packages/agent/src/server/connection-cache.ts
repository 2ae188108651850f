import type { Clock } from '../kit/clock.ts';
import { systemClock } from '../kit/clock.ts';
import type { ConnectionRecord, Store } from '../store/port.ts';

/**
 * Options of `createConnectionCache`.
 *
 * @example
 * import type { ConnectionCacheOptions } from './connection-cache.ts';
 * const options: ConnectionCacheOptions = { store, ttlMs: 5_000 };
 */
export interface ConnectionCacheOptions {
  store: Pick<Store, 'getConnection'>;
  /**
   * How long an entry (found or not) is trusted. Other processes (the CLI, other web nodes) change connections
   * without telling this one, so entries expire; changes made in this process call `invalidate` at once.
   * Default 5 s.
   */
  ttlMs?: number;
  now?: Clock;
  /** Remembered unknown ids at most; a scanner trying random URLs can't grow the map without bound. */
  maxMissing?: number;
}

/**
 * Connections by id, kept in memory so the webhook route doesn't read and decrypt the connection on every
 * delivery.
 *
 * @example
 * import { createConnectionCache } from './connection-cache.ts';
 * const connections = createConnectionCache({ store });
 * const connection = await connections.get('main'); // ConnectionRecord | null
 * connections.invalidate('main'); // after updating its hottoks
 */
export interface ConnectionCache {
  /** The connection, or null when no connection has this id. Store errors reject. */
  get(id: string): Promise<ConnectionRecord | null>;
  /** Forgets one id (or every id), so the next `get` reads the store. */
  invalidate(id?: string): void;
}

interface Entry {
  value: ConnectionRecord | null;
  loadedAt: number;
}

/**
 * Builds a `ConnectionCache` with a time-to-live, concurrent loads of one id coalesced into one store read, and
 * a bounded memory of unknown ids.
 *
 * @example
 * import { createConnectionCache } from './connection-cache.ts';
 * const connections = createConnectionCache({ store, ttlMs: 2_000 });
 */
export function createConnectionCache(options: ConnectionCacheOptions): ConnectionCache {
  const { store } = options;
  const ttlMs = options.ttlMs ?? 5_000;
  const now = options.now ?? systemClock;
  const maxMissing = options.maxMissing ?? 1_000;
  const entries = new Map<string, Entry>();
  const loading = new Map<string, Promise<ConnectionRecord | null>>();
  let missing = 0;
  // Bumped by invalidate(), so a load that started before an invalidation doesn't store its stale answer.
  let generation = 0;

  const load = (id: string): Promise<ConnectionRecord | null> => {
    const pending = loading.get(id);
    if (pending) return pending;
    const started = generation;
    const promise = store
      .getConnection(id)
      .then((value) => {
        if (started === generation) remember(id, value);
        return value;
      })
      .finally(() => loading.delete(id));
    loading.set(id, promise);
    return promise;
  };

  const remember = (id: string, value: ConnectionRecord | null) => {
    const previous = entries.get(id);
    if (previous && previous.value === null) missing--;
    if (value === null) {
      if (missing >= maxMissing) {
        for (const [key, entry] of entries) if (entry.value === null) entries.delete(key);
        missing = 0;
      }
      missing++;
    }
    entries.set(id, { value, loadedAt: now() });
  };

  return {
    get(id) {
      const entry = entries.get(id);
      if (entry && now() - entry.loadedAt < ttlMs) return Promise.resolve(entry.value);
      return load(id);
    },
    invalidate(id) {
      generation++;
      if (id === undefined) {
        entries.clear();
        missing = 0;
        return;
      }
      const entry = entries.get(id);
      if (entry?.value === null) missing--;
      entries.delete(id);
    },
  };
}
