/**
 * Stable codes of the refusals and failures an MCP tool answers with (`isError: true`), so an agent — or a test —
 * can tell "writes are disabled" from "the vendor said no" without reading prose.
 *
 * @example
 * import type { McpToolErrorCode } from './mcp-tool-error.ts';
 * const retryable = (code: McpToolErrorCode) => code === 'action_failed';
 */
export type McpToolErrorCode =
  | 'unknown_tool'
  | 'invalid_arguments'
  | 'writes_disabled'
  | 'not_allowed'
  | 'connection_required'
  | 'connection_not_found'
  | 'approval_not_found'
  | 'action_failed';

/**
 * A refusal or failure worded for the agent: what went wrong and what to do about it. Never carries a secret:
 * messages are built from ids, field names and vendor codes.
 *
 * @example
 * import { McpToolError } from './mcp-tool-error.ts';
 * throw new McpToolError('connection_not_found', 'no hotmart connection "store-br"; known: main');
 */
export class McpToolError extends Error {
  override readonly name = 'McpToolError';
  readonly code: McpToolErrorCode;

  constructor(code: McpToolErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
