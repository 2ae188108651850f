import { z } from 'zod';
import type { EmulatorAccount } from '../account.ts';
import type { Product, ProductFormat, ProductStatus } from '../model.ts';
import { ApiError, notFound } from '../server/errors.ts';
import type { ScanSource } from '../server/paginate.ts';
import { couponItem, offerItem, planItem, productItem } from '../views/catalog-views.ts';
import {
  type EmulatorHono,
  idParam,
  jsonBody,
  OTHER_PAGE,
  PRODUCTS_PAGE,
  parseBody,
  queryOf,
  type RouteContext,
  respondWithPage,
} from './context.ts';

const BASE = '/products/api/v1';

const PRODUCT_STATUSES: readonly ProductStatus[] = [
  'DRAFT',
  'ACTIVE',
  'PAUSED',
  'NOT_APPROVED',
  'IN_REVIEW',
  'DELETED',
  'CHANGES_PENDING_ON_PRODUCT',
];
const PRODUCT_FORMATS: readonly ProductFormat[] = [
  'EBOOK',
  'SOFTWARE',
  'MOBILE_APPS',
  'VIDEOS',
  'AUDIOS',
  'TEMPLATES',
  'IMAGES',
  'ONLINE_COURSE',
  'SERIAL_CODES',
  'ETICKET',
  'ONLINE_SERVICE',
  'ONLINE_EVENT',
  'BUNDLE',
  'COMMUNITY',
  'AGENT',
];

/**
 * A source over an in-memory list with a filter.
 *
 * @example
 * const source = arraySource(account.products(), (product) => product.status === 'ACTIVE', productItem);
 */
export function arraySource<R, T>(
  items: readonly R[],
  matches: (item: R) => boolean,
  render: (item: R) => T,
): ScanSource<R, T> {
  return {
    lo: 0,
    hi: items.length,
    match: (position) => {
      const item = items[position] as R;
      return matches(item) ? item : undefined;
    },
    render,
  };
}

function productByUcodeOr404(account: EmulatorAccount, ucode: string): Product {
  const product = account.productByUcode(ucode);
  if (!product) throw notFound('Product', ucode);
  return product;
}

function productOr404(account: EmulatorAccount, id: number): Product {
  const product = account.product(id);
  if (!product) throw notFound('Product', id);
  return product;
}

const configurationSchema = z.object({ is_allowed_to_email_the_buyer: z.boolean() }).passthrough();

const couponSchema = z
  .object({
    code: z
      .string()
      .min(1)
      .max(25)
      .regex(/^[A-Za-z0-9_-]+$/, 'only letters, digits, - and _'),
    // A fraction: 0.5 is 50 % (reference §4.4).
    discount: z.number().gt(0).lt(0.99),
    start_date: z.number().int().min(0).optional(),
    end_date: z.number().int().min(0).optional(),
    affiliate: z.string().min(1).optional(),
    offer_ids: z.array(z.string().min(1)).optional(),
  })
  .passthrough();

/**
 * Registers the products, offers, plans, configuration and coupon endpoints of reference §4.3–§4.4.
 *
 * @example
 * registerProductRoutes(app, context);
 */
export function registerProductRoutes(app: EmulatorHono, context: RouteContext): void {
  const { emulator, guard } = context;
  const account = emulator.account;

  app.get(`${BASE}/products`, guard, (c) => {
    const query = queryOf(c);
    const id = query.int('id', { min: 1 });
    const statuses = query.manyOf('status', PRODUCT_STATUSES);
    const formats = query.manyOf('format', PRODUCT_FORMATS);
    const source = arraySource(
      account.products(),
      (product) =>
        (id === undefined || product.id === id) &&
        (statuses === undefined || statuses.has(product.status)) &&
        (formats === undefined || formats.has(product.format)),
      productItem,
    );
    // The products list has no total_results in the recorded sample (reference §4.3).
    return respondWithPage(context, c, {
      endpoint: 'products',
      query,
      source,
      size: PRODUCTS_PAGE,
      total: false,
    });
  });

  app.get(`${BASE}/products/:ucode/offers`, guard, (c) => {
    const query = queryOf(c);
    const product = productByUcodeOr404(account, c.req.param('ucode'));
    const source = arraySource(account.offers(product.id), () => true, offerItem);
    return respondWithPage(context, c, {
      endpoint: `offers:${product.id}`,
      query,
      source,
      size: PRODUCTS_PAGE,
      total: false,
    });
  });

  app.get(`${BASE}/products/:ucode/plans`, guard, (c) => {
    const query = queryOf(c);
    const product = productByUcodeOr404(account, c.req.param('ucode'));
    const plans = account.plans(product.id);
    // Hotmart answers 400 for a product without plans (reference §4.3, HPY bug #3).
    if (plans.length === 0) {
      throw new ApiError(
        400,
        'invalid_value_parameter',
        `Product ${product.ucode} has no subscription plans`,
      );
    }
    const source = arraySource(plans, () => true, planItem);
    return respondWithPage(context, c, {
      endpoint: `plans:${product.id}`,
      query,
      source,
      size: PRODUCTS_PAGE,
      total: false,
    });
  });

  app.put(`${BASE}/product/configuration/:product_id`, guard, async (c) => {
    const product = productOr404(account, idParam(c.req.param('product_id'), 'product_id'));
    const body = parseBody(configurationSchema, await jsonBody(c));
    account.updateProduct(product.id, { is_allowed_to_email_the_buyer: body.is_allowed_to_email_the_buyer });
    return c.json({});
  });

  app.post(`${BASE}/product/:product_id/coupon`, guard, async (c) => {
    const product = productOr404(account, idParam(c.req.param('product_id'), 'product_id'));
    const body = parseBody(couponSchema, await jsonBody(c));
    if (product.is_subscription) {
      throw new ApiError(
        400,
        'invalid_value_parameter',
        'Coupons are not available for subscription products',
      );
    }
    const code = body.code.toUpperCase();
    const taken = account
      .coupons(product.id)
      .some((coupon) => coupon.status !== 'deleted' && coupon.coupon_code.toUpperCase() === code);
    if (taken) throw new ApiError(400, 'invalid_value_parameter', `Coupon code ${body.code} already exists`);
    const start = body.start_date ?? account.now();
    if (body.end_date !== undefined && body.end_date < start) {
      throw new ApiError(
        400,
        'invalid_value_parameter',
        "Invalid value for parameter 'end_date': before start_date",
      );
    }
    if (body.affiliate !== undefined && !account.affiliate(body.affiliate)) {
      throw new ApiError(400, 'invalid_value_parameter', `Unknown affiliate ${body.affiliate}`);
    }
    const offers = new Set(account.offers(product.id).map((offer) => offer.code));
    const unknown = (body.offer_ids ?? []).find((offer) => !offers.has(offer));
    if (unknown !== undefined) throw new ApiError(400, 'invalid_value_parameter', `Unknown offer ${unknown}`);
    account.addCoupon({
      product_id: product.id,
      coupon_code: body.code,
      discount: body.discount,
      start_date: start,
      ...(body.end_date !== undefined && { end_date: body.end_date }),
      ...(body.affiliate !== undefined && { affiliate: body.affiliate }),
      offer_ids: body.offer_ids ?? [],
    });
    // Coupon creation answers `200 {}` (reference §3.5). Hotmart sends no webhook for coupons, so no notify.
    return c.json({});
  });

  app.get(`${BASE}/coupon/product/:product_id`, guard, (c) => {
    const query = queryOf(c);
    const product = productOr404(account, idParam(c.req.param('product_id'), 'product_id'));
    const code = query.string('code')?.toUpperCase();
    const now = account.now();
    const source = arraySource(
      account.coupons(product.id),
      (coupon) =>
        coupon.status !== 'deleted' && (code === undefined || coupon.coupon_code.toUpperCase() === code),
      (coupon) => couponItem(coupon, now),
    );
    return respondWithPage(context, c, {
      endpoint: `coupons:${product.id}`,
      query,
      source,
      size: OTHER_PAGE,
    });
  });

  app.delete(`${BASE}/coupon/:coupon_id`, guard, (c) => {
    const id = idParam(c.req.param('coupon_id'), 'coupon_id');
    if (!account.deleteCoupon(id)) throw notFound('Coupon', id);
    return c.body(null, 200);
  });
}
