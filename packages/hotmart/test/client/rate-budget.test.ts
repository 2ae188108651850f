import { describe, expect, it } from 'vitest';
import { createHotmartClient, RateBudgetError } from '../../src/index.ts';
import { RateBudget } from '../../src/internal/rate-budget.ts';
import { CLIENT_SECRET, FakeHotmart, json, setup, uniqueClientId, VirtualClock } from './fake-hotmart.ts';

const me = { id: 1, name: 'Ann', email: 'a@b.c', login: 'a@b.c', ucode: 'u' };

/** The largest number of timestamps inside any half-open window [t, t + 60 s). */
function maxInAnyMinute(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 60_000) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

describe('client-side rate budget (reference §3.6)', () => {
  it('never sends more than 500 requests in any 60 s window, and waits instead of failing', async () => {
    const { client, hotmart, clock } = setup();
    hotmart.onApi = () => json(me);
    const start = clock.time;
    const results = await Promise.all(Array.from({ length: 1_600 }, () => client.user.me()));
    expect(results).toHaveLength(1_600);
    const times = hotmart.apiRequests.map((request) => request.at);
    expect(times).toHaveLength(1_600);
    expect(maxInAnyMinute(times)).toBe(500);
    // 1,600 requests need four windows: the last batch goes out three minutes after the first.
    expect(Math.max(...times) - start).toBe(180_000);
  });

  it('sequential callers are held to the same limit', async () => {
    const { client, hotmart, clock } = setup({ rateLimit: { requestsPerMinute: 50 } });
    hotmart.onApi = () => json(me);
    for (let index = 0; index < 120; index++) {
      await client.user.me();
      clock.time += 100;
    }
    const times = hotmart.apiRequests.map((request) => request.at);
    expect(maxInAnyMinute(times)).toBe(50);
  });

  it('with maxBudgetWaitMs, refuses at once (nothing sent) when the budget would make the call wait longer', async () => {
    const { client, hotmart, clock } = setup({ rateLimit: { requestsPerMinute: 3 } });
    hotmart.onApi = () => json(me);
    const start = clock.time;
    for (let index = 0; index < 3; index++) {
      await client.user.me({ maxBudgetWaitMs: 1_000 });
      clock.time += 10_000;
    }
    const refused = await client.user.me({ maxBudgetWaitMs: 1_000 }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(RateBudgetError);
    expect((refused as RateBudgetError).code).toBe('hotmart_rate_budget');
    // The first grant leaves the window 60 s after it was made.
    expect((refused as RateBudgetError).retryAt).toBe(start + 60_000);
    expect(hotmart.apiRequests).toHaveLength(3);
    // A wait within the limit is taken: 1 s before the window opens, the call waits and goes out.
    clock.time = start + 59_000;
    await client.user.me({ maxBudgetWaitMs: 1_000 });
    expect(hotmart.apiRequests.map((request) => request.at - start)).toEqual([0, 10_000, 20_000, 60_000]);
  });

  it('is shared by client instances with the same clientId', async () => {
    const clock = new VirtualClock();
    const hotmart = new FakeHotmart(clock.now);
    hotmart.onApi = () => json(me);
    const clientId = uniqueClientId();
    const make = () =>
      createHotmartClient({
        clientId,
        clientSecret: CLIENT_SECRET,
        fetch: hotmart.fetch,
        now: clock.now,
        sleep: clock.sleep,
        rateLimit: { requestsPerMinute: 100 },
      });
    const [a, b] = [make(), make()];
    await Promise.all(Array.from({ length: 150 }, (_, index) => (index % 2 ? a : b).user.me()));
    expect(maxInAnyMinute(hotmart.apiRequests.map((request) => request.at))).toBe(100);

    // A different credential has its own budget.
    const other = setup({
      fetch: hotmart.fetch,
      now: clock.now,
      sleep: clock.sleep,
      rateLimit: { requestsPerMinute: 100 },
    });
    const before = clock.time;
    await Promise.all(Array.from({ length: 100 }, () => other.client.user.me()));
    expect(clock.time).toBe(before);
  });

  it('obeys RateLimit-Remaining: 0 until RateLimit-Reset', async () => {
    const { client, hotmart, clock } = setup();
    hotmart.onApi = () =>
      json(me, 200, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '30', 'RateLimit-Limit': '500' });
    await client.user.me();
    const first = hotmart.apiRequests[0]!.at;
    hotmart.onApi = () => json(me, 200, { 'RateLimit-Remaining': '499', 'RateLimit-Reset': '60' });
    await client.user.me();
    expect(clock.sleeps).toEqual([30_000]);
    expect(hotmart.apiRequests[1]!.at - first).toBe(30_000);
  });

  it('lets only RateLimit-Remaining more requests through before the reset', async () => {
    const { client, hotmart } = setup();
    let served = 0;
    hotmart.onApi = () => {
      served += 1;
      return served === 1 ? json(me, 200, { 'RateLimit-Remaining': '2', 'RateLimit-Reset': '20' }) : json(me);
    };
    await client.user.me();
    const start = hotmart.apiRequests[0]!.at;
    await Promise.all(Array.from({ length: 4 }, () => client.user.me()));
    const offsets = hotmart.apiRequests.slice(1).map((request) => request.at - start);
    expect(offsets).toEqual([0, 0, 20_000, 20_000]);
  });

  it('ignores RateLimit-Remaining without RateLimit-Reset, and malformed values', () => {
    const budget = new RateBudget(500);
    budget.observe({ 'ratelimit-remaining': '0' }, 0);
    expect(budget.waitMs(0)).toBe(0);
    budget.observe({ 'ratelimit-remaining': 'many', 'ratelimit-reset': '10' }, 0);
    expect(budget.waitMs(0)).toBe(0);
    budget.observe({ 'ratelimit-remaining': '0', 'ratelimit-reset': '-5' }, 0);
    expect(budget.waitMs(0)).toBe(0);
    budget.observe({ 'ratelimit-remaining': '0', 'ratelimit-reset': '10' }, 0);
    expect(budget.waitMs(0)).toBe(10_000);
    expect(budget.waitMs(10_000)).toBe(0);
  });

  it('rateLimit: false turns the client budget off', async () => {
    const { client, hotmart, clock } = setup({ rateLimit: false });
    hotmart.onApi = () => json(me);
    await Promise.all(Array.from({ length: 600 }, () => client.user.me()));
    expect(clock.sleeps).toEqual([]);
    expect(hotmart.apiRequests).toHaveLength(600);
  });

  it('does not count the token request against the API budget', async () => {
    const { client, hotmart } = setup({ rateLimit: { requestsPerMinute: 1 } });
    hotmart.onApi = () => json(me);
    await client.user.me();
    expect(hotmart.tokenRequests).toHaveLength(1);
    expect(hotmart.apiRequests[0]!.at).toBe(hotmart.tokenRequests[0]!.at);
  });
});
