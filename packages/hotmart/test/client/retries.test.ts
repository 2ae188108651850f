import { describe, expect, it } from 'vitest';
import {
  BadRequestError,
  ConnectionError,
  HotmartApiError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
  UnexpectedResponseError,
} from '../../src/index.ts';
import { json, setup } from './fake-hotmart.ts';

const me = { id: 1, name: 'Ann', email: 'ann@example.com', login: 'ann@example.com', ucode: 'u-1' };

/** Answers API calls with the given responses in order, then keeps answering with `me`. */
function sequence(...responses: (() => Response)[]) {
  let index = 0;
  return () => {
    const next = responses[index];
    index += 1;
    if (next === undefined) return json(me);
    return next();
  };
}

const refused = () => {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  });
};
const reset = () => {
  throw new TypeError('fetch failed', {
    cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
  });
};

describe('retries of transient failures', () => {
  it('429 with RateLimit-Reset waits exactly that long, then succeeds', async () => {
    const { client, hotmart, clock } = setup();
    hotmart.onApi = sequence(() =>
      json({ error: 'too_many_requests' }, 429, { 'RateLimit-Remaining': '0', 'RateLimit-Reset': '7' }),
    );
    const result = await client.user.me();
    expect(result.ucode).toBe('u-1');
    expect(clock.sleeps).toEqual([7000]);
    expect(hotmart.apiRequests).toHaveLength(2);
    expect(hotmart.apiRequests[1]!.at - hotmart.apiRequests[0]!.at).toBe(7000);
  });

  it('Retry-After in seconds and as an HTTP date are honoured', async () => {
    const seconds = setup();
    seconds.hotmart.onApi = sequence(() => json({ error: 'too_many_requests' }, 429, { 'Retry-After': '3' }));
    await seconds.client.user.me();
    expect(seconds.clock.sleeps).toEqual([3000]);

    const date = setup();
    const retryAt = new Date(date.clock.time + 12_000).toUTCString();
    date.hotmart.onApi = sequence(() => json({}, 503, { 'Retry-After': retryAt }));
    await date.client.user.me();
    expect(date.clock.sleeps).toEqual([12_000]);
  });

  it('a 5xx then success returns the success after one jittered backoff', async () => {
    const { client, hotmart, clock } = setup({ random: () => 0 });
    hotmart.onApi = sequence(() => json({ error: 'internal_server_error' }, 500));
    await expect(client.user.me()).resolves.toMatchObject({ ucode: 'u-1' });
    // base 250 ms, equal jitter: half fixed + random * half → 125 ms with random() = 0.
    expect(clock.sleeps).toEqual([125]);
    expect(hotmart.apiRequests).toHaveLength(2);
  });

  it('backoff grows exponentially up to the cap', async () => {
    const { client, hotmart, clock } = setup({ random: () => 0.999_999, maxRetries: 10 });
    hotmart.onApi = () => json({}, 502);
    await expect(client.user.me()).rejects.toBeInstanceOf(ServerError);
    expect(clock.sleeps).toEqual([250, 500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('retries 408 and 409 for reads', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = sequence(
      () => json({}, 408),
      () => json({}, 409),
    );
    await expect(client.user.me()).resolves.toMatchObject({ ucode: 'u-1' });
    expect(hotmart.apiRequests).toHaveLength(3);
  });

  it('exhausted retries throw ServerError after maxRetries + 1 attempts', async () => {
    const { client, hotmart, logger } = setup();
    hotmart.onApi = () =>
      json({ error: 'internal_server_error', error_description: 'boom' }, 500, { 'x-request-id': 'req-9' });
    const error = (await client.user.me().catch((caught: unknown) => caught)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({
      code: 'hotmart_server',
      status: 500,
      error: 'internal_server_error',
      requestId: 'req-9',
    });
    expect(hotmart.apiRequests).toHaveLength(4);
    expect(logger.lines.filter((line) => line.level === 'warn').map((line) => line.obj)).toHaveLength(3);
  });

  it('per-call maxRetries overrides the client setting', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json({}, 500);
    await expect(client.user.me({ maxRetries: 0 })).rejects.toBeInstanceOf(ServerError);
    expect(hotmart.apiRequests).toHaveLength(1);
  });

  it('a timeout is a TimeoutError after the retries', async () => {
    const { client, hotmart } = setup({ timeoutMs: 20, maxRetries: 1 });
    // A server that never answers: only the client's per-attempt timeout ends each request.
    hotmart.onApi = () => new Promise<Response>(() => {});
    const error = await client.user.me().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ code: 'hotmart_timeout' });
    expect(hotmart.apiRequests).toHaveLength(2);
  });

  it('a network error is a ConnectionError with a sanitised cause', async () => {
    const { client, hotmart } = setup({ maxRetries: 2 });
    hotmart.onApi = refused;
    const error = (await client.user.me().catch((caught: unknown) => caught)) as ConnectionError;
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.code).toBe('hotmart_connection');
    expect(error.request).toEqual({ method: 'GET', url: 'https://developers.hotmart.com/user/api/v1/me' });
    expect((error.cause as Error).message).toBe('fetch failed');
    expect(((error.cause as Error).cause as { code?: string }).code).toBe('ECONNREFUSED');
    expect(hotmart.apiRequests).toHaveLength(3);
  });

  it('a network error then success is retried transparently', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = sequence(reset);
    await expect(client.user.me()).resolves.toMatchObject({ ucode: 'u-1' });
    expect(hotmart.apiRequests).toHaveLength(2);
  });

  it('a server delay longer than a minute is not slept through: RateLimitError with resetAt', async () => {
    const { client, hotmart, clock } = setup();
    hotmart.onApi = () => json({ error: 'too_many_requests' }, 429, { 'Retry-After': '3600' });
    const error = (await client.user.me().catch((caught: unknown) => caught)) as RateLimitError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.resetAt).toBe(clock.time + 3_600_000);
    expect(clock.sleeps).toEqual([]);
  });

  it('a caller abort stops the waits and rejects with the abort reason', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json({}, 500);
    const controller = new AbortController();
    const reason = new Error('caller gave up');
    controller.abort(reason);
    await expect(client.user.me({ signal: controller.signal })).rejects.toBe(reason);
    expect(hotmart.apiRequests).toHaveLength(0);
  });
});

describe('non-idempotent writes', () => {
  it('a 500 on cancel is not retried', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json({ error: 'internal_server_error' }, 500);
    await expect(client.subscriptions.cancel('SUB1')).rejects.toBeInstanceOf(ServerError);
    expect(hotmart.apiRequests).toHaveLength(1);
  });

  it('a timeout or a reset connection on refund is not retried', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = reset;
    await expect(client.sales.refund('HP1')).rejects.toBeInstanceOf(ConnectionError);
    expect(hotmart.apiRequests).toHaveLength(1);
  });

  it('429 and 503 on cancel are retried (Hotmart refused before acting)', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = sequence(
      () => json({ error: 'too_many_requests' }, 429, { 'RateLimit-Reset': '1' }),
      () => json({}, 503),
      () => json({ subscriber_code: 'SUB1', status: 'INACTIVE' }),
    );
    await expect(client.subscriptions.cancel('SUB1')).resolves.toMatchObject({ status: 'INACTIVE' });
    expect(hotmart.apiRequests).toHaveLength(3);
  });

  it('a connection refused before sending is retried', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = sequence(refused, () => json({ subscriber_code: 'SUB1', status: 'INACTIVE' }));
    await expect(client.subscriptions.cancel('SUB1')).resolves.toMatchObject({ subscriber_code: 'SUB1' });
    expect(hotmart.apiRequests).toHaveLength(2);
  });

  it('the idempotency key, when given, is the same on every attempt', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = sequence(
      () => json({}, 503),
      () => json({ status: 'INACTIVE' }),
    );
    await client.subscriptions.cancel('SUB1', {}, { idempotencyKey: 'run-1:cancel' });
    expect(hotmart.apiRequests.map((request) => request.headers.get('idempotency-key'))).toEqual([
      'run-1:cancel',
      'run-1:cancel',
    ]);
  });

  it('sends no Idempotency-Key unless asked (Hotmart does not document one)', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json({ status: 'INACTIVE' });
    await client.subscriptions.cancel('SUB1');
    expect(hotmart.apiRequests[0]!.headers.has('idempotency-key')).toBe(false);
  });
});

describe('error mapping of responses', () => {
  it('400 invalid_token for a bad page token is a BadRequestError with error === "invalid_token"', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => json({ error: 'invalid_token', error_description: 'Invalid page token' }, 400);
    const error = (await client.sales
      .history({ page_token: 'garbage' })
      .catch((caught: unknown) => caught)) as BadRequestError;
    expect(error).toBeInstanceOf(BadRequestError);
    expect(error.error).toBe('invalid_token');
    expect(error.code).toBe('hotmart_bad_request');
    expect(hotmart.apiRequests).toHaveLength(1);
    expect(hotmart.tokenRequests).toHaveLength(1);
  });

  it('403 → PermissionError and 404 → NotFoundError, neither retried', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = sequence(
      () => json({ error: 'unauthorized_client' }, 403),
      () => json({ error: 'not_found' }, 404),
    );
    await expect(client.user.me()).rejects.toBeInstanceOf(PermissionError);
    await expect(client.events.info(1)).rejects.toBeInstanceOf(NotFoundError);
    expect(hotmart.apiRequests).toHaveLength(2);
  });

  it('an error body that is not JSON is kept as text', async () => {
    const { client, hotmart } = setup({ maxRetries: 0 });
    hotmart.onApi = () =>
      new Response('<html>Bad Gateway</html>', { status: 502, headers: { 'content-type': 'text/html' } });
    const error = (await client.user.me().catch((caught: unknown) => caught)) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.body).toBe('<html>Bad Gateway</html>');
    expect(error.error).toBeUndefined();
  });
});

describe('unusable 2xx bodies', () => {
  it('a 200 HTML page (Hotmart’s answer to unknown paths, reference §1) is a clear error and not retried', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () =>
      new Response('<!DOCTYPE html><html><head><title>Hotmart Developers</title></head></html>', {
        status: 200,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      });
    const error = (await client.user.me().catch((caught: unknown) => caught)) as UnexpectedResponseError;
    expect(error).toBeInstanceOf(UnexpectedResponseError);
    expect(error).toBeInstanceOf(HotmartApiError);
    expect(error.code).toBe('unexpected_html_response');
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/HTML instead of JSON/);
    expect(hotmart.apiRequests).toHaveLength(1);
  });

  it('a JSON content type with a broken body is hotmart_invalid_json', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => new Response('{"id":', { headers: { 'content-type': 'application/json' } });
    await expect(client.user.me()).rejects.toMatchObject({ code: 'hotmart_invalid_json', status: 200 });
  });

  it('a JSON body without a content type is accepted', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = () => new Response(new TextEncoder().encode(JSON.stringify(me)));
    await expect(client.user.me()).resolves.toMatchObject({ ucode: 'u-1' });
  });

  it('an empty 204/200 body is {} where the schema allows', async () => {
    const { client, hotmart } = setup();
    hotmart.onApi = sequence(
      () => new Response(null, { status: 204 }),
      () => new Response('', { status: 200 }),
    );
    await expect(client.subscriptions.changeDueDay('SUB1', { due_day: 5 })).resolves.toEqual({});
    await expect(client.sales.refund('HP1')).resolves.toEqual({});
  });

  it('a response that does not match its schema is logged as drift and returned as-is', async () => {
    const { client, hotmart, logger } = setup();
    const drifted = { id: 'not-a-number', name: 'Ann', email: 'a', login: 'a', ucode: 'u', extra: true };
    hotmart.onApi = () => json(drifted);
    await expect(client.user.me()).resolves.toEqual(drifted);
    const warning = logger.lines.find((line) => line.level === 'warn');
    expect(warning?.msg).toMatch(/does not match its schema/);
    expect(warning?.obj).toMatchObject({ operation: 'user.me', issues: [{ path: 'id' }] });
  });
});
