import { describe, expect, it } from 'vitest';
import type { WeeklyFigures } from '../../../src/agents/finance/weekly-figures.ts';
import { financeRows, financeSummary } from '../../../src/agents/finance/weekly-report.ts';
import { formatMoney } from '../../../src/kit/i18n/format-money.ts';

const WEEK = { week: '2026-W22', from: '2026-05-25', to: '2026-05-31' };

const figures: WeeklyFigures = {
  from: WEEK.from,
  to: WEEK.to,
  timeZone: 'America/Sao_Paulo',
  connectionId: 'main',
  sales: [
    {
      currency: 'BRL',
      sales: 3,
      gross: 1234.5,
      refunds: 1,
      refundedAmount: 97,
      chargebacks: 1,
      chargebackAmount: 47,
      net: 1090.5,
    },
    {
      currency: 'USD',
      sales: 1,
      gross: 49.9,
      refunds: 0,
      refundedAmount: 0,
      chargebacks: 0,
      chargebackAmount: 0,
      net: 49.9,
    },
  ],
  mrr: [
    {
      currency: 'BRL',
      opening: 1000,
      new: 99.9,
      expansion: 10,
      contraction: 5,
      churn: 49.9,
      reactivation: 0,
      closing: 1055,
      movements: { new: 1, expansion: 1, contraction: 1, churn: 1, reactivation: 0 },
    },
  ],
  // An affiliate paid in USD for a sale in BRL: the commission lands in its payout currency.
  affiliates: [
    { currency: 'BRL', affiliates: 1, sales: 1, gross: 497, commissions: 0 },
    { currency: 'USD', affiliates: 0, sales: 0, gross: 0, commissions: 24.85 },
  ],
  unpricedSales: 2,
};

describe('financeRows', () => {
  it('gives each tab a header and one row per currency keyed by week|currency, amounts as numbers', () => {
    const tabs = financeRows(figures, WEEK, 'en');
    expect(tabs.sales.headers).toEqual([
      'Key',
      'Week',
      'From',
      'To',
      'Currency',
      'Sales',
      'Gross',
      'Refunds',
      'Refunded amount',
      'Chargebacks',
      'Charged-back amount',
      'Net',
    ]);
    expect(tabs.sales.rows).toEqual([
      ['2026-W22|BRL', '2026-W22', '5/25/26', '5/31/26', 'BRL', 3, 1234.5, 1, 97, 1, 47, 1090.5],
      ['2026-W22|USD', '2026-W22', '5/25/26', '5/31/26', 'USD', 1, 49.9, 0, 0, 0, 0, 49.9],
    ]);
    expect(tabs.mrr.rows).toEqual([
      ['2026-W22|BRL', '2026-W22', '5/25/26', '5/31/26', 'BRL', 1000, 99.9, 10, 5, 49.9, 0, 1055],
    ]);
    expect(tabs.affiliates.headers.slice(5)).toEqual([
      'Affiliates',
      'Affiliate sales',
      'Affiliate gross',
      'Commissions',
    ]);
    expect(tabs.affiliates.rows.map((row) => row.slice(4))).toEqual([
      ['BRL', 1, 1, 497, 0],
      ['USD', 0, 0, 0, 24.85],
    ]);
  });
});

describe('financeSummary', () => {
  it('formats every amount in the seller’s language', () => {
    const m = (value: number, currency: string) => formatMoney(value, currency, 'pt-BR');
    expect(m(1234.5, 'BRL')).toBe('R$\u00a01.234,50');
    expect(financeSummary(figures, WEEK, 'pt-BR').split('\n')).toEqual([
      '*Resumo financeiro da semana 2026-W22* (25 de mai. de 2026 – 31 de mai. de 2026)',
      '*Vendas*',
      `• BRL: vendas 3, bruto ${m(1234.5, 'BRL')}; reembolsos 1 (${m(97, 'BRL')}); chargebacks 1 (${m(47, 'BRL')}); líquido ${m(1090.5, 'BRL')}`,
      `• USD: vendas 1, bruto ${m(49.9, 'USD')}; reembolsos 0 (${m(0, 'USD')}); chargebacks 0 (${m(0, 'USD')}); líquido ${m(49.9, 'USD')}`,
      'Vendas sem preço no espelho, deixadas de fora: 2.',
      '*MRR*',
      `• BRL: ${m(1000, 'BRL')} → ${m(1055, 'BRL')} (novo ${m(99.9, 'BRL')}, expansão ${m(10, 'BRL')}, contração ${m(5, 'BRL')}, cancelamentos ${m(49.9, 'BRL')}, reativação ${m(0, 'BRL')})`,
      '*Afiliados*',
      `• BRL: afiliados 1, vendas 1, bruto ${m(497, 'BRL')}; comissões ${m(0, 'BRL')}`,
      `• USD: afiliados 0, vendas 0, bruto ${m(0, 'USD')}; comissões ${m(24.85, 'USD')}`,
    ]);
    const es = financeSummary(figures, WEEK, 'es');
    expect(es).toContain('*Resumen financiero de la semana 2026-W22*');
    expect(es).toContain('neto');
  });
});
