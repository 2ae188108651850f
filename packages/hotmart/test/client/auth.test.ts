import { describe, expect, it } from 'vitest';
import { AuthenticationError, ConnectionError } from '../../src/index.ts';
import { CLIENT_SECRET, json, setup, TOKEN_URL, tokenResponse } from './fake-hotmart.ts';

const me = { id: 1, name: 'Ann', email: 'ann@example.com', login: 'ann@example.com', ucode: 'u-1' };

describe('token request (reference §2.2)', () => {
  it('POSTs the three parameters in the query string with Basic auth, JSON content type and no body', async () => {
    const { client, hotmart, options } = setup();
    hotmart.onApi = () => json(me);
    await client.user.me();

    expect(hotmart.tokenRequests).toHaveLength(1);
    const request = hotmart.tokenRequests[0]!;
    expect(request.method).toBe('POST');
    expect(`${request.url.origin}${request.url.pathname}`).toBe(TOKEN_URL);
    expect(Object.fromEntries(request.url.searchParams)).toEqual({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: CLIENT_SECRET,
    });
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('authorization')).toBe(
      `Basic ${Buffer.from(`${options.clientId}:${CLIENT_SECRET}`).toString('base64')}`,
    );
    expect(request.body).toBeUndefined();
  });

  it('uses the Basic value given in the options instead of deriving it, with or without the "Basic " prefix', async () => {
    for (const basic of ['b3BhcXVlLWJhc2lj', 'Basic b3BhcXVlLWJhc2lj']) {
      const { client, hotmart } = setup({ basic });
      hotmart.onApi = () => json(me);
      await client.user.me();
      expect(hotmart.tokenRequests[0]!.headers.get('authorization')).toBe('Basic b3BhcXVlLWJhc2lj');
    }
  });

  it('sends the access token as a bearer on API calls, with JSON content type', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json(me);
    await client.user.me();
    const request = hotmart.apiRequests[0]!;
    expect(request.headers.get('authorization')).toBe('Bearer token-1');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('accept')).toBe('application/json');
    expect(request.headers.get('user-agent')).toMatch(/^hotpilot-hotmart\//);
  });
});

describe('token cache', () => {
  it('reuses the cached token across calls', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json(me);
    await client.user.me();
    await client.user.me();
    await client.user.me();
    expect(hotmart.tokenRequests).toHaveLength(1);
    expect(hotmart.apiRequests.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-1',
    ]);
  });

  it('refreshes before expiry: at expires_in minus 5 minutes for a 48 h token', async () => {
    const { client, hotmart, clock } = setup();
    hotmart.onApi = () => json(me);
    const start = clock.time;
    await client.user.me();

    clock.time = start + 172_799_000 - 5 * 60_000 - 1;
    await client.user.me();
    expect(hotmart.tokenRequests).toHaveLength(1);

    clock.time = start + 172_799_000 - 5 * 60_000;
    await client.user.me();
    expect(hotmart.tokenRequests).toHaveLength(2);
    expect(hotmart.apiRequests.at(-1)!.headers.get('authorization')).toBe('Bearer token-2');
  });

  it('uses a 10 % margin for short-lived tokens', async () => {
    const { client, hotmart, clock } = setup();
    hotmart.onToken = () => tokenResponse(`short-${++hotmart.tokenCount}`, 600);
    hotmart.onApi = () => json(me);
    const start = clock.time;
    await client.user.me();
    clock.time = start + 539_999;
    await client.user.me();
    expect(hotmart.tokenRequests).toHaveLength(1);
    clock.time = start + 540_000;
    await client.user.me();
    expect(hotmart.tokenRequests).toHaveLength(2);
  });

  it('single flight: 20 concurrent first calls make exactly one token request', async () => {
    const { client, hotmart } = setup();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    hotmart.onToken = async () => {
      await gate;
      return tokenResponse(`token-${++hotmart.tokenCount}`);
    };
    hotmart.onApi = () => json(me);
    const calls = Array.from({ length: 20 }, () => client.user.me());
    await new Promise((resolve) => setImmediate(resolve));
    release();
    const results = await Promise.all(calls);
    expect(results.map((result) => result.ucode)).toEqual(Array(20).fill('u-1'));
    expect(hotmart.tokenRequests).toHaveLength(1);
    expect(hotmart.apiRequests).toHaveLength(20);
    expect(new Set(hotmart.apiRequests.map((request) => request.headers.get('authorization')))).toEqual(
      new Set(['Bearer token-1']),
    );
  });

  it('does not cache a failed token request: the next call tries again', async () => {
    const { client, hotmart } = setup();
    let fail = true;
    hotmart.onToken = () =>
      fail
        ? json({ error: 'invalid_client', error_description: 'Bad client credentials' }, 401)
        : tokenResponse('token-ok');
    hotmart.onApi = () => json(me);
    await expect(client.user.me()).rejects.toBeInstanceOf(AuthenticationError);
    fail = false;
    await expect(client.user.me()).resolves.toMatchObject({ ucode: 'u-1' });
    expect(hotmart.tokenRequests).toHaveLength(2);
  });
});

describe('401 from the API (reference §2.5)', () => {
  it('invalidates the token, fetches a new one once and retries the request once', async () => {
    const { client, hotmart } = setup();
    const valid = new Set(['token-1']);
    hotmart.onApi = (request) =>
      valid.has(request.headers.get('authorization')?.replace('Bearer ', '') ?? '')
        ? json(me)
        : json({ error: 'invalid_token', error_description: 'Access token is missing or invalid' }, 401);
    await client.user.me();
    // The server revokes token-1 and will accept token-2.
    valid.clear();
    valid.add('token-2');
    const result = await client.user.me();
    expect(result.ucode).toBe('u-1');
    expect(hotmart.tokenRequests).toHaveLength(2);
    expect(hotmart.apiRequests.map((request) => request.headers.get('authorization'))).toEqual([
      'Bearer token-1',
      'Bearer token-1',
      'Bearer token-2',
    ]);
  });

  it('a second 401 after the fresh token is an AuthenticationError with Hotmart’s error fields', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () =>
      json(
        {
          error: 'unauthorized',
          error_description: 'Full authentication is required to access this resource.',
        },
        401,
      );
    const error = await client.user.me().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({
      code: 'hotmart_authentication',
      status: 401,
      error: 'unauthorized',
      errorDescription: 'Full authentication is required to access this resource.',
      request: { method: 'GET', url: 'https://developers.hotmart.com/user/api/v1/me' },
    });
    expect(hotmart.tokenRequests).toHaveLength(2);
    expect(hotmart.apiRequests).toHaveLength(2);
  });

  it('concurrent 401s with the same stale token share one refresh', async () => {
    const { client, hotmart } = setup();
    let accepted = 'token-1';
    hotmart.onApi = (request) =>
      request.headers.get('authorization') === `Bearer ${accepted}`
        ? json(me)
        : json({ error: 'token_expired' }, 401);
    await client.user.me();
    accepted = 'token-2';
    await Promise.all(Array.from({ length: 5 }, () => client.user.me()));
    expect(hotmart.tokenRequests).toHaveLength(2);
  });
});

describe('token endpoint failures', () => {
  it('a 401 from the token host is an AuthenticationError carrying Hotmart’s error, never the secret', async () => {
    const { client, hotmart } = setup();
    hotmart.onToken = () =>
      json({ error: 'invalid_client', error_description: 'Bad client credentials' }, 401);
    const error = (await client.user.me().catch((caught: unknown) => caught)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(401);
    expect(error.error).toBe('invalid_client');
    expect(error.request.method).toBe('POST');
    expect(error.request.url).toContain('client_secret=[redacted]');
    expect(error.message).not.toContain(CLIENT_SECRET);
    expect(JSON.stringify(error)).not.toContain(CLIENT_SECRET);
    expect(hotmart.apiRequests).toHaveLength(0);
  });

  it('a 5xx from the token host is retried, then reported as an AuthenticationError with the status', async () => {
    const { client, hotmart } = setup({ maxRetries: 2 });
    hotmart.onToken = () => json({ error: 'internal_server_error' }, 500);
    const error = (await client.user.me().catch((caught: unknown) => caught)) as AuthenticationError;
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error.status).toBe(500);
    expect(hotmart.tokenRequests).toHaveLength(3);
  });

  it('a token response without access_token is an AuthenticationError', async () => {
    const { client, hotmart } = setup();
    hotmart.onToken = () => json({ token_type: 'bearer' });
    const error = await client.user.me().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).message).toMatch(/no usable access_token/);
  });

  it('an HTML page from the token host is an AuthenticationError', async () => {
    const { client, hotmart } = setup();
    hotmart.onToken = () =>
      new Response('<!doctype html><html></html>', { headers: { 'content-type': 'text/html' } });
    await expect(client.user.me()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('an unreachable token host stays a ConnectionError (it says nothing about the credentials)', async () => {
    const { client, hotmart } = setup({ maxRetries: 1 });
    hotmart.onToken = () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      });
    };
    const error = await client.user.me().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).not.toBeInstanceOf(AuthenticationError);
    expect(hotmart.tokenRequests).toHaveLength(2);
  });
});
