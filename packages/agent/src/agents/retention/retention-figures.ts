import { reportMrrMovement } from '../../store/mirror/reports-mrr-movement.ts';
import { type LocalDate, localPeriod, type ReportPeriod } from '../../store/mirror/reports-time.ts';
import type { Store } from '../../store/port.ts';
import { CHURN_REASONS, type ChurnReason } from './churn-form/churn-reasons.ts';
import { churnReasons } from './churn-form/churn-reasons-report.ts';
import { recoveredMrr } from './recovered-mrr.ts';

/**
 * One currency's retention over a period: the MRR the dunning brought back (and the late charges behind it) against
 * the MRR lost to cancellations (and how many cancellations).
 *
 * @example
 * import type { CurrencyRetention } from './retention-figures.ts';
 * const net = (row: CurrencyRetention) => row.recoveredMrr - row.churnedMrr;
 */
export interface CurrencyRetention {
  currency: string;
  /** Monthly revenue kept by late charges paid in the period (each charge normalised to 30 days). */
  recoveredMrr: number;
  /** What those charges paid. */
  recoveredAmount: number;
  /** How many late charges were paid. */
  recoveredCharges: number;
  /** Monthly revenue lost to cancellations in the period, a positive amount. */
  churnedMrr: number;
  /** How many churn movements the MRR ledger holds in the period. */
  cancellations: number;
}

/**
 * The retention figures of a period: recovered and churned MRR per currency (never added across currencies) and why
 * subscribers said they cancelled.
 *
 * @example
 * import type { RetentionFigures } from './retention-figures.ts';
 * const brl = (figures: RetentionFigures) => figures.currencies.find((row) => row.currency === 'BRL');
 */
export interface RetentionFigures extends ReportPeriod {
  /** Sorted by currency code; a currency appears when something was recovered or churned in it. */
  currencies: CurrencyRetention[];
  /** Subscribers who answered the churn-reason form in the period (each once, with their latest answer). */
  answers: number;
  /** The reasons given, most given first (ties in the form's order); `share` is of `answers`, from 0 to 1. */
  reasons: { reason: ChurnReason; count: number; share: number }[];
}

/**
 * Reads the retention figures between two local dates (both included) in `timeZone`: recovered MRR from the audit
 * log (`recoveredMrr`, by payment time), churned MRR from the mirror's MRR ledger (`reportMrrMovement`, kind
 * `churn`) and the churn-form answers (`churnReasons`). `connectionId` restricts all three to one Hotmart account.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { retentionFigures } from './retention-figures.ts';
 * declare const store: Store;
 * const figures = await retentionFigures(store, { from: '2026-05-01', to: '2026-05-31', timeZone: 'America/Sao_Paulo' });
 * for (const row of figures.currencies) console.log(row.currency, row.recoveredMrr, row.churnedMrr);
 */
export async function retentionFigures(
  store: Store,
  params: { from: LocalDate; to: LocalDate; timeZone: string; connectionId?: string | null },
): Promise<RetentionFigures> {
  const connectionId = params.connectionId ?? null;
  const { start, end } = localPeriod(params.from, params.to, params.timeZone);
  const [recovered, movement, answers] = await Promise.all([
    recoveredMrr(store, { from: start, to: end }),
    reportMrrMovement(store, { from: params.from, to: params.to, timeZone: params.timeZone, connectionId }),
    churnReasons(store, { from: start, to: end, ...(connectionId === null ? {} : { connectionId }) }),
  ]);

  // Totals in hundredths, as recoveredMrr sums them, re-added here because its totals span every connection.
  const cents = new Map<
    string,
    { mrr: number; amount: number; charges: number; churned: number; count: number }
  >();
  const totals = (currency: string) => {
    let found = cents.get(currency);
    if (!found) {
      found = { mrr: 0, amount: 0, charges: 0, churned: 0, count: 0 };
      cents.set(currency, found);
    }
    return found;
  };
  for (const record of recovered.records) {
    if (record.currency === null || (connectionId !== null && record.connectionId !== connectionId)) continue;
    const total = totals(record.currency);
    total.mrr += Math.round((record.mrr ?? 0) * 100);
    total.amount += Math.round((record.amount ?? 0) * 100);
    total.charges += 1;
  }
  for (const row of movement.currencies) {
    if (row.movements.churn === 0 && row.churn === 0) continue;
    const total = totals(row.currency);
    total.churned += Math.round(row.churn * 100);
    total.count += row.movements.churn;
  }

  const reasons = CHURN_REASONS.map((reason) => ({
    reason,
    count: answers.counts[reason],
    share: answers.total === 0 ? 0 : answers.counts[reason] / answers.total,
  }))
    .filter((row) => row.count > 0)
    // A stable sort keeps the form's order among equal counts.
    .sort((a, b) => b.count - a.count);

  return {
    from: params.from,
    to: params.to,
    timeZone: params.timeZone,
    connectionId,
    start,
    end,
    currencies: [...cents.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([currency, total]) => ({
        currency,
        recoveredMrr: total.mrr / 100,
        recoveredAmount: total.amount / 100,
        recoveredCharges: total.charges,
        churnedMrr: total.churned / 100,
        cancellations: total.count,
      })),
    answers: answers.total,
    reasons,
  };
}
