import type { VendorHttpTuning } from '../../../src/connectors/http.ts';
import type { Logger } from '../../../src/kit/logger.ts';

// Test support shared by the connector suites: a sleep that records waits instead of waiting, a logger that
// captures everything written to it, and a fetch that can tamper with chosen requests.

/** A sleep that records each wait and returns at once, and the tuning that installs it (plus a short timeout). */
export function recordingHttp(overrides: VendorHttpTuning = {}): {
  waits: number[];
  tuning: VendorHttpTuning;
} {
  const waits: number[] = [];
  return {
    waits,
    tuning: {
      sleep: async (ms: number) => {
        waits.push(ms);
      },
      random: () => 0.5,
      timeoutMs: 2_000,
      ...overrides,
    },
  };
}

/** A logger keeping every call (level, bindings, object, message) so tests can search the text for secrets. */
export function capturingLogger(): { logger: Logger; text: () => string; entries: unknown[] } {
  const entries: unknown[] = [];
  const make = (bindings: Record<string, unknown>): Logger => {
    const log =
      (level: string) =>
      (obj: object, msg?: string): void => {
        entries.push({ level, bindings, obj, msg });
      };
    return {
      trace: log('trace'),
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      fatal: log('fatal'),
      child: (more) => make({ ...bindings, ...more }),
    };
  };
  return { logger: make({}), entries, text: () => JSON.stringify(entries) };
}

/** Everything an error exposes when printed, logged or serialised. */
export function errorText(error: unknown): string {
  const e = error as Error & { cause?: unknown };
  return [String(e), e.message, e.stack ?? '', JSON.stringify(e), JSON.stringify(e.cause ?? null)].join('\n');
}

/** Runs `fn` and returns what it threw (failing the test when it does not throw). */
export async function thrown(fn: () => Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await fn();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to throw');
}

/**
 * A fetch that answers chosen requests itself (to simulate what a fake can't, like a search index that lags) and
 * passes the rest to the real fetch.
 */
export function interceptingFetch(
  intercept: (url: URL, init: RequestInit | undefined) => Response | undefined,
): typeof fetch {
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    return intercept(url, init) ?? fetch(input, init);
  };
}
