import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  BulkSubscriptionResult,
  CancelSubscriptionBody,
  CancelSubscriptionsBody,
  ChangeDueDayBody,
  page,
  ReactivateSubscriptionBody,
  ReactivateSubscriptionsBody,
  SubscriberPurchase,
  SubscriptionChangeResult,
  SubscriptionItem,
  SubscriptionSummaryItem,
  SubscriptionsListParams,
  SubscriptionsSummaryParams,
  SubscriptionTransactionItem,
  SubscriptionTransactionsParams,
  SwitchPlanBody,
  SwitchPlanOption,
  SwitchPlanOptionsParams,
} from '../../src/schemas/index.ts';
import { loadFixture } from './load-fixture.ts';

describe('subscription list params', () => {
  it('accepts one status or many, always sending an array (reference §3.4)', () => {
    expect(SubscriptionsListParams.parse({ status: 'ACTIVE' })).toEqual({ status: ['ACTIVE'] });
    expect(
      SubscriptionsListParams.parse({
        status: ['CANCELLED_BY_CUSTOMER', 'CANCELLED_BY_SELLER', 'CANCELLED_BY_ADMIN'],
      }),
    ).toEqual({ status: ['CANCELLED_BY_CUSTOMER', 'CANCELLED_BY_SELLER', 'CANCELLED_BY_ADMIN'] });
  });

  it('accepts one plan name or many', () => {
    expect(SubscriptionsListParams.parse({ plan: 'Gold' })).toEqual({ plan: ['Gold'] });
    expect(SubscriptionsListParams.parse({ plan: ['Gold', 'Silver'] })).toEqual({ plan: ['Gold', 'Silver'] });
    expect(SubscriptionsListParams.safeParse({ plan: [] }).success).toBe(false);
  });

  it('rejects a status typo, naming its position', () => {
    const result = SubscriptionsListParams.safeParse({ status: ['ACTIVE', 'CANCELED'] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.some((issue) => issue.path[0] === 'status')).toBe(true);
    // REST uses CANCELLED_BY_*; the transactions filter's CANCELLED is not a list status.
    expect(SubscriptionsListParams.safeParse({ status: 'CANCELLED' }).success).toBe(false);
  });

  it('converts every date filter to epoch ms', () => {
    const date = new Date('2024-06-01T00:00:00Z');
    const query = SubscriptionsListParams.parse({
      accession_date: date,
      end_accession_date: date.getTime(),
      cancelation_date: date,
      end_cancelation_date: date,
      date_next_charge: date,
      end_date_next_charge: date,
      trial: false,
      select: 'subscriber_code,date_last_recurrence,status',
    });
    expect(query).toEqual({
      accession_date: 1717200000000,
      end_accession_date: 1717200000000,
      cancelation_date: 1717200000000,
      end_cancelation_date: 1717200000000,
      date_next_charge: 1717200000000,
      end_date_next_charge: 1717200000000,
      trial: false,
      select: 'subscriber_code,date_last_recurrence,status',
    });
  });

  it('rejects unknown keys and a string trial flag', () => {
    const unknown = SubscriptionsListParams.safeParse({ cancellation_date: 1 });
    const issue = unknown.error?.issues[0];
    expect(issue?.code === 'unrecognized_keys' ? issue.keys : []).toEqual(['cancellation_date']);
    expect(SubscriptionsListParams.safeParse({ trial: 'true' }).success).toBe(false);
    expect(SubscriptionsSummaryParams.safeParse({ status: 'ACTIVE' }).success).toBe(false);
  });
});

describe('subscription transactions params', () => {
  it('accepts the documented enums, including CANCELLED as subscription status', () => {
    const query = SubscriptionTransactionsParams.parse({
      transaction_date: new Date(1746100873000),
      billing_type: 'SMART_RECOVERY',
      subscription_status: 'CANCELLED',
      recurrency_status: 'CLAIMED',
      purchase_status: 'COMPLETE',
      purchase_payment_type: 'PIX',
    });
    expect(query).toEqual({
      transaction_date: 1746100873000,
      billing_type: 'SMART_RECOVERY',
      subscription_status: 'CANCELLED',
      recurrency_status: 'CLAIMED',
      purchase_status: 'COMPLETE',
      purchase_payment_type: 'PIX',
    });
  });

  it('rejects enum typos', () => {
    expect(SubscriptionTransactionsParams.safeParse({ billing_type: 'SMART_INSTALMENT' }).success).toBe(
      false,
    );
    expect(SubscriptionTransactionsParams.safeParse({ recurrency_status: 'UNPAID' }).success).toBe(false);
  });
});

describe('subscription responses', () => {
  it('reads the list sample (whose dates are seconds, kept as given)', () => {
    const body = page(SubscriptionItem).parse(loadFixture('subscriptions-list.json'));
    const sub = body.items[0];
    expect(sub?.subscriber_code).toBe('ABC12DEF');
    expect(sub?.accession_date).toBe(1577847600);
    expect(sub?.plan?.max_charge_cycles).toBe(6);
    expect(sub?.price).toEqual({ value: 123.45, currency_code: 'BRL' });
    expect(body.page_info?.total_results).toBe(30);
  });

  it('reads the summary sample', () => {
    const body = page(SubscriptionSummaryItem).parse(loadFixture('subscriptions-summary.json'));
    const sub = body.items[0];
    expect(sub?.last_recurrency?.billing_type).toBe('SMART_INSTALLMENT');
    expect(sub?.unpaid_recurrencies).toEqual([{ number: 2, charge_date: 1694113403000 }]);
    expect(body.page_info?.results_per_page).toBe(0);
  });

  it('reads a subscriber purchases bare array', () => {
    const purchases = z.array(SubscriberPurchase).parse(loadFixture('subscriptions-purchases.json'));
    expect(purchases).toHaveLength(1);
    expect(purchases[0]?.payment_method).toBe('VISA_CREDIT_CARD');
    expect(purchases[0]?.price?.value).toBe(108);
  });

  it('reads single cancel/reactivate answers with string dates and mixed types', () => {
    const cancelled = SubscriptionChangeResult.parse(loadFixture('subscriptions-cancel-single.json'));
    expect(cancelled.trial_period).toBe('7');
    expect(cancelled.date_last_recurrence).toBe(3);
    expect(cancelled.date_next_charge).toBe('2024-03-05 12:00:00');
    expect(cancelled.shopper).toEqual({ phone: '(99) 999999999', email: 'a@a.com' });
    const reactivated = SubscriptionChangeResult.parse(loadFixture('subscriptions-reactivate-single.json'));
    expect(reactivated.creation_date).toBe('2020-07-20 17:57:42');
  });

  it('reads bulk answers with per-item errors', () => {
    const cancelled = BulkSubscriptionResult.parse(loadFixture('subscriptions-cancel-bulk.json'));
    expect(cancelled.success_subscriptions[0]?.trial_period).toBe(26);
    expect(cancelled.fail_subscriptions[0]?.error).toBe('SUBSCRIPTION_ALREADY_CANCELED_OR_OVERDUE');
    const reactivated = BulkSubscriptionResult.parse(loadFixture('subscriptions-reactivate-bulk.json'));
    expect(reactivated.fail_subscriptions.map((f) => f.error)).toEqual(['SUBSCRIPTION_ALREADY_ACTIVE']);
  });

  it('treats a missing bulk side as empty', () => {
    expect(BulkSubscriptionResult.parse({ success_subscriptions: [{ subscriber_code: 'A' }] })).toEqual({
      success_subscriptions: [{ subscriber_code: 'A' }],
      fail_subscriptions: [],
    });
  });

  it('reads a real transactions item, including BALANCE_HOTMART and its own price shape', () => {
    const item = SubscriptionTransactionItem.parse({
      subscriber_code: 'SUBHHV3TA',
      subscription_id: 11833092,
      recurrency: { status: 'PAID', number: 4, transaction_type: 'AUTOMATIC' },
      purchase: {
        transaction: 'TX4122074556',
        payment: { payment_type: 'BALANCE_HOTMART' },
        price: { currency: 'BRL', value: 997, total_value: 997 },
      },
    });
    expect(item.purchase?.payment?.payment_type).toBe('BALANCE_HOTMART');
    expect(item.purchase?.price?.total_value).toBe(997);
    expect(item.recurrency?.number).toBe(4);
  });

  it('rejects a bulk failure list of the wrong type', () => {
    expect(BulkSubscriptionResult.safeParse({ fail_subscriptions: {} }).success).toBe(false);
  });
});

describe('subscription bodies', () => {
  it('defaults send_mail to true', () => {
    expect(CancelSubscriptionBody.parse({})).toEqual({ send_mail: true });
    expect(CancelSubscriptionBody.parse({ send_mail: false })).toEqual({ send_mail: false });
    expect(CancelSubscriptionsBody.parse({ subscriber_code: ['A', 'B'] })).toEqual({
      subscriber_code: ['A', 'B'],
      send_mail: true,
    });
  });

  it('requires a non-empty list of subscriber codes for bulk operations', () => {
    expect(CancelSubscriptionsBody.safeParse({ subscriber_code: [] }).success).toBe(false);
    expect(CancelSubscriptionsBody.safeParse({ subscriber_code: 'A' }).success).toBe(false);
    expect(ReactivateSubscriptionsBody.safeParse({ subscriber_code: [''] }).success).toBe(false);
    expect(ReactivateSubscriptionsBody.parse({ subscriber_code: ['A'], charge: true })).toEqual({
      subscriber_code: ['A'],
      charge: true,
    });
  });

  it('rejects unknown body keys', () => {
    const result = ReactivateSubscriptionBody.safeParse({ charged: true });
    const issue = result.error?.issues[0];
    expect(issue?.code === 'unrecognized_keys' ? issue.keys : []).toEqual(['charged']);
    expect(CancelSubscriptionBody.safeParse({ sendMail: false }).success).toBe(false);
  });

  it.each([1, 15, 31])('accepts due_day %i', (due_day) => {
    expect(ChangeDueDayBody.parse({ due_day })).toEqual({ due_day });
  });

  it.each([0, 32, 10.5, -1])('rejects due_day %s', (due_day) => {
    const result = ChangeDueDayBody.safeParse({ due_day });
    expect(result.error?.issues[0]?.path).toEqual(['due_day']);
  });

  it('accepts one or many subscriber codes for switch-plan options', () => {
    expect(SwitchPlanOptionsParams.parse({ subscriber_codes: 'A' })).toEqual({ subscriber_codes: ['A'] });
    expect(SwitchPlanOptionsParams.parse({ subscriber_codes: ['A', 'B'] })).toEqual({
      subscriber_codes: ['A', 'B'],
    });
    expect(SwitchPlanOptionsParams.safeParse({}).success).toBe(false);
  });

  it('requires both switch-plan fields and keeps option items loose', () => {
    expect(SwitchPlanBody.parse({ subscriber_code: 'A', offer_code: 'tz12qeev' })).toEqual({
      subscriber_code: 'A',
      offer_code: 'tz12qeev',
    });
    expect(SwitchPlanBody.safeParse({ subscriber_code: 'A' }).success).toBe(false);
    expect(SwitchPlanOption.parse({ offer_code: 'x', periodicity: 'MONTHLY' })).toEqual({
      offer_code: 'x',
      periodicity: 'MONTHLY',
    });
  });
});
