import type { ProductRow, SubscriptionRow } from '../../../src/store/mirror/mirror-rows.ts';

// Subscriptions of the mirror for the subscriber-list tests: every status that matters, two products, two plans,
// one e-mail with two subscriptions, a name that a spreadsheet would run as a formula, and a subscription of
// another connection.

export const AT = Date.parse('2026-05-01T12:00:00.000Z');

export function subscription(code: string, patch: Partial<SubscriptionRow> = {}): SubscriptionRow {
  return {
    connectionId: 'main',
    subscriberCode: code,
    subscriptionId: null,
    productId: '100',
    planId: '11',
    planCode: 'monthly',
    planName: 'Mensal',
    status: 'ACTIVE',
    subscriberEmail: `${code.toLowerCase()}@example.com`,
    subscriberName: `Pessoa ${code}`,
    price: 49.9,
    currency: 'BRL',
    recurrencyPeriod: 30,
    accessionDate: AT,
    endAccessionDate: null,
    dateNextCharge: AT + 30 * 86_400_000,
    cancellationDate: null,
    trial: false,
    transactionCode: null,
    raw: {},
    stateAt: AT,
    updatedAt: AT,
    ...patch,
  };
}

export const SUBSCRIPTIONS: SubscriptionRow[] = [
  subscription('S01'),
  subscription('S02', { status: 'DELAYED', subscriberName: '=HYPERLINK("http://x","y")' }),
  subscription('S03', { status: 'OVERDUE', planId: '12', planCode: 'yearly', planName: 'Anual', price: 499 }),
  subscription('S04', { status: 'CANCELLED_BY_CUSTOMER' }),
  subscription('S05', { status: 'STARTED' }),
  subscription('S06', {
    productId: '200',
    planId: '21',
    planCode: 'pro',
    planName: 'Pro',
    currency: 'USD',
    price: 10,
  }),
  subscription('S07', {
    subscriberEmail: 's01@example.com',
    productId: '200',
    planId: '21',
    planCode: 'pro',
  }),
  subscription('S08', { connectionId: 'other' }),
  subscription('S09', { status: 'INACTIVE' }),
  subscription('S10', { subscriberName: 'Souza, Ana "Aninha"', dateNextCharge: null, price: null }),
];

export const PRODUCTS: ProductRow[] = [
  {
    connectionId: 'main',
    productId: '100',
    ucode: null,
    name: 'Clube do Livro',
    status: 'ACTIVE',
    format: null,
    isSubscription: true,
    warrantyPeriod: null,
    createdAt: null,
    raw: {},
    syncedAt: AT,
  },
];
