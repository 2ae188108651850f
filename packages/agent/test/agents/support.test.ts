import { buildWebhookPayload, type StateChange } from '@hotpilot/emulator';
import { describe, expect, it } from 'vitest';
import { supportTransactionKey } from '../../src/agents/support/refund-workflow.ts';
import { saleDetails } from '../../src/agents/support/sale-details.ts';
import { refundTicketText } from '../../src/agents/support/ticket-text.ts';
import { formatDateTime } from '../../src/kit/i18n/format-date.ts';
import { formatMoney } from '../../src/kit/i18n/format-money.ts';
import { createWorld, DAY, pause, T0, useAgentServers, type World, waitFor } from './support/world.ts';

// The support agent end to end: refund requests, refunds and chargebacks from the emulator go into the inbox; the
// test checks the Zendesk fake's tickets and comments, the acknowledgement that reached the SMTP server, and what
// was asked of the Hotmart API.

const servers = useAgentServers();
let world: World | undefined;

const REFUNDS_GROUP = 360_000_000_101;
const SUPPORT = {
  enabled: true,
  zendeskConnectionId: 'desk',
  zendeskGroupId: REFUNDS_GROUP,
  emailConnectionId: 'smtp',
};

interface Protest {
  transaction: string;
  change: StateChange;
  payload: Record<string, unknown>;
  eventId: string;
}

/** The emulator puts a new sale under dispute; its webhook is delivered. */
async function protest(on: World): Promise<Protest> {
  const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_PROTEST' });
  const { eventId, payload } = await on.trigger(change);
  return { transaction: (change as { transaction: string }).transaction, change, payload, eventId };
}

const tickets = (transaction: string) => servers.fakes.zendesk.state.ticketsByExternalId(transaction);

describe('support agent: refund requests', () => {
  it('opens one pre-filled ticket in the refunds group and acknowledges the buyer in their language', async () => {
    world = await createWorld(servers, { settings: { support: SUPPORT } });
    const request = await protest(world);
    const run = await world.run(`support.refunds:${request.eventId}`);
    expect(run.status).toBe('completed');

    const sale = servers.hotmart.account.sale(request.transaction)!;
    const buyer = servers.hotmart.account.buyer(sale.buyer_ucode)!;
    const product = servers.hotmart.account.product(sale.product_id)!;
    const amount = formatMoney(sale.price.value, sale.price.currency_code, 'pt-BR');

    const [ticket, ...others] = tickets(request.transaction);
    expect(others).toEqual([]);
    expect(ticket).toMatchObject({
      external_id: request.transaction,
      group_id: REFUNDS_GROUP,
      tags: ['hotmart', 'refund-request'],
      priority: 'high',
      type: 'task',
      subject: `Pedido de reembolso: ${product.name} (${request.transaction})`,
      status: 'new',
    });
    const requester = servers.fakes.zendesk.state.user(ticket!.requester_id);
    expect(requester).toMatchObject({ email: buyer.email, name: buyer.name });
    const description = ticket!.description;
    const when = (at: number) => formatDateTime(at, 'pt-BR', 'America/Sao_Paulo', 'medium');
    expect(description.split('\n')).toEqual(
      expect.arrayContaining([
        `${buyer.name} pediu o reembolso da compra ${request.transaction} na Hotmart.`,
        `Comprador: ${buyer.name} <${buyer.email}>`,
        `Produto: ${product.name} (ID ${product.id})`,
        `Valor: ${amount}`,
        `Data da compra: ${when(sale.order_date)}`,
        `Transação: ${request.transaction}`,
        'Situação na Hotmart: PROTESTED',
        `Venda na Hotmart: https://app.hotmart.com/sales?transaction=${request.transaction}`,
        'Detalhes lidos da API da Hotmart.',
      ]),
    );
    expect(description).toContain(`Pagamento: ${sale.payment_type}`);
    expect(ticket!.comments.map((comment) => comment.public)).toEqual([false]);

    const asked = servers.hotmart.emulator.requests
      .list()
      .filter((r) => r.path.startsWith('/payments/api/v1/sales/'))
      .map((r) => [r.path, r.query['transaction']]);
    expect(asked).toEqual([
      ['/payments/api/v1/sales/history', request.transaction],
      ['/payments/api/v1/sales/price/details', request.transaction],
    ]);

    const [mail] = await servers.smtp.waitForMessages(1);
    expect(mail?.envelope.to).toEqual([buyer.email]);
    expect(mail?.parsed.subject).toBe(`Recebemos seu pedido de reembolso (${request.transaction})`);
    expect(mail?.parsed.text).toContain(amount);
    expect(run.output).toEqual({
      transaction: request.transaction,
      ticketId: ticket!.id,
      source: 'hotmart',
      acknowledged: true,
      applied: [],
    });
  });

  it('keeps one ticket and one acknowledgement per transaction under duplicate deliveries', async () => {
    world = await createWorld(servers, { settings: { support: SUPPORT } });
    const request = await protest(world);
    // The same event again (deduplicated by the inbox), and the same request under a new event id.
    expect((await world.deliver(request.payload)).result).toBe('duplicate');
    await waitFor(() => world!.store.getEvent(request.eventId), 'the request to be dispatched');
    world.advance(1_000);
    const again = await world.deliver({ ...request.payload, id: 'f1e2d3c4-0000-4000-8000-000000000001' });
    const first = await world.run(`support.refunds:${request.eventId}`);
    const second = await world.run(`support.refunds:${again.eventId}`);

    expect(tickets(request.transaction)).toHaveLength(1);
    expect(second.output).toEqual({
      skipped: 'refund request already handled',
      transaction: request.transaction,
      ticketId: tickets(request.transaction)[0]!.id,
      handledBy: request.eventId,
    });
    expect(first.output).toMatchObject({ acknowledged: true });
    await servers.smtp.waitForMessages(1);
    await pause(100);
    expect(servers.smtp.received).toHaveLength(1);
    expect(servers.fakes.zendesk.requests().filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('adds a note and sets the status when Hotmart refunds, then when a chargeback follows', async () => {
    world = await createWorld(servers, { settings: { support: SUPPORT } });
    const request = await protest(world);
    await world.run(`support.refunds:${request.eventId}`);

    world.advance(2 * DAY);
    const refunded = await world.trigger({ event: 'PURCHASE_REFUNDED', transaction: request.transaction });
    const refundRun = await world.run(`support.refunds:${refunded.eventId}`);
    const [ticket] = tickets(request.transaction);
    expect(refundRun.output).toEqual({
      transaction: request.transaction,
      ticketId: ticket!.id,
      outcome: 'PURCHASE_REFUNDED',
      status: 'solved',
    });
    expect(ticket!.status).toBe('solved');
    const refundedAt = refunded.payload['creation_date'] as number;
    expect(ticket!.comments.slice(1).map((comment) => [comment.body, comment.public])).toEqual([
      [
        `A Hotmart confirmou o reembolso da transação ${request.transaction} em ${formatDateTime(refundedAt, 'pt-BR', 'America/Sao_Paulo', 'medium')}.`,
        false,
      ],
    ]);
    // A second refund event for the transaction changes nothing.
    const dup = await world.deliverTest('PURCHASE_REFUNDED', {
      data: { purchase: { transaction: request.transaction } },
    });
    expect((await world.run(`support.refunds:${dup.eventId}`)).output).toEqual({
      skipped: 'outcome already handled',
      transaction: request.transaction,
      handledBy: refunded.eventId,
    });
    expect(tickets(request.transaction)[0]!.comments).toHaveLength(2);

    const chargeback = await world.deliverTest('PURCHASE_CHARGEBACK', {
      data: { purchase: { transaction: request.transaction } },
    });
    expect((await world.run(`support.refunds:${chargeback.eventId}`)).output).toMatchObject({
      outcome: 'PURCHASE_CHARGEBACK',
      status: 'open',
    });
    const updated = tickets(request.transaction)[0]!;
    expect(updated.status).toBe('open');
    expect(updated.comments).toHaveLength(3);
    expect(updated.comments[2]?.body).toMatch(/^Chargeback: o comprador contestou a transação /);
    // Only the request's acknowledgement went to the buyer.
    expect(servers.smtp.received).toHaveLength(1);
  });

  it('applies a refund that arrived before the request to the ticket, and does not acknowledge a done refund', async () => {
    world = await createWorld(servers, { settings: { support: SUPPORT } });
    const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_PROTEST' });
    const requestPayload = buildWebhookPayload(servers.hotmart.account, change);
    const transaction = (change as { transaction: string }).transaction;
    const refunded = await world.trigger({ event: 'PURCHASE_REFUNDED', transaction });
    expect((await world.run(`support.refunds:${refunded.eventId}`)).output).toEqual({
      skipped: 'no ticket for this transaction yet',
      transaction,
      pending: 'PURCHASE_REFUNDED',
    });
    expect(tickets(transaction)).toEqual([]);

    const late = await world.deliver(requestPayload);
    const run = await world.run(`support.refunds:${late.eventId}`);
    const [ticket] = tickets(transaction);
    expect(run.output).toEqual({
      transaction,
      ticketId: ticket!.id,
      source: 'hotmart',
      acknowledged: false,
      applied: ['PURCHASE_REFUNDED'],
    });
    expect(ticket!.status).toBe('solved');
    expect(ticket!.comments).toHaveLength(2);
    expect(await world.store.getState(supportTransactionKey('main', transaction))).toMatchObject({
      ticketId: ticket!.id,
      outcomes: [{ name: 'PURCHASE_REFUNDED', eventId: refunded.eventId, applied: true }],
    });
    await pause(100);
    expect(servers.smtp.received).toHaveLength(0);
  });

  it('opens the ticket from the webhook when Hotmart refuses the lookup', async () => {
    world = await createWorld(servers, {
      settings: { support: { ...SUPPORT, hotmartConnectionId: 'stale' } },
    });
    await world.store.createConnection(
      {
        id: 'stale',
        kind: 'hotmart',
        name: 'Old credential',
        hottoks: [],
        credentials: { clientId: servers.hotmart.credentials.clientId, clientSecret: 'revoked-secret' },
        settings: { apiBaseUrl: servers.hotmart.apiBaseUrl, tokenUrl: servers.hotmart.tokenUrl },
      },
      T0,
    );
    const request = await protest(world);
    const run = await world.run(`support.refunds:${request.eventId}`);
    expect(run.status).toBe('completed');
    expect(run.output).toMatchObject({ source: 'event', acknowledged: true });
    const [ticket] = tickets(request.transaction);
    expect(ticket?.description).toContain('Detalhes lidos do webhook (sem acesso à API da Hotmart).');
    const steps = await world.store.getSteps(run.id);
    const failed = steps.filter((step) => step.status === 'failed').map((step) => step.stepId);
    expect(failed).toEqual(['hotmart-price', 'hotmart-sale']);
    // The refused secret appears nowhere in what was stored about the run.
    expect(JSON.stringify(steps)).not.toContain('revoked-secret');
  });

  it('works from the webhook when Hotmart has no such sale, writing in the seller’s and buyer’s languages', async () => {
    world = await createWorld(servers, {
      settings: { locale: 'es', timeZone: 'America/Mexico_City', support: SUPPORT },
    });
    const { eventId } = await world.deliverTest('PURCHASE_PROTEST', {
      data: {
        buyer: {
          email: 'lucia@example.mx',
          name: 'Lucía Pérez',
          address: { country_iso: 'MX' },
        },
        product: { id: 55, name: 'Curso de Repostería' },
        purchase: {
          transaction: 'HP0000UNKNOWN1',
          price: { value: 1500, currency_value: 'MXN' },
          payment: { type: 'CREDIT_CARD', installments_number: 3 },
          checkout_country: { iso: 'MX', name: 'México' },
        },
      },
    });
    const run = await world.run(`support.refunds:${eventId}`);
    expect(run.output).toMatchObject({ source: 'event', acknowledged: true });
    const [ticket] = tickets('HP0000UNKNOWN1');
    expect(ticket?.subject).toBe('Solicitud de reembolso: Curso de Repostería (HP0000UNKNOWN1)');
    expect(ticket?.description).toContain(`Importe: ${formatMoney(1500, 'MXN', 'es')}`);
    expect(ticket?.description).toContain('Pago: CREDIT_CARD — 3 cuotas');
    expect(ticket?.description).toContain('Detalles leídos del webhook (sin acceso a la API de Hotmart).');
    const [mail] = await servers.smtp.waitForMessages(1);
    expect(mail?.parsed.subject).toBe('Recibimos tu solicitud de reembolso (HP0000UNKNOWN1)');
  });
});

describe('support ticket text', () => {
  it('leaves out what it does not know and never writes raw numbers for money', () => {
    const details = saleDetails(
      {
        eventId: 'e1',
        eventName: 'PURCHASE_PROTEST',
        connectionId: 'main',
        occurredAt: T0,
        transaction: 'HP1',
        buyer: {
          email: 'a@example.com',
          name: null,
          firstName: null,
          lastName: null,
          phone: null,
          countryIso: null,
        },
        product: { id: null, name: null },
        amount: { value: 1234.5, currency: 'USD' },
        orderDate: null,
        approvedDate: null,
        paymentType: null,
        installments: null,
        recurrenceNumber: null,
        businessModel: null,
        subscriberCode: null,
        offerCode: null,
      },
      undefined,
      undefined,
    );
    const { subject, body } = refundTicketText(details, {
      locale: 'en',
      timeZone: 'UTC',
      requestedAt: T0,
      saleLink: null,
    });
    expect(subject).toBe('Refund request: product (HP1)');
    expect(body.split('\n')).toEqual([
      'a@example.com asked for a refund of purchase HP1 at Hotmart.',
      '',
      'Buyer: a@example.com',
      'Product: product',
      `Amount: ${formatMoney(1234.5, 'USD', 'en')}`,
      `Refund requested: ${formatDateTime(T0, 'en', 'UTC', 'medium')}`,
      'Transaction: HP1',
      '',
      'Details read from the webhook (no access to the Hotmart API).',
    ]);
    expect(body).not.toContain('1234.5');
  });
});
