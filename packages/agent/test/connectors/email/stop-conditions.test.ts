import { afterEach, describe, expect, it } from 'vitest';
import { createHasPurchased, createSubscriptionStatus } from '../../../src/agents/purchase-lookup.ts';
import { defineSequence } from '../../../src/connectors/email/sequences/define-sequence.ts';
import {
  checkStopConditions,
  StopConditionSchema,
} from '../../../src/connectors/email/sequences/stop-conditions.ts';
import { suppressAddress } from '../../../src/connectors/email/suppression.ts';
import { welcomeTemplate1 } from '../../../src/connectors/email/templates/welcome-templates.ts';
import { createMirrorRepo } from '../../../src/store/mirror/mirror-repo.ts';
import type { SaleRow, SubscriptionRow } from '../../../src/store/mirror/mirror-rows.ts';
import { storeFactories, type TestStore } from '../../store/stores.ts';

// The stop conditions the retention sequences use — `subscriptionActive` (dunning, win-back) and `purchased` with
// `since: 'enrolment'` (win-back) — checked against a real mirror on both stores.

const T = Date.parse('2026-06-01T12:00:00.000Z');
const EMAIL = 'ana@example.com';
const DATA = { connectionId: 'main', product: { id: '42' }, subscription: { code: 'SUB1' } };

function subscription(status: string): SubscriptionRow {
  return {
    connectionId: 'main',
    subscriberCode: 'SUB1',
    subscriptionId: '9001',
    productId: '42',
    planId: null,
    planCode: null,
    planName: 'Mensal',
    status,
    subscriberEmail: EMAIL,
    subscriberName: 'Ana',
    price: 97,
    currency: 'BRL',
    recurrencyPeriod: 30,
    accessionDate: T - 90 * 86_400_000,
    endAccessionDate: null,
    dateNextCharge: null,
    cancellationDate: null,
    trial: false,
    transactionCode: 'HP1',
    raw: {},
    stateAt: T,
    updatedAt: T,
  };
}

function sale(transactionCode: string, orderDate: number): SaleRow {
  return {
    connectionId: 'main',
    transactionCode,
    productId: '42',
    productName: 'Clube',
    offerCode: null,
    buyerEmail: EMAIL,
    buyerName: 'Ana',
    status: 'APPROVED',
    paymentType: 'CREDIT_CARD',
    installments: 1,
    price: 97,
    currency: 'BRL',
    orderDate,
    approvedDate: orderDate,
    isSubscription: false,
    subscriberCode: null,
    recurrencyNumber: null,
    affiliateCode: null,
    couponCode: null,
    trackingSource: null,
    warrantyExpireDate: null,
    source: 'webhook',
    raw: {},
    stateAt: orderDate,
    updatedAt: orderDate,
  };
}

describe('stop conditions: schema', () => {
  it('accepts the new conditions and refuses unknown options', () => {
    expect(StopConditionSchema.parse({ subscriptionActive: {} })).toEqual({ subscriptionActive: {} });
    expect(StopConditionSchema.parse({ purchased: { since: 'enrolment' } })).toEqual({
      purchased: { since: 'enrolment' },
    });
    expect(StopConditionSchema.safeParse({ subscriptionActive: { status: 'ACTIVE' } }).success).toBe(false);
    expect(StopConditionSchema.safeParse({ purchased: { since: 'yesterday' } }).success).toBe(false);
    const sequence = defineSequence({
      id: 'win-back-test',
      steps: [{ id: 'one', delay: 0, template: welcomeTemplate1 }],
      stopWhen: [{ subscriptionActive: {} }, { purchased: { since: 'enrolment' } }],
    });
    expect(sequence.stopWhen).toEqual([{ subscriptionActive: {} }, { purchased: { since: 'enrolment' } }]);
  });
});

describe.each(storeFactories)('stop conditions on $name', (factory) => {
  let t: TestStore | undefined;
  afterEach(async () => {
    await t?.destroy();
    t = undefined;
  });

  async function setup() {
    t = await factory.create();
    const store = t.store;
    await store.createConnection(
      { id: 'main', kind: 'hotmart', name: 'Hotmart', hottoks: ['h'], credentials: null, settings: {} },
      T,
    );
    const mirror = createMirrorRepo(store);
    return {
      store,
      mirror,
      subscriptionStatus: createSubscriptionStatus(mirror),
      hasPurchased: createHasPurchased({ store, purchases: mirror }),
    };
  }

  it('subscriptionActive: stops when the mirror says ACTIVE, goes on while DELAYED or unknown', async () => {
    const { store, mirror, subscriptionStatus } = await setup();
    const check = () =>
      checkStopConditions([{ subscriptionActive: {} }], {
        store,
        email: EMAIL,
        data: DATA,
        subscriptionStatus,
      });
    expect(await subscriptionStatus('main', 'SUB1')).toBeNull();
    expect(await check()).toBeNull();
    await mirror.upsertSubscriptions([subscription('DELAYED')]);
    expect(await subscriptionStatus('main', 'SUB1')).toBe('DELAYED');
    expect(await check()).toBeNull();
    await mirror.upsertSubscriptions([{ ...subscription('ACTIVE'), stateAt: T + 1 }]);
    expect(await check()).toEqual({ reason: 'subscription-active' });
    // Unsubscription is checked first, always.
    await suppressAddress(store, EMAIL, { reason: 'unsubscribed' }, T);
    expect(await check()).toEqual({ reason: 'unsubscribed' });
  });

  it('subscriptionActive: missing data or service is a configuration error', async () => {
    const { store, subscriptionStatus } = await setup();
    await expect(
      checkStopConditions([{ subscriptionActive: {} }], {
        store,
        email: EMAIL,
        data: { subscription: { code: 'SUB1' } },
        subscriptionStatus,
      }),
    ).rejects.toMatchObject({ code: 'SEQUENCE_STOP_CONDITION_INVALID' });
    await expect(
      checkStopConditions([{ subscriptionActive: {} }], { store, email: EMAIL, data: DATA }),
    ).rejects.toMatchObject({
      code: 'SEQUENCE_STOP_CONDITION_UNWIRED',
      message: 'stop condition "subscriptionActive" needs services.subscriptionStatus',
    });
  });

  it('purchased since the enrolment: only a purchase ordered after the enrolment counts', async () => {
    const { store, mirror, hasPurchased } = await setup();
    const enrolledAt = T + 1000;
    const check = (context: { enrolledAt?: number }) =>
      checkStopConditions([{ purchased: { since: 'enrolment' } }], {
        store,
        email: EMAIL,
        data: DATA,
        hasPurchased,
        ...context,
      });
    // The purchase that started the subscription, before the enrolment: it does not stop a win-back.
    await mirror.upsertSales([sale('HP1', T - 30 * 86_400_000)]);
    expect(await check({ enrolledAt })).toBeNull();
    // Without `since` the same purchase would stop it.
    expect(
      await checkStopConditions([{ purchased: {} }], { store, email: EMAIL, data: DATA, hasPurchased }),
    ).toEqual({ reason: 'purchased', productId: '42' });
    await mirror.upsertSales([sale('HP2', enrolledAt + 5000)]);
    expect(await check({ enrolledAt })).toEqual({ reason: 'purchased', productId: '42' });
    await expect(check({})).rejects.toMatchObject({ code: 'SEQUENCE_STOP_CONDITION_INVALID' });
  });
});
