import { z } from 'zod';
import { APPROVAL_STATUSES, type ApprovalStatus } from '../store/access/approvals-repo.ts';
import { WRITE_MODES, type WriteMode } from './mcp-settings.ts';

// The answers hotpilot itself gives on MCP (besides actions' own outputs). Field names are snake_case like the
// tools' `dry_run` argument and Hotmart's wire names the agent already reads.

/**
 * The connection a call runs with, without its credentials.
 *
 * @example
 * import { ConnectionSummary } from './mcp-results.ts';
 * ConnectionSummary.parse({ id: 'main', kind: 'hotmart', name: 'Main store' });
 */
export const ConnectionSummary = z.object({ id: z.string(), kind: z.string(), name: z.string() });
/** @example const c: ConnectionSummary = { id: 'main', kind: 'hotmart', name: 'Main store' }; */
export type ConnectionSummary = z.infer<typeof ConnectionSummary>;

/**
 * What a write would do, answered instead of doing it (a `dry_run: true` call, or every write in `dry_run` mode),
 * and shown to the person approving a queued call.
 *
 * @example
 * import { WritePreview } from './mcp-results.ts';
 * WritePreview.shape.status.value; // 'dry_run'
 */
export const WritePreview = z.object({
  status: z.literal('dry_run'),
  tool: z.string(),
  title: z.string(),
  summary: z.string().describe('One sentence: what would be called, on which account, with what.'),
  mode: z
    .enum(WRITE_MODES as readonly [WriteMode, ...WriteMode[]])
    .describe('What a call without dry_run does now.'),
  connection: ConnectionSummary,
  target: z.object({
    system: z.string().describe('The system the write changes, e.g. Hotmart.'),
    connection: z.string(),
    endpoint: z.string().nullable().describe("The connection's API base URL, when it sets one."),
  }),
  input: z
    .record(z.string(), z.unknown())
    .describe('The input after validation, exactly as it would be sent.'),
  idempotent: z.boolean(),
});
/** @example const done = (p: WritePreview) => p.summary; */
export type WritePreview = z.infer<typeof WritePreview>;

/**
 * The answer to a write in `approval` mode: queued, not executed.
 *
 * @example
 * import { ApprovalQueued } from './mcp-results.ts';
 * ApprovalQueued.shape.status.value; // 'pending_approval'
 */
export const ApprovalQueued = z.object({
  status: z.literal('pending_approval'),
  approval_id: z.number().int().positive(),
  tool: z.string(),
  summary: z.string(),
  expires_at: z.string().describe('ISO 8601; after it the call can no longer be approved.'),
  next: z.string().describe('What to do next.'),
  preview: WritePreview,
});
/** @example const id = (q: ApprovalQueued) => q.approval_id; */
export type ApprovalQueued = z.infer<typeof ApprovalQueued>;

/**
 * One approval as `hotpilot_get_approval` shows it.
 *
 * @example
 * import { ApprovalView } from './mcp-results.ts';
 * ApprovalView.shape.status.options.includes('executed'); // true
 */
export const ApprovalView = z.object({
  id: z.number().int().positive(),
  status: z.enum(APPROVAL_STATUSES as readonly [ApprovalStatus, ...ApprovalStatus[]]),
  tool: z.string(),
  connection: z.string().nullable(),
  summary: z.string().describe('Where the approval stands, in one sentence with dates for people.'),
  input: z.unknown(),
  preview: z.unknown(),
  requested_by: z.string(),
  requested_at: z.string(),
  expires_at: z.string(),
  decided_by: z.string().nullable(),
  decided_at: z.string().nullable(),
  result: z.unknown().describe("The action's output once executed."),
  error: z.unknown().describe('{ name, message, code? } once failed; the reason once rejected.'),
});
/** @example const finished = (v: ApprovalView) => v.status === 'executed'; */
export type ApprovalView = z.infer<typeof ApprovalView>;
