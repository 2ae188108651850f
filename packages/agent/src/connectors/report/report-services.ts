import { NonRetriableError } from '../../engine/errors.ts';
import type { Store } from '../../store/port.ts';
import type { ActionServices } from '../kit.ts';

function isStore(value: unknown): value is Store {
  const store = value as Partial<Store> | null;
  return (
    typeof store === 'object' &&
    store !== null &&
    typeof store.ping === 'function' &&
    typeof store.getState === 'function' &&
    typeof store.getRun === 'function'
  );
}

/**
 * The store from `ActionContext.services.store` (the composition root gives it; the reports read its mirror
 * tables), or undefined when absent. Something else under that key is a wiring bug and throws a `TypeError`.
 *
 * @example
 * import { readReportStore } from './report-services.ts';
 * readReportStore({}); // undefined
 */
export function readReportStore(services: ActionServices): Store | undefined {
  const store = (services as Record<string, unknown>)['store'];
  if (store === undefined) return undefined;
  if (!isStore(store)) throw new TypeError('services.store is not a Store');
  return store;
}

/**
 * The store, or a `NonRetriableError` (code `REPORT_STORE_MISSING`) naming the wiring that is missing.
 *
 * @example
 * import { requireReportStore } from './report-services.ts';
 * import type { Store } from '../../store/port.ts';
 * declare const store: Store;
 * requireReportStore({ store }, 'report_mrr') === store; // true
 */
export function requireReportStore(services: ActionServices, actionId: string): Store {
  const store = readReportStore(services);
  if (!store) {
    throw new NonRetriableError(`${actionId} needs services.store (reports read the mirror in the store)`, {
      code: 'REPORT_STORE_MISSING',
    });
  }
  return store;
}
