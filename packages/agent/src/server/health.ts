import type { Store } from '../store/port.ts';

/**
 * What `/readyz` reports: each check and the overall verdict. Check values are words, never error messages, so the
 * endpoint can be public without leaking internals.
 *
 * @example
 * import type { Readiness } from './health.ts';
 * const ready: Readiness = { ok: true, store: 'up', migrations: 'current', shuttingDown: false };
 */
export interface Readiness {
  ok: boolean;
  store: 'up' | 'down';
  migrations: 'current' | 'pending' | 'unknown';
  shuttingDown: boolean;
}

/**
 * Checks readiness: the store answers a ping within `timeoutMs`, every migration is applied, and the process is
 * not shutting down (a load balancer then stops sending traffic before intake stops).
 *
 * @example
 * import { checkReadiness } from './health.ts';
 * const readiness = await checkReadiness({ store, isClosing: () => false });
 * console.log(readiness.ok ? 200 : 503);
 */
export async function checkReadiness(options: {
  store: Pick<Store, 'ping' | 'schemaVersion'>;
  isClosing: () => boolean;
  timeoutMs?: number;
}): Promise<Readiness> {
  const shuttingDown = options.isClosing();
  const timeoutMs = options.timeoutMs ?? 2_000;
  let store: Readiness['store'] = 'down';
  let migrations: Readiness['migrations'] = 'unknown';
  try {
    await withTimeout(options.store.ping(), timeoutMs);
    store = 'up';
    const version = await withTimeout(options.store.schemaVersion(), timeoutMs);
    migrations = version.current >= version.latest ? 'current' : 'pending';
  } catch {
    // Reported as 'down'/'unknown'; the reason is in the store's own logs, not in a public answer.
  }
  return { ok: !shuttingDown && store === 'up' && migrations === 'current', store, migrations, shuttingDown };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
