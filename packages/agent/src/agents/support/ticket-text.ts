import { formatDateTime } from '../../kit/i18n/format-date.ts';
import { formatMoney } from '../../kit/i18n/format-money.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import type { SaleDetails } from './sale-details.ts';
import { supportMessages } from './support-messages.ts';

/**
 * The subject and body of a refund ticket, written for the seller's team in their language: who, what, how much
 * (formatted money), when (dates in the seller's time zone), how it was paid, and a link to the sale.
 *
 * @example
 * import type { SaleDetails } from './sale-details.ts';
 * import { refundTicketText } from './ticket-text.ts';
 * declare const sale: SaleDetails;
 * const { subject, body } = refundTicketText(sale, {
 *   locale: 'pt-BR', timeZone: 'America/Sao_Paulo', requestedAt: Date.now(), saleLink: null,
 * });
 */
export function refundTicketText(
  sale: SaleDetails,
  options: { locale: Locale; timeZone: string; requestedAt: number; saleLink: string | null },
): { subject: string; body: string } {
  const { locale, timeZone } = options;
  const t = supportMessages.t;
  const date = (at: number | null) => (at === null ? null : formatDateTime(at, locale, timeZone, 'medium'));
  const buyer =
    sale.buyer.name && sale.buyer.email
      ? `${sale.buyer.name} <${sale.buyer.email}>`
      : (sale.buyer.name ?? sale.buyer.email ?? '—');
  const product = sale.product.name ?? t(locale, 'unknownProduct');
  const payment = [
    sale.paymentType,
    sale.installments !== null && sale.installments > 1
      ? t(locale, 'installments', { count: sale.installments })
      : null,
  ]
    .filter(Boolean)
    .join(' — ');

  const lines: [string, string | null][] = [
    [t(locale, 'buyer'), buyer],
    [t(locale, 'product'), sale.product.id === null ? product : `${product} (ID ${sale.product.id})`],
    [t(locale, 'amount'), sale.amount ? formatMoney(sale.amount.value, sale.amount.currency, locale) : null],
    [
      t(locale, 'charged'),
      sale.charged ? formatMoney(sale.charged.value, sale.charged.currency, locale) : null,
    ],
    [t(locale, 'payment'), payment || null],
    [t(locale, 'ordered'), date(sale.orderDate)],
    [t(locale, 'approved'), date(sale.approvedDate)],
    [t(locale, 'requested'), date(options.requestedAt)],
    [t(locale, 'warranty'), date(sale.warrantyExpireDate)],
    [t(locale, 'status'), sale.status],
    [t(locale, 'transaction'), sale.transaction],
    [t(locale, 'link'), options.saleLink],
  ];
  const body = [
    t(locale, 'intro', { buyer: sale.buyer.name ?? sale.buyer.email ?? '—', transaction: sale.transaction }),
    '',
    ...lines
      .filter(([, value]) => value !== null && value !== '')
      .map(([label, value]) => `${label}: ${value}`),
    '',
    t(locale, sale.source === 'hotmart' ? 'source' : 'sourceEvent'),
  ].join('\n');
  // Zendesk limits subjects to 150 characters.
  const subject = t(locale, 'subject', { product, transaction: sale.transaction }).slice(0, 150);
  return { subject, body };
}
