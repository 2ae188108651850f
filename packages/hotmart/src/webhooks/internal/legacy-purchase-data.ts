import type { PurchaseData } from '../purchase-data.ts';
import type { WebhookPurchaseStatus } from '../purchase-status.ts';
import { readLegacyDate } from './epoch.ts';

// The correspondence between v1 form fields and the v2 purchase shape (reference §6.6), in both directions.
// Field names: the verified list of reference §6.2 (hottok, status, prod, prod_name, price, full_price, name, email,
// first_name, last_name, phone_number, purchase_date, cms_aff, cms_marketplace, cms_vendor) plus names read by
// public v1 handlers found with find_string: a typed v1 payload (`cms_vendor`, id 48119328552: transaction, xcod,
// currency, payment_type, aff, aff_name, off, doc, doc_type, producer_*, confirmation_purchase_date,
// installments_number, funnel, order_bump, business_model, address_*, phone_checkout_*, sck, warranty_date,
// product_support_email, has_co_production, original_offer_price, cms_aff_currency), a PHP handler
// (`$_POST['xcod']`, id 46602442258: address_*, aff, xcod, payment_type) and a WordPress plugin
// (`$_POST['subscriber_code']`, id 42506583560: subscriber_code, name_subscription_plan, subscription_status).
// `src` comes from the v2 `purchase.origin` block; that v1 posts it too is an assumption.

type Fields = ReadonlyMap<string, string>;

const COMMISSION_FIELDS = new Map([
  ['MARKETPLACE', 'cms_marketplace'],
  ['PRODUCER', 'cms_vendor'],
  ['AFFILIATE', 'cms_aff'],
]);

/** Drops `undefined` members; returns `undefined` when nothing is left, so empty blocks are omitted. */
function compact<T extends Record<string, unknown>>(value: T): T | undefined {
  const entries = Object.entries(value).filter(([, member]) => member !== undefined);
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as T);
}

/**
 * Reads v1 form fields into the v2 purchase `data` shape, collecting a warning for each value it can't read.
 *
 * @example
 * ```ts
 * import { legacyToPurchaseData } from './legacy-purchase-data.ts';
 *
 * const fields = new Map([['transaction', 'HP1'], ['price', '97,00'], ['currency', 'BRL']]);
 * legacyToPurchaseData(fields, 'APPROVED', []);
 * // { purchase: { transaction: 'HP1', status: 'APPROVED', price: { value: 97, currency_value: 'BRL' } } }
 * ```
 */
export function legacyToPurchaseData(
  fields: Fields,
  status: WebhookPurchaseStatus,
  warnings: string[],
): Record<string, unknown> {
  const text = (key: string): string | undefined => {
    const value = fields.get(key)?.trim();
    return value ? value : undefined;
  };
  const decimal = (key: string): number | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    // Brazilian senders may write a decimal comma ("97,00"); thousands separators are not guessed at.
    const normalised = /^-?\d+,\d+$/.test(value) ? value.replace(',', '.') : value;
    if (/^-?\d+(?:\.\d+)?$/.test(normalised)) return Number(normalised);
    warnings.push(`legacy field "${key}" is not a number; it is kept in raw only`);
    return undefined;
  };
  const integer = (key: string): number | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    if (/^\d{1,15}$/.test(value)) return Number(value);
    warnings.push(`legacy field "${key}" is not an integer; it is kept in raw only`);
    return undefined;
  };
  const flag = (key: string): boolean | undefined => {
    const value = text(key)?.toLowerCase();
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    return undefined;
  };
  const date = (key: string): number | undefined => {
    const value = text(key);
    if (value === undefined) return undefined;
    const parsed = readLegacyDate(value);
    if (parsed === undefined)
      warnings.push(`legacy field "${key}" is not a date this parser reads; kept in raw only`);
    return parsed?.ms;
  };

  const currency = text('currency');
  const money = (key: string) => {
    const value = decimal(key);
    return value === undefined ? undefined : compact({ value, currency_value: currency });
  };
  const commission = (key: string, source: string, currencyKey = 'currency') => {
    const value = decimal(key);
    return value === undefined
      ? undefined
      : compact({ value, source, currency_value: text(currencyKey) ?? currency });
  };
  const commissions = [
    commission('cms_marketplace', 'MARKETPLACE'),
    // `cms_vendor` is the producer's share in v1 handlers; `PRODUCER` is its v2 `source` (reference §5.4).
    commission('cms_vendor', 'PRODUCER'),
    commission('cms_aff', 'AFFILIATE', 'cms_aff_currency'),
  ].filter((entry) => entry !== undefined);
  const affiliate = compact({ affiliate_code: text('aff'), name: text('aff_name') });

  return (
    compact({
      product: compact({
        id: integer('prod'),
        name: text('prod_name'),
        warranty_date: text('warranty_date'),
        support_email: text('product_support_email'),
        has_co_production: flag('has_co_production'),
      }),
      affiliates: affiliate ? [affiliate] : undefined,
      buyer: compact({
        email: text('email'),
        name: text('name'),
        first_name: text('first_name'),
        last_name: text('last_name'),
        checkout_phone_code: text('phone_checkout_local_code') ?? text('phone_local_code'),
        checkout_phone: text('phone_checkout_number') ?? text('phone_number'),
        document: text('doc'),
        document_type: text('doc_type'),
        address: compact({
          address: text('address'),
          number: text('address_number'),
          complement: text('address_comp'),
          neighborhood: text('address_district'),
          city: text('address_city'),
          state: text('address_state'),
          zipcode: text('address_zip_code'),
          country: text('address_country'),
          country_iso: text('address_country_ISO'),
        }),
      }),
      producer: compact({
        name: text('producer_name'),
        document: text('producer_document'),
        legal_nature: text('producer_legal_nature'),
      }),
      commissions: commissions.length > 0 ? commissions : undefined,
      purchase: compact({
        transaction: text('transaction'),
        status,
        order_date: date('purchase_date'),
        approved_date: date('confirmation_purchase_date'),
        price: money('price'),
        full_price: money('full_price'),
        original_offer_price: money('original_offer_price'),
        payment: compact({ type: text('payment_type'), installments_number: integer('installments_number') }),
        offer: compact({ code: text('off') }),
        origin: compact({ src: text('src'), sck: text('sck'), xcod: text('xcod') }),
        business_model: text('business_model'),
        is_funnel: flag('funnel'),
        order_bump: compact({ is_order_bump: flag('order_bump') }),
      }),
      subscription: compact({
        status: text('subscription_status'),
        plan: compact({ name: text('name_subscription_plan') }),
        subscriber: compact({ code: text('subscriber_code') }),
      }),
    }) ?? {}
  );
}

/**
 * Writes v2 purchase `data` as v1 form fields (the inverse of {@link legacyToPurchaseData}), for test senders.
 *
 * @example
 * ```ts
 * import { purchaseDataToLegacy } from './legacy-purchase-data.ts';
 *
 * purchaseDataToLegacy({ purchase: { transaction: 'HP1' }, buyer: { email: 'a@x.com' } });
 * // [['transaction', 'HP1'], ['email', 'a@x.com']]
 * ```
 */
export function purchaseDataToLegacy(data: PurchaseData): [string, string][] {
  const fields: [string, string][] = [];
  const put = (key: string, value: unknown) => {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      fields.push([key, String(value)]);
    }
  };
  const { product, buyer, producer, purchase, subscription } = data;
  const affiliate = data.affiliates?.[0];
  put('transaction', purchase.transaction);
  put('prod', product?.id);
  put('prod_name', product?.name);
  put('warranty_date', product?.warranty_date);
  put('product_support_email', product?.support_email);
  put('has_co_production', product?.has_co_production);
  put('currency', purchase.price?.currency_value ?? purchase.full_price?.currency_value);
  put('price', purchase.price?.value);
  put('full_price', purchase.full_price?.value);
  put('original_offer_price', purchase.original_offer_price?.value);
  // Dates travel as epoch ms: the one v1 date format that needs no zone guess (see readLegacyDate).
  put('purchase_date', purchase.order_date);
  put('confirmation_purchase_date', purchase.approved_date);
  put('payment_type', purchase.payment?.type);
  put('installments_number', purchase.payment?.installments_number);
  put('off', purchase.offer?.code);
  put('src', purchase.origin?.src);
  put('sck', purchase.origin?.sck);
  put('xcod', purchase.origin?.xcod);
  put('business_model', purchase.business_model);
  put('funnel', purchase.is_funnel);
  put('order_bump', purchase.order_bump?.is_order_bump);
  put('email', buyer?.email);
  put('name', buyer?.name);
  put('first_name', buyer?.first_name);
  put('last_name', buyer?.last_name);
  put('doc', buyer?.document);
  put('doc_type', buyer?.document_type);
  put('phone_checkout_local_code', buyer?.checkout_phone_code);
  put('phone_checkout_number', buyer?.checkout_phone);
  put('address', buyer?.address?.address);
  put('address_number', buyer?.address?.number);
  put('address_comp', buyer?.address?.complement);
  put('address_district', buyer?.address?.neighborhood);
  put('address_city', buyer?.address?.city);
  put('address_state', buyer?.address?.state);
  put('address_zip_code', buyer?.address?.zipcode);
  put('address_country', buyer?.address?.country);
  put('address_country_ISO', buyer?.address?.country_iso);
  put('producer_name', producer?.name);
  put('producer_document', producer?.document);
  put('producer_legal_nature', producer?.legal_nature);
  put('aff', affiliate?.affiliate_code);
  put('aff_name', affiliate?.name);
  for (const commission of data.commissions ?? []) {
    const key = COMMISSION_FIELDS.get(commission.source ?? '');
    if (key) put(key, commission.value);
  }
  put('subscriber_code', subscription?.subscriber?.code);
  put('name_subscription_plan', subscription?.plan?.name);
  put('subscription_status', subscription?.status);
  return fields;
}
