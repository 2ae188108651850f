import type { AgentDefinition } from '../agents/agent.ts';
import type { AgentId } from '../agents/settings.ts';
import type { PageContext } from './page-context.ts';

/**
 * An agent's name in the reader's language: its definition's title, or the dashboard's own name for agents this
 * build defines no workflows for yet (their settings exist all the same).
 *
 * @example
 * import { agentTitle } from './agent-title.ts';
 * agentTitle(page, agents, 'sales'); // 'Vendas'
 */
export function agentTitle(
  page: Pick<PageContext, 't' | 'locale'>,
  agents: readonly AgentDefinition[],
  id: AgentId,
): string {
  return agents.find((agent) => agent.id === id)?.title[page.locale] ?? page.t(`agent_${id}`);
}
