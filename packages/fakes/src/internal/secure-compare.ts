import { hash, timingSafeEqual } from 'node:crypto';

// Digests of the accepted credentials, per list: a fake checks every request against the same few tokens, and
// hashing them again each time cost more than the rest of the check.
const acceptedDigests = new WeakMap<readonly string[], { values: string[]; digests: Buffer[] }>();

function digestsOf(accepted: readonly string[]): Buffer[] {
  const cached = acceptedDigests.get(accepted);
  // The list may be edited in place (a token added): compare the values the digests were made from.
  if (
    cached &&
    cached.values.length === accepted.length &&
    cached.values.every((v, i) => v === accepted[i])
  ) {
    return cached.digests;
  }
  const digests = accepted.map((candidate) => hash('sha256', candidate, 'buffer'));
  acceptedDigests.set(accepted, { values: [...accepted], digests });
  return digests;
}

/**
 * Compares a presented credential with the accepted ones in constant time: both sides are hashed first so their
 * lengths never leak through timing either.
 *
 * @example
 * matchesAny('pat-na1-abc', ['pat-na1-abc']); // true
 */
export function matchesAny(presented: string, accepted: readonly string[]): boolean {
  const digest = hash('sha256', presented, 'buffer');
  let found = false;
  for (const other of digestsOf(accepted)) {
    // No early exit: every accepted value is compared whatever the outcome.
    if (timingSafeEqual(digest, other)) found = true;
  }
  return found;
}
