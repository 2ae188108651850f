import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/connectors/registry.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';

// `hotpilot mcp` as a desktop client runs it: a child process speaking MCP on stdin/stdout, driven by the SDK's
// stdio client, over a SQLite store with a Hotmart connection to a running emulator.

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const ENTRY = fileURLToPath(new URL('./support/stdio-server.ts', import.meta.url));

let hotmart: RunningEmulator;
let t: TestStore;
let client: Client;
let transport: StdioClientTransport;
let stderr = '';

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 5, sales: 200, rateLimit: false });
  t = await storeFactories[0]!.create();
  await t.store.createConnection(
    {
      id: 'main',
      kind: 'hotmart',
      name: 'Main store',
      hottoks: ['hottok-main'],
      credentials: { clientId: hotmart.credentials.clientId, clientSecret: hotmart.credentials.clientSecret },
      settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
    },
    Date.now(),
  );
  transport = new StdioClientTransport({
    command: process.execPath,
    args: ['--conditions=source', '--import', 'tsx', ENTRY, t.location, 'off'],
    cwd: ROOT,
    stderr: 'pipe',
  });
  transport.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  client = new Client({ name: 'hotpilot-stdio-tests', version: '1.0.0' });
  await client.connect(transport);
});

afterAll(async () => {
  await client?.close();
  await hotmart?.close();
  await t?.destroy();
});

describe('stdio', () => {
  it('introduces itself and lists every action as a tool with schemas and annotations', async () => {
    expect(client.getServerVersion()?.name).toBe('hotpilot');
    expect(client.getInstructions()).toContain('Write tools are disabled');
    const { tools } = await client.listTools();
    expect(tools).toHaveLength(registry.actions.length + 1);
    const refund = tools.find((tool) => tool.name === 'hotmart_refund_sale')!;
    expect(refund.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true });
    expect(Object.keys(refund.inputSchema.properties ?? {}).sort()).toEqual([
      'connection',
      'dry_run',
      'transaction',
    ]);
    const products = tools.find((tool) => tool.name === 'hotmart_list_products')!;
    expect(products.annotations).toMatchObject({
      readOnlyHint: true,
      idempotentHint: true,
      openWorldHint: true,
    });
    expect(products.outputSchema?.type).toBe('object');
  });

  it('calls a read tool and gets the emulator’s data', async () => {
    const result = (await client.callTool({
      name: 'hotmart_list_products',
      arguments: {},
    })) as CallToolResult;
    expect(result.isError).toBeFalsy();
    const items = (result.structuredContent as { items: { id: number; name: string }[] }).items;
    const expected = hotmart.account.products().slice(0, items.length);
    expect(items.length).toBeGreaterThan(0);
    expect(items.map((item) => item.id)).toEqual(expected.map((product) => product.id));
    expect(items[0]!.name).toBe(expected[0]!.name);
  });

  it('refuses a write by default', async () => {
    const sale = hotmart.account.saleAt(0);
    const result = (await client.callTool({
      name: 'hotmart_refund_sale',
      arguments: { transaction: sale.transaction },
    })) as CallToolResult;
    expect(result.isError).toBe(true);
    expect(result.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining('writes_disabled'),
    });
    expect(hotmart.account.sale(sale.transaction)?.status).toBe(sale.status);
  });

  it('audits each call as the local operator, over stdio', async () => {
    const entries = (await t.store.listAudit({ action: 'mcp.tool_call', limit: 100 })).reverse();
    expect(
      entries.map((entry) => [entry.actor, entry.target, (entry.details as { outcome: string }).outcome]),
    ).toEqual([
      ['local-operator', 'hotmart_list_products', 'ok'],
      ['local-operator', 'hotmart_refund_sale', 'refused'],
    ]);
    expect(entries.every((entry) => (entry.details as { channel: string }).channel === 'stdio')).toBe(true);
  });

  it('exits when the client closes standard input', async () => {
    const pid = transport.pid;
    expect(pid).toBeTypeOf('number');
    await client.close();
    // The child closes its store and exits on its own; poll until the pid is gone.
    const deadline = Date.now() + 10_000;
    let alive = true;
    while (alive && Date.now() < deadline) {
      try {
        process.kill(pid!, 0);
        await new Promise((resolve) => setTimeout(resolve, 50));
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
    expect(stderr).not.toMatch(/Error/);
  });
});
