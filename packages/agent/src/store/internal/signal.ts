import type { Logger } from '../../kit/logger.ts';

/**
 * A set of wake-up listeners (`onInbox`, `onRunsReady`).
 *
 * @example
 * import type { Signal } from './signal.ts';
 * const wakeAll = (signal: Signal) => signal.emit();
 */
export interface Signal {
  /** Adds a listener; the returned function removes it. */
  add(listener: () => void): () => void;
  /** Calls every listener; one that throws is logged and does not stop the others. */
  emit(): void;
  readonly size: number;
  clear(): void;
}

/**
 * Creates a wake-up signal. Listeners are hints ("look again"), never data, so a missed or doubled call is harmless:
 * callers keep a polling backstop.
 *
 * @example
 * import { silentLogger } from '../../kit/logger.ts';
 * import { createSignal } from './signal.ts';
 * const inbox = createSignal('inbox', silentLogger);
 * const off = inbox.add(() => console.log('new inbox rows'));
 * inbox.emit();
 * off();
 */
export function createSignal(name: string, logger: Logger): Signal {
  const listeners = new Set<() => void>();
  return {
    add(listener) {
      // A wrapper per registration, so adding the same function twice needs two removals, like an EventEmitter.
      const entry = () => listener();
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    emit() {
      for (const listener of [...listeners]) {
        try {
          listener();
        } catch (error) {
          logger.error({ err: error, signal: name }, 'store listener threw');
        }
      }
    },
    get size() {
      return listeners.size;
    },
    clear() {
      listeners.clear();
    },
  };
}
