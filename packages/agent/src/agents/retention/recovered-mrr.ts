import type { AuditRecord, Store } from '../../store/port.ts';

/**
 * The audit action under which the retention agent records each late subscription charge paid after it went late
 * (append-only, outlives run retention, like the marketing agent's recovered carts).
 *
 * @example
 * import { CHARGE_RECOVERED_ACTION } from './recovered-mrr.ts';
 * console.log(CHARGE_RECOVERED_ACTION); // 'retention.charge-recovered'
 */
export const CHARGE_RECOVERED_ACTION = 'retention.charge-recovered';

/**
 * One recovered charge: a subscription charge Hotmart reported late (PURCHASE_DELAYED) and that was paid afterwards.
 * `amount` is the charge; `mrr` the subscription's monthly revenue it kept (the charge normalised to 30 days), null
 * when the plan's period is unknown.
 *
 * @example
 * import type { ChargeRecovery } from './recovered-mrr.ts';
 * const label = (record: ChargeRecovery) => `${record.subscriberCode}: ${record.mrr} ${record.currency}/month`;
 */
export interface ChargeRecovery {
  connectionId: string;
  subscriberCode: string;
  transaction: string;
  recurrence: number | null;
  email: string | null;
  productId: string | null;
  amount: number | null;
  mrr: number | null;
  currency: string | null;
  delayedAt: number;
  paidAt: number;
  delayedEventId: string;
  paymentEventId: string;
}

/**
 * Recovered MRR over a period, per currency (never added across currencies).
 *
 * @example
 * import type { RecoveredMrr } from './recovered-mrr.ts';
 * const brl = (report: RecoveredMrr) => report.byCurrency.find((row) => row.currency === 'BRL')?.mrr ?? 0;
 */
export interface RecoveredMrr {
  from: number;
  to: number;
  /** Sorted by currency code: the monthly revenue kept, the charges paid, and how many. */
  byCurrency: { currency: string; mrr: number; amount: number; charges: number }[];
  /** Recovered charges in the period, with or without known amounts. */
  charges: number;
  records: ChargeRecovery[];
}

const PAGE = 500;
// Records are written when the payment is processed, shortly after it happened; a day covers late deliveries.
const LATE_MS = 86_400_000;

/**
 * The MRR the dunning brought back between `from` (inclusive) and `to` (exclusive), by payment time, per currency:
 * every late subscription charge paid after it went late. A charge (connection + transaction) counts once, however
 * many times it was recorded. Churned MRR is the mirror's (`reportMrrMovement`, kind `churn`).
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { recoveredMrr } from './recovered-mrr.ts';
 * declare const store: Store;
 * const report = await recoveredMrr(store, { from: Date.parse('2026-05-01'), to: Date.parse('2026-06-01') });
 * console.log(report.byCurrency); // [{ currency: 'BRL', mrr: 297, amount: 297, charges: 3 }]
 */
export async function recoveredMrr(
  store: Pick<Store, 'listAudit'>,
  options: { from: number | Date; to: number | Date },
): Promise<RecoveredMrr> {
  const from = options.from instanceof Date ? options.from.getTime() : options.from;
  const to = options.to instanceof Date ? options.to.getTime() : options.to;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new RangeError('recoveredMrr: from and to must be instants with from before to');
  }
  const seen = new Map<string, ChargeRecovery>();
  let beforeId: number | undefined;
  for (;;) {
    const page: AuditRecord[] = await store.listAudit({
      action: CHARGE_RECOVERED_ACTION,
      limit: PAGE,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    for (const entry of page) {
      const record = asRecovery(entry.details);
      if (record === null || record.paidAt < from || record.paidAt >= to) continue;
      seen.set(`${record.connectionId}:${record.transaction}`, record);
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE || last.at < from - LATE_MS) break;
    beforeId = last.id;
  }

  const totals = new Map<string, { mrrCents: number; amountCents: number; charges: number }>();
  for (const record of seen.values()) {
    if (record.currency === null) continue;
    const total = totals.get(record.currency) ?? { mrrCents: 0, amountCents: 0, charges: 0 };
    // Sum in hundredths: adding floating amounts one by one drifts (0.1 + 0.2).
    total.mrrCents += Math.round((record.mrr ?? 0) * 100);
    total.amountCents += Math.round((record.amount ?? 0) * 100);
    total.charges += 1;
    totals.set(record.currency, total);
  }
  const records = [...seen.values()].sort((a, b) => a.paidAt - b.paidAt);
  return {
    from,
    to,
    byCurrency: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, total]) => ({
        currency,
        mrr: total.mrrCents / 100,
        amount: total.amountCents / 100,
        charges: total.charges,
      })),
    charges: records.length,
    records,
  };
}

function asRecovery(details: unknown): ChargeRecovery | null {
  const record = details as Partial<ChargeRecovery> | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.connectionId !== 'string' ||
    typeof record.transaction !== 'string' ||
    typeof record.paidAt !== 'number'
  ) {
    return null;
  }
  return record as ChargeRecovery;
}
