import { NonRetriableError } from '../engine/errors.ts';
import type { Store } from '../store/port.ts';
import { type AgentSettings, AgentSettingsError, readStoredAgentSettings } from './settings.ts';

/**
 * The settings a run works with: those saved in the store (the dashboard's, shared by every process), else the
 * ones the workflows were built with (the settings file). Read at the start of every attempt, not memoized, so a
 * run replayed after the seller fixed a setting (a wrong connection id, say) uses the fix. Stored settings that no
 * longer fit the schema stop the run (`NonRetriableError`, code `AGENT_SETTINGS_INVALID`): retrying can't fix them.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { defaultAgentSettings } from './settings.ts';
 * import { settingsForRun } from './settings-for-run.ts';
 * declare const store: Store;
 * const settings = await settingsForRun(store, defaultAgentSettings());
 */
export async function settingsForRun(
  store: Pick<Store, 'getState'>,
  fallback: AgentSettings,
): Promise<AgentSettings> {
  try {
    return (await readStoredAgentSettings(store)) ?? fallback;
  } catch (error) {
    if (error instanceof AgentSettingsError) {
      throw new NonRetriableError(error.message, { code: error.code, cause: error });
    }
    throw error;
  }
}
