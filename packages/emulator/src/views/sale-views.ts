import type { EmulatorAccount } from '../account.ts';
import { convert, exchangeRate, round2 } from '../generator/money.ts';
import type { Buyer, Currency, Product, Sale } from '../model.ts';

/**
 * Renders sales as the `/payments/api/v1/sales/*` endpoints return them (reference §4.1; shapes, key names and
 * key order from the fixtures `api/sales-*.json`).
 */

/**
 * Share of the net an affiliate earns; the webhook sender uses the same figure, so both surfaces agree.
 *
 * @example
 * const affiliateCut = (net: number) => net * AFFILIATE_SHARE;
 */
export const AFFILIATE_SHARE = 0.5;

/** VAT included in prices for the markets that charge it on digital goods. */
const VAT: Partial<Record<Currency, number>> = { EUR: 0.21, MXN: 0.16, COP: 0.19 };

function productOf(account: EmulatorAccount, sale: Sale): Product {
  const product = account.product(sale.product_id);
  if (!product) throw new Error(`sale ${sale.transaction} names unknown product ${sale.product_id}`);
  return product;
}

function buyerOf(account: EmulatorAccount, sale: Sale): Buyer | undefined {
  return account.buyer(sale.buyer_ucode);
}

/**
 * A sales-history item (`GET /payments/api/v1/sales/history`). The buyer's name and e-mail are all it shows, so
 * only those are looked up (a scan that has the sale's facts passes `account.buyerContactOf(facts)`, which skips
 * decoding the buyer's ucode).
 *
 * @example
 * const item = saleHistoryItem(account, account.saleAt(0));
 * item.purchase.transaction; // 'HP…'
 */
export function saleHistoryItem(
  account: EmulatorAccount,
  sale: Sale,
  buyer: { name: string; email: string } | undefined = account.buyerContact(sale.buyer_ucode),
) {
  const product = productOf(account, sale);
  const offer = account.offer(sale.offer_code);
  return {
    product: { name: product.name, id: product.id },
    buyer: { name: buyer?.name ?? '', ucode: sale.buyer_ucode, email: buyer?.email ?? '' },
    producer: { name: account.producer.name, ucode: account.producer.ucode },
    purchase: {
      transaction: sale.transaction,
      order_date: sale.order_date,
      // Unpaid sales have none; an undefined value is left out of the JSON like an absent key (and `select`
      // treats it as absent). Spreading a conditional object here instead made the item 4× slower to build.
      approved_date: sale.approved_date,
      status: sale.status,
      // Single purchases report recurrency 1: the sample carries the key on every item.
      recurrency_number: sale.recurrency_number ?? 1,
      is_subscription: product.is_subscription,
      commission_as: 'PRODUCER' as const,
      price: { value: sale.price.value, currency_code: sale.price.currency_code },
      payment: {
        method: sale.payment_method,
        installments_number: sale.installments_number,
        type: sale.payment_type,
      },
      tracking: {
        source_sck: sale.tracking.source_sck,
        source: sale.tracking.source,
        external_code: sale.tracking.external_code,
      },
      warranty_expire_date: sale.warranty_expire_date,
      offer: { payment_mode: offer?.payment_mode ?? 'PAY_IN_FULL', code: sale.offer_code },
      hotmart_fee: {
        total: sale.hotmart_fee.total,
        fixed: sale.hotmart_fee.fixed,
        currency_code: sale.hotmart_fee.currency_code,
        base: sale.hotmart_fee.base,
      },
    },
  };
}

/** One participant of a sale as `sales/users` lists it. */
interface SaleUser {
  role: 'PRODUCER' | 'BUYER' | 'AFFILIATE' | 'COPRODUCER';
  user: Record<string, unknown>;
}

/**
 * A sales-participants item (`GET /payments/api/v1/sales/users`). Hotmart's sample shows only the PRODUCER role;
 * BUYER, AFFILIATE and COPRODUCER follow the commission vocabulary (reference §4.1 notes they are unverified).
 *
 * @example
 * const item = saleUsersItem(account, account.saleAt(0));
 * item.users[0]?.role; // 'PRODUCER'
 */
export function saleUsersItem(account: EmulatorAccount, sale: Sale) {
  const product = productOf(account, sale);
  const producer = account.producer;
  const users: SaleUser[] = [
    {
      role: 'PRODUCER',
      user: {
        ucode: producer.ucode,
        locale: producer.locale,
        name: producer.name,
        trade_name: producer.name,
        cellphone: `119${String(producer.id).slice(-8).padStart(8, '0')}`,
        phone: `113${String(producer.id).slice(-7).padStart(7, '0')}`,
        email: producer.email,
        documents: [{ value: producer.document, type: producer.entity_type === 'COMPANY' ? 'CNPJ' : 'CPF' }],
        address: addressView(producer.address),
      },
    },
  ];
  const buyer = buyerOf(account, sale);
  if (buyer) {
    users.push({
      role: 'BUYER',
      user: {
        ucode: buyer.ucode,
        locale: buyer.locale,
        name: buyer.name,
        cellphone: buyer.phone,
        phone: buyer.phone,
        email: buyer.email,
        documents: [{ value: buyer.document, type: buyer.document_type }],
        address: addressView(buyer.address),
      },
    });
  }
  const affiliate = sale.affiliate_code !== undefined ? account.affiliate(sale.affiliate_code) : undefined;
  if (affiliate) {
    users.push({
      role: 'AFFILIATE',
      user: { ucode: affiliate.ucode, name: affiliate.name, email: affiliate.email },
    });
  }
  if (product.co_producer) {
    const partner = product.co_producer;
    users.push({
      role: 'COPRODUCER',
      user: { ucode: partner.ucode, name: partner.name, email: partner.email },
    });
  }
  return { transaction: sale.transaction, product: { name: product.name, id: product.id }, users };
}

function addressView(address: Buyer['address']) {
  return {
    city: address.city,
    state: address.state,
    country: address.country,
    zip_code: address.zip_code,
    address: address.address,
    complement: address.complement,
    neighborhood: address.neighborhood,
    number: address.number,
  };
}

/**
 * The split of a sale's net: affiliate share first, the co-producer's share of the rest, the producer keeps the
 * remainder — in the sale currency.
 *
 * @example
 * const { producer, affiliate, coProducer } = commissionSplit(account, account.saleAt(0));
 */
export function commissionSplit(account: EmulatorAccount, sale: Sale) {
  const product = productOf(account, sale);
  const net = sale.price.value - sale.hotmart_fee.total;
  const affiliate =
    sale.affiliate_code !== undefined && account.affiliate(sale.affiliate_code)
      ? round2(net * AFFILIATE_SHARE)
      : 0;
  const coProducer = product.co_producer ? round2((net - affiliate) * product.co_producer.share) : 0;
  return { producer: round2(net - affiliate - coProducer), affiliate, coProducer };
}

/**
 * A commissions item (`GET /payments/api/v1/sales/commissions`): amounts in each participant's payout currency
 * (the producer's `currency_code_commission`), with `currency_value` as the money key (reference §3.1, §4.1).
 *
 * @example
 * const item = saleCommissionsItem(account, account.saleAt(0));
 * item.commissions[0]?.source; // 'PRODUCER'
 */
export function saleCommissionsItem(account: EmulatorAccount, sale: Sale) {
  const product = productOf(account, sale);
  const payout = account.producer.currency_code_commission;
  const from = sale.price.currency_code;
  const split = commissionSplit(account, sale);
  const commission = (value: number) => ({ currency_value: payout, value: convert(value, from, payout) });
  const commissions = [
    {
      commission: commission(split.producer),
      user: { ucode: account.producer.ucode, name: account.producer.name },
      source: 'PRODUCER',
    },
  ];
  if (product.co_producer && split.coProducer > 0) {
    commissions.push({
      commission: commission(split.coProducer),
      user: { ucode: product.co_producer.ucode, name: product.co_producer.name },
      source: 'COPRODUCER',
    });
  }
  const affiliate = sale.affiliate_code !== undefined ? account.affiliate(sale.affiliate_code) : undefined;
  if (affiliate && split.affiliate > 0) {
    commissions.push({
      commission: commission(split.affiliate),
      user: { ucode: affiliate.ucode, name: affiliate.name },
      source: 'AFFILIATE',
    });
  }
  return {
    transaction: sale.transaction,
    product: { name: product.name, id: product.id },
    exchange_rate_currency_payout: exchangeRate(from, payout),
    commissions,
  };
}

/**
 * A price-breakdown item (`GET /payments/api/v1/sales/price/details`): offer price (`base`), paid (`total`), VAT
 * included in it, Hotmart's fee, the coupon discount when one was used, and the rate to BRL.
 *
 * @example
 * const item = salePriceDetailsItem(account, account.saleAt(0));
 * item.total.value === account.saleAt(0).price.value; // true
 */
export function salePriceDetailsItem(account: EmulatorAccount, sale: Sale) {
  const product = productOf(account, sale);
  const currency = sale.price.currency_code;
  const rate = VAT[currency] ?? 0;
  return {
    transaction: sale.transaction,
    product: { id: product.id, name: product.name },
    base: { value: sale.full_price.value, currency_code: sale.full_price.currency_code },
    total: { value: sale.price.value, currency_code: currency },
    vat: { value: round2(sale.price.value - sale.price.value / (1 + rate)), currency_code: currency },
    fee: { value: sale.hotmart_fee.total, currency_code: sale.hotmart_fee.currency_code },
    ...(sale.coupon_code !== undefined && {
      coupon: { code: sale.coupon_code, value: round2(sale.full_price.value - sale.price.value) },
    }),
    real_conversion_rate: exchangeRate(currency, 'BRL'),
  };
}
