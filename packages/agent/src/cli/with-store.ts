import type { Store } from '../store/port.ts';
import type { CliContext } from './cli-context.ts';

/**
 * Opens the configured store (applying pending migrations, so a fresh data directory just works), runs `work` and
 * closes the store whatever happens.
 *
 * @example
 * import { withStore } from './with-store.ts';
 * await withStore(context, async (store) => context.out(String((await store.listEvents({ limit: 1 })).length)));
 */
export async function withStore<T>(context: CliContext, work: (store: Store) => Promise<T>): Promise<T> {
  const store = await context.openStore({ migrate: true });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}
