import { TransactionStatus as TransactionStatusSchema } from '@hotpilot/hotmart';
import type { EmulatorAccount } from '../account.ts';
import { ucodeIndex } from '../generator/codes.ts';
import { UCODE_KIND } from '../generator/people.ts';
import { ANY_PRODUCT, type SaleIndexFilter, statusMask } from '../generator/sale-index.ts';
import { SaleCore, type SaleFacts } from '../generator/sales.ts';
import type { CommissionRole, PaymentType, Sale, TransactionStatus } from '../model.ts';
import type { ScanSource } from '../server/paginate.ts';
import type { QueryReader } from '../server/query.ts';

/**
 * REST `transaction_status` values (reference §5.1).
 *
 * @example
 * query.manyOf('transaction_status', TRANSACTION_STATUSES);
 */
export const TRANSACTION_STATUSES: readonly TransactionStatus[] = TransactionStatusSchema.options;

/**
 * REST `payment_type` values (reference §5.3).
 *
 * @example
 * query.manyOf('payment_type', PAYMENT_TYPES);
 */
export const PAYMENT_TYPES: readonly PaymentType[] = [
  'BILLET',
  'CASH_PAYMENT',
  'CREDIT_CARD',
  'DIRECT_BANK_TRANSFER',
  'DIRECT_DEBIT',
  'FINANCED_BILLET',
  'FINANCED_INSTALLMENT',
  'GOOGLE_PAY',
  'HOTCARD',
  'HYBRID',
  'MANUAL_TRANSFER',
  'PAYPAL',
  'PAYPAL_INTERNACIONAL',
  'PICPAY',
  'PIX',
  'SAMSUNG_PAY',
  'WALLET',
];

const COMMISSION_ROLES: readonly CommissionRole[] = ['PRODUCER', 'COPRODUCER', 'AFFILIATE'];

/**
 * Which filters an endpoint accepts beyond the common ones (product, dates, transaction, status).
 *
 * @example
 * parseSalesFilter(query, { paymentType: true }); // the price-details filters
 */
export interface SalesFilterSupport {
  source?: boolean;
  buyer?: boolean;
  paymentType?: boolean;
  offer?: boolean;
  commissionAs?: boolean;
  affiliateName?: boolean;
}

/**
 * A parsed sales filter.
 *
 * @example
 * const filter: SalesFilter = { statuses: new Set(['REFUNDED']), productId: 123 };
 */
export interface SalesFilter {
  productId?: number;
  start?: number;
  end?: number;
  source?: string;
  transaction?: string;
  buyerName?: string;
  buyerEmail?: string;
  statuses: Set<TransactionStatus>;
  paymentTypes?: Set<PaymentType>;
  offerCode?: string;
  commissionAs?: CommissionRole;
  affiliateName?: string;
}

/**
 * Parses the sales filters of reference §4.1. When neither `transaction` nor `transaction_status` is sent only
 * APPROVED and COMPLETE sales come back (the sales-history callout, reference §4.1); statuses repeat the key.
 *
 * @example
 * parseSalesFilter(query, { source: true }).statuses; // Set { 'APPROVED', 'COMPLETE' } by default
 */
export function parseSalesFilter(query: QueryReader, support: SalesFilterSupport): SalesFilter {
  const { start, end } = query.dateRange('start_date', 'end_date');
  const transaction = query.string('transaction');
  const statuses = query.manyOf('transaction_status', TRANSACTION_STATUSES);
  const filter: SalesFilter = {
    statuses:
      statuses ??
      new Set<TransactionStatus>(transaction === undefined ? ['APPROVED', 'COMPLETE'] : TRANSACTION_STATUSES),
  };
  const productId = query.int('product_id', { min: 1 });
  if (productId !== undefined) filter.productId = productId;
  if (start !== undefined) filter.start = start;
  if (end !== undefined) filter.end = end;
  if (transaction !== undefined) filter.transaction = transaction;
  if (support.source) {
    const source = query.string('sales_source');
    if (source !== undefined) filter.source = source;
  }
  if (support.buyer) {
    const name = query.string('buyer_name');
    const email = query.string('buyer_email');
    if (name !== undefined) filter.buyerName = name.toLowerCase();
    if (email !== undefined) filter.buyerEmail = email;
  }
  if (support.paymentType) {
    const types = query.manyOf('payment_type', PAYMENT_TYPES);
    if (types) filter.paymentTypes = types;
  }
  if (support.offer) {
    const offer = query.string('offer_code');
    if (offer !== undefined) filter.offerCode = offer;
  }
  if (support.commissionAs) {
    const role = query.oneOf('commission_as', COMMISSION_ROLES);
    if (role !== undefined) filter.commissionAs = role;
  }
  if (support.affiliateName) {
    const name = query.string('affiliate_name');
    if (name !== undefined) filter.affiliateName = name.toLowerCase();
  }
  return filter;
}

/**
 * A scan over sales: the paging source plus the filter as a predicate on facts, with a key naming it, and the
 * part of the filter the account's sales index answers without building sales.
 *
 * @example
 * const scan: SalesScan<Sale> = salesSource(account, parseSalesFilter(query, {}), (sale) => sale);
 * const refunds = account.salesIndex().countGenerated(scan.lo, scan.hi, scan.prefilter);
 */
export interface SalesScan<T> extends ScanSource<SaleFacts, T> {
  /** Whether a sale's facts pass the filters other than the index range. */
  matches(facts: SaleFacts): boolean;
  /** Identifies `matches` (the filters other than dates and transaction), for caches of per-block results. */
  key: string;
  /** Statuses and product: a sale the index rejects never matches. */
  prefilter: SaleIndexFilter;
  /** Whether the prefilter is the whole filter (no payment type, offer, source, buyer or affiliate filter). */
  exact: boolean;
}

/**
 * The scan over the sales a filter selects: the date range becomes an index range by binary search (sales are
 * in `order_date` order), a transaction becomes a single index, statuses and product are read from the account's
 * one-byte-per-sale index (so the scan steps from one candidate to the next without building the sales in
 * between), and the other filters are checked on each candidate's facts (cheap fields first, buyer lookups last;
 * a generated sale's buyer is compared by index, never built).
 *
 * @example
 * const scan = salesSource(account, filter, (sale) => saleHistoryItem(account, sale));
 */
export function salesSource<T>(
  account: EmulatorAccount,
  filter: SalesFilter,
  render: (sale: Sale, facts: SaleFacts) => T,
): SalesScan<T> {
  let lo = filter.start !== undefined ? account.saleIndexAtOrAfter(filter.start) : 0;
  let hi = filter.end !== undefined ? account.saleIndexAtOrAfter(filter.end + 1) : account.saleCount();
  const renderFacts = (facts: SaleFacts) => render(account.saleOf(facts), facts);
  const empty: SalesScan<T> = {
    lo: 0,
    hi: 0,
    match: () => undefined,
    render: renderFacts,
    matches: () => false,
    key: 'none',
    prefilter: { statuses: statusMask([]), product: ANY_PRODUCT },
    exact: true,
  };
  const index = account.salesIndex();
  let productSlot = ANY_PRODUCT;
  if (filter.productId !== undefined) {
    const slot = index.productSlot(filter.productId);
    // Every sale's product is in the catalogue (the index refuses others), so an unknown id matches nothing.
    if (slot === undefined) return empty;
    productSlot = slot;
  }
  // The account owns every product it sells, so it only ever earns as PRODUCER (reference §5.4).
  if (filter.commissionAs !== undefined && filter.commissionAs !== 'PRODUCER') return empty;
  if (filter.transaction !== undefined) {
    const sale = account.sale(filter.transaction);
    if (!sale) return empty;
    lo = Math.max(lo, sale.index);
    hi = Math.min(hi, sale.index + 1);
  }
  let buyerUcode: string | undefined;
  let buyerIndex: number | undefined;
  if (filter.buyerEmail !== undefined) {
    const buyer = account.buyerByEmail(filter.buyerEmail);
    if (!buyer) return empty;
    buyerUcode = buyer.ucode;
    buyerIndex = ucodeIndex(account.seed, UCODE_KIND.buyer, buyer.ucode) ?? -1;
  }
  let affiliateCodes: Set<string> | undefined;
  if (filter.affiliateName !== undefined) {
    const wanted = filter.affiliateName;
    affiliateCodes = new Set(
      account
        .affiliates()
        .filter((affiliate) => affiliate.name.toLowerCase().includes(wanted))
        .map((affiliate) => affiliate.affiliate_code),
    );
    if (affiliateCodes.size === 0) return empty;
  }
  const { statuses, productId, paymentTypes, offerCode, source, buyerName } = filter;
  const matches = (facts: SaleFacts): boolean => {
    if (!statuses.has(facts.status)) return false;
    if (productId !== undefined && facts.product_id !== productId) return false;
    if (paymentTypes !== undefined && !paymentTypes.has(facts.payment_type)) return false;
    if (offerCode !== undefined && facts.offer_code !== offerCode) return false;
    if (source !== undefined && facts.tracking.source !== source) return false;
    if (
      affiliateCodes !== undefined &&
      (facts.affiliate_code === undefined || !affiliateCodes.has(facts.affiliate_code))
    ) {
      return false;
    }
    if (buyerUcode !== undefined) {
      const same =
        facts instanceof SaleCore ? facts.buyerIndex === buyerIndex : facts.buyer_ucode === buyerUcode;
      if (!same) return false;
    }
    if (buyerName !== undefined && !(account.buyerNameOf(facts)?.toLowerCase().includes(buyerName) ?? false))
      return false;
    return true;
  };
  const key = JSON.stringify([
    [...statuses].sort(),
    productId,
    paymentTypes ? [...paymentTypes].sort() : null,
    offerCode,
    source,
    affiliateCodes ? [...affiliateCodes].sort() : null,
    buyerUcode,
    buyerName,
  ]);
  const prefilter: SaleIndexFilter = { statuses: statusMask(statuses), product: productSlot };
  const exact =
    paymentTypes === undefined &&
    offerCode === undefined &&
    source === undefined &&
    affiliateCodes === undefined &&
    buyerUcode === undefined &&
    buyerName === undefined;
  const end = Math.max(lo, hi);
  return {
    lo,
    hi: end,
    match(position) {
      if (!index.passes(position, prefilter)) return undefined;
      // The facts are checked even when the index decided: a page costs one comparison more per sale, and a
      // sale changed behind the account's back (not through `updateSale`) is still filtered right.
      const facts = account.saleFactsAt(position);
      return matches(facts) ? facts : undefined;
    },
    after: (position) => index.next(position + 1, end, prefilter),
    before: (position) => index.previous(position - 1, lo, prefilter),
    render: renderFacts,
    matches,
    key,
    prefilter,
    exact,
  };
}
