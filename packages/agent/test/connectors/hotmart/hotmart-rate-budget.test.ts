import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hotmartConnector, hotmartGetUserMe } from '../../../src/connectors/hotmart/index.ts';
import { invokeAction } from '../../../src/connectors/invoke.ts';
import { DeferRunError } from '../../../src/engine/errors.ts';

// The client-side request budget of a connection (`requestsPerMinute`), and what a workflow's call does when it is
// spent: it gives its worker slot back (DeferRunError) instead of waiting in it. In a file of its own: the budget is
// shared per credential and API host for the whole process, and this file spends it on purpose.

let hotmart: RunningEmulator;

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 5, sales: 20, rateLimit: false });
});

afterAll(async () => {
  await hotmart.close();
});

const connection = (id: string, settings: Record<string, unknown>) => ({
  id,
  kind: 'hotmart',
  credentials: { clientId: hotmart.credentials.clientId, clientSecret: hotmart.credentials.clientSecret },
  settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl, ...settings },
});

const meCalls = () => hotmart.emulator.requests.list().filter((r) => r.path === '/user/api/v1/me').length;

describe('hotmart connection rate budget', () => {
  it('with requestsPerMinute: null there is no client budget (servers without a limit)', async () => {
    const before = meCalls();
    const options = {
      connector: hotmartConnector,
      connection: connection('free', { requestsPerMinute: null }),
    };
    for (let index = 0; index < 5; index++) {
      await invokeAction(hotmartGetUserMe, {}, { ...options, maxRateWaitMs: 0 });
    }
    expect(meCalls() - before).toBe(5);
  });

  it('a spent budget defers a workflow call (nothing sent) and still waits for a call without a limit', async () => {
    // An API host of its own, so the spent budget is this test's alone.
    const other = await startEmulator({ seed: 6, sales: 10, rateLimit: false });
    try {
      const limited = {
        id: 'limited',
        kind: 'hotmart',
        credentials: { clientId: other.credentials.clientId, clientSecret: other.credentials.clientSecret },
        settings: { apiBaseUrl: other.apiBaseUrl, tokenUrl: other.tokenUrl, requestsPerMinute: 2 },
      };
      const calls = () => other.emulator.requests.list().filter((r) => r.path === '/user/api/v1/me').length;
      const options = { connector: hotmartConnector, connection: limited, maxRateWaitMs: 1_000 };
      await invokeAction(hotmartGetUserMe, {}, options);
      await invokeAction(hotmartGetUserMe, {}, options);
      const started = Date.now();
      const deferred = await invokeAction(hotmartGetUserMe, {}, options).catch((error: unknown) => error);
      expect(deferred).toBeInstanceOf(DeferRunError);
      expect((deferred as DeferRunError).code).toBe('hotmart_rate_budget');
      // About a minute after the first call, when the window has room again.
      expect((deferred as DeferRunError).at).toBeGreaterThan(started + 55_000);
      expect((deferred as DeferRunError).at).toBeLessThanOrEqual(started + 60_000);
      expect(calls()).toBe(2);
    } finally {
      await other.close();
    }
  });
});
