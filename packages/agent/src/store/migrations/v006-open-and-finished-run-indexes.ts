import type { Migration } from './migration.ts';

const shared = [
  // Both indexes used to hold every run ever made, so each transition (queued → running → completed) rewrote an
  // entry in each of them. Partial indexes hold only the runs their queries ask about: a claim moves an entry inside
  // the small open-run index, a finished run enters the finished-run index once and stays. A store-only run cycle
  // writes 16 KB of WAL per run instead of 36 KB (store/ARCHITECTURE.md "Indexes").
  `DROP INDEX runs_status_due`,
  `CREATE INDEX runs_open_status ON runs (status, due_at) WHERE status IN ('queued', 'sleeping', 'running')`,
  `DROP INDEX runs_status_finished`,
  `CREATE INDEX runs_finished ON runs (status, finished_at) WHERE status IN ('completed', 'cancelled', 'dead')`,
];

/**
 * Version 6: the status indexes of runs cover only open runs (`runs_open_status`: next due time, queue depth) and
 * finished runs (`runs_finished`: retention, dead runs). SQLite uses a partial index only when the query repeats the
 * index's `WHERE` term word for word, so the queries that need them carry that term.
 *
 * @example
 * import { openAndFinishedRunIndexes } from './v006-open-and-finished-run-indexes.ts';
 * console.log(openAndFinishedRunIndexes.version); // 6
 */
export const openAndFinishedRunIndexes: Migration = {
  version: 6,
  name: 'open-and-finished-run-indexes',
  statements: { sqlite: shared, postgres: shared },
};
