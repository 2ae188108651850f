import { defineAgent } from '../agent.ts';
import { auditWorkflow } from './audit-workflow.ts';

/**
 * The operations agent: scheduled audits of the catalogue (products added, paused or deleted; offer prices), the
 * subscribers per plan and overdue charges, and the members areas' structure (modules and pages added, removed or
 * unpublished), each compared with the previous audit, reported to Slack and to a sheet tab.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { operationsAgent } from './operations-agent.ts';
 * operationsAgent.workflows(parseAgentSettings({})).map((workflow) => workflow.id); // ['operations.audit']
 */
export const operationsAgent = defineAgent({
  id: 'operations',
  title: { 'pt-BR': 'Operações', es: 'Operaciones', en: 'Operations' },
  description: {
    'pt-BR':
      'Auditorias do catálogo, dos assinantes por plano e das áreas de membros: o que mudou desde a última vai para o Slack e para a planilha.',
    es: 'Auditorías del catálogo, de los suscriptores por plan y de las áreas de miembros: lo que cambió desde la última va a Slack y a la hoja.',
    en: 'Audits of the catalogue, subscribers per plan and members areas: what changed since the last one goes to Slack and a sheet.',
  },
  workflows: (settings) => [auditWorkflow(settings)],
  needs: ['hotmart', 'slack', 'google-sheets'],
});
