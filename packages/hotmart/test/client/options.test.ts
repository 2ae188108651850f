import { describe, expect, it } from 'vitest';
import {
  createHotmartClient,
  HOTMART_ENVIRONMENTS,
  HotmartClient,
  InvalidInputError,
} from '../../src/index.ts';

describe('client options', () => {
  it('defaults to production hosts (reference §1) and documented limits', () => {
    const client = createHotmartClient({ clientId: 'id', clientSecret: 'secret' });
    expect(client).toBeInstanceOf(HotmartClient);
    expect(client.options).toMatchObject({
      environment: 'production',
      apiBaseUrl: 'https://developers.hotmart.com',
      tokenUrl: 'https://api-sec-vlc.hotmart.com/security/oauth/token',
      timeoutMs: 30_000,
      maxRetries: 3,
      rateLimit: { requestsPerMinute: 500 },
    });
    expect(Object.isFrozen(client.options)).toBe(true);
  });

  it('sandbox uses sandbox.hotmart.com and the same token host', () => {
    const client = createHotmartClient({ clientId: 'id', clientSecret: 'secret', environment: 'sandbox' });
    expect(client.options.apiBaseUrl).toBe('https://sandbox.hotmart.com');
    expect(client.options.tokenUrl).toBe(HOTMART_ENVIRONMENTS.production.tokenUrl);
  });

  it('explicit apiBaseUrl and tokenUrl override the environment (trailing slash removed)', () => {
    const client = createHotmartClient({
      clientId: 'id',
      clientSecret: 'secret',
      environment: 'sandbox',
      apiBaseUrl: 'http://127.0.0.1:3000/',
      tokenUrl: 'http://127.0.0.1:3000/security/oauth/token',
      rateLimit: false,
      userAgent: 'my-app/1.0',
    });
    expect(client.options).toMatchObject({
      apiBaseUrl: 'http://127.0.0.1:3000',
      tokenUrl: 'http://127.0.0.1:3000/security/oauth/token',
      rateLimit: false,
      userAgent: 'my-app/1.0',
    });
  });

  it.each([
    [{ clientSecret: 's' }, 'clientId'],
    [{ clientId: '', clientSecret: 's' }, 'clientId'],
    [{ clientId: 'id', clientSecret: 's', environment: 'staging' }, 'environment'],
    [{ clientId: 'id', clientSecret: 's', apiBaseUrl: 'ftp://host' }, 'apiBaseUrl'],
    [{ clientId: 'id', clientSecret: 's', tokenUrl: 'not a url' }, 'tokenUrl'],
    [{ clientId: 'id', clientSecret: 's', fetch: 'fetch' }, 'fetch'],
    [{ clientId: 'id', clientSecret: 's', logger: { info() {} } }, 'logger'],
    [{ clientId: 'id', clientSecret: 's', maxRetries: 1.5 }, 'maxRetries'],
    [
      { clientId: 'id', clientSecret: 's', rateLimit: { requestsPerMinute: 0 } },
      'rateLimit.requestsPerMinute',
    ],
    [{ clientId: 'id', clientSecret: 's', rateLimit: true }, 'rateLimit'],
    [{ clientId: 'id', clientSecret: 's', retries: 3 }, 'retries'],
  ])('rejects %j naming %s', (options, field) => {
    let caught: unknown;
    try {
      createHotmartClient(options as never);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidInputError);
    const error = caught as InvalidInputError;
    expect(error.code).toBe('hotmart_invalid_input');
    expect(error.issues.map((issue) => issue.path)).toContain(field);
    expect(error.message).toMatch(/^Invalid Hotmart client options: /);
    expect(error.message).toContain(field);
  });

  it('rejects a non-object', () => {
    expect(() => createHotmartClient(undefined as never)).toThrow(InvalidInputError);
  });
});
