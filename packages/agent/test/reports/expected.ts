import type { MirrorRows, MovementRow, SaleRow, SubscriptionRow } from './mirror-seed.ts';

/**
 * The reports computed again with plain loops over the rows the test wrote (no SQL, no report code): the
 * definitions of docs/reports.md, stated in local dates. "Alive at the end of day D" is "started on or before D and
 * not ended on or before D", which is what the reports' instants mean.
 */

const PAID = new Set(['APPROVED', 'COMPLETE', 'PROTESTED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'CHARGEBACK']);
const REFUNDED = new Set(['REFUNDED', 'PARTIALLY_REFUNDED']);
const isEnded = (status: string) =>
  status.startsWith('CANCELLED') || status === 'INACTIVE' || status === 'EXPIRED';
const DAY = 86_400_000;
const KIND_RANK = { new: 0, reactivation: 1, expansion: 2, contraction: 3, churn: 4 } as const;

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The local date of an instant, straight from Intl (en-CA writes YYYY-MM-DD). */
export function localDate(ms: number, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    dateFormats.set(timeZone, format);
  }
  return format.format(ms);
}

export function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
}

export const cents = (amount: number): number => Math.round(amount * 100);

const inScope = (row: { connection_id: string }, connectionId: string | null) =>
  connectionId === null || row.connection_id === connectionId;

interface Life {
  row: SubscriptionRow;
  started: string;
  ended: string | null;
  /** Local date the first paid period starts; null = in trial for as long as we know. */
  paidFrom: string | null;
  currency: string | null;
  monthlyCents: number | null;
}

function lives(rows: MirrorRows, connectionId: string | null, timeZone: string): Life[] {
  const plans = new Map(
    rows.plans.flatMap((plan) => [
      [`${plan.connection_id}|${plan.plan_id}`, plan] as const,
      [`${plan.connection_id}|code:${plan.plan_code}`, plan] as const,
    ]),
  );
  const result: Life[] = [];
  for (const row of rows.subscriptions) {
    if (!inScope(row, connectionId) || row.status === 'STARTED') continue;
    const endedAt =
      row.cancellation_date ?? row.end_accession_date ?? (isEnded(row.status) ? row.state_at : null);
    const plan =
      plans.get(`${row.connection_id}|code:${row.plan_code}`) ??
      plans.get(`${row.connection_id}|${row.plan_id}`);
    const trialDays = plan?.trial_period ?? 0;
    let paidFrom: number | null = row.accession_date;
    if (trialDays > 0) paidFrom = row.accession_date + trialDays * DAY;
    else if (row.trial) paidFrom = null;
    const price = row.price ?? plan?.price ?? null;
    const currency = row.currency ?? plan?.currency ?? null;
    const period = row.recurrency_period ?? plan?.recurrency_period ?? null;
    result.push({
      row,
      started: localDate(row.accession_date, timeZone),
      ended: endedAt === null ? null : localDate(endedAt, timeZone),
      paidFrom: paidFrom === null ? null : localDate(paidFrom, timeZone),
      currency,
      monthlyCents:
        price !== null && currency !== null && period !== null && period > 0
          ? cents((price * 30) / period)
          : null,
    });
  }
  return result;
}

const alive = (life: Life, date: string) =>
  life.started <= date && (life.ended === null || life.ended > date);
const paying = (life: Life, date: string) =>
  alive(life, date) && life.paidFrom !== null && life.paidFrom <= date;
const inTrial = (life: Life, date: string) => alive(life, date) && !paying(life, date);

export interface ExpectedMrr {
  currencies: {
    currency: string;
    mrr: number;
    subscribers: number;
    trial: { subscribers: number; mrr: number };
  }[];
  unpriced: number;
}

export function expectedMrr(
  rows: MirrorRows,
  date: string,
  timeZone: string,
  connectionId: string | null = null,
): ExpectedMrr {
  const byCurrency = new Map<
    string,
    { mrr: number; subscribers: number; trialMrr: number; trials: number }
  >();
  let unpriced = 0;
  for (const life of lives(rows, connectionId, timeZone)) {
    if (!alive(life, date)) continue;
    if (life.monthlyCents === null || life.currency === null) {
      unpriced++;
      continue;
    }
    const entry = byCurrency.get(life.currency) ?? { mrr: 0, subscribers: 0, trialMrr: 0, trials: 0 };
    if (paying(life, date)) {
      entry.mrr += life.monthlyCents;
      entry.subscribers++;
    } else {
      entry.trialMrr += life.monthlyCents;
      entry.trials++;
    }
    byCurrency.set(life.currency, entry);
  }
  return {
    currencies: [...byCurrency.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, e]) => ({
        currency,
        mrr: e.mrr / 100,
        subscribers: e.subscribers,
        trial: { subscribers: e.trials, mrr: e.trialMrr / 100 },
      })),
    unpriced,
  };
}

export function expectedSubscribersByPlan(
  rows: MirrorRows,
  date: string,
  compareTo: string | null,
  timeZone: string,
  connectionId: string | null = null,
): Map<string, { subscribers: number; trials: number; previous: { subscribers: number; trials: number } }> {
  const result = new Map<
    string,
    { subscribers: number; trials: number; previous: { subscribers: number; trials: number } }
  >();
  for (const life of lives(rows, connectionId, timeZone)) {
    const now = alive(life, date);
    const then = compareTo !== null && alive(life, compareTo);
    if (!now && !then) continue;
    const key = `${life.row.product_id}|${life.row.plan_id}`;
    const entry = result.get(key) ?? { subscribers: 0, trials: 0, previous: { subscribers: 0, trials: 0 } };
    if (paying(life, date)) entry.subscribers++;
    if (inTrial(life, date)) entry.trials++;
    if (compareTo !== null && paying(life, compareTo)) entry.previous.subscribers++;
    if (compareTo !== null && inTrial(life, compareTo)) entry.previous.trials++;
    result.set(key, entry);
  }
  return result;
}

export interface ExpectedChurn {
  activeAtStart: number;
  cancelled: number;
  byCurrency: Map<string, { active: number; cancelled: number }>;
  byStatus: Map<string, number>;
}

export function expectedChurn(
  rows: MirrorRows,
  from: string,
  to: string,
  timeZone: string,
  connectionId: string | null = null,
): ExpectedChurn {
  const before = shiftDate(from, -1);
  const result: ExpectedChurn = {
    activeAtStart: 0,
    cancelled: 0,
    byCurrency: new Map(),
    byStatus: new Map(),
  };
  for (const life of lives(rows, connectionId, timeZone)) {
    if (!paying(life, before)) continue;
    const churned = life.ended !== null && life.ended <= to;
    result.activeAtStart++;
    if (churned) {
      result.cancelled++;
      result.byStatus.set(life.row.status, (result.byStatus.get(life.row.status) ?? 0) + 1);
    }
    if (life.currency !== null) {
      const entry = result.byCurrency.get(life.currency) ?? { active: 0, cancelled: 0 };
      entry.active++;
      if (churned) entry.cancelled++;
      result.byCurrency.set(life.currency, entry);
    }
  }
  return result;
}

function chains(rows: MirrorRows, connectionId: string | null): MovementRow[][] {
  const byChain = new Map<string, MovementRow[]>();
  for (const movement of rows.movements) {
    if (!inScope(movement, connectionId)) continue;
    const key = `${movement.connection_id}|${movement.subscriber_code}|${movement.currency}`;
    const list = byChain.get(key) ?? [];
    list.push(movement);
    byChain.set(key, list);
  }
  return [...byChain.values()].map((list) =>
    list.sort((a, b) => a.at - b.at || KIND_RANK[a.kind] - KIND_RANK[b.kind]),
  );
}

/** The ledger's MRR per currency at the end of `date`, in cents. */
export function expectedLedger(
  rows: MirrorRows,
  date: string,
  timeZone: string,
  connectionId: string | null = null,
): Map<string, number> {
  const result = new Map<string, number>();
  for (const chain of chains(rows, connectionId)) {
    let last: MovementRow | undefined;
    for (const movement of chain) if (localDate(movement.at, timeZone) <= date) last = movement;
    if (last) result.set(last.currency, (result.get(last.currency) ?? 0) + cents(last.mrr_after));
  }
  return result;
}

/** Per currency and kind: the movements in the period and their change against the chain's previous entry, in cents. */
export function expectedFlows(
  rows: MirrorRows,
  from: string,
  to: string,
  timeZone: string,
  connectionId: string | null = null,
): Map<string, Map<string, { count: number; delta: number }>> {
  const result = new Map<string, Map<string, { count: number; delta: number }>>();
  for (const chain of chains(rows, connectionId)) {
    let previous = 0;
    for (const movement of chain) {
      const day = localDate(movement.at, timeZone);
      const after = cents(movement.mrr_after);
      if (day >= from && day <= to) {
        const kinds = result.get(movement.currency) ?? new Map();
        const entry = kinds.get(movement.kind) ?? { count: 0, delta: 0 };
        entry.count++;
        entry.delta += after - previous;
        kinds.set(movement.kind, entry);
        result.set(movement.currency, kinds);
      }
      previous = after;
    }
  }
  return result;
}

export function bucketOf(date: string, granularity: 'day' | 'week' | 'month'): string {
  if (granularity === 'day') return date;
  if (granularity === 'month') return `${date.slice(0, 8)}01`;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return shiftDate(date, -((weekday + 6) % 7));
}

export interface ExpectedSalesLine {
  sales: number;
  gross: number;
  refunds: number;
  refunded: number;
  chargebacks: number;
  chargedBack: number;
}

/** Sales lines keyed `bucket|product|paymentType|currency` (product and payment type empty when not grouped). */
export function expectedSales(
  rows: MirrorRows,
  options: {
    from: string;
    to: string;
    timeZone: string;
    granularity: 'day' | 'week' | 'month';
    byProduct: boolean;
    byPaymentType: boolean;
    connectionId?: string | null;
    productId?: string;
    paymentType?: string;
  },
): { lines: Map<string, ExpectedSalesLine>; unpriced: number } {
  const lines = new Map<string, ExpectedSalesLine>();
  let unpriced = 0;
  for (const sale of rows.sales) {
    if (!inScope(sale, options.connectionId ?? null) || !PAID.has(sale.status)) continue;
    if (options.productId !== undefined && sale.product_id !== options.productId) continue;
    if (options.paymentType !== undefined && sale.payment_type !== options.paymentType) continue;
    const day = localDate(sale.order_date, options.timeZone);
    if (day < options.from || day > options.to) continue;
    if (sale.price === null || sale.currency === null) {
      unpriced++;
      continue;
    }
    const key = [
      bucketOf(day, options.granularity),
      options.byProduct ? sale.product_id : '',
      options.byPaymentType ? sale.payment_type : '',
      sale.currency,
    ].join('|');
    const line = lines.get(key) ?? {
      sales: 0,
      gross: 0,
      refunds: 0,
      refunded: 0,
      chargebacks: 0,
      chargedBack: 0,
    };
    const amount = cents(sale.price);
    line.sales++;
    line.gross += amount;
    if (REFUNDED.has(sale.status)) {
      line.refunds++;
      line.refunded += amount;
    }
    if (sale.status === 'CHARGEBACK') {
      line.chargebacks++;
      line.chargedBack += amount;
    }
    lines.set(key, line);
  }
  return { lines, unpriced };
}

export interface ExpectedAffiliate {
  sales: number;
  reversed: number;
  revenue: Map<string, { sales: number; gross: number }>;
  commissions: Map<string, number>;
}

/** Affiliates keyed by ucode, or `code:<affiliate code>` when no sale of that code ever named the ucode. */
export function expectedAffiliates(
  rows: MirrorRows,
  from: string,
  to: string,
  timeZone: string,
  connectionId: string | null = null,
): Map<string, ExpectedAffiliate> {
  const participant = new Map<string, string>();
  for (const p of rows.participants) {
    if (p.role === 'AFFILIATE') participant.set(`${p.connection_id}|${p.transaction_code}`, p.ucode);
  }
  const commissionsOf = new Map<string, { ucode: string; value: number; currency: string | null }[]>();
  for (const c of rows.commissions) {
    if (c.source !== 'AFFILIATE') continue;
    const key = `${c.connection_id}|${c.transaction_code}`;
    commissionsOf.set(key, [
      ...(commissionsOf.get(key) ?? []),
      { ucode: c.user_ucode, value: c.value, currency: c.currency },
    ]);
  }
  const ucodeOf = (sale: SaleRow) => {
    const key = `${sale.connection_id}|${sale.transaction_code}`;
    return participant.get(key) ?? commissionsOf.get(key)?.[0]?.ucode ?? null;
  };
  const known = new Map<string, string>();
  for (const sale of rows.sales) {
    if (!inScope(sale, connectionId) || sale.affiliate_code === null) continue;
    const ucode = ucodeOf(sale);
    if (ucode !== null && (known.get(sale.affiliate_code) ?? '') < ucode)
      known.set(sale.affiliate_code, ucode);
  }
  const result = new Map<string, ExpectedAffiliate>();
  for (const sale of rows.sales) {
    if (!inScope(sale, connectionId) || !PAID.has(sale.status)) continue;
    const day = localDate(sale.order_date, timeZone);
    if (day < from || day > to) continue;
    const ucode =
      ucodeOf(sale) ?? (sale.affiliate_code === null ? null : (known.get(sale.affiliate_code) ?? null));
    if (ucode === null && sale.affiliate_code === null) continue;
    if (sale.price === null || sale.currency === null) continue;
    const key = ucode ?? `code:${sale.affiliate_code}`;
    const entry = result.get(key) ?? { sales: 0, reversed: 0, revenue: new Map(), commissions: new Map() };
    entry.sales++;
    const reversed = REFUNDED.has(sale.status) || sale.status === 'CHARGEBACK';
    if (reversed) entry.reversed++;
    const revenue = entry.revenue.get(sale.currency) ?? { sales: 0, gross: 0 };
    revenue.sales++;
    revenue.gross += cents(sale.price);
    entry.revenue.set(sale.currency, revenue);
    if (!reversed) {
      for (const commission of commissionsOf.get(`${sale.connection_id}|${sale.transaction_code}`) ?? []) {
        if (commission.currency === null) continue;
        entry.commissions.set(
          commission.currency,
          (entry.commissions.get(commission.currency) ?? 0) + cents(commission.value),
        );
      }
    }
    result.set(key, entry);
  }
  return result;
}
