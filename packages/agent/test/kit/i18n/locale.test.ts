import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCALE, isLocale, LOCALES, resolveLocale } from '../../../src/kit/i18n/locale.ts';

describe('resolveLocale', () => {
  it.each([
    ['pt_BR', 'pt-BR'],
    ['PT_BR', 'pt-BR'],
    ['pt-BR', 'pt-BR'],
    ['pt', 'pt-BR'],
    ['pt_PT', 'pt-BR'],
    ['es_MX', 'es'],
    ['es-419', 'es'],
    ['ES', 'es'],
    ['es', 'es'],
    ['en_US', 'en'],
    ['en-GB', 'en'],
    ['EN', 'en'],
    [' pt_BR ', 'pt-BR'],
  ] as const)('reads the language tag %j as %s', (input, expected) => {
    expect(resolveLocale(input)).toBe(expected);
  });

  it.each([
    ['BR', 'pt-BR'],
    ['br', 'pt-BR'],
    ['MX', 'es'],
    ['CO', 'es'],
    ['AR', 'es'],
    ['CL', 'es'],
    ['PE', 'es'],
    ['US', 'en'],
    ['DE', 'en'],
    ['JP', 'en'],
  ] as const)('reads the country ISO %s as %s', (input, expected) => {
    expect(resolveLocale(input)).toBe(expected);
  });

  it('falls back to the region of a language it does not ship, then to English', () => {
    expect(resolveLocale('ca_ES')).toBe('es');
    expect(resolveLocale('gn-PY')).toBe('es');
    expect(resolveLocale('fr_CA')).toBe('en');
    // Hotmart's sales/users sample sends a bare upper-case language code (reference fixture sales-users.json).
    expect(resolveLocale('FR')).toBe('en');
  });

  it('prefers the locale over the country and uses the country when the locale says nothing', () => {
    expect(resolveLocale({ locale: 'en_US', country: 'BR' })).toBe('en');
    expect(resolveLocale({ locale: null, country: 'MX' })).toBe('es');
    expect(resolveLocale({ locale: 'FR', country: 'BR' })).toBe('pt-BR');
    expect(resolveLocale({})).toBe('en');
  });

  it('returns the fallback for empty, malformed or non-string input', () => {
    expect(resolveLocale(undefined)).toBe('en');
    expect(resolveLocale(null)).toBe('en');
    expect(resolveLocale('')).toBe('en');
    expect(resolveLocale('   ')).toBe('en');
    expect(resolveLocale('123')).toBe('en');
    expect(resolveLocale('--')).toBe('en');
    expect(resolveLocale('zz-ZZ', 'pt-BR')).toBe('pt-BR');
    expect(resolveLocale(42 as unknown as string)).toBe('en');
  });

  it('lists the supported locales and recognises only exact tags', () => {
    expect(LOCALES).toEqual(['pt-BR', 'es', 'en']);
    expect(DEFAULT_LOCALE).toBe('en');
    expect(isLocale('pt-BR')).toBe(true);
    expect(isLocale('pt_BR')).toBe(false);
    expect(isLocale('EN')).toBe(false);
    expect(isLocale(undefined)).toBe(false);
  });
});
