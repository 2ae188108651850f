import type { WorkflowDefinition } from '../engine/workflow.ts';
import type { AgentDefinition } from './agent.ts';
import type { AgentContext } from './agent-context.ts';
import { agents as allAgents } from './all-agents.ts';
import type { AgentSettings } from './settings.ts';

/**
 * The workflows of the agents enabled in these settings, for `createEngine` (with `createAgentContext` as the
 * engine's `context`). An agent turned on later takes effect at the next start, when its workflows are
 * registered; one turned off stops at once (its runs see the stored settings and do nothing).
 *
 * @example
 * import { agentWorkflows } from './agent-workflows.ts';
 * import { parseAgentSettings } from './settings.ts';
 * agentWorkflows(parseAgentSettings({ sales: { enabled: true } })).map((workflow) => workflow.id); // ['sales.purchase']
 */
export function agentWorkflows(
  settings: AgentSettings,
  agents: readonly AgentDefinition[] = allAgents,
): WorkflowDefinition<AgentContext>[] {
  const workflows = agents
    .filter((agent) => settings[agent.id].enabled)
    .flatMap((agent) => agent.workflows(settings));
  const seen = new Set<string>();
  for (const workflow of workflows) {
    if (seen.has(workflow.id))
      throw new TypeError(`agentWorkflows: workflow "${workflow.id}" is defined twice`);
    seen.add(workflow.id);
  }
  return workflows;
}
