/**
 * A duration: milliseconds, or a string such as `'500ms'`, `'30s'`, `'5m'`, `'2h'`, `'3d'`, `'1w'`.
 *
 * @example
 * import type { Duration } from './duration.ts';
 * const coolOff: Duration = '2h';
 */
export type Duration = number | string;

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)\s*$/;

/**
 * Converts a {@link Duration} to milliseconds; throws a `TypeError` naming the bad value otherwise.
 *
 * @example
 * import { parseDuration } from './duration.ts';
 * parseDuration('5m'); // 300000
 * parseDuration(1500); // 1500
 */
export function parseDuration(value: Duration): number {
  if (typeof value === 'number') {
    if (Number.isFinite(value) && value >= 0) return Math.round(value);
    throw new TypeError(`invalid duration ${value}: expected a finite number of milliseconds ≥ 0`);
  }
  const match = typeof value === 'string' ? PATTERN.exec(value) : null;
  if (!match) {
    throw new TypeError(
      `invalid duration ${JSON.stringify(value)}: expected milliseconds or a string like '30s', '5m', '2h', '3d'`,
    );
  }
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS]);
}
