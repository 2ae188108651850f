import { redact } from '../kit/redact.ts';
import { inputDigest } from './input-digest.ts';
import type { McpCaller, McpRuntime } from './mcp-runtime.ts';

/**
 * How an MCP call ended, as the audit log records it:
 * `ok` (done), `dry_run` (previewed), `queued` (waiting for approval), `refused` (writes disabled or not allowed),
 * `invalid` (bad arguments or unknown tool), `failed` (the action or the vendor failed).
 *
 * @example
 * import type { McpOutcome } from './mcp-audit.ts';
 * const changedSomething = (outcome: McpOutcome) => outcome === 'ok';
 */
export type McpOutcome = 'ok' | 'dry_run' | 'queued' | 'refused' | 'invalid' | 'failed';

/**
 * One call being audited; filled in as the call proceeds and written when it ends.
 *
 * @example
 * import type { McpAuditDraft } from './mcp-audit.ts';
 * const draft: McpAuditDraft = { kind: 'tool', target: 'hotmart_get_sales_history', input: {}, outcome: 'ok' };
 */
export interface McpAuditDraft {
  kind: 'tool' | 'resource';
  /** The tool name or the resource URI without its query. */
  target: string;
  /** The arguments as received; only their digest and top-level keys are stored. */
  input: unknown;
  outcome: McpOutcome;
  connection?: string | null;
  /** A stable code for refusals and failures (`writes_disabled`, a vendor code…). */
  code?: string;
  approvalId?: number;
}

/**
 * The audit action names of MCP entries.
 *
 * @example
 * import { MCP_AUDIT_ACTIONS } from './mcp-audit.ts';
 * const calls = await store.listAudit({ action: MCP_AUDIT_ACTIONS.tool });
 */
export const MCP_AUDIT_ACTIONS = Object.freeze({
  tool: 'mcp.tool_call',
  resource: 'mcp.resource_read',
  decision: 'mcp.approval_decision',
} as const);

/**
 * Appends one entry to the audit log: actor (the token's user), tool or resource, input digest (never the values),
 * outcome, connection, duration. An entry that can't be written is logged as an error rather than failing the call
 * (the answer, possibly of a write that happened, matters more to the caller than our bookkeeping).
 *
 * @example
 * import { recordMcpCall } from './mcp-audit.ts';
 * await recordMcpCall(runtime, { actor: 'user_1', channel: 'http' }, draft, startedAt);
 */
export async function recordMcpCall(
  runtime: McpRuntime,
  caller: McpCaller,
  draft: McpAuditDraft,
  startedAt: number,
): Promise<void> {
  const finishedAt = runtime.now();
  const input = draft.input ?? {};
  const details = {
    channel: caller.channel,
    outcome: draft.outcome,
    ...(draft.code ? { code: draft.code } : {}),
    connection: draft.connection ?? null,
    input_digest: inputDigest(input),
    input_keys: typeof input === 'object' && input !== null ? Object.keys(input).sort() : [],
    ...(draft.approvalId !== undefined ? { approval_id: draft.approvalId } : {}),
    ...(draft.kind === 'tool' ? { write_mode: runtime.settings.writes } : {}),
    duration_ms: Math.max(0, finishedAt - startedAt),
  };
  try {
    await runtime.store.appendAudit(
      { actor: caller.actor, action: MCP_AUDIT_ACTIONS[draft.kind], target: draft.target, details },
      finishedAt,
    );
  } catch (error) {
    runtime.logger.error(
      { err: redact(error), target: draft.target, outcome: draft.outcome },
      'could not write the audit entry of an MCP call',
    );
  }
}
