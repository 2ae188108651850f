import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { createHotmartClient } from '@hotpilot/hotmart';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncConnection } from '../../src/mirror/sync.ts';
import { reportAffiliates } from '../../src/store/mirror/reports-affiliates.ts';
import { reportChurnRate } from '../../src/store/mirror/reports-churn.ts';
import { reportMrr } from '../../src/store/mirror/reports-mrr.ts';
import { reportMrrMovement } from '../../src/store/mirror/reports-mrr-movement.ts';
import { reportSales } from '../../src/store/mirror/reports-sales.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import { cents, expectedChurn, expectedMrr, expectedSales, localDate } from './expected.ts';
import { type MirrorRows, mirrorOfAccount } from './mirror-seed.ts';

/**
 * The reports over a mirror filled by the real sync (`syncConnection`) from the emulator, checked against the
 * emulator account itself: what the sync writes and what the reports read must agree.
 */

const CONNECTION = 'main';
const SP = 'America/Sao_Paulo';
const PAID = new Set(['APPROVED', 'COMPLETE', 'PROTESTED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'CHARGEBACK']);

let hotmart: RunningEmulator;
/** The account's records in mirror shape, for the plain-loop calculations. */
let account: MirrorRows;
let today: string;

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 11, sales: 600, rateLimit: false });
  account = mirrorOfAccount(hotmart.account, CONNECTION);
  today = localDate(hotmart.account.options.now, SP);
});
afterAll(() => hotmart?.close());

describe.each(storeFactories)('reports over a synced mirror on $name', (factory) => {
  let t: TestStore;

  beforeAll(async () => {
    t = await factory.create();
    await syncConnection({
      store: t.store,
      connection: { id: CONNECTION },
      client: createHotmartClient({
        clientId: hotmart.credentials.clientId,
        clientSecret: hotmart.credentials.clientSecret,
        apiBaseUrl: hotmart.apiBaseUrl,
        tokenUrl: hotmart.tokenUrl,
        rateLimit: false,
        maxRetries: 0,
      }),
      resources: ['products', 'sales', 'subscriptions'],
      windowDays: 240,
      now: () => hotmart.account.now(),
    });
  });
  afterAll(() => t?.destroy());

  it('sales match the account', async () => {
    const options = {
      from: '2024-01-01',
      to: today,
      timeZone: SP,
      granularity: 'month',
      byProduct: true,
      byPaymentType: true,
    } as const;
    const report = await reportSales(t.store, options);
    const expected = expectedSales(account, options);
    const got = new Map(
      report.lines.map((line) => [
        [line.bucket, line.productId, line.paymentType, line.currency].join('|'),
        {
          sales: line.sales,
          gross: cents(line.gross),
          refunds: line.refunds,
          refunded: cents(line.refundedAmount),
          chargebacks: line.chargebacks,
          chargedBack: cents(line.chargebackAmount),
        },
      ]),
    );
    expect(got).toEqual(expected.lines);
    expect(report.totals.reduce((n, total) => n + total.sales, 0)).toBeGreaterThan(300);
  });

  it('MRR and churn match the account at several dates', async () => {
    for (const date of [today, '2026-01-31', '2025-06-30']) {
      const report = await reportMrr(t.store, { date, timeZone: SP });
      const expected = expectedMrr(account, date, SP);
      expect({ currencies: report.currencies, unpriced: report.unpriced }, date).toEqual(expected);
    }
    const churn = await reportChurnRate(t.store, { from: '2025-06-01', to: '2026-05-31', timeZone: SP });
    const expected = expectedChurn(account, '2025-06-01', '2026-05-31', SP);
    expect({ active: churn.activeAtStart, cancelled: churn.cancelled }).toEqual({
      active: expected.activeAtStart,
      cancelled: expected.cancelled,
    });
  });

  it("the sync's MRR ledger reconciles and closes on the subscriptions' MRR (trials included)", async () => {
    for (const to of ['2025-06-30', today]) {
      const bridge = await reportMrrMovement(t.store, { from: '2025-01-01', to, timeZone: SP });
      const mrr = await reportMrr(t.store, { date: to, timeZone: SP });
      expect(bridge.currencies.length).toBeGreaterThan(0);
      for (const line of bridge.currencies) {
        const sum =
          cents(line.opening) +
          cents(line.new) +
          cents(line.expansion) -
          cents(line.contraction) -
          cents(line.churn) +
          cents(line.reactivation);
        expect(sum).toBe(cents(line.closing));
        // The sync's baseline starts MRR at accession, trial or not: its closing is paying plus trial MRR.
        const subscriptions = mrr.currencies.find((c) => c.currency === line.currency);
        expect(cents(line.closing)).toBe(
          cents(subscriptions?.mrr ?? 0) + cents(subscriptions?.trial.mrr ?? 0),
        );
      }
    }
  });

  it('affiliate sales match the account, one line per affiliate', async () => {
    const report = await reportAffiliates(t.store, { from: '2024-01-01', to: today, timeZone: SP });
    const expected = new Map<string, { sales: number; gross: Map<string, number> }>();
    const { account: emulated } = hotmart;
    for (let index = 0; index < emulated.saleCount(); index++) {
      const sale = emulated.saleAt(index);
      const affiliate =
        sale.affiliate_code === undefined ? undefined : emulated.affiliate(sale.affiliate_code);
      if (!affiliate || !PAID.has(sale.status)) continue;
      const day = localDate(sale.order_date, SP);
      if (day < '2024-01-01' || day > today) continue;
      const entry = expected.get(affiliate.ucode) ?? { sales: 0, gross: new Map() };
      entry.sales++;
      const currency = sale.price.currency_code;
      entry.gross.set(currency, (entry.gross.get(currency) ?? 0) + cents(sale.price.value));
      expected.set(affiliate.ucode, entry);
    }
    expect(report.affiliates.map((a) => a.key).sort()).toEqual([...expected.keys()].sort());
    for (const affiliate of report.affiliates) {
      const want = expected.get(affiliate.key);
      expect(affiliate.sales).toBe(want?.sales);
      expect(new Map(affiliate.revenue.map((r) => [r.currency, cents(r.gross)]))).toEqual(want?.gross);
      expect(affiliate.name).toBe(emulated.affiliates().find((a) => a.ucode === affiliate.key)?.name);
    }
    const commissions = report.affiliates.flatMap((a) => a.commissions);
    expect(commissions.length).toBeGreaterThan(0);
    expect(commissions.every((c) => c.amount > 0)).toBe(true);
  });
});
