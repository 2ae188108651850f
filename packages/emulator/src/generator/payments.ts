import type { PaymentType, Sale } from '../model.ts';
import type { Rng } from './random.ts';

/**
 * How one purchase was paid.
 *
 * @example
 * const choice: PaymentChoice = { type: 'CREDIT_CARD', method: 'CREDIT_CARD_VISA', installments: 12 };
 */
export interface PaymentChoice {
  type: PaymentType;
  /** Finer method as sales history `payment.method` reports it (reference §5.3). */
  method: string;
  installments: number;
}

type Weighted<T> = readonly (readonly [T, number])[];

/** Payment mixes per buyer country: PIX and boleto in Brazil, cash vouchers in Mexico and Colombia, SEPA in Europe. */
const MIX: Readonly<Record<string, Weighted<PaymentType>>> = {
  BR: [
    ['CREDIT_CARD', 58],
    ['PIX', 27],
    ['BILLET', 9],
    ['PAYPAL', 2],
    ['GOOGLE_PAY', 2],
    ['PICPAY', 1],
    ['HOTCARD', 1],
  ],
  MX: [
    ['CREDIT_CARD', 60],
    ['CASH_PAYMENT', 20],
    ['PAYPAL', 15],
    ['GOOGLE_PAY', 5],
  ],
  CO: [
    ['CREDIT_CARD', 60],
    ['CASH_PAYMENT', 15],
    ['PAYPAL', 15],
    ['DIRECT_BANK_TRANSFER', 10],
  ],
  EU: [
    ['CREDIT_CARD', 60],
    ['PAYPAL', 25],
    ['GOOGLE_PAY', 10],
    ['DIRECT_DEBIT', 5],
  ],
  EN: [
    ['CREDIT_CARD', 65],
    ['PAYPAL', 25],
    ['GOOGLE_PAY', 10],
  ],
};

const BR_CARDS: Weighted<string> = [
  ['CREDIT_CARD_VISA', 40],
  ['CREDIT_CARD_MASTERCARD', 35],
  ['CREDIT_CARD_ELO', 12],
  ['CREDIT_CARD_AMERICAN_EXPRESS', 5],
  ['CREDIT_CARD_HIPERCARD', 5],
  ['CREDIT_CARD_DINERS', 3],
];
const WORLD_CARDS: Weighted<string> = [
  ['CREDIT_CARD_VISA', 55],
  ['CREDIT_CARD_MASTERCARD', 35],
  ['CREDIT_CARD_AMERICAN_EXPRESS', 10],
];

const INSTALLMENTS: Weighted<number> = [
  [1, 40],
  [2, 5],
  [3, 8],
  [6, 10],
  [10, 8],
  [12, 29],
];

function mixFor(countryIso: string): Weighted<PaymentType> {
  if (countryIso === 'BR' || countryIso === 'MX' || countryIso === 'CO')
    return MIX[countryIso] as Weighted<PaymentType>;
  if (countryIso === 'ES' || countryIso === 'PT') return MIX['EU'] as Weighted<PaymentType>;
  return MIX['EN'] as Weighted<PaymentType>;
}

function methodFor(rng: Rng, type: PaymentType, countryIso: string): string {
  switch (type) {
    case 'CREDIT_CARD':
      return rng.weighted(countryIso === 'BR' ? BR_CARDS : WORLD_CARDS);
    case 'CASH_PAYMENT':
      return countryIso === 'MX' ? 'OXXO' : 'BALOTO';
    case 'DIRECT_BANK_TRANSFER':
      return 'BANK_DEBIT';
    case 'DIRECT_DEBIT':
      return 'SEPA_DIRECT_DEBIT';
    case 'HOTCARD':
      return 'HOTMART';
    default:
      return type;
  }
}

/**
 * Draws how a buyer from `countryIso` paid `price` (installments only on Brazilian cards above R$ 100, as
 * Hotmart offers them).
 *
 * @example
 * const payment = choosePayment(rng, 'BR', 497);
 */
export function choosePayment(
  rng: Rng,
  countryIso: string,
  price: number,
  type?: PaymentType,
): PaymentChoice {
  const chosen = type ?? rng.weighted(mixFor(countryIso));
  const installments =
    chosen === 'CREDIT_CARD' && countryIso === 'BR' && price >= 100 ? rng.weighted(INSTALLMENTS) : 1;
  return { type: chosen, method: methodFor(rng, chosen, countryIso), installments };
}

/**
 * Whether a payment is a voucher paid later (boleto, PIX, cash): it can sit pending and then expire.
 *
 * @example
 * isDeferredPayment('BILLET'); // true
 * isDeferredPayment('CREDIT_CARD'); // false
 */
export function isDeferredPayment(type: PaymentType): boolean {
  return type === 'BILLET' || type === 'PIX' || type === 'CASH_PAYMENT' || type === 'FINANCED_BILLET';
}

const SOURCES: Weighted<string> = [
  ['HOTMART', 30],
  ['FACEBOOK', 20],
  ['INSTAGRAM', 18],
  ['GOOGLE', 12],
  ['YOUTUBE', 8],
  ['EMAIL', 7],
  ['WHATSAPP', 5],
];
const SCKS: readonly string[] = [
  'HOTMART_PRODUCT_PAGE',
  'HOTMART_MARKETPLACE',
  'checkout_link',
  'bio_link',
  'email_campaign',
  'lancamento',
];

/**
 * The traffic source of a sale (`src` in the checkout URL), drawn on its own because the `sales_source` filter
 * needs it without building the rest of the sale.
 *
 * @example
 * const source = pickSource(rng); // 'HOTMART', 'FACEBOOK', …
 */
export function pickSource(rng: Rng): string {
  return rng.weighted(SOURCES);
}

/**
 * The rest of a sale's tracking codes (`sck`, `xcod`; reference §4.1, §6.6 `origin`) for a given source.
 *
 * @example
 * const tracking = trackingFor(rng, 'FACEBOOK');
 */
export function trackingFor(rng: Rng, source: string): Sale['tracking'] {
  const sck = source === 'HOTMART' ? rng.pick(SCKS.slice(0, 2)) : rng.pick(SCKS);
  return { source, source_sck: sck, external_code: rng.chance(0.4) ? rng.hex(12).toUpperCase() : '' };
}

/**
 * All tracking codes of a sale.
 *
 * @example
 * const tracking = chooseTracking(rng);
 */
export function chooseTracking(rng: Rng): Sale['tracking'] {
  return trackingFor(rng, pickSource(rng));
}

const REFUSALS = [
  'Transação recusada pelo banco emissor',
  'Saldo insuficiente',
  'Cartão vencido',
  'Dados do cartão inválidos',
  'Transação não autorizada por suspeita de fraude',
] as const;

/**
 * Why a card payment was refused.
 *
 * @example
 * const reason = refusalReason(rng);
 */
export function refusalReason(rng: Rng): string {
  return rng.pick(REFUSALS);
}

/**
 * A boleto's typeable line (47 digits) and URL for a transaction. The URL host is reserved (`example.com`) so
 * nothing generated can point a demo user at a real payment page.
 *
 * @example
 * const billet = billetFor(rng, 'HP12345678901234');
 */
export function billetFor(rng: Rng, transaction: string): { billet_url: string; billet_barcode: string } {
  let barcode = '';
  for (let i = 0; i < 47; i++) barcode += String(rng.int(0, 9));
  return { billet_url: `https://billet.example.com/hotmart/${transaction}`, billet_barcode: barcode };
}

/**
 * A PIX copy-and-paste code (EMV format, BR Code) for an amount.
 *
 * @example
 * const code = pixCodeFor(rng, 97);
 */
export function pixCodeFor(rng: Rng, amount: number): string {
  const key = `pix.example.com/qr/v2/${rng.hex(32)}`;
  const value = amount.toFixed(2);
  return `00020101021226${String(key.length + 18).padStart(2, '0')}0014br.gov.bcb.pix25${String(key.length).padStart(2, '0')}${key}52040000530398654${String(value.length).padStart(2, '0')}${value}5802BR5907HOTMART6009SAO PAULO62070503***6304${rng.hex(4).toUpperCase()}`;
}
