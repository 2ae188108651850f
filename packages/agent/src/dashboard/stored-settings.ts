import {
  type AgentSettings,
  AgentSettingsError,
  defaultAgentSettings,
  getAgentSettings,
} from '../agents/settings.ts';
import type { Store } from '../store/port.ts';

/**
 * The agent settings in the store, or the defaults with the reason when the stored document no longer fits the
 * schema (written by another version, say): the dashboard keeps working and says so instead of failing.
 *
 * @example
 * import { storedSettings } from './stored-settings.ts';
 * const { settings, problem } = await storedSettings(store);
 * if (problem) console.log(problem);
 */
export async function storedSettings(
  store: Pick<Store, 'getState'>,
): Promise<{ settings: AgentSettings; problem: string | null }> {
  try {
    return { settings: await getAgentSettings(store), problem: null };
  } catch (error) {
    if (error instanceof AgentSettingsError)
      return { settings: defaultAgentSettings(), problem: error.message };
    throw error;
  }
}
