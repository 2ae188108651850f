import type { ConnectionLike } from '../connectors/connections.ts';
import { invokeAction } from '../connectors/invoke.ts';
import type { ActionServices } from '../connectors/kit.ts';
import type { Registry } from '../connectors/registry.ts';
import { serializeError } from '../engine/serialize-error.ts';
import { type Clock, systemClock } from '../kit/clock.ts';
import { formatDateTime } from '../kit/i18n/format-date.ts';
import type { Locale } from '../kit/i18n/locale.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import { redact, redactText } from '../kit/redact.ts';
import {
  type ApprovalRecord,
  type ApprovalsRepo,
  createApprovalsRepo,
} from '../store/access/approvals-repo.ts';
import type { Store } from '../store/port.ts';
import {
  builtInConnection,
  type ConnectionResolver,
  storeConnectionResolver,
} from './connection-resolver.ts';
import { MCP_AUDIT_ACTIONS } from './mcp-audit.ts';
import type { ApprovalQueued, ApprovalView, WritePreview } from './mcp-results.ts';
import type { McpCaller, McpRuntime } from './mcp-runtime.ts';
import { McpToolError } from './mcp-tool-error.ts';
import type { ActionTool } from './tool-catalog.ts';
import { GET_APPROVAL_TOOL } from './tool-catalog.ts';

/**
 * Queues a write call for approval. The input is stored as the caller sent it (the action parses it again when it
 * runs, so what runs is checked by the same schema then), the preview as the person deciding will see it.
 *
 * @example
 * import { queueWrite } from './mcp-approvals.ts';
 * const queued = await queueWrite(runtime, caller, tool, connection, { transaction: 'HP123' }, preview);
 * console.log(queued.approval_id);
 */
export async function queueWrite(
  runtime: McpRuntime,
  caller: McpCaller,
  tool: ActionTool,
  connection: ConnectionLike,
  rawInput: Record<string, unknown>,
  preview: WritePreview,
): Promise<ApprovalQueued> {
  const now = runtime.now();
  const expiresAt = now + runtime.settings.approvalTtlMs;
  const approval = await runtime.approvals.create(
    {
      actionId: tool.action.id,
      connectionId: connection.id,
      input: rawInput,
      preview,
      requestedBy: caller.actor,
      expiresAt,
    },
    now,
  );
  const { locale, timeZone } = runtime.settings;
  return {
    status: 'pending_approval',
    approval_id: approval.id,
    tool: tool.action.id,
    summary:
      `Queued for approval as #${approval.id}: ${tool.action.title} on the ${tool.connector.title} connection ` +
      `"${preview.connection.name}". Nothing happens until a person approves it, by ` +
      `${formatDateTime(expiresAt, locale, timeZone, 'medium')} (${timeZone}).`,
    expires_at: new Date(expiresAt).toISOString(),
    next: `Tell the user it awaits approval, then poll ${GET_APPROVAL_TOOL} with {"id": ${approval.id}}.`,
    preview,
  };
}

/**
 * One approval as the agent reads it: dates as ISO 8601 plus a sentence with dates formatted for people.
 *
 * @example
 * import { approvalView } from './mcp-approvals.ts';
 * const view = approvalView(approval, 'pt-BR', 'America/Sao_Paulo');
 * console.log(view.summary);
 */
export function approvalView(approval: ApprovalRecord, locale: Locale, timeZone: string): ApprovalView {
  const when = (at: number) => `${formatDateTime(at, locale, timeZone, 'medium')} (${timeZone})`;
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  const who = approval.decidedBy ?? 'someone';
  const decided = approval.decidedAt === null ? '' : ` on ${when(approval.decidedAt)}`;
  const summaries: Record<ApprovalRecord['status'], string> = {
    pending: `Waiting for a person to approve ${approval.actionId}; it expires on ${when(approval.expiresAt)}.`,
    approved: `Approved by ${who}${decided} and being executed (if this lasts, the outcome is unknown: check before retrying).`,
    executed: `Approved by ${who}${decided} and executed; see result.`,
    failed: `Approved by ${who}${decided}, but the call failed; see error.`,
    rejected: `Rejected by ${who}${decided}; it was not executed.`,
    expired: `Expired on ${when(approval.expiresAt)} without a decision; it was not executed.`,
  };
  return {
    id: approval.id,
    status: approval.status,
    tool: approval.actionId,
    connection: approval.connectionId,
    summary: summaries[approval.status],
    input: approval.input,
    preview: approval.preview,
    requested_by: approval.requestedBy,
    requested_at: new Date(approval.requestedAt).toISOString(),
    expires_at: new Date(approval.expiresAt).toISOString(),
    decided_by: approval.decidedBy,
    decided_at: iso(approval.decidedAt),
    result: approval.result,
    error: approval.error,
  };
}

/**
 * The approval `id` if the caller asked for it; a pending approval whose time ran out is marked expired first.
 * Another user's approval is "not found", like one that doesn't exist.
 *
 * @example
 * import { approvalForCaller } from './mcp-approvals.ts';
 * const view = await approvalForCaller(runtime, { actor: 'user_1', channel: 'http' }, 7);
 */
export async function approvalForCaller(
  runtime: McpRuntime,
  caller: McpCaller,
  id: number,
): Promise<ApprovalView> {
  let approval = await runtime.approvals.get(id);
  if (approval && approval.status === 'pending' && approval.expiresAt <= runtime.now()) {
    await runtime.approvals.expire(runtime.now());
    approval = await runtime.approvals.get(id);
  }
  if (!approval || approval.requestedBy !== caller.actor) {
    throw new McpToolError('approval_not_found', `no approval #${id} requested by you`);
  }
  return approvalView(approval, runtime.settings.locale, runtime.settings.timeZone);
}

/**
 * What deciding on an approval needs: the same store, registry and action services the MCP server has.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import type { ApprovalDecisionDeps } from './mcp-approvals.ts';
 * const deps: ApprovalDecisionDeps = { store, registry };
 */
export interface ApprovalDecisionDeps {
  store: Store;
  registry: Registry;
  connections?: ConnectionResolver;
  approvals?: ApprovalsRepo;
  now?: Clock;
  logger?: Logger;
  services?: ActionServices;
  fetch?: typeof fetch;
}

/**
 * The end of a decision. `executed`/`failed`: approved and run (the row holds the result or error); `rejected`;
 * or why nothing happened: `not_found`, `not_pending` (decided already), `expired`.
 *
 * @example
 * import type { ApprovalDecisionResult } from './mcp-approvals.ts';
 * const done = (r: ApprovalDecisionResult) => r.outcome === 'executed';
 */
export interface ApprovalDecisionResult {
  outcome: 'executed' | 'failed' | 'rejected' | 'not_found' | 'not_pending' | 'expired';
  approval: ApprovalRecord | null;
}

/**
 * Approves a queued MCP write and executes it at once with the connection chosen when it was queued, through
 * `invokeAction` with the idempotency key `approval:<id>`; stores the result or the error (serialized, redacted)
 * and audits the decision. The transition to `approved` is conditional, so one approval never runs twice even if
 * two people click at once. For the dashboard and the CLI.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import { approveMcpCall } from './mcp-approvals.ts';
 * const { outcome, approval } = await approveMcpCall({ store, registry }, 7, 'admin@example.com');
 * if (outcome === 'executed') console.log(approval?.result);
 */
export async function approveMcpCall(
  deps: ApprovalDecisionDeps,
  id: number,
  decidedBy: string,
): Promise<ApprovalDecisionResult> {
  const now = deps.now ?? systemClock;
  const approvals = deps.approvals ?? createApprovalsRepo(deps.store);
  const logger = (deps.logger ?? silentLogger).child({ module: 'mcp', approval: id });
  const decision = await approvals.approve(id, decidedBy, now());
  if (decision.outcome !== 'approved') {
    const approval = decision.outcome === 'not_found' ? null : decision.approval;
    await auditDecision(deps.store, decidedBy, id, 'approve', decision.outcome, approval, now(), logger);
    return { outcome: decision.outcome, approval };
  }

  const approval = decision.approval;
  let outcome: { status: 'executed'; result: unknown } | { status: 'failed'; error: unknown };
  try {
    const result = await execute(deps, approval, logger, now);
    outcome = { status: 'executed', result: JSON.parse(JSON.stringify(result ?? null)) };
  } catch (error) {
    const serialized = serializeError(error);
    outcome = { status: 'failed', error: { ...serialized, message: redactText(serialized.message) } };
    logger.warn({ err: redact(error), tool: approval.actionId }, 'an approved MCP call failed');
  }
  const finished = (await approvals.finish(id, outcome, now())) ?? (await approvals.get(id));
  const code = outcome.status === 'failed' ? (outcome.error as { code?: string }).code : undefined;
  await auditDecision(deps.store, decidedBy, id, 'approve', outcome.status, finished, now(), logger, code);
  return { outcome: outcome.status, approval: finished };
}

/**
 * Rejects a queued MCP write (it never runs) and audits the decision.
 *
 * @example
 * import { registry } from '../connectors/registry.ts';
 * import { rejectMcpCall } from './mcp-approvals.ts';
 * await rejectMcpCall({ store, registry }, 7, 'admin@example.com', 'not this customer');
 */
export async function rejectMcpCall(
  deps: ApprovalDecisionDeps,
  id: number,
  decidedBy: string,
  reason?: string,
): Promise<ApprovalDecisionResult> {
  const now = deps.now ?? systemClock;
  const approvals = deps.approvals ?? createApprovalsRepo(deps.store);
  const logger = (deps.logger ?? silentLogger).child({ module: 'mcp', approval: id });
  const decision = await approvals.reject(id, decidedBy, now(), reason);
  const approval = decision.outcome === 'not_found' ? null : decision.approval;
  await auditDecision(deps.store, decidedBy, id, 'reject', decision.outcome, approval, now(), logger);
  return { outcome: decision.outcome, approval };
}

async function execute(
  deps: ApprovalDecisionDeps,
  approval: ApprovalRecord,
  logger: Logger,
  now: Clock,
): Promise<unknown> {
  const action = deps.registry.action(approval.actionId);
  if (!action) {
    throw new McpToolError('unknown_tool', `action ${approval.actionId} is no longer in the registry`);
  }
  const connector = deps.registry.connectorOf(action);
  const resolver = deps.connections ?? storeConnectionResolver(deps.store);
  const builtIn = builtInConnection(connector);
  const connection =
    approval.connectionId === null
      ? builtIn
      : ((await resolver.get(approval.connectionId)) ??
        (builtIn && builtIn.id === approval.connectionId ? builtIn : null));
  if (!connection) {
    throw new McpToolError(
      'connection_not_found',
      `connection "${approval.connectionId}" no longer exists; nothing was executed`,
    );
  }
  return invokeAction(action, approval.input, {
    connector,
    connection,
    // One key per approval: a vendor that honours idempotency keys sees one logical call whatever happens.
    idempotencyKey: `approval:${approval.id}`,
    logger,
    now,
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    services: deps.services ?? {},
  });
}

async function auditDecision(
  store: Store,
  actor: string,
  id: number,
  decision: 'approve' | 'reject',
  outcome: string,
  approval: ApprovalRecord | null,
  at: number,
  logger: Logger,
  code?: string,
): Promise<void> {
  try {
    await store.appendAudit(
      {
        actor,
        action: MCP_AUDIT_ACTIONS.decision,
        target: `approval:${id}`,
        details: {
          decision,
          outcome,
          tool: approval?.actionId ?? null,
          connection: approval?.connectionId ?? null,
          requested_by: approval?.requestedBy ?? null,
          ...(code ? { code } : {}),
        },
      },
      at,
    );
  } catch (error) {
    logger.error({ err: redact(error), outcome }, 'could not write the audit entry of an approval decision');
  }
}
