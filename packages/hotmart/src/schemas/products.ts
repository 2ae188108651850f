import { z } from 'zod';
import { Money, PagingParams, ProductFormat, ProductStatus, strictParams } from './common.ts';

/**
 * Query of `GET /products/api/v1/products` (reference §4.3). Hotmart's default page size here is 50.
 *
 * @example
 * ProductsListParams.parse({ status: 'ACTIVE', format: 'ONLINE_COURSE' });
 */
export const ProductsListParams = strictParams({
  id: z.number().int().positive().optional(),
  status: ProductStatus.optional(),
  format: ProductFormat.optional(),
  ...PagingParams.shape,
});
/** Product list filters. @example const params: ProductsListParams = { status: 'ACTIVE' }; */
export type ProductsListParams = z.input<typeof ProductsListParams>;
/** Product list query as sent. @example const query: ProductsListQuery = { status: 'ACTIVE' }; */
export type ProductsListQuery = z.output<typeof ProductsListParams>;

/**
 * One product (reference §4.3; fixture `products-list.json`). `created_at` is epoch ms.
 *
 * @example
 * ProductItem.parse({ id: 698441, ucode: 'f2b3be1f-313f-4a2d-b5b7-1c39d67dd3ee', status: 'DRAFT' });
 */
export const ProductItem = z.looseObject({
  id: z.number().optional(),
  name: z.string().optional(),
  ucode: z.string().optional(),
  status: z.string().optional(),
  created_at: z.number().optional(),
  format: z.string().optional(),
  is_subscription: z.boolean().optional(),
  warranty_period: z.number().optional(),
});
/** One product. @example const product: ProductItem = { id: 698441, name: 'Product A' }; */
export type ProductItem = z.infer<typeof ProductItem>;

/**
 * Query of `GET /products/api/v1/products/{ucode}/offers`: paging only (reference §4.3).
 *
 * @example
 * ProductOffersParams.parse({ max_results: 10 });
 */
export const ProductOffersParams = strictParams({ ...PagingParams.shape });
/** Offer list paging. @example const params: ProductOffersParams = { max_results: 10 }; */
export type ProductOffersParams = z.input<typeof ProductOffersParams>;
/** Offer list query as sent. @example const query: ProductOffersQuery = { max_results: 10 }; */
export type ProductOffersQuery = z.output<typeof ProductOffersParams>;

/**
 * One offer of a product (reference §4.3; fixture `products-offers.json`). `payment_mode` is PAY_IN_FULL or INVOICE.
 *
 * @example
 * OfferItem.parse({ code: '02mhofjd', is_main_offer: true, price: { value: 10, currency_code: 'BRL' } });
 */
export const OfferItem = z.looseObject({
  code: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  price: Money.optional(),
  payment_mode: z.string().optional(),
  is_currency_conversion_enabled: z.boolean().optional(),
  is_main_offer: z.boolean().optional(),
  is_smart_recovery_enabled: z.boolean().optional(),
});
/** One offer. @example const offer: OfferItem = { code: '02mhofjd' }; */
export type OfferItem = z.infer<typeof OfferItem>;

/**
 * Query of `GET /products/api/v1/products/{ucode}/plans`: paging only. Hotmart answers 400 when the product has no
 * plans (reference §4.3).
 *
 * @example
 * ProductPlansParams.parse({ page_token: 'abc' });
 */
export const ProductPlansParams = strictParams({ ...PagingParams.shape });
/** Plan list paging. @example const params: ProductPlansParams = {}; */
export type ProductPlansParams = z.input<typeof ProductPlansParams>;
/** Plan list query as sent. @example const query: ProductPlansQuery = {}; */
export type ProductPlansQuery = z.output<typeof ProductPlansParams>;

/**
 * One subscription plan of a product (reference §4.3; fixture `products-plans.json`).
 *
 * @example
 * PlanItem.parse({ code: 'tz12qeev', periodicity: 'MONTHLY', trial_period: 7 });
 */
export const PlanItem = z.looseObject({
  code: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  price: Money.optional(),
  payment_mode: z.string().optional(),
  periodicity: z.string().optional(),
  max_installments: z.number().optional(),
  trial_period: z.number().optional(),
  is_subscription_recovery_enabled: z.boolean().optional(),
  is_switch_plan_enabled: z.boolean().optional(),
});
/** One plan. @example const plan: PlanItem = { code: 'tz12qeev' }; */
export type PlanItem = z.infer<typeof PlanItem>;

/**
 * Body of `PUT /products/api/v1/product/configuration/{product_id}` (reference §4.3).
 *
 * @example
 * ProductConfigurationBody.parse({ is_allowed_to_email_the_buyer: true });
 */
export const ProductConfigurationBody = strictParams({ is_allowed_to_email_the_buyer: z.boolean() });
/** Product configuration body. @example const body: ProductConfigurationBody = { is_allowed_to_email_the_buyer: false }; */
export type ProductConfigurationBody = z.input<typeof ProductConfigurationBody>;
