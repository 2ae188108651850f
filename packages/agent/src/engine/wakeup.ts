/**
 * A level-triggered wake-up for one polling loop: `notify()` before `wait()` is not lost (the next wait returns at
 * once), and `wait(ms)` also returns after `ms`, the poll backstop. The timer is deliberately not unref'd: a started
 * engine is what keeps a `--role worker` process alive.
 *
 * @example
 * import { createWakeup } from './wakeup.ts';
 * const wakeup = createWakeup();
 * setTimeout(() => wakeup.notify(), 10);
 * const woken = await wakeup.wait(1_000); // true, after ~10 ms
 */
export interface Wakeup {
  notify(): void;
  /**
   * Resolves on the next (or a pending) `notify()`, after `ms`, or at once when closed: with true when woken, false
   * when the time ran out.
   */
  wait(ms: number): Promise<boolean>;
  /** Releases the current waiter and makes every later `wait` return at once. */
  close(): void;
}

/**
 * Creates a {@link Wakeup}.
 *
 * @example
 * import { createWakeup } from './wakeup.ts';
 * const wakeup = createWakeup();
 * wakeup.notify();
 * await wakeup.wait(60_000); // returns at once: the notify was pending
 */
export function createWakeup(): Wakeup {
  let pending = false;
  let closed = false;
  let release: (() => void) | null = null;

  return {
    notify() {
      if (release) release();
      else pending = true;
    },
    wait(ms) {
      if (closed) return Promise.resolve(true);
      if (pending) {
        pending = false;
        return Promise.resolve(true);
      }
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => done(false), Math.max(0, Math.min(ms, 2_147_483_647)));
        function done(woken: boolean) {
          clearTimeout(timer);
          release = null;
          resolve(woken);
        }
        release = () => done(true);
      });
    },
    close() {
      closed = true;
      if (release) release();
    },
  };
}
