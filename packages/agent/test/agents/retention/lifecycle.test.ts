import { buildTestDelivery } from '@hotpilot/hotmart/webhooks';
import { describe, expect, it } from 'vitest';
import { verifyChurnFormToken } from '../../../src/agents/retention/churn-form/churn-form-token.ts';
import { recoveredMrr } from '../../../src/agents/retention/recovered-mrr.ts';
import { monthlyAmount } from '../../../src/mirror/monthly-amount.ts';
import { createMirrorRepo } from '../../../src/store/mirror/mirror-repo.ts';
import { reportMrrMovement } from '../../../src/store/mirror/reports-mrr-movement.ts';
import { storeFactories } from '../../store/stores.ts';
import {
  CHURN_FORM_SECRET,
  DAY,
  PUBLIC_URL,
  pause,
  T0,
  useAgentServers,
  type World,
  waitFor,
} from '../support/world.ts';
import { enrolmentsOf, onlyEnrolment, parkedAfter } from './support/enrolments.ts';
import { createRetentionWorld } from './support/retention-world.ts';

// The retention agent's lifecycle end to end: cancellations (CRM status, win-back after the delay with the churn
// form, stopped by a reactivation), plan switches and charge-date changes (exact HubSpot values, never regressed by
// late deliveries), and the MRR figures against an independent calculation.

const servers = useAgentServers();
let world: World | undefined;

const RETENTION = {
  enabled: true,
  emailConnectionId: 'smtp',
  hubspotConnectionId: 'crm',
  crm: { cancelledLifecycleStage: 'other' },
};

function contact(email: string) {
  return servers.fakes.hubspot.state
    .records('contacts')
    .find((record) => record.properties['email'] === email.toLowerCase());
}

/** Starts a subscription silently (its first purchase delivered, so the mirror knows it) and returns who it is. */
async function subscribe(on: World, options: { switchable?: boolean } = {}) {
  on.advance(0);
  const change = options.switchable
    ? servers.hotmart.scenarios.trigger({ event: 'SWITCH_PLAN' })
    : servers.hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED', product_id: subscriptionProduct() });
  const account = servers.hotmart.account;
  const subscription =
    change.event === 'SWITCH_PLAN'
      ? account.subscription(change.subscriber_code)
      : account.subscription(
          account.sale((change as { transaction: string }).transaction)?.subscriber_code ?? '',
        );
  if (!subscription) throw new Error('no subscription');
  const first = await on.trigger({ event: 'PURCHASE_APPROVED', transaction: subscription.transaction });
  await on.run(`test.mirror-apply:${first.eventId}`);
  const buyer = account.buyer(subscription.buyer_ucode);
  return {
    code: subscription.subscriber_code,
    email: (buyer?.email ?? '').toLowerCase(),
    productId: String(subscription.product_id),
  };
}

function subscriptionProduct(): number {
  const product = servers.hotmart.account.products().find((candidate) => candidate.is_subscription);
  if (!product) throw new Error('the emulator has no subscription product');
  return product.id;
}

describe.each(storeFactories)('retention agent: cancellation and win-back ($name)', (factory) => {
  it('cancellation → CRM CANCELLED; win-back after the delay with the churn form; reactivation stops it', async () => {
    world = await createRetentionWorld(servers, { retention: RETENTION }, { factory });
    const sub = await subscribe(world);
    world.advance(DAY);
    const cancelled = await world.trigger(
      servers.hotmart.scenarios.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: sub.code }),
    );
    const runId = `retention.cancellation:${cancelled.eventId}`;
    await world.run(runId, 'sleeping');
    expect(contact(sub.email)?.properties).toMatchObject({
      hotmart_subscription_status: 'CANCELLED',
      lifecyclestage: 'other',
    });
    await pause(100);
    expect(servers.smtp.received).toHaveLength(0);

    // Seven days later (the default delay), the win-back starts with the signed churn-form link.
    world.advance(7 * DAY);
    const run = await world.run(runId);
    expect(run.output).toMatchObject({
      subscriberCode: sub.code,
      winBack: { enrolled: true, churnFormUrl: true },
    });
    const [mail] = await servers.smtp.waitForMessages(1);
    expect(mail?.envelope.to).toEqual([sub.email]);
    const enrolment = await world.store.getRun(
      (await onlyEnrolment(world.store, 'win-back', sub.email))?.id ?? 'none',
    );
    const data = (
      enrolment?.input as { data: { churnFormUrl: string; subscription: { code: string } } } | undefined
    )?.data;
    expect(data?.subscription.code).toBe(sub.code);
    const churnFormUrl = String(data?.churnFormUrl);
    expect(churnFormUrl.startsWith(`${PUBLIC_URL}/forms/churn?token=`)).toBe(true);
    const token = new URL(churnFormUrl).searchParams.get('token') as string;
    expect(verifyChurnFormToken(CHURN_FORM_SECRET, token, world.now())).toMatchObject({
      connectionId: 'main',
      subscriberCode: sub.code,
      email: sub.email,
      productId: sub.productId,
    });
    expect(mail?.parsed.html).toContain('/forms/churn?token=');

    // Reactivation (a new charge after the cancellation): CRM ACTIVE again, and the follow-up is never sent.
    world.advance(DAY);
    const back = await reactivate(world, sub.code);
    expect((await world.run(`retention.cancellation:${back.eventId}`)).output).toMatchObject({
      subscriberCode: sub.code,
      reactivated: true,
    });
    expect(contact(sub.email)?.properties['hotmart_subscription_status']).toBe('ACTIVE');
    await world.run(`test.mirror-apply:${back.eventId}`);
    world.advance(5 * DAY);
    const stopped = await waitFor(async () => {
      const found = await onlyEnrolment(world!.store, 'win-back', sub.email);
      return found?.status === 'stopped' ? found : null;
    }, 'the win-back to stop');
    expect(stopped.stopReason).toBe('subscription-active');
    expect(stopped.sent.map((sent) => sent.stepId)).toEqual(['we-miss-you']);
    await pause(100);
    expect(servers.smtp.received).toHaveLength(1);
  });
});

/** A cancelled subscription charged again (what the emulator's reactivation does): the approval is delivered. */
async function reactivate(on: World, code: string) {
  const account = servers.hotmart.account;
  on.advance(0);
  const subscription = account.updateSubscription(code, {
    status: 'ACTIVE',
    cancellation_date: undefined,
    end_accession_date: undefined,
  });
  return on.trigger({ event: 'PURCHASE_APPROVED', transaction: subscription.transaction });
}

describe('retention agent: cancellation edge cases', () => {
  it('a reactivation before the delay means no win-back; without a public URL the link is null', async () => {
    world = await createRetentionWorld(
      servers,
      { retention: { ...RETENTION, winBack: { delayDays: 3 } } },
      { churnForm: false },
    );
    const sub = await subscribe(world);
    world.advance(DAY);
    const cancelled = await world.trigger(
      servers.hotmart.scenarios.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: sub.code }),
    );
    await world.run(`retention.cancellation:${cancelled.eventId}`, 'sleeping');
    world.advance(DAY);
    const back = await reactivate(world, sub.code);
    await world.run(`retention.cancellation:${back.eventId}`);
    await world.run(`test.mirror-apply:${back.eventId}`);
    world.advance(2 * DAY);
    const run = await world.run(`retention.cancellation:${cancelled.eventId}`);
    expect(run.output).toMatchObject({ winBack: { enrolled: false, skipped: 'reactivated' } });
    expect(await onlyEnrolment(world.store, 'win-back', sub.email)).toBeNull();

    // A second subscriber, no comeback: enrolled with `churnFormUrl: null` (no public URL, no secret).
    const other = await subscribe(world);
    world.advance(DAY);
    const gone = await world.trigger(
      servers.hotmart.scenarios.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: other.code }),
    );
    await world.run(`retention.cancellation:${gone.eventId}`, 'sleeping');
    world.advance(3 * DAY);
    expect((await world.run(`retention.cancellation:${gone.eventId}`)).output).toMatchObject({
      winBack: { enrolled: true, churnFormUrl: false },
    });
    const enrolment = await world.store.getRun(
      (await onlyEnrolment(world.store, 'win-back', other.email))?.id ?? 'none',
    );
    expect(
      (enrolment?.input as { data: { churnFormUrl: unknown } } | undefined)?.data.churnFormUrl,
    ).toBeNull();
  });

  it('a second cancellation after a reactivation gets a second win-back', async () => {
    world = await createRetentionWorld(servers, { retention: { ...RETENTION, winBack: { delayDays: 2 } } });
    const sub = await subscribe(world);
    world.advance(DAY);
    const cancel = () =>
      world!.trigger(
        servers.hotmart.scenarios.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: sub.code }),
      );
    const firstCancel = await cancel();
    await world.run(`test.mirror-apply:${firstCancel.eventId}`);
    await world.run(`retention.cancellation:${firstCancel.eventId}`, 'sleeping');
    world.advance(2 * DAY);
    expect((await world.run(`retention.cancellation:${firstCancel.eventId}`)).output).toMatchObject({
      winBack: { enrolled: true },
    });
    await servers.smtp.waitForMessages(1);
    await parkedAfter(world.store, 'win-back', sub.email, 1);

    // Back the next day: the first win-back stops instead of sending its follow-up.
    world.advance(DAY);
    const back = await reactivate(world, sub.code);
    await world.run(`retention.cancellation:${back.eventId}`);
    await waitFor(
      async () => (await createMirrorRepo(world!.store).subscription('main', sub.code))?.status === 'ACTIVE',
      'the mirror to see the subscription active',
    );
    world.advance(5 * DAY);
    await waitFor(
      async () => {
        const [enrolment] = await enrolmentsOf(world!.store, 'win-back', sub.email);
        return enrolment?.status === 'stopped' ? enrolment : null;
      },
      'the first win-back to stop',
      20_000,
    );

    // Cancelled again a month later: a second win-back, with sends of its own.
    world.advance(30 * DAY);
    const secondCancel = await cancel();
    await world.run(`test.mirror-apply:${secondCancel.eventId}`);
    await world.run(`retention.cancellation:${secondCancel.eventId}`, 'sleeping');
    world.advance(2 * DAY);
    expect((await world.run(`retention.cancellation:${secondCancel.eventId}`)).output).toMatchObject({
      subscriberCode: sub.code,
      winBack: { enrolled: true, churnFormUrl: true },
    });
    const enrolments = await enrolmentsOf(world.store, 'win-back', sub.email);
    const cancelledAt = (payload: Record<string, unknown>) =>
      (payload['data'] as { cancellation_date?: number }).cancellation_date;
    expect(enrolments.map((enrolment) => [enrolment.occurrence, enrolment.status])).toEqual([
      [`${sub.code}-${cancelledAt(firstCancel.payload)}`, 'stopped'],
      [`${sub.code}-${cancelledAt(secondCancel.payload)}`, 'active'],
    ]);
    const mails = await servers.smtp.waitForMessages(2);
    expect(mails.map((mail) => mail.envelope.to)).toEqual([[sub.email], [sub.email]]);
    expect(new Set(mails.map((mail) => mail.parsed.messageId)).size).toBe(2);
    const second = await waitFor(async () => {
      const [, enrolment] = await enrolmentsOf(world!.store, 'win-back', sub.email);
      return enrolment?.sent.length === 1 ? enrolment : null;
    }, 'the second win-back to record its first send');
    expect(second.sent.map((sent) => sent.stepId)).toEqual(['we-miss-you']);
  });

  it('a cancellation delivered after a newer reactivation changes nothing', async () => {
    world = await createRetentionWorld(servers, { retention: RETENTION });
    const sub = await subscribe(world);
    world.advance(DAY);
    const change = servers.hotmart.scenarios.trigger({
      event: 'SUBSCRIPTION_CANCELLATION',
      subscriber_code: sub.code,
    });
    const { buildWebhookPayload } = await import('@hotpilot/emulator');
    const held = buildWebhookPayload(servers.hotmart.account, change) as unknown as Record<string, unknown>;
    world.advance(DAY);
    const back = await reactivate(world, sub.code);
    await world.run(`retention.cancellation:${back.eventId}`);
    const late = await world.deliver(held);
    expect((await world.run(`retention.cancellation:${late.eventId}`)).output).toEqual({
      skipped: 'a newer status is known',
      subscriberCode: sub.code,
      status: 'ACTIVE',
    });
    expect(contact(sub.email)?.properties['hotmart_subscription_status']).toBeUndefined();
  });
});

describe.each(storeFactories)('retention agent: plan and charge-date changes ($name)', (factory) => {
  it('writes the exact plan, price and next charge; a late older switch does not regress them', async () => {
    world = await createRetentionWorld(servers, { retention: RETENTION }, { factory });
    const account = servers.hotmart.account;
    const sub = await subscribe(world);
    const product = account.product(Number(sub.productId));
    const planA = account.plan(account.subscription(sub.code)?.plan_id ?? 0);
    const monthlyOf = (plan: { price: { value: number }; recurrency_period: number }) =>
      monthlyAmount(plan.price.value, plan.recurrency_period) as number;
    // Another plan of the product with a different monthly value (the emulator's catalogue has one).
    const planB = account
      .plans(Number(sub.productId))
      .find((plan) => planA !== undefined && monthlyOf(plan) !== monthlyOf(planA));
    if (!product || !planA || !planB) throw new Error('plans missing');
    const switchBody = (to: typeof planA, from: typeof planA, at: number) =>
      buildTestDelivery('SWITCH_PLAN', {
        creationDate: at,
        data: {
          switch_plan_date: at,
          subscription: {
            subscriber_code: sub.code,
            status: 'ACTIVE',
            product: { id: product.id, name: product.name },
            user: { email: sub.email },
          },
          plans: [
            { id: to.id, name: to.name, offer: { key: to.code }, current: true },
            { id: from.id, name: from.name, offer: { key: from.code }, current: false },
          ],
        },
      }).body;

    // A → B happens first but is delivered last; B → A happens later and is delivered first.
    world.advance(DAY);
    const held = switchBody(planB, planA, world.now());
    world.advance(DAY);
    const second = await world.deliver(switchBody(planA, planB, world.now()));
    expect((await world.run(`retention.plan-change:${second.eventId}`)).output).toMatchObject({
      subscriberCode: sub.code,
      properties: {
        hotmart_plan: planA.name,
        hotmart_plan_price: planA.price.value,
        hotmart_plan_currency: planA.price.currency_code,
      },
    });
    const late = await world.deliver(held);
    expect((await world.run(`retention.plan-change:${late.eventId}`)).output).toEqual({
      skipped: 'a newer change is already written',
      subscriberCode: sub.code,
    });
    expect(contact(sub.email)?.properties).toMatchObject({
      hotmart_plan: planA.name,
      hotmart_plan_price: String(planA.price.value),
      hotmart_plan_currency: planA.price.currency_code,
    });

    // The due day moves (emulator): the next charge date lands as a HubSpot date.
    world.advance(DAY);
    const moved = await world.trigger(
      servers.hotmart.scenarios.trigger({
        event: 'UPDATE_SUBSCRIPTION_CHARGE_DATE',
        subscriber_code: sub.code,
        due_day: 10,
      }),
    );
    await world.run(`retention.plan-change:${moved.eventId}`);
    const next = account.subscription(sub.code)?.date_next_charge as number;
    const expectedDate = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'America/Sao_Paulo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(next);
    expect(expectedDate).toMatch(/^\d{4}-\d{2}-10$/);
    expect(contact(sub.email)?.properties['hotmart_next_charge']).toBe(expectedDate);
    expect(contact(sub.email)?.properties['hotmart_plan']).toBe(planA.name);

    // A → B in order: the CRM follows, and the mirror records the MRR movement of the exact amounts.
    world.advance(DAY);
    const third = await world.deliver(switchBody(planB, planA, world.now()));
    await world.run(`retention.plan-change:${third.eventId}`);
    await world.run(`test.mirror-apply:${third.eventId}`);
    expect(contact(sub.email)?.properties).toMatchObject({
      hotmart_plan: planB.name,
      hotmart_plan_price: String(planB.price.value),
    });
    const switched = (await createMirrorRepo(world.store).mrrMovements('main')).filter(
      (movement) => movement.cause === 'SWITCH_PLAN' && movement.subscriberCode === sub.code,
    );
    const from = monthlyOf(planA);
    const to = monthlyOf(planB);
    expect(switched).toEqual([
      expect.objectContaining({
        kind: to > from ? 'expansion' : 'contraction',
        mrrBefore: from,
        mrrAfter: to,
        currency: planB.price.currency_code,
      }),
    ]);
  });
});

describe('retention agent: MRR figures', () => {
  it('churned MRR (mirror report) and recovered MRR match an independent calculation', async () => {
    world = await createRetentionWorld(servers, { retention: { ...RETENTION, winBack: { enabled: false } } });
    const account = servers.hotmart.account;
    const expectedChurn = new Map<string, number>();
    for (let i = 0; i < 3; i += 1) {
      const sub = await subscribe(world);
      const plan = account.plan(account.subscription(sub.code)?.plan_id ?? 0);
      if (!plan) throw new Error('plan missing');
      world.advance(DAY);
      const cancelled = await world.trigger(
        servers.hotmart.scenarios.trigger({ event: 'SUBSCRIPTION_CANCELLATION', subscriber_code: sub.code }),
      );
      await world.run(`test.mirror-apply:${cancelled.eventId}`);
      await world.run(`retention.cancellation:${cancelled.eventId}`);
      const monthly = monthlyAmount(plan.price.value, plan.recurrency_period) as number;
      const currency = plan.price.currency_code;
      expectedChurn.set(currency, Math.round(((expectedChurn.get(currency) ?? 0) + monthly) * 100) / 100);
    }
    const day = (at: number) => new Date(at).toISOString().slice(0, 10);
    const report = await reportMrrMovement(world.store, {
      from: day(T0) as never,
      to: day(world.now()) as never,
      timeZone: 'UTC',
    });
    const churned = new Map(report.currencies.map((row) => [row.currency, row.churn]));
    for (const [currency, amount] of expectedChurn) expect(churned.get(currency)).toBeCloseTo(amount, 2);
    expect(report.currencies.reduce((sum, row) => sum + row.movements.churn, 0)).toBe(3);

    // Two late charges paid: the recovered MRR is the sum of their monthly amounts, per currency.
    const expectedRecovered = new Map<string, { mrr: number; charges: number }>();
    for (let i = 0; i < 2; i += 1) {
      world.advance(DAY);
      const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_DELAYED' });
      if (change.event !== 'PURCHASE_DELAYED') throw new Error('unexpected change');
      const sale = account.sale(change.transaction);
      const plan = account.plan(account.subscription(sale?.subscriber_code ?? '')?.plan_id ?? 0);
      if (!sale || !plan) throw new Error('late charge missing');
      const delayed = await world.trigger(change);
      await world.run(`retention.dunning:${delayed.eventId}`);
      world.advance(DAY);
      const paid = await world.trigger(
        servers.hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED', transaction: change.transaction }),
      );
      await world.run(`retention.dunning:${paid.eventId}`);
      const total = expectedRecovered.get(sale.price.currency_code) ?? { mrr: 0, charges: 0 };
      total.mrr =
        Math.round((total.mrr + (monthlyAmount(sale.price.value, plan.recurrency_period) as number)) * 100) /
        100;
      total.charges += 1;
      expectedRecovered.set(sale.price.currency_code, total);
    }
    const recovered = await recoveredMrr(world.store, { from: T0, to: world.now() + 1 });
    expect(recovered.charges).toBe(2);
    expect(
      new Map(recovered.byCurrency.map((row) => [row.currency, { mrr: row.mrr, charges: row.charges }])),
    ).toEqual(expectedRecovered);
  });
});
