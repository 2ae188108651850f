import type { SaleHistoryItem, SalePriceDetailsItem } from '@hotpilot/hotmart';
import type { PurchaseFacts } from '../event-facts.ts';

/**
 * Everything the refund ticket shows about a sale: the Hotmart API's view when it could be read (sales history and
 * price details), else the webhook's.
 *
 * @example
 * import type { SaleDetails } from './sale-details.ts';
 * const paid = (sale: SaleDetails) => sale.amount?.value ?? 0;
 */
export interface SaleDetails {
  transaction: string;
  buyer: { email: string | null; name: string | null };
  product: { id: string | null; name: string | null };
  amount: { value: number; currency: string } | null;
  /** The total the buyer was charged (price details; may include interest and fees, in its own currency). */
  charged: { value: number; currency: string } | null;
  paymentType: string | null;
  installments: number | null;
  orderDate: number | null;
  approvedDate: number | null;
  warrantyExpireDate: number | null;
  /** REST status (reference §5.1), when the API was read. */
  status: string | null;
  source: 'hotmart' | 'event';
}

const money = (value: { value?: number; currency_code?: string } | undefined) =>
  typeof value?.value === 'number' &&
  typeof value.currency_code === 'string' &&
  /^[A-Za-z]{3}$/.test(value.currency_code)
    ? { value: value.value, currency: value.currency_code.toUpperCase() }
    : null;

/**
 * Merges the API's view of a sale (each field when present) over the event's.
 *
 * @example
 * import type { PurchaseFacts } from '../event-facts.ts';
 * import { saleDetails } from './sale-details.ts';
 * declare const facts: PurchaseFacts;
 * const details = saleDetails(facts, { purchase: { transaction: 'HP1', status: 'PROTESTED' } }, undefined);
 * details.status; // 'PROTESTED'
 */
export function saleDetails(
  facts: PurchaseFacts,
  sale: SaleHistoryItem | undefined,
  price: SalePriceDetailsItem | undefined,
): SaleDetails {
  const purchase = sale?.purchase;
  const numberOr = (value: unknown, fallback: number | null) =>
    typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  return {
    transaction: facts.transaction ?? purchase?.transaction ?? '',
    buyer: {
      email: facts.buyer.email ?? sale?.buyer?.email?.toLowerCase() ?? null,
      name: sale?.buyer?.name ?? facts.buyer.name,
    },
    product: {
      id: sale?.product?.id === undefined ? facts.product.id : String(sale.product.id),
      name: sale?.product?.name ?? facts.product.name,
    },
    amount: money(purchase?.price) ?? facts.amount,
    charged: money(price?.total),
    paymentType: purchase?.payment?.type ?? facts.paymentType,
    installments: numberOr(purchase?.payment?.installments_number, facts.installments),
    orderDate: numberOr(purchase?.order_date, facts.orderDate),
    approvedDate: numberOr(purchase?.approved_date, facts.approvedDate),
    warrantyExpireDate: numberOr(purchase?.warranty_expire_date, null),
    status: purchase?.status ?? null,
    source: sale === undefined && price === undefined ? 'event' : 'hotmart',
  };
}
