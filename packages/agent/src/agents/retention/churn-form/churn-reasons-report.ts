import type { AuditRecord, Store } from '../../../store/port.ts';
import { CHURN_REASON_ACTION, type ChurnAnswer } from './churn-answer.ts';
import { CHURN_REASONS, type ChurnReason, isChurnReason } from './churn-reasons.ts';

/**
 * Why subscribers cancelled over a period: how many gave each reason, and the free texts they wrote.
 *
 * @example
 * import type { ChurnReasonsReport } from './churn-reasons-report.ts';
 * const share = (report: ChurnReasonsReport) => report.counts['too-expensive'] / Math.max(1, report.total);
 */
export interface ChurnReasonsReport {
  from: number;
  to: number;
  /** Subscribers who answered (each once). */
  total: number;
  /** Every reason, zero when nobody gave it. */
  counts: Record<ChurnReason, number>;
  /** The counted answers that carry free text, newest first. */
  texts: { reason: ChurnReason; text: string; answeredAt: number; productId: string | null }[];
}

const PAGE = 500;

/**
 * Counts the churn-form answers per reason between `from` (inclusive) and `to` (exclusive). Each subscriber counts
 * once, with their latest answer, in the period that answer was given: answering again replaces the earlier
 * answer rather than adding to it. `connectionId` restricts the report to one Hotmart account.
 *
 * @example
 * import type { Store } from '../../../store/port.ts';
 * import { churnReasons } from './churn-reasons-report.ts';
 * declare const store: Store;
 * const report = await churnReasons(store, { from: Date.parse('2026-05-01'), to: Date.parse('2026-06-01') });
 * console.log(report.counts['too-expensive'], report.total);
 */
export async function churnReasons(
  store: Pick<Store, 'listAudit'>,
  options: { from: number | Date; to: number | Date; connectionId?: string },
): Promise<ChurnReasonsReport> {
  const from = options.from instanceof Date ? options.from.getTime() : options.from;
  const to = options.to instanceof Date ? options.to.getTime() : options.to;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new RangeError('churnReasons: from and to must be instants with from before to');
  }
  const counts = Object.fromEntries(CHURN_REASONS.map((reason) => [reason, 0])) as Record<
    ChurnReason,
    number
  >;
  const texts: ChurnReasonsReport['texts'] = [];
  let total = 0;
  // Newest first: the first entry seen for a subscriber is their latest answer; older ones are replaced by it.
  // Answers after `to` are read too, since they replace answers given inside the period.
  const seen = new Set<string>();
  let beforeId: number | undefined;
  for (;;) {
    const page: AuditRecord[] = await store.listAudit({
      action: CHURN_REASON_ACTION,
      limit: PAGE,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    for (const entry of page) {
      const answer = asAnswer(entry.details);
      if (answer === null) continue;
      if (options.connectionId !== undefined && answer.connectionId !== options.connectionId) continue;
      const subscriber = `${answer.connectionId}\u0000${answer.subscriberCode}`;
      if (seen.has(subscriber)) continue;
      seen.add(subscriber);
      if (answer.answeredAt < from || answer.answeredAt >= to) continue;
      counts[answer.reason] += 1;
      total += 1;
      if (answer.text !== null) {
        texts.push({
          reason: answer.reason,
          text: answer.text,
          answeredAt: answer.answeredAt,
          productId: answer.productId,
        });
      }
    }
    const last = page[page.length - 1];
    // Entries are appended at the time of the answer, so one older than `from` ends the walk.
    if (!last || page.length < PAGE || last.at < from) break;
    beforeId = last.id;
  }
  return { from, to, total, counts, texts };
}

function asAnswer(details: unknown): ChurnAnswer | null {
  const answer = details as Partial<ChurnAnswer> | null;
  if (
    typeof answer !== 'object' ||
    answer === null ||
    typeof answer.connectionId !== 'string' ||
    typeof answer.subscriberCode !== 'string' ||
    typeof answer.answeredAt !== 'number' ||
    !isChurnReason(answer.reason)
  ) {
    return null;
  }
  return { ...answer, text: typeof answer.text === 'string' ? answer.text : null } as ChurnAnswer;
}
