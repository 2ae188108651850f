import { fileURLToPath } from 'node:url';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../src/connectors/registry.ts';
import {
  dataEnv,
  HOTTOK,
  hotpilotInProcess,
  openDataStore,
  ROOT,
  removeTempDirs,
  tempDir,
} from './cli-harness.ts';

// `hotpilot mcp` as a desktop MCP client starts it: the CLI binary speaking MCP on stdin/stdout.

const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));
let hotmart: RunningEmulator;
let env: Record<string, string>;

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 21, sales: 100, rateLimit: false });
  const dataDir = tempDir();
  env = dataEnv(dataDir);
  const store = await openDataStore(dataDir);
  try {
    await store.createConnection(
      {
        id: 'main',
        kind: 'hotmart',
        name: 'Main store',
        hottoks: [HOTTOK],
        credentials: {
          clientId: hotmart.credentials.clientId,
          clientSecret: hotmart.credentials.clientSecret,
        },
        settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
      },
      Date.now(),
    );
  } finally {
    await store.close();
  }
});

afterAll(async () => {
  await hotmart?.close();
  removeTempDirs();
});

describe('hotpilot mcp', () => {
  it('serves every action as a tool over stdio, calls a read tool, and exits when the client leaves', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--conditions=source', '--import', 'tsx', CLI, 'mcp'],
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', HOTPILOT_LOG_LEVEL: 'warn', ...env },
      stderr: 'pipe',
    });
    let stderr = '';
    transport.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    const client = new Client({ name: 'hotpilot-cli-tests', version: '1.0.0' });
    await client.connect(transport);
    try {
      expect(client.getServerVersion()?.name).toBe('hotpilot');
      const { tools } = await client.listTools();
      const names = tools.map((tool) => tool.name);
      for (const action of registry.actions) expect(names).toContain(action.id);
      const result = (await client.callTool({
        name: 'hotmart_get_user_me',
        arguments: {},
      })) as CallToolResult;
      expect(result.isError ?? false).toBe(false);
      expect(result.structuredContent).toMatchObject({ email: hotmart.account.summary().producer.email });
      // Writes are off unless --writes says otherwise.
      const refund = (await client.callTool({
        name: 'hotmart_refund_sale',
        arguments: { transaction: 'HP00000000000001' },
      })) as CallToolResult;
      expect(refund.isError).toBe(true);
    } finally {
      // The SDK ends standard input, then waits up to 2 s before sending SIGTERM: an exit before that is ours.
      const closing = Date.now();
      await client.close();
      expect(Date.now() - closing).toBeLessThan(2_000);
    }
    expect(stderr).toContain('MCP server ready on stdin/stdout (writes: off)');
  });

  it('refuses bad flags with exit 2', async () => {
    const writes = await hotpilotInProcess(['mcp', '--writes', 'sometimes'], env);
    expect(writes.code).toBe(2);
    expect(writes.stderr).toContain(
      "argument 'sometimes' is invalid. Allowed choices are off, dry_run, approval, on.",
    );
    const allow = await hotpilotInProcess(['mcp', '--allow', 'Bad Id'], env);
    expect([allow.code, allow.stderr]).toEqual([
      2,
      'error: --allow takes action ids or prefixes ending in * (invalid: Bad Id)',
    ]);
  });
});
