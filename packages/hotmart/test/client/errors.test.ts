import { describe, expect, it } from 'vitest';
import {
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  HotmartApiError,
  HotmartError,
  NotFoundError,
  PermissionError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '../../src/index.ts';
import { retryDelayFromHeaders } from '../../src/internal/rate-limit-headers.ts';
import { redactUrl } from '../../src/internal/redact.ts';

const request = {
  method: 'get',
  url: 'https://developers.hotmart.com/payments/api/v1/sales/history?max_results=5',
};

describe('HotmartApiError.from (reference §3.5)', () => {
  it.each([
    [401, { error: 'unauthorized' }, AuthenticationError, 'hotmart_authentication'],
    [401, { error: 'token_expired' }, AuthenticationError, 'hotmart_authentication'],
    [403, { error: 'unauthorized_client' }, PermissionError, 'hotmart_permission'],
    [404, { error: 'not_found' }, NotFoundError, 'hotmart_not_found'],
    [400, { error: 'purchase_not_found' }, NotFoundError, 'hotmart_not_found'],
    [400, { error: 'invalid_parameter' }, BadRequestError, 'hotmart_bad_request'],
    [400, { error: 'invalid_token' }, BadRequestError, 'hotmart_bad_request'],
    [405, { error: 'method_not_allowed' }, BadRequestError, 'hotmart_bad_request'],
    [422, undefined, BadRequestError, 'hotmart_bad_request'],
    [429, { error: 'too_many_requests' }, RateLimitError, 'hotmart_rate_limit'],
    [400, { error: 'too_many_requests' }, RateLimitError, 'hotmart_rate_limit'],
    [500, { error: 'internal_server_error' }, ServerError, 'hotmart_server'],
    [502, '<html>bad gateway</html>', ServerError, 'hotmart_server'],
    [503, undefined, ServerError, 'hotmart_server'],
    [409, { error: 'conflict' }, HotmartApiError, 'hotmart_api_error'],
  ] as const)('%i %j → %o', (status, body, type, code) => {
    const error = HotmartApiError.from(status, body, undefined, request);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(HotmartApiError);
    expect(error).toBeInstanceOf(HotmartError);
    expect(error.constructor).toBe(type);
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.name).toBe(type.name);
  });

  it('maps by status and error field, never by the description text', () => {
    const error = HotmartApiError.from(
      400,
      { error: 'invalid_value_parameter', error_description: 'not found' },
      undefined,
      request,
    );
    expect(error).toBeInstanceOf(BadRequestError);
  });

  it('keeps Hotmart’s error fields, the request id and a redacted request', () => {
    const error = HotmartApiError.from(
      401,
      {
        error: 'invalid_token',
        error_description: 'Access token is missing or invalid',
        error_uri: 'https://x',
      },
      new Headers({
        'X-Request-Id': 'req-123',
        'Content-Type': 'application/json',
        'Set-Cookie': 'session=1',
      }),
      {
        method: 'post',
        url: 'https://api-sec-vlc.hotmart.com/security/oauth/token?client_id=a&client_secret=s3cr3t',
      },
    );
    expect(error.error).toBe('invalid_token');
    expect(error.errorDescription).toBe('Access token is missing or invalid');
    expect(error.requestId).toBe('req-123');
    expect(error.headers['set-cookie']).toBeUndefined();
    expect(error.request).toEqual({
      method: 'POST',
      url: 'https://api-sec-vlc.hotmart.com/security/oauth/token?client_id=a&client_secret=[redacted]',
    });
    expect(error.message).toBe(
      'Hotmart API error 401 invalid_token: Access token is missing or invalid ' +
        '(POST https://api-sec-vlc.hotmart.com/security/oauth/token?client_id=a&client_secret=[redacted])',
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'AuthenticationError',
      code: 'hotmart_authentication',
      message: error.message,
      status: 401,
      request: error.request,
      error: 'invalid_token',
      errorDescription: 'Access token is missing or invalid',
      requestId: 'req-123',
    });
  });

  it('RateLimitError.resetAt comes from RateLimit-Reset or Retry-After', () => {
    const now = () => 1_000_000;
    const fromReset = HotmartApiError.from(
      429,
      {},
      { 'RateLimit-Reset': '42' },
      request,
      now,
    ) as RateLimitError;
    expect(fromReset.resetAt).toBe(1_042_000);
    const fromRetryAfter = HotmartApiError.from(
      429,
      {},
      { 'retry-after': '5' },
      request,
      now,
    ) as RateLimitError;
    expect(fromRetryAfter.resetAt).toBe(1_005_000);
    const unknown = HotmartApiError.from(429, {}, {}, request, now) as RateLimitError;
    expect(unknown.resetAt).toBeUndefined();
  });
});

describe('connection errors', () => {
  it('ConnectionError and TimeoutError carry stable codes and a redacted request', () => {
    const target = { method: 'post', url: 'https://x/token?client_secret=abc' };
    const connection = new ConnectionError(target, { cause: new Error('ECONNREFUSED') });
    expect(connection.code).toBe('hotmart_connection');
    expect(connection.status).toBeUndefined();
    expect(connection.request.url).toBe('https://x/token?client_secret=[redacted]');
    const timeout = new TimeoutError(target, 1500);
    expect(timeout).toBeInstanceOf(ConnectionError);
    expect(timeout.code).toBe('hotmart_timeout');
    expect(timeout.message).toBe(
      'Hotmart did not answer within 1500 ms (POST https://x/token?client_secret=[redacted])',
    );
  });
});

describe('server delay headers', () => {
  it('reads seconds, HTTP dates and epoch-style resets, and ignores garbage', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(retryDelayFromHeaders({ 'retry-after': '2' }, now)).toBe(2000);
    expect(retryDelayFromHeaders({ 'retry-after': 'Wed, 01 Jan 2025 00:00:09 GMT' }, now)).toBe(9000);
    expect(retryDelayFromHeaders({ 'ratelimit-reset': '15' }, now)).toBe(15_000);
    expect(retryDelayFromHeaders({ 'ratelimit-reset': String(now / 1000 + 20) }, now)).toBe(20_000);
    expect(retryDelayFromHeaders({ 'retry-after': 'soon' }, now)).toBeUndefined();
    expect(retryDelayFromHeaders({ 'ratelimit-reset': '-1' }, now)).toBeUndefined();
    expect(retryDelayFromHeaders({}, now)).toBeUndefined();
  });
});

describe('redactUrl', () => {
  it('redacts credential query parameters and userinfo, keeps page_token', () => {
    expect(redactUrl('https://u:p@x/y?access_token=t&page_token=abc&hottok=h')).toBe(
      'https://x/y?access_token=[redacted]&page_token=abc&hottok=[redacted]',
    );
    expect(redactUrl('not a url')).toBe('not a url');
  });
});
