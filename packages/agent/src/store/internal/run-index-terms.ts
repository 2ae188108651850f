/**
 * The `WHERE` term of the partial index `runs_open_status` (migration 6). SQLite uses a partial index only when the
 * query repeats its term word for word, so a query that should use the index adds this term before its own status
 * condition (PostgreSQL proves the implication itself; the term changes nothing there).
 *
 * @example
 * import { OPEN_RUNS } from './run-index-terms.ts';
 * const sql = `SELECT COUNT(*) FROM runs WHERE ${OPEN_RUNS} AND status = 'queued'`;
 */
export const OPEN_RUNS = `status IN ('queued', 'sleeping', 'running')`;

/**
 * The `WHERE` term of the partial index `runs_finished` (migration 6); see {@link OPEN_RUNS}.
 *
 * @example
 * import { FINISHED_RUNS } from './run-index-terms.ts';
 * const sql = `SELECT COUNT(*) FROM runs WHERE ${FINISHED_RUNS} AND status = 'dead'`;
 */
export const FINISHED_RUNS = `status IN ('completed', 'cancelled', 'dead')`;
