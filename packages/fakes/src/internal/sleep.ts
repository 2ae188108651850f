/**
 * Waits `ms` milliseconds, or less when the signal aborts first. Resolves `true` when the full time passed and
 * `false` when it was cut short; never rejects, because an aborted wait is an expected outcome for a fake.
 *
 * @example
 * const completed = await sleep(10); // true
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) {
      resolve(false);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
