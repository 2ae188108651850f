import { buildWebhookPayload, type Sale } from '@hotpilot/emulator';
import { describe, expect, it } from 'vitest';
import { getAgentSettings, saveAgentSettings } from '../../src/agents/settings.ts';
import { getEnrolment } from '../../src/connectors/email/sequences/enrolment.ts';
import { formatMoney } from '../../src/kit/i18n/format-money.ts';
import { storeFactories } from '../store/stores.ts';
import { createWorld, pause, T0, useAgentServers, type World, waitFor } from './support/world.ts';

// The sales agent end to end, on SQLite and PostgreSQL: events go into the inbox, the engine runs `sales.purchase`
// with the real connectors, and the test checks what reached the HubSpot and Slack fakes and the SMTP server.

const servers = useAgentServers();
let world: World | undefined;

const SALES = {
  enabled: true,
  hubspotConnectionId: 'crm',
  emailConnectionId: 'smtp',
  slackConnectionId: 'team',
  slackChannel: '#sales',
  accessUrls: {},
};

const hubspotWrites = () =>
  servers.fakes.hubspot
    .requests()
    .filter((request) => request.method !== 'GET')
    .map((request) => `${request.method} ${request.path}`);

/** Makes the emulator sell something (a one-time product paid by card) without reporting it yet. */
function newSale(): { event: 'PURCHASE_APPROVED'; transaction: string } {
  const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED' });
  if (change.event !== 'PURCHASE_APPROVED' || !('transaction' in change))
    throw new Error('unexpected change');
  return { event: 'PURCHASE_APPROVED', transaction: change.transaction };
}

describe.each(storeFactories)('sales agent on $name', (factory) => {
  it('sends an approved sale to HubSpot (contact, one Closed Won deal), the welcome sequence and Slack', async () => {
    world = await createWorld(servers, { factory, settings: { sales: SALES } });
    const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED' });
    const ingestedAt = Date.now();
    const { eventId, payload } = await world.trigger(change);
    const data = payload['data'] as {
      buyer: { email: string; name: string; first_name: string; last_name: string };
      product: { id: number; name: string };
      purchase: {
        transaction: string;
        price: { value: number; currency_value: string };
        approved_date: number;
      };
    };
    const transaction = data.purchase.transaction;
    const run = await world.run(`sales.purchase:${eventId}`);

    expect(run.status).toBe('completed');
    const contacts = servers.fakes.hubspot.state.records('contacts');
    expect(contacts).toHaveLength(1);
    expect(contacts[0]?.properties).toMatchObject({
      email: data.buyer.email,
      firstname: data.buyer.first_name,
      lastname: data.buyer.last_name,
      lifecyclestage: 'customer',
    });
    const deals = servers.fakes.hubspot.state.records('deals');
    expect(deals).toHaveLength(1);
    const deal = deals[0]!;
    expect(deal.properties).toMatchObject({
      hotmart_transaction: transaction,
      dealname: `${data.product.name} — ${data.buyer.name}`,
      pipeline: 'default',
      dealstage: 'closedwon',
      amount: String(data.purchase.price.value),
      deal_currency_code: data.purchase.price.currency_value,
    });
    expect(Date.parse(deal.properties['closedate'] ?? '')).toBe(data.purchase.approved_date);
    expect(
      servers.fakes.hubspot.state.associationsOf('deals', deal.id, 'contacts').map((a) => a.toId),
    ).toEqual([contacts[0]!.id]);
    expect(hubspotWrites()).toEqual([
      'POST /crm/v3/objects/contacts/batch/upsert',
      'POST /crm/v3/objects/deals/search',
      'POST /crm/v3/objects/deals',
    ]);
    // The target: the CRM has the deal within a second of the webhook's acknowledgement.
    const dealCreated = servers.fakes.hubspot.requests().find((r) => r.path === '/crm/v3/objects/deals');
    expect(Date.parse(dealCreated!.time) - ingestedAt).toBeLessThan(1_000);

    const messages = servers.fakes.slack.state.messages('sales');
    const amount = formatMoney(data.purchase.price.value, data.purchase.price.currency_value, 'pt-BR');
    expect(messages.map((message) => message.text)).toEqual([
      `Nova venda: *${data.product.name}* — ${amount} — ${data.buyer.name}`,
    ]);

    const [mail] = await servers.smtp.waitForMessages(1);
    expect(mail!.envelope.to).toEqual([data.buyer.email]);
    expect(mail!.parsed.subject).toBe(`${data.product.name}: tudo pronto para você começar`);
    expect(mail!.parsed.text).toContain(amount);
    const enrolment = await getEnrolment(world.store, 'welcome', data.buyer.email);
    expect(enrolment).toMatchObject({ status: 'active', sequenceId: 'welcome', locale: 'pt-BR' });

    expect(run.output).toEqual({
      transaction,
      kind: 'first-purchase',
      basis: 'business_model',
      recurrenceNumber: null,
      contactId: contacts[0]!.id,
      dealId: deal.id,
      dealStage: 'closedwon',
      enrolled: true,
      slackTs: messages[0]!.ts,
    });
  });

  it('makes one deal per transaction whether APPROVED or COMPLETE arrives first, and dedups redeliveries', async () => {
    world = await createWorld(servers, { factory, settings: { sales: SALES } });
    const first = newSale();
    // Each delivery is dispatched before the next arrives, a second later: within a buyer the older run goes first,
    // so both orders are played for sure (within one dispatch batch the order would be the store's choice).
    const dispatched = async (eventId: string) => {
      await waitFor(() => world!.store.getEvent(eventId), `event ${eventId} to be dispatched`);
      world!.advance(1_000);
    };
    const approvedA = await world.trigger(first);
    await dispatched(approvedA.eventId);
    const completedA = await world.trigger({ event: 'PURCHASE_COMPLETE', transaction: first.transaction });
    await dispatched(completedA.eventId);

    // The second sale arrives the other way round: completion, then approval.
    const second = newSale();
    const lateApproval = buildWebhookPayload(servers.hotmart.account, second);
    const completedB = await world.trigger({ event: 'PURCHASE_COMPLETE', transaction: second.transaction });
    await dispatched(completedB.eventId);
    const approvedB = await world.deliver(lateApproval);
    // A redelivery of an event already stored adds nothing.
    expect((await world.deliver(lateApproval)).result).toBe('duplicate');

    const runs = await Promise.all(
      [approvedA, completedA, completedB, approvedB].map(({ eventId }) =>
        world!.run(`sales.purchase:${eventId}`),
      ),
    );
    expect(runs.map((run) => run.status)).toEqual(['completed', 'completed', 'completed', 'completed']);

    const deals = servers.fakes.hubspot.state.records('deals');
    expect(deals.map((deal) => deal.properties['hotmart_transaction']).sort()).toEqual(
      [first.transaction, second.transaction].sort(),
    );
    expect(deals.map((deal) => deal.properties['dealstage'])).toEqual(['closedwon', 'closedwon']);
    // Whichever came first did the work; the other did nothing.
    expect(runs[1]!.output).toEqual({
      skipped: 'transaction already handled',
      transaction: first.transaction,
      handledBy: approvedA.eventId,
    });
    expect(runs[3]!.output).toEqual({
      skipped: 'transaction already handled',
      transaction: second.transaction,
      handledBy: completedB.eventId,
    });
    expect(servers.fakes.slack.state.messages('sales')).toHaveLength(2);
    const buyers = [approvedA, completedB].map(
      ({ payload }) => (payload['data'] as { buyer: { email: string } }).buyer.email,
    );
    await servers.smtp.waitForMessages(2);
    await pause(100);
    expect(servers.smtp.received.map((mail) => mail.envelope.to[0]).sort()).toEqual(buyers.sort());
    expect(await world.store.listRuns({ workflowId: 'sales.purchase' })).toHaveLength(4);
  });

  it('moves the deal to the completion stage when configured, once, in either order', async () => {
    // `contractsent` is simply a stage of the fake's default pipeline other than Closed Won.
    world = await createWorld(servers, {
      factory,
      settings: {
        sales: {
          ...SALES,
          slackConnectionId: null,
          emailConnectionId: null,
          completedDealStage: 'contractsent',
        },
      },
    });
    const inOrder = newSale();
    const approved = await world.trigger(inOrder);
    await world.run(`sales.purchase:${approved.eventId}`);
    const completed = await world.trigger({ event: 'PURCHASE_COMPLETE', transaction: inOrder.transaction });
    const completion = await world.run(`sales.purchase:${completed.eventId}`);

    const [deal] = servers.fakes.hubspot.state.records('deals');
    expect(deal?.properties['dealstage']).toBe('contractsent');
    expect(completion.output).toEqual({
      transaction: inOrder.transaction,
      completionOf: approved.eventId,
      dealId: deal!.id,
      dealStage: 'contractsent',
    });

    // Completion first: the deal is created at the completion stage and the late approval leaves it there.
    const reversed = newSale();
    const lateApproval = buildWebhookPayload(servers.hotmart.account, reversed);
    const early = await world.trigger({ event: 'PURCHASE_COMPLETE', transaction: reversed.transaction });
    await world.run(`sales.purchase:${early.eventId}`);
    world.advance(1_000);
    const late = await world.deliver(lateApproval);
    expect((await world.run(`sales.purchase:${late.eventId}`)).output).toMatchObject({
      skipped: 'transaction already handled',
    });
    const byTransaction = new Map(
      servers.fakes.hubspot.state.records('deals').map((d) => [d.properties['hotmart_transaction'], d]),
    );
    expect(byTransaction.size).toBe(2);
    expect(byTransaction.get(reversed.transaction)?.properties['dealstage']).toBe('contractsent');
  });

  it('tells a renewal from a first purchase: a renewal deal, no welcome e-mail', async () => {
    world = await createWorld(servers, { factory, settings: { locale: 'en', sales: SALES } });
    const { eventId } = await world.deliverTest('PURCHASE_APPROVED', {
      data: {
        buyer: { email: 'carla.renews@example.com', name: 'Carla Dias' },
        product: { id: 4102938, name: 'Clube de Receitas' },
        purchase: {
          transaction: 'HP4242424242',
          business_model: 'R',
          recurrence_number: 3,
          price: { value: 49.9, currency_value: 'BRL' },
        },
        subscription: {
          status: 'ACTIVE',
          subscriber: { code: 'SUBRENEW1' },
          plan: { id: 1, name: 'Mensal' },
        },
      },
    });
    const run = await world.run(`sales.purchase:${eventId}`);
    expect(run.output).toMatchObject({
      transaction: 'HP4242424242',
      kind: 'renewal',
      basis: 'recurrence_number',
      recurrenceNumber: 3,
      enrolled: null,
    });
    expect(servers.fakes.hubspot.state.records('deals')[0]?.properties['dealname']).toBe(
      'Clube de Receitas — Carla Dias (renewal)',
    );
    expect(servers.fakes.slack.state.messages('sales').map((m) => m.text)).toEqual([
      `Renewal #3: *Clube de Receitas* — ${formatMoney(49.9, 'BRL', 'en')} — Carla Dias`,
    ]);
    expect(await getEnrolment(world.store, 'welcome', 'carla.renews@example.com')).toBeNull();
    expect(servers.smtp.received).toHaveLength(0);
  });
});

describe('sales agent details', () => {
  it('asks Hotmart for the subscription history when the event has no recurrence number', async () => {
    world = await createWorld(servers, {
      settings: { sales: { enabled: true, hubspotConnectionId: 'crm' } },
    });
    const account = servers.hotmart.account;
    let renewal: Sale | undefined;
    for (let index = 0; index < account.saleCount() && !renewal; index++) {
      const sale = account.saleAt(index);
      if (
        (sale.recurrency_number ?? 0) > 1 &&
        sale.subscriber_code &&
        ['APPROVED', 'COMPLETE'].includes(sale.status)
      ) {
        renewal = sale;
      }
    }
    expect(renewal).toBeDefined();
    const buyer = account.buyer(renewal!.buyer_ucode);
    const { eventId } = await world.deliverTest('PURCHASE_APPROVED', {
      data: {
        buyer: { email: buyer!.email },
        purchase: { transaction: renewal!.transaction, business_model: 'R', recurrence_number: null },
        subscription: { subscriber: { code: renewal!.subscriber_code! } },
      },
    });
    const run = await world.run(`sales.purchase:${eventId}`);
    expect(run.output).toMatchObject({
      kind: 'renewal',
      basis: 'subscriber_purchases',
      recurrenceNumber: renewal!.recurrency_number,
    });
    const asked = servers.hotmart.emulator.requests
      .list()
      .filter((request) => request.path.endsWith('/purchases'))
      .map((request) => request.path);
    expect(asked).toContain(`/payments/api/v1/subscriptions/${renewal!.subscriber_code}/purchases`);
  });

  it('falls back to a first purchase when Hotmart does not know the subscription', async () => {
    world = await createWorld(servers, {
      settings: { sales: { enabled: true, hubspotConnectionId: 'crm' } },
    });
    const { eventId } = await world.deliverTest('PURCHASE_APPROVED', {
      data: {
        purchase: { transaction: 'HP0404040404', business_model: 'R', recurrence_number: null },
        subscription: { subscriber: { code: 'NOSUCHSUB1' } },
      },
    });
    const run = await world.run(`sales.purchase:${eventId}`);
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({
      kind: 'first-purchase',
      basis: 'default',
      transaction: 'HP0404040404',
    });
    const steps = await world.store.getSteps(run.id);
    expect(steps.find((step) => step.stepId === 'hotmart-subscriber-purchases')).toMatchObject({
      status: 'failed',
      error: { name: 'VendorRequestError' },
    });
    expect(servers.fakes.hubspot.state.records('deals')).toHaveLength(1);
  });

  it('follows the settings saved in the store: turned off there, it does nothing', async () => {
    world = await createWorld(servers, { settings: { sales: SALES } });
    const saved = await saveAgentSettings(
      world.store,
      { sales: { ...SALES, enabled: false } },
      'user:ana',
      T0,
    );
    expect(saved.sales.enabled).toBe(false);
    expect((await getAgentSettings(world.store)).sales.enabled).toBe(false);
    const { eventId } = await world.deliverTest('PURCHASE_APPROVED');
    const run = await world.run(`sales.purchase:${eventId}`);
    expect(run.output).toEqual({ skipped: 'agent disabled' });
    expect(servers.fakes.hubspot.requests()).toHaveLength(0);
    expect(servers.fakes.slack.requests()).toHaveLength(0);
  });

  it('stops with a clear error when a configured connection does not exist', async () => {
    world = await createWorld(servers, {
      settings: { sales: { enabled: true, hubspotConnectionId: 'no-such-crm' } },
    });
    const { eventId } = await world.deliverTest('PURCHASE_APPROVED');
    const run = await world.run(`sales.purchase:${eventId}`);
    expect(run.status).toBe('dead');
    // Not retried: a missing connection is a configuration error.
    expect(run.attempt).toBe(1);
    expect(run.error).toMatchObject({ name: 'ConnectionLookupError', code: 'CONNECTION_NOT_FOUND' });
    expect(run.error?.message).toContain('no-such-crm');
    const steps = await world.store.getSteps(run.id);
    expect(steps.map((step) => [step.stepId, step.status])).toEqual([
      ['claim-transaction', 'completed'],
      ['hubspot-contact', 'failed'],
    ]);
  });

  it('leaves other purchase events alone', async () => {
    world = await createWorld(servers, { settings: { sales: SALES } });
    const { eventId } = await world.deliverTest('PURCHASE_CANCELED');
    await waitFor(() => world!.store.getEvent(eventId), 'the event to be dispatched');
    expect(await world.store.listRuns({ eventId })).toEqual([]);
  });
});
