import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Compares a presented credential with the accepted ones in constant time: both sides are hashed first so their
 * lengths never leak through timing either.
 *
 * @example
 * matchesAny('pat-na1-abc', ['pat-na1-abc']); // true
 */
export function matchesAny(presented: string, accepted: readonly string[]): boolean {
  const digest = createHash('sha256').update(presented).digest();
  let found = false;
  for (const candidate of accepted) {
    const other = createHash('sha256').update(candidate).digest();
    // No early exit: every accepted value is compared whatever the outcome.
    if (timingSafeEqual(digest, other)) found = true;
  }
  return found;
}
