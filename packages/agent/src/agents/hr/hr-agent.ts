import { defineAgent } from '../agent.ts';
import { certificateWorkflow } from './certificate-workflow.ts';
import { moduleCompletedWorkflow } from './module-completed-workflow.ts';
import { progressCheckWorkflow } from './progress-check-workflow.ts';

/**
 * The HR / learning agent: course completions — noticed by a daily check of the members areas and by
 * `CLUB_MODULE_COMPLETED` — become PDF certificates with a verification code, e-mailed to the student, celebrated in
 * Slack and recorded in the skills-matrix sheet; once per completion, whichever trigger notices it first.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { hrAgent } from './hr-agent.ts';
 * hrAgent.workflows(parseAgentSettings({})).map((workflow) => workflow.id);
 * // ['hr.progress-check', 'hr.module-completed', 'hr.certificate']
 */
export const hrAgent = defineAgent({
  id: 'hr',
  title: { 'pt-BR': 'RH e Aprendizagem', es: 'RR. HH. y Aprendizaje', en: 'HR & Learning' },
  description: {
    'pt-BR':
      'Detecta quem concluiu um curso e envia o certificado em PDF com código de verificação, comemora no Slack e atualiza a matriz de competências.',
    es: 'Detecta quién terminó un curso y envía el certificado en PDF con código de verificación, lo celebra en Slack y actualiza la matriz de competencias.',
    en: 'Spots course completions and e-mails a PDF certificate with a verification code, celebrates in Slack and updates the skills matrix.',
  },
  workflows: (settings) => [
    progressCheckWorkflow(settings),
    moduleCompletedWorkflow(settings),
    certificateWorkflow(settings),
  ],
  needs: ['hotmart', 'email', 'slack', 'google-sheets'],
});
