import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultRuleInput } from '../src/index.ts';
import { requestToken, startTestEmulator, type TestEmulator } from './helpers.ts';

describe('fault injection', () => {
  let emulator: TestEmulator;

  beforeAll(async () => {
    emulator = await startTestEmulator({ sales: 200, faults: [{ route: '/startup/*', errorRate: 1 }] });
  });
  afterAll(() => emulator.close());
  beforeEach(async () => {
    await emulator.control('/faults', { method: 'DELETE' });
  });

  const addFault = async (rule: FaultRuleInput): Promise<string> => {
    const response = await emulator.control('/faults', { method: 'POST', body: JSON.stringify(rule) });
    expect(response.status).toBe(201);
    return ((await response.json()) as { items: { id: string }[] }).items[0]?.id as string;
  };
  const me = () => emulator.api('/user/api/v1/me');

  it('adds a fixed or ranged latency', async () => {
    await addFault({ route: '/user/api/v1/me', latencyMs: 150 });
    let started = performance.now();
    expect((await me()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    await emulator.control('/faults', { method: 'DELETE' });
    await addFault({ route: '/user/*', latencyMs: [60, 90] });
    started = performance.now();
    expect((await me()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(55);
  });

  it('injects 5xx answers: JSON for 500, a gateway page for 502-504', async () => {
    await addFault({ route: '/user/api/v1/me', errorRate: 1 });
    const internal = await me();
    expect(internal.status).toBe(500);
    expect(((await internal.json()) as { error: string }).error).toBe('internal_server_error');
    await emulator.control('/faults', { method: 'DELETE' });
    await addFault({ route: '/user/api/v1/me', errorRate: 1, errorStatus: 503 });
    const unavailable = await me();
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('content-type')).toContain('text/html');
    expect(await unavailable.text()).toContain('503 Service Unavailable');
  });

  it('injects 429s with the rate-limit headers', async () => {
    await addFault({ route: '*', rateLimitRate: 1 });
    const limited = await me();
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { error: string }).error).toBe('too_many_requests');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('ratelimit-reset'))).toBeGreaterThan(0);
  });

  it('fails exactly the first N matching requests, then lets them through', async () => {
    await addFault({ route: '/payments/api/v1/sales/*', method: 'GET', failFirst: 2, errorStatus: 503 });
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await emulator.api('/payments/api/v1/sales/history?max_results=1')).status);
    expect(statuses).toEqual([503, 503, 200, 200]);
    // Other methods and paths are not matched.
    expect((await me()).status).toBe(200);
    const listed = (await (await emulator.control('/faults')).json()) as { items: { matched: number }[] };
    expect(listed.items[0]?.matched).toBe(4);
  });

  it('fails the first token requests too (the token endpoint is a route like any other)', async () => {
    await addFault({ route: '/security/oauth/token', failFirst: 1, failWith: 'error' });
    await expect(requestToken(emulator.hotmart)).rejects.toThrow(/500/);
    expect((await requestToken(emulator.hotmart)).length).toBeGreaterThan(200);
  });

  it('holds a request without answering (timeout) until the client gives up', async () => {
    await addFault({ route: '/user/api/v1/me', timeoutRate: 1 });
    const started = performance.now();
    await expect(
      fetch(`${emulator.hotmart.apiBaseUrl}/user/api/v1/me`, {
        headers: { authorization: `Bearer ${emulator.token}` },
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow(/aborted|timeout/i);
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    const log = (await (await emulator.control('/requests?path=/user&limit=1')).json()) as {
      items: { status: number; fault?: string }[];
    };
    expect(log.items[0]).toMatchObject({ status: 0, fault: 'timeout' });
  });

  it('drops the connection', async () => {
    await addFault({ route: '/user/api/v1/me', dropRate: 1 });
    await expect(me()).rejects.toThrow(/fetch failed|socket|closed/i);
    const log = (await (await emulator.control('/requests?path=/user&limit=1')).json()) as {
      items: { status: number; fault?: string }[];
    };
    expect(log.items[0]).toMatchObject({ status: 0, fault: 'drop' });
  });

  it('draws rates from a seeded generator: the same rule and seed fail the same requests', async () => {
    const rule: FaultRuleInput = { route: '/user/api/v1/me', errorRate: 0.5, seed: 1234 };
    const run = async () => {
      const id = await addFault(rule);
      const statuses: number[] = [];
      for (let i = 0; i < 24; i++) statuses.push((await me()).status);
      expect((await emulator.control(`/faults/${id}`, { method: 'DELETE' })).status).toBe(204);
      return statuses;
    };
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    const failures = first.filter((status) => status === 500).length;
    expect(failures).toBeGreaterThan(3);
    expect(failures).toBeLessThan(21);
  });

  it('validates rules and ids in the control API', async () => {
    const invalid = await emulator.control('/faults', {
      method: 'POST',
      body: JSON.stringify({ route: '*', errorRate: 2 }),
    });
    expect(invalid.status).toBe(400);
    expect(((await invalid.json()) as { error_description: string }).error_description).toContain(
      'errorRate',
    );
    const unknownKey = await emulator.control('/faults', {
      method: 'POST',
      body: JSON.stringify({ route: '*', explode: true }),
    });
    expect(unknownKey.status).toBe(400);
    const range = await emulator.control('/faults', {
      method: 'POST',
      body: JSON.stringify({ route: '*', latencyMs: [90, 10] }),
    });
    expect(range.status).toBe(400);
    const many = await emulator.control('/faults', {
      method: 'POST',
      body: JSON.stringify({ rules: [{ route: '/a' }, { route: '/b', latencyMs: 5 }] }),
    });
    expect(((await many.json()) as { items: unknown[] }).items.length).toBe(2);
    expect((await emulator.control('/faults/fault_999', { method: 'DELETE' })).status).toBe(404);
  });

  it('restores the start-up faults on reset', async () => {
    expect((await emulator.control('/faults')).status).toBe(200);
    expect(((await (await emulator.control('/faults')).json()) as { items: unknown[] }).items).toEqual([]);
    await emulator.control('/reset', { method: 'POST' });
    const restored = (await (await emulator.control('/faults')).json()) as { items: { route: string }[] };
    expect(restored.items.map((item) => item.route)).toEqual(['/startup/*']);
    expect((await emulator.api('/startup/x')).status).toBe(500);
  });

  it('closes cleanly while a request is held', async () => {
    const other = await startTestEmulator({ sales: 50, faults: [{ route: '/user/*', timeoutRate: 1 }] });
    const pending = fetch(`${other.hotmart.apiBaseUrl}/user/api/v1/me`).then(
      (response) => response.status,
      (error: Error) => error.name,
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    await other.close();
    expect(await pending).toBe('TypeError');
  });
});
