import { buildWebhookPayload, type RunningEmulator, type StateChange } from '@hotpilot/emulator';
import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/engine.ts';
import type { ApplyOutcome } from '../../src/mirror/apply-event.ts';
import { MIRROR_APPLY_WORKFLOW_ID, mirrorApplyWorkflow } from '../../src/mirror/mirror-workflow.ts';
import { monthlyAmount } from '../../src/mirror/monthly-amount.ts';
import { syncConnection } from '../../src/mirror/sync.ts';
import { createMirrorRepo, type MirrorRepo } from '../../src/store/mirror/mirror-repo.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import { CONNECTION, deliver, emulatorClient, startMirrorEmulator, waitForCompletedRun } from './support.ts';

// Webhook deliveries through a running engine (inbox → dispatcher → mirror-apply run) keep the mirror current.

let hotmart: RunningEmulator;
const MINUTE = 60_000;

beforeAll(async () => {
  hotmart = await startMirrorEmulator();
});
afterAll(() => hotmart?.close());

/** The emulator's payload for a change, created `at` (emulator time). */
function payloadOf(change: StateChange, at: number) {
  return buildWebhookPayload(hotmart.account, change, { creationDate: at });
}

describe.each(storeFactories)('webhook updates of the mirror on $name', (factory) => {
  // One store and one engine per adapter; each test mirrors its own connection.
  let t: TestStore;
  let engine: Engine;
  let repo: MirrorRepo;
  let C = CONNECTION;
  let tests = 0;

  beforeAll(async () => {
    t = await factory.create();
    repo = createMirrorRepo(t.store);
    engine = createEngine({
      store: t.store,
      workflows: [mirrorApplyWorkflow({ store: t.store })],
      pollMs: 20,
      roles: { schedule: false },
      backoff: { baseMs: 1, capMs: 5 },
    });
    await engine.start();
  });
  afterAll(async () => {
    await engine?.stop({ deadlineMs: 1000 });
    await t?.destroy();
  });

  async function start(options: { syncClub?: { subdomain: string; productId: number } } = {}) {
    C = `${CONNECTION}-${++tests}`;
    // The catalogue (plans: prices and periods) and, when asked, one members area.
    await syncConnection({
      store: t.store,
      connection: { id: C },
      client: emulatorClient(hotmart),
      resources: options.syncClub ? ['products', 'club'] : ['products'],
      ...(options.syncClub ? { clubs: [options.syncClub] } : {}),
      now: () => hotmart.account.now(),
    });
  }

  async function apply(payload: { id: string }): Promise<ApplyOutcome> {
    await deliver(t.store, payload, C);
    const run = await waitForCompletedRun(t.store, `${MIRROR_APPLY_WORKFLOW_ID}:${payload.id}`);
    return run.output as ApplyOutcome;
  }

  afterEach(() => hotmart.account.reset());

  it('mirrors a new sale and keeps REFUNDED when a late APPROVED arrives after it', async () => {
    await start();
    const refunded = hotmart.scenarios.trigger({ event: 'PURCHASE_REFUNDED' }) as { transaction: string };
    const sale = hotmart.account.sale(refunded.transaction)!;
    const at = hotmart.account.now();

    const first = await apply(payloadOf({ event: 'PURCHASE_REFUNDED', transaction: sale.transaction }, at));
    expect(first.changes).toEqual(['sale']);
    // The approval happened earlier but is delivered later (reference §6.3: no ordering guarantee).
    const late = await apply(
      payloadOf({ event: 'PURCHASE_APPROVED', transaction: sale.transaction }, at - MINUTE),
    );
    expect(late.changes).toEqual(['sale:stale']);

    const stored = await repo.sale(C, sale.transaction);
    expect(stored).toMatchObject({
      status: 'REFUNDED',
      source: 'webhook',
      stateAt: at,
      productId: String(sale.product_id),
      buyerEmail: hotmart.account.buyer(sale.buyer_ucode)?.email.toLowerCase(),
      price: sale.price.value,
      currency: sale.price.currency_code,
      orderDate: sale.order_date,
      offerCode: sale.offer_code,
    });

    // A newer event still moves the state on, with the REST vocabulary (DISPUTE → PROTESTED, reference §5.1).
    const dispute = buildTestDelivery('PURCHASE_PROTEST', {
      creationDate: at + MINUTE,
      data: { purchase: { transaction: sale.transaction } },
    });
    await apply(JSON.parse(dispute.body));
    expect((await repo.sale(C, sale.transaction))?.status).toBe('PROTESTED');
  });

  it('maps every webhook purchase status to the REST status', async () => {
    await start();
    const expected = {
      PURCHASE_APPROVED: 'APPROVED',
      PURCHASE_COMPLETE: 'COMPLETE',
      PURCHASE_CANCELED: 'CANCELLED',
      PURCHASE_REFUNDED: 'REFUNDED',
      PURCHASE_CHARGEBACK: 'CHARGEBACK',
      PURCHASE_BILLET_PRINTED: 'PRINTED_BILLET',
      PURCHASE_PROTEST: 'PROTESTED',
      PURCHASE_EXPIRED: 'EXPIRED',
      PURCHASE_DELAYED: 'OVERDUE',
    } as const;
    let index = 0;
    for (const [name, status] of Object.entries(expected)) {
      const transaction = `HPMAP${String(++index).padStart(4, '0')}`;
      const delivery = buildTestDelivery(name as keyof typeof expected, {
        data: { purchase: { transaction }, subscription: null },
      });
      await apply(JSON.parse(delivery.body));
      expect((await repo.sale(C, transaction))?.status, name).toBe(status);
    }
  });

  it('records MRR movements over a subscription lifecycle: new, switch, charge date, churn, reactivation', async () => {
    await start();
    const { account } = hotmart;
    const product = account
      .products()
      .find(
        (p) =>
          p.is_subscription && account.plans(p.id).filter((plan) => plan.is_switch_plan_enabled).length >= 2,
      )!;
    expect(product).toBeDefined();
    const clock = hotmart.emulator.clock;

    // New subscription.
    const started = hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED', product_id: product.id }) as {
      transaction: string;
    };
    const code = account.sale(started.transaction)!.subscriber_code!;
    const firstPlan = account.plan(account.subscription(code)!.plan_id)!;
    const t1 = clock.now();
    const created = await apply(
      payloadOf({ event: 'PURCHASE_APPROVED', transaction: started.transaction }, t1),
    );
    expect(created.changes).toEqual(['sale', 'subscription-purchase', 'subscription', 'mrr:new']);
    expect(await repo.subscription(C, code)).toMatchObject({
      status: 'ACTIVE',
      planId: String(firstPlan.id),
      planCode: firstPlan.code,
      price: firstPlan.price.value,
      recurrencyPeriod: firstPlan.recurrency_period,
      transactionCode: started.transaction,
    });
    expect((await repo.sale(C, started.transaction))?.subscriberCode).toBe(code);

    // Plan switch.
    const target = account
      .plans(product.id)
      .find((plan) => plan.id !== firstPlan.id && plan.is_switch_plan_enabled)!;
    clock.advance(MINUTE);
    const switched = hotmart.scenarios.trigger({
      event: 'SWITCH_PLAN',
      subscriber_code: code,
      plan_id: target.id,
    });
    const t2 = clock.now();
    await apply(payloadOf(switched, t2));
    expect(await repo.subscription(C, code)).toMatchObject({
      planId: String(target.id),
      planCode: target.code,
      price: target.price.value,
      recurrencyPeriod: target.recurrency_period,
    });
    // The switch payload names both plans' ids and codes: plan ids are linked.
    expect((await repo.plan(C, { code: target.code }))?.planId).toBe(String(target.id));

    // Charge date change.
    clock.advance(MINUTE);
    const charge = hotmart.scenarios.trigger({
      event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE',
      subscriber_code: code,
    });
    await apply(payloadOf(charge, clock.now()));
    expect((await repo.subscription(C, code))?.dateNextCharge).toBe(
      account.subscription(code)!.date_next_charge,
    );

    // Cancellation.
    clock.advance(MINUTE);
    const cancelled = hotmart.scenarios.trigger({
      event: 'SUBSCRIPTION_CANCELLATION',
      subscriber_code: code,
    });
    const t3 = clock.now();
    await apply(payloadOf(cancelled, t3));
    expect(await repo.subscription(C, code)).toMatchObject({
      status: 'CANCELLED',
      cancellationDate: account.subscription(code)!.cancellation_date,
    });
    // A second delivery of a cancellation (another id) doesn't churn twice.
    const again = await apply(payloadOf(cancelled, t3 + 1));
    expect(again.changes).toEqual(['subscription']);

    // An approval older than the cancellation, delivered late: no reactivation.
    const stale = await apply(
      payloadOf({ event: 'PURCHASE_APPROVED', transaction: started.transaction }, t2),
    );
    expect(stale.changes).toContain('subscription:stale');

    // A new paid charge after the cancellation reactivates it.
    const t4 = t3 + 10 * MINUTE;
    const renewal = buildTestDelivery('PURCHASE_APPROVED', {
      creationDate: t4,
      data: {
        purchase: {
          transaction: 'HPREACTIVATE0001',
          recurrence_number: 2,
          offer: { code: target.code },
          price: { value: target.price.value, currency_value: target.price.currency_code },
        },
        product: { id: product.id },
        subscription: { status: 'ACTIVE', subscriber: { code }, plan: { id: target.id, name: target.name } },
      },
    });
    const reactivated = await apply(JSON.parse(renewal.body));
    expect(reactivated.changes).toContain('mrr:reactivation');
    expect((await repo.subscription(C, code))?.status).toBe('ACTIVE');

    const first = monthlyAmount(firstPlan.price.value, firstPlan.recurrency_period)!;
    const second = monthlyAmount(target.price.value, target.recurrency_period)!;
    const movements = (await repo.mrrMovements(C)).filter((m) => m.subscriberCode === code);
    expect(movements.map((m) => [m.kind, m.at, m.mrrBefore, m.mrrAfter, m.cause])).toEqual([
      ['new', t1, 0, first, 'PURCHASE_APPROVED'],
      [second > first ? 'expansion' : 'contraction', t2, first, second, 'SWITCH_PLAN'],
      ['churn', t3, second, 0, 'SUBSCRIPTION_CANCELLATION'],
      ['reactivation', t4, 0, second, 'PURCHASE_APPROVED'],
    ]);
    expect(movements.every((m) => m.currency === target.price.currency_code)).toBe(true);
  });

  it('updates students and progress from club events', async () => {
    const { account } = hotmart;
    const club = account
      .clubProducts()
      .find((p) => account.students(p.id).some((s) => !s.first_access_date))!;
    await start({ syncClub: { subdomain: club.club_subdomain!, productId: club.id } });
    const newcomer = account.students(club.id).find((s) => s.first_access_date === undefined)!;

    hotmart.emulator.clock.advance(MINUTE);
    const access = hotmart.scenarios.trigger({ event: 'CLUB_FIRST_ACCESS', user_id: newcomer.user_id });
    const at = account.student(newcomer.user_id)!.first_access_date!;
    const outcome = await apply(payloadOf(access, at));
    expect(outcome.changes).toEqual(['student']);
    const [student] = await repo.studentsWithCompletion(C, { email: newcomer.email });
    expect(student).toMatchObject({ userId: newcomer.user_id, firstAccessDate: at, lastAccessDate: at });

    hotmart.emulator.clock.advance(MINUTE);
    const done = hotmart.scenarios.trigger({ event: 'CLUB_MODULE_COMPLETED', user_id: newcomer.user_id });
    const completed = await apply(payloadOf(done, hotmart.emulator.clock.now()));
    expect(completed.changes).toEqual(['progress']);
    // The mirror now counts what the API reports for the student.
    const [fromApi] = await emulatorClient(hotmart)
      .club.users({ subdomain: club.club_subdomain!, email: newcomer.email })
      .toArray();
    const [mirrored] = await repo.studentsWithCompletion(C, { email: newcomer.email });
    expect(mirrored?.pagesCompleted).toBe(fromApi?.progress?.completed);
    expect(mirrored?.pagesCompleted).toBeGreaterThan(0);

    // A club event for a product whose members area isn't mirrored changes nothing, and says so.
    const stranger = buildTestDelivery('CLUB_FIRST_ACCESS', {
      data: { product: { id: 1 }, user: { email: 'nobody@example.com' } },
    });
    const skipped = await apply(JSON.parse(stranger.body));
    expect(skipped.changes).toEqual([]);
    expect(skipped.skipped).toMatch(/no members area/);
  });
});
