import { defineAgent } from '../agent.ts';
import { cartRecoveryWorkflow } from './cart-recovery-workflow.ts';

/**
 * The marketing agent: abandoned carts get the recovery sequence (stopped by the purchase), a HubSpot lead and a
 * row in the retargeting sheet; purchases that follow an abandonment count as recovered revenue.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { marketingAgent } from './marketing-agent.ts';
 * marketingAgent.workflows(parseAgentSettings({})).map((workflow) => workflow.id); // ['marketing.cart-recovery']
 */
export const marketingAgent = defineAgent({
  id: 'marketing',
  title: { 'pt-BR': 'Marketing', es: 'Marketing', en: 'Marketing' },
  description: {
    'pt-BR':
      'Recupera carrinhos abandonados: sequência de e-mails, lead no HubSpot e planilha de remarketing.',
    es: 'Recupera carritos abandonados: secuencia de correos, lead en HubSpot y hoja de remarketing.',
    en: 'Recovers abandoned carts: an e-mail sequence, a HubSpot lead and a retargeting sheet.',
  },
  workflows: (settings) => [cartRecoveryWorkflow(settings)],
  needs: ['hotmart', 'email', 'hubspot', 'google-sheets'],
});
