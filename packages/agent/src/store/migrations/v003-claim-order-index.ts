import type { Migration } from './migration.ts';

const shared = [
  // claimRuns walks open runs in due order and stops at its limit, instead of ranking every due run: ~1 ms instead
  // of ~20 ms per claim with 10,000 queued runs (store/ARCHITECTURE.md "Claims").
  `CREATE INDEX runs_claim_order ON runs (due_at, created_at, id) WHERE status IN ('queued', 'sleeping', 'running')`,
];

/**
 * Version 3: the index claims walk in due order.
 *
 * @example
 * import { claimOrderIndex } from './v003-claim-order-index.ts';
 * console.log(claimOrderIndex.version); // 3
 */
export const claimOrderIndex: Migration = {
  version: 3,
  name: 'claim-order-index',
  statements: { sqlite: shared, postgres: shared },
};
