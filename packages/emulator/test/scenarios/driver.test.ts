import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/account.ts';
import type { Account, StateChange } from '../../src/model.ts';
import {
  createScenarioDriver,
  JOURNEY_NAMES,
  type JourneyName,
  ScenarioError,
  type ScenarioSummary,
} from '../../src/scenarios/index.ts';
import { createMemoryAccount } from '../webhooks/memory-account.ts';

const SEED = 7;
const freshAccount = () => createAccount({ seed: SEED, sales: 400 });

function recordChanges(account: Account): StateChange[] {
  const changes: StateChange[] = [];
  account.onChange((change) => changes.push(change));
  return changes;
}

const countByEvent = (changes: readonly StateChange[]) => {
  const counts: Record<string, number> = {};
  for (const change of changes) counts[change.event] = (counts[change.event] ?? 0) + 1;
  return counts;
};

async function play(journey: JourneyName, journeys: number, seed = 3) {
  const account = freshAccount();
  const changes = recordChanges(account);
  const driver = createScenarioDriver(account);
  const summary = await driver.run({ journeys, mix: { [journey]: 1 }, seed });
  expect(summary.status).toBe('completed');
  expect(summary.journeys).toEqual({ planned: journeys, started: journeys, completed: journeys, failed: 0 });
  expect(summary.byJourney).toEqual({ [journey]: journeys });
  expect(summary.byEvent).toEqual(countByEvent(changes));
  expect(summary.events).toBe(changes.length);
  return { account, changes, summary };
}

const transactionsOf = (changes: readonly StateChange[], event: StateChange['event']) =>
  changes.flatMap((change) =>
    change.event === event && 'transaction' in change ? [change.transaction] : [],
  );

describe('createScenarioDriver — journeys', () => {
  it('lists every journey, all playable on a generated account', () => {
    const driver = createScenarioDriver(freshAccount());
    expect(driver.journeys.map((journey) => journey.name)).toEqual([...JOURNEY_NAMES]);
    for (const journey of driver.journeys) {
      expect(journey.available, journey.name).toBe(true);
      expect(journey.description.length).toBeGreaterThan(10);
      expect(journey.events.length).toBeGreaterThan(0);
    }
  });

  it('plays the same run for the same seed, and counts exactly what it notified', async () => {
    const runOnce = async () => {
      const account = freshAccount();
      const changes = recordChanges(account);
      const summary = await createScenarioDriver(account).run({ journeys: 120, seed: 42 });
      return { summary, changes };
    };
    const first = await runOnce();
    const second = await runOnce();
    expect(first.summary.journeys).toEqual({ planned: 120, started: 120, completed: 120, failed: 0 });
    expect(first.summary.error).toBeUndefined();
    expect(second.summary.byEvent).toEqual(first.summary.byEvent);
    expect(second.summary.byJourney).toEqual(first.summary.byJourney);
    expect(second.changes.map((change) => change.event)).toEqual(first.changes.map((change) => change.event));
    expect(first.summary.byEvent).toEqual(countByEvent(first.changes));
    // The default mix reaches well beyond purchases.
    expect(Object.keys(first.summary.byJourney).length).toBeGreaterThanOrEqual(10);
    expect(Object.keys(first.summary.byEvent).length).toBeGreaterThanOrEqual(10);
    const other = await createScenarioDriver(freshAccount()).run({ journeys: 120, seed: 43 });
    expect(other.byJourney).not.toEqual(first.summary.byJourney);
  });

  it('card purchase: approved then completed, and the REST sale reads COMPLETE', async () => {
    const { account, summary, changes } = await play('card_purchase', 6);
    expect(summary.byEvent).toEqual({ PURCHASE_APPROVED: 6, PURCHASE_COMPLETE: 6 });
    for (const transaction of transactionsOf(changes, 'PURCHASE_COMPLETE')) {
      const sale = account.sale(transaction);
      expect(sale?.status).toBe('COMPLETE');
      expect(sale?.approved_date).toBeTypeOf('number');
      expect(sale?.payment_type).toBe('CREDIT_CARD');
      expect(sale?.hotmart_fee.base).toBe(9.9);
    }
  });

  it('refund: the sale reads REFUNDED with its refund date', async () => {
    const { account, summary, changes } = await play('refund', 5);
    expect(summary.byEvent).toEqual({ PURCHASE_APPROVED: 5, PURCHASE_REFUNDED: 5 });
    for (const transaction of transactionsOf(changes, 'PURCHASE_REFUNDED')) {
      expect(account.sale(transaction)).toMatchObject({
        status: 'REFUNDED',
        refunded_at: account.sale(transaction)?.refunded_at,
      });
      expect(account.sale(transaction)?.refunded_at).toBeTypeOf('number');
    }
  });

  it('refund request: PROTEST, then REFUNDED or COMPLETE', async () => {
    const { account, summary, changes } = await play('refund_request', 12);
    expect(summary.byEvent.PURCHASE_APPROVED).toBe(12);
    expect(summary.byEvent.PURCHASE_PROTEST).toBe(12);
    expect((summary.byEvent.PURCHASE_REFUNDED ?? 0) + (summary.byEvent.PURCHASE_COMPLETE ?? 0)).toBe(12);
    for (const transaction of transactionsOf(changes, 'PURCHASE_PROTEST')) {
      const sale = account.sale(transaction);
      expect(['REFUNDED', 'COMPLETE']).toContain(sale?.status);
      expect(sale?.refund_requested_at).toBeTypeOf('number');
    }
  });

  it('chargeback and refused cards read as such', async () => {
    const chargeback = await play('chargeback', 3);
    expect(chargeback.summary.byEvent).toEqual({ PURCHASE_APPROVED: 3, PURCHASE_CHARGEBACK: 3 });
    for (const transaction of transactionsOf(chargeback.changes, 'PURCHASE_CHARGEBACK')) {
      expect(chargeback.account.sale(transaction)?.status).toBe('CHARGEBACK');
    }
    const refused = await play('card_refused', 6);
    expect(refused.summary.byEvent).toEqual({ PURCHASE_CANCELED: 6 });
    for (const transaction of transactionsOf(refused.changes, 'PURCHASE_CANCELED')) {
      const sale = refused.account.sale(transaction);
      expect(['CANCELLED', 'NO_FUNDS', 'BLOCKED']).toContain(sale?.status);
      expect(sale?.refusal_reason).toBeTypeOf('string');
    }
  });

  it('boleto and PIX: printed, then paid or expired, with their vouchers', async () => {
    for (const [journey, type] of [
      ['billet_purchase', 'BILLET'],
      ['pix_purchase', 'PIX'],
    ] as const) {
      const { account, summary, changes } = await play(journey, 10);
      expect(summary.byEvent.PURCHASE_BILLET_PRINTED).toBe(10);
      expect((summary.byEvent.PURCHASE_APPROVED ?? 0) + (summary.byEvent.PURCHASE_EXPIRED ?? 0)).toBe(10);
      for (const transaction of transactionsOf(changes, 'PURCHASE_BILLET_PRINTED')) {
        const sale = account.sale(transaction);
        expect(sale?.payment_type).toBe(type);
        expect(['APPROVED', 'EXPIRED']).toContain(sale?.status);
        if (type === 'BILLET') expect(sale?.billet_url).toContain(transaction);
        else expect(sale?.pix_code).toMatch(/^000201/);
      }
      for (const transaction of transactionsOf(changes, 'PURCHASE_EXPIRED')) {
        expect(account.sale(transaction)?.status).toBe('EXPIRED');
      }
    }
  });

  it('abandoned carts: one abandonment per journey, some recovered', async () => {
    const { account, summary, changes } = await play('abandoned_cart', 20);
    expect(summary.byEvent.PURCHASE_OUT_OF_SHOPPING_CART).toBe(20);
    const recovered = summary.byEvent.PURCHASE_APPROVED ?? 0;
    expect(recovered).toBeGreaterThan(0);
    expect(recovered).toBeLessThan(20);
    for (const change of changes) {
      if (change.event !== 'PURCHASE_OUT_OF_SHOPPING_CART') continue;
      expect(account.buyer(change.buyer_ucode)?.email).toMatch(/example\.(com|net|org)$/);
      expect(account.offer(change.offer_code)?.product_id).toBe(change.product_id);
    }
  });

  it('subscription renewals: one charge per recurrence, linked to the subscription', async () => {
    const { account, changes } = await play('subscription_renewals', 4);
    const bySubscriber = new Map<string, string[]>();
    for (const transaction of transactionsOf(changes, 'PURCHASE_APPROVED')) {
      const sale = account.sale(transaction);
      expect(sale?.status).toBe('APPROVED');
      const code = sale?.subscriber_code as string;
      bySubscriber.set(code, [...(bySubscriber.get(code) ?? []), transaction]);
    }
    expect(bySubscriber.size).toBe(4);
    for (const [code, transactions] of bySubscriber) {
      const subscription = account.subscription(code);
      expect(subscription?.status).toBe('ACTIVE');
      expect(subscription?.current_recurrence).toBe(transactions.length);
      expect(subscription?.transactions).toEqual(transactions);
      expect(transactions.map((transaction) => account.sale(transaction)?.recurrency_number)).toEqual(
        transactions.map((_, i) => i + 1),
      );
    }
  });

  it('subscription cancellation: the subscription reads CANCELLED_*', async () => {
    const { account, changes, summary } = await play('subscription_cancellation', 6);
    expect(summary.byEvent.SUBSCRIPTION_CANCELLATION).toBe(6);
    for (const change of changes) {
      if (change.event !== 'SUBSCRIPTION_CANCELLATION') continue;
      const subscription = account.subscription(change.subscriber_code);
      expect(subscription?.status).toMatch(/^CANCELLED_BY_(CUSTOMER|SELLER)$/);
      expect(subscription?.cancellation_date).toBeTypeOf('number');
    }
  });

  it('delayed renewals: PURCHASE_DELAYED, then paid late or cancelled by Hotmart', async () => {
    const { account, changes, summary } = await play('subscription_delayed', 10);
    expect(summary.byEvent.PURCHASE_DELAYED).toBe(10);
    const cancelled = summary.byEvent.SUBSCRIPTION_CANCELLATION ?? 0;
    expect(summary.byEvent.PURCHASE_APPROVED).toBe(10 + (10 - cancelled));
    for (const transaction of transactionsOf(changes, 'PURCHASE_DELAYED')) {
      const sale = account.sale(transaction);
      const subscription = account.subscription(sale?.subscriber_code as string);
      if (sale?.status === 'APPROVED') {
        expect(subscription?.status).toBe('ACTIVE');
        expect(subscription?.unpaid).toEqual([]);
      } else {
        expect(sale?.status).toBe('OVERDUE');
        expect(subscription?.status).toBe('CANCELLED_BY_ADMIN');
        expect(subscription?.unpaid.map((charge) => charge.number)).toEqual([2]);
      }
    }
  });

  it('reactivation, plan switch and due-day change leave the subscription consistent', async () => {
    const reactivated = await play('subscription_reactivation', 3);
    expect(reactivated.summary.byEvent).toEqual({ PURCHASE_APPROVED: 6, SUBSCRIPTION_CANCELLATION: 3 });
    for (const change of reactivated.changes) {
      if (change.event !== 'SUBSCRIPTION_CANCELLATION') continue;
      const subscription = reactivated.account.subscription(change.subscriber_code);
      expect(subscription?.status).toBe('ACTIVE');
      expect(subscription?.cancellation_date).toBeUndefined();
      expect(subscription?.current_recurrence).toBe(2);
    }

    const switched = await play('plan_switch', 4);
    expect(switched.summary.byEvent).toEqual({ PURCHASE_APPROVED: 4, SWITCH_PLAN: 4 });
    for (const change of switched.changes) {
      if (change.event !== 'SWITCH_PLAN') continue;
      const subscription = switched.account.subscription(change.subscriber_code);
      expect(subscription?.plan_id).not.toBe(change.previous_plan_id);
      expect(switched.account.plan(subscription?.plan_id as number)?.product_id).toBe(
        subscription?.product_id,
      );
    }

    const moved = await play('due_day_change', 4);
    expect(moved.summary.byEvent).toEqual({ PURCHASE_APPROVED: 4, UPDATE_SUBSCRIPTION_CHARGE_DATE: 4 });
    for (const change of moved.changes) {
      if (change.event !== 'UPDATE_SUBSCRIPTION_CHARGE_DATE') continue;
      const subscription = moved.account.subscription(change.subscriber_code);
      expect(subscription?.due_day).not.toBe(change.old_due_day);
      const next = new Date(subscription?.date_next_charge as number);
      const plan = moved.account.plan(subscription?.plan_id as number);
      const day = plan?.recurrency_period === 7 ? ((next.getUTCDay() + 6) % 7) + 1 : next.getUTCDate();
      expect(day).toBe(subscription?.due_day);
      expect(next.getTime()).toBeGreaterThan(moved.account.now() - 1000);
    }
  });

  it('club students: first access, then completed modules show in their progress', async () => {
    const { account, changes, summary } = await play('club_student', 5);
    expect(summary.byEvent.PURCHASE_APPROVED).toBe(5);
    expect(summary.byEvent.CLUB_FIRST_ACCESS).toBe(5);
    expect(summary.byEvent.CLUB_MODULE_COMPLETED).toBeGreaterThanOrEqual(5);
    for (const change of changes) {
      if (change.event === 'CLUB_FIRST_ACCESS') {
        expect(account.student(change.user_id)?.first_access_date).toBeTypeOf('number');
      }
      if (change.event !== 'CLUB_MODULE_COMPLETED') continue;
      const student = account.student(change.user_id);
      expect(student?.product_id).toBe(change.product_id);
      for (const page of account.pages(change.module_id)) {
        expect(student?.completed.has(page.page_id), page.page_id).toBe(true);
      }
    }
    // Modules are completed in sequence, once each.
    const perStudent = new Map<string, string[]>();
    for (const change of changes) {
      if (change.event === 'CLUB_MODULE_COMPLETED') {
        perStudent.set(change.user_id, [...(perStudent.get(change.user_id) ?? []), change.module_id]);
      }
    }
    for (const [userId, modules] of perStudent) {
      const product = account.student(userId)?.product_id as number;
      const ordered = [...account.modules(product)]
        .sort((a, b) => a.sequence - b.sequence)
        .map((m) => m.module_id);
      expect(modules).toEqual(ordered.slice(0, modules.length));
    }
  });
});

describe('createScenarioDriver — pacing, stopping, validation', () => {
  it('paces events at the requested rate', async () => {
    const driver = createScenarioDriver(freshAccount());
    const summary = await driver.run({ journeys: 10, rate: 50, mix: { card_purchase: 1 }, seed: 1 });
    expect(summary.events).toBe(20);
    expect(summary.rate).toBe(50);
    // 20 events at 50/s: the last is due 380 ms after the first.
    expect(summary.elapsedMs).toBeGreaterThanOrEqual(340);
    expect(summary.elapsedMs).toBeLessThan(3_000);
  });

  it('stops on request and on an aborted signal', async () => {
    const driver = createScenarioDriver(freshAccount());
    const run = driver.start({ journeys: 1_000, rate: 100, seed: 2 });
    expect(run.progress().status).toBe('running');
    await new Promise((resolve) => setTimeout(resolve, 120));
    run.stop();
    const summary = await run.done;
    expect(summary.status).toBe('stopped');
    expect(summary.events).toBeGreaterThan(0);
    expect(summary.events).toBeLessThan(100);
    expect(driver.get(run.id)?.progress().status).toBe('stopped');
    expect(driver.runs().map((each) => each.id)).toContain(run.id);

    const controller = new AbortController();
    const aborted = driver.run({ journeys: 1_000, rate: 100, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const result: ScenarioSummary = await aborted;
    expect(result.status).toBe('stopped');
    expect(result.journeys.completed).toBeLessThan(1_000);
  });

  it('cuts a long pacing pause short when stopped', async () => {
    const driver = createScenarioDriver(freshAccount());
    // At 0.5 events/s the second event is due two seconds after the first.
    const run = driver.start({ journeys: 5, rate: 0.5, mix: { card_purchase: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const asked = Date.now();
    run.stop();
    const summary = await run.done;
    expect(Date.now() - asked).toBeLessThan(500);
    expect(summary).toMatchObject({ status: 'stopped', events: 1 });
  });

  it('rejects invalid run options', () => {
    const driver = createScenarioDriver(freshAccount());
    expect(() => driver.start({ journeys: 0 })).toThrow(/journeys/);
    expect(() => driver.start({ journeys: 1, rate: -1 })).toThrow(/rate/);
    expect(() => driver.start({ journeys: 1, mix: { refund: 0 } })).toThrow(/weight/);
    expect(() => driver.start({ journeys: 1, mix: { nope: 1 } as never })).toThrow();
    expect(() => createScenarioDriver(freshAccount(), { parallel: 0 })).toThrow(/parallel/);
  });

  it('follows the products: pausing the subscription products or reseeding changes what is available', () => {
    const account = freshAccount();
    const driver = createScenarioDriver(account);
    const available = (name: JourneyName) =>
      driver.journeys.find((journey) => journey.name === name)?.available;
    expect([available('plan_switch'), available('card_purchase')]).toEqual([true, true]);
    const subscriptions = account.products().filter((product) => product.is_subscription);
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const product of subscriptions) account.updateProduct(product.id, { status: 'PAUSED' });
    expect([available('plan_switch'), available('card_purchase')]).toEqual([false, true]);
    account.reseed({ seed: SEED + 1 });
    expect([available('plan_switch'), available('card_purchase')]).toEqual([true, true]);
  });

  it('refuses journeys the catalogue cannot play', async () => {
    const base = createMemoryAccount();
    const noSubscriptions = new Proxy(base, {
      get(target, key, receiver) {
        if (key === 'products') return () => target.products().filter((product) => !product.is_subscription);
        return Reflect.get(target, key, receiver);
      },
    });
    const driver = createScenarioDriver(noSubscriptions);
    expect(driver.journeys.find((journey) => journey.name === 'plan_switch')?.available).toBe(false);
    expect(driver.journeys.find((journey) => journey.name === 'card_purchase')?.available).toBe(true);
    let caught: unknown;
    try {
      driver.start({ journeys: 1, mix: { plan_switch: 1 } });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ScenarioError);
    expect((caught as ScenarioError).code).toBe('unavailable');
    // Without a mix, the playable journeys run.
    const summary = await driver.run({ journeys: 20, seed: 5 });
    expect(summary.journeys.failed).toBe(0);
    expect(summary.byJourney.plan_switch).toBeUndefined();
    expect(summary.byJourney.subscription_renewals).toBeUndefined();
  });
});
