import type { AgentDefinition } from '../../agents/agent.ts';
import { AGENT_IDS, type AgentId, type AgentSettings } from '../../agents/settings.ts';
import type { RunRecord, Store } from '../../store/port.ts';

/** Runs counted per state at most; the page shows "100+" beyond. */
const COUNT_LIMIT = 100;

/**
 * How one agent is doing: on or off, its workflows, its newest run, and the runs that need a person (dead) or are
 * retrying after a failure.
 *
 * @example
 * import type { AgentHealth } from './agent-health.ts';
 * const healthy = (agent: AgentHealth) => agent.dead === 0 && agent.retrying === 0;
 */
export interface AgentHealth {
  id: AgentId;
  enabled: boolean;
  /** False for agents this build has no workflows for. */
  defined: boolean;
  workflows: string[];
  lastRun: RunRecord | null;
  /** Dead runs (retries exhausted), at most 100. */
  dead: number;
  /** Queued runs whose last attempt failed, at most 100. */
  retrying: number;
  /** True when a count reached its limit (shown as "100+"). */
  capped: boolean;
}

/**
 * The health of every agent, in the dashboard's order (all seven, defined or not), read from the runs of each
 * agent's workflows.
 *
 * @example
 * import { agentHealth } from './agent-health.ts';
 * const rows = await agentHealth(store, agents, settings);
 * rows.filter((row) => row.dead > 0).map((row) => row.id); // ['support']
 */
export async function agentHealth(
  store: Pick<Store, 'listRuns'>,
  agents: readonly AgentDefinition[],
  settings: AgentSettings,
): Promise<AgentHealth[]> {
  const out: AgentHealth[] = [];
  for (const id of AGENT_IDS) {
    const definition = agents.find((agent) => agent.id === id);
    let workflows: string[] = [];
    if (definition) {
      try {
        workflows = definition.workflows(settings).map((workflow) => workflow.id);
      } catch {
        // A definition that can't build its workflows from these settings still gets a row.
        workflows = [];
      }
    }
    let lastRun: RunRecord | null = null;
    let dead = 0;
    let retrying = 0;
    for (const workflowId of workflows) {
      const [newest] = await store.listRuns({ workflowId, limit: 1 });
      if (newest && (lastRun === null || newest.createdAt > lastRun.createdAt)) lastRun = newest;
      dead += (await store.listRuns({ workflowId, status: 'dead', limit: COUNT_LIMIT + 1 })).length;
      retrying += (await store.listRuns({ workflowId, status: 'queued', limit: COUNT_LIMIT + 1 })).filter(
        (run) => run.attempt > 0,
      ).length;
    }
    const capped = dead > COUNT_LIMIT || retrying > COUNT_LIMIT;
    out.push({
      id,
      enabled: settings[id].enabled,
      defined: definition !== undefined,
      workflows,
      lastRun,
      dead: Math.min(dead, COUNT_LIMIT),
      retrying: Math.min(retrying, COUNT_LIMIT),
      capped,
    });
  }
  return out;
}
