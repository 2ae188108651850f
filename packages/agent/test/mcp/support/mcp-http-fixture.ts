import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { Hono } from 'hono';
import { createMcpHttpHandler, type VerifiedToken } from '../../../src/mcp/mcp-http.ts';
import type { McpSettings } from '../../../src/mcp/mcp-settings.ts';
import type { ConnectionRecord, Store } from '../../../src/store/port.ts';
import { storeFactories, type TestStore } from '../../store/stores.ts';
import { testRegistry } from './test-registry.ts';

/** Tokens the fake token check knows (the access layer's real check is someone else's). */
export const TOKENS: Readonly<Record<string, VerifiedToken>> = {
  hp_alice_token: { userId: 'alice', scopes: ['read', 'mcp'] },
  hp_bob_token: { userId: 'bob', scopes: ['mcp'] },
  hp_carol_readonly: { userId: 'carol', scopes: ['read'] },
};

/** The endpoints of the fixture, one per write configuration. */
export const ENDPOINTS = {
  off: { writes: 'off' },
  dryRun: { writes: 'dry_run' },
  approval: { writes: 'approval', approvalTtlHours: 2, locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
  on: { writes: 'on' },
  allow: { writes: 'on', allow: ['hotmart_cancel_*', 'hotmart_change_due_day'] },
} as const satisfies Record<string, McpSettings>;

export type EndpointName = keyof typeof ENDPOINTS;

export interface McpHttpFixture {
  readonly hotmart: RunningEmulator;
  readonly t: TestStore;
  readonly store: Store;
  readonly baseUrl: string;
  readonly connection: ConnectionRecord;
  /** Moves the handlers' clock (approval expiry). */
  clock: { now: number };
  url(endpoint: EndpointName): URL;
  /** An SDK client connected to an endpoint with a token; closed by `close()`. */
  client(endpoint: EndpointName, token?: string): Promise<Client>;
  close(): Promise<void>;
}

/**
 * A SQLite store with a Hotmart connection to a running emulator, and the MCP HTTP handler mounted on a Hono app
 * served on port 0, once per write configuration (`/mcp/<endpoint>`).
 */
export async function startMcpHttpFixture(): Promise<McpHttpFixture> {
  const hotmart = await startEmulator({ seed: 23, sales: 300, rateLimit: false });
  const t = await storeFactories[0]!.create();
  const clock = { now: Date.now() };
  const connection = await t.store.createConnection(
    {
      id: 'main',
      kind: 'hotmart',
      name: 'Main store',
      hottoks: ['hottok-main'],
      credentials: { clientId: hotmart.credentials.clientId, clientSecret: hotmart.credentials.clientSecret },
      settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
    },
    clock.now,
  );
  const app = new Hono();
  for (const [name, settings] of Object.entries(ENDPOINTS)) {
    app.all(
      `/mcp/${name}`,
      createMcpHttpHandler({
        store: t.store,
        registry: testRegistry,
        settings,
        now: () => clock.now,
        services: { store: t.store },
        verifyToken: async (token) => TOKENS[token] ?? null,
      }),
    );
  }
  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () =>
      resolve(started as Server),
    ) as Server;
    started.once('error', reject);
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: Client[] = [];

  return {
    hotmart,
    t,
    store: t.store,
    baseUrl,
    connection,
    clock,
    url: (endpoint) => new URL(`/mcp/${endpoint}`, baseUrl),
    async client(endpoint, token = 'hp_alice_token') {
      const client = new Client({ name: 'hotpilot-tests', version: '1.0.0' });
      await client.connect(
        new StreamableHTTPClientTransport(new URL(`/mcp/${endpoint}`, baseUrl), {
          requestInit: { headers: { authorization: `Bearer ${token}` } },
        }),
      );
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.allSettled(clients.map((client) => client.close()));
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await hotmart.close();
      await t.destroy();
    },
  };
}
