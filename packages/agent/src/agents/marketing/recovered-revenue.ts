import type { AuditRecord, Store } from '../../store/port.ts';

/**
 * The audit action under which the marketing agent records each recovered cart (the audit log is append-only and
 * outlives run retention, so the figures don't fade with old runs).
 *
 * @example
 * import { CART_RECOVERED_ACTION } from './recovered-revenue.ts';
 * console.log(CART_RECOVERED_ACTION); // 'marketing.cart-recovered'
 */
export const CART_RECOVERED_ACTION = 'marketing.cart-recovered';

/**
 * One recovered cart: a purchase of a product by an e-mail that had abandoned it shortly before.
 *
 * @example
 * import type { RecoveryRecord } from './recovered-revenue.ts';
 * const value = (record: RecoveryRecord) => `${record.amount} ${record.currency}`;
 */
export interface RecoveryRecord {
  connectionId: string;
  transaction: string;
  email: string;
  productId: string;
  productName: string | null;
  amount: number | null;
  currency: string | null;
  abandonedAt: number;
  purchasedAt: number;
  abandonmentEventId: string;
  purchaseEventId: string;
}

/**
 * Recovered revenue over a period, per currency (amounts in different currencies are never added together).
 *
 * @example
 * import type { RecoveredRevenue } from './recovered-revenue.ts';
 * const brl = (report: RecoveredRevenue) => report.byCurrency.find((row) => row.currency === 'BRL')?.amount ?? 0;
 */
export interface RecoveredRevenue {
  from: number;
  to: number;
  /** Sorted by currency code. */
  byCurrency: { currency: string; amount: number; carts: number }[];
  /** Recovered carts in the period, with or without a known amount. */
  carts: number;
  records: RecoveryRecord[];
}

const PAGE = 500;
// Records are written when the purchase is processed, shortly after it happened; a day covers late deliveries.
const LATE_MS = 86_400_000;

/**
 * The revenue the cart recovery brought back between `from` (inclusive) and `to` (exclusive), by purchase time,
 * per currency: every purchase of a product by an e-mail within `recoveryWindowDays` after that e-mail abandoned
 * it. A transaction counts once, however many times it was recorded.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { recoveredRevenue } from './recovered-revenue.ts';
 * declare const store: Store;
 * const report = await recoveredRevenue(store, { from: Date.parse('2026-05-01'), to: Date.parse('2026-06-01') });
 * console.log(report.byCurrency); // [{ currency: 'BRL', amount: 1970, carts: 10 }]
 */
export async function recoveredRevenue(
  store: Pick<Store, 'listAudit'>,
  options: { from: number | Date; to: number | Date },
): Promise<RecoveredRevenue> {
  const from = options.from instanceof Date ? options.from.getTime() : options.from;
  const to = options.to instanceof Date ? options.to.getTime() : options.to;
  if (!Number.isFinite(from) || !Number.isFinite(to) || from >= to) {
    throw new RangeError('recoveredRevenue: from and to must be instants with from before to');
  }
  const seen = new Map<string, RecoveryRecord>();
  let beforeId: number | undefined;
  for (;;) {
    const page: AuditRecord[] = await store.listAudit({
      action: CART_RECOVERED_ACTION,
      limit: PAGE,
      ...(beforeId === undefined ? {} : { beforeId }),
    });
    for (const entry of page) {
      const record = asRecord(entry.details);
      if (record === null || record.purchasedAt < from || record.purchasedAt >= to) continue;
      seen.set(`${record.connectionId}:${record.transaction}`, record);
    }
    const last = page[page.length - 1];
    if (!last || page.length < PAGE || last.at < from - LATE_MS) break;
    beforeId = last.id;
  }

  const totals = new Map<string, { cents: number; carts: number }>();
  for (const record of seen.values()) {
    if (record.amount === null || record.currency === null) continue;
    const total = totals.get(record.currency) ?? { cents: 0, carts: 0 };
    // Sum in hundredths: adding floating amounts one by one drifts (0.1 + 0.2).
    total.cents += Math.round(record.amount * 100);
    total.carts += 1;
    totals.set(record.currency, total);
  }
  const records = [...seen.values()].sort((a, b) => a.purchasedAt - b.purchasedAt);
  return {
    from,
    to,
    byCurrency: [...totals.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, total]) => ({ currency, amount: total.cents / 100, carts: total.carts })),
    carts: records.length,
    records,
  };
}

function asRecord(details: unknown): RecoveryRecord | null {
  const record = details as Partial<RecoveryRecord> | null;
  if (
    typeof record !== 'object' ||
    record === null ||
    typeof record.connectionId !== 'string' ||
    typeof record.transaction !== 'string' ||
    typeof record.purchasedAt !== 'number'
  ) {
    return null;
  }
  return record as RecoveryRecord;
}
