import type { Account, Address, Money, Product, Sale, StateChange } from '../model.ts';
import type { PurchaseEventName } from './event-names.ts';
import { WebhookPayloadError } from './payload-error.ts';
import type { PurchaseWebhookData, WebhookMoney } from './payload-types.ts';
import { WEBHOOK_STATUS_BY_EVENT } from './status.ts';

/**
 * The affiliate's share of the net when a sale came through an affiliate. The model keeps no per-product
 * affiliate commission, and 50 % is Hotmart's most common setting.
 */
const AFFILIATE_SHARE = 0.5;

const round2 = (value: number): number => Math.round(value * 100) / 100;

/** Webhooks spell money with `currency_value` (reference §3.1). */
const toWebhookMoney = (money: Money): WebhookMoney => ({
  value: money.value,
  currency_value: money.currency_code,
});

/** `product.warranty_date` is the one ISO date of the purchase family, second precision in samples (§3.1). */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Brazilian producers show `Pessoa Física`/`Pessoa Jurídica` in every sample (reference §6.6). */
const legalNature = (entityType: 'PERSON' | 'COMPANY'): string =>
  entityType === 'PERSON' ? 'Pessoa Física' : 'Pessoa Jurídica';

const webhookAddress = (address: Address): PurchaseWebhookData['buyer']['address'] => ({
  city: address.city,
  country: address.country,
  country_iso: address.country_iso,
  state: address.state,
  neighborhood: address.neighborhood,
  // Samples carry the postal code as bare digits ("38400123"); the REST address keeps Brazil's hyphen.
  zipcode: address.zip_code.replace(/-/g, ''),
  address: address.address,
  number: address.number,
  complement: address.complement,
});

/**
 * Splits the buyer's payment the way `commissions[]` reports it: Hotmart's fee as MARKETPLACE, then the affiliate
 * and co-producer shares of the net, and the rest to the PRODUCER.
 */
function commissions(account: Account, sale: Sale, product: Product): PurchaseWebhookData['commissions'] {
  const currency = sale.price.currency_code;
  const net = sale.price.value - sale.hotmart_fee.total;
  const affiliate =
    sale.affiliate_code !== undefined && account.affiliate(sale.affiliate_code)
      ? round2(net * AFFILIATE_SHARE)
      : 0;
  const coProducer = product.co_producer ? round2((net - affiliate) * product.co_producer.share) : 0;
  const list: PurchaseWebhookData['commissions'] = [
    { value: sale.hotmart_fee.total, source: 'MARKETPLACE', currency_value: currency },
    { value: round2(net - affiliate - coProducer), source: 'PRODUCER', currency_value: currency },
  ];
  if (coProducer > 0) list.push({ value: coProducer, source: 'COPRODUCER', currency_value: currency });
  if (affiliate > 0) list.push({ value: affiliate, source: 'AFFILIATE', currency_value: currency });
  return list;
}

function payment(sale: Sale): PurchaseWebhookData['purchase']['payment'] {
  const rendered: PurchaseWebhookData['purchase']['payment'] = {
    installments_number: sale.installments_number,
    type: sale.payment_type,
  };
  if (sale.billet_url !== undefined) rendered.billet_url = sale.billet_url;
  if (sale.billet_barcode !== undefined) rendered.billet_barcode = sale.billet_barcode;
  if (sale.pix_code !== undefined) {
    rendered.pix_code = sale.pix_code;
    rendered.pix_qrcode = `https://payment.hotmart.com/pix/qrcode/${sale.transaction}`;
  }
  if (sale.pix_expiration_date !== undefined) rendered.pix_expiration_date = sale.pix_expiration_date;
  if (sale.refusal_reason !== undefined) rendered.refusal_reason = sale.refusal_reason;
  return rendered;
}

/**
 * Renders `data` for a purchase event from the account's current records (reference §6.6 "Purchase events").
 * Keys that only exist in some deliveries follow the record: `approved_date` once paid, `payment.billet_*` and
 * `payment.pix_*` for pending boletos and PIX, `recurrence_number`/`date_next_charge` and the `subscription` block
 * for subscription products, `event_tickets` for event products.
 *
 * @example
 * const data = buildPurchaseData(account, { event: 'PURCHASE_APPROVED', transaction: 'HP0001' });
 * console.log(data.purchase.status); // 'APPROVED'
 */
export function buildPurchaseData(
  account: Account,
  change: Extract<StateChange, { transaction: string }>,
): PurchaseWebhookData {
  const event: PurchaseEventName = change.event;
  const sale = account.sale(change.transaction);
  if (!sale) throw new WebhookPayloadError(event, `unknown transaction ${change.transaction}`);
  const product = account.product(sale.product_id);
  if (!product) throw new WebhookPayloadError(event, `unknown product ${sale.product_id}`);
  const buyer = account.buyer(sale.buyer_ucode);
  if (!buyer) throw new WebhookPayloadError(event, `unknown buyer of ${sale.transaction}`);
  const producer = account.producer;
  const offerPrice =
    account.offer(sale.offer_code)?.price ?? account.planByCode(sale.offer_code)?.price ?? sale.full_price;
  const affiliate = sale.affiliate_code !== undefined ? account.affiliate(sale.affiliate_code) : undefined;

  const purchase: PurchaseWebhookData['purchase'] = {
    full_price: toWebhookMoney(sale.full_price),
    price: toWebhookMoney(sale.price),
    checkout_country: { name: buyer.address.country, iso: buyer.address.country_iso },
    order_bump:
      sale.order_bump_parent !== undefined
        ? { is_order_bump: true, parent_purchase_transaction: sale.order_bump_parent }
        : { is_order_bump: false },
    original_offer_price: toWebhookMoney(offerPrice),
    order_date: sale.order_date,
    status: WEBHOOK_STATUS_BY_EVENT[event],
    transaction: sale.transaction,
    payment: payment(sale),
    offer:
      sale.coupon_code !== undefined
        ? { code: sale.offer_code, coupon_code: sale.coupon_code }
        : { code: sale.offer_code },
    is_funnel: false,
    business_model: product.is_subscription ? 'R' : 'I',
    invoice_by: 'HOTMART',
    origin: { src: sale.tracking.source, sck: sale.tracking.source_sck, xcod: sale.tracking.external_code },
  };
  // Key order follows the samples: approved_date comes first, event_tickets after order_bump.
  const ordered: PurchaseWebhookData['purchase'] =
    sale.approved_date !== undefined ? { approved_date: sale.approved_date, ...purchase } : purchase;
  if (product.is_event) ordered.event_tickets = { amount: 1 };

  const data: PurchaseWebhookData = {
    product: {
      id: product.id,
      ucode: product.ucode,
      name: product.name,
      warranty_date: isoSeconds(sale.warranty_expire_date),
      support_email: product.support_email,
      has_co_production: product.co_producer !== undefined,
      is_physical_product: product.is_physical_product,
      content: {
        has_physical_products: product.is_physical_product,
        products: [
          {
            id: product.id,
            ucode: product.ucode,
            name: product.name,
            is_physical_product: product.is_physical_product,
          },
        ],
      },
    },
    affiliates: affiliate ? [{ affiliate_code: affiliate.affiliate_code, name: affiliate.name }] : [],
    buyer: {
      email: buyer.email,
      name: buyer.name,
      first_name: buyer.first_name,
      last_name: buyer.last_name,
      checkout_phone_code: buyer.phone_code,
      checkout_phone: buyer.phone,
      address: webhookAddress(buyer.address),
      document: buyer.document,
      document_type: buyer.document_type,
    },
    producer: {
      name: producer.name,
      document: producer.document,
      legal_nature: legalNature(producer.entity_type),
    },
    commissions: commissions(account, sale, product),
    purchase: ordered,
  };

  if (sale.subscriber_code !== undefined) {
    const subscription = account.subscription(sale.subscriber_code);
    if (!subscription) throw new WebhookPayloadError(event, `unknown subscriber ${sale.subscriber_code}`);
    const plan = account.plan(sale.plan_id ?? subscription.plan_id);
    if (!plan) throw new WebhookPayloadError(event, `unknown plan of subscriber ${sale.subscriber_code}`);
    ordered.recurrence_number = sale.recurrency_number ?? subscription.current_recurrence;
    ordered.date_next_charge = subscription.date_next_charge;
    ordered.subscription_anticipation_purchase = false;
    data.subscription = {
      status: subscription.status,
      plan: { id: plan.id, name: plan.name },
      subscriber: { code: subscription.subscriber_code },
    };
  }
  return data;
}
