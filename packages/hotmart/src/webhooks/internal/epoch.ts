/**
 * Reads an epoch-milliseconds timestamp (reference §3.1: webhook dates are ms). A string of digits is accepted,
 * because a proxy that re-serialises the body may quote numbers; anything else (negative, non-finite, other text)
 * gives `undefined`.
 *
 * @example
 * ```ts
 * import { readEpochMs } from './epoch.ts';
 *
 * readEpochMs(1763247745737); // { ms: 1763247745737, quoted: false }
 * readEpochMs('yesterday'); // undefined
 * ```
 */
export function readEpochMs(value: unknown): { ms: number; quoted: boolean } | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? { ms: value, quoted: false } : undefined;
  }
  if (typeof value === 'string' && /^\d{1,16}$/.test(value)) return { ms: Number(value), quoted: true };
  return undefined;
}

// Hotmart is a Brazilian platform and v1 dates carry no zone; Brasília time has been UTC-3 all year since 2019.
const BRASILIA_OFFSET_MS = 3 * 60 * 60 * 1000;

function wallClock(y: string, mo: string, d: string, h = '0', mi = '0', s = '0'): number | undefined {
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  // Reject 2024-02-31 and friends instead of letting Date roll them over into March.
  if (
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  return utc + BRASILIA_OFFSET_MS;
}

/**
 * Reads a v1 date field (`purchase_date`, `confirmation_purchase_date`), whose format no source pins down: epoch
 * ms or seconds, ISO-8601 with a zone, `YYYY-MM-DD HH:MM:SS` or `DD/MM/YYYY HH:MM:SS`. Zone-less forms are read as
 * Brasília time and flagged `assumedZone`.
 *
 * @example
 * ```ts
 * import { readLegacyDate } from './epoch.ts';
 *
 * readLegacyDate('20/11/2025 14:30:00'); // { ms: Date.UTC(2025, 10, 20, 17, 30), assumedZone: true }
 * ```
 */
export function readLegacyDate(value: string | undefined): { ms: number; assumedZone: boolean } | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{9,16}$/.test(text)) {
    const n = Number(text);
    // 11+ digits can't be seconds before the year 5000; fewer can't be ms after 1973.
    return { ms: n >= 1e11 ? n : n * 1000, assumedZone: false };
  }
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})$/i.test(text)) {
    const ms = Date.parse(text);
    return Number.isNaN(ms) ? undefined : { ms, assumedZone: false };
  }
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (iso) {
    const ms = wallClock(iso[1]!, iso[2]!, iso[3]!, iso[4], iso[5], iso[6]);
    return ms === undefined ? undefined : { ms, assumedZone: true };
  }
  const br = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(text);
  if (br) {
    const ms = wallClock(br[3]!, br[2]!, br[1]!, br[4], br[5], br[6]);
    return ms === undefined ? undefined : { ms, assumedZone: true };
  }
  return undefined;
}
