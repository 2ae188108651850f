import { defineAgent } from '../agent.ts';
import { weeklyWorkflow } from './weekly-workflow.ts';

/**
 * The finance agent: every week (Monday 07:00 by default) the previous ISO week's sales, refunds, chargebacks, MRR
 * movement and affiliate figures, per currency, go to the finance spreadsheet and to Slack.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { financeAgent } from './finance-agent.ts';
 * financeAgent.workflows(parseAgentSettings({})).map((workflow) => workflow.id); // ['finance.weekly']
 */
export const financeAgent = defineAgent({
  id: 'finance',
  title: { 'pt-BR': 'Financeiro', es: 'Finanzas', en: 'Finance' },
  description: {
    'pt-BR':
      'Toda semana: vendas, reembolsos, chargebacks, movimento do MRR e afiliados por moeda na planilha financeira e no Slack.',
    es: 'Cada semana: ventas, reembolsos, contracargos, movimiento del MRR y afiliados por moneda en la hoja de finanzas y en Slack.',
    en: 'Every week: sales, refunds, chargebacks, MRR movement and affiliates per currency in the finance sheet and Slack.',
  },
  workflows: (settings) => [weeklyWorkflow(settings)],
  needs: ['hotmart', 'google-sheets', 'slack'],
});
