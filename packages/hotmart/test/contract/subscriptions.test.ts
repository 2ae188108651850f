import type { Subscription, SubscriptionStatus } from '@hotpilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError, InvalidInputError, NotFoundError } from '../../src/index.ts';
import { type Contract, requestsTo, startContract } from './support.ts';

// Subscription endpoints of reference §4.2, client ↔ emulator. Writes are checked through later reads.

let contract: Contract;

beforeAll(async () => {
  contract = await startContract();
});
afterAll(() => contract.hotmart.close());

const BASE = '/payments/api/v1/subscriptions';

/** Subscriptions no earlier test of this file has written to, so each write test starts from the seeded state. */
const used = new Set<string>();
function pick(predicate: (subscription: Subscription) => boolean): Subscription {
  const found = contract.account
    .subscriptions()
    .find((subscription) => !used.has(subscription.subscriber_code) && predicate(subscription));
  if (!found) throw new Error('the seeded account has no subscription of the kind this test needs');
  used.add(found.subscriber_code);
  return found;
}
const active = () => pick((subscription) => subscription.status === 'ACTIVE' && !subscription.trial);

async function listed(subscriberCode: string) {
  const [item] = await contract.client.subscriptions.list({ subscriber_code: subscriberCode }).toArray();
  return item;
}

describe('reads', () => {
  it('lists subscriptions by a repeated status filter, each as the account holds it', async () => {
    const wanted = new Set<SubscriptionStatus>(['CANCELLED_BY_CUSTOMER', 'CANCELLED_BY_SELLER']);
    const expected = contract.account
      .subscriptions()
      .filter((subscription) => wanted.has(subscription.status));
    expect(expected.length).toBeGreaterThan(1);
    const items = await contract.client.subscriptions
      .list({ status: [...wanted], max_results: 500 })
      .toArray();
    expect(items.map((item) => item.subscriber_code)).toEqual(expected.map((s) => s.subscriber_code));
    for (const [i, item] of items.entries()) {
      const subscription = expected[i] as Subscription;
      const plan = contract.account.plan(subscription.plan_id);
      expect(item).toMatchObject({
        subscription_id: subscription.subscription_id,
        status: subscription.status,
        accession_date: subscription.accession_date,
        date_next_charge: subscription.date_next_charge,
        transaction: subscription.transaction,
        plan: { id: subscription.plan_id, name: plan?.name },
        product: { id: subscription.product_id },
        price: { value: plan?.price.value, currency_code: plan?.price.currency_code },
        subscriber: { ucode: subscription.buyer_ucode },
      });
    }
    // Sent as repeated keys (reference §3.4), not comma-joined.
    expect(requestsTo(contract.hotmart, BASE).at(-1)?.query['status']).toEqual([...wanted]);
  });

  it('summarises every subscription with its recurrences', async () => {
    const subscriptions = contract.account.subscriptions();
    const items = await contract.client.subscriptions.summary({ max_results: 500 }).toArray();
    expect(items.map((item) => item.subscriber_code)).toEqual(subscriptions.map((s) => s.subscriber_code));
    for (const [i, item] of items.entries()) {
      const subscription = subscriptions[i] as Subscription;
      expect(item.subscription_id).toBe(subscription.subscription_id);
      expect(item.last_recurrency?.number).toBe(subscription.current_recurrence);
      expect(item.unpaid_recurrencies).toEqual(subscription.unpaid);
      expect(item.offer?.code).toBe(contract.account.plan(subscription.plan_id)?.code);
    }
  });

  it('lists the charges of one subscriber, in the transactions and purchases endpoints alike', async () => {
    const subscription = contract.account
      .subscriptions()
      .find((candidate) => candidate.transactions.length >= 3) as Subscription;
    const code = subscription.subscriber_code;
    const transactions = await contract.client.subscriptions
      .transactions({ subscriber_code: code, max_results: 500 })
      .toArray();
    expect(transactions.map((item) => item.purchase?.transaction)).toEqual(subscription.transactions);
    expect(transactions.map((item) => item.recurrency?.number)).toEqual(
      subscription.transactions.map((_, i) => i + 1),
    );
    for (const item of transactions) {
      expect(item.purchase?.status).toBe(contract.account.sale(item.purchase?.transaction ?? '')?.status);
    }

    // A bare array (reference §3.2), not an envelope.
    const purchases = await contract.client.subscriptions.purchases(code);
    expect(Array.isArray(purchases)).toBe(true);
    expect(purchases.map((purchase) => purchase.transaction)).toEqual(subscription.transactions);
    expect(purchases.map((purchase) => purchase.status)).toEqual(
      subscription.transactions.map((transaction) => contract.account.sale(transaction)?.status),
    );
  });

  it('answers 404 for the purchases of an unknown subscriber', async () => {
    const error = await contract.client.subscriptions.purchases('NOSUCHSUB').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, error: 'not_found' });
  });
});

describe('cancel and reactivate', () => {
  it('cancels one subscription; reads show CANCELLED_BY_SELLER; cancelling again is refused', async () => {
    const subscription = active();
    const code = subscription.subscriber_code;
    const result = await contract.client.subscriptions.cancel(code, { send_mail: false });
    expect(result).toMatchObject({ subscriber_code: code, status: 'INACTIVE' });
    expect(contract.account.subscription(code)?.status).toBe('CANCELLED_BY_SELLER');
    expect((await listed(code))?.status).toBe('CANCELLED_BY_SELLER');

    const again = await contract.client.subscriptions.cancel(code).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(BadRequestError);
    expect(again).toMatchObject({ status: 400, error: 'it_can_not_cancel_subscription_status' });
  });

  it('cancels many: successes and per-subscription failures', async () => {
    const first = active();
    const second = active();
    const cancelled = pick((subscription) => subscription.status === 'CANCELLED_BY_CUSTOMER');
    const result = await contract.client.subscriptions.cancelMany({
      subscriber_code: [first.subscriber_code, cancelled.subscriber_code, second.subscriber_code],
      send_mail: false,
    });
    expect(result.success_subscriptions.map((item) => item.subscriber_code)).toEqual([
      first.subscriber_code,
      second.subscriber_code,
    ]);
    expect(result.fail_subscriptions.map((item) => [item.subscriber_code, item.error])).toEqual([
      [cancelled.subscriber_code, 'SUBSCRIPTION_ALREADY_CANCELED_OR_OVERDUE'],
    ]);
    for (const subscription of [first, second])
      expect((await listed(subscription.subscriber_code))?.status).toBe('CANCELLED_BY_SELLER');
    expect((await listed(cancelled.subscriber_code))?.status).toBe('CANCELLED_BY_CUSTOMER');
  });

  it('reactivates one subscription; reactivating an active one is refused', async () => {
    const subscription = pick((candidate) => candidate.status === 'CANCELLED_BY_CUSTOMER');
    const code = subscription.subscriber_code;
    const result = await contract.client.subscriptions.reactivate(code, { charge: false });
    expect(result).toMatchObject({ subscriber_code: code, status: 'ACTIVE' });
    expect((await listed(code))?.status).toBe('ACTIVE');

    const again = await contract.client.subscriptions.reactivate(code).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(BadRequestError);
    expect(again).toMatchObject({ status: 400, error: 'SUBSCRIPTION_ALREADY_ACTIVE' });
  });

  it('reactivates many; with charge the subscriber stays INACTIVE until paying (reference §4.2)', async () => {
    const cancelled = pick((candidate) => candidate.status.startsWith('CANCELLED_'));
    const running = active();
    const result = await contract.client.subscriptions.reactivateMany({
      subscriber_code: [cancelled.subscriber_code, running.subscriber_code],
      charge: true,
    });
    expect(result.success_subscriptions.map((item) => [item.subscriber_code, item.status])).toEqual([
      [cancelled.subscriber_code, 'INACTIVE'],
    ]);
    expect(result.fail_subscriptions.map((item) => [item.subscriber_code, item.error])).toEqual([
      [running.subscriber_code, 'SUBSCRIPTION_ALREADY_ACTIVE'],
    ]);
    expect((await listed(cancelled.subscriber_code))?.status).toBe('INACTIVE');
  });
});

describe('charge day and plan', () => {
  it('changes the charge day (empty 200 answered as {}), visible in the account', async () => {
    const subscription = active();
    const dueDay = subscription.due_day === 12 ? 13 : 12;
    await expect(
      contract.client.subscriptions.changeDueDay(subscription.subscriber_code, { due_day: dueDay }),
    ).resolves.toEqual({});
    expect(contract.account.subscription(subscription.subscriber_code)?.due_day).toBe(dueDay);
  });

  it('refuses a charge-day change during a trial, and a day out of range before sending', async () => {
    const subscription = active();
    contract.account.updateSubscription(subscription.subscriber_code, { trial: true });
    const error = await contract.client.subscriptions
      .changeDueDay(subscription.subscriber_code, { due_day: 5 })
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error).toMatchObject({ status: 400, error: 'subscription_in_trial_period' });

    const path = `${BASE}/${subscription.subscriber_code}`;
    const sent = requestsTo(contract.hotmart, path).length;
    await expect(
      contract.client.subscriptions.changeDueDay(subscription.subscriber_code, { due_day: 40 }),
    ).rejects.toBeInstanceOf(InvalidInputError);
    expect(requestsTo(contract.hotmart, path)).toHaveLength(sent);
  });

  it('offers the plans a subscriber can switch to, and switches; later reads show the new plan', async () => {
    const subscription = pick(
      (candidate) =>
        candidate.status === 'ACTIVE' &&
        !candidate.trial &&
        contract.account
          .plans(candidate.product_id)
          .some((plan) => plan.is_switch_plan_enabled && plan.id !== candidate.plan_id),
    );
    const code = subscription.subscriber_code;
    const [options] = await contract.client.subscriptions.switchPlanOptions({ subscriber_codes: code });
    expect(options).toMatchObject({ subscriber_code: code, current_plan: { id: subscription.plan_id } });
    const offered = (options?.['plans'] ?? []) as { id: number; offer: { key: string }; current: boolean }[];
    const switchable = contract.account
      .plans(subscription.product_id)
      .filter((plan) => plan.is_switch_plan_enabled || plan.id === subscription.plan_id);
    expect(offered.map((plan) => plan.id)).toEqual(switchable.map((plan) => plan.id));

    const target = offered.find((plan) => !plan.current);
    expect(target).toBeDefined();
    await contract.client.subscriptions.switchPlan({
      subscriber_code: code,
      offer_code: target?.offer.key ?? '',
    });
    expect(contract.account.subscription(code)?.plan_id).toBe(target?.id);
    expect((await listed(code))?.plan?.id).toBe(target?.id);

    const again = await contract.client.subscriptions
      .switchPlan({ subscriber_code: code, offer_code: target?.offer.key ?? '' })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect(again).toBeInstanceOf(BadRequestError);
    expect(again).toMatchObject({ status: 400, error: 'invalid_value_parameter' });
  });
});
