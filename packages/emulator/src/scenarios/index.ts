export {
  createScenarioDriver,
  type JourneyInfo,
  type ScenarioDriver,
  type ScenarioDriverOptions,
  type ScenarioRun,
  type ScenarioRunOptions,
  type ScenarioSummary,
  scenarioRunOptionsSchema,
} from './driver.ts';
export { JOURNEY_NAMES, type JourneyName } from './journeys.ts';
export { ScenarioError, type ScenarioErrorCode } from './scenario-error.ts';
export { type TriggerInput, triggerInputSchema } from './trigger.ts';
