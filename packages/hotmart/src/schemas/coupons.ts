import { z } from 'zod';
import { EpochMs, strictParams } from './common.ts';

/**
 * Body of `POST /products/api/v1/product/{product_id}/coupon` (reference §4.4). `discount` is a fraction strictly
 * between 0 and 0.99 (0.1 = 10 % off). The reference lists `start_date`/`end_date` without saying they are
 * required, and W6W (checked against the official page) treats both as optional ("defaults to immediately
 * active"), so they are optional here; when both are given the end must come after the start. Coupons are not
 * available for subscription products (Hotmart answers with an error).
 *
 * @example
 * CreateCouponBody.parse({ code: 'WELCOME10', discount: 0.1, start_date: new Date('2025-01-01'), end_date: new Date('2025-02-01') });
 */
export const CreateCouponBody = strictParams({
  code: z.string().min(1).max(25),
  discount: z.number().gt(0).lt(0.99),
  start_date: EpochMs.optional(),
  end_date: EpochMs.optional(),
  affiliate: z.union([z.string().min(1), z.number().int().positive()]).optional(),
  offer_ids: z.array(z.string().min(1)).min(1).optional(),
}).refine(
  (body) => body.start_date === undefined || body.end_date === undefined || body.end_date > body.start_date,
  {
    message: 'end_date must be after start_date',
    path: ['end_date'],
  },
);
/** Coupon creation body as callers pass it. @example const body: CreateCouponBody = { code: 'OFF10', discount: 0.1 }; */
export type CreateCouponBody = z.input<typeof CreateCouponBody>;
/** Coupon creation body as sent (dates in epoch ms). @example const sent: CreateCouponRequest = { code: 'OFF10', discount: 0.1 }; */
export type CreateCouponRequest = z.output<typeof CreateCouponBody>;

/**
 * Query of `GET /products/api/v1/coupon/product/{product_id}`: an optional `code` filter and the page token
 * (reference §4.4).
 *
 * @example
 * CouponsListParams.parse({ code: 'WELCOME10' });
 */
export const CouponsListParams = strictParams({
  code: z.string().min(1).optional(),
  page_token: z.string().min(1).optional(),
});
/** Coupon list filters. @example const params: CouponsListParams = { code: 'WELCOME10' }; */
export type CouponsListParams = z.input<typeof CouponsListParams>;
/** Coupon list query as sent. @example const query: CouponsListQuery = {}; */
export type CouponsListQuery = z.output<typeof CouponsListParams>;

/**
 * One coupon (reference §4.4). `discount` is the fraction; `status` is e.g. `valid`.
 *
 * @example
 * CouponItem.parse({ id: 3036913, coupon_code: 'WELCOME10', discount: 0.1, status: 'valid' });
 */
export const CouponItem = z.looseObject({
  id: z.number().optional(),
  coupon_code: z.string().optional(),
  discount: z.number().optional(),
  status: z.string().optional(),
  time_zone: z
    .looseObject({
      offset: z.string().optional(),
      id: z.string().optional(),
      name: z.string().optional(),
      description: z.string().optional(),
    })
    .optional(),
});
/** One coupon. @example const coupon: CouponItem = { coupon_code: 'WELCOME10' }; */
export type CouponItem = z.infer<typeof CouponItem>;

/**
 * An empty success answer: coupon create and delete answer `200 {}` or an empty body (reference §3.5, §4.4).
 *
 * @example
 * EmptyResponse.parse({});
 */
export const EmptyResponse = z.looseObject({});
/** An empty answer. @example const answer: EmptyResponse = {}; */
export type EmptyResponse = z.infer<typeof EmptyResponse>;
