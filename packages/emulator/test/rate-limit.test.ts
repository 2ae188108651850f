import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulatorClock, DEFAULT_REFERENCE_NOW } from '../src/index.ts';
import { startTestEmulator, type TestEmulator } from './helpers.ts';

describe('rate limit: 500 requests per minute per client', () => {
  let emulator: TestEmulator;
  const clock = createEmulatorClock({ start: DEFAULT_REFERENCE_NOW + 15_000, frozen: true });

  beforeAll(async () => {
    emulator = await startTestEmulator({ sales: 200, clock, rateLimit: {} });
  });
  afterAll(() => emulator.close());

  const burst = async (count: number): Promise<Response[]> => {
    const responses: Response[] = [];
    for (let sent = 0; sent < count; sent += 50) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(50, count - sent) }, () => emulator.api('/user/api/v1/me')),
      );
      for (const response of batch) {
        await response.arrayBuffer();
        responses.push(response);
      }
    }
    return responses;
  };

  it('counts down in the headers, then answers 429 too_many_requests until the window resets', async () => {
    const first = await emulator.api('/user/api/v1/me');
    expect(first.status).toBe(200);
    expect(first.headers.get('ratelimit-limit')).toBe('500');
    expect(first.headers.get('ratelimit-remaining')).toBe('499');
    expect(first.headers.get('x-ratelimit-limit-minute')).toBe('500');
    expect(first.headers.get('x-ratelimit-remaining-minute')).toBe('499');
    expect(first.headers.get('ratelimit-reset')).toBe('45');

    const rest = await burst(499);
    expect(rest.every((response) => response.status === 200)).toBe(true);
    const remaining = rest.map((response) => Number(response.headers.get('ratelimit-remaining')));
    expect(Math.min(...remaining)).toBe(0);

    const limited = await emulator.api('/payments/api/v1/sales/history');
    expect(limited.status).toBe(429);
    const body = (await limited.json()) as { error: string };
    expect(body.error).toBe('too_many_requests');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(limited.headers.get('x-ratelimit-remaining-minute')).toBe('0');
    expect(limited.headers.get('ratelimit-reset')).toBe('45');

    // The control API is not rate limited, and moving the clock past the window lets requests through again.
    const control = await emulator.control('/clock', {
      method: 'POST',
      body: JSON.stringify({ advance_ms: 45_000 }),
    });
    expect(control.status).toBe(200);
    const after = await emulator.api('/user/api/v1/me');
    expect(after.status).toBe(200);
    expect(after.headers.get('ratelimit-remaining')).toBe('499');
    expect(after.headers.get('ratelimit-reset')).toBe('60');
  });

  it('counts each client separately', async () => {
    await emulator.control('/rate-limit', { method: 'POST', body: JSON.stringify({ limit: 2 }) });
    await emulator.control('/credentials', {
      method: 'POST',
      body: JSON.stringify({ client_id: 'other', client_secret: 'secret' }),
    });
    const basic = Buffer.from('other:secret').toString('base64');
    const tokenResponse = await fetch(
      `${emulator.hotmart.tokenUrl}?grant_type=client_credentials&client_id=other&client_secret=secret`,
      { method: 'POST', headers: { authorization: `Basic ${basic}` } },
    );
    const { access_token: other } = (await tokenResponse.json()) as { access_token: string };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await emulator.api('/user/api/v1/me')).status);
    expect(statuses).toEqual([200, 200, 429]);
    const otherResponse = await fetch(`${emulator.hotmart.apiBaseUrl}/user/api/v1/me`, {
      headers: { authorization: `Bearer ${other}` },
    });
    expect(otherResponse.status).toBe(200);
  });

  it('can be reconfigured and turned off through the control API', async () => {
    const config = await emulator.control('/rate-limit', {
      method: 'POST',
      body: JSON.stringify({ enabled: false }),
    });
    expect(await config.json()).toEqual({ limit: 2, window_ms: 60_000, enabled: false });
    const responses = await burst(5);
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200]);
    expect(responses[0]?.headers.get('ratelimit-limit')).toBeNull();
    const invalid = await emulator.control('/rate-limit', {
      method: 'POST',
      body: JSON.stringify({ limit: 0 }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error_description: string }).error_description).toContain('limit');
  });
});

describe('rate limit turned off by option', () => {
  it('never answers 429', async () => {
    const emulator = await startTestEmulator({ sales: 100, rateLimit: false });
    try {
      const response = await emulator.api('/user/api/v1/me');
      expect(response.status).toBe(200);
      expect(response.headers.get('ratelimit-limit')).toBeNull();
      const config = (await (await emulator.control('/rate-limit')).json()) as { enabled: boolean };
      expect(config.enabled).toBe(false);
    } finally {
      await emulator.close();
    }
  });
});
