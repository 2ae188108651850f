/**
 * The emulator's clock. Everything time-dependent reads it — token expiry, the rate-limit window, new sales'
 * dates — so tests can jump ahead (`advance`) or set an instant (`set`) instead of waiting.
 *
 * It runs with real time from its start instant unless frozen; a frozen clock only moves when told to.
 *
 * @example
 * const clock: EmulatorClock = createEmulatorClock({ frozen: true });
 * clock.advance(172_800_000); // two days later: tokens issued before have expired
 */
export interface EmulatorClock {
  /** Current emulator time, epoch milliseconds. */
  now(): number;
  /** Moves the clock forward (or back, with a negative amount) by `ms`. */
  advance(ms: number): number;
  /** Sets the current time to `ms`. */
  set(ms: number): number;
  /** Stops (`true`) or resumes (`false`) the flow of real time; the current instant is kept. */
  freeze(frozen: boolean): void;
  readonly frozen: boolean;
}

/**
 * Options of `createEmulatorClock`.
 *
 * @example
 * const options: EmulatorClockOptions = { start: Date.UTC(2026, 0, 1), frozen: true };
 */
export interface EmulatorClockOptions {
  /** The instant the clock starts at (default: the real current time). */
  start?: number;
  /** Start frozen (default false). */
  frozen?: boolean;
  /** The real-time source; injectable for tests of the clock itself. */
  realNow?: () => number;
}

/**
 * Creates an emulator clock.
 *
 * @example
 * const clock = createEmulatorClock({ start: Date.UTC(2026, 0, 1), frozen: true });
 * clock.advance(60_000);
 * new Date(clock.now()).toISOString(); // '2026-01-01T00:01:00.000Z'
 */
export function createEmulatorClock(options: EmulatorClockOptions = {}): EmulatorClock {
  const realNow = options.realNow ?? Date.now;
  let frozen = options.frozen ?? false;
  // now = base + (frozen ? 0 : realNow() - anchor)
  let base = options.start ?? realNow();
  let anchor = realNow();
  const now = (): number => (frozen ? base : base + (realNow() - anchor));
  const rebase = (instant: number): number => {
    if (!Number.isFinite(instant)) throw new RangeError('clock time must be a finite number of milliseconds');
    base = Math.floor(instant);
    anchor = realNow();
    return base;
  };
  return {
    now,
    advance: (ms) => rebase(now() + ms),
    set: (ms) => rebase(ms),
    freeze: (value) => {
      rebase(now());
      frozen = value;
    },
    get frozen() {
      return frozen;
    },
  };
}
