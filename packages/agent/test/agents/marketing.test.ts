import { describe, expect, it } from 'vitest';
import { abandonmentKey } from '../../src/agents/marketing/cart-recovery-workflow.ts';
import { checkoutUrl } from '../../src/agents/marketing/checkout-url.ts';
import { CART_RECOVERED_ACTION, recoveredRevenue } from '../../src/agents/marketing/recovered-revenue.ts';
import { parseAgentSettings } from '../../src/agents/settings.ts';
import { getEnrolment } from '../../src/connectors/email/sequences/enrolment.ts';
import { formatDateTime } from '../../src/kit/i18n/format-date.ts';
import {
  createWorld,
  DAY,
  HOUR,
  pause,
  SPREADSHEET,
  T0,
  useAgentServers,
  type World,
  waitFor,
} from './support/world.ts';

// The marketing agent end to end: abandoned carts from the emulator go into the inbox; the test checks the
// recovery sequence (real SMTP, the clock moved by the test), the HubSpot lead, the retargeting sheet, and the
// recovered revenue once the buyer pays.

const servers = useAgentServers();
let world: World | undefined;

const MARKETING = {
  enabled: true,
  emailConnectionId: 'smtp',
  checkoutUrlTemplate: 'https://pay.example.com/checkout/{offerCode}',
  hubspotConnectionId: 'crm',
  googleSheetsConnectionId: 'sheets',
};

interface Abandonment {
  eventId: string;
  email: string;
  name: string;
  productId: string;
  productName: string;
  offerCode: string;
  phone: string;
  occurredAt: number;
}

async function abandonCart(on: World): Promise<Abandonment> {
  const change = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_OUT_OF_SHOPPING_CART' });
  const { eventId, payload } = await on.trigger(change);
  const data = payload['data'] as {
    buyer: { email: string; name: string; phone: string };
    product: { id: number; name: string };
    offer: { code: string };
  };
  return {
    eventId,
    email: data.buyer.email,
    name: data.buyer.name,
    productId: String(data.product.id),
    productName: data.product.name,
    offerCode: data.offer.code,
    phone: data.buyer.phone,
    occurredAt: payload['creation_date'] as number,
  };
}

const sheetRows = () => servers.fakes.google.state.spreadsheet(SPREADSHEET)?.sheetRows('Retargeting') ?? [];

describe('marketing agent: cart recovery', () => {
  it('enrols the buyer, opens one HubSpot lead and adds a retargeting row; the reminder goes out after an hour', async () => {
    world = await createWorld(servers, { settings: { marketing: MARKETING } });
    const cart = await abandonCart(world);
    const run = await world.run(`marketing.cart-recovery:${cart.eventId}`);
    const link = `https://pay.example.com/checkout/${cart.offerCode}`;

    expect(run.status).toBe('completed');
    // Hotmart was asked whether this e-mail bought the product in the day before the abandonment (or since).
    const historyCalls = servers.hotmart.emulator.requests.list({ path: '/payments/api/v1/sales/history' });
    expect(historyCalls).toHaveLength(1);
    expect(historyCalls[0]?.query).toMatchObject({
      buyer_email: cart.email,
      product_id: cart.productId,
      start_date: String(cart.occurredAt - 24 * HOUR),
    });

    const contacts = servers.fakes.hubspot.state.records('contacts');
    expect(contacts.map((contact) => contact.properties['email'])).toEqual([cart.email]);
    const [first, ...rest] = cart.name.split(' ');
    expect(contacts[0]?.properties).toMatchObject({
      firstname: first,
      lastname: rest.join(' '),
      phone: cart.phone,
    });
    const leads = servers.fakes.hubspot.state.records('leads');
    expect(leads).toHaveLength(1);
    expect(leads[0]?.properties).toMatchObject({
      hs_lead_name: `Carrinho abandonado: ${cart.productName} — ${cart.name}`,
      hs_lead_label: 'WARM',
      hs_lead_type: 'NEW_BUSINESS',
      hotpilot_key: `cart:${cart.email}:${cart.productId}`,
    });
    expect(
      servers.fakes.hubspot.state.associationsOf('leads', leads[0]!.id, 'contacts').map((a) => a.toId),
    ).toEqual([contacts[0]!.id]);

    expect(sheetRows()).toEqual([
      [
        'Chave',
        'E-mail',
        'Nome',
        'Telefone',
        'ID do produto',
        'Produto',
        'Oferta',
        'Abandonado em',
        'País',
        'Link do checkout',
      ],
      [
        `${cart.email}|${cart.productId}`,
        cart.email,
        cart.name,
        cart.phone,
        cart.productId,
        cart.productName,
        cart.offerCode,
        formatDateTime(cart.occurredAt, 'pt-BR', 'America/Sao_Paulo', 'medium'),
        'BR',
        link,
      ],
    ]);
    expect(run.output).toEqual({
      email: cart.email,
      productId: cart.productId,
      checkoutUrl: link,
      enrolled: true,
      leadId: leads[0]!.id,
      sheetAppended: 1,
    });
    expect(await world.store.getState(abandonmentKey('main', cart.email, cart.productId))).toEqual({
      at: cart.occurredAt,
      eventId: cart.eventId,
      offerCode: cart.offerCode,
    });

    // Nothing is sent before the first delay (an hour); then the reminder, with the checkout link.
    const enrolment = await waitFor(async () => {
      const found = await getEnrolment(world!.store, 'cart-recovery', cart.email);
      return found?.next?.stepId === 'reminder' ? found : null;
    }, 'the enrolment to wait for the reminder');
    expect(enrolment.status).toBe('active');
    await pause(100);
    expect(servers.smtp.received).toHaveLength(0);
    world.advance(HOUR);
    const [mail] = await servers.smtp.waitForMessages(1);
    expect(mail?.envelope.to).toEqual([cart.email]);
    expect(mail?.parsed.subject).toBe(`Você deixou ${cart.productName} no carrinho`);
    expect(mail?.parsed.html).toContain(link);
  });

  it('stops the sequence when the buyer pays, and records the recovered revenue', async () => {
    world = await createWorld(servers, { settings: { marketing: MARKETING } });
    const cart = await abandonCart(world);
    await world.run(`marketing.cart-recovery:${cart.eventId}`);
    await waitFor(
      async () =>
        (await getEnrolment(world!.store, 'cart-recovery', cart.email))?.next?.stepId === 'reminder',
      'the enrolment',
    );

    world.advance(30 * 60_000);
    const purchase = await world.deliverTest('PURCHASE_APPROVED', {
      data: {
        buyer: { email: cart.email, name: cart.name },
        product: { id: Number(cart.productId), name: cart.productName },
        purchase: {
          transaction: 'HP7777000011112',
          approved_date: world.now(),
          price: { value: 897.1, currency_value: 'BRL' },
        },
      },
    });
    const attribution = await world.run(`marketing.cart-recovery:${purchase.eventId}`);
    const abandoned = await world.store.getState<{ at: number }>(
      abandonmentKey('main', cart.email, cart.productId),
    );
    expect(abandoned?.at).toBe(cart.occurredAt);
    expect(attribution.output).toEqual({
      recovered: {
        connectionId: 'main',
        transaction: 'HP7777000011112',
        email: cart.email,
        productId: cart.productId,
        productName: cart.productName,
        amount: 897.1,
        currency: 'BRL',
        abandonedAt: cart.occurredAt,
        purchasedAt: world.now(),
        abandonmentEventId: cart.eventId,
        purchaseEventId: purchase.eventId,
      },
    });

    // The reminder's hour passes: the sequence checks, sees the purchase, and stops without sending.
    world.advance(30 * 60_000);
    const stopped = await waitFor(async () => {
      const enrolment = await getEnrolment(world!.store, 'cart-recovery', cart.email);
      return enrolment?.status === 'stopped' ? enrolment : null;
    }, 'the sequence to stop');
    expect(stopped).toMatchObject({ stopReason: 'purchased', stoppedAt: 'reminder', sent: [] });
    expect(servers.smtp.received).toHaveLength(0);

    const report = await recoveredRevenue(world.store, { from: T0, to: T0 + DAY });
    expect(report.byCurrency).toEqual([{ currency: 'BRL', amount: 897.1, carts: 1 }]);
    expect(report.carts).toBe(1);
    expect(report.records[0]).toMatchObject({ transaction: 'HP7777000011112', email: cart.email });
    expect(await recoveredRevenue(world.store, { from: T0 + DAY, to: T0 + 2 * DAY })).toMatchObject({
      byCurrency: [],
      carts: 0,
    });
    // A redelivered approval (another event id, same transaction) is not counted twice.
    const again = await world.deliverTest('PURCHASE_APPROVED', {
      data: {
        buyer: { email: cart.email },
        product: { id: Number(cart.productId) },
        purchase: { transaction: 'HP7777000011112', approved_date: world.now() },
      },
    });
    expect((await world.run(`marketing.cart-recovery:${again.eventId}`)).output).toEqual({
      skipped: 'already recorded',
      transaction: 'HP7777000011112',
    });
    expect((await world.store.listAudit({ action: CART_RECOVERED_ACTION })).length).toBe(1);
  });

  it('drops a cart the buyer already paid for (Hotmart says so, or a purchase event already arrived)', async () => {
    world = await createWorld(servers, { settings: { marketing: MARKETING } });
    // A sale the emulator knows about (sales history), for the same buyer and product as the abandonment below.
    const sale = servers.hotmart.scenarios.trigger({ event: 'PURCHASE_APPROVED' }) as { transaction: string };
    const known = servers.hotmart.account.sale(sale.transaction)!;
    const buyer = servers.hotmart.account.buyer(known.buyer_ucode)!;
    const viaApi = await world.deliverTest('PURCHASE_OUT_OF_SHOPPING_CART', {
      data: { buyer: { email: buyer.email, name: buyer.name }, product: { id: known.product_id } },
    });
    expect((await world.run(`marketing.cart-recovery:${viaApi.eventId}`)).output).toEqual({
      skipped: 'already bought',
      email: buyer.email,
      productId: String(known.product_id),
      source: 'hotmart',
    });

    // A purchase event already received answers without asking Hotmart.
    const paid = await world.deliverTest('PURCHASE_APPROVED', {
      data: {
        buyer: { email: 'paid.first@example.com' },
        product: { id: 777 },
        purchase: { transaction: 'HP1000000777' },
      },
    });
    await world.run(`marketing.cart-recovery:${paid.eventId}`);
    const before = servers.hotmart.emulator.requests.list({ path: '/payments/api/v1/sales/history' }).length;
    const viaEvents = await world.deliverTest('PURCHASE_OUT_OF_SHOPPING_CART', {
      data: { buyer: { email: 'paid.first@example.com' }, product: { id: 777 } },
    });
    expect((await world.run(`marketing.cart-recovery:${viaEvents.eventId}`)).output).toMatchObject({
      skipped: 'already bought',
      source: 'events',
    });
    expect(servers.hotmart.emulator.requests.list({ path: '/payments/api/v1/sales/history' })).toHaveLength(
      before,
    );
    expect(servers.fakes.hubspot.requests()).toHaveLength(0);
    expect(servers.fakes.google.requests()).toHaveLength(0);
  });

  it('is idempotent when the same cart is reported again: one lead, one row, one enrolment', async () => {
    world = await createWorld(servers, { settings: { marketing: MARKETING } });
    const overrides = {
      data: {
        buyer: { email: 'twice@example.com', name: 'Tomás Twice' },
        product: { id: 3528746, name: 'Curso Completo de Fotografia' },
        offer: { code: 'x7k2p9qd' },
      },
    };
    const one = await world.deliverTest('PURCHASE_OUT_OF_SHOPPING_CART', overrides);
    world.advance(60_000);
    const two = await world.deliverTest('PURCHASE_OUT_OF_SHOPPING_CART', overrides);
    const first = await world.run(`marketing.cart-recovery:${one.eventId}`);
    const second = await world.run(`marketing.cart-recovery:${two.eventId}`);
    expect(first.output).toMatchObject({ enrolled: true, sheetAppended: 1 });
    expect(second.output).toMatchObject({
      enrolled: false,
      sheetAppended: 0,
      leadId: (first.output as { leadId: string }).leadId,
    });
    expect(servers.fakes.hubspot.state.records('leads')).toHaveLength(1);
    expect(sheetRows()).toHaveLength(2);
    // The newer abandonment is the one a purchase recovers.
    expect(await world.store.getState(abandonmentKey('main', 'twice@example.com', '3528746'))).toMatchObject({
      eventId: two.eventId,
      at: T0 + 60_000,
    });
  });

  it('does not count a purchase made long after the abandonment', async () => {
    world = await createWorld(servers, {
      settings: { marketing: { enabled: true, recoveryWindowDays: 3 } },
    });
    const cart = await world.deliverTest('PURCHASE_OUT_OF_SHOPPING_CART', {
      data: { buyer: { email: 'late@example.com' }, product: { id: 3528746 } },
    });
    expect((await world.run(`marketing.cart-recovery:${cart.eventId}`)).output).toMatchObject({
      enrolled: null,
      leadId: null,
      sheetAppended: null,
    });
    world.advance(4 * DAY);
    const purchase = await world.deliverTest('PURCHASE_APPROVED', {
      data: {
        buyer: { email: 'late@example.com' },
        product: { id: 3528746 },
        purchase: { transaction: 'HP5550001', approved_date: world.now() },
      },
    });
    expect((await world.run(`marketing.cart-recovery:${purchase.eventId}`)).output).toEqual({
      skipped: 'outside the recovery window',
      transaction: 'HP5550001',
    });
    expect((await recoveredRevenue(world.store, { from: T0, to: T0 + 10 * DAY })).carts).toBe(0);
  });
});

describe('marketing helpers', () => {
  it('builds checkout links from the product map or the template, or none', () => {
    const settings = parseAgentSettings({
      marketing: {
        checkoutUrls: { '42': 'https://pay.example.com/own' },
        checkoutUrlTemplate: 'https://pay.example.com/p/{productId}?off={offerCode}',
      },
    });
    expect(checkoutUrl(settings.marketing, '42', 'abc')).toBe('https://pay.example.com/own');
    expect(checkoutUrl(settings.marketing, '7', 'a b')).toBe('https://pay.example.com/p/7?off=a%20b');
    expect(checkoutUrl(settings.marketing, '7', null)).toBeNull();
    expect(checkoutUrl(parseAgentSettings({}).marketing, '7', 'abc')).toBeNull();
  });

  it('reports recovered revenue per currency, each transaction once, within the period', async () => {
    const entries = [
      {
        id: 5,
        at: T0 + 5,
        details: {
          connectionId: 'main',
          transaction: 'HP3',
          amount: 10,
          currency: 'USD',
          purchasedAt: T0 + 5,
        },
      },
      {
        id: 4,
        at: T0 + 4,
        details: {
          connectionId: 'main',
          transaction: 'HP2',
          amount: 0.2,
          currency: 'BRL',
          purchasedAt: T0 + 4,
        },
      },
      {
        id: 3,
        at: T0 + 3,
        details: {
          connectionId: 'main',
          transaction: 'HP1',
          amount: 0.1,
          currency: 'BRL',
          purchasedAt: T0 + 3,
        },
      },
      {
        id: 2,
        at: T0 + 2,
        details: {
          connectionId: 'main',
          transaction: 'HP1',
          amount: 0.1,
          currency: 'BRL',
          purchasedAt: T0 + 3,
        },
      },
      {
        id: 1,
        at: T0 - DAY * 3,
        details: {
          connectionId: 'main',
          transaction: 'HP0',
          amount: 99,
          currency: 'BRL',
          purchasedAt: T0 - DAY * 3,
        },
      },
      { id: 0, at: T0, details: { broken: true } },
    ].map((entry) => ({ ...entry, actor: 'agent:marketing', action: CART_RECOVERED_ACTION, target: null }));
    const store = { listAudit: async () => entries };
    const report = await recoveredRevenue(store, { from: T0, to: T0 + DAY });
    expect(report.byCurrency).toEqual([
      { currency: 'BRL', amount: 0.3, carts: 2 },
      { currency: 'USD', amount: 10, carts: 1 },
    ]);
    expect(report.carts).toBe(3);
    await expect(recoveredRevenue(store, { from: T0, to: T0 })).rejects.toThrow(RangeError);
  });
});
