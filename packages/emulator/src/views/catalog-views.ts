import type { Coupon, Offer, Plan, Product } from '../model.ts';

/**
 * Renders products, offers, plans and coupons as `/products/api/v1` returns them (reference §4.3–§4.4; shapes
 * from the fixtures `api/products-*.json` and the recorded coupon list the reference quotes).
 */

/**
 * A products-list item.
 *
 * @example
 * const item = productItem(account.products()[0]!);
 */
export function productItem(product: Product) {
  return {
    id: product.id,
    name: product.name,
    ucode: product.ucode,
    status: product.status,
    created_at: product.created_at,
    format: product.format,
    is_subscription: product.is_subscription,
    warranty_period: product.warranty_period,
  };
}

/**
 * An offers item.
 *
 * @example
 * const item = offerItem(account.offers(productId)[0]!);
 */
export function offerItem(offer: Offer) {
  return {
    code: offer.code,
    name: offer.name,
    description: offer.description,
    price: { value: offer.price.value, currency_code: offer.price.currency_code },
    payment_mode: offer.payment_mode,
    is_currency_conversion_enabled: offer.is_currency_conversion_enabled,
    is_main_offer: offer.is_main_offer,
    is_smart_recovery_enabled: offer.is_smart_recovery_enabled,
  };
}

/**
 * A plans item: `payment_mode` is Hotmart's Portuguese `ASSINATURA` (subscription) in the sample. The sample has no
 * `max_charge_cycles`; the subscriptions list reports it per subscription.
 *
 * @example
 * const item = planItem(account.plans(productId)[0]!);
 */
export function planItem(plan: Plan) {
  return {
    code: plan.code,
    name: plan.name,
    description: plan.description,
    price: { value: plan.price.value, currency_code: plan.price.currency_code },
    payment_mode: 'ASSINATURA',
    periodicity: plan.periodicity,
    max_installments: plan.max_installments,
    ...(plan.trial_period !== undefined && { trial_period: plan.trial_period }),
    is_subscription_recovery_enabled: plan.is_subscription_recovery_enabled,
    is_switch_plan_enabled: plan.is_switch_plan_enabled,
  };
}

/** Coupons are reported in the producer's time zone, Brasília. */
const TIME_ZONE = {
  offset: '-03:00',
  id: 'America/Sao_Paulo',
  name: 'Brasilia Standard Time',
  description: '(GMT-03:00) Brasília',
} as const;

/**
 * A coupons item; `status` is `valid` until the coupon's end date passes (`expired`).
 *
 * @example
 * const item = couponItem(coupon, Date.now());
 */
export function couponItem(coupon: Coupon, now: number) {
  const expired = coupon.status === 'expired' || (coupon.end_date !== undefined && coupon.end_date < now);
  return {
    coupon_code: coupon.coupon_code,
    discount: coupon.discount,
    id: coupon.id,
    status: expired ? 'expired' : 'valid',
    time_zone: { ...TIME_ZONE },
  };
}
