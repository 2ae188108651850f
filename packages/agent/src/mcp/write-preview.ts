import { type ConnectionLike, parseConnection } from '../connectors/connections.ts';
import { ActionInputError } from '../connectors/errors.ts';
import { redactText } from '../kit/redact.ts';
import type { WritePreview } from './mcp-results.ts';
import type { WriteMode } from './mcp-settings.ts';
import type { ActionTool } from './tool-catalog.ts';

const MAX_SUMMARY_INPUT = 400;

/**
 * What a write call would do, without doing it: the connection is checked against its connector (credentials that
 * would fail now fail here) and the input is validated and shown as the action would receive it, with the system,
 * connection and API endpoint it would reach.
 *
 * @example
 * import { previewWrite } from './write-preview.ts';
 * const preview = previewWrite(tool, connection, { transaction: 'HP123' }, 'on');
 * console.log(preview.summary); // 'Refund a sale: would call hotmart_refund_sale on the Hotmart connection …'
 */
export function previewWrite(
  tool: ActionTool,
  connection: ConnectionLike,
  rawInput: Record<string, unknown>,
  mode: WriteMode,
): WritePreview {
  const { action, connector } = tool;
  const checked = parseConnection(connector, connection);
  const parsed = action.input.safeParse(rawInput);
  if (!parsed.success) throw new ActionInputError(action.id, parsed.error);
  // JSON round trip: the preview is stored (approvals) and sent as JSON, so show exactly what survives that.
  const input = JSON.parse(JSON.stringify(parsed.data ?? {})) as Record<string, unknown>;
  const inputText = JSON.stringify(input);
  const shown =
    inputText.length > MAX_SUMMARY_INPUT ? `${inputText.slice(0, MAX_SUMMARY_INPUT)}…` : inputText;
  return {
    status: 'dry_run',
    tool: action.id,
    title: action.title,
    summary:
      `${action.title}: would call ${action.id} on the ${connector.title} connection "${checked.name}" ` +
      `(${checked.id}) with ${shown}. Nothing was changed.`,
    mode,
    connection: { id: checked.id, kind: checked.kind, name: checked.name },
    target: { system: connector.title, connection: checked.id, endpoint: endpointOf(checked.settings) },
    input,
    idempotent: action.idempotent,
  };
}

// Connectors name their base URL differently (`apiBaseUrl` for Hotmart, `baseUrl` for most, `url` for outbound
// webhooks); a URL can carry credentials, hence the redaction.
function endpointOf(settings: Record<string, unknown>): string | null {
  for (const key of ['apiBaseUrl', 'baseUrl', 'url']) {
    const value = settings[key];
    if (typeof value === 'string' && value !== '') return redactText(value);
  }
  return null;
}
