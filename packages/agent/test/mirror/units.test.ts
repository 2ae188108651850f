import { TransactionStatus } from '@hotpilot/hotmart';
import { describe, expect, it } from 'vitest';
import { planRow, saleRowFromHistory, subscriptionRow } from '../../src/mirror/api-rows.ts';
import { monthlyAmount } from '../../src/mirror/monthly-amount.ts';
import {
  EVENT_BY_REST_STATUS,
  isEndedSubscription,
  isPaidStatus,
  restStatusOf,
} from '../../src/mirror/purchase-statuses.ts';
import { checkpointKey, dateWindows } from '../../src/mirror/sync-checkpoint.ts';
import { mergeRows } from '../../src/store/mirror/mirror-sql.ts';
import { columnOf, fieldOf, mirrorTables } from '../../src/store/mirror/mirror-tables.ts';

describe('purchase statuses', () => {
  it('maps the webhook vocabulary to the REST one (reference §5.1)', () => {
    expect(restStatusOf('PURCHASE_APPROVED', 'APPROVED')).toBe('APPROVED');
    expect(restStatusOf('PURCHASE_COMPLETE', 'COMPLETED')).toBe('COMPLETE');
    expect(restStatusOf('PURCHASE_CANCELED', 'CANCELED')).toBe('CANCELLED');
    expect(restStatusOf('PURCHASE_REFUNDED', 'REFUNDED')).toBe('REFUNDED');
    expect(restStatusOf('PURCHASE_CHARGEBACK', 'CHARGEBACK')).toBe('CHARGEBACK');
    expect(restStatusOf('PURCHASE_BILLET_PRINTED', 'BILLET_PRINTED')).toBe('PRINTED_BILLET');
    expect(restStatusOf('PURCHASE_PROTEST', 'DISPUTE')).toBe('PROTESTED');
    expect(restStatusOf('PURCHASE_EXPIRED', 'EXPIRED')).toBe('EXPIRED');
    expect(restStatusOf('PURCHASE_DELAYED', 'DELAYED')).toBe('OVERDUE');
  });

  it('falls back to the event name, and keeps a status neither vocabulary knows', () => {
    expect(restStatusOf('PURCHASE_REFUNDED', null)).toBe('REFUNDED');
    expect(restStatusOf('PURCHASE_PROTEST', undefined)).toBe('PROTESTED');
    expect(restStatusOf('PURCHASE_APPROVED', ' approved ')).toBe('APPROVED');
    expect(restStatusOf('PURCHASE_APPROVED', 'PENDING_REVIEW')).toBe('PENDING_REVIEW');
  });

  it('knows which REST statuses owe a webhook', () => {
    const owed = TransactionStatus.options.filter((status) => EVENT_BY_REST_STATUS[status]);
    expect(owed).toHaveLength(13);
    expect(EVENT_BY_REST_STATUS.UNDER_ANALISYS).toBeUndefined();
    expect(EVENT_BY_REST_STATUS.WAITING_PAYMENT).toBe('PURCHASE_BILLET_PRINTED');
    expect(isPaidStatus('COMPLETE')).toBe(true);
    expect(isPaidStatus('REFUNDED')).toBe(false);
    expect(isPaidStatus(null)).toBe(false);
    expect(isEndedSubscription('CANCELLED_BY_ADMIN')).toBe(true);
    expect(isEndedSubscription('INACTIVE')).toBe(true);
    expect(isEndedSubscription('DELAYED')).toBe(false);
    expect(isEndedSubscription(undefined)).toBe(false);
  });
});

describe('monthlyAmount', () => {
  it('normalises a price to 30 days by the recurrence period', () => {
    expect(monthlyAmount(70, 7)).toBe(300);
    expect(monthlyAmount(49.9, 30)).toBe(49.9);
    expect(monthlyAmount(60, 60)).toBe(30);
    expect(monthlyAmount(297, 90)).toBe(99);
    expect(monthlyAmount(594, 180)).toBe(99);
    expect(monthlyAmount(1188, 360)).toBe(99);
    expect(monthlyAmount(29.9, 7)).toBe(128.14);
  });

  it('guesses nothing when the price or the period is unknown or invalid', () => {
    expect(monthlyAmount(null, 30)).toBeNull();
    expect(monthlyAmount(10, null)).toBeNull();
    expect(monthlyAmount(10, 0)).toBeNull();
    expect(monthlyAmount(-1, 30)).toBeNull();
    expect(monthlyAmount(Number.NaN, 30)).toBeNull();
  });
});

describe('sync windows and checkpoints', () => {
  it('cuts a range into windows without gap or overlap', () => {
    expect(dateWindows(0, 25, 10)).toEqual([
      { from: 0, to: 10 },
      { from: 10, to: 20 },
      { from: 20, to: 25 },
    ]);
    expect(dateWindows(5, 5, 10)).toEqual([]);
    expect(dateWindows(10, 5, 10)).toEqual([]);
    expect(() => dateWindows(0, 10, 0)).toThrow(RangeError);
    expect(checkpointKey('store-br', 'subscriptions')).toBe('mirror:checkpoint:store-br:subscriptions');
  });
});

describe('API rows', () => {
  it('returns null for items without their key and null for missing fields', () => {
    expect(saleRowFromHistory('main', {}, 1)).toBeNull();
    expect(saleRowFromHistory('main', { purchase: { transaction: 'HP1' } }, 1)).toBeNull();
    const row = saleRowFromHistory('main', { purchase: { transaction: ' HP1 ', status: 'APPROVED' } }, 7);
    expect(row).toMatchObject({
      transactionCode: 'HP1',
      status: 'APPROVED',
      productId: null,
      buyerEmail: null,
      price: null,
      source: 'api',
      stateAt: 7,
      isSubscription: false,
    });
    expect(subscriptionRow('main', { status: 'ACTIVE' }, 1)).toBeNull();
    expect(planRow('main', '1', { name: 'no code' }, 1)).toBeNull();
    expect(planRow('main', '1', { code: 'p', periodicity: 'fortnightly' }, 1)?.recurrencyPeriod).toBeNull();
  });

  it('takes an ended subscription’s cancellation date from its end of accession', () => {
    const row = subscriptionRow(
      'main',
      { subscriber_code: 'S1', status: 'CANCELLED_BY_CUSTOMER', end_accession_date: 1234, accession_date: 1 },
      5,
    );
    expect(row?.cancellationDate).toBe(1234);
    expect(
      subscriptionRow('main', { subscriber_code: 'S2', status: 'ACTIVE', end_accession_date: 9 }, 5)
        ?.cancellationDate,
    ).toBeNull();
  });
});

describe('mirror tables', () => {
  it('maps fields to columns and back', () => {
    expect(columnOf('transactionCode')).toBe('transaction_code');
    expect(fieldOf('is_main_offer')).toBe('isMainOffer');
    for (const spec of Object.values(mirrorTables))
      for (const field of spec.fields) expect(fieldOf(columnOf(field))).toBe(field);
  });

  it('merges repeated keys as sequential upserts would', () => {
    const sales = mirrorTables.sales;
    const older = { stateAt: 5, status: 'REFUNDED', couponCode: 'A', isSubscription: true };
    const newer = { stateAt: 9, status: 'APPROVED', couponCode: null, isSubscription: false };
    expect(mergeRows(sales, older, newer)).toMatchObject({
      status: 'APPROVED',
      couponCode: 'A',
      isSubscription: true,
    });
    expect(mergeRows(sales, newer, older)).toBe(newer);
    const movement = { at: 1, kind: 'new' };
    expect(mergeRows(mirrorTables.mrrMovements, movement, { at: 1, kind: 'churn' })).toBe(movement);
  });
});
