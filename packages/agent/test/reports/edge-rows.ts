import {
  emptyMirror,
  ledgerOf,
  type MirrorRows,
  type PlanRow,
  type ProductRow,
  type SaleRow,
  type SubscriptionRow,
} from './mirror-seed.ts';

/**
 * A second Hotmart connection written by hand for the edge cases the generated account lacks: subscriptions in USD
 * and MXN on 7-, 60- and 180-day plans, trials (a mirrored trial plan and an unmirrored plan with `trial: true`),
 * an unpriced subscription, a STARTED one and an ended one without an end date, no recent churn, sales right at the
 * time-zone bucket boundaries, a sale without a price, a webhook-only affiliate, and an MRR ledger with a missed
 * movement.
 */
export const EDGE_CONNECTION = 'hm-edge';

const DAY = 86_400_000;
const at = (iso: string) => Date.parse(iso);

/** The edge rows; `now` is the emulator account's reference now (2026-06-01T12:00:00Z by default). */
export function edgeRows(now: number): MirrorRows {
  const rows = emptyMirror();
  const c = EDGE_CONNECTION;
  const product = (product_id: string, name: string, is_subscription: boolean): ProductRow => ({
    connection_id: c,
    product_id,
    ucode: `ucode-${product_id}`,
    name,
    status: 'ACTIVE',
    format: 'ONLINE_COURSE',
    is_subscription,
    warranty_period: 7,
    created_at: now - 900 * DAY,
    raw: '{}',
    synced_at: now,
  });
  rows.products.push(product('9001', 'Clube Internacional', true), product('9002', 'Ebook México', false));

  const plan = (
    plan_id: string,
    price: number,
    currency: string,
    recurrency_period: number,
    trial_period: number | null,
  ): PlanRow => ({
    connection_id: c,
    plan_code: `code-${plan_id}`,
    product_id: '9001',
    plan_id,
    name: `Plano ${plan_id}`,
    price,
    currency,
    periodicity: 'OTHER',
    recurrency_period,
    trial_period,
    raw: '{}',
    synced_at: now,
  });
  rows.plans.push(
    plan('u7', 9.99, 'USD', 7, null),
    plan('u60', 50, 'USD', 60, null),
    plan('u180', 120.5, 'USD', 180, null),
    plan('m30t', 199, 'MXN', 30, 14),
  );

  const subscription = (
    code: string,
    plan_id: string,
    status: string,
    accession_date: number,
    extra: Partial<SubscriptionRow> = {},
  ): SubscriptionRow => {
    const known = rows.plans.find((p) => p.plan_id === plan_id);
    return {
      connection_id: c,
      subscriber_code: code,
      subscription_id: `id-${code}`,
      product_id: '9001',
      plan_id,
      plan_code: known?.plan_code ?? null,
      plan_name: known?.name ?? null,
      status,
      subscriber_email: `${code.toLowerCase()}@example.com`,
      subscriber_name: code,
      price: known?.price ?? null,
      currency: known?.currency ?? null,
      recurrency_period: known?.recurrency_period ?? null,
      accession_date,
      end_accession_date: null,
      date_next_charge: null,
      cancellation_date: null,
      trial: false,
      transaction_code: null,
      raw: '{}',
      state_at: now,
      updated_at: now,
      ...extra,
    };
  };
  rows.subscriptions.push(
    subscription('EDGE-U7', 'u7', 'ACTIVE', now - 300 * DAY),
    subscription('EDGE-U60', 'u60', 'ACTIVE', now - 200 * DAY),
    subscription('EDGE-U180', 'u180', 'DELAYED', now - 100 * DAY),
    subscription('EDGE-MXN-TRIAL', 'm30t', 'ACTIVE', now - 3 * DAY, { trial: true }),
    subscription('EDGE-MXN', 'm30t', 'ACTIVE', now - 60 * DAY),
    // The plan is not mirrored: the subscription's own flag says trial, so it stays in trial.
    subscription('EDGE-FLAG-TRIAL', 'not-mirrored', 'ACTIVE', now - 5 * DAY, {
      trial: true,
      price: 99,
      currency: 'MXN',
      recurrency_period: 30,
    }),
    // No price, no period: alive but unpriced.
    subscription('EDGE-UNPRICED', 'ghost', 'ACTIVE', now - 40 * DAY),
    // Never paid (first boleto pending): not a subscriber.
    subscription('EDGE-STARTED', 'u60', 'STARTED', now - DAY),
    // Ended with no date: known ended by the time the mirror stored that state (`state_at`).
    subscription('EDGE-ENDED-UNDATED', 'u60', 'CANCELLED_BY_CUSTOMER', now - 400 * DAY, {
      state_at: now - 380 * DAY,
    }),
  );
  rows.movements.push(...ledgerOf(rows.subscriptions, rows.plans, now, { stories: false }));
  // A chain with a missed expansion: the churn says it lost 120 a month, the ledger only ever had 100.
  rows.movements.push(
    {
      connection_id: c,
      subscriber_code: 'EDGE-GAP',
      at: at('2026-03-01T15:00:00Z'),
      kind: 'new',
      mrr_before: 0,
      mrr_after: 100,
      currency: 'USD',
      cause: 'purchase',
    },
    {
      connection_id: c,
      subscriber_code: 'EDGE-GAP',
      at: at('2026-05-10T15:00:00Z'),
      kind: 'churn',
      mrr_before: 120,
      mrr_after: 0,
      currency: 'USD',
      cause: 'cancellation',
    },
  );

  const sale = (
    transaction_code: string,
    iso: string,
    status: string,
    price: number | null,
    currency: string | null,
    payment_type: string,
    extra: Partial<SaleRow> = {},
  ): SaleRow => ({
    connection_id: c,
    transaction_code,
    product_id: '9002',
    product_name: 'Ebook México (old name)',
    offer_code: 'off-9002',
    buyer_email: 'buyer@example.com',
    buyer_name: 'Buyer',
    status,
    payment_type,
    installments: 1,
    price,
    currency,
    order_date: at(iso),
    approved_date: at(iso),
    is_subscription: false,
    subscriber_code: null,
    recurrency_number: null,
    affiliate_code: null,
    coupon_code: null,
    tracking_source: null,
    warranty_expire_date: null,
    source: 'webhook',
    raw: '{}',
    state_at: now,
    updated_at: now,
    ...extra,
  });
  rows.sales.push(
    // 23:00 on 1 May in São Paulo, 2 May in UTC.
    sale('EDGE-T1', '2026-05-02T02:00:00Z', 'COMPLETE', 100, 'BRL', 'CREDIT_CARD'),
    // 23:30 on 31 May in São Paulo (May's bucket), 1 June in UTC (June's).
    sale('EDGE-T2', '2026-06-01T02:30:00Z', 'REFUNDED', 50, 'USD', 'PIX'),
    // Sunday 3 May 23:00 in São Paulo (week of 27 April), Monday 4 May in UTC (week of 4 May).
    sale('EDGE-T3', '2026-05-04T02:00:00Z', 'CHARGEBACK', 300, 'MXN', 'CREDIT_CARD'),
    sale('EDGE-T4', '2026-05-10T12:00:00Z', 'COMPLETE', null, null, 'PIX'),
    sale('EDGE-T5', '2026-05-05T12:00:00Z', 'APPROVED', 80, 'BRL', 'BILLET', { affiliate_code: 'EDGEAFF' }),
    sale('EDGE-T6', '2026-05-06T12:00:00Z', 'WAITING_PAYMENT', 70, 'BRL', 'BILLET'),
  );
  return rows;
}
