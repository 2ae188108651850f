import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConnection, parseConnection } from '../../../src/connectors/connections.ts';
import {
  ActionInputError,
  ActionOutputError,
  ConnectionLookupError,
  CredentialsError,
  createVendorError,
} from '../../../src/connectors/errors.ts';
import { invokeAction, testConnection } from '../../../src/connectors/invoke.ts';
import {
  type ActionContext,
  BaseUrlSettings,
  defineAction,
  defineConnector,
} from '../../../src/connectors/kit.ts';
import type { ConnectionRecord, Store } from '../../../src/store/port.ts';
import { capturingLogger, errorText, thrown } from './support.ts';

type Credentials = { apiKey: string };

// A connector and action without HTTP: they record what they receive so the plumbing can be checked.
let lastContext: ActionContext<Credentials> | undefined;
let testBehaviour: 'ok' | 'vendor-401' | 'crash' = 'ok';

const demo = defineConnector<Credentials>({
  id: 'demo',
  title: 'Demo',
  description: 'A connector for tests.',
  credentials: z.strictObject({ apiKey: z.string().min(8) }),
  settings: BaseUrlSettings,
  test: async (ctx) => {
    if (testBehaviour === 'vendor-401') {
      throw createVendorError({
        vendor: 'demo',
        status: 401,
        code: 'UNAUTHORIZED',
        vendorMessage: undefined,
        request: { method: 'GET', url: 'https://demo.example/me' },
      });
    }
    if (testBehaviour === 'crash') throw new TypeError('bug in the connector');
    return { ok: true, message: `hello ${ctx.connection.name}` };
  },
});

const echo = defineAction<{ name: string; times: number }, { greeting: string }, Credentials>({
  id: 'demo_echo_name',
  connector: 'demo',
  title: 'Echo',
  description: 'Echoes a name.',
  llmHint: 'Echoes.',
  input: z.strictObject({ name: z.string().min(1), times: z.int().min(1).default(1) }),
  output: z.strictObject({ greeting: z.string() }),
  effect: 'read',
  idempotent: true,
  run: async (ctx, input) => {
    lastContext = ctx;
    ctx.logger.info({ name: input.name }, 'echoing');
    return { greeting: `hi ${input.name}`.repeat(input.times) };
  },
});

const broken = defineAction<Record<string, never>, { id: string }, Credentials>({
  id: 'demo_broken_output',
  connector: 'demo',
  title: 'Broken',
  description: 'Returns the wrong shape.',
  llmHint: 'Never use.',
  input: z.strictObject({}),
  output: z.strictObject({ id: z.string() }),
  effect: 'read',
  idempotent: true,
  run: async () => ({ id: 42 }) as unknown as { id: string },
});

const connection = {
  id: 'main',
  kind: 'demo',
  name: 'Main account',
  credentials: { apiKey: 'secret-key-123' },
};

afterEach(() => {
  lastContext = undefined;
  testBehaviour = 'ok';
});

describe('invokeAction', () => {
  it('parses the connection and input, passes the context, and parses the output', async () => {
    const captured = capturingLogger();
    const controller = new AbortController();
    const services = { mailer: 'x' };
    const output = await invokeAction(
      echo,
      { name: 'Ana', times: 2 },
      {
        connector: demo,
        connection: { ...connection, settings: { baseUrl: 'http://127.0.0.1:9' } },
        idempotencyKey: 'run_1:echo',
        logger: captured.logger,
        now: () => 42,
        signal: controller.signal,
        services,
      },
    );
    expect(output).toEqual({ greeting: 'hi Anahi Ana' });
    expect(lastContext?.connection).toEqual({
      id: 'main',
      kind: 'demo',
      name: 'Main account',
      credentials: { apiKey: 'secret-key-123' },
      settings: { baseUrl: 'http://127.0.0.1:9' },
    });
    expect(lastContext?.idempotencyKey).toBe('run_1:echo');
    expect(lastContext?.now()).toBe(42);
    expect(lastContext?.signal).toBe(controller.signal);
    expect(lastContext?.services).toBe(services);
    expect(captured.entries).toEqual([
      {
        level: 'info',
        bindings: { action: 'demo_echo_name', connection: 'main' },
        obj: { name: 'Ana' },
        msg: 'echoing',
      },
    ]);
  });

  it('gives an ad-hoc call its own idempotency key and default I/O', async () => {
    await invokeAction(echo, { name: 'Bia' }, { connector: demo, connection });
    const first = lastContext?.idempotencyKey;
    await invokeAction(echo, { name: 'Bia' }, { connector: demo, connection });
    expect(first).toMatch(/^adhoc:[0-9a-f-]{36}$/);
    expect(lastContext?.idempotencyKey).not.toBe(first);
    expect(lastContext?.fetch).toBe(globalThis.fetch);
    expect(lastContext?.signal.aborted).toBe(false);
    expect(lastContext?.services).toEqual({});
    expect(lastContext?.connection.settings).toEqual({});
  });

  it('refuses bad input naming the field, before running', async () => {
    const error = await thrown(() =>
      invokeAction(echo, { name: '', times: 0 }, { connector: demo, connection }),
    );
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error.message).toContain('input.name');
    expect(error.message).toContain('input.times');
    expect(lastContext).toBeUndefined();
  });

  it('refuses bad credentials and settings naming the fields, never the values', async () => {
    const error = await thrown(() =>
      invokeAction(
        echo,
        { name: 'Ana' },
        {
          connector: demo,
          connection: {
            ...connection,
            credentials: { apiKey: 'short', other: 'leaked-value' },
            settings: { baseUrl: 'ftp:/x y' },
          },
        },
      ),
    );
    expect(error).toBeInstanceOf(CredentialsError);
    expect(error['fields']).toEqual(['credentials.apiKey', 'credentials', 'settings.baseUrl']);
    expect(errorText(error)).not.toContain('short"');
    expect(errorText(error)).not.toContain('leaked-value');

    const none = await thrown(() =>
      invokeAction(
        echo,
        { name: 'Ana' },
        { connector: demo, connection: { ...connection, credentials: null } },
      ),
    );
    expect(none).toMatchObject({
      name: 'CredentialsError',
      code: 'CREDENTIALS_MISSING',
      fields: ['credentials'],
    });
    expect(lastContext).toBeUndefined();
  });

  it('refuses a connection of another connector and an action of another connector', async () => {
    const wrongKind = await thrown(() =>
      invokeAction(echo, { name: 'A' }, { connector: demo, connection: { ...connection, kind: 'slack' } }),
    );
    expect(wrongKind).toBeInstanceOf(ConnectionLookupError);
    expect(wrongKind['code']).toBe('CONNECTION_KIND_MISMATCH');
    const other = defineConnector<Credentials>({ ...demo, id: 'other' });
    const mismatch = await thrown(() =>
      invokeAction(echo, { name: 'A' }, { connector: other, connection: { ...connection, kind: 'other' } }),
    );
    expect(mismatch).toBeInstanceOf(TypeError);
    expect(mismatch.message).toBe('action demo_echo_name belongs to connector demo, not other');
  });

  it('refuses an output that breaks the action’s schema', async () => {
    const error = await thrown(() => invokeAction(broken, {}, { connector: demo, connection }));
    expect(error).toBeInstanceOf(ActionOutputError);
    expect(error.message).toContain('output.id');
  });
});

describe('testConnection', () => {
  it('returns the connector’s result, and turns bad credentials and vendor refusals into ok:false', async () => {
    expect(await testConnection(demo, connection)).toEqual({ ok: true, message: 'hello Main account' });
    const invalid = await testConnection(demo, { ...connection, credentials: { apiKey: 'x' } });
    expect(invalid.ok).toBe(false);
    expect(invalid.message).toContain('credentials.apiKey');
    testBehaviour = 'vendor-401';
    expect(await testConnection(demo, connection)).toEqual({
      ok: false,
      message: 'demo GET https://demo.example/me failed: 401 UNAUTHORIZED',
    });
    testBehaviour = 'crash';
    await expect(testConnection(demo, connection)).rejects.toThrow('bug in the connector');
  });
});

describe('loadConnection', () => {
  // The store port keeps connections of every kind; the SQLite adapter is being finished and accepts only
  // `hotmart` today, so this test reads through the port's `getConnection` alone with records as the store
  // returns them (credentials decrypted).
  const records: ConnectionRecord[] = [
    {
      id: 'main',
      kind: 'demo',
      name: 'Main',
      hottoks: [],
      credentials: { apiKey: 'secret-key-123' },
      settings: {},
      createdAt: 1,
      updatedAt: 1,
    },
    {
      id: 'broken',
      kind: 'demo',
      name: 'Broken',
      hottoks: [],
      credentials: { apiKey: 'x' },
      settings: {},
      createdAt: 1,
      updatedAt: 1,
    },
    {
      id: 'team',
      kind: 'slack',
      name: 'Team',
      hottoks: [],
      credentials: { botToken: 'xoxb-1' },
      settings: {},
      createdAt: 1,
      updatedAt: 1,
    },
  ];
  const store: Pick<Store, 'getConnection'> = {
    getConnection: async (id) => records.find((r) => r.id === id) ?? null,
  };

  it('reads a stored connection and checks it against the connector', async () => {
    const loaded = await loadConnection(store, 'main', demo);
    expect(loaded).toEqual({
      id: 'main',
      kind: 'demo',
      name: 'Main',
      credentials: { apiKey: 'secret-key-123' },
      settings: {},
    });
    expect(await invokeAction(echo, { name: 'Ana' }, { connector: demo, connection: loaded })).toEqual({
      greeting: 'hi Ana',
    });

    await expect(loadConnection(store, 'missing', demo)).rejects.toMatchObject({
      name: 'ConnectionLookupError',
      code: 'CONNECTION_NOT_FOUND',
      message: 'connection "missing" does not exist (expected a demo connection)',
    });
    await expect(loadConnection(store, 'team', demo)).rejects.toMatchObject({
      code: 'CONNECTION_KIND_MISMATCH',
    });
    await expect(loadConnection(store, 'broken', demo)).rejects.toBeInstanceOf(CredentialsError);
  });

  it('parses a literal connection the same way', () => {
    expect(parseConnection(demo, { id: 'x', kind: 'demo', credentials: { apiKey: '12345678' } }).name).toBe(
      'x',
    );
  });
});
