import type { EmulatorAccount, Sale } from '@hotpilot/emulator';
import { storeInternals } from '../../src/store/internals.ts';
import type { Store } from '../../src/store/port.ts';

/**
 * Mirror rows written straight into the mirror tables (the sync is someone else's), built from a seeded emulator
 * account plus hand-made rows for the edge cases. Column names are the tables' own (v004-mirror.ts).
 */

const DAY = 86_400_000;

/** The ledger's extra history (plan switches, a churn and reactivation) is over this many days before now. */
export const SETTLED_DAYS = 100;

export interface ProductRow {
  connection_id: string;
  product_id: string;
  ucode: string;
  name: string;
  status: string;
  format: string;
  is_subscription: boolean;
  warranty_period: number;
  created_at: number;
  raw: string;
  synced_at: number;
}

export interface PlanRow {
  connection_id: string;
  plan_code: string;
  product_id: string;
  plan_id: string;
  name: string;
  price: number;
  currency: string;
  periodicity: string;
  recurrency_period: number;
  trial_period: number | null;
  raw: string;
  synced_at: number;
}

export interface SaleRow {
  connection_id: string;
  transaction_code: string;
  product_id: string;
  product_name: string;
  offer_code: string;
  buyer_email: string | null;
  buyer_name: string | null;
  status: string;
  payment_type: string;
  installments: number;
  price: number | null;
  currency: string | null;
  order_date: number;
  approved_date: number | null;
  is_subscription: boolean;
  subscriber_code: string | null;
  recurrency_number: number | null;
  affiliate_code: string | null;
  coupon_code: string | null;
  tracking_source: string | null;
  warranty_expire_date: number | null;
  source: 'api' | 'webhook';
  raw: string;
  state_at: number;
  updated_at: number;
}

export interface ParticipantRow {
  connection_id: string;
  transaction_code: string;
  role: string;
  ucode: string;
  name: string | null;
  email: string | null;
}

export interface CommissionRow {
  connection_id: string;
  transaction_code: string;
  source: string;
  user_ucode: string;
  user_name: string | null;
  value: number;
  currency: string | null;
}

export interface SubscriptionRow {
  connection_id: string;
  subscriber_code: string;
  subscription_id: string;
  product_id: string;
  plan_id: string;
  plan_code: string | null;
  plan_name: string | null;
  status: string;
  subscriber_email: string | null;
  subscriber_name: string | null;
  price: number | null;
  currency: string | null;
  recurrency_period: number | null;
  accession_date: number;
  end_accession_date: number | null;
  date_next_charge: number | null;
  cancellation_date: number | null;
  trial: boolean;
  transaction_code: string | null;
  raw: string;
  state_at: number;
  updated_at: number;
}

export interface MovementRow {
  connection_id: string;
  subscriber_code: string;
  at: number;
  kind: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation';
  mrr_before: number;
  mrr_after: number;
  currency: string;
  cause: string;
}

export interface MirrorRows {
  products: ProductRow[];
  plans: PlanRow[];
  sales: SaleRow[];
  participants: ParticipantRow[];
  commissions: CommissionRow[];
  subscriptions: SubscriptionRow[];
  movements: MovementRow[];
}

export const emptyMirror = (): MirrorRows => ({
  products: [],
  plans: [],
  sales: [],
  participants: [],
  commissions: [],
  subscriptions: [],
  movements: [],
});

/** The monthly amount of a price billed every `period` days (unrounded, as the sync would write it). */
export const monthly = (price: number, period: number): number => (price * 30) / period;

const isEnded = (status: string) =>
  status.startsWith('CANCELLED') || status === 'INACTIVE' || status === 'EXPIRED';

/**
 * The mirror of an emulator account under one connection id. Affiliate sales are written three ways so the report
 * must merge them: as a webhook would (code only), as the API would (participant and commission, no code), and both.
 * The MRR ledger has a `new` movement when the paid period starts (after the trial) and a `churn` when the
 * subscription ends, plus plan switches and a reactivation on a few subscriptions, all before `SETTLED_DAYS`
 * days before the account's reference now.
 */
export function mirrorOfAccount(account: EmulatorAccount, connectionId: string): MirrorRows {
  const rows = emptyMirror();
  const now = account.options.now;
  for (const product of account.products()) {
    rows.products.push({
      connection_id: connectionId,
      product_id: String(product.id),
      ucode: product.ucode,
      name: product.name,
      status: product.status,
      format: product.format,
      is_subscription: product.is_subscription,
      warranty_period: product.warranty_period,
      created_at: product.created_at,
      raw: '{}',
      synced_at: now,
    });
    for (const plan of account.plans(product.id)) {
      rows.plans.push({
        connection_id: connectionId,
        plan_code: plan.code,
        product_id: String(product.id),
        plan_id: String(plan.id),
        name: plan.name,
        price: plan.price.value,
        currency: plan.price.currency_code,
        periodicity: plan.periodicity,
        recurrency_period: plan.recurrency_period,
        trial_period: plan.trial_period ?? null,
        raw: '{}',
        synced_at: now,
      });
    }
  }

  for (let index = 0; index < account.saleCount(); index++) {
    const sale = account.saleAt(index);
    rows.sales.push(saleRow(account, sale, connectionId, index));
    const affiliate = sale.affiliate_code === undefined ? undefined : account.affiliate(sale.affiliate_code);
    if (!affiliate) continue;
    const style = index % 4; // 0, 2: code + participant + commission; 1: API only; 3: webhook only (code)
    if (style === 1) (rows.sales.at(-1) as SaleRow).affiliate_code = null;
    if (style === 3) continue;
    rows.participants.push({
      connection_id: connectionId,
      transaction_code: sale.transaction,
      role: 'AFFILIATE',
      ucode: affiliate.ucode,
      name: affiliate.name,
      email: affiliate.email,
    });
    const net = sale.price.value - sale.hotmart_fee.total;
    rows.commissions.push(
      {
        connection_id: connectionId,
        transaction_code: sale.transaction,
        source: 'AFFILIATE',
        user_ucode: affiliate.ucode,
        user_name: affiliate.name,
        value: Math.round(net * 50) / 100,
        // Payouts in the producer's currency for some, the sale's for others (reference §4.1).
        currency: index % 3 === 0 ? account.producer.currency_code_commission : sale.price.currency_code,
      },
      {
        connection_id: connectionId,
        transaction_code: sale.transaction,
        source: 'PRODUCER',
        user_ucode: account.producer.ucode,
        user_name: account.producer.name,
        value: Math.round(net * 50) / 100,
        currency: sale.price.currency_code,
      },
    );
  }

  for (const subscription of account.subscriptions()) {
    const plan = account.plan(subscription.plan_id);
    if (!plan) throw new Error(`no plan ${subscription.plan_id}`);
    const buyer = account.buyerContact(subscription.buyer_ucode);
    rows.subscriptions.push({
      connection_id: connectionId,
      subscriber_code: subscription.subscriber_code,
      subscription_id: String(subscription.subscription_id),
      product_id: String(subscription.product_id),
      plan_id: String(plan.id),
      plan_code: plan.code,
      plan_name: plan.name,
      status: subscription.status,
      subscriber_email: buyer?.email ?? null,
      subscriber_name: buyer?.name ?? null,
      price: plan.price.value,
      currency: plan.price.currency_code,
      recurrency_period: plan.recurrency_period,
      accession_date: subscription.accession_date,
      end_accession_date: subscription.end_accession_date ?? null,
      date_next_charge: subscription.date_next_charge,
      cancellation_date: subscription.cancellation_date ?? null,
      trial: subscription.trial,
      transaction_code: subscription.transaction || null,
      raw: '{}',
      state_at: now,
      updated_at: now,
    });
  }
  rows.movements.push(...ledgerOf(rows.subscriptions, rows.plans, now));
  return rows;
}

/** Ledger movements that keep the MRR ledger consistent with the subscriptions' lifecycle. */
export function ledgerOf(
  subscriptions: SubscriptionRow[],
  plans: PlanRow[],
  now: number,
  options: { stories: boolean } = { stories: true },
): MovementRow[] {
  const movements: MovementRow[] = [];
  const trialOf = new Map(plans.map((plan) => [`${plan.connection_id}|${plan.plan_id}`, plan.trial_period]));
  let switched = 0;
  for (const s of subscriptions) {
    if (s.status === 'STARTED' || s.price === null || s.currency === null || s.recurrency_period === null)
      continue;
    const trial = trialOf.get(`${s.connection_id}|${s.plan_id}`) ?? 0;
    if (!(trial > 0) && s.trial) continue; // in trial for as long as we know
    const paidFrom = s.accession_date + Math.max(trial, 0) * DAY;
    const ended = s.cancellation_date ?? s.end_accession_date ?? (isEnded(s.status) ? s.state_at : null);
    if (ended !== null && ended <= paidFrom) continue;
    if (paidFrom >= now) continue;
    const amount = monthly(s.price, s.recurrency_period);
    const base = { connection_id: s.connection_id, subscriber_code: s.subscriber_code, currency: s.currency };
    // A few long-running subscriptions changed plan or came back: their history differs, their present does not.
    const longRunning = options.stories && ended === null && paidFrom < now - 200 * DAY;
    const story = longRunning ? switched++ : -1;
    const mid = paidFrom + Math.floor((now - 120 * DAY - paidFrom) / 2);
    if (story === 0 || story === 1) {
      movements.push({
        ...base,
        at: paidFrom,
        kind: 'new',
        mrr_before: 0,
        mrr_after: amount / 2,
        cause: 'purchase',
      });
      movements.push({
        ...base,
        at: mid,
        kind: 'expansion',
        mrr_before: amount / 2,
        mrr_after: amount,
        cause: 'switch_plan',
      });
    } else if (story === 2) {
      movements.push({
        ...base,
        at: paidFrom,
        kind: 'new',
        mrr_before: 0,
        mrr_after: amount * 3,
        cause: 'purchase',
      });
      movements.push({
        ...base,
        at: mid,
        kind: 'contraction',
        mrr_before: amount * 3,
        mrr_after: amount,
        cause: 'switch_plan',
      });
    } else if (story === 3) {
      movements.push({
        ...base,
        at: paidFrom,
        kind: 'new',
        mrr_before: 0,
        mrr_after: amount,
        cause: 'purchase',
      });
      movements.push({
        ...base,
        at: mid,
        kind: 'churn',
        mrr_before: amount,
        mrr_after: 0,
        cause: 'cancellation',
      });
      movements.push({
        ...base,
        at: mid + 20 * DAY,
        kind: 'reactivation',
        mrr_before: 0,
        mrr_after: amount,
        cause: 'reactivation',
      });
    } else {
      movements.push({
        ...base,
        at: paidFrom,
        kind: 'new',
        mrr_before: 0,
        mrr_after: amount,
        cause: 'purchase',
      });
    }
    if (ended !== null && ended < now) {
      movements.push({
        ...base,
        at: ended,
        kind: 'churn',
        mrr_before: amount,
        mrr_after: 0,
        cause: 'cancellation',
      });
    }
  }
  return movements;
}

function saleRow(account: EmulatorAccount, sale: Sale, connectionId: string, index: number): SaleRow {
  const product = account.product(sale.product_id);
  const buyer = account.buyerContact(sale.buyer_ucode);
  return {
    connection_id: connectionId,
    transaction_code: sale.transaction,
    product_id: String(sale.product_id),
    product_name: product?.name ?? '',
    offer_code: sale.offer_code,
    buyer_email: buyer?.email ?? null,
    buyer_name: buyer?.name ?? null,
    status: sale.status,
    payment_type: sale.payment_type,
    installments: sale.installments_number,
    price: sale.price.value,
    currency: sale.price.currency_code,
    order_date: sale.order_date,
    approved_date: sale.approved_date ?? null,
    is_subscription: product?.is_subscription ?? false,
    subscriber_code: sale.subscriber_code ?? null,
    recurrency_number: sale.recurrency_number ?? null,
    affiliate_code: sale.affiliate_code ?? null,
    coupon_code: sale.coupon_code ?? null,
    tracking_source: sale.tracking.source || null,
    warranty_expire_date: sale.warranty_expire_date,
    source: index % 2 === 0 ? 'api' : 'webhook',
    raw: '{}',
    state_at: account.options.now,
    updated_at: account.options.now,
  };
}

/** Appends `more` to `rows` (for hand-made rows). */
export function mergeMirror(rows: MirrorRows, more: MirrorRows): MirrorRows {
  for (const key of Object.keys(rows) as (keyof MirrorRows)[]) {
    (rows[key] as unknown[]).push(...(more[key] as unknown[]));
  }
  return rows;
}

const TABLES: Record<keyof MirrorRows, string> = {
  products: 'mirror_products',
  plans: 'mirror_plans',
  sales: 'mirror_sales',
  participants: 'mirror_sale_participants',
  commissions: 'mirror_commissions',
  subscriptions: 'mirror_subscriptions',
  movements: 'mirror_mrr_movements',
};

/** Writes the rows into the store's mirror tables (SQLite: one transaction; PostgreSQL: multi-row inserts). */
export async function writeMirror(store: Store, rows: MirrorRows): Promise<void> {
  const handle = storeInternals(store);
  for (const key of Object.keys(TABLES) as (keyof MirrorRows)[]) {
    const list = rows[key] as unknown as Record<string, unknown>[];
    if (list.length === 0) continue;
    const columns = Object.keys(list[0] as object);
    const table = TABLES[key];
    if (handle.dialect === 'sqlite') {
      const insert = handle.db.prepare(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      );
      handle.db.transaction(() => {
        for (const row of list) {
          insert.run(...columns.map((column) => sqliteValue(row[column])));
        }
      })();
      continue;
    }
    for (let offset = 0; offset < list.length; offset += 500) {
      const batch = list.slice(offset, offset + 500);
      const values: unknown[] = [];
      const tuples = batch.map((row) => {
        const placeholders = columns.map((column) => {
          values.push(row[column]);
          return `$${values.length}`;
        });
        return `(${placeholders.join(', ')})`;
      });
      await handle.pool.query(
        `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
        values,
      );
    }
  }
}

function sqliteValue(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value === undefined ? null : value;
}
