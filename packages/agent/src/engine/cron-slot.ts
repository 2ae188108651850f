import { Cron } from 'croner';

const MINUTE = 60_000;
// Eight years back: far enough for a leap-day-only pattern, and only ~22 doublings from one minute.
const MAX_LOOKBACK = 8 * 366 * 24 * 60 * MINUTE;

/**
 * A compiled schedule: the pattern evaluated in its time zone.
 *
 * @example
 * import { compileSchedule } from './cron-slot.ts';
 * const monday7 = compileSchedule('0 7 * * 1', 'America/Sao_Paulo');
 * monday7.next(Date.parse('2025-06-01T00:00:00Z')); // Date.parse('2025-06-02T10:00:00Z')
 */
export interface Schedule {
  /** The first slot strictly after `after`, or null when the pattern has no future slot. */
  next(after: number): number | null;
  /**
   * The newest slot ≤ `now` that is strictly after `after` (when given), or null. croner only searches forward,
   * so this walks forward from a look-back window that doubles until it holds a slot.
   */
  latest(now: number, after: number | null): number | null;
}

/**
 * Compiles a cron pattern (croner syntax, 5 or 6 fields) in an IANA time zone.
 *
 * @example
 * import { compileSchedule } from './cron-slot.ts';
 * const hourly = compileSchedule('0 * * * *', 'UTC');
 * hourly.latest(Date.parse('2025-06-02T10:59:00Z'), null); // Date.parse('2025-06-02T10:00:00Z')
 */
export function compileSchedule(pattern: string, timeZone: string): Schedule {
  const cron = new Cron(pattern, { timezone: timeZone, paused: true });

  const next = (after: number): number | null => cron.nextRun(new Date(after))?.getTime() ?? null;

  return {
    next,
    latest(now, after) {
      for (let window = MINUTE; ; window *= 2) {
        const from = after === null ? now - window : Math.max(after, now - window);
        let found: number | null = null;
        for (let slot = next(from); slot !== null && slot <= now; slot = next(slot)) found = slot;
        if (found !== null) return found;
        // Nothing newer than `after` can exist further back, and past the look-back there's nothing to find.
        if ((after !== null && from === after) || window >= MAX_LOOKBACK) return null;
      }
    },
  };
}
