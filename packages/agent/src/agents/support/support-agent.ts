import { defineAgent } from '../agent.ts';
import { refundWorkflow } from './refund-workflow.ts';

/**
 * The support agent: a refund request becomes one pre-filled Zendesk ticket per transaction and an acknowledgement
 * to the buyer; the refund or chargeback that follows updates the ticket.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { supportAgent } from './support-agent.ts';
 * supportAgent.workflows(parseAgentSettings({})).map((workflow) => workflow.id); // ['support.refunds']
 */
export const supportAgent = defineAgent({
  id: 'support',
  title: { 'pt-BR': 'Atendimento', es: 'Atención al cliente', en: 'Support' },
  description: {
    'pt-BR':
      'Pedido de reembolso vira chamado no Zendesk com todos os dados da venda e resposta ao comprador.',
    es: 'Cada solicitud de reembolso abre un ticket en Zendesk con los datos de la venta y responde al comprador.',
    en: 'Each refund request opens a Zendesk ticket with the sale’s details and answers the buyer.',
  },
  workflows: (settings) => [refundWorkflow(settings)],
  needs: ['hotmart', 'zendesk', 'email'],
});
