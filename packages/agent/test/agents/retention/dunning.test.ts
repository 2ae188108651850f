import { describe, expect, it } from 'vitest';
import { buyerLocale } from '../../../src/agents/buyer-locale.ts';
import { lateChargeKey } from '../../../src/agents/retention/dunning-workflow.ts';
import { CHARGE_RECOVERED_ACTION, recoveredMrr } from '../../../src/agents/retention/recovered-mrr.ts';
import { enrolmentRunId, getEnrolment } from '../../../src/connectors/email/sequences/enrolment.ts';
import { suppressAddress } from '../../../src/connectors/email/suppression.ts';
import {
  dunningTemplate1,
  dunningTemplate2,
} from '../../../src/connectors/email/templates/dunning-templates.ts';
import { renderEmailTemplate } from '../../../src/connectors/email/templates/email-template.ts';
import { formatMoney } from '../../../src/kit/i18n/format-money.ts';
import type { Locale } from '../../../src/kit/i18n/locale.ts';
import { monthlyAmount } from '../../../src/mirror/monthly-amount.ts';
import { createMirrorRepo } from '../../../src/store/mirror/mirror-repo.ts';
import { storeFactories } from '../../store/stores.ts';
import { DAY, pause, T0, useAgentServers, type World, waitFor } from '../support/world.ts';
import { enrolmentsOf, parkedAfter } from './support/enrolments.ts';
import { createRetentionWorld } from './support/retention-world.ts';

// The retention agent's dunning end to end: a late subscription charge from the emulator → a new boleto at Hotmart,
// the dunning e-mails over real SMTP in the buyer's language, a Slack alert and a HubSpot note for big charges; the
// payment (emulator PURCHASE_APPROVED on the overdue transaction) stops the sequence and counts as recovered MRR
// once, however the payment is delivered.

const servers = useAgentServers();
let world: World | undefined;

const RETENTION = {
  enabled: true,
  emailConnectionId: 'smtp',
  hubspotConnectionId: 'crm',
  slackConnectionId: 'team',
  slackChannel: '#sales',
};

interface LateCharge {
  eventId: string;
  payload: Record<string, unknown>;
  transaction: string;
  subscriberCode: string;
  email: string;
  name: string;
  locale: Locale;
  amount: { value: number; currency: string };
  recurrencyPeriod: number;
}

/** A subscription whose renewal goes unpaid; `boleto` makes the charge a boleto still awaiting payment. */
async function lateCharge(on: World, options: { boleto?: boolean } = {}): Promise<LateCharge> {
  on.advance(0);
  const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_DELAYED' });
  if (change.event !== 'PURCHASE_DELAYED') throw new Error('unexpected change');
  const account = servers.hotmart.account;
  if (options.boleto) {
    account.updateSale(change.transaction, { payment_type: 'BILLET', status: 'WAITING_PAYMENT' });
  }
  const sale = account.sale(change.transaction);
  const subscription = account.subscription(sale?.subscriber_code ?? '');
  const plan = account.plan(subscription?.plan_id ?? 0);
  if (!sale || !subscription || !plan) throw new Error('the emulator lost the late charge');
  const { eventId, payload } = await on.trigger(change);
  const data = payload['data'] as {
    buyer: { email: string; name: string; address?: { country_iso?: string } };
    purchase: { price: { value: number; currency_value: string }; checkout_country?: { iso?: string } };
  };
  const country = data.buyer.address?.country_iso ?? data.purchase.checkout_country?.iso ?? null;
  return {
    eventId,
    payload,
    transaction: change.transaction,
    subscriberCode: subscription.subscriber_code,
    email: data.buyer.email.toLowerCase(),
    name: data.buyer.name,
    locale: buyerLocale(country?.toUpperCase() ?? null, 'pt-BR'),
    amount: { value: data.purchase.price.value, currency: data.purchase.price.currency_value },
    recurrencyPeriod: plan.recurrency_period,
  };
}

/** The emulator settles the overdue charge (the subscription is ACTIVE again) and the approval is delivered. */
async function pay(on: World, charge: LateCharge) {
  const account = servers.hotmart.account;
  // The new boleto left the sale PRINTED_BILLET; the emulator pays OVERDUE charges.
  account.updateSale(charge.transaction, { status: 'OVERDUE' });
  on.advance(0);
  const change = servers.hotmart.scenarios.trigger({
    event: 'PURCHASE_APPROVED',
    transaction: charge.transaction,
  });
  return on.trigger(change);
}

async function expectedSubject(on: World, charge: LateCharge, template = dunningTemplate1) {
  const run = await on.store.getRun(enrolmentRunId('dunning', charge.email, charge.transaction));
  const input = run?.input as { data: Record<string, unknown>; locale: Locale };
  expect(input.locale).toBe(charge.locale);
  return (
    await renderEmailTemplate(template, charge.locale, input.data, {
      requireUnsubscribe: false,
      timeZone: 'America/Sao_Paulo',
    })
  ).subject;
}

describe.each(storeFactories)('retention agent: dunning ($name)', (factory) => {
  it('late boleto charge → new boleto, reminders in the buyer’s language, alert once; payment stops them and counts once', async () => {
    world = await createRetentionWorld(
      servers,
      {
        retention: {
          ...RETENTION,
          dunning: { highValueMonthly: { BRL: 1, USD: 1, EUR: 1, MXN: 1, COP: 1 } },
        },
      },
      { factory },
    );
    const charge = await lateCharge(world, { boleto: true });
    const run = await world.run(`retention.dunning:${charge.eventId}`);
    expect(run.status).toBe('completed');
    const mrr = monthlyAmount(charge.amount.value, charge.recurrencyPeriod);
    const billetUrl = servers.hotmart.account.sale(charge.transaction)?.billet_url;
    expect(billetUrl).toMatch(/^https?:\/\//);
    const output = run.output as Record<string, unknown>;
    expect(output).toMatchObject({
      transaction: charge.transaction,
      subscriberCode: charge.subscriberCode,
      mrr,
      paymentType: 'BILLET',
      billetUrl,
      negotiationUrl: null,
      enrolled: true,
      highValue: true,
    });
    expect(
      servers.hotmart.emulator.requests.list({ path: `/payments/api/v1/sales/${charge.transaction}/billet` }),
    ).toHaveLength(1);

    // The enrolment carries exactly the data contract of the dunning templates.
    // One dunning per late charge: the enrolment is keyed by the charge's transaction.
    const enrolmentRun = await world.store.getRun(
      enrolmentRunId('dunning', charge.email, charge.transaction),
    );
    expect((enrolmentRun?.input as { data: unknown } | undefined)?.data).toEqual({
      connectionId: 'main',
      buyer: { name: charge.name, email: charge.email },
      product: {
        id: String((charge.payload['data'] as { product: { id: number } }).product.id),
        name: (charge.payload['data'] as { product: { name: string } }).product.name,
      },
      subscription: {
        code: charge.subscriberCode,
        planName: (charge.payload['data'] as { subscription: { plan: { name: string } } }).subscription.plan
          .name,
        amount: charge.amount,
        chargeDate: expect.any(Number),
      },
      payment: { type: 'BILLET', billetUrl },
    });

    // The first notice goes out at once, in the buyer's language, with the new boleto.
    const [first] = await servers.smtp.waitForMessages(1);
    expect(first?.envelope.to).toEqual([charge.email]);
    expect(first?.parsed.subject).toBe(await expectedSubject(world, charge));
    expect(first?.parsed.html).toContain(billetUrl as string);
    await parkedAfter(world.store, 'dunning', charge.email, 1);

    // High value: one Slack message and one HubSpot note, with the money formatted for the seller.
    const slack = servers.fakes.slack.state.messages('sales');
    expect(slack).toHaveLength(1);
    expect(slack[0]?.text).toContain(formatMoney(charge.amount.value, charge.amount.currency, 'pt-BR'));
    expect(slack[0]?.text).toContain(charge.name);
    const notes = servers.fakes.hubspot.state.records('notes');
    expect(notes).toHaveLength(1);
    expect(notes[0]?.properties['hs_note_body']).toContain(
      formatMoney(charge.amount.value, charge.amount.currency, 'pt-BR'),
    );

    // The same delay delivered again (a new webhook id) does nothing new.
    const again = await world.deliver({ ...charge.payload, id: `${String(charge.payload['id'])}-again` });
    const duplicate = await world.run(`retention.dunning:${again.eventId}`);
    expect(duplicate.output).toEqual({
      skipped: 'late charge already handled',
      transaction: charge.transaction,
    });

    // The reminder after two days.
    world.advance(2 * DAY);
    const [, second] = await servers.smtp.waitForMessages(2);
    expect(second?.parsed.subject).toBe(await expectedSubject(world, charge, dunningTemplate2));
    await parkedAfter(world.store, 'dunning', charge.email, 2);

    // Paid after the second reminder: recovered once, even when the approval is delivered twice.
    world.advance(DAY);
    const payment = await pay(world, charge);
    const recovery = await world.run(`retention.dunning:${payment.eventId}`);
    expect(recovery.output).toMatchObject({
      recovered: {
        connectionId: 'main',
        subscriberCode: charge.subscriberCode,
        transaction: charge.transaction,
        amount: charge.amount.value,
        currency: charge.amount.currency,
        mrr,
        paidAt: expect.any(Number),
      },
    });
    const twice = await world.deliver({ ...payment.payload, id: `${String(payment.payload['id'])}-twice` });
    expect((await world.run(`retention.dunning:${twice.eventId}`)).output).toEqual({
      skipped: 'already recorded',
      transaction: charge.transaction,
    });
    expect(await world.store.listAudit({ action: CHARGE_RECOVERED_ACTION })).toHaveLength(1);
    expect(
      (
        await world.store.getState<{ recoveredAt: number | null }>(
          lateChargeKey('main', charge.subscriberCode),
        )
      )?.recoveredAt,
    ).toBe(world.now());

    // The last notice is due three days after the reminder: the sequence stops instead.
    await waitFor(
      async () =>
        (await createMirrorRepo(world!.store).subscription('main', charge.subscriberCode))?.status ===
        'ACTIVE',
      'the mirror to see the subscription active',
    );
    world.advance(3 * DAY);
    const stopped = await waitFor(async () => {
      const enrolment = await getEnrolment(
        world!.store,
        'dunning',
        charge.email,
        undefined,
        charge.transaction,
      );
      return enrolment?.status === 'stopped' ? enrolment : null;
    }, 'the dunning to stop');
    expect(stopped.stopReason).toBe('subscription-active');
    expect(stopped.sent.map((sent) => sent.stepId)).toEqual(['payment-failed', 'reminder']);
    await pause(100);
    expect(servers.smtp.received).toHaveLength(2);
    expect(servers.fakes.slack.state.messages('sales')).toHaveLength(1);
    expect(servers.fakes.hubspot.state.records('notes')).toHaveLength(1);

    const report = await recoveredMrr(world.store, { from: T0, to: T0 + 30 * DAY });
    expect(report.charges).toBe(1);
    expect(report.byCurrency).toEqual([
      { currency: charge.amount.currency, mrr: mrr ?? 0, amount: charge.amount.value, charges: 1 },
    ]);
  });
});

describe('retention agent: dunning, edge cases', () => {
  it('a card charge below the threshold: no billet, no alert; an approval delivered before the delay counts, no e-mail', async () => {
    world = await createRetentionWorld(servers, {
      retention: { ...RETENTION, dunning: { highValueMonthly: { BRL: 1_000_000 } } },
    });
    const account = servers.hotmart.account;
    world.advance(0);
    const delayed = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_DELAYED' });
    if (delayed.event !== 'PURCHASE_DELAYED') throw new Error('unexpected change');
    // The late notice is built now, but delivered after the payment (out of order).
    const { buildWebhookPayload } = await import('@hotpilot/emulator');
    const delayPayload = buildWebhookPayload(account, delayed) as unknown as Record<string, unknown>;
    world.advance(DAY);
    const payment = await world.trigger(
      servers.hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED', transaction: delayed.transaction }),
    );
    expect((await world.run(`retention.dunning:${payment.eventId}`)).output).toEqual({
      skipped: 'no late charge to settle',
      transaction: delayed.transaction,
    });
    const late = await world.deliver(delayPayload);
    const run = await world.run(`retention.dunning:${late.eventId}`);
    expect(run.output).toMatchObject({ skipped: 'already paid', transaction: delayed.transaction });
    expect(await world.store.listAudit({ action: CHARGE_RECOVERED_ACTION })).toHaveLength(1);
    await pause(150);
    expect(servers.smtp.received).toHaveLength(0);
    expect(servers.fakes.slack.state.messages('sales')).toHaveLength(0);
    expect(
      servers.hotmart.emulator.requests.list({
        path: `/payments/api/v1/sales/${delayed.transaction}/billet`,
      }),
    ).toHaveLength(0);
  });

  it('a subscriber late on two charges gets the dunning twice: the first paid, then the second late charge', async () => {
    world = await createRetentionWorld(servers, { retention: RETENTION });
    const first = await lateCharge(world);
    expect((await world.run(`retention.dunning:${first.eventId}`)).output).toMatchObject({
      transaction: first.transaction,
      enrolled: true,
    });
    await servers.smtp.waitForMessages(1);
    await parkedAfter(world.store, 'dunning', first.email, 1);

    // Paid the next day: recovered, and the reminder due on day two is never sent.
    world.advance(DAY);
    const payment = await pay(world, first);
    await world.run(`retention.dunning:${payment.eventId}`);
    await waitFor(
      async () =>
        (await createMirrorRepo(world!.store).subscription('main', first.subscriberCode))?.status ===
        'ACTIVE',
      'the mirror to see the subscription active',
    );
    world.advance(2 * DAY);
    const stopped = await waitFor(
      async () => {
        const [enrolment] = await enrolmentsOf(world!.store, 'dunning', first.email);
        return enrolment?.status === 'stopped' ? enrolment : null;
      },
      'the first dunning to stop',
      20_000,
    );
    expect(stopped).toMatchObject({ occurrence: first.transaction, stopReason: 'subscription-active' });
    expect(stopped.sent.map((sent) => sent.stepId)).toEqual(['payment-failed']);

    // A month later the next renewal of the same subscription goes unpaid: a new charge, a new dunning.
    world.advance(30 * DAY);
    const account = servers.hotmart.account;
    const paid = account.sale(first.transaction);
    const subscription = account.subscription(first.subscriberCode);
    if (!paid || !subscription) throw new Error('the emulator lost the subscription');
    const { index: _index, transaction: _transaction, order_date: _orderDate, ...sale } = paid;
    const recurrence = (paid.recurrency_number ?? subscription.current_recurrence) + 1;
    const renewal = account.addSale({
      ...sale,
      status: 'OVERDUE',
      recurrency_number: recurrence,
      order_date: world.now(),
    });
    account.updateSubscription(first.subscriberCode, {
      status: 'DELAYED',
      current_recurrence: recurrence,
      unpaid: [...subscription.unpaid, { number: recurrence, charge_date: world.now() }],
    });
    const second = await world.trigger({ event: 'PURCHASE_DELAYED', transaction: renewal.transaction });
    expect((await world.run(`retention.dunning:${second.eventId}`)).output).toMatchObject({
      transaction: renewal.transaction,
      subscriberCode: first.subscriberCode,
      enrolled: true,
    });

    const enrolments = await enrolmentsOf(world.store, 'dunning', first.email);
    expect(enrolments.map((enrolment) => [enrolment.occurrence, enrolment.status])).toEqual([
      [first.transaction, 'stopped'],
      [renewal.transaction, 'active'],
    ]);
    expect(enrolments[1]?.id).toBe(enrolmentRunId('dunning', first.email, renewal.transaction));
    const mails = await servers.smtp.waitForMessages(2);
    expect(mails.map((mail) => mail.envelope.to)).toEqual([[first.email], [first.email]]);
    // Each enrolment sends its own notice (its own Message-ID, from its own run).
    expect(new Set(mails.map((mail) => mail.parsed.messageId)).size).toBe(2);
    expect(mails[1]?.parsed.messageId).toContain(encodeURIComponent(renewal.transaction));
    const current = await waitFor(async () => {
      const [, enrolment] = await enrolmentsOf(world!.store, 'dunning', first.email);
      return enrolment?.sent.length === 1 ? enrolment : null;
    }, 'the second dunning to record its first send');
    expect(current.sent.map((sent) => sent.stepId)).toEqual(['payment-failed']);

    // The same late charge delivered again still enrols nobody a third time.
    const again = await world.deliver({ ...second.payload, id: `${String(second.payload['id'])}-again` });
    expect((await world.run(`retention.dunning:${again.eventId}`)).output).toEqual({
      skipped: 'late charge already handled',
      transaction: renewal.transaction,
    });
    expect(await enrolmentsOf(world.store, 'dunning', first.email)).toHaveLength(2);
  });

  it('an unsubscribed address gets nothing', async () => {
    world = await createRetentionWorld(servers, { retention: RETENTION });
    world.advance(0);
    const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_DELAYED' });
    if (change.event !== 'PURCHASE_DELAYED') throw new Error('unexpected change');
    const sale = servers.hotmart.account.sale(change.transaction);
    const email = servers.hotmart.account.buyer(sale?.buyer_ucode ?? '')?.email as string;
    await suppressAddress(world.store, email, { reason: 'unsubscribed' }, world.now());
    const { eventId } = await world.trigger(change);
    expect((await world.run(`retention.dunning:${eventId}`)).output).toMatchObject({ enrolled: true });
    const stopped = await waitFor(async () => {
      const enrolment = await getEnrolment(world!.store, 'dunning', email, undefined, change.transaction);
      return enrolment?.status === 'stopped' ? enrolment : null;
    }, 'the dunning to stop');
    expect(stopped.stopReason).toBe('unsubscribed');
    await pause(100);
    expect(servers.smtp.received).toHaveLength(0);
  });

  it('does nothing while the agent is off', async () => {
    world = await createRetentionWorld(servers, { retention: { ...RETENTION, enabled: false } });
    const engineWorkflows = world.engine;
    expect(engineWorkflows).toBeDefined();
    world.advance(0);
    const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_DELAYED' });
    await world.trigger(change);
    await pause(150);
    expect(await world.store.listRuns({ workflowId: 'retention.dunning' } as never)).toEqual([]);
    expect(servers.smtp.received).toHaveLength(0);
  });
});
