import {
  createEmulatorClock,
  DEFAULT_REFERENCE_NOW,
  type RunningEmulator,
  startEmulator,
} from '@hotpilot/emulator';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/index.ts';
import { clientFor, DEFAULT_STATUSES, instantSleep, requestsTo, tokenRequests } from './support.ts';

// The client's failure handling against the emulator's faults, clock and rate limit: re-authentication, waiting
// out 429s, retrying 5xx and timeouts, Hotmart's HTML-for-unknown-paths quirk and bad page tokens.

const ME = '/user/api/v1/me';
const HISTORY = '/payments/api/v1/sales/history';
const TOKEN_TTL_SECONDS = 3_600;

let hotmart: RunningEmulator;

beforeAll(async () => {
  hotmart = await startEmulator({
    seed: 11,
    sales: 4_000,
    rateLimit: false,
    tokenTtlSeconds: TOKEN_TTL_SECONDS,
    // A frozen clock: token lifetimes and rate-limit windows only move when a test moves them.
    clock: createEmulatorClock({ start: DEFAULT_REFERENCE_NOW, frozen: true }),
  });
});
afterAll(() => hotmart.close());
beforeEach(() => {
  hotmart.emulator.reset();
  hotmart.emulator.rateLimiter.configure({ enabled: false });
  hotmart.emulator.clock.set(DEFAULT_REFERENCE_NOW);
});

const statusesOf = (path: string) => requestsTo(hotmart, path).map((request) => request.status);
const failure = (promise: PromiseLike<unknown>) =>
  Promise.resolve(promise).then(
    () => undefined,
    (error: unknown) => error,
  );

describe('authentication', () => {
  it('re-authenticates transparently when the token is revoked in the middle of a pagination', async () => {
    const client = clientFor(hotmart);
    const expected = hotmart.account.saleCount();
    const seen: string[] = [];
    let pages = 0;
    for await (const page of client.sales.history({ max_results: 250 }).pages()) {
      pages += 1;
      for (const item of page.items) seen.push(item.purchase?.transaction ?? '');
      // Hotmart forgets the token (reference §2.5): the next page is answered 401 invalid_token.
      if (pages === 2) hotmart.emulator.tokens.clear();
    }
    let approved = 0;
    for (let index = 0; index < expected; index++)
      if (DEFAULT_STATUSES.has(hotmart.account.saleAt(index).status)) approved++;
    expect(seen).toHaveLength(approved);
    expect(new Set(seen).size).toBe(approved);
    expect(tokenRequests(hotmart)).toHaveLength(2);
    expect(statusesOf(HISTORY).filter((status) => status === 401)).toHaveLength(1);
    expect(statusesOf(HISTORY).slice(0, 3)).toEqual([200, 200, 401]);
  });

  it('refreshes after the token expires on the emulator clock (401 token_expired, then a new token)', async () => {
    const client = clientFor(hotmart);
    await client.user.me();
    hotmart.emulator.clock.advance((TOKEN_TTL_SECONDS + 1) * 1000);
    const me = await client.user.me();
    expect(me.id).toBe(hotmart.account.producer.id);
    expect(statusesOf(ME)).toEqual([200, 401, 200]);
    expect(tokenRequests(hotmart)).toHaveLength(2);
  });

  it('refreshes ahead of expiry when the client shares the clock (no 401 at all)', async () => {
    const client = clientFor(hotmart, { now: () => hotmart.emulator.clock.now() });
    await client.user.me();
    // Inside the refresh margin (10 % of the lifetime) but before expiry.
    hotmart.emulator.clock.advance(TOKEN_TTL_SECONDS * 950);
    await client.user.me();
    expect(statusesOf(ME)).toEqual([200, 200]);
    expect(tokenRequests(hotmart)).toHaveLength(2);
  });

  it('shares one token request among 20 concurrent first calls', async () => {
    const client = clientFor(hotmart);
    const answers = await Promise.all(Array.from({ length: 20 }, () => client.user.me()));
    expect(new Set(answers.map((me) => me.ucode))).toEqual(new Set([hotmart.account.producer.ucode]));
    expect(tokenRequests(hotmart)).toHaveLength(1);
    expect(statusesOf(ME)).toEqual(Array.from({ length: 20 }, () => 200));
  });

  it('fails with AuthenticationError, naming no secret, when the credentials are refused', async () => {
    const client = clientFor(hotmart, { clientSecret: 'not-the-secret-xyz' });
    const error = await failure(client.user.me());
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, error: 'invalid_client' });
    expect(JSON.stringify(error)).not.toContain('not-the-secret-xyz');
    expect(String((error as Error).message)).not.toContain('not-the-secret-xyz');
    expect(requestsTo(hotmart, ME)).toHaveLength(0);
  });

  it('retries a dropped token request', async () => {
    hotmart.emulator.faults.add({ route: '/security/oauth/token', failFirst: 1, failWith: 'drop' });
    const { sleep } = instantSleep();
    const client = clientFor(hotmart, { sleep });
    await expect(client.user.me()).resolves.toMatchObject({ id: hotmart.account.producer.id });
    expect(tokenRequests(hotmart).map((request) => [request.status, request.fault])).toEqual([
      [0, 'drop'],
      [200, undefined],
    ]);
  });
});

describe('rate limits', () => {
  it('waits out an injected 429 for the RateLimit-Reset it carries, then retries', async () => {
    hotmart.emulator.faults.add({ route: ME, failFirst: 1, failWith: 'rate_limit' });
    const resets: string[] = [];
    const { sleep, delays } = instantSleep();
    const client = clientFor(hotmart, {
      sleep,
      fetch: async (input, init) => {
        const response = await fetch(input, init);
        if (response.status === 429) resets.push(response.headers.get('ratelimit-reset') ?? '');
        return response;
      },
    });
    await expect(client.user.me()).resolves.toMatchObject({ id: hotmart.account.producer.id });
    // The frozen clock sits on a minute boundary: the window resets in 60 s.
    expect(resets).toEqual(['60']);
    expect(delays).toEqual([60_000]);
    expect(requestsTo(hotmart, ME).map((request) => [request.status, request.fault])).toEqual([
      [429, 'rate_limit'],
      [200, undefined],
    ]);
  });

  it("waits for the emulator's own window to reset when the limit is reached", async () => {
    hotmart.emulator.rateLimiter.configure({ enabled: true, limit: 3, windowMs: 60_000 });
    hotmart.emulator.clock.set(DEFAULT_REFERENCE_NOW + 45_000);
    const delays: number[] = [];
    // Waiting moves the emulator clock, so the retry lands in the next window.
    const client = clientFor(hotmart, {
      sleep: async (ms) => {
        delays.push(ms);
        hotmart.emulator.clock.advance(ms);
      },
    });
    for (let call = 0; call < 4; call++) await client.user.me();
    expect(statusesOf(ME)).toEqual([200, 200, 200, 429, 200]);
    expect(delays).toEqual([15_000]);
  });

  it('gives up with RateLimitError (and resetAt) when every retry is refused', async () => {
    hotmart.emulator.faults.add({ route: ME, rateLimitRate: 1 });
    const { sleep, delays } = instantSleep();
    const client = clientFor(hotmart, { sleep, maxRetries: 2, now: () => hotmart.emulator.clock.now() });
    const error = await failure(client.user.me());
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, error: 'too_many_requests' });
    expect((error as RateLimitError).resetAt).toBe(DEFAULT_REFERENCE_NOW + 60_000);
    expect(delays).toEqual([60_000, 60_000]);
    expect(statusesOf(ME)).toEqual([429, 429, 429]);
  });
});

describe('server errors and timeouts', () => {
  it('retries 503s with backoff, then succeeds', async () => {
    hotmart.emulator.faults.add({ route: ME, failFirst: 2, failWith: 'error', errorStatus: 503 });
    const { sleep, delays } = instantSleep();
    const client = clientFor(hotmart, { sleep, random: () => 0.5 });
    await expect(client.user.me()).resolves.toMatchObject({ ucode: hotmart.account.producer.ucode });
    expect(statusesOf(ME)).toEqual([503, 503, 200]);
    // Jittered exponential backoff from 250 ms: half fixed, half random (random() = 0.5 here).
    expect(delays).toEqual([188, 375]);
  });

  it('gives up with ServerError after its retries, and never repeats a refund after a 500', async () => {
    hotmart.emulator.faults.add({ route: ME, errorRate: 1, errorStatus: 502 });
    const { sleep } = instantSleep();
    const client = clientFor(hotmart, { sleep, maxRetries: 2 });
    const error = await failure(client.user.me());
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ status: 502, code: 'hotmart_server' });
    expect(statusesOf(ME)).toEqual([502, 502, 502]);

    const sale = hotmart.account.saleAt(0);
    const refundPath = `/payments/api/v1/sales/${sale.transaction}/refund`;
    hotmart.emulator.faults.add({ route: refundPath, failFirst: 1, failWith: 'error' });
    const refund = await failure(client.sales.refund(sale.transaction));
    expect(refund).toBeInstanceOf(ServerError);
    // The 500 may have hidden a refund that happened: the client leaves the decision to the caller.
    expect(statusesOf(refundPath)).toEqual([500]);
  });

  it('times out a request the server holds, retries it, and reports TimeoutError', async () => {
    hotmart.emulator.faults.add({ route: ME, failFirst: 2, failWith: 'timeout' });
    const { sleep } = instantSleep();
    const client = clientFor(hotmart, { sleep, timeoutMs: 150, maxRetries: 1 });
    const error = await failure(client.user.me());
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ code: 'hotmart_timeout' });
    expect(requestsTo(hotmart, ME).map((request) => request.fault)).toEqual(['timeout', 'timeout']);
    // The rule is spent: the next call goes through.
    await expect(client.user.me()).resolves.toMatchObject({ id: hotmart.account.producer.id });
  });

  it('recovers from one timeout within a single call', async () => {
    hotmart.emulator.faults.add({ route: HISTORY, failFirst: 1, failWith: 'timeout' });
    const { sleep } = instantSleep();
    const client = clientFor(hotmart, { sleep, timeoutMs: 150 });
    const page = await client.sales.history({ max_results: 5 });
    expect(page.items).toHaveLength(5);
    expect(requestsTo(hotmart, HISTORY).map((request) => request.fault)).toEqual(['timeout', undefined]);
  });
});

describe("Hotmart's quirks", () => {
  it('reports the HTML page Hotmart answers (200) for an unknown path as a clear error, without retrying', async () => {
    const client = clientFor(hotmart, { apiBaseUrl: `${hotmart.url}/not-the-api-host` });
    const error = await failure(client.user.me());
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toMatchObject({ status: 200, code: 'unexpected_html_response' });
    expect((error as Error).message).toMatch(/HTML instead of JSON/);
    expect(requestsTo(hotmart, `/not-the-api-host${ME}`).map((request) => request.status)).toEqual([200]);
  });

  it('refuses a made-up page token and a token of another query with BadRequestError invalid_token', async () => {
    const client = clientFor(hotmart);
    const madeUp = await failure(client.sales.history({ page_token: 'eyJyb3dzIjo1LCJwYWdlIjozfQ==' }));
    expect(madeUp).toBeInstanceOf(BadRequestError);
    expect(madeUp).toMatchObject({ status: 400, error: 'invalid_token', code: 'hotmart_bad_request' });

    const first = await client.sales.history({ max_results: 10 });
    const token = first.pageInfo.next_page_token ?? '';
    expect(token).not.toBe('');
    const foreign = await failure(
      client.sales.history({ transaction_status: 'REFUNDED', max_results: 10, page_token: token }),
    );
    expect(foreign).toBeInstanceOf(BadRequestError);
    expect(foreign).toMatchObject({ error: 'invalid_token' });
    // The token still works for the query it was issued for.
    const second = await client.sales.history({ max_results: 10, page_token: token });
    expect(second.items[0]?.purchase?.transaction).not.toBe(first.items[0]?.purchase?.transaction);
  });
});
