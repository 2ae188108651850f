import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/account.ts';
import type { StateChange } from '../../src/model.ts';
import { createScenarioDriver, ScenarioError, type TriggerInput } from '../../src/scenarios/index.ts';
import { buildWebhookPayload, WEBHOOK_EVENT_NAMES } from '../../src/webhooks/index.ts';
import { createMemoryAccount } from '../webhooks/memory-account.ts';

function failure(run: () => unknown): ScenarioError {
  try {
    run();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('ScenarioDriver.trigger', () => {
  it('plays any event on fresh records with exactly one notification, and the payload renders', () => {
    // Seed 7 has subscription products with switchable plans, which SWITCH_PLAN needs.
    const account = createAccount({ seed: 7, sales: 300 });
    const notified: StateChange[] = [];
    account.onChange((change) => notified.push(change));
    const driver = createScenarioDriver(account);
    for (const event of WEBHOOK_EVENT_NAMES) {
      const before = notified.length;
      const change = driver.trigger({ event } as TriggerInput);
      expect(change.event).toBe(event);
      expect(notified.slice(before)).toEqual([change]);
      expect(buildWebhookPayload(account, change).event).toBe(event);
    }
  });

  it('writes the REST state each purchase event implies', () => {
    const account = createAccount({ seed: 11, sales: 300 });
    const driver = createScenarioDriver(account);
    const expected = {
      PURCHASE_APPROVED: 'APPROVED',
      PURCHASE_COMPLETE: 'COMPLETE',
      PURCHASE_REFUNDED: 'REFUNDED',
      PURCHASE_CHARGEBACK: 'CHARGEBACK',
      PURCHASE_BILLET_PRINTED: 'PRINTED_BILLET',
      PURCHASE_PROTEST: 'PROTESTED',
      PURCHASE_EXPIRED: 'EXPIRED',
      PURCHASE_DELAYED: 'OVERDUE',
    } as const;
    for (const [event, status] of Object.entries(expected)) {
      const change = driver.trigger({ event: event as keyof typeof expected });
      expect('transaction' in change && account.sale(change.transaction)?.status, event).toBe(status);
    }
    const refused = driver.trigger({ event: 'PURCHASE_CANCELED' });
    expect(['CANCELLED', 'NO_FUNDS', 'BLOCKED']).toContain(
      'transaction' in refused && account.sale(refused.transaction)?.status,
    );
  });

  it('applies events to named records', () => {
    const account = createMemoryAccount();
    const driver = createScenarioDriver(account);
    expect(driver.trigger({ event: 'PURCHASE_REFUNDED', transaction: 'HP0000000001' })).toEqual({
      event: 'PURCHASE_REFUNDED',
      transaction: 'HP0000000001',
    });
    expect(account.sale('HP0000000001')).toMatchObject({ status: 'REFUNDED', refunded_at: account.now() });
    // Re-sending the state a sale is already in is allowed.
    expect(driver.trigger({ event: 'PURCHASE_REFUNDED', transaction: 'HP0000000001' }).event).toBe(
      'PURCHASE_REFUNDED',
    );

    driver.trigger({ event: 'PURCHASE_APPROVED', transaction: 'HP0000000003' });
    expect(account.sale('HP0000000003')).toMatchObject({ status: 'APPROVED', approved_date: account.now() });

    driver.trigger({ event: 'SWITCH_PLAN', subscriber_code: 'I9OT62C3', plan_id: 654321 });
    expect(account.subscription('I9OT62C3')?.plan_id).toBe(654321);
    expect(account.changes.at(-1)).toEqual({
      event: 'SWITCH_PLAN',
      subscriber_code: 'I9OT62C3',
      previous_plan_id: 114680,
    });

    driver.trigger({ event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE', subscriber_code: 'I9OT62C3', due_day: 20 });
    expect(account.subscription('I9OT62C3')?.due_day).toBe(20);
    expect(new Date(account.subscription('I9OT62C3')?.date_next_charge as number).getUTCDate()).toBe(20);
    expect(account.changes.at(-1)).toMatchObject({ old_due_day: 13 });

    driver.trigger({ event: 'CLUB_FIRST_ACCESS', user_id: 'user-0001' });
    expect(account.student('user-0001')?.first_access_date).toBe(account.now());
    driver.trigger({ event: 'CLUB_MODULE_COMPLETED', user_id: 'user-0001', module_id: 'mod-b' });
    expect([...(account.student('user-0001')?.completed.keys() ?? [])]).toEqual(['p-b1']);
    driver.trigger({ event: 'CLUB_MODULE_COMPLETED', user_id: 'user-0001' });
    expect([...(account.student('user-0001')?.completed.keys() ?? [])].sort()).toEqual([
      'p-a1',
      'p-a2',
      'p-b1',
    ]);

    const renewal = driver.trigger({ event: 'PURCHASE_DELAYED', product_id: 5000001 });
    const overdue = 'transaction' in renewal ? account.sale(renewal.transaction) : undefined;
    expect(overdue).toMatchObject({ status: 'OVERDUE', recurrency_number: 2 });
    expect(account.subscription(overdue?.subscriber_code as string)?.status).toBe('DELAYED');
    driver.trigger({ event: 'PURCHASE_APPROVED', transaction: overdue?.transaction as string });
    expect(account.subscription(overdue?.subscriber_code as string)).toMatchObject({
      status: 'ACTIVE',
      unpaid: [],
    });

    driver.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'I9OT62C3', by: 'SELLER' });
    expect(account.subscription('I9OT62C3')).toMatchObject({
      status: 'CANCELLED_BY_SELLER',
      cancellation_date: account.now(),
    });
  });

  it('refuses unknown records, impossible transitions and invalid input without notifying', () => {
    const account = createMemoryAccount();
    const driver = createScenarioDriver(account);
    const cases: [TriggerInput, ScenarioError['code'], RegExp][] = [
      [{ event: 'PURCHASE_REFUNDED', transaction: 'HP-nope' }, 'not_found', /unknown transaction/],
      // A pending PIX cannot be refunded.
      [{ event: 'PURCHASE_REFUNDED', transaction: 'HP0000000003' }, 'conflict', /WAITING_PAYMENT/],
      [{ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'NOPE' }, 'not_found', /unknown subscriber/],
      [{ event: 'SWITCH_PLAN', subscriber_code: 'I9OT62C3', plan_id: 114680 }, 'not_found', /plan 114680/],
      [{ event: 'CLUB_FIRST_ACCESS', user_id: 'ghost' }, 'not_found', /unknown student/],
      [{ event: 'CLUB_MODULE_COMPLETED', user_id: 'user-0001', module_id: 'mod-z' }, 'not_found', /mod-z/],
      [{ event: 'CLUB_FIRST_ACCESS', user_id: 'user-0001', product_id: 5000001 }, 'conflict', /belongs to/],
      [{ event: 'PURCHASE_OUT_OF_SHOPPING_CART', buyer_ucode: 'nobody' }, 'not_found', /unknown buyer/],
      [{ event: 'PURCHASE_EXPIRED', product_id: 5000001 }, 'conflict', /subscription/],
      [{ event: 'PURCHASE_APPROVED', product_id: 42 }, 'not_found', /unknown product 42/],
    ];
    for (const [input, code, message] of cases) {
      const error = failure(() => driver.trigger(input));
      expect(error.code, JSON.stringify(input)).toBe(code);
      expect(error.message).toMatch(message);
    }
    driver.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'I9OT62C3' });
    expect(
      failure(() => driver.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: 'I9OT62C3' })).code,
    ).toBe('conflict');
    driver.trigger({ event: 'CLUB_FIRST_ACCESS', user_id: 'user-0001' });
    expect(failure(() => driver.trigger({ event: 'CLUB_FIRST_ACCESS', user_id: 'user-0001' })).code).toBe(
      'conflict',
    );
    expect(() => driver.trigger({ event: 'PURCHASE_APPROVED', subscriber_code: 'x' } as never)).toThrow(
      /subscriber_code/,
    );
    expect(() => driver.trigger({ event: 'NOT_AN_EVENT' } as never)).toThrow();
    expect(() => driver.trigger({ event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE', due_day: 32 })).toThrow(
      /due_day|32/,
    );
    // Only the successful cancellation and the first access above were notified.
    expect(account.changes.map((change) => change.event)).toEqual([
      'SUBSCRIPTION_CANCELLATION',
      'CLUB_FIRST_ACCESS',
    ]);
  });
});
