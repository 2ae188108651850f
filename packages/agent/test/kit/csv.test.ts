import { describe, expect, it } from 'vitest';
import { csvLine, formulaSafe, toCsv, UTF8_BOM } from '../../src/kit/csv.ts';
import { subscriberListCsv, subscriberListHeaders } from '../../src/store/mirror/subscriber-list-csv.ts';
import { SUBSCRIPTIONS } from '../store/mirror/subscriber-list-fixtures.ts';
import { parseCsv } from './parse-csv.ts';

describe('CSV writer', () => {
  it('quotes commas, quotes and line breaks, ends records with CRLF, and writes numbers plainly', () => {
    expect(csvLine(['Souza, Ana', 'diz "oi"', 'a\nb', 19.9, null, true])).toBe(
      '"Souza, Ana","diz ""oi""","a\nb",19.9,,true\r\n',
    );
    expect(toCsv([['a'], ['b']])).toBe('a\r\nb\r\n');
    expect(toCsv([['a']], { bom: true })).toBe(`${UTF8_BOM}a\r\n`);
  });

  it('prefixes text that a spreadsheet would run as a formula, and nothing else', () => {
    for (const text of ['=1+1', '+55 11', '-2', '@SUM(A1)', '\tx', '\rx'])
      expect(formulaSafe(text)).toBe(`'${text}`);
    expect(formulaSafe('Ana')).toBe('Ana');
    expect(csvLine([-5, '-5'])).toBe("-5,'-5\r\n");
  });

  it('writes a subscriber list whose parse gives back the headers and every cell', () => {
    const rows = SUBSCRIPTIONS.slice(0, 3).map((s) => ({
      connectionId: s.connectionId,
      subscriberCode: s.subscriberCode,
      email: s.subscriberEmail,
      name: s.subscriberName,
      productId: s.productId,
      productName: null,
      planId: s.planId,
      planCode: s.planCode,
      planName: s.planName,
      status: s.status,
      price: s.price,
      currency: s.currency,
      accessionDate: s.accessionDate,
      nextChargeDate: s.dateNextCharge,
    }));
    const parsed = parseCsv(subscriberListCsv(rows, { locale: 'es' }));
    expect(parsed[0]).toEqual(subscriberListHeaders('es'));
    expect(parsed[2]).toEqual([
      'S02',
      's02@example.com',
      `'=HYPERLINK("http://x","y")`,
      '100',
      '',
      '11',
      'monthly',
      'Mensal',
      'DELAYED',
      '49.9',
      'BRL',
      '2026-05-01T12:00:00.000Z',
      '2026-05-31T12:00:00.000Z',
      'main',
    ]);
    expect(parsed).toHaveLength(4);
  });
});
