import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime } from '../../../src/kit/i18n/format-date.ts';

const AT = Date.UTC(2025, 5, 2, 15, 30); // 2025-06-02T15:30:00Z

describe('formatDate', () => {
  it.each([
    ['pt-BR', 'short', '02/06/2025'],
    ['pt-BR', 'medium', '2 de jun. de 2025'],
    ['pt-BR', 'long', '2 de junho de 2025'],
    ['pt-BR', 'full', 'segunda-feira, 2 de junho de 2025'],
    ['es', 'short', '2/6/25'],
    ['es', 'long', '2 de junio de 2025'],
    ['es', 'full', 'lunes, 2 de junio de 2025'],
    ['en', 'short', '6/2/25'],
    ['en', 'medium', 'Jun 2, 2025'],
    ['en', 'long', 'June 2, 2025'],
    ['en', 'full', 'Monday, June 2, 2025'],
  ] as const)('writes %s %s as %j', (locale, style, expected) => {
    expect(formatDate(AT, locale, 'America/Sao_Paulo', style)).toBe(expected);
  });

  it('uses the long style by default and takes Dates and ISO strings', () => {
    expect(formatDate(new Date(AT), 'pt-BR', 'UTC')).toBe('2 de junho de 2025');
    expect(formatDate('2025-06-02T15:30:00Z', 'es', 'UTC')).toBe('2 de junio de 2025');
  });

  it('writes the day as seen in the time zone, not the server’s', () => {
    const lateEvening = Date.UTC(2025, 5, 3, 1, 30); // 22:30 on 2 June in São Paulo
    expect(formatDate(lateEvening, 'pt-BR', 'America/Sao_Paulo')).toBe('2 de junho de 2025');
    expect(formatDate(lateEvening, 'pt-BR', 'UTC')).toBe('3 de junho de 2025');
  });

  it('refuses an invalid instant, time zone, style or locale', () => {
    expect(() => formatDate(Number.NaN, 'en', 'UTC')).toThrow('formatDate: invalid instant null');
    expect(() => formatDate('not a date', 'en', 'UTC')).toThrow('formatDate: invalid instant "not a date"');
    expect(() => formatDate(AT, 'en', 'Mars/Olympus')).toThrow(
      'formatDate: unknown time zone "Mars/Olympus"',
    );
    expect(() => formatDate(AT, 'en', 'UTC', 'huge' as never)).toThrow(
      'formatDate: style must be one of short, medium, long, full',
    );
    expect(() => formatDate(AT, 'de' as never, 'UTC')).toThrow('formatDate: unsupported locale "de"');
  });
});

describe('formatDateTime', () => {
  it.each([
    ['pt-BR', 'America/Sao_Paulo', 'long', '2 de junho de 2025 às 12:30'],
    ['es', 'America/Sao_Paulo', 'long', '2 de junio de 2025 a las 12:30'],
    ['en', 'America/Sao_Paulo', 'long', 'June 2, 2025 at 12:30 PM'],
    ['pt-BR', 'America/New_York', 'medium', '2 de jun. de 2025, 11:30'],
    ['es', 'America/New_York', 'medium', '2 jun 2025, 11:30'],
    ['en', 'America/New_York', 'medium', 'Jun 2, 2025, 11:30 AM'],
  ] as const)('writes %s in %s (%s) as %j', (locale, timeZone, style, expected) => {
    expect(formatDateTime(AT, locale, timeZone, style)).toBe(expected);
  });

  it('refuses an unknown time zone', () => {
    expect(() => formatDateTime(AT, 'pt-BR', 'Nowhere/Land')).toThrow(
      'formatDateTime: unknown time zone "Nowhere/Land"',
    );
  });
});
