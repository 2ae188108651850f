import { NonRetriableError } from '../engine/errors.ts';
import type { Store } from '../store/port.ts';
import {
  AGENT_SETTINGS_KEY,
  type AgentSettings,
  AgentSettingsError,
  parseAgentSettings,
} from './settings.ts';

// The last stored settings checked, by their JSON text as stored: every run reads the settings, and parsing and
// checking them against the schema costs far more than comparing the text, which changes only when someone saves
// new settings.
let checked: { text: string; settings: AgentSettings } | null = null;

/**
 * The settings a run works with: those saved in the store (the dashboard's, shared by every process), else the
 * ones the workflows were built with (the settings file). Read at the start of every attempt, not memoized, so a
 * run replayed after the seller fixed a setting (a wrong connection id, say) uses the fix; only the schema check of
 * unchanged settings is reused (the returned object is shared: treat it as read-only). Stored settings that no
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
  store: Pick<Store, 'getStateText'>,
  fallback: AgentSettings,
): Promise<AgentSettings> {
  const text = await store.getStateText(AGENT_SETTINGS_KEY);
  if (text === null) return fallback;
  if (checked !== null && checked.text === text) return checked.settings;
  try {
    const settings = parseAgentSettings(JSON.parse(text), 'stored agent settings');
    checked = { text, settings };
    return settings;
  } catch (error) {
    if (error instanceof AgentSettingsError) {
      throw new NonRetriableError(error.message, { code: error.code, cause: error });
    }
    throw error;
  }
}
