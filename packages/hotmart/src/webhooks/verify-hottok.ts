import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * Checks the `X-HOTMART-HOTTOK` header (or a v1 body `hottok`) against the hottoks a connection accepts. Hotmart
 * signs nothing: the hottok is a static shared secret, so the check is a constant-time comparison (reference §6.2).
 *
 * Both sides are hashed with SHA-256 first, so `timingSafeEqual` always compares 32 bytes and the time taken
 * reveals neither the token nor its length. Every accepted token is compared (no early exit), so a list kept for
 * rotation doesn't reveal which entry matched. Fails closed: a missing or empty header, an empty list, or a list
 * with no non-empty entry gives `false`; empty entries never match anything.
 *
 * @example
 * ```ts
 * import { verifyHottok } from '@hotpilot/hotmart/webhooks';
 *
 * const accepted = ['current-hottok', 'previous-hottok'];
 * verifyHottok('previous-hottok', accepted); // true
 * verifyHottok(undefined, accepted); // false
 * ```
 */
export function verifyHottok(header: string | null | undefined, accepted: readonly string[]): boolean {
  if (typeof header !== 'string' || header.length === 0) return false;
  if (!Array.isArray(accepted) || accepted.length === 0) return false;
  const presented = digest(header);
  let matched = 0;
  for (const token of accepted) {
    if (typeof token !== 'string' || token.length === 0) continue;
    // Bitwise OR instead of `||`: the comparison result never decides whether the next comparison runs.
    matched |= timingSafeEqual(presented, digest(token)) ? 1 : 0;
  }
  return matched === 1;
}
