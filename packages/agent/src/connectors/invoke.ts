import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../kit/clock.ts';
import { type Logger, lazyChild, silentLogger } from '../kit/logger.ts';
import { redactText } from '../kit/redact.ts';
import { type ConnectionLike, parseConnection } from './connections.ts';
import { ActionInputError, ActionOutputError, CredentialsError, VendorError } from './errors.ts';
import type { ActionDefinition, ActionServices, ConnectionTestResult, ConnectorDefinition } from './kit.ts';

/**
 * How an action is run: its connector (whose schemas check the connection), the connection, and the I/O every
 * action receives. Everything but `connector` and `connection` has a default, so a test or a CLI call passes only
 * what it cares about.
 *
 * @example
 * import type { InvokeOptions } from './invoke.ts';
 * import { slackConnector } from './slack/index.ts';
 * const options: InvokeOptions<{ botToken: string }> = {
 *   connector: slackConnector,
 *   connection: { id: 'team', kind: 'slack', credentials: { botToken: 'xoxb-1-2-abc' } },
 *   idempotencyKey: 'run_1:notify-team',
 * };
 */
export interface InvokeOptions<C> {
  connector: ConnectorDefinition<C>;
  connection: ConnectionLike;
  /** `runId:stepId` inside workflows; a random `adhoc:` key when absent (an ad-hoc call is its own logical call). */
  idempotencyKey?: string;
  logger?: Logger;
  fetch?: typeof fetch;
  now?: Clock;
  signal?: AbortSignal;
  services?: ActionServices;
  /** See `ActionContext.maxRateWaitMs`: set inside workflows, absent elsewhere (wait as long as it takes). */
  maxRateWaitMs?: number;
  /** More fields for the action's logger (e.g. the workflow step), bound with the action and connection at once. */
  logBindings?: Record<string, unknown>;
}

/**
 * Runs one action the way every surface does (workflow step, CLI, MCP, REST): check the connection's credentials
 * and settings with the connector's schemas (→ `CredentialsError`), parse the input (→ `ActionInputError`), run,
 * then parse the output (→ `ActionOutputError`). Vendor failures come out as `VendorError`,
 * `VendorRequestError` or `VendorRateLimitError` for the engine to retry, stop or reschedule.
 *
 * @example
 * import { invokeAction } from './invoke.ts';
 * import { slackConnector, slackPostMessage } from './slack/index.ts';
 * const result = await invokeAction(slackPostMessage, { channel: 'C0123', text: 'New sale!' }, {
 *   connector: slackConnector,
 *   connection: { id: 'team', kind: 'slack', credentials: { botToken: 'xoxb-1-2-abc' } },
 * });
 * console.log(result.ts);
 */
export async function invokeAction<I, O, C>(
  action: ActionDefinition<I, O, C>,
  rawInput: unknown,
  options: InvokeOptions<C>,
): Promise<O> {
  const { connector } = options;
  if (action.connector !== connector.id) {
    throw new TypeError(`action ${action.id} belongs to connector ${action.connector}, not ${connector.id}`);
  }
  const connection = parseConnection(connector, options.connection);
  const input = action.input.safeParse(rawInput);
  if (!input.success) throw new ActionInputError(action.id, input.error);

  const logger = lazyChild(options.logger ?? silentLogger, {
    ...options.logBindings,
    action: action.id,
    connection: connection.id,
  });
  const output = await action.run(
    {
      connection,
      idempotencyKey: options.idempotencyKey ?? `adhoc:${randomUUID()}`,
      logger,
      fetch: options.fetch ?? globalThis.fetch,
      now: options.now ?? systemClock,
      signal: options.signal ?? new AbortController().signal,
      services: options.services ?? {},
      ...(options.maxRateWaitMs === undefined ? {} : { maxRateWaitMs: options.maxRateWaitMs }),
    },
    input.data,
  );
  const parsed = action.output.safeParse(output);
  if (!parsed.success) throw new ActionOutputError(action.id, parsed.error);
  return parsed.data;
}

/**
 * What `testConnection` needs besides the connector and the connection.
 *
 * @example
 * import type { TestConnectionOptions } from './invoke.ts';
 * const options: TestConnectionOptions = { signal: AbortSignal.timeout(10_000) };
 */
export type TestConnectionOptions = Omit<
  InvokeOptions<unknown>,
  'connector' | 'connection' | 'idempotencyKey'
>;

/**
 * Runs a connector's connection test (for `hotpilot doctor` and the dashboard) and never throws for a bad
 * connection: invalid credentials and vendor refusals come back as `{ ok: false, message }` naming what to fix.
 *
 * @example
 * import { testConnection } from './invoke.ts';
 * import { slackConnector } from './slack/index.ts';
 * const result = await testConnection(slackConnector, { id: 'team', kind: 'slack', credentials: { botToken: 'xoxb-1' } });
 * console.log(result.ok, result.message);
 */
export async function testConnection<C>(
  connector: ConnectorDefinition<C>,
  connection: ConnectionLike,
  options: TestConnectionOptions = {},
): Promise<ConnectionTestResult> {
  try {
    const parsed = parseConnection(connector, connection);
    return await connector.test({
      connection: parsed,
      logger: (options.logger ?? silentLogger).child({ connector: connector.id, connection: parsed.id }),
      fetch: options.fetch ?? globalThis.fetch,
      now: options.now ?? systemClock,
      signal: options.signal ?? new AbortController().signal,
      services: options.services ?? {},
    });
  } catch (error) {
    if (error instanceof CredentialsError || error instanceof VendorError) {
      return { ok: false, message: redactText(error.message) };
    }
    throw error;
  }
}
