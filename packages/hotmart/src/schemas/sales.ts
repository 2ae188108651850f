import { z } from 'zod';
import {
  CommissionAs,
  CommissionMoney,
  EpochMs,
  Money,
  PagingParams,
  PaymentType,
  ProductRef,
  Select,
  strictParams,
  TransactionStatus,
} from './common.ts';

// Every field of a list item is optional: `select` (reference §3.3) trims items to the requested fields.

const productId = z.number().int().positive();
const text = z.string().min(1);

/** Filters shared by history, summary and participants (reference §4.1). */
const salesFilters = {
  product_id: productId.optional(),
  start_date: EpochMs.optional(),
  end_date: EpochMs.optional(),
  sales_source: text.optional(),
  transaction: text.optional(),
  buyer_name: text.optional(),
  buyer_email: text.optional(),
  transaction_status: TransactionStatus.optional(),
  payment_type: PaymentType.optional(),
  offer_code: text.optional(),
  commission_as: CommissionAs.optional(),
  ...PagingParams.shape,
};

/**
 * Query of `GET /payments/api/v1/sales/history` (reference §4.1). Without `transaction` or `transaction_status`
 * Hotmart returns only APPROVED and COMPLETE sales.
 *
 * @example
 * SalesHistoryParams.parse({ start_date: new Date('2024-01-01'), transaction_status: 'REFUNDED', max_results: 500 });
 */
export const SalesHistoryParams = strictParams({ ...salesFilters, select: Select.optional() });
/** Sales history filters as callers pass them. @example const params: SalesHistoryParams = { product_id: 2125812 }; */
export type SalesHistoryParams = z.input<typeof SalesHistoryParams>;
/** Sales history query as sent (dates in epoch ms). @example const query: SalesHistoryQuery = { start_date: 0 }; */
export type SalesHistoryQuery = z.output<typeof SalesHistoryParams>;

/**
 * One sale of the sales history (reference §4.1; fixture `sales-history.json`). `purchase.status` holds a REST
 * `TransactionStatus`, kept as a string so a new status is passed through rather than rejected.
 *
 * @example
 * SaleHistoryItem.parse({ purchase: { transaction: 'HP12455690122399', status: 'APPROVED' } });
 */
export const SaleHistoryItem = z.looseObject({
  product: ProductRef.optional(),
  buyer: z
    .looseObject({ name: z.string().optional(), ucode: z.string().optional(), email: z.string().optional() })
    .optional(),
  producer: z.looseObject({ name: z.string().optional(), ucode: z.string().optional() }).optional(),
  purchase: z
    .looseObject({
      transaction: z.string().optional(),
      order_date: z.number().optional(),
      approved_date: z.number().nullable().optional(),
      status: z.string().optional(),
      recurrency_number: z.number().optional(),
      is_subscription: z.boolean().optional(),
      commission_as: z.string().optional(),
      price: Money.optional(),
      payment: z
        .looseObject({
          method: z.string().optional(),
          installments_number: z.number().optional(),
          type: z.string().optional(),
        })
        .optional(),
      tracking: z
        .looseObject({
          source_sck: z.string().nullable().optional(),
          source: z.string().nullable().optional(),
          external_code: z.string().nullable().optional(),
        })
        .optional(),
      warranty_expire_date: z.number().optional(),
      offer: z.looseObject({ payment_mode: z.string().optional(), code: z.string().optional() }).optional(),
      // hotmart_fee is not a `Money`: it splits the fee into total / fixed / base with one currency_code.
      hotmart_fee: z
        .looseObject({
          total: z.number().optional(),
          fixed: z.number().optional(),
          currency_code: z.string().optional(),
          base: z.number().optional(),
        })
        .optional(),
    })
    .optional(),
});
/** One sale of the history. @example const sale: SaleHistoryItem = { purchase: { status: 'COMPLETE' } }; */
export type SaleHistoryItem = z.infer<typeof SaleHistoryItem>;

/**
 * Query of `GET /payments/api/v1/sales/summary`: the history filters plus `affiliate_name` (reference §4.1).
 *
 * @example
 * SalesSummaryParams.parse({ affiliate_name: 'Jane', start_date: 1704067200000 });
 */
export const SalesSummaryParams = strictParams({ ...salesFilters, affiliate_name: text.optional() });
/** Sales summary filters. @example const params: SalesSummaryParams = { product_id: 1 }; */
export type SalesSummaryParams = z.input<typeof SalesSummaryParams>;
/** Sales summary query as sent. @example const query: SalesSummaryQuery = { product_id: 1 }; */
export type SalesSummaryQuery = z.output<typeof SalesSummaryParams>;

/**
 * One total of the sales summary — presumably one per currency (reference §4.1; fixture `sales-summary.json`).
 *
 * @example
 * SalesSummaryItem.parse({ total_items: 2, total_value: { value: 3.7, currency_code: 'USD' } });
 */
export const SalesSummaryItem = z.looseObject({
  total_items: z.number().optional(),
  total_value: Money.optional(),
});
/** One sales total. @example const total: SalesSummaryItem = { total_items: 2 }; */
export type SalesSummaryItem = z.infer<typeof SalesSummaryItem>;

/**
 * Query of `GET /payments/api/v1/sales/users` (sale participants): the history filters plus `affiliate_name`
 * (reference §4.1).
 *
 * @example
 * SalesUsersParams.parse({ transaction: 'HP10014546320130' });
 */
export const SalesUsersParams = strictParams({ ...salesFilters, affiliate_name: text.optional() });
/** Sale participants filters. @example const params: SalesUsersParams = { transaction: 'HP1' }; */
export type SalesUsersParams = z.input<typeof SalesUsersParams>;
/** Sale participants query as sent. @example const query: SalesUsersQuery = { transaction: 'HP1' }; */
export type SalesUsersQuery = z.output<typeof SalesUsersParams>;

/**
 * The participants of one sale (reference §4.1; fixture `sales-users.json`). Only the `PRODUCER` role is confirmed;
 * others (buyer, affiliate, co-producer) are implied, so `role` stays a string.
 *
 * @example
 * SaleUsersItem.parse({ transaction: 'HP10014546320130', users: [{ role: 'PRODUCER', user: { name: 'Ann' } }] });
 */
export const SaleUsersItem = z.looseObject({
  transaction: z.string().optional(),
  product: ProductRef.optional(),
  users: z
    .array(
      z.looseObject({
        role: z.string().optional(),
        user: z
          .looseObject({
            ucode: z.string().optional(),
            locale: z.string().optional(),
            name: z.string().optional(),
            trade_name: z.string().optional(),
            cellphone: z.string().optional(),
            phone: z.string().optional(),
            email: z.string().optional(),
            documents: z
              .array(z.looseObject({ value: z.string().optional(), type: z.string().optional() }))
              .optional(),
            address: z
              .looseObject({
                city: z.string().optional(),
                state: z.string().optional(),
                country: z.string().optional(),
                zip_code: z.string().optional(),
                address: z.string().optional(),
                complement: z.string().optional(),
                neighborhood: z.string().optional(),
                number: z.string().optional(),
              })
              .optional(),
          })
          .optional(),
      }),
    )
    .optional(),
});
/** The participants of one sale. @example const sale: SaleUsersItem = { transaction: 'HP1', users: [] }; */
export type SaleUsersItem = z.infer<typeof SaleUsersItem>;

/**
 * Query of `GET /payments/api/v1/sales/commissions` (reference §4.1).
 *
 * @example
 * SalesCommissionsParams.parse({ commission_as: 'AFFILIATE', start_date: new Date('2024-01-01') });
 */
export const SalesCommissionsParams = strictParams({
  product_id: productId.optional(),
  start_date: EpochMs.optional(),
  end_date: EpochMs.optional(),
  transaction: text.optional(),
  commission_as: CommissionAs.optional(),
  transaction_status: TransactionStatus.optional(),
  ...PagingParams.shape,
});
/** Commissions filters. @example const params: SalesCommissionsParams = { commission_as: 'PRODUCER' }; */
export type SalesCommissionsParams = z.input<typeof SalesCommissionsParams>;
/** Commissions query as sent. @example const query: SalesCommissionsQuery = { commission_as: 'PRODUCER' }; */
export type SalesCommissionsQuery = z.output<typeof SalesCommissionsParams>;

/**
 * The commissions of one sale (reference §4.1; fixture `sales-commissions.json`). Amounts use
 * `{ value, currency_value }` in each participant's payout currency (reference §3.1); `source` is one of PRODUCER,
 * COPRODUCER, AFFILIATE, ADDON.
 *
 * @example
 * SaleCommissionsItem.parse({ commissions: [{ commission: { value: 95, currency_value: 'USD' }, source: 'PRODUCER' }] });
 */
export const SaleCommissionsItem = z.looseObject({
  transaction: z.string().optional(),
  product: ProductRef.optional(),
  exchange_rate_currency_payout: z.number().optional(),
  commissions: z
    .array(
      z.looseObject({
        commission: CommissionMoney.optional(),
        user: z.looseObject({ ucode: z.string().optional(), name: z.string().optional() }).optional(),
        source: z.string().optional(),
      }),
    )
    .optional(),
});
/** The commissions of one sale. @example const sale: SaleCommissionsItem = { transaction: 'HP1', commissions: [] }; */
export type SaleCommissionsItem = z.infer<typeof SaleCommissionsItem>;

/**
 * Query of `GET /payments/api/v1/sales/price/details` (reference §4.1).
 *
 * @example
 * SalesPriceDetailsParams.parse({ transaction: 'HP14916251567230' });
 */
export const SalesPriceDetailsParams = strictParams({
  product_id: productId.optional(),
  start_date: EpochMs.optional(),
  end_date: EpochMs.optional(),
  transaction: text.optional(),
  transaction_status: TransactionStatus.optional(),
  payment_type: PaymentType.optional(),
  ...PagingParams.shape,
});
/** Price-details filters. @example const params: SalesPriceDetailsParams = { payment_type: 'PIX' }; */
export type SalesPriceDetailsParams = z.input<typeof SalesPriceDetailsParams>;
/** Price-details query as sent. @example const query: SalesPriceDetailsQuery = { payment_type: 'PIX' }; */
export type SalesPriceDetailsQuery = z.output<typeof SalesPriceDetailsParams>;

/**
 * The price breakdown of one sale (reference §4.1; fixture `sales-price-details.json`). `base`, `total`, `vat` and
 * `fee` may each carry a different currency.
 *
 * @example
 * SalePriceDetailsItem.parse({ transaction: 'HP1', total: { value: 486.25, currency_code: 'MXN' } });
 */
export const SalePriceDetailsItem = z.looseObject({
  transaction: z.string().optional(),
  product: ProductRef.optional(),
  base: Money.optional(),
  total: Money.optional(),
  vat: Money.optional(),
  fee: Money.optional(),
  coupon: z.looseObject({ code: z.string().optional(), value: z.number().optional() }).nullable().optional(),
  real_conversion_rate: z.number().optional(),
});
/** The price breakdown of one sale. @example const sale: SalePriceDetailsItem = { transaction: 'HP1' }; */
export type SalePriceDetailsItem = z.infer<typeof SalePriceDetailsItem>;

/**
 * Answer of `PUT /payments/api/v1/sales/{transaction}/refund`: `200 {}` (reference §4.1).
 *
 * @example
 * RefundResponse.parse({});
 */
export const RefundResponse = z.looseObject({});
/** A refund answer (empty). @example const done: RefundResponse = {}; */
export type RefundResponse = z.infer<typeof RefundResponse>;

/**
 * Answer of `PUT /payments/api/v1/sales/{transaction}/billet`: the new boleto's URL (reference §4.1).
 *
 * @example
 * NewBilletResponse.parse({ billet_url: 'https://example.com/billet.pdf' });
 */
export const NewBilletResponse = z.looseObject({ billet_url: z.string() });
/** A new boleto. @example const billet: NewBilletResponse = { billet_url: 'https://example.com/b' }; */
export type NewBilletResponse = z.infer<typeof NewBilletResponse>;
