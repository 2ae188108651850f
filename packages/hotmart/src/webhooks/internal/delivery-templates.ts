import type { HotmartEventName, PurchaseEventName } from '../event-names.ts';
import { PURCHASE_STATUS_BY_EVENT } from '../purchase-status.ts';
import { cloneJson } from './deep-merge.ts';

// Templates for test deliveries, modelled on the shapes of Hotmart's samples (reference §6.6) with values of a
// made-up but plausible store. They are written out here rather than read from the fixtures, so the package
// works when installed. Dates are fixed epoch-ms values (reference §3.1) so tests stay reproducible.

const ORDER_DATE = 1764590400000; // 2025-12-01T12:00:00Z
const APPROVED_DATE = ORDER_DATE + 4_000;
const COURSE = { id: 3528746, name: 'Curso Completo de Fotografia' };
const CLUB = { id: 4102938, name: 'Clube de Receitas Mensal' };
const MONTHLY = { id: 551203, name: 'Plano Mensal' };
const YEARLY = { id: 551204, name: 'Plano Anual' };
const BUYER_EMAIL = 'maria.souza@example.com';
const SUBSCRIBER = { code: 'Z8Q4M2LX', name: 'Ana Pereira', email: 'ana.pereira@example.com' };

const brl = (value: number) => ({ value, currency_value: 'BRL' });

function purchaseData(name: PurchaseEventName): Record<string, unknown> {
  const pending = name === 'PURCHASE_BILLET_PRINTED' || name === 'PURCHASE_EXPIRED';
  const paid = !pending && name !== 'PURCHASE_CANCELED';
  const recurring = name === 'PURCHASE_DELAYED';
  const transaction = 'HP0123456789012';
  return {
    product: {
      ...COURSE,
      ucode: 'c1b0e6a2-6d0e-4e55-9a43-0c1f7f6a9d11',
      warranty_date: '2025-12-08T00:00:00Z',
      support_email: 'suporte@fotografia.example.com',
      has_co_production: false,
      is_physical_product: false,
    },
    affiliates: [{ affiliate_code: 'K71839201X', name: 'Carlos Mendes' }],
    buyer: {
      email: BUYER_EMAIL,
      name: 'Maria Souza',
      first_name: 'Maria',
      last_name: 'Souza',
      checkout_phone_code: '31',
      checkout_phone: '988887777',
      address: {
        city: 'Belo Horizonte',
        country: 'Brasil',
        country_iso: 'BR',
        state: 'Minas Gerais',
        neighborhood: 'Savassi',
        zipcode: '30140071',
        address: 'Rua Pernambuco',
        number: '1000',
        complement: 'Apto 301',
      },
      document: '12345678909',
      document_type: 'CPF',
    },
    producer: { name: 'Estúdio Luz Ltda', document: '12345678000195', legal_nature: 'Pessoa Jurídica' },
    commissions: [
      { value: 19.7, source: 'MARKETPLACE', currency_value: 'BRL' },
      { value: 118.2, source: 'PRODUCER', currency_value: 'BRL' },
      { value: 59.1, source: 'AFFILIATE', currency_value: 'BRL' },
    ],
    purchase: {
      ...(paid ? { approved_date: APPROVED_DATE } : {}),
      full_price: brl(197),
      price: brl(197),
      original_offer_price: brl(197),
      checkout_country: { name: 'Brasil', iso: 'BR' },
      order_bump: { is_order_bump: false },
      order_date: ORDER_DATE,
      status: PURCHASE_STATUS_BY_EVENT[name],
      transaction,
      payment: pending
        ? {
            installments_number: 1,
            type: 'BILLET',
            billet_barcode: '34191790010104351004791020150008193450000019700',
            billet_url: `https://billet.example.com/${transaction}`,
          }
        : { installments_number: recurring ? 1 : 3, type: 'CREDIT_CARD' },
      offer: { code: 'x7k2p9qd' },
      origin: { src: 'instagram', sck: 'bio-link', xcod: 'camp-dez' },
      is_funnel: false,
      business_model: recurring ? 'R' : 'I',
      invoice_by: 'HOTMART',
      ...(recurring ? { recurrence_number: 4 } : {}),
    },
    ...(recurring
      ? { subscription: { status: 'DELAYED', plan: MONTHLY, subscriber: { code: SUBSCRIBER.code } } }
      : {}),
  };
}

/**
 * A fresh copy of the template `data` for an event name (safe to mutate).
 *
 * @example
 * ```ts
 * import { templateData } from './delivery-templates.ts';
 *
 * const data = templateData('SWITCH_PLAN'); // { switch_plan_date, subscription, plans }
 * ```
 */
export function templateData(name: HotmartEventName): Record<string, unknown> {
  return cloneJson(sharedTemplate(name));
}

function sharedTemplate(name: HotmartEventName): Record<string, unknown> {
  switch (name) {
    case 'PURCHASE_OUT_OF_SHOPPING_CART':
      return {
        affiliate: false,
        product: COURSE,
        buyer_ip: '203.0.113.10',
        buyer: { name: 'João Lima', email: 'joao.lima@example.com', phone: '11999990000' },
        offer: { code: 'x7k2p9qd' },
        checkout_country: { name: 'Brasil', iso: 'BR' },
      };
    case 'SUBSCRIPTION_CANCELLATION':
      return {
        actual_recurrence_value: 49.9,
        cancellation_date: ORDER_DATE,
        date_next_charge: ORDER_DATE + 30 * 86_400_000,
        product: CLUB,
        subscriber: { ...SUBSCRIBER, phone: { dddPhone: '', phone: '', dddCell: '21', cell: '977776666' } },
        subscription: { id: 7301122, plan: MONTHLY },
      };
    case 'SWITCH_PLAN':
      return {
        switch_plan_date: ORDER_DATE,
        subscription: {
          subscriber_code: SUBSCRIBER.code,
          status: 'ACTIVE',
          product: CLUB,
          user: { email: SUBSCRIBER.email },
        },
        plans: [
          { ...YEARLY, offer: { key: 'a9m3t6vz' }, current: true },
          { ...MONTHLY, offer: { key: 'm4c8w1rb' }, current: false },
        ],
      };
    case 'UPDATE_SUBSCRIPTION_CHARGE_DATE':
      return {
        subscription: {
          dateNextCharge: '2026-01-10T12:00:00.000Z',
          newChargeDay: 10,
          oldChargeDay: 5,
          status: 'ACTIVE',
          product: CLUB,
        },
        subscriber: SUBSCRIBER,
        plan: { ...MONTHLY, offer: { code: 'm4c8w1rb' } },
      };
    case 'CLUB_FIRST_ACCESS':
      return { product: COURSE, user: { name: 'Maria Souza', email: BUYER_EMAIL } };
    case 'CLUB_MODULE_COMPLETED':
      // Club payloads send the product id as a string (reference §6.6).
      return {
        product: { id: String(COURSE.id), name: COURSE.name },
        user: { email: BUYER_EMAIL, name: 'Maria Souza' },
        module: { id: 'mod-7f3a9c', name: 'Módulo 1: Fundamentos' },
      };
    case 'ORDER_FULFILLMENT':
      // No sample has been published (reference §6.4): a fulfilment concerns a purchase of a physical product, so
      // the template carries the purchase blocks a consumer would look for. The parser keeps it as kind unknown.
      return {
        product: { id: 4999597, name: 'Kit de Filtros Fotográficos', is_physical_product: true },
        buyer: { email: BUYER_EMAIL, name: 'Maria Souza' },
        purchase: { transaction: 'HP0987654321098', status: 'APPROVED', order_date: ORDER_DATE },
      };
    default:
      return purchaseData(name);
  }
}

/**
 * The events whose deliveries spell the creation date `creationDate` (reference §6.5); test deliveries
 * reproduce the quirk, as the emulator guidance asks (reference §8).
 *
 * @example
 * ```ts
 * import { CAMEL_CASE_CREATION_DATE } from './delivery-templates.ts';
 *
 * CAMEL_CASE_CREATION_DATE.has('CLUB_FIRST_ACCESS'); // true
 * ```
 */
export const CAMEL_CASE_CREATION_DATE: ReadonlySet<string> = new Set([
  'CLUB_FIRST_ACCESS',
  'UPDATE_SUBSCRIPTION_CHARGE_DATE',
]);
