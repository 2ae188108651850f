import type { ReadResourceResult, Resource, ResourceTemplate } from '@modelcontextprotocol/sdk/types.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { ActionInputError } from '../connectors/errors.ts';
import { invokeAction } from '../connectors/invoke.ts';
import { formatDateTime } from '../kit/i18n/format-date.ts';
import { formatMoney } from '../kit/i18n/format-money.ts';
import { redactText } from '../kit/redact.ts';
import type { EventRecord, RunRecord, RunStatus, StepRecord } from '../store/port.ts';
import { resolveConnection } from './connection-resolver.ts';
import { type McpAuditDraft, recordMcpCall } from './mcp-audit.ts';
import type { McpCaller, McpRuntime } from './mcp-runtime.ts';
import { McpToolError } from './mcp-tool-error.ts';
import { type ActionTool, CONNECTION_ARG } from './tool-catalog.ts';

/** MCP's code for an unknown resource (spec: resources › error handling). */
const RESOURCE_NOT_FOUND = -32002;
const SCHEME = 'hotpilot:';
const REPORT_PREFIX = 'report_';
const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;
const JSON_TYPE = 'application/json';
const RUN_STATUSES: readonly RunStatus[] = [
  'queued',
  'running',
  'sleeping',
  'completed',
  'dead',
  'cancelled',
];

/**
 * The URIs of the resources, for clients and docs.
 *
 * @example
 * import { RESOURCE_URIS } from './mcp-resources.ts';
 * await client.readResource({ uri: RESOURCE_URIS.recentEvents });
 */
export const RESOURCE_URIS = Object.freeze({
  recentEvents: 'hotpilot://events/recent',
  event: 'hotpilot://events/{id}',
  recentRuns: 'hotpilot://runs/recent',
  run: 'hotpilot://runs/{id}',
  report: 'hotpilot://reports/{name}',
});

/**
 * The fixed resources: recent events, recent runs, and one per `report_*` action of the registry (whatever report
 * actions it has).
 *
 * @example
 * import { listResources } from './mcp-resources.ts';
 * const resources = listResources(runtime); // [{ uri: 'hotpilot://events/recent', … }, …]
 */
export function listResources(runtime: McpRuntime): Resource[] {
  return [
    {
      uri: RESOURCE_URIS.recentEvents,
      name: 'recent-events',
      title: 'Recent Hotmart events',
      description:
        'The newest Hotmart events hotpilot received (sales, refunds, subscriptions…), newest first, each with a ' +
        'one-line summary. Query: ?limit=1..200&name=PURCHASE_APPROVED&connection=main.',
      mimeType: JSON_TYPE,
    },
    {
      uri: RESOURCE_URIS.recentRuns,
      name: 'recent-runs',
      title: 'Recent workflow runs',
      description:
        'The newest automation runs, newest first, with status and error. Query: ?limit=1..200&status=dead&workflow=<id>.',
      mimeType: JSON_TYPE,
    },
    ...reportTools(runtime).map(
      (tool): Resource => ({
        uri: `hotpilot://reports/${reportName(tool)}`,
        name: `report-${reportName(tool)}`,
        title: tool.action.title,
        description: `${tool.action.llmHint} Parameters go in the query string (?name=value; repeat a name for a list).`,
        mimeType: JSON_TYPE,
      }),
    ),
  ];
}

/**
 * The resource templates: one event, one run (with its steps), one report by name.
 *
 * @example
 * import { listResourceTemplates } from './mcp-resources.ts';
 * listResourceTemplates().map((t) => t.uriTemplate); // ['hotpilot://events/{id}', …]
 */
export function listResourceTemplates(): ResourceTemplate[] {
  return [
    {
      uriTemplate: RESOURCE_URIS.event,
      name: 'event',
      title: 'A Hotmart event',
      description: 'One event by id: normalised fields, the parsed payload, and a summary.',
      mimeType: JSON_TYPE,
    },
    {
      uriTemplate: RESOURCE_URIS.run,
      name: 'run',
      title: 'A workflow run',
      description: 'One run by id with its steps, outputs and errors.',
      mimeType: JSON_TYPE,
    },
    {
      uriTemplate: RESOURCE_URIS.report,
      name: 'report',
      title: 'A report',
      description: 'A report by name (see the listed reports); parameters in the query string.',
      mimeType: JSON_TYPE,
    },
  ];
}

/**
 * Reads one resource and audits the read. Unknown URIs are MCP's "resource not found" (-32002); bad query values
 * are "invalid params".
 *
 * @example
 * import { readResource } from './mcp-resources.ts';
 * const result = await readResource(runtime, caller, 'hotpilot://events/recent?limit=5');
 * JSON.parse(result.contents[0].text).events.length; // ≤ 5
 */
export async function readResource(
  runtime: McpRuntime,
  caller: McpCaller,
  uri: string,
  signal?: AbortSignal,
): Promise<ReadResourceResult> {
  const startedAt = runtime.now();
  const parsed = parseUri(uri);
  const draft: McpAuditDraft = {
    kind: 'resource',
    target: parsed ? `hotpilot://${parsed.area}/${parsed.path}` : uri.slice(0, 200),
    input: parsed ? Object.fromEntries(parsed.query) : {},
    outcome: 'failed',
  };
  try {
    if (!parsed) throw notFound(uri);
    const body = await read(runtime, parsed, uri, signal);
    draft.outcome = 'ok';
    return { contents: [{ uri, mimeType: JSON_TYPE, text: JSON.stringify(body, null, 2) }] };
  } catch (error) {
    draft.outcome =
      error instanceof McpError && error.code === ErrorCode.InvalidParams ? 'invalid' : 'failed';
    draft.code = error instanceof McpError ? String(error.code) : 'read_failed';
    if (error instanceof McpError) throw error;
    if (error instanceof McpToolError) throw new McpError(ErrorCode.InvalidParams, error.message);
    if (error instanceof ActionInputError)
      throw new McpError(ErrorCode.InvalidParams, redactText(error.message));
    runtime.logger.warn({ uri: draft.target, err: redactText(String(error)) }, 'MCP resource read failed');
    throw new McpError(
      ErrorCode.InternalError,
      `could not read ${draft.target}: ${redactText(errorText(error))}`,
    );
  } finally {
    await recordMcpCall(runtime, caller, draft, startedAt);
  }
}

interface ParsedUri {
  area: string;
  path: string;
  query: URLSearchParams;
}

function parseUri(uri: string): ParsedUri | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }
  if (url.protocol !== SCHEME) return null;
  const segments = url.pathname.split('/').filter((segment) => segment !== '');
  if (segments.length !== 1) return null;
  try {
    return { area: url.hostname, path: decodeURIComponent(segments[0]!), query: url.searchParams };
  } catch {
    return null;
  }
}

async function read(
  runtime: McpRuntime,
  parsed: ParsedUri,
  uri: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const { area, path, query } = parsed;
  if (area === 'events')
    return path === 'recent' ? recentEvents(runtime, query) : oneEvent(runtime, path, uri);
  if (area === 'runs') return path === 'recent' ? recentRuns(runtime, query) : oneRun(runtime, path, uri);
  if (area === 'reports') return report(runtime, path, query, uri, signal);
  throw notFound(uri);
}

async function recentEvents(runtime: McpRuntime, query: URLSearchParams): Promise<unknown> {
  const name = query.get('name') ?? undefined;
  const connection = query.get('connection') ?? undefined;
  const events = await runtime.store.listEvents({
    limit: limitOf(query),
    ...(name ? { name } : {}),
    ...(connection ? { connectionId: connection } : {}),
  });
  return { events: events.map((event) => eventSummary(runtime, event)) };
}

async function oneEvent(runtime: McpRuntime, id: string, uri: string): Promise<unknown> {
  const event = await runtime.store.getEvent(id);
  if (!event) throw notFound(uri);
  return { ...eventSummary(runtime, event), normalized: event.normalized, payload: event.payload };
}

function eventSummary(runtime: McpRuntime, event: EventRecord) {
  const { locale, timeZone } = runtime.settings;
  const amount = amountOf(event.normalized);
  const formatted = amount ? formatMoney(amount.value, amount.currency, locale) : null;
  const when = formatDateTime(event.occurredAt, locale, timeZone, 'medium');
  return {
    id: event.id,
    name: event.name,
    connection: event.connectionId,
    occurred_at: new Date(event.occurredAt).toISOString(),
    received_at: new Date(event.receivedAt).toISOString(),
    transaction: event.transaction,
    buyer_email: event.buyerEmail,
    product_id: event.productId,
    subscriber_code: event.subscriberCode,
    amount,
    amount_formatted: formatted,
    reconciled: event.reconciled,
    summary: [event.name, formatted, event.buyerEmail, event.transaction, when]
      .filter((part) => part !== null && part !== '')
      .join(' · '),
  };
}

function amountOf(normalized: Record<string, unknown>): { value: number; currency: string } | null {
  const amount = normalized.amount as { value?: unknown; currency?: unknown } | undefined;
  if (!amount || typeof amount.value !== 'number' || !Number.isFinite(amount.value)) return null;
  if (typeof amount.currency !== 'string' || !/^[A-Za-z]{3}$/.test(amount.currency)) return null;
  return { value: amount.value, currency: amount.currency.toUpperCase() };
}

async function recentRuns(runtime: McpRuntime, query: URLSearchParams): Promise<unknown> {
  const statuses = query.getAll('status');
  for (const status of statuses) {
    if (!RUN_STATUSES.includes(status as RunStatus)) {
      throw new McpError(ErrorCode.InvalidParams, `status must be one of ${RUN_STATUSES.join(', ')}`);
    }
  }
  const workflow = query.get('workflow') ?? undefined;
  const runs = await runtime.store.listRuns({
    limit: limitOf(query),
    ...(statuses.length > 0 ? { status: statuses as RunStatus[] } : {}),
    ...(workflow ? { workflowId: workflow } : {}),
  });
  return { runs: runs.map((run) => runSummary(runtime, run)) };
}

async function oneRun(runtime: McpRuntime, id: string, uri: string): Promise<unknown> {
  const run = await runtime.store.getRun(id);
  if (!run) throw notFound(uri);
  const steps = await runtime.store.getSteps(id);
  return {
    ...runSummary(runtime, run),
    input: run.input,
    output: run.output,
    steps: steps.map((step) => stepView(step)),
  };
}

function runSummary(runtime: McpRuntime, run: RunRecord) {
  const { locale, timeZone } = runtime.settings;
  const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
  return {
    id: run.id,
    workflow: run.workflowId,
    status: run.status,
    event_id: run.eventId,
    connection: run.connectionId,
    attempt: run.attempt,
    max_attempts: run.maxAttempts,
    created_at: iso(run.createdAt),
    updated_at: iso(run.updatedAt),
    due_at: iso(run.dueAt),
    finished_at: iso(run.finishedAt),
    error: run.error,
    summary: `${run.workflowId} ${run.status} (attempt ${run.attempt}/${run.maxAttempts}), created ${formatDateTime(run.createdAt, locale, timeZone, 'medium')}`,
  };
}

function stepView(step: StepRecord) {
  return {
    id: step.stepId,
    status: step.status,
    attempt: step.attempt,
    started_at: new Date(step.startedAt).toISOString(),
    finished_at: step.finishedAt === null ? null : new Date(step.finishedAt).toISOString(),
    duration_ms: step.durationMs,
    wake_at: step.wakeAt === null ? null : new Date(step.wakeAt).toISOString(),
    output: step.output,
    error: step.error,
  };
}

function reportTools(runtime: McpRuntime): ActionTool[] {
  return runtime.catalog.tools.filter(
    (tool) => tool.action.id.startsWith(REPORT_PREFIX) && tool.action.effect === 'read',
  );
}

function reportName(tool: ActionTool): string {
  return tool.action.id.slice(REPORT_PREFIX.length);
}

async function report(
  runtime: McpRuntime,
  name: string,
  query: URLSearchParams,
  uri: string,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  const tool = reportTools(runtime).find((candidate) => reportName(candidate) === name);
  if (!tool) throw notFound(uri);
  const input = queryInput(tool, query);
  let connectionId: string | undefined;
  if (!tool.actionOwnsConnection && CONNECTION_ARG in input) {
    connectionId = String(input[CONNECTION_ARG]);
    delete input[CONNECTION_ARG];
  }
  const connection = await resolveConnection(runtime.connections, tool.connector, connectionId);
  return invokeAction(tool.action, input, {
    connector: tool.connector,
    connection,
    logger: runtime.logger,
    now: runtime.now,
    fetch: runtime.fetch,
    services: runtime.services,
    ...(signal ? { signal } : {}),
  });
}

/**
 * Query values are strings; a parameter whose schema wants something else (a number, a boolean, a list) gets the
 * value read as JSON when it is valid JSON, so `?limit=10&all=true&product_ids=1&product_ids=2` works.
 */
function queryInput(tool: ActionTool, query: URLSearchParams): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of new Set(query.keys())) {
    const schema = tool.inputProperties[key];
    const values = query.getAll(key);
    if (schema && acceptsType(schema, 'array')) {
      const items = (schema.items ?? {}) as Record<string, unknown>;
      input[key] = values.map((value) => coerce(value, items));
    } else {
      input[key] = coerce(values.at(-1)!, schema ?? {});
    }
  }
  return input;
}

function coerce(value: string, schema: Record<string, unknown>): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return value;
  }
  if (typeof parsed === 'string') return value;
  const types = typesOf(schema);
  if (types.size === 0) return parsed;
  const kind = parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : typeof parsed;
  if (kind === 'number') {
    return types.has('number') || (types.has('integer') && Number.isInteger(parsed)) ? parsed : value;
  }
  return types.has(kind) ? parsed : value;
}

function typesOf(schema: Record<string, unknown>, into = new Set<string>()): Set<string> {
  const own = schema.type;
  if (typeof own === 'string') into.add(own);
  if (Array.isArray(own)) for (const type of own) into.add(String(type));
  for (const list of [schema.anyOf, schema.oneOf]) {
    if (Array.isArray(list)) for (const variant of list) typesOf(variant as Record<string, unknown>, into);
  }
  return into;
}

function acceptsType(schema: Record<string, unknown>, type: string): boolean {
  return typesOf(schema).has(type);
}

function limitOf(query: URLSearchParams): number {
  const raw = query.get('limit');
  if (raw === null) return DEFAULT_LIMIT;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new McpError(ErrorCode.InvalidParams, `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  return limit;
}

function notFound(uri: string): McpError {
  return new McpError(RESOURCE_NOT_FOUND, `no resource ${uri.slice(0, 200)}`, { uri: uri.slice(0, 200) });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : 'unknown error';
}
