import { type CsvCell, csvLine, UTF8_BOM } from '../../kit/csv.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import { createMessages } from '../../kit/i18n/messages.ts';
import type { SubscriberListRow } from './subscriber-list-rows.ts';

// The column headers the seller reads in the CSV export and the subscribers tab, in the three languages.
const headers = createMessages({
  'pt-BR': {
    subscriberCode: 'Código do assinante',
    email: 'E-mail',
    name: 'Nome',
    productId: 'ID do produto',
    productName: 'Produto',
    planId: 'ID do plano',
    planCode: 'Código do plano',
    planName: 'Plano',
    status: 'Status',
    price: 'Preço',
    currency: 'Moeda',
    accessionDate: 'Adesão',
    nextChargeDate: 'Próxima cobrança',
    connection: 'Conexão',
  },
  es: {
    subscriberCode: 'Código del suscriptor',
    email: 'Correo electrónico',
    name: 'Nombre',
    productId: 'ID del producto',
    productName: 'Producto',
    planId: 'ID del plan',
    planCode: 'Código del plan',
    planName: 'Plan',
    status: 'Estado',
    price: 'Precio',
    currency: 'Moneda',
    accessionDate: 'Adhesión',
    nextChargeDate: 'Próximo cobro',
    connection: 'Conexión',
  },
  en: {
    subscriberCode: 'Subscriber code',
    email: 'E-mail',
    name: 'Name',
    productId: 'Product ID',
    productName: 'Product',
    planId: 'Plan ID',
    planCode: 'Plan code',
    planName: 'Plan',
    status: 'Status',
    price: 'Price',
    currency: 'Currency',
    accessionDate: 'Joined',
    nextChargeDate: 'Next charge',
    connection: 'Connection',
  },
});

/**
 * The columns of a subscriber list, in order (the subscriber code first: it keys the sheet's rows).
 *
 * @example
 * import { SUBSCRIBER_LIST_COLUMNS } from './subscriber-list-csv.ts';
 * SUBSCRIBER_LIST_COLUMNS[0]; // 'subscriberCode'
 */
export const SUBSCRIBER_LIST_COLUMNS = Object.freeze([
  'subscriberCode',
  'email',
  'name',
  'productId',
  'productName',
  'planId',
  'planCode',
  'planName',
  'status',
  'price',
  'currency',
  'accessionDate',
  'nextChargeDate',
  'connection',
] as const);

/**
 * The header row of a subscriber list in a language.
 *
 * @example
 * import { subscriberListHeaders } from './subscriber-list-csv.ts';
 * subscriberListHeaders('es')[1]; // 'Correo electrónico'
 */
export function subscriberListHeaders(locale: Locale): string[] {
  return SUBSCRIBER_LIST_COLUMNS.map((column) => headers.t(locale, column));
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * One subscription as CSV cells, in {@link SUBSCRIBER_LIST_COLUMNS} order: the price a number (its currency in
 * the next column), dates ISO 8601 in UTC.
 *
 * @example
 * import { subscriberCsvCells } from './subscriber-list-csv.ts';
 * const cells = subscriberCsvCells(row); // ['I9OT62C3', 'ana@example.com', 'Ana', …, 197, 'BRL', '2026-01-05T…Z', …]
 */
export function subscriberCsvCells(row: SubscriberListRow): CsvCell[] {
  return [
    row.subscriberCode,
    row.email,
    row.name,
    row.productId,
    row.productName,
    row.planId,
    row.planCode,
    row.planName,
    row.status,
    row.price,
    row.currency,
    iso(row.accessionDate),
    iso(row.nextChargeDate),
    row.connectionId,
  ];
}

/**
 * The lines of a subscriber-list CSV file, one at a time (header first, the byte order mark in front of it when
 * `bom` is set): RFC 4180, CRLF, formula-safe text cells (see `kit/csv.ts`). The CLI and the dashboard both write
 * their exports with it, so the two files are the same.
 *
 * @example
 * import { subscriberCsvLines } from './subscriber-list-csv.ts';
 * const file = [...subscriberCsvLines(rows, { locale: 'pt-BR' })].join('');
 */
export function* subscriberCsvLines(
  rows: Iterable<SubscriberListRow>,
  options: { locale: Locale; bom?: boolean },
): Generator<string> {
  yield (options.bom ? UTF8_BOM : '') + csvLine(subscriberListHeaders(options.locale));
  for (const row of rows) yield csvLine(subscriberCsvCells(row));
}

/**
 * A whole subscriber-list CSV document (see {@link subscriberCsvLines}).
 *
 * @example
 * import { subscriberListCsv } from './subscriber-list-csv.ts';
 * const text = subscriberListCsv(rows, { locale: 'en', bom: true });
 */
export function subscriberListCsv(
  rows: Iterable<SubscriberListRow>,
  options: { locale: Locale; bom?: boolean },
): string {
  return [...subscriberCsvLines(rows, options)].join('');
}
