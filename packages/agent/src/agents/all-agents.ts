import type { AgentDefinition } from './agent.ts';
import { financeAgent } from './finance/index.ts';
import { hrAgent } from './hr/index.ts';
import { legalAgent } from './legal/legal-agent.ts';
import { marketingAgent } from './marketing/marketing-agent.ts';
import { operationsAgent } from './operations/index.ts';
import { retentionAgent } from './retention/retention-agent.ts';
import { salesAgent } from './sales/sales-agent.ts';
import { supportAgent } from './support/support-agent.ts';

/**
 * Every agent (explicit list, no discovery), in the dashboard's order.
 *
 * @example
 * import { agents } from './all-agents.ts';
 * agents.map((agent) => agent.id); // ['sales', 'marketing', 'support', 'hr', 'finance', 'operations', 'legal', 'retention']
 */
export const agents: readonly AgentDefinition[] = Object.freeze([
  salesAgent,
  marketingAgent,
  supportAgent,
  hrAgent,
  financeAgent,
  operationsAgent,
  legalAgent,
  retentionAgent,
]);
