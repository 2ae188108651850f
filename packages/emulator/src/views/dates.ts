/** The producer's time zone offset: Brasília time, UTC−3 all year since 2019. */
const BRASILIA_OFFSET_MS = -3 * 3_600_000;

/**
 * Formats epoch ms as `YYYY-MM-DD HH:MM:SS` in Brasília time, the string dates of the cancel and reactivate
 * responses (reference §3.1).
 *
 * @example
 * hotmartDateTime(Date.UTC(2020, 6, 20, 20, 57, 42)); // '2020-07-20 17:57:42'
 */
export function hotmartDateTime(ms: number): string {
  return new Date(ms + BRASILIA_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
