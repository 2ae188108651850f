import { buildWebhookPayload, type WebhookPayload } from '@hotpilot/emulator';
import { describe, expect, it } from 'vitest';
import { buyerLocale } from '../../../src/agents/buyer-locale.ts';
import { enrolmentRunId } from '../../../src/connectors/email/sequences/enrolment.ts';
import {
  dunningTemplate1,
  dunningTemplate2,
} from '../../../src/connectors/email/templates/dunning-templates.ts';
import {
  type EmailTemplate,
  renderEmailTemplate,
} from '../../../src/connectors/email/templates/email-template.ts';
import type { Locale } from '../../../src/kit/i18n/locale.ts';
import { type StoreFactory, storeFactories } from '../../store/stores.ts';
import { DAY, pause, useAgentServers, type World } from '../support/world.ts';
import { parkedAfter } from './support/enrolments.ts';
import { createRetentionWorld } from './support/retention-world.ts';

// The dunning's other ways to pay, end to end: the PIX copy-and-paste code of the late charge's webhook, the
// installment negotiation link Hotmart (the emulator) creates for the late recurrence — or no link when it refuses —
// and, for a card charge with neither, the buyer's area at Hotmart. dunning.test.ts covers the new boleto.

// The emulator forgets its writes and requests between tests, so the request log and the negotiations are this
// test's alone.
const servers = useAgentServers({ resetEmulator: true });
let world: World | undefined;

const RETENTION = { enabled: true, emailConnectionId: 'smtp' };
const PIX_CODE =
  '00020126580014br.gov.bcb.pix0136a1b2c3d4-e5f6-7890-abcd-ef12345678905204000053039865802BR6304ABCD';
const BUYER_AREA = 'https://consumer.hotmart.com/';
const NEGOTIATE_PATH = '/payments/api/v1/installments/negotiate';

interface LateCharge {
  payload: WebhookPayload<'PURCHASE_DELAYED'>;
  transaction: string;
  subscriberCode: string;
  subscriptionId: number;
  recurrence: number;
  email: string;
  locale: Locale;
}

/** The retention world with the dunning's ways to pay as given (none: the settings' defaults). */
function dunningWorld(factory: StoreFactory, dunning?: { newBillet?: boolean; negotiation?: boolean }) {
  return createRetentionWorld(
    servers,
    { retention: dunning ? { ...RETENTION, dunning } : RETENTION },
    { factory },
  );
}

/** A card renewal the emulator leaves unpaid, with the webhook Hotmart would send for it (not delivered yet). */
function lateCardCharge(on: World): LateCharge {
  on.advance(0);
  const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_DELAYED' });
  if (change.event !== 'PURCHASE_DELAYED') throw new Error('unexpected change');
  const account = servers.hotmart.account;
  const sale = account.sale(change.transaction);
  const subscription = account.subscription(sale?.subscriber_code ?? '');
  if (!sale || !subscription || sale.recurrency_number === undefined) {
    throw new Error('the emulator lost the late charge');
  }
  const payload = buildWebhookPayload(account, {
    event: 'PURCHASE_DELAYED',
    transaction: change.transaction,
  });
  const data = payload.data;
  const country = data.buyer.address?.country_iso ?? data.purchase.checkout_country.iso;
  return {
    payload,
    transaction: change.transaction,
    subscriberCode: subscription.subscriber_code,
    subscriptionId: subscription.subscription_id,
    recurrence: sale.recurrency_number,
    email: data.buyer.email.toLowerCase(),
    locale: buyerLocale(country.toUpperCase(), 'pt-BR'),
  };
}

/** Delivers the late charge and waits for its dunning run to finish. */
async function deliverLate(on: World, charge: LateCharge) {
  const { eventId } = await on.deliver(charge.payload);
  return on.run(`retention.dunning:${eventId}`);
}

/** The enrolment's `payment` and the subject the template gives its data in the buyer's language. */
async function enrolled(on: World, charge: LateCharge, template: EmailTemplate = dunningTemplate1) {
  const run = await on.store.getRun(enrolmentRunId('dunning', charge.email, charge.transaction));
  const input = run?.input as { data: Record<string, unknown>; locale: Locale };
  expect(input.locale).toBe(charge.locale);
  const rendered = await renderEmailTemplate(template, charge.locale, input.data, {
    requireUnsubscribe: false,
    timeZone: 'America/Sao_Paulo',
  });
  return { payment: input.data['payment'], subject: rendered.subject };
}

/**
 * The first dunning notice, once its enrolment is parked: addressed to the buyer, with the subject the first template
 * gives the enrolment's data in the buyer's language, and the enrolment's `payment` as expected.
 */
async function firstNotice(on: World, charge: LateCharge, payment: unknown) {
  const [notice] = await servers.smtp.waitForMessages(1);
  await parkedAfter(on.store, 'dunning', charge.email, 1);
  const expected = await enrolled(on, charge);
  expect(expected.payment).toEqual(payment);
  expect(notice?.envelope.to).toEqual([charge.email]);
  expect(notice?.parsed.subject).toBe(expected.subject);
  return notice;
}

/** Every request that reached the emulator's billet endpoint (`/payments/api/v1/sales/{transaction}/billet`). */
const billetRequests = () =>
  servers.hotmart.emulator.requests.list().filter((request) => request.path.endsWith('/billet'));

describe.each(storeFactories)('retention agent: dunning ways to pay ($name)', (factory) => {
  it('a PIX charge: the notice carries the PIX code of the webhook; no boleto or negotiation is asked for', async () => {
    // New boletos and negotiations both on: a PIX charge needs neither, its code is in the event.
    world = await dunningWorld(factory, { newBillet: true, negotiation: true });
    const charge = lateCardCharge(world);
    charge.payload.data.purchase.payment.type = 'PIX';
    charge.payload.data.purchase.payment.pix_code = PIX_CODE;
    const run = await deliverLate(world, charge);
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({
      transaction: charge.transaction,
      subscriberCode: charge.subscriberCode,
      paymentType: 'PIX',
      billetUrl: null,
      negotiationUrl: null,
      enrolled: true,
    });

    const notice = await firstNotice(world, charge, { type: 'PIX', pixCode: PIX_CODE });
    expect(notice?.parsed.text).toContain(`\n\n${PIX_CODE}\n\n`);
    expect(notice?.parsed.html).toContain(`<p style="margin:0 0 16px;">${PIX_CODE}</p>`);
    expect(notice?.parsed.html).not.toContain(BUYER_AREA);
    expect(billetRequests()).toEqual([]);
    expect(servers.hotmart.emulator.requests.list({ path: NEGOTIATE_PATH })).toEqual([]);
    await pause(100);
    expect(servers.smtp.received).toHaveLength(1);
  });

  it('a card charge with negotiation on: one PIX negotiation of the late recurrence, its link in every notice', async () => {
    world = await dunningWorld(factory, { negotiation: true });
    const charge = lateCardCharge(world);
    expect(charge.payload.data.purchase.payment.type).toBe('CREDIT_CARD');
    const run = await deliverLate(world, charge);
    expect(run.status).toBe('completed');

    // Exactly one negotiation, for the subscription's late recurrence, paid by PIX.
    const negotiations = servers.hotmart.account.negotiations();
    expect(negotiations).toHaveLength(1);
    const [negotiation] = negotiations;
    expect(negotiation).toMatchObject({
      subscription_id: charge.subscriptionId,
      recurrences: [charge.recurrence],
      payment_type: 'PIX',
    });
    expect(negotiation?.discount).toBeUndefined();
    const link = negotiation?.url as string;
    expect(link).toBe(`https://pay.example.com/hotmart/negotiation/${negotiation?.id}`);
    expect(
      servers.hotmart.emulator.requests
        .list({ path: NEGOTIATE_PATH })
        .map((request) => [request.method, request.status]),
    ).toEqual([['POST', 200]]);
    expect(billetRequests()).toEqual([]);
    expect(run.output).toMatchObject({
      transaction: charge.transaction,
      paymentType: 'CREDIT_CARD',
      billetUrl: null,
      negotiationUrl: link,
      enrolled: true,
    });

    const notice = await firstNotice(world, charge, { type: 'CREDIT_CARD', negotiationUrl: link });
    expect(notice?.parsed.html).toContain(`href="${link}"`);
    expect(notice?.parsed.text).toContain(link);
    expect(notice?.parsed.html).not.toContain(BUYER_AREA);

    // The reminder two days later carries the same link; Hotmart is not asked again.
    world.advance(2 * DAY);
    const [, reminder] = await servers.smtp.waitForMessages(2);
    await parkedAfter(world.store, 'dunning', charge.email, 2);
    expect(reminder?.parsed.subject).toBe((await enrolled(world, charge, dunningTemplate2)).subject);
    expect(reminder?.parsed.html).toContain(`href="${link}"`);
    expect(servers.hotmart.account.negotiations()).toHaveLength(1);
    expect(servers.hotmart.emulator.requests.list({ path: NEGOTIATE_PATH })).toHaveLength(1);
    expect(servers.smtp.received).toHaveLength(2);
  });

  it('a negotiation Hotmart refuses: the notice still goes out, without a negotiation link, and the run completes', async () => {
    world = await dunningWorld(factory, { negotiation: true });
    const charge = lateCardCharge(world);
    // Hotmart no longer counts the recurrence as owed, so it refuses to negotiate it (400, reference §4.7).
    servers.hotmart.account.updateSubscription(charge.subscriberCode, { unpaid: [] });
    const run = await deliverLate(world, charge);
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({
      transaction: charge.transaction,
      paymentType: 'CREDIT_CARD',
      billetUrl: null,
      negotiationUrl: null,
      enrolled: true,
    });
    // Refused once, not retried: a 4xx won't fix itself.
    expect(
      servers.hotmart.emulator.requests
        .list({ path: NEGOTIATE_PATH })
        .map((request) => [request.method, request.status]),
    ).toEqual([['POST', 400]]);
    expect(servers.hotmart.account.negotiations()).toEqual([]);

    const notice = await firstNotice(world, charge, { type: 'CREDIT_CARD' });
    expect(notice?.parsed.html).not.toContain('/negotiation/');
    expect(notice?.parsed.html).toContain(`href="${BUYER_AREA}"`);
    await pause(100);
    expect(servers.smtp.received).toHaveLength(1);
  });

  it('a card charge with neither boleto nor negotiation: the notice points to the buyer’s area at Hotmart', async () => {
    world = await dunningWorld(factory);
    const charge = lateCardCharge(world);
    const run = await deliverLate(world, charge);
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({
      transaction: charge.transaction,
      paymentType: 'CREDIT_CARD',
      billetUrl: null,
      negotiationUrl: null,
      enrolled: true,
    });

    const notice = await firstNotice(world, charge, { type: 'CREDIT_CARD' });
    expect(notice?.parsed.html).toContain(`href="${BUYER_AREA}"`);
    expect(notice?.parsed.text).toContain(BUYER_AREA);
    expect(billetRequests()).toEqual([]);
    expect(servers.hotmart.emulator.requests.list({ path: NEGOTIATE_PATH })).toEqual([]);
    expect(servers.hotmart.account.negotiations()).toEqual([]);
    await pause(100);
    expect(servers.smtp.received).toHaveLength(1);
  });
});
