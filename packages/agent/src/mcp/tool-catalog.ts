import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ConnectionLike } from '../connectors/connections.ts';
import type { AnyAction, AnyConnector } from '../connectors/kit.ts';
import type { Registry } from '../connectors/registry.ts';
import { builtInConnection } from './connection-resolver.ts';
import { ApprovalQueued, ApprovalView, WritePreview } from './mcp-results.ts';
import { type ResolvedMcpSettings, writeRefusal } from './mcp-settings.ts';

/**
 * The name of the tool an agent polls a queued write with.
 *
 * @example
 * import { GET_APPROVAL_TOOL } from './tool-catalog.ts';
 * await client.callTool({ name: GET_APPROVAL_TOOL, arguments: { id: 1 } });
 */
export const GET_APPROVAL_TOOL = 'hotpilot_get_approval';

/**
 * Input of `hotpilot_get_approval`.
 *
 * @example
 * import { GetApprovalInput } from './tool-catalog.ts';
 * GetApprovalInput.parse({ id: 7 });
 */
export const GetApprovalInput = z.strictObject({
  id: z.number().int().positive().describe('The approval_id a write call answered with.'),
});

/**
 * The argument hotpilot adds to every action's input: which connection to run with.
 *
 * @example
 * import { CONNECTION_ARG } from './tool-catalog.ts';
 * await client.callTool({ name: 'hotmart_get_user_me', arguments: { [CONNECTION_ARG]: 'store-br' } });
 */
export const CONNECTION_ARG = 'connection';

/**
 * The argument hotpilot adds to every write: answer a preview instead of calling.
 *
 * @example
 * import { DRY_RUN_ARG } from './tool-catalog.ts';
 * await client.callTool({ name: 'hotmart_refund_sale', arguments: { transaction: 'HP123', [DRY_RUN_ARG]: true } });
 */
export const DRY_RUN_ARG = 'dry_run';

/**
 * An action exposed as an MCP tool.
 *
 * @example
 * import type { ActionTool } from './tool-catalog.ts';
 * const isWrite = (tool: ActionTool) => tool.action.effect === 'write';
 */
export interface ActionTool {
  readonly name: string;
  readonly action: AnyAction;
  readonly connector: AnyConnector;
  /**
   * True when the action's own input has a `connection` field: the argument then belongs to the action and the
   * call runs with the default connection of its kind.
   */
  readonly actionOwnsConnection: boolean;
  /** False when the action's output is not a JSON object: the tool then answers text only. */
  readonly structured: boolean;
  /** The JSON Schemas of the action's own input properties. */
  readonly inputProperties: Readonly<Record<string, Record<string, unknown>>>;
}

/**
 * Every tool of the server: one per action of the registry, plus `hotpilot_get_approval`. JSON Schemas are built
 * once from the zod schemas (`z.toJSONSchema`, draft-07 like the SDK's own, whose client validates with Ajv); only
 * the list of connection ids in the `connection` argument's description is filled in per listing.
 *
 * @example
 * import type { ToolCatalog } from './tool-catalog.ts';
 * const names = (catalog: ToolCatalog) => catalog.tools.map((tool) => tool.name);
 */
export interface ToolCatalog {
  readonly tools: readonly ActionTool[];
  /** The action tool with this name, or undefined (also for `hotpilot_get_approval`). */
  action(name: string): ActionTool | undefined;
  /** The MCP tool definitions, with the current connections named in each `connection` argument. */
  list(connections: readonly ConnectionLike[]): Tool[];
}

type JsonSchema = Record<string, unknown>;

/**
 * A zod schema as a JSON Schema object for MCP: draft-07 keywords, no `$schema` (MCP's default dialect applies), and
 * anything JSON Schema cannot express (a `Date`, a transform's input) left open instead of failing the listing.
 *
 * @example
 * import { z } from 'zod';
 * import { toToolJsonSchema } from './tool-catalog.ts';
 * toToolJsonSchema(z.strictObject({ id: z.string() }), 'input'); // { type: 'object', properties: { id: … }, … }
 */
export function toToolJsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, target: 'draft-7', unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema;
  return withStandardFormats(json) as JsonSchema;
}

// The formats JSON Schema defines. zod also writes its own (`starts_with`, `cuid`, `base64`…) next to a `pattern`
// that already says the same; validators such as the SDK client's Ajv warn about every unknown one.
const STANDARD_FORMATS = new Set([
  'date-time',
  'date',
  'time',
  'duration',
  'email',
  'idn-email',
  'hostname',
  'idn-hostname',
  'ipv4',
  'ipv6',
  'uri',
  'uri-reference',
  'iri',
  'iri-reference',
  'uuid',
  'uri-template',
  'json-pointer',
  'relative-json-pointer',
  'regex',
]);

const DATA_KEYWORDS = new Set(['default', 'const', 'enum', 'examples']);

function withStandardFormats(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withStandardFormats);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'format' && typeof item === 'string' && !STANDARD_FORMATS.has(item)) continue;
    // Values (defaults, constants, examples) are data, not schemas: left as they are.
    out[key] = DATA_KEYWORDS.has(key) ? item : withStandardFormats(item);
  }
  return out;
}

/**
 * Builds the catalog. Throws when an action's input is not an object schema or, for a write, already declares
 * `dry_run` — wiring bugs better found at start-up.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import { resolveMcpSettings } from './mcp-settings.ts';
 * import { createToolCatalog } from './tool-catalog.ts';
 * const catalog = createToolCatalog(registry, resolveMcpSettings({ writes: 'off' }, registry));
 * catalog.action('hotmart_refund_sale')?.action.effect; // 'write'
 */
export function createToolCatalog(registry: Registry, settings: ResolvedMcpSettings): ToolCatalog {
  const entries = registry.actions.map((action) => buildActionEntry(registry, action, settings));
  const byName = new Map(entries.map((entry) => [entry.tool.name, entry]));
  const approvalTool: Tool = {
    name: GET_APPROVAL_TOOL,
    title: 'Get an approval',
    description:
      'Use after a write tool answered `pending_approval`: returns where the queued call stands (pending, approved, ' +
      'executed with its result, failed with its error, rejected with the reason, or expired). Needs the ' +
      '`approval_id`. Poll at most every few seconds; a person decides in the dashboard or with the CLI.',
    inputSchema: toToolJsonSchema(GetApprovalInput, 'input') as Tool['inputSchema'],
    outputSchema: toToolJsonSchema(ApprovalView, 'output') as Tool['outputSchema'],
    annotations: {
      title: 'Get an approval',
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
      openWorldHint: false,
    },
  };

  return {
    tools: entries.map((entry) => entry.tool),
    action: (name) => byName.get(name)?.tool,
    list(connections) {
      return [...entries.map((entry) => entry.definition(connections)), approvalTool];
    },
  };
}

interface CatalogEntry {
  tool: ActionTool;
  definition(connections: readonly ConnectionLike[]): Tool;
}

function buildActionEntry(
  registry: Registry,
  action: AnyAction,
  settings: ResolvedMcpSettings,
): CatalogEntry {
  const connector = registry.connectorOf(action);
  const input = toToolJsonSchema(action.input, 'input');
  if (input.type !== 'object') throw new TypeError(`action ${action.id}: its input schema must be an object`);
  const properties = { ...((input.properties as Record<string, JsonSchema> | undefined) ?? {}) };
  const isWrite = action.effect === 'write';
  if (isWrite && DRY_RUN_ARG in properties) {
    throw new TypeError(`write action ${action.id} declares "${DRY_RUN_ARG}", which hotpilot adds itself`);
  }
  const actionOwnsConnection = CONNECTION_ARG in properties;
  const ownOutput = toToolJsonSchema(action.output, 'output');
  // MCP output schemas describe objects; an action answering anything else is listed without one.
  const structured = ownOutput.type === 'object';
  // A write answers its action's output, a preview, or an approval ticket: the schema says so, and the SDK's client
  // checks every answer against it.
  const output = !structured
    ? undefined
    : isWrite
      ? {
          type: 'object',
          ...toToolJsonSchema(z.union([action.output, WritePreview, ApprovalQueued]), 'output'),
        }
      : ownOutput;
  const description = [action.llmHint, action.description, writeNote(action, connector, settings)]
    .filter((part) => part !== '')
    .join('\n\n');
  const tool: ActionTool = {
    name: action.id,
    action,
    connector,
    actionOwnsConnection,
    structured,
    inputProperties: properties,
  };

  return {
    tool,
    definition(connections) {
      const extra: Record<string, JsonSchema> = {};
      if (!actionOwnsConnection) {
        extra[CONNECTION_ARG] = {
          type: 'string',
          description: connectionHelp(connector, connections),
        };
      }
      if (isWrite) {
        extra[DRY_RUN_ARG] = {
          type: 'boolean',
          description:
            'true: validate the input and answer what would happen (input, connection, target) without calling.',
        };
      }
      return {
        name: action.id,
        title: action.title,
        description,
        inputSchema: { ...input, properties: { ...properties, ...extra } } as Tool['inputSchema'],
        ...(output ? { outputSchema: output as Tool['outputSchema'] } : {}),
        annotations: {
          title: action.title,
          readOnlyHint: !isWrite,
          destructiveHint: isWrite,
          idempotentHint: action.idempotent,
          // Every action talks to an account outside hotpilot (Hotmart, a CRM, a mailbox…).
          openWorldHint: true,
        },
      };
    },
  };
}

function connectionHelp(connector: AnyConnector, connections: readonly ConnectionLike[]): string {
  const ids = connections.filter((connection) => connection.kind === connector.id).map((c) => c.id);
  if (ids.length === 0 && builtInConnection(connector)) {
    return `Not needed: ${connector.title} needs no account.`;
  }
  const known =
    ids.length > 0 ? ` Connections: ${ids.join(', ')}.` : ` No ${connector.title} connection is set up yet.`;
  return `Which ${connector.title} connection to use, by id. Default: the only one.${known}`;
}

function writeNote(action: AnyAction, connector: AnyConnector, settings: ResolvedMcpSettings): string {
  if (action.effect !== 'write') return '';
  const refusal = writeRefusal(settings, action);
  if (refusal === 'writes_disabled') {
    return 'Disabled: hotpilot refuses write tools until its operator enables MCP writes (HOTPILOT_MCP_WRITES).';
  }
  if (refusal === 'not_allowed') {
    return "Disabled: this write is not in the operator's allow-list (HOTPILOT_MCP_ALLOW).";
  }
  switch (settings.writes) {
    case 'dry_run':
      return 'Preview only: hotpilot answers what this call would do and changes nothing.';
    case 'approval':
      return (
        `Needs approval: the call is queued for a person and changes ${connector.title} only once approved. It ` +
        `answers an approval_id; poll ${GET_APPROVAL_TOOL}. Pass dry_run: true for a preview.`
      );
    case 'on':
      return `Changes data in ${connector.title} at once. Pass dry_run: true to preview the call first.`;
    default:
      return '';
  }
}
