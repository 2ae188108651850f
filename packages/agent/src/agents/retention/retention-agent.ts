import { defineAgent } from '../agent.ts';
import { cancellationWorkflow } from './cancellation-workflow.ts';
import { dunningWorkflow } from './dunning-workflow.ts';
import { planChangeWorkflow } from './plan-change-workflow.ts';
import { subscriberListsWorkflows } from './subscriber-lists-workflows.ts';

/**
 * The retention agent: owns the subscription lifecycle. Late charges get the dunning sequence with a payment link
 * (and alerts when big) and count as recovered MRR once paid; cancellations update the CRM and, after a delay, get
 * the win-back sequence with the churn-reason form; plan switches and charge-date changes update the CRM; the
 * subscriber lists stay in step.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { retentionAgent } from './retention-agent.ts';
 * retentionAgent.workflows(parseAgentSettings({})).map((workflow) => workflow.id);
 * // ['retention.dunning', 'retention.cancellation', 'retention.plan-change', …the subscriber lists']
 */
export const retentionAgent = defineAgent({
  id: 'retention',
  title: { 'pt-BR': 'Retenção', es: 'Retención', en: 'Retention' },
  description: {
    'pt-BR':
      'Cuida das assinaturas: cobra pagamentos atrasados, reconquista quem cancelou e mantém o CRM em dia.',
    es: 'Cuida las suscripciones: cobra pagos atrasados, recupera a quien canceló y mantiene el CRM al día.',
    en: 'Looks after subscriptions: chases late payments, wins back cancelled subscribers, keeps the CRM current.',
  },
  workflows: (settings) => [
    dunningWorkflow(settings),
    cancellationWorkflow(settings),
    planChangeWorkflow(settings),
    ...subscriberListsWorkflows(settings),
  ],
  needs: ['hotmart', 'email', 'hubspot', 'slack'],
});
