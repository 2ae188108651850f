import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/errors.ts';
import {
  addDays,
  checkLocalDate,
  checkTimeZone,
  daysBetween,
  isTimeZone,
  localDateOf,
  localPeriod,
  startOfLocalDay,
} from '../../src/store/mirror/reports-time.ts';
import { localDate } from './expected.ts';

const ZONES = [
  'UTC',
  'America/Sao_Paulo',
  'America/Mexico_City',
  'America/New_York',
  'Europe/Madrid',
  'Asia/Kathmandu',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Santiago',
];

describe('report dates', () => {
  it('reads the local date of an instant in a zone', () => {
    const at = Date.UTC(2026, 4, 2, 2, 0);
    expect(localDateOf(at, 'America/Sao_Paulo')).toBe('2026-05-01');
    expect(localDateOf(at, 'UTC')).toBe('2026-05-02');
    expect(localDateOf(Date.UTC(2026, 0, 1, 18, 14), 'Asia/Kathmandu')).toBe('2026-01-01');
    expect(localDateOf(Date.UTC(2026, 0, 1, 18, 15), 'Asia/Kathmandu')).toBe('2026-01-02');
  });

  it('agrees with Intl for any instant and zone (the slot cache never changes an answer)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          expect(localDateOf(ms, zone)).toBe(localDate(ms, zone));
          expect(localDateOf(ms + 1, zone)).toBe(localDate(ms + 1, zone));
        },
      ),
      { numRuns: 400 },
    );
  });

  it('starts a day at local midnight', () => {
    expect(startOfLocalDay('2026-05-01', 'America/Sao_Paulo')).toBe(Date.UTC(2026, 4, 1, 3));
    expect(startOfLocalDay('2026-05-01', 'UTC')).toBe(Date.UTC(2026, 4, 1));
    expect(startOfLocalDay('2026-07-01', 'Europe/Madrid')).toBe(Date.UTC(2026, 5, 30, 22));
    expect(startOfLocalDay('2026-01-01', 'Asia/Kathmandu')).toBe(Date.UTC(2025, 11, 31, 18, 15));
  });

  it('starts a day whose midnight was skipped at the daylight-saving change', () => {
    // Brazil moved its clocks from 00:00 to 01:00 on 4 November 2018: the day began at 01:00 local (03:00 UTC).
    expect(startOfLocalDay('2018-11-04', 'America/Sao_Paulo')).toBe(Date.UTC(2018, 10, 4, 3));
    // …and back from 00:00 to 23:00 on 17 February 2019: the 16th lasted 25 hours, the 17th began at 03:00 UTC.
    expect(startOfLocalDay('2019-02-17', 'America/Sao_Paulo')).toBe(Date.UTC(2019, 1, 17, 3));
    expect(startOfLocalDay('2019-02-16', 'America/Sao_Paulo')).toBe(Date.UTC(2019, 1, 16, 2));
  });

  it('gives, for any date and zone, the first instant of that local date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.constantFrom(...ZONES),
        (ms, zone) => {
          const date = new Date(ms).toISOString().slice(0, 10);
          const start = startOfLocalDay(date, zone);
          expect(localDate(start, zone)).toBe(date);
          expect(localDate(start - 1, zone) < date).toBe(true);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('counts and shifts calendar days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-05-01', '2026-05-31')).toBe(31);
    expect(daysBetween('2026-05-01', '2026-05-01')).toBe(1);
    const period = localPeriod('2026-05-01', '2026-05-31', 'America/Sao_Paulo');
    expect(period).toEqual({ start: Date.UTC(2026, 4, 1, 3), end: Date.UTC(2026, 5, 1, 3), days: 31 });
  });

  it('refuses impossible dates, reversed periods and unknown zones', () => {
    for (const bad of ['2026-02-30', '2026-13-01', '26-05-01', '2026-5-1', '', 'yesterday']) {
      expect(() => checkLocalDate(bad, 'from')).toThrow(StoreError);
    }
    expect(() => checkLocalDate('2026-02-30', 'from')).toThrow(/from must be a calendar date/);
    expect(() => localPeriod('2026-05-31', '2026-05-01', 'UTC')).toThrow(/before from/);
    expect(() => checkTimeZone('Mars/Olympus_Mons')).toThrow(/unknown time zone/);
    expect(() => checkTimeZone('')).toThrow(StoreError);
    expect(isTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isTimeZone('America/Nowhere')).toBe(false);
    try {
      startOfLocalDay('2026-05-01', 'Nowhere/At_All');
      expect.unreachable();
    } catch (error) {
      expect((error as StoreError).code).toBe('invalid');
    }
  });
});
