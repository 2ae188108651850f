import { buildTestDelivery, type HotmartEventName } from '@hotpilot/hotmart/webhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { decideInboxRow } from '../../src/engine/decide-inbox-row.ts';
import { applyEvent } from '../../src/mirror/apply-event.ts';
import { syntheticSaleEvent } from '../../src/mirror/reconcile.ts';
import { createMirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import type { EventRecord } from '../../src/store/port.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';

// applyEvent on its own, with events built the way the dispatcher builds them, for what the engine tests don't
// reach: payloads that don't parse, events with nothing to mirror, subscriptions the mirror has never seen.

// One store per adapter for the whole file; each test mirrors its own connection.
let C = 'main';
let tests = 0;
const T0 = Date.parse('2026-05-01T12:00:00Z');

function eventOf(
  name: HotmartEventName,
  overrides: Parameters<typeof buildTestDelivery>[1] = {},
): EventRecord {
  const delivery = buildTestDelivery(name, { creationDate: T0, ...overrides });
  const decision = decideInboxRow(
    {
      seq: 1,
      connectionId: C,
      eventId: 'x',
      receivedAt: T0,
      contentType: 'application/json',
      headers: {},
      body: delivery.body,
      status: 'pending',
      quarantineReason: null,
      dispatchedAt: null,
    },
    [],
  );
  if (decision.kind !== 'event') throw new Error(decision.reason);
  return decision.event;
}

describe.each(storeFactories)('applyEvent on $name', (factory) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await factory.create();
  });
  afterAll(() => t?.destroy());
  beforeEach(() => {
    C = `c${++tests}`;
  });

  it('changes nothing for payloads that do not parse, abandoned carts and unknown events, and says why', async () => {
    const repo = createMirrorRepo(t.store);
    const broken = {
      ...eventOf('PURCHASE_APPROVED'),
      payload: { data: { purchase: { status: 'APPROVED' } } },
    };
    const outcome = await applyEvent(repo, broken);
    expect(outcome.changes).toEqual([]);
    expect(outcome.skipped).toMatch(/not a purchase payload at purchase\.transaction/);

    const noPayload = { ...eventOf('SWITCH_PLAN'), payload: 'garbage' };
    expect((await applyEvent(repo, noPayload)).skipped).toMatch(/not a plan switch payload/);

    expect((await applyEvent(repo, eventOf('PURCHASE_OUT_OF_SHOPPING_CART'))).skipped).toBe(
      'abandoned carts are not mirrored',
    );
    const unknown = { ...eventOf('PURCHASE_APPROVED'), name: 'ORDER_SHIPPED' };
    expect((await applyEvent(repo, unknown)).skipped).toBe('unknown event ORDER_SHIPPED');
    expect((await applyEvent(repo, { ...unknown, name: 'ORDER_FULFILLMENT' })).skipped).toBe(
      'nothing to mirror',
    );

    const cancellation = eventOf('SUBSCRIPTION_CANCELLATION', { data: { subscriber: { code: null } } });
    expect((await applyEvent(repo, cancellation)).skipped).toBe('the cancellation names no subscriber');
    const counts = await repo.counts(C);
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });

  it('creates a subscription it has never seen from a cancellation, without guessing its MRR', async () => {
    const repo = createMirrorRepo(t.store);
    const event = eventOf('SUBSCRIPTION_CANCELLATION', {
      data: { subscriber: { code: 'SUBX', email: ' Caio@Example.com ' }, cancellation_date: T0 - 5 },
    });
    const outcome = await applyEvent(repo, event, { now: () => T0 + 1 });
    expect(outcome.changes).toEqual(['subscription']);
    expect(await repo.subscription(C, 'SUBX')).toMatchObject({
      status: 'CANCELLED',
      subscriberEmail: 'caio@example.com',
      cancellationDate: T0 - 5,
      stateAt: T0,
      updatedAt: T0 + 1,
      recurrencyPeriod: null,
    });
    // No plan period is known: no churn amount is invented.
    expect(await repo.mrrMovements(C)).toEqual([]);

    // A charge-date change for a subscription the mirror doesn't know, without a status: skipped.
    const charge = eventOf('UPDATE_SUBSCRIPTION_CHARGE_DATE', {
      data: { subscriber: { code: 'SUBY' }, subscription: { status: null } },
    });
    expect((await applyEvent(repo, charge)).skipped).toMatch(/not in the mirror/);
  });

  it('applies the same event twice without a second change', async () => {
    const repo = createMirrorRepo(t.store);
    const event = eventOf('PURCHASE_APPROVED', {
      data: {
        purchase: { transaction: 'HPTWICE' },
        subscription: null,
        affiliates: [{ affiliate_code: 'AFF9' }],
      },
    });
    await applyEvent(repo, event, { now: () => T0 });
    const first = await repo.sale(C, 'HPTWICE');
    await applyEvent(repo, event, { now: () => T0 });
    expect(await repo.sale(C, 'HPTWICE')).toEqual(first);
    expect(first).toMatchObject({ status: 'APPROVED', affiliateCode: 'AFF9', isSubscription: false });
    expect((await repo.counts(C)).sales).toBe(1);
  });

  it('keeps the exact REST status of a reconciled event, and ignores one a delivery claims', async () => {
    const repo = createMirrorRepo(t.store);
    const synthetic = syntheticSaleEvent(
      C,
      {
        purchase: { transaction: 'HPBLOCK', status: 'BLOCKED', order_date: T0 },
        buyer: { email: 'a@example.com' },
      },
      { now: T0 + 10 },
    )!;
    expect((await applyEvent(repo, synthetic)).changes).toEqual(['sale']);
    expect(await repo.sale(C, 'HPBLOCK')).toMatchObject({
      status: 'BLOCKED',
      source: 'webhook',
      stateAt: T0,
    });

    const claimed = eventOf('PURCHASE_CANCELED', {
      creationDate: T0 + 20,
      data: { purchase: { transaction: 'HPCLAIM', rest_status: 'BLOCKED' } as never, subscription: null },
    });
    await applyEvent(repo, claimed);
    expect((await repo.sale(C, 'HPCLAIM'))?.status).toBe('CANCELLED');
  });
});
