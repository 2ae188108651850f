import type { Logger } from '../../kit/logger.ts';
import type { DispatchDecision, EventRecord, InboxRecord, NewRun } from '../port.ts';
import { checkEvent, checkNewRun } from './checks.ts';
import { errorMessage } from './records.ts';

/**
 * A dispatch decision after validation: what the adapter writes for one inbox row.
 *
 * @example
 * import type { CheckedDecision } from './dispatch-decision.ts';
 * const held: CheckedDecision = { kind: 'quarantine', reason: 'unknown event' };
 */
export type CheckedDecision =
  | { kind: 'event'; event: EventRecord; runs: NewRun[] }
  | { kind: 'quarantine'; reason: string };

const MAX_REASON = 2000;

/**
 * A quarantine decision with a bounded reason (the reason may quote a parser message or a driver error).
 *
 * @example
 * import { quarantine } from './dispatch-decision.ts';
 * quarantine('body is not JSON'); // { kind: 'quarantine', reason: 'body is not JSON' }
 */
export function quarantine(reason: string): CheckedDecision {
  const text = reason.length > 0 ? reason : 'quarantined';
  return { kind: 'quarantine', reason: text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text };
}

/**
 * Calls the dispatcher's `decide` for one row and validates what it returns. A `decide` that throws, or returns
 * something the store can't write, quarantines that row with the reason instead of failing the batch: a poison row
 * would otherwise be claimed first forever and stall the whole inbox. A quarantined row is kept, shown, and can be
 * re-queued with `requeueInbox` once the code is fixed.
 *
 * @example
 * import { silentLogger } from '../../kit/logger.ts';
 * import type { InboxRecord } from '../port.ts';
 * import { checkedDecision } from './dispatch-decision.ts';
 * declare const row: InboxRecord;
 * const decision = checkedDecision(row, () => ({ kind: 'quarantine', reason: 'unknown event' }), silentLogger);
 */
export function checkedDecision(
  row: InboxRecord,
  decide: (row: InboxRecord) => DispatchDecision,
  logger: Logger,
): CheckedDecision {
  let decision: DispatchDecision;
  try {
    decision = decide(row);
  } catch (error) {
    logger.error(
      { err: error, seq: row.seq, eventId: row.eventId },
      'dispatch decision threw; row quarantined',
    );
    return quarantine(`dispatch failed: ${errorMessage(error)}`);
  }
  try {
    if (decision?.kind === 'quarantine') return quarantine(String(decision.reason ?? ''));
    if (decision?.kind === 'event') {
      if (!Array.isArray(decision.runs)) throw new Error('runs must be an array');
      return { kind: 'event', event: checkEvent(decision.event), runs: decision.runs.map(checkNewRun) };
    }
    throw new Error('decision kind must be "event" or "quarantine"');
  } catch (error) {
    logger.error(
      { err: error, seq: row.seq, eventId: row.eventId },
      'invalid dispatch decision; row quarantined',
    );
    return quarantine(`invalid dispatch decision: ${errorMessage(error)}`);
  }
}
