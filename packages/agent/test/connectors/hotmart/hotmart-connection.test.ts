import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CredentialsError } from '../../../src/connectors/errors.ts';
import {
  getHotmartClient,
  hotmartConnector,
  hotmartGetUserMe,
} from '../../../src/connectors/hotmart/index.ts';
import { invokeAction, testConnection } from '../../../src/connectors/invoke.ts';
import type { Logger } from '../../../src/kit/logger.ts';

// The connection: the test against the emulator (pass and fail, clearly and without the secret), credential and
// settings checks, and the per-connection client cache.

let hotmart: RunningEmulator;

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 3, sales: 50, rateLimit: false });
});

afterAll(async () => {
  await hotmart.close();
});

const connectionWith = (credentials: unknown, settings: Record<string, unknown> = {}) => ({
  id: 'main',
  kind: 'hotmart',
  credentials,
  settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl, ...settings },
});

/** A logger that keeps every line, to prove no secret reaches the logs. */
function capturingLogger(lines: string[]): Logger {
  const write = (obj: object, msg?: string) => lines.push(JSON.stringify({ ...obj, msg }));
  const logger: Logger = {
    trace: write,
    debug: write,
    info: write,
    warn: write,
    error: write,
    fatal: write,
    child: () => logger,
  };
  return logger;
}

describe('hotmart connection test', () => {
  it('passes with the emulator’s credentials and names the account', async () => {
    const result = await testConnection(
      hotmartConnector,
      connectionWith({
        clientId: hotmart.credentials.clientId,
        clientSecret: hotmart.credentials.clientSecret,
      }),
    );
    expect(result.ok).toBe(true);
    expect(result.message).toContain(hotmart.account.producer.name);
    expect(result.message).toContain(hotmart.account.producer.email);
    expect(result.message).toContain(hotmart.account.producer.ucode);
  });

  it('fails clearly with a wrong secret, never printing it', async () => {
    const lines: string[] = [];
    const secret = 'wrong-secret-4f9a7c1e';
    const result = await testConnection(
      hotmartConnector,
      connectionWith({ clientId: hotmart.credentials.clientId, clientSecret: secret }),
      { logger: capturingLogger(lines) },
    );
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/^Hotmart refused the credentials of client id hotpilot-emulator/);
    expect(result.message).toContain('Developer Credentials');
    expect(result.message).not.toContain(secret);
    expect(lines.join('\n')).not.toContain(secret);
    const basic = Buffer.from(`${hotmart.credentials.clientId}:${secret}`).toString('base64');
    expect(lines.join('\n')).not.toContain(basic);
  });

  it('fails clearly when the host cannot be reached', async () => {
    // A port that was free a moment ago: nothing listens there.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const host = `http://127.0.0.1:${port}`;
    const result = await testConnection(
      hotmartConnector,
      connectionWith(
        { clientId: 'id', clientSecret: 'secret' },
        { apiBaseUrl: host, tokenUrl: `${host}/security/oauth/token` },
      ),
    );
    expect(result.ok).toBe(false);
    expect(result.message).toBe(
      `Could not reach the Hotmart production API at ${host} (hotmart_connection): check the network and the apiBaseUrl/tokenUrl settings.`,
    );
  });

  it('reports missing or misspelt credentials by field, before any request', async () => {
    const missing = await testConnection(hotmartConnector, connectionWith({ clientId: 'id' }));
    expect(missing).toEqual({
      ok: false,
      message: expect.stringContaining('credentials.clientSecret'),
    });
    const typo = await testConnection(
      hotmartConnector,
      connectionWith({ clientId: 'id', clientSecret: 'secret', clientSecrt: 'x' }),
    );
    expect(typo.ok).toBe(false);
    expect(typo.message).toContain('clientSecrt');
    const badSetting = await testConnection(
      hotmartConnector,
      connectionWith({ clientId: 'id', clientSecret: 'secret' }, { environment: 'staging' }),
    );
    expect(badSetting.message).toContain('settings.environment');
  });

  it('an action with stored credentials missing raises a CredentialsError naming the connection', async () => {
    const error = await invokeAction(
      hotmartGetUserMe,
      {},
      { connector: hotmartConnector, connection: { id: 'main', kind: 'hotmart', credentials: null } },
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CredentialsError);
    expect((error as CredentialsError).message).toContain('connection "main" (hotmart) has no credentials');
  });
});

describe('getHotmartClient', () => {
  const parsed = (credentials: { clientId: string; clientSecret: string }, id = 'main') => ({
    id,
    kind: 'hotmart',
    name: id,
    credentials,
    settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
  });

  it('reuses one client (and its token) per connection', async () => {
    let tokenRequests = 0;
    const counting: typeof fetch = async (input, init) => {
      if (new Request(input, init).url.includes('/security/oauth/token')) tokenRequests += 1;
      return fetch(input, init);
    };
    const credentials = {
      clientId: hotmart.credentials.clientId,
      clientSecret: hotmart.credentials.clientSecret,
    };
    const first = getHotmartClient(parsed(credentials), { fetch: counting });
    expect(getHotmartClient(parsed(credentials), { fetch: counting })).toBe(first);
    for (let i = 0; i < 3; i++) {
      await invokeAction(
        hotmartGetUserMe,
        {},
        { connector: hotmartConnector, connection: parsed(credentials), fetch: counting },
      );
    }
    expect(tokenRequests).toBe(1);
  });

  it('builds a new client when the credentials change, and one per fetch', () => {
    const fetchA: typeof fetch = (input, init) => fetch(input, init);
    const fetchB: typeof fetch = (input, init) => fetch(input, init);
    const one = getHotmartClient(parsed({ clientId: 'a', clientSecret: 'one' }), { fetch: fetchA });
    const rotated = getHotmartClient(parsed({ clientId: 'a', clientSecret: 'two' }), { fetch: fetchA });
    expect(rotated).not.toBe(one);
    expect(getHotmartClient(parsed({ clientId: 'a', clientSecret: 'two' }), { fetch: fetchA })).toBe(rotated);
    expect(getHotmartClient(parsed({ clientId: 'a', clientSecret: 'two' }), { fetch: fetchB })).not.toBe(
      rotated,
    );
    expect(
      getHotmartClient(parsed({ clientId: 'a', clientSecret: 'two' }, 'other'), { fetch: fetchA }),
    ).not.toBe(rotated);
    // The client prints no secret.
    expect(JSON.stringify(rotated)).not.toContain('two');
    expect(String(rotated)).not.toContain('two');
  });
});
