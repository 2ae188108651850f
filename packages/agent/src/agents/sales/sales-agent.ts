import { defineAgent } from '../agent.ts';
import { salesPurchaseWorkflow } from './purchase-workflow.ts';

/**
 * The sales agent: every approved sale lands in HubSpot (contact and a Closed Won deal per transaction), first-time
 * buyers get the welcome sequence, and the team hears about it in Slack.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { salesAgent } from './sales-agent.ts';
 * salesAgent.workflows(parseAgentSettings({})).map((workflow) => workflow.id); // ['sales.purchase']
 */
export const salesAgent = defineAgent({
  id: 'sales',
  title: { 'pt-BR': 'Vendas', es: 'Ventas', en: 'Sales' },
  description: {
    'pt-BR':
      'Cada venda aprovada vira contato e negócio no HubSpot, boas-vindas por e-mail e aviso no Slack.',
    es: 'Cada venta aprobada se convierte en contacto y negocio en HubSpot, bienvenida por correo y aviso en Slack.',
    en: 'Every approved sale becomes a HubSpot contact and deal, a welcome e-mail sequence and a Slack message.',
  },
  workflows: (settings) => [salesPurchaseWorkflow(settings)],
  needs: ['hotmart', 'hubspot', 'email', 'slack'],
});
