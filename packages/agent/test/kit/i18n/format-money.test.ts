import { describe, expect, it } from 'vitest';
import { formatMoney, moneyFormatLocale } from '../../../src/kit/i18n/format-money.ts';

// Intl separates the symbol with a no-break space (U+00A0) in these locales.
const NBSP = '\u00a0';

describe('formatMoney', () => {
  it.each([
    [1500, 'BRL', 'pt-BR', `R$${NBSP}1.500,00`],
    [10, 'USD', 'pt-BR', `US$${NBSP}10,00`],
    [1500, 'EUR', 'pt-BR', `€${NBSP}1.500,00`],
    [97.9, 'BRL', 'pt-BR', `R$${NBSP}97,90`],
    [-10, 'BRL', 'pt-BR', `-R$${NBSP}10,00`],
    [1500, 'MXN', 'es', '$1,500.00'],
    [1500, 'ARS', 'es', `$${NBSP}1.500,00`],
    [1500, 'COP', 'es', `$${NBSP}1.500`],
    [1500, 'EUR', 'es', `1500,00${NBSP}€`],
    [1500, 'USD', 'es', `USD${NBSP}1,500.00`],
    [1500, 'BRL', 'es', `BRL${NBSP}1,500.00`],
    [1500, 'BRL', 'en', 'R$1,500.00'],
    [1500, 'MXN', 'en', 'MX$1,500.00'],
    [1500, 'USD', 'en', '$1,500.00'],
    [1500, 'EUR', 'en', '€1,500.00'],
    [1500, 'COP', 'en', `COP${NBSP}1,500`],
    [1500, 'ARS', 'en', `ARS${NBSP}1,500.00`],
  ] as const)('formats %d %s for %s as %j', (value, currency, locale, expected) => {
    expect(formatMoney(value, currency, locale)).toBe(expected);
  });

  it('accepts a lower-case currency code', () => {
    expect(formatMoney(1500, 'brl', 'pt-BR')).toBe(`R$${NBSP}1.500,00`);
  });

  it('rounds to the currency’s own minor unit', () => {
    expect(formatMoney(0.1 + 0.2, 'BRL', 'pt-BR')).toBe(`R$${NBSP}0,30`);
    expect(formatMoney(1500.5, 'COP', 'es')).toBe(`$${NBSP}1.501`);
  });

  it('picks the Spanish formatting region from the currency', () => {
    expect(moneyFormatLocale('es', 'MXN')).toBe('es-MX');
    expect(moneyFormatLocale('es', 'ars')).toBe('es-AR');
    expect(moneyFormatLocale('es', 'EUR')).toBe('es-ES');
    expect(moneyFormatLocale('es', 'BRL')).toBe('es-419');
    expect(moneyFormatLocale('pt-BR', 'MXN')).toBe('pt-BR');
    expect(moneyFormatLocale('en', 'BRL')).toBe('en');
  });

  it('refuses a non-finite value, a malformed currency or an unsupported locale', () => {
    expect(() => formatMoney(Number.NaN, 'BRL', 'pt-BR')).toThrow(
      'formatMoney: value must be a finite number, got NaN',
    );
    expect(() => formatMoney(Number.POSITIVE_INFINITY, 'BRL', 'en')).toThrow(TypeError);
    expect(() => formatMoney('10' as unknown as number, 'BRL', 'en')).toThrow(
      'value must be a finite number',
    );
    expect(() => formatMoney(10, 'REAL', 'pt-BR')).toThrow(
      'formatMoney: currency must be a three-letter ISO 4217 code, got "REAL"',
    );
    expect(() => formatMoney(10, '', 'pt-BR')).toThrow('three-letter ISO 4217 code');
    expect(() => formatMoney(10, 'BRL', 'fr' as never)).toThrow('formatMoney: unsupported locale "fr"');
  });
});
