import { z } from 'zod';
import type { Clock } from '../kit/clock.ts';
import type { Logger } from '../kit/logger.ts';

/**
 * The connector kit: how a connector (an external system hotpilot talks to) and its actions are declared.
 * One action, one file, one definition; `registry.ts` lists them all explicitly, and every surface (workflows,
 * CLI, REST API, MCP) reads that registry. See STYLE conventions 1–5 and 9.
 */

/** Whether an action only reads or changes something outside hotpilot. Writes are gated on MCP. */
export type ActionEffect = 'read' | 'write';

/**
 * The connection an action runs with: the seller's account at that vendor, credentials decrypted and parsed. Read
 * only: a stored connection is parsed once and the same frozen object is handed to every call until it changes
 * (`connections.ts`).
 */
export interface ActionConnection<C> {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly credentials: C;
  /** Non-secret settings, e.g. `baseUrl` overrides (every connector's base URL is configurable). */
  readonly settings: Readonly<Record<string, unknown>>;
}

/**
 * Services an action may need besides HTTP: given by the composition root, absent in pure unit tests.
 * Kept as an open record so later layers (sequences, suppression list) add entries without changing the kit.
 */
export type ActionServices = Readonly<Record<string, unknown>>;

/** What every action receives besides its input (STYLE convention 9: I/O injected at the edges). */
export interface ActionContext<C = unknown> {
  connection: ActionConnection<C>;
  /**
   * Key that stays the same across retries of one logical call: `runId:stepId` inside workflows, a random id for an
   * ad-hoc call. Writes pass it to the vendor (header or lookup key) so a retried create does not create twice.
   */
  idempotencyKey: string;
  logger: Logger;
  fetch: typeof fetch;
  now: Clock;
  signal: AbortSignal;
  services: ActionServices;
  /**
   * Longest wait for a client-side rate budget (Hotmart's 500 requests per minute) the caller accepts. Workflows set
   * it: a longer wait throws the engine's `DeferRunError`, so the run gives its worker slot back and comes back when
   * the budget has room, instead of blocking a slot other runs could use. Absent (CLI, MCP, REST): wait.
   */
  maxRateWaitMs?: number;
}

/** What a connector's connection test receives. */
export type ConnectionTestContext<C = unknown> = Omit<ActionContext<C>, 'idempotencyKey'>;

/** The outcome of a connection test, shown by `hotpilot doctor` and the dashboard. */
export interface ConnectionTestResult {
  ok: boolean;
  /** Who the credentials belong to (account name, bot user…), or what failed and how to fix it. */
  message: string;
}

export interface ConnectorDefinition<C = unknown> {
  /** `hotmart`, `hubspot`, `zendesk`, `slack`, `google-sheets`, `email`, `webhook-out`. */
  id: string;
  title: string;
  description: string;
  /** Strict zod schema of the credentials (stored encrypted per connection). */
  credentials: z.ZodType<C>;
  /** Strict zod schema of the non-secret settings (base URL overrides, defaults). */
  settings: z.ZodType<Record<string, unknown>>;
  /** Proves the credentials work with one cheap authenticated call. */
  test(ctx: ConnectionTestContext<C>): Promise<ConnectionTestResult>;
}

export interface ActionDefinition<I = unknown, O = unknown, C = unknown> {
  /** `connector_verb_noun` (a valid MCP tool name), e.g. `hubspot_upsert_contact`. */
  id: string;
  /** The connector id this action belongs to. */
  connector: string;
  title: string;
  /** For people (CLI, dashboard). */
  description: string;
  /** For LLMs (MCP tool description): when to use it, what it needs, what it returns. */
  llmHint: string;
  input: z.ZodType<I>;
  output: z.ZodType<O>;
  effect: ActionEffect;
  /** True when calling twice with the same input and idempotency key has the effect of calling once. */
  idempotent: boolean;
  run(ctx: ActionContext<C>, input: I): Promise<O>;
}

const ACTION_ID = /^[a-z][a-z0-9]*(?:_[a-z0-9]+){2,}$/;
const CONNECTOR_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Declares a connector. Validates the declaration so a typo fails at start-up, not at the first call.
 *
 * @example
 * import { z } from 'zod';
 * import { defineConnector } from './kit.ts';
 * export const slackConnector = defineConnector({
 *   id: 'slack',
 *   title: 'Slack',
 *   description: 'Posts messages to channels with a bot token.',
 *   credentials: z.strictObject({ botToken: z.string().startsWith('xoxb-') }),
 *   settings: z.strictObject({ baseUrl: z.url().optional() }),
 *   test: async () => ({ ok: true, message: 'bot @hotpilot in workspace Acme' }),
 * });
 */
export function defineConnector<C>(definition: ConnectorDefinition<C>): ConnectorDefinition<C> {
  if (!CONNECTOR_ID.test(definition.id)) {
    throw new Error(`connector id "${definition.id}" must be lowercase letters, digits and dashes`);
  }
  return Object.freeze(definition);
}

/**
 * Declares an action. The id must read `connector_verb_noun` and start with its connector's id
 * (dashes become underscores: `google-sheets` → `google_sheets_…`).
 *
 * @example
 * import { z } from 'zod';
 * import { defineAction } from './kit.ts';
 * export const slackPostMessage = defineAction({
 *   id: 'slack_post_message',
 *   connector: 'slack',
 *   title: 'Post a Slack message',
 *   description: 'Posts a message to a channel.',
 *   llmHint: 'Use to notify the seller’s team in Slack. Needs a channel id or name and text.',
 *   input: z.strictObject({ channel: z.string(), text: z.string() }),
 *   output: z.looseObject({ ts: z.string() }),
 *   effect: 'write',
 *   idempotent: false,
 *   run: async (_ctx, input) => ({ ts: `${input.channel}-1` }),
 * });
 */
export function defineAction<I, O, C = unknown>(
  definition: ActionDefinition<I, O, C>,
): ActionDefinition<I, O, C> {
  if (!ACTION_ID.test(definition.id)) {
    throw new Error(`action id "${definition.id}" must read connector_verb_noun in lowercase snake case`);
  }
  const prefix = `${definition.connector.replaceAll('-', '_')}_`;
  if (!definition.id.startsWith(prefix)) {
    throw new Error(`action id "${definition.id}" must start with its connector id "${prefix}"`);
  }
  return Object.freeze(definition);
}

/**
 * Any action, whatever its types: what registries and surfaces hold.
 *
 * @example
 * import type { AnyAction } from './kit.ts';
 * const ids = (actions: readonly AnyAction[]) => actions.map((a) => a.id);
 */
// biome-ignore lint/suspicious/noExplicitAny: a heterogeneous list of actions can only be typed this way.
export type AnyAction = ActionDefinition<any, any, any>;

/**
 * Any connector, whatever its credential type.
 *
 * @example
 * import type { AnyConnector } from './kit.ts';
 * const titles = (connectors: readonly AnyConnector[]) => connectors.map((c) => c.title);
 */
// biome-ignore lint/suspicious/noExplicitAny: as above, for connectors.
export type AnyConnector = ConnectorDefinition<any>;

/** Settings shared by every connector: a base URL override. */
export const BaseUrlSettings = z.strictObject({ baseUrl: z.url().optional() });
