import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction, defineConnector } from '../../src/connectors/kit.ts';
import { createRegistry, registry } from '../../src/connectors/registry.ts';
import type { Logger } from '../../src/kit/logger.ts';
import { builtInConnection, resolveConnection } from '../../src/mcp/connection-resolver.ts';
import { canonicalJson, inputDigest } from '../../src/mcp/input-digest.ts';
import { createMcpServer } from '../../src/mcp/mcp-server.ts';
import { resolveMcpSettings, writeRefusal } from '../../src/mcp/mcp-settings.ts';
import { McpToolError } from '../../src/mcp/mcp-tool-error.ts';
import { createToolCatalog, toToolJsonSchema } from '../../src/mcp/tool-catalog.ts';
import { type ApprovalsRepo, createApprovalsRepo } from '../../src/store/access/approvals-repo.ts';
import type { Store } from '../../src/store/port.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import { reportConnector } from './support/test-registry.ts';

// The parts of the MCP server that need no vendor: settings, digests, the catalog, connection choice, and the call
// path against small hand-made actions (in memory, with the SDK's client).

const demoConnector = defineConnector({
  id: 'demo',
  title: 'Demo',
  description: 'A demo system.',
  credentials: z.strictObject({ apiKey: z.string().min(3) }),
  settings: z.strictObject({ baseUrl: z.url().optional() }),
  test: async () => ({ ok: true, message: 'ok' }),
});

const calls: { action: string; input: unknown; key: string; connection: string }[] = [];

const demoWrite = defineAction({
  id: 'demo_create_thing',
  connector: 'demo',
  title: 'Create a thing',
  description: 'Creates a thing.',
  llmHint: 'Use to create a thing.',
  input: z.strictObject({
    name: z.string().min(1),
    when: z.iso
      .date()
      .transform((d) => Date.parse(d))
      .optional(),
  }),
  output: z.strictObject({ id: z.string() }),
  effect: 'write',
  idempotent: false,
  run: async (ctx, input) => {
    calls.push({
      action: 'demo_create_thing',
      input,
      key: ctx.idempotencyKey,
      connection: ctx.connection.id,
    });
    return { id: `thing-${input.name}` };
  },
});

// An action whose own input has a `connection` field: the argument belongs to it.
const demoOwnsConnection = defineAction({
  id: 'demo_find_connection',
  connector: 'demo',
  title: 'Find a connection',
  description: 'Finds a connection record in the demo system.',
  llmHint: 'Use to find a connection record.',
  input: z.strictObject({ connection: z.string() }),
  output: z.strictObject({ found: z.string(), via: z.string() }),
  effect: 'read',
  idempotent: true,
  run: async (ctx, input) => ({ found: input.connection, via: ctx.connection.id }),
});

const demoBroken = defineAction({
  id: 'demo_break_things',
  connector: 'demo',
  title: 'Break',
  description: 'Always fails.',
  llmHint: 'Never use.',
  input: z.strictObject({}),
  output: z.strictObject({}),
  effect: 'read',
  idempotent: true,
  run: async () => {
    throw new Error('upstream said: Authorization: Bearer sk_live_123456 rejected');
  },
});

const demoList = defineAction({
  id: 'demo_list_names',
  connector: 'demo',
  title: 'List names',
  description: 'Lists names as a bare array.',
  llmHint: 'Use to list names.',
  input: z.strictObject({}),
  output: z.array(z.string()),
  effect: 'read',
  idempotent: true,
  run: async () => ['a', 'b'],
});

const demoRegistry = createRegistry([demoConnector], [demoWrite, demoOwnsConnection, demoBroken, demoList]);

describe('settings', () => {
  it('fills in defaults and refuses bad values at start-up', () => {
    const settings = resolveMcpSettings({ writes: 'approval' }, registry);
    expect(settings).toEqual({
      writes: 'approval',
      allow: null,
      approvalTtlMs: 24 * 3_600_000,
      locale: 'en',
      timeZone: 'UTC',
    });
    expect(() => resolveMcpSettings({ writes: 'yes' as never }, registry)).toThrow(/writes/);
    expect(() => resolveMcpSettings({ writes: 'on', allow: ['hotmart_refund_sael'] }, registry)).toThrow(
      /matches no action/,
    );
    expect(() => resolveMcpSettings({ writes: 'on', allow: ['Hotmart Refund'] }, registry)).toThrow(/allow/);
    expect(() => resolveMcpSettings({ writes: 'on', timeZone: 'Mars/Olympus' }, registry)).toThrow(
      /time zone/,
    );
    expect(() => resolveMcpSettings({ writes: 'on', approvalTtlHours: 0 }, registry)).toThrow(
      /approvalTtlHours/,
    );
  });

  it('gates writes by mode and allow-list, never reads', () => {
    const refund = registry.action('hotmart_refund_sale')!;
    const cancel = registry.action('hotmart_cancel_subscription')!;
    const read = registry.action('hotmart_get_sales_history')!;
    const off = resolveMcpSettings({ writes: 'off' }, registry);
    const allow = resolveMcpSettings({ writes: 'on', allow: ['hotmart_cancel_*'] }, registry);
    const all = resolveMcpSettings({ writes: 'dry_run', allow: ['*'] }, registry);
    expect([writeRefusal(off, refund), writeRefusal(off, read)]).toEqual(['writes_disabled', null]);
    expect([writeRefusal(allow, refund), writeRefusal(allow, cancel), writeRefusal(allow, read)]).toEqual([
      'not_allowed',
      null,
      null,
    ]);
    expect(writeRefusal(all, refund)).toBeNull();
  });
});

describe('input digest', () => {
  it('ignores key order at every depth and distinguishes values', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (value) => {
        const reversed = Object.fromEntries(Object.entries(value).reverse());
        expect(inputDigest(reversed)).toBe(inputDigest(value));
      }),
    );
    expect(canonicalJson({ b: 1, a: { d: undefined, c: [true, { z: 1, y: 2 }] } })).toBe(
      '{"a":{"c":[true,{"y":2,"z":1}]},"b":1}',
    );
    expect(inputDigest({ a: 1 })).not.toBe(inputDigest({ a: 2 }));
    expect(inputDigest({ secret: 'hunter2' })).not.toContain('hunter2');
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(() => inputDigest(circular)).toThrow(/circular/);
  });
});

describe('catalog', () => {
  it('converts every shipped action to MCP JSON Schemas without $schema or non-standard formats', () => {
    const catalog = createToolCatalog(registry, resolveMcpSettings({ writes: 'on' }, registry));
    const tools = catalog.list([]);
    expect(tools).toHaveLength(registry.actions.length + 1);
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe('object');
      expect(JSON.stringify(tool.inputSchema), tool.name).not.toContain('$schema');
      expect(JSON.stringify(tool.outputSchema ?? {}), tool.name).not.toContain('"format":"starts_with"');
    }
    expect(toToolJsonSchema(z.strictObject({ key: z.string().startsWith('whsec_') }), 'output')).toEqual({
      type: 'object',
      properties: { key: { type: 'string', pattern: '^whsec_.*' } },
      required: ['key'],
      additionalProperties: false,
    });
  });

  it('leaves an action its own `connection` field and refuses a write that declares dry_run', () => {
    const catalog = createToolCatalog(demoRegistry, resolveMcpSettings({ writes: 'on' }, demoRegistry));
    expect(catalog.action('demo_find_connection')?.actionOwnsConnection).toBe(true);
    expect(catalog.action('demo_create_thing')?.actionOwnsConnection).toBe(false);
    expect(catalog.action('demo_list_names')?.structured).toBe(false);
    const listed = catalog.list([]).find((tool) => tool.name === 'demo_list_names')!;
    expect(listed.outputSchema).toBeUndefined();
    const clash = defineAction({
      ...demoWrite,
      id: 'demo_clash_thing',
      input: z.strictObject({ dry_run: z.boolean() }),
      run: async () => ({ id: 'never' }),
    });
    const clashing = createRegistry([demoConnector], [clash]);
    expect(() => createToolCatalog(clashing, resolveMcpSettings({ writes: 'on' }, clashing))).toThrow(
      /dry_run/,
    );
  });
});

describe('connection choice', () => {
  const hotmart = registry.connector('hotmart')!;
  const resolver = (list: { id: string; kind: string }[]) => ({
    list: async () => list.map((c) => ({ ...c, credentials: {} })),
    get: async (id: string) => list.map((c) => ({ ...c, credentials: {} })).find((c) => c.id === id) ?? null,
  });

  it('takes the only connection of the kind, or the one named', async () => {
    const connections = resolver([
      { id: 'main', kind: 'hotmart' },
      { id: 'crm', kind: 'hubspot' },
    ]);
    expect((await resolveConnection(connections, hotmart, undefined)).id).toBe('main');
    expect((await resolveConnection(connections, hotmart, 'main')).id).toBe('main');
  });

  it('explains what is wrong: none, several, unknown, other kind', async () => {
    const none = await resolveConnection(resolver([]), hotmart, undefined).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(McpToolError);
    expect(none).toMatchObject({
      code: 'connection_not_found',
      message: expect.stringContaining('no Hotmart connection'),
    });
    const several = resolver([
      { id: 'a', kind: 'hotmart' },
      { id: 'b', kind: 'hotmart' },
      { id: 'crm', kind: 'hubspot' },
    ]);
    await expect(resolveConnection(several, hotmart, undefined)).rejects.toMatchObject({
      code: 'connection_required',
      message: expect.stringContaining('(a, b)'),
    });
    await expect(resolveConnection(several, hotmart, 'crm')).rejects.toMatchObject({
      code: 'connection_not_found',
      message: expect.stringContaining('is a hubspot connection'),
    });
    await expect(resolveConnection(several, hotmart, 'zzz')).rejects.toMatchObject({
      message: 'no connection "zzz"; hotmart connections: a, b',
    });
  });

  it('gives connectors without credentials a built-in connection', async () => {
    expect(builtInConnection(reportConnector)).toEqual({
      id: 'report',
      kind: 'report',
      name: 'Reports',
      credentials: {},
      settings: {},
    });
    expect(builtInConnection(hotmart)).toBeNull();
    expect((await resolveConnection(resolver([]), reportConnector, undefined)).id).toBe('report');
    expect((await resolveConnection(resolver([]), reportConnector, 'report')).id).toBe('report');
  });
});

describe('in-process server', () => {
  let t: TestStore;
  let client: Client;

  const connect = async (
    settings: Parameters<typeof createMcpServer>[0]['settings'],
    extra: { store?: Store; logger?: Logger; approvals?: ApprovalsRepo } = {},
  ) => {
    t = await storeFactories[0]!.create();
    await t.store.createConnection(
      { id: 'demo-main', kind: 'demo', name: 'Demo', hottoks: [], credentials: { apiKey: 'key-1' } },
      Date.now(),
    );
    const server = createMcpServer({
      store: extra.store ?? t.store,
      connections: { list: () => t.store.listConnections(), get: (id) => t.store.getConnection(id) },
      registry: demoRegistry,
      settings,
      actor: 'tester',
      ...(extra.logger ? { logger: extra.logger } : {}),
      ...(extra.approvals ? { approvals: extra.approvals } : {}),
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await server.connect(serverSide);
    client = new Client({ name: 'units', version: '1' });
    await client.connect(clientSide);
  };

  afterEach(async () => {
    calls.length = 0;
    await client?.close();
    await t?.destroy();
  });

  const call = async (name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as CallToolResult;

  it('runs a write with a fresh idempotency key and passes the raw input to the action', async () => {
    await connect({ writes: 'on' });
    const result = await call('demo_create_thing', { name: 'lamp', when: '2026-02-01' });
    expect(result.structuredContent).toEqual({ id: 'thing-lamp' });
    expect(calls).toEqual([
      {
        action: 'demo_create_thing',
        input: { name: 'lamp', when: Date.parse('2026-02-01') },
        key: expect.stringMatching(/^mcp:[0-9a-f-]{36}$/),
        connection: 'demo-main',
      },
    ]);
  });

  it('shows a dry run the transformed input, and rejects a bad dry_run value', async () => {
    await connect({ writes: 'on' });
    const preview = await call('demo_create_thing', { name: 'lamp', when: '2026-02-01', dry_run: true });
    expect(preview.structuredContent).toMatchObject({
      status: 'dry_run',
      input: { name: 'lamp', when: Date.parse('2026-02-01') },
      target: { system: 'Demo', connection: 'demo-main', endpoint: null },
    });
    const bad = await call('demo_create_thing', { name: 'lamp', dry_run: 'yes' });
    expect(bad.isError).toBe(true);
    expect(bad.content[0]).toMatchObject({ text: expect.stringContaining('dry_run') });
    expect(calls).toEqual([]);
  });

  it('refuses a dry run whose connection has bad credentials', async () => {
    await connect({ writes: 'on' });
    await t.store.updateConnection('demo-main', { credentials: { apiKey: 'x' } }, Date.now());
    const result = await call('demo_create_thing', { name: 'lamp', dry_run: true });
    expect(result.isError).toBe(true);
    expect(result._meta?.['hotpilot/error']).toMatchObject({ code: 'CREDENTIALS_INVALID' });
    expect(JSON.stringify(result)).not.toContain('"x"');
  });

  it('passes `connection` through to an action that declares it', async () => {
    await connect({ writes: 'off' });
    const result = await call('demo_find_connection', { connection: 'acme' });
    expect(result.structuredContent).toEqual({ found: 'acme', via: 'demo-main' });
  });

  it('answers an unexpected failure without the secret in its message', async () => {
    await connect({ writes: 'off' });
    const result = await call('demo_break_things', {});
    expect(result.isError).toBe(true);
    expect(JSON.stringify(result)).not.toContain('sk_live_123456');
    expect(result.content[0]).toMatchObject({ text: expect.stringContaining('[redacted]') });
  });

  it('answers a non-object output as text only', async () => {
    await connect({ writes: 'off' });
    const result = await call('demo_list_names', {});
    expect(result.structuredContent).toBeUndefined();
    expect(result.content).toEqual([{ type: 'text', text: '["a","b"]' }]);
  });

  it('still answers when the audit log cannot be written, and logs why', async () => {
    const errors: string[] = [];
    const logger: Logger = {
      trace: () => {},
      debug: () => {},
      info: () => {},
      warn: () => {},
      error: (_obj, msg) => errors.push(msg ?? ''),
      fatal: () => {},
      child: () => logger,
    };
    const base = await storeFactories[0]!.create();
    const failing = new Proxy(base.store, {
      get(target, key, receiver) {
        if (key === 'appendAudit') return async () => Promise.reject(new Error('disk full'));
        return Reflect.get(target, key, receiver);
      },
    });
    try {
      await connect({ writes: 'on' }, { store: failing, logger, approvals: createApprovalsRepo(base.store) });
      const result = await call('demo_create_thing', { name: 'lamp' });
      expect(result.structuredContent).toEqual({ id: 'thing-lamp' });
      expect(errors).toEqual(['could not write the audit entry of an MCP call']);
    } finally {
      await base.destroy();
    }
  });
});
