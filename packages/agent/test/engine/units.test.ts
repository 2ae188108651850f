import { describe, expect, it } from 'vitest';
import { backoffDelay } from '../../src/engine/backoff.ts';
import { compileSchedule } from '../../src/engine/cron-slot.ts';
import { parseDuration } from '../../src/engine/duration.ts';
import { AttemptTimeoutError, NonRetriableError, RetryAfterError } from '../../src/engine/errors.ts';
import { serializeError } from '../../src/engine/serialize-error.ts';
import { toJson } from '../../src/engine/step.ts';
import { createWakeup } from '../../src/engine/wakeup.ts';

describe('parseDuration', () => {
  it('reads numbers and unit strings', () => {
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('30s')).toBe(30_000);
    expect(parseDuration('5m')).toBe(300_000);
    expect(parseDuration('2h')).toBe(7_200_000);
    expect(parseDuration('3d')).toBe(259_200_000);
    expect(parseDuration('1w')).toBe(604_800_000);
    expect(parseDuration('1.5s')).toBe(1_500);
    expect(parseDuration(0)).toBe(0);
  });

  it.each([['5 minutes'], [''], ['-1s'], ['1y'], ['m5']])('refuses %j', (text) => {
    expect(() => parseDuration(text)).toThrow(/invalid duration/);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses the number %d', (value) => {
    expect(() => parseDuration(value)).toThrow(/invalid duration/);
  });
});

describe('backoffDelay', () => {
  it('grows exponentially from 1 s and is capped at 10 min (random pinned near 1)', () => {
    const top = () => 0.999_999;
    const delays = [1, 2, 3, 4, 5, 10, 11, 30, 2_000].map((n) => backoffDelay(n, { random: top }));
    expect(delays).toEqual([999, 1_999, 3_999, 7_999, 15_999, 511_999, 599_999, 599_999, 599_999]);
  });

  it('is full jitter: random 0 gives 0, random 0.5 gives half the ceiling', () => {
    expect(backoffDelay(4, { random: () => 0 })).toBe(0);
    expect(backoffDelay(4, { random: () => 0.5 })).toBe(4_000);
  });

  it('stays within [0, ceiling) for real randomness', () => {
    for (let failures = 1; failures <= 15; failures++) {
      const ceiling = Math.min(600_000, 1_000 * 2 ** (failures - 1));
      for (let i = 0; i < 50; i++) {
        const delay = backoffDelay(failures);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThan(ceiling);
      }
    }
  });

  it('honours custom base and cap', () => {
    expect(backoffDelay(3, { baseMs: 10, capMs: 25, random: () => 0.5 })).toBe(12);
  });
});

describe('errors', () => {
  it('RetryAfterError computes its retry time from ms or a date', () => {
    expect(new RetryAfterError('later', 5_000).retryAt(1_000)).toBe(6_000);
    expect(new RetryAfterError('later', new Date(42_000)).retryAt(1_000)).toBe(42_000);
  });

  it('RetryAfterError refuses nonsense delays', () => {
    expect(() => new RetryAfterError('x', -5)).toThrow(TypeError);
    expect(() => new RetryAfterError('x', new Date('nope'))).toThrow(TypeError);
  });

  it('NonRetriableError keeps its code and cause', () => {
    const cause = new Error('root');
    const error = new NonRetriableError('stop', { code: 'E_STOP', cause });
    expect([error.name, error.message, error.code, error.cause]).toEqual([
      'NonRetriableError',
      'stop',
      'E_STOP',
      cause,
    ]);
  });

  it('AttemptTimeoutError names the limit', () => {
    const error = new AttemptTimeoutError(250);
    expect([error.code, error.timeoutMs, error.message]).toEqual([
      'ATTEMPT_TIMEOUT',
      250,
      'attempt timed out after 250 ms',
    ]);
  });
});

describe('serializeError', () => {
  it('keeps name, message and code only (no stack, no other properties)', () => {
    const error = Object.assign(new Error('boom'), {
      code: 'E_BOOM',
      request: { headers: { authorization: 'Bearer secret-token' } },
    });
    const serialized = serializeError(error);
    expect(serialized).toEqual({ name: 'Error', message: 'boom', code: 'E_BOOM' });
    expect(JSON.stringify(serialized)).not.toContain('secret-token');
  });

  it('describes thrown non-errors without their contents', () => {
    expect(serializeError('plain')).toEqual({ name: 'NonError', message: 'plain' });
    expect(serializeError(42)).toEqual({ name: 'NonError', message: '42' });
    expect(serializeError({ token: 'abc' })).toEqual({
      name: 'NonError',
      message: 'non-Error value thrown: [object Object]',
    });
  });

  it('clips huge messages and turns numeric codes into strings', () => {
    const serialized = serializeError(Object.assign(new Error('x'.repeat(5_000)), { code: 503 }));
    expect(serialized.message.length).toBe(2_001);
    expect(serialized.code).toBe('503');
  });
});

describe('toJson', () => {
  it('is the JSON round trip, undefined becoming null', () => {
    expect(toJson(undefined)).toBeNull();
    expect(toJson({ at: new Date(0), skip: undefined, n: 1 })).toEqual({
      at: '1970-01-01T00:00:00.000Z',
      n: 1,
    });
  });

  it('refuses circular values with a NonRetriableError', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => toJson(circular)).toThrow(NonRetriableError);
    expect(() => toJson(10n)).toThrow(/not JSON-serialisable/);
  });
});

describe('compileSchedule', () => {
  const at = (iso: string) => Date.parse(iso);

  it('finds the latest slot ≤ now and the next slot, in the time zone', () => {
    const monday7 = compileSchedule('0 7 * * 1', 'America/Sao_Paulo');
    // 07:00 in São Paulo (UTC−3) is 10:00 UTC.
    expect(monday7.latest(at('2025-06-04T12:00:00Z'), null)).toBe(at('2025-06-02T10:00:00Z'));
    expect(monday7.latest(at('2025-06-02T10:00:00Z'), null)).toBe(at('2025-06-02T10:00:00Z'));
    expect(monday7.latest(at('2025-06-02T09:59:59Z'), null)).toBe(at('2025-05-26T10:00:00Z'));
    expect(monday7.next(at('2025-06-02T10:00:00Z'))).toBe(at('2025-06-09T10:00:00Z'));
  });

  it('returns nothing newer than `after`', () => {
    const hourly = compileSchedule('0 * * * *', 'UTC');
    expect(hourly.latest(at('2025-06-02T10:30:00Z'), at('2025-06-02T10:00:00Z'))).toBeNull();
    expect(hourly.latest(at('2025-06-02T11:30:00Z'), at('2025-06-02T10:00:00Z'))).toBe(
      at('2025-06-02T11:00:00Z'),
    );
    // After long downtime only the newest missed slot is returned.
    expect(hourly.latest(at('2025-09-02T11:30:00Z'), at('2025-06-02T10:00:00Z'))).toBe(
      at('2025-09-02T11:00:00Z'),
    );
  });

  it('handles second-level and rare patterns', () => {
    expect(compileSchedule('*/10 * * * * *', 'UTC').latest(at('2025-06-02T10:00:25.500Z'), null)).toBe(
      at('2025-06-02T10:00:20Z'),
    );
    expect(compileSchedule('0 0 29 2 *', 'UTC').latest(at('2026-06-01T00:00:00Z'), null)).toBe(
      at('2024-02-29T00:00:00Z'),
    );
  });
});

describe('createWakeup', () => {
  it('keeps a notify that came before the wait', async () => {
    const wakeup = createWakeup();
    wakeup.notify();
    const started = performance.now();
    await wakeup.wait(10_000);
    expect(performance.now() - started).toBeLessThan(100);
  });

  it('returns on notify, on timeout, and at once when closed', async () => {
    const wakeup = createWakeup();
    let started = performance.now();
    setTimeout(() => wakeup.notify(), 20);
    await wakeup.wait(10_000);
    const notified = performance.now() - started;
    expect(notified).toBeGreaterThanOrEqual(15);
    expect(notified).toBeLessThan(1_000);

    started = performance.now();
    await wakeup.wait(30);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);

    wakeup.close();
    started = performance.now();
    await wakeup.wait(10_000);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
