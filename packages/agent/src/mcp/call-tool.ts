import { randomUUID } from 'node:crypto';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { ActionInputError, ActionOutputError, CredentialsError, VendorError } from '../connectors/errors.ts';
import { invokeAction } from '../connectors/invoke.ts';
import { redact, redactText } from '../kit/redact.ts';
import { resolveConnection } from './connection-resolver.ts';
import { approvalForCaller, queueWrite } from './mcp-approvals.ts';
import { type McpAuditDraft, type McpOutcome, recordMcpCall } from './mcp-audit.ts';
import type { McpCaller, McpRuntime } from './mcp-runtime.ts';
import { writeRefusal } from './mcp-settings.ts';
import { McpToolError } from './mcp-tool-error.ts';
import {
  type ActionTool,
  CONNECTION_ARG,
  DRY_RUN_ARG,
  GET_APPROVAL_TOOL,
  GetApprovalInput,
} from './tool-catalog.ts';
import { previewWrite } from './write-preview.ts';

/**
 * Answers one `tools/call`: finds the tool, applies the write gate (refuse, preview, queue or run), runs the action
 * through `invokeAction` like every other surface, and records the call in the audit log whatever happens —
 * refusals and bad arguments included. Failures are tool errors (`isError: true`, STYLE: the agent must see them to
 * correct itself) whose text starts with a stable code, also given as `_meta["hotpilot/error"].code`.
 *
 * @example
 * import { callTool } from './call-tool.ts';
 * const result = await callTool(runtime, { actor: 'user_1', channel: 'http' }, 'hotmart_get_sales_history', {
 *   transaction: 'HP123',
 * });
 * console.log(result.isError ?? false, result.structuredContent);
 */
export async function callTool(
  runtime: McpRuntime,
  caller: McpCaller,
  name: string,
  args: Record<string, unknown> | undefined,
  signal?: AbortSignal,
): Promise<CallToolResult> {
  const startedAt = runtime.now();
  // A name is whatever the client sent: bounded before it reaches the audit log.
  const draft: McpAuditDraft = {
    kind: 'tool',
    target: name.slice(0, 200),
    input: args ?? {},
    outcome: 'failed',
  };
  try {
    return await dispatch(runtime, caller, name, args ?? {}, draft, signal);
  } catch (error) {
    const failure = describeFailure(error);
    draft.outcome = failure.outcome;
    draft.code = failure.code;
    if (failure.outcome === 'failed') {
      runtime.logger.warn({ err: redact(error), tool: name, code: failure.code }, 'MCP tool call failed');
    }
    return errorResult(failure.code, failure.message, failure.retryable);
  } finally {
    await recordMcpCall(runtime, caller, draft, startedAt);
  }
}

async function dispatch(
  runtime: McpRuntime,
  caller: McpCaller,
  name: string,
  args: Record<string, unknown>,
  draft: McpAuditDraft,
  signal: AbortSignal | undefined,
): Promise<CallToolResult> {
  if (name === GET_APPROVAL_TOOL) {
    const parsed = GetApprovalInput.safeParse(args);
    if (!parsed.success)
      throw new McpToolError('invalid_arguments', 'pass {"id": <approval_id>}, a positive integer');
    draft.approvalId = parsed.data.id;
    const view = await approvalForCaller(runtime, caller, parsed.data.id);
    draft.outcome = 'ok';
    return okResult(view, true);
  }

  const tool = runtime.catalog.action(name);
  if (!tool)
    throw new McpToolError('unknown_tool', `no tool named "${name}"; list the tools to see what exists`);
  const { input, connectionId, dryRun } = splitArguments(tool, args);

  const refusal = writeRefusal(runtime.settings, tool.action);
  if (refusal) throw new McpToolError(refusal, refusalMessage(refusal, tool));

  const connection = await resolveConnection(runtime.connections, tool.connector, connectionId);
  draft.connection = connection.id;

  if (tool.action.effect === 'write') {
    const mode = runtime.settings.writes;
    if (dryRun || mode === 'dry_run') {
      const preview = previewWrite(tool, connection, input, mode);
      draft.outcome = 'dry_run';
      return okResult(preview, tool.structured);
    }
    if (mode === 'approval') {
      const preview = previewWrite(tool, connection, input, mode);
      const queued = await queueWrite(runtime, caller, tool, connection, input, preview);
      draft.outcome = 'queued';
      draft.approvalId = queued.approval_id;
      return okResult(queued, tool.structured);
    }
  }

  const output = await invokeAction(tool.action, input, {
    connector: tool.connector,
    connection,
    // An MCP call is its own logical call; an agent that retries makes a new one (reference: docs/connectors.md).
    idempotencyKey: `mcp:${randomUUID()}`,
    logger: runtime.logger,
    now: runtime.now,
    fetch: runtime.fetch,
    services: runtime.services,
    ...(signal ? { signal } : {}),
  });
  draft.outcome = 'ok';
  return okResult(output, tool.structured);
}

/** Separates hotpilot's own arguments (`connection`, `dry_run`) from the action's input. */
function splitArguments(
  tool: ActionTool,
  args: Record<string, unknown>,
): { input: Record<string, unknown>; connectionId: string | undefined; dryRun: boolean } {
  const input: Record<string, unknown> = { ...args };
  let connectionId: string | undefined;
  let dryRun = false;
  if (!tool.actionOwnsConnection && CONNECTION_ARG in input) {
    const value = input[CONNECTION_ARG];
    delete input[CONNECTION_ARG];
    if (value !== undefined && value !== null) {
      if (typeof value !== 'string' || value === '') {
        throw new McpToolError('invalid_arguments', '`connection` must be a connection id (a string)');
      }
      connectionId = value;
    }
  }
  if (tool.action.effect === 'write' && DRY_RUN_ARG in input) {
    const value = input[DRY_RUN_ARG];
    delete input[DRY_RUN_ARG];
    if (value !== undefined && value !== null && typeof value !== 'boolean') {
      throw new McpToolError('invalid_arguments', '`dry_run` must be true or false');
    }
    dryRun = value === true;
  }
  return { input, connectionId, dryRun };
}

function refusalMessage(refusal: 'writes_disabled' | 'not_allowed', tool: ActionTool): string {
  if (refusal === 'writes_disabled') {
    return (
      `${tool.action.id} changes data in ${tool.connector.title}, and write tools are disabled on this hotpilot ` +
      'MCP server. Nothing was done. To enable them, its operator sets HOTPILOT_MCP_WRITES to dry_run (previews ' +
      'only), approval (a person approves each call) or on, and restarts hotpilot; HOTPILOT_MCP_ALLOW can limit ' +
      'which writes are enabled.'
    );
  }
  return (
    `${tool.action.id} is not in this server's allow-list of write tools (HOTPILOT_MCP_ALLOW). Nothing was ` +
    'done. Ask the operator to add it if this write is needed.'
  );
}

interface Failure {
  outcome: McpOutcome;
  code: string;
  message: string;
  retryable?: boolean;
}

// By class and code, never by message text (STYLE convention 5). Messages of these classes carry no secrets;
// they pass through redactText anyway, like everything printed that did not come from a typed object.
function describeFailure(error: unknown): Failure {
  if (error instanceof McpToolError) {
    const outcome: McpOutcome =
      error.code === 'writes_disabled' || error.code === 'not_allowed'
        ? 'refused'
        : error.code === 'action_failed'
          ? 'failed'
          : 'invalid';
    return { outcome, code: error.code, message: error.message };
  }
  if (error instanceof ActionInputError) {
    return { outcome: 'invalid', code: 'invalid_arguments', message: redactText(error.message) };
  }
  if (error instanceof CredentialsError) {
    return {
      outcome: 'failed',
      code: error.code ?? 'credentials_invalid',
      message: redactText(error.message),
    };
  }
  if (error instanceof VendorError) {
    return {
      outcome: 'failed',
      code: error.code,
      message: redactText(error.message),
      retryable: error.retryable,
    };
  }
  if (error instanceof ActionOutputError) {
    return { outcome: 'failed', code: 'unexpected_response', message: redactText(error.message) };
  }
  const code = (error as { code?: unknown } | null)?.code;
  return {
    outcome: 'failed',
    code: typeof code === 'string' ? code : 'action_failed',
    message: redactText(error instanceof Error ? error.message : 'the call failed'),
  };
}

function okResult(value: unknown, structured: boolean): CallToolResult {
  // JSON round trip: what the client receives is JSON anyway; doing it here drops `undefined` members and turns
  // dates into strings before structuredContent is checked against the output schema.
  const json = JSON.parse(JSON.stringify(value ?? null)) as unknown;
  const text = JSON.stringify(json);
  const isObject = json !== null && typeof json === 'object' && !Array.isArray(json);
  return {
    content: [{ type: 'text', text }],
    ...(structured && isObject ? { structuredContent: json as Record<string, unknown> } : {}),
  };
}

function errorResult(code: string, message: string, retryable: boolean | undefined): CallToolResult {
  return {
    content: [{ type: 'text', text: `${code}: ${message}` }],
    isError: true,
    _meta: { 'hotpilot/error': { code, ...(retryable === undefined ? {} : { retryable }) } },
  };
}
