import { emailActions, emailConnector } from './email/index.ts';
import { googleSheetsActions, googleSheetsConnector } from './google-sheets/index.ts';
import { hotmartActions, hotmartConnector } from './hotmart/index.ts';
import { hubspotActions, hubspotConnector } from './hubspot/index.ts';
import type { AnyAction, AnyConnector } from './kit.ts';
import { legalActions, legalConnector } from './legal/index.ts';
import { reportActions, reportConnector } from './report/index.ts';
import { slackActions, slackConnector } from './slack/index.ts';
import { webhookOutActions, webhookOutConnector } from './webhook-out/index.ts';
import { zendeskActions, zendeskConnector } from './zendesk/index.ts';

/**
 * Every connector and action hotpilot has, listed explicitly (no file-system discovery, STYLE convention 1).
 * Workflows call actions by id through it; the CLI, the REST API, the dashboard forms and the MCP tools are all
 * built from it.
 */
export interface Registry {
  readonly connectors: readonly AnyConnector[];
  readonly actions: readonly AnyAction[];
  /** The action with this id, or undefined. */
  action(id: string): AnyAction | undefined;
  /** The connector with this id, or undefined. */
  connector(id: string): AnyConnector | undefined;
  /** The connector an action belongs to (always defined for a registered action). */
  connectorOf(action: AnyAction): AnyConnector;
}

/**
 * Builds a registry from explicit lists, refusing duplicate ids and actions whose connector is missing, so a
 * mistake fails at start-up rather than at the first call.
 *
 * @example
 * import { createRegistry } from './registry.ts';
 * import { slackActions, slackConnector } from './slack/index.ts';
 * const registry = createRegistry([slackConnector], slackActions);
 * registry.action('slack_post_message')?.effect; // 'write'
 */
export function createRegistry(connectors: readonly AnyConnector[], actions: readonly AnyAction[]): Registry {
  const connectorById = new Map<string, AnyConnector>();
  for (const connector of connectors) {
    if (connectorById.has(connector.id)) throw new Error(`connector "${connector.id}" is registered twice`);
    connectorById.set(connector.id, connector);
  }
  const actionById = new Map<string, AnyAction>();
  for (const action of actions) {
    if (actionById.has(action.id)) throw new Error(`action "${action.id}" is registered twice`);
    if (!connectorById.has(action.connector)) {
      throw new Error(
        `action "${action.id}" belongs to connector "${action.connector}", which is not registered`,
      );
    }
    actionById.set(action.id, action);
  }
  return Object.freeze({
    connectors: Object.freeze([...connectors]),
    actions: Object.freeze([...actions]),
    action: (id: string) => actionById.get(id),
    connector: (id: string) => connectorById.get(id),
    connectorOf: (action: AnyAction) => connectorById.get(action.connector)!,
  });
}

/**
 * The registry of everything hotpilot ships.
 *
 * @example
 * import { registry } from './registry.ts';
 * registry.actions.filter((action) => action.effect === 'read').length;
 */
export const registry: Registry = createRegistry(
  [
    hotmartConnector,
    hubspotConnector,
    zendeskConnector,
    slackConnector,
    googleSheetsConnector,
    emailConnector,
    webhookOutConnector,
    reportConnector,
    legalConnector,
  ],
  [
    ...hotmartActions,
    ...hubspotActions,
    ...zendeskActions,
    ...slackActions,
    ...googleSheetsActions,
    ...emailActions,
    ...webhookOutActions,
    ...reportActions,
    ...legalActions,
  ],
);
