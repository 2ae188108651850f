import { defineAgent } from '../agent.ts';
import { chargebackWorkflow } from './chargeback-workflow.ts';
import { refundWatchWorkflow } from './refund-watch-workflow.ts';

/**
 * The legal agent: chargebacks go to the dispute sheet with their response deadline, a daily check alerts about
 * refund requests left open, and the `legal_cancel_subscription` action cancels subscriptions with an audit trail.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { legalAgent } from './legal-agent.ts';
 * legalAgent.workflows(parseAgentSettings({})).map((workflow) => workflow.id); // ['legal.chargeback', 'legal.refund-watch']
 */
export const legalAgent = defineAgent({
  id: 'legal',
  title: { 'pt-BR': 'Jurídico', es: 'Legal', en: 'Legal' },
  description: {
    'pt-BR':
      'Prazos de chargeback em planilha, alerta de reembolsos parados e cancelamentos com registro de auditoria.',
    es: 'Plazos de contracargos en una hoja, alertas de reembolsos sin resolver y cancelaciones con registro de auditoría.',
    en: 'Chargeback deadlines in a sheet, alerts on stalled refund requests and audited compliance cancellations.',
  },
  workflows: (settings) => [chargebackWorkflow(settings), refundWatchWorkflow(settings)],
  needs: ['hotmart', 'google-sheets', 'slack'],
});
