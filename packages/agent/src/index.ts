/**
 * hotpilot: a self-hosted operations agent for Hotmart sellers. The package's programmatic surface: load the
 * configuration, start a process, define workflows.
 *
 * @example
 * import { defineWorkflow, handleSignals, loadConfig, startHotpilot } from 'hotpilot';
 * const welcome = defineWorkflow({ id: 'welcome', on: ['PURCHASE_APPROVED'] }, async ({ event, step }) => {
 *   await step.run('log', () => console.log('sale', event?.transaction));
 * });
 * const config = loadConfig();
 * handleSignals(await startHotpilot(config, { workflows: [welcome] }), { deadlineMs: config.shutdownDeadlineMs });
 */
export {
  CONFIG_VARIABLES,
  ConfigError,
  type ConfigProblem,
  connectionSecretsFromEnv,
  type HotpilotConfig,
  loadConfig,
  ROLES,
  type Role,
} from './config.ts';
export type { Engine, EngineOptions } from './engine/engine.ts';
export { NonRetriableError, RetryAfterError } from './engine/errors.ts';
export type { EngineMetrics } from './engine/metrics.ts';
export {
  type CronWorkflowOptions,
  defineWorkflow,
  type EventWorkflowOptions,
  type RunInfo,
  type WorkflowContext,
  type WorkflowDefinition,
} from './engine/workflow.ts';
export type { Logger } from './kit/logger.ts';
export { Secret } from './kit/secret.ts';
export {
  type Hotpilot,
  type HotpilotExtras,
  type HotpilotServices,
  handleSignals,
  openConfiguredStore,
  startHotpilot,
} from './main.ts';
export { createMetrics, type HotpilotMetrics, type IngestOutcome } from './server/metrics.ts';
export type { Store } from './store/port.ts';
