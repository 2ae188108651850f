import type { Migration } from './migration.ts';

const shared = [
  // `listEvents({ buyerEmail })` and `listEvents({ transaction })`: the dashboard's "what happened to this buyer /
  // this purchase" views, which v1 answered with a full scan of events.
  `CREATE INDEX events_buyer_email ON events (buyer_email, received_at) WHERE buyer_email IS NOT NULL`,
  `CREATE INDEX events_transaction ON events (transaction_code) WHERE transaction_code IS NOT NULL`,
  // `prune()` deletes finished runs and dispatched inbox rows by age; without these it scans both tables.
  `CREATE INDEX runs_status_finished ON runs (status, finished_at)`,
  `CREATE INDEX inbox_status_received ON inbox (status, received_at)`,
];

/**
 * Version 2: indexes for the buyer and transaction lookups of `listEvents` and for retention pruning.
 *
 * @example
 * import { lookupAndRetentionIndexes } from './v002-lookup-and-retention-indexes.ts';
 * console.log(lookupAndRetentionIndexes.name); // 'lookup-and-retention-indexes'
 */
export const lookupAndRetentionIndexes: Migration = {
  version: 2,
  name: 'lookup-and-retention-indexes',
  statements: { sqlite: shared, postgres: shared },
};
