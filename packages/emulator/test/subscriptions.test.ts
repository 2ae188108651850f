import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StateChange, Subscription } from '../src/index.ts';
import { fixture, fixtureItems, shapeProblems, startTestEmulator, type TestEmulator } from './helpers.ts';

describe('subscription endpoints', () => {
  let emulator: TestEmulator;
  const changes: StateChange[] = [];

  beforeAll(async () => {
    emulator = await startTestEmulator({ seed: 31, sales: 6_000 });
    emulator.hotmart.account.onChange((change) => changes.push(change));
  });
  afterAll(() => emulator.close());

  const account = () => emulator.hotmart.account;
  const pick = (predicate: (subscription: Subscription) => boolean): Subscription => {
    const found = account()
      .subscriptions()
      .find((subscription) => predicate(subscription));
    if (!found) throw new Error('no subscription matches');
    return found;
  };
  const post = (path: string, body: unknown) =>
    emulator.json(path, { method: 'POST', body: JSON.stringify(body) });

  it('lists subscriptions in the fixture’s shape, with status repeated as a multi-valued filter', async () => {
    const list = await emulator.json('/payments/api/v1/subscriptions?max_results=500');
    expect(list.status).toBe(200);
    expect(list.body.page_info.total_results).toBe(account().subscriptions().length);
    for (const item of list.body.items) {
      expect(
        shapeProblems(item, fixtureItems('subscriptions-list'), {
          optional: ['$.end_accession_date', '$.plan.max_charge_cycles'],
        }),
      ).toEqual([]);
    }
    // The optional keys appear when set: an ended subscription with a capped plan has both.
    const ended = list.body.items.find(
      (item: { end_accession_date?: number }) => item.end_accession_date !== undefined,
    );
    expect(ended).toBeDefined();
    const cancelled = await emulator.json(
      '/payments/api/v1/subscriptions?status=CANCELLED_BY_CUSTOMER&status=CANCELLED_BY_SELLER&status=CANCELLED_BY_ADMIN&max_results=500',
    );
    const statuses = new Set(cancelled.body.items.map((item: { status: string }) => item.status));
    expect(statuses.size).toBeGreaterThan(0);
    for (const status of statuses) expect(String(status)).toMatch(/^CANCELLED_BY_/);
    expect(cancelled.body.page_info.total_results).toBe(
      account()
        .subscriptions()
        .filter((subscription) => subscription.status.startsWith('CANCELLED_BY_')).length,
    );
    const bad = await emulator.json('/payments/api/v1/subscriptions?status=GONE');
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('invalid_value_parameter');
  });

  it('filters the list by product, plan, subscriber, trial and dates', async () => {
    const subscription = pick((candidate) => candidate.current_recurrence > 2);
    const byCode = await emulator.json(
      `/payments/api/v1/subscriptions?subscriber_code=${subscription.subscriber_code}`,
    );
    expect(byCode.body.items.map((item: { subscriber_code: string }) => item.subscriber_code)).toEqual([
      subscription.subscriber_code,
    ]);
    const email = account().buyer(subscription.buyer_ucode)?.email as string;
    const byEmail = await emulator.json(
      `/payments/api/v1/subscriptions?subscriber_email=${encodeURIComponent(email)}`,
    );
    expect(
      byEmail.body.items.some(
        (item: { subscriber_code: string }) => item.subscriber_code === subscription.subscriber_code,
      ),
    ).toBe(true);
    const renewal = subscription.transactions[1] as string;
    const byTransaction = await emulator.json(`/payments/api/v1/subscriptions?transaction=${renewal}`);
    expect(byTransaction.body.items.map((item: { subscriber_code: string }) => item.subscriber_code)).toEqual(
      [subscription.subscriber_code],
    );
    const from = subscription.accession_date;
    const ranged = await emulator.json(
      `/payments/api/v1/subscriptions?accession_date=${from}&end_accession_date=${from}&product_id=${subscription.product_id}`,
    );
    expect(ranged.body.items.map((item: { subscriber_code: string }) => item.subscriber_code)).toEqual([
      subscription.subscriber_code,
    ]);
    const plan = account().plan(subscription.plan_id);
    const byPlan = await emulator.json(
      `/payments/api/v1/subscriptions?plan=${encodeURIComponent(plan?.name ?? '')}&max_results=500`,
    );
    expect(byPlan.body.items.every((item: { plan: { name: string } }) => item.plan.name === plan?.name)).toBe(
      true,
    );
    const trial = await emulator.json('/payments/api/v1/subscriptions?trial=maybe');
    expect(trial.status).toBe(400);
    expect(trial.body.error_description).toContain('trial');
  });

  it('summarises subscriptions in the fixture’s shape, with unpaid recurrences', async () => {
    const summary = await emulator.json('/payments/api/v1/subscriptions/summary?max_results=500');
    expect(summary.status).toBe(200);
    for (const item of summary.body.items) {
      expect(
        shapeProblems(item, fixtureItems('subscriptions-summary'), { optional: ['$.end_accession_date'] }),
      ).toEqual([]);
    }
    expect(summary.body.page_info.total_results).toBeUndefined();
    const owing = summary.body.items.find(
      (item: { unpaid_recurrencies: unknown[] }) => item.unpaid_recurrencies.length > 0,
    );
    expect(owing).toBeDefined();
    expect(owing.last_recurrency.status).toBe('NOT_PAID');
  });

  it('lists a subscriber’s purchases as a bare array and subscription transactions in the recorded shape', async () => {
    const subscription = pick((candidate) => candidate.current_recurrence >= 3);
    const purchases = await emulator.json(
      `/payments/api/v1/subscriptions/${subscription.subscriber_code}/purchases`,
    );
    expect(Array.isArray(purchases.body)).toBe(true);
    expect(purchases.body.map((item: { recurrency_number: number }) => item.recurrency_number)).toEqual(
      subscription.transactions.map((_, index) => index + 1),
    );
    for (const item of purchases.body) {
      expect(shapeProblems(item, fixture('subscriptions-purchases') as unknown[])).toEqual([]);
    }
    const unknown = await emulator.json('/payments/api/v1/subscriptions/NOPE1234/purchases');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');

    const transactions = await emulator.json(
      `/payments/api/v1/subscriptions/transactions?subscriber_code=${subscription.subscriber_code}&max_results=2`,
    );
    expect(transactions.body.page_info.total_results).toBe(subscription.transactions.length);
    expect(transactions.body.items[0].purchase.transaction).toBe(subscription.transactions[0]);
    expect(Object.keys(transactions.body.items[0])).toEqual(
      expect.arrayContaining([
        'subscriber_code',
        'recurrency',
        'purchase',
        'plan',
        'trial_info',
        'billing_type',
      ]),
    );
    const next = await emulator.json(
      `/payments/api/v1/subscriptions/transactions?subscriber_code=${subscription.subscriber_code}&max_results=2&page_token=${transactions.body.page_info.next_page_token}`,
    );
    expect(next.body.items[0].purchase.transaction).toBe(subscription.transactions[2]);
    const all = await emulator.json(
      '/payments/api/v1/subscriptions/transactions?max_results=500&recurrency_status=NOT_PAID',
    );
    for (const item of all.body.items) expect(item.recurrency.status).toBe('NOT_PAID');
  });

  it('cancels one subscription as the seller and tells the webhook sender', async () => {
    const subscription = pick((candidate) => candidate.status === 'ACTIVE' && !candidate.trial);
    changes.length = 0;
    const response = await post(`/payments/api/v1/subscriptions/${subscription.subscriber_code}/cancel`, {
      send_mail: false,
    });
    expect(response.status).toBe(200);
    expect(shapeProblems(response.body, [fixture('subscriptions-cancel-single')])).toEqual([]);
    expect(response.body.status).toBe('INACTIVE');
    expect(changes).toEqual([
      { event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: subscription.subscriber_code },
    ]);
    const listed = await emulator.json(
      `/payments/api/v1/subscriptions?subscriber_code=${subscription.subscriber_code}`,
    );
    expect(listed.body.items[0].status).toBe('CANCELLED_BY_SELLER');
    const again = await post(`/payments/api/v1/subscriptions/${subscription.subscriber_code}/cancel`, {});
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('it_can_not_cancel_subscription_status');
    const badBody = await post(`/payments/api/v1/subscriptions/${subscription.subscriber_code}/cancel`, {
      send_mail: 'yes',
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error_description).toContain('send_mail');
  });

  it('cancels in bulk with per-item failures', async () => {
    const active = pick(
      (candidate) => candidate.status === 'ACTIVE' && candidate.plan_id !== undefined && !candidate.trial,
    );
    const overdue = pick(
      (candidate) => candidate.status === 'OVERDUE' || candidate.status.startsWith('CANCELLED_'),
    );
    const response = await post('/payments/api/v1/subscriptions/cancel', {
      subscriber_code: [active.subscriber_code, overdue.subscriber_code, 'MISSING1'],
      send_mail: true,
    });
    expect(response.status).toBe(200);
    const sample = fixture('subscriptions-cancel-bulk') as {
      success_subscriptions: unknown[];
      fail_subscriptions: unknown[];
    };
    expect(
      response.body.success_subscriptions.map((item: { subscriber_code: string }) => item.subscriber_code),
    ).toEqual([active.subscriber_code]);
    expect(
      shapeProblems(response.body.success_subscriptions[0], sample.success_subscriptions, {
        optional: ['$.max_charge_cycles'],
      }),
    ).toEqual([]);
    expect(response.body.fail_subscriptions[0].error).toBe('SUBSCRIPTION_ALREADY_CANCELED_OR_OVERDUE');
    expect(shapeProblems(response.body.fail_subscriptions[0], sample.fail_subscriptions)).toEqual([]);
    expect(response.body.fail_subscriptions[1]).toEqual({
      subscriber_code: 'MISSING1',
      error: 'SUBSCRIPTION_NOT_FOUND',
    });
    const empty = await post('/payments/api/v1/subscriptions/cancel', { subscriber_code: [] });
    expect(empty.status).toBe(400);
    expect(empty.body.error_description).toContain('subscriber_code');
    const missing = await post('/payments/api/v1/subscriptions/cancel', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error).toBe('invalid_parameter');
  });

  it('reactivates one and many subscriptions', async () => {
    const cancelled = pick((candidate) => candidate.status === 'CANCELLED_BY_CUSTOMER');
    const single = await post(`/payments/api/v1/subscriptions/${cancelled.subscriber_code}/reactivate`, {
      charge: false,
    });
    expect(single.status).toBe(200);
    expect(shapeProblems(single.body, [fixture('subscriptions-reactivate-single')])).toEqual([]);
    expect(account().subscription(cancelled.subscriber_code)?.status).toBe('ACTIVE');
    expect(account().subscription(cancelled.subscriber_code)?.cancellation_date).toBeUndefined();
    const twice = await post(`/payments/api/v1/subscriptions/${cancelled.subscriber_code}/reactivate`, {});
    expect(twice.status).toBe(400);
    expect(twice.body.error).toBe('SUBSCRIPTION_ALREADY_ACTIVE');

    const other = pick(
      (candidate) => candidate.status === 'CANCELLED_BY_SELLER' || candidate.status === 'CANCELLED_BY_ADMIN',
    );
    const bulk = await post('/payments/api/v1/subscriptions/reactivate', {
      subscriber_code: [other.subscriber_code, cancelled.subscriber_code],
      charge: true,
    });
    const sample = fixture('subscriptions-reactivate-bulk') as {
      success_subscriptions: unknown[];
      fail_subscriptions: unknown[];
    };
    expect(shapeProblems(bulk.body.success_subscriptions[0], sample.success_subscriptions)).toEqual([]);
    // With `charge`, the status stays INACTIVE until the subscriber pays the link (reference §4.2).
    expect(bulk.body.success_subscriptions[0].status).toBe('INACTIVE');
    expect(shapeProblems(bulk.body.fail_subscriptions[0], sample.fail_subscriptions)).toEqual([]);
    expect(bulk.body.fail_subscriptions[0].error).toBe('SUBSCRIPTION_ALREADY_ACTIVE');
  });

  it('changes the charge day, notifies it, and validates the day, status and trial', async () => {
    const subscription = pick(
      (candidate) =>
        candidate.status === 'ACTIVE' &&
        !candidate.trial &&
        account().plan(candidate.plan_id)?.periodicity === 'MONTHLY',
    );
    changes.length = 0;
    const oldDay = subscription.due_day;
    const newDay = oldDay === 10 ? 11 : 10;
    const response = await emulator.api(`/payments/api/v1/subscriptions/${subscription.subscriber_code}`, {
      method: 'PATCH',
      body: JSON.stringify({ due_day: newDay }),
    });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(account().subscription(subscription.subscriber_code)?.due_day).toBe(newDay);
    expect(changes).toEqual([
      {
        event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE',
        subscriber_code: subscription.subscriber_code,
        old_due_day: oldDay,
      },
    ]);
    for (const body of [{ due_day: 32 }, { due_day: 0 }, { due_day: 'ten' }, {}]) {
      const bad = await emulator.json(`/payments/api/v1/subscriptions/${subscription.subscriber_code}`, {
        method: 'PATCH',
        body: JSON.stringify(body),
      });
      expect(bad.status).toBe(400);
      expect(bad.body.error_description).toContain('due_day');
    }
    account().updateSubscription(subscription.subscriber_code, { trial: true });
    const inTrial = await emulator.json(`/payments/api/v1/subscriptions/${subscription.subscriber_code}`, {
      method: 'PATCH',
      body: JSON.stringify({ due_day: 5 }),
    });
    expect(inTrial.status).toBe(400);
    expect(inTrial.body.error).toBe('subscription_in_trial_period');
    const notJson = await emulator.json(`/payments/api/v1/subscriptions/${subscription.subscriber_code}`, {
      method: 'PATCH',
      body: '{oops',
    });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error).toBe('invalid_parameter');
  });

  it('lists switchable plans and switches plan, notifying SWITCH_PLAN', async () => {
    const subscription = pick((candidate) => {
      if (candidate.status !== 'ACTIVE') return false;
      return account()
        .plans(candidate.product_id)
        .some((plan) => plan.is_switch_plan_enabled && plan.id !== candidate.plan_id);
    });
    const options = await emulator.json(
      `/payments/api/v1/subscriptions/switch-plan/plans?subscriber_codes=${subscription.subscriber_code}`,
    );
    expect(options.status).toBe(200);
    const plans = options.body.items[0].plans as { id: number; offer: { key: string }; current: boolean }[];
    expect(plans.filter((plan) => plan.current).map((plan) => plan.id)).toEqual([subscription.plan_id]);
    const target = plans.find((plan) => !plan.current) as { id: number; offer: { key: string } };
    changes.length = 0;
    const previous = subscription.plan_id;
    const switched = await post('/payments/api/v1/subscriptions/switch-plan', {
      subscriber_code: subscription.subscriber_code,
      offer_code: target.offer.key,
    });
    expect(switched.status).toBe(200);
    expect(switched.body.plan.id).toBe(target.id);
    expect(changes).toEqual([
      { event: 'SWITCH_PLAN', subscriber_code: subscription.subscriber_code, previous_plan_id: previous },
    ]);
    const same = await post('/payments/api/v1/subscriptions/switch-plan', {
      subscriber_code: subscription.subscriber_code,
      offer_code: target.offer.key,
    });
    expect(same.status).toBe(400);
    const foreign = await post('/payments/api/v1/subscriptions/switch-plan', {
      subscriber_code: subscription.subscriber_code,
      offer_code: 'zzzzzzzz',
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error_description).toContain('offer_code');
    const missing = await emulator.json('/payments/api/v1/subscriptions/switch-plan/plans');
    expect(missing.status).toBe(400);
  });

  it('negotiates unpaid installments of a subscription', async () => {
    const owing = pick((candidate) => candidate.unpaid.length > 0);
    const number = owing.unpaid[0]?.number as number;
    const response = await post('/payments/api/v1/installments/negotiate', {
      subscription_id: owing.subscription_id,
      recurrences: [number],
      payment_type: 'PIX',
      discount: { type: 'CUSTOM', value: 10 },
    });
    expect(response.status).toBe(200);
    expect(response.body.recurrences).toEqual([number]);
    expect(response.body.url).toMatch(/^https:\/\//);
    expect(account().negotiations().length).toBe(1);
    const paid = await post('/payments/api/v1/installments/negotiate', {
      subscription_id: owing.subscription_id,
      recurrences: [1],
      payment_type: 'PIX',
    });
    expect(paid.status).toBe(400);
    const billet = await post('/payments/api/v1/installments/negotiate', {
      subscription_id: owing.subscription_id,
      recurrences: [number],
      payment_type: 'BILLET',
    });
    expect(billet.status).toBe(400);
    expect(billet.body.error_description).toContain('document');
    const tooMany = await post('/payments/api/v1/installments/negotiate', {
      subscription_id: owing.subscription_id,
      recurrences: [1, 2, 3, 4, 5, 6],
      payment_type: 'PIX',
    });
    expect(tooMany.status).toBe(400);
    const unknown = await post('/payments/api/v1/installments/negotiate', {
      subscription_id: 1,
      recurrences: [1],
      payment_type: 'PIX',
    });
    expect(unknown.status).toBe(404);
  });
});
