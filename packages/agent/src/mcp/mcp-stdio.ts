import type { Readable, Writable } from 'node:stream';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { redact } from '../kit/redact.ts';
import { createMcpRuntime, type McpDeps } from './mcp-runtime.ts';
import { buildMcpServer } from './mcp-server.ts';

/**
 * A running stdio MCP server.
 *
 * @example
 * import type { McpStdio } from './mcp-stdio.ts';
 * const stop = async (mcp: McpStdio) => { await mcp.close(); };
 */
export interface McpStdio {
  readonly server: McpServer;
  /** Resolves when the client goes away (standard input ends) or `close()` was called. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

/**
 * Serves MCP over standard input and output for `hotpilot mcp`, the way desktop MCP clients start servers. Calls
 * are made as `deps.actor` (the local operator). Standard output carries the protocol: the logger must write
 * elsewhere (standard error). When the client closes standard input the server closes and `closed` resolves, so
 * the caller can close the store and exit.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import { runMcpStdio } from './mcp-stdio.ts';
 * const mcp = await runMcpStdio({ store, registry, settings: { writes: 'off' }, actor: 'local' });
 * await mcp.closed;
 * await store.close();
 */
export async function runMcpStdio(
  deps: McpDeps & { stdin?: Readable; stdout?: Writable },
): Promise<McpStdio> {
  const runtime = createMcpRuntime(deps);
  const server = buildMcpServer(runtime, { actor: deps.actor, channel: 'stdio' });
  const stdin = deps.stdin ?? process.stdin;
  const transport = new StdioServerTransport(stdin, deps.stdout ?? process.stdout);
  let resolveClosed: () => void = () => {};
  const closed = new Promise<void>((resolve) => {
    resolveClosed = resolve;
  });
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= server
      .close()
      .catch((error: unknown) => runtime.logger.warn({ err: redact(error) }, 'closing the MCP server failed'))
      .finally(() => {
        stdin.off('end', onEnd);
        resolveClosed();
      });
    return closing;
  };
  // The SDK's transport doesn't watch for the end of input; a client that exits must not leave us running.
  const onEnd = (): void => {
    void close();
  };
  stdin.once('end', onEnd);
  transport.onerror = (error) => runtime.logger.warn({ err: redact(error) }, 'MCP stdio transport error');
  await server.connect(transport);
  // connect() installs its own onclose; chain ours so a transport closed from the other side also resolves.
  const sdkOnClose = transport.onclose;
  transport.onclose = () => {
    sdkOnClose?.();
    void close();
  };
  runtime.logger.info(
    { writes: runtime.settings.writes, tools: runtime.catalog.tools.length + 1 },
    'MCP stdio server ready',
  );
  return { server, closed, close };
}
