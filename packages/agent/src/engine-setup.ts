import { createHmac } from 'node:crypto';
import { createAgentContext } from './agents/agent-context.ts';
import { agentWorkflows } from './agents/agent-workflows.ts';
import {
  createHasPurchased,
  createSubscriptionStatus,
  type PurchaseLookup,
} from './agents/purchase-lookup.ts';
import { getAgentSettings } from './agents/settings.ts';
import { defaultSequences } from './connectors/email/sequences/default-sequences.ts';
import { sequenceWorkflow } from './connectors/email/sequences/sequence-workflow.ts';
import { deliveryWorkflow } from './connectors/webhook-out/delivery-workflow.ts';
import type { WorkflowDefinition } from './engine/workflow.ts';
import type { Clock } from './kit/clock.ts';
import type { Logger } from './kit/logger.ts';
import { mirrorWorkflows } from './mirror/mirror-workflow.ts';
import type { ConnectionCache } from './server/connection-cache.ts';
import { createMirrorRepo } from './store/mirror/mirror-repo.ts';
import type { Store } from './store/port.ts';

/**
 * What actions get besides their connection (`ActionContext.services`): the store (suppression list, audit), the
 * purchase and subscription lookups that stop sequences, and the keys that sign unsubscribe links, certificate codes
 * and churn-form links — derived from the encryption key, never stored.
 *
 * @example
 * import type { HotpilotActionServices } from './engine-setup.ts';
 * const signsLinks = (services: HotpilotActionServices) => services.unsubscribeSecret.length === 32;
 */
export type HotpilotActionServices = {
  store: Store;
  hasPurchased: ReturnType<typeof createHasPurchased>;
  subscriptionStatus: ReturnType<typeof createSubscriptionStatus>;
  unsubscribeSecret: Buffer;
  certificateSecret: Buffer;
  churnFormSecret: Buffer;
};

/**
 * The action services of a store, and the mirror lookups behind them. Every process (and worker thread) builds its
 * own from the same encryption key, so they sign and verify alike.
 *
 * @example
 * import { randomBytes } from 'node:crypto';
 * import type { Store } from './store/port.ts';
 * import { createActionServices } from './engine-setup.ts';
 * declare const store: Store;
 * const { actionServices } = createActionServices(store, randomBytes(32));
 */
export function createActionServices(
  store: Store,
  secretKey: Buffer,
): { actionServices: HotpilotActionServices; purchases: PurchaseLookup } {
  const purchases = createMirrorRepo(store);
  const derive = (purpose: string) => createHmac('sha256', secretKey).update(purpose).digest();
  return {
    purchases,
    actionServices: {
      store,
      hasPurchased: createHasPurchased({ store, purchases }),
      subscriptionStatus: createSubscriptionStatus(purchases),
      unsubscribeSecret: derive('hotpilot:unsubscribe'),
      certificateSecret: derive('hotpilot:certificate'),
      churnFormSecret: derive('hotpilot:churn-form'),
    },
  };
}

/**
 * hotpilot's own workflows: the mirror updates and reconciliation, the e-mail sequences, outbound webhook
 * deliveries and the agents (with the settings stored now: enabling an agent takes effect at the next start).
 * `all` is every workflow of the engine, which reconciliation dispatches its synthetic events to.
 *
 * @example
 * import { randomBytes } from 'node:crypto';
 * import { silentLogger } from './kit/logger.ts';
 * import type { Store } from './store/port.ts';
 * import { builtInWorkflows, createActionServices } from './engine-setup.ts';
 * declare const store: Store;
 * const { actionServices } = createActionServices(store, randomBytes(32));
 * const workflows = await builtInWorkflows({ store, actionServices, now: Date.now, logger: silentLogger, all: () => workflows });
 */
export async function builtInWorkflows(options: {
  store: Store;
  actionServices: HotpilotActionServices;
  now: Clock;
  logger: Logger;
  all: () => readonly WorkflowDefinition[];
}): Promise<WorkflowDefinition[]> {
  const { store, now } = options;
  const logger = options.logger.child({ module: 'workflows' });
  return [
    ...mirrorWorkflows({ store, workflows: options.all, now, logger }),
    sequenceWorkflow(defaultSequences, { store, services: options.actionServices, now, logger }),
    deliveryWorkflow({ store, now, logger }),
    ...agentWorkflows(await getAgentSettings(store)),
  ];
}

/**
 * What every workflow handler receives as `ctx`: the services of the process and the agents' context.
 *
 * @example
 * import type { EngineContextOptions } from './engine-setup.ts';
 * const publicUrlOf = (options: EngineContextOptions) => options.publicUrl;
 */
export interface EngineContextOptions {
  store: Store;
  logger: Logger;
  /** Changes to connections made in-process invalidate this cache, so the inbox sees them at once. */
  connections: ConnectionCache;
  publicUrl: string | null;
  actionServices: HotpilotActionServices;
  purchases: PurchaseLookup;
  now: Clock;
}

/**
 * The engine's `context`: `{ store, logger, connections, publicUrl }` plus the agents' context (registry, action
 * services, mirror lookups, clock).
 *
 * @example
 * import { randomBytes } from 'node:crypto';
 * import { silentLogger } from './kit/logger.ts';
 * import { createConnectionCache } from './server/connection-cache.ts';
 * import type { Store } from './store/port.ts';
 * import { createActionServices, engineContext } from './engine-setup.ts';
 * declare const store: Store;
 * const { actionServices, purchases } = createActionServices(store, randomBytes(32));
 * const context = engineContext({
 *   store, logger: silentLogger, connections: createConnectionCache({ store }), publicUrl: null,
 *   actionServices, purchases, now: Date.now,
 * });
 */
export function engineContext(options: EngineContextOptions): Record<string, unknown> {
  const { store, logger, connections, publicUrl, actionServices, purchases, now } = options;
  return {
    logger,
    connections,
    publicUrl,
    ...createAgentContext({ store, services: actionServices, purchases, logger, now }),
  };
}
