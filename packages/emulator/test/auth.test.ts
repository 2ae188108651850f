import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ClientCredentials,
  createEmulatorClock,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_REFERENCE_NOW,
} from '../src/index.ts';
import { fixture, shapeProblems, startTestEmulator, type TestEmulator } from './helpers.ts';

describe('OAuth token endpoint and bearer check', () => {
  let emulator: TestEmulator;
  const clock = createEmulatorClock({ start: DEFAULT_REFERENCE_NOW, frozen: true });

  beforeAll(async () => {
    emulator = await startTestEmulator({ sales: 300, clock, tokenTtlSeconds: 3_600 });
  });
  afterAll(() => emulator.close());

  const tokenUrl = (query: string) => `${emulator.hotmart.tokenUrl}?${query}`;
  const clientId = DEFAULT_CLIENT_ID;
  const clientSecret = DEFAULT_CLIENT_SECRET;
  const basic = new ClientCredentials(clientId, clientSecret).basic;

  it('issues a token with parameters in the query, shaped like Hotmart’s sample', async () => {
    const response = await fetch(
      tokenUrl(`grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`),
      { method: 'POST', headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' } },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(shapeProblems(body, [fixture('oauth-token')])).toEqual([]);
    expect(body['token_type']).toBe('bearer');
    expect(body['scope']).toBe('read write');
    expect(body['expires_in']).toBe(3_600);
    expect(String(body['access_token']).length).toBeGreaterThan(200);
    expect(body['jti']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('tolerates the parameters in a form body', async () => {
    const response = await fetch(emulator.hotmart.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${basic}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`,
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token_type: string }).token_type).toBe('bearer');
  });

  it('refuses unknown clients, wrong secrets and a missing or mismatched Basic header', async () => {
    const attempts: [string, Record<string, string>][] = [
      [`grant_type=client_credentials&client_id=nobody&client_secret=x`, { authorization: `Basic ${basic}` }],
      [
        `grant_type=client_credentials&client_id=${clientId}&client_secret=wrong`,
        { authorization: `Basic ${basic}` },
      ],
      [`grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`, {}],
      [
        `grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`,
        { authorization: `Basic ${Buffer.from(`${clientId}:other`).toString('base64')}` },
      ],
    ];
    for (const [query, headers] of attempts) {
      const response = await fetch(tokenUrl(query), { method: 'POST', headers });
      expect(response.status).toBe(401);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: 'invalid_client',
        error_description: 'Bad client credentials',
      });
      expect(text).not.toContain(clientSecret);
    }
  });

  it('refuses other grant types with 400', async () => {
    const response = await fetch(
      tokenUrl(`grant_type=password&client_id=${clientId}&client_secret=${clientSecret}`),
      {
        method: 'POST',
        headers: { authorization: `Basic ${basic}` },
      },
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: string }).error).toBe('unsupported_grant_type');
  });

  it('answers 401 unauthorized with Hotmart’s exact body when the bearer is missing', async () => {
    const response = await fetch(`${emulator.hotmart.apiBaseUrl}/payments/api/v1/sales/history`);
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual(fixture('error-401-unauthorized'));
    expect(response.headers.get('ratelimit-limit')).toBeNull();
  });

  it('answers 401 invalid_token for an unknown token', async () => {
    const response = await fetch(`${emulator.hotmart.apiBaseUrl}/user/api/v1/me`, {
      headers: { authorization: 'Bearer not-a-token' },
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: string }).error).toBe('invalid_token');
  });

  it('expires tokens on the emulator clock: token_expired after advancing past expires_in', async () => {
    const fresh = await fetch(
      tokenUrl(`grant_type=client_credentials&client_id=${clientId}&client_secret=${clientSecret}`),
      { method: 'POST', headers: { authorization: `Basic ${basic}` } },
    );
    const { access_token: token } = (await fresh.json()) as { access_token: string };
    const me = () =>
      fetch(`${emulator.hotmart.apiBaseUrl}/user/api/v1/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
    expect((await me()).status).toBe(200);
    clock.advance(3_599_000);
    expect((await me()).status).toBe(200);
    clock.advance(1_000);
    const expired = await me();
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: string }).error).toBe('token_expired');
  });

  it('accepts credentials registered through the control API', async () => {
    const register = await emulator.control('/credentials', {
      method: 'POST',
      body: JSON.stringify({ client_id: 'second-app', client_secret: 's3cr3t' }),
    });
    expect(register.status).toBe(201);
    const pair = new ClientCredentials('second-app', 's3cr3t');
    expect(((await register.json()) as { basic: string }).basic).toBe(pair.basic);
    const response = await fetch(
      tokenUrl('grant_type=client_credentials&client_id=second-app&client_secret=s3cr3t'),
      {
        method: 'POST',
        headers: { authorization: `Basic ${pair.basic}` },
      },
    );
    expect(response.status).toBe(200);
    const listed = (await (await emulator.control('/credentials')).json()) as { client_ids: string[] };
    expect(listed.client_ids).toContain('second-app');
    expect(JSON.stringify(listed)).not.toContain('s3cr3t');
    const invalid = await emulator.control('/credentials', {
      method: 'POST',
      body: JSON.stringify({ client_id: 'x' }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error_description: string }).error_description).toContain(
      'client_secret',
    );
    expect((await emulator.control('/credentials/second-app', { method: 'DELETE' })).status).toBe(204);
    expect((await emulator.control('/credentials/second-app', { method: 'DELETE' })).status).toBe(404);
  });

  it('never prints secrets: credentials redact themselves and the request log redacts client_secret', async () => {
    const pair = emulator.hotmart.credentials;
    expect(JSON.stringify(pair)).not.toContain(pair.clientSecret);
    expect(String(pair)).not.toContain(pair.clientSecret);
    const log = (await (await emulator.control('/requests?path=/security')).json()) as {
      items: { query: Record<string, unknown> }[];
    };
    expect(log.items.length).toBeGreaterThan(0);
    expect(JSON.stringify(log)).not.toContain(clientSecret);
    expect(
      log.items.every(
        (item) => item.query['client_secret'] === undefined || item.query['client_secret'] === '[redacted]',
      ),
    ).toBe(true);
  });
});
