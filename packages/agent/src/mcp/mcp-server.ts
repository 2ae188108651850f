import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { ConnectionLike } from '../connectors/connections.ts';
import { redact } from '../kit/redact.ts';
import { callTool } from './call-tool.ts';
import { listResources, listResourceTemplates, readResource } from './mcp-resources.ts';
import { createMcpRuntime, type McpCaller, type McpDeps, type McpRuntime } from './mcp-runtime.ts';
import { GET_APPROVAL_TOOL } from './tool-catalog.ts';

/**
 * Builds hotpilot's MCP server for one caller: every action of the registry as a tool (plus
 * `hotpilot_get_approval`), and the events, runs and reports as resources. Connect it to a transport
 * (`runMcpStdio` does so for stdio; `createMcpHttpHandler` builds one per HTTP request).
 *
 * The tools are served by our own `tools/list` and `tools/call` handlers on the SDK's server rather than through
 * `McpServer.registerTool`: `registerTool` validates arguments before any handler runs (a refused call would leave
 * no audit entry), would need `connection`/`dry_run` grafted onto strict action schemas, and checks every answer
 * against one zod output schema (a write also answers previews and approval tickets). Our handlers parse with the
 * same zod schemas, through `invokeAction`.
 *
 * @example
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { registry } from '../connectors/registry.ts';
 * import { createMcpServer } from './mcp-server.ts';
 * const server = createMcpServer({ store, registry, settings: { writes: 'approval' }, actor: 'local' });
 * await server.connect(new StdioServerTransport());
 */
export function createMcpServer(deps: McpDeps): McpServer {
  return buildMcpServer(createMcpRuntime(deps), { actor: deps.actor, channel: 'in-process' });
}

const INSTRUCTIONS = {
  off: 'Write tools are disabled: they answer an error and change nothing.',
  dry_run: 'Write tools only preview: they answer what they would do and change nothing.',
  approval:
    `Write tools are queued for a person's approval: they answer an approval_id; poll ${GET_APPROVAL_TOOL}. ` +
    'Pass dry_run: true to preview a write.',
  on: 'Write tools change data at once: preview with dry_run: true when unsure, and confirm with the user first.',
} as const;

/**
 * The server for one caller over a shared runtime (the HTTP handler builds one per request with the token's user).
 *
 * @example
 * import { createMcpRuntime } from './mcp-runtime.ts';
 * import { buildMcpServer } from './mcp-server.ts';
 * const server = buildMcpServer(createMcpRuntime(deps), { actor: 'user_1', channel: 'http' });
 */
export function buildMcpServer(runtime: McpRuntime, caller: McpCaller): McpServer {
  const mcp = new McpServer(
    { name: 'hotpilot', title: 'hotpilot', version: runtime.version },
    {
      capabilities: { tools: { listChanged: false }, resources: { listChanged: false } },
      instructions:
        'hotpilot runs a Hotmart seller’s operations. Tools: one per action (Hotmart sales, subscriptions, ' +
        'products, coupons, Members Area; CRM, support desk, chat, sheets, e-mail). Read tools are safe. ' +
        `${INSTRUCTIONS[runtime.settings.writes]} Pass \`connection\` when a tool says there are several ` +
        'connections. Resources: hotpilot://events/recent, hotpilot://runs/recent and the reports.',
    },
  );
  const server = mcp.server;

  server.setRequestHandler(ListToolsRequestSchema, async () => ({
    tools: runtime.catalog.list(await knownConnections(runtime)),
  }));
  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    callTool(runtime, caller, request.params.name, request.params.arguments, extra.signal),
  );
  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: listResources(runtime) }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: listResourceTemplates(),
  }));
  server.setRequestHandler(ReadResourceRequestSchema, (request, extra) =>
    readResource(runtime, caller, request.params.uri, extra.signal),
  );
  return mcp;
}

// The ids only feed the `connection` argument's description: a store hiccup must not take the tool list down.
async function knownConnections(runtime: McpRuntime): Promise<readonly ConnectionLike[]> {
  try {
    return await runtime.connections.list();
  } catch (error) {
    runtime.logger.warn({ err: redact(error) }, 'could not list connections for the MCP tool list');
    return [];
  }
}
