import type { WorkflowDefinition } from '../engine/workflow.ts';
import { LOCALES, type Locale } from '../kit/i18n/locale.ts';
import type { AgentContext } from './agent-context.ts';
import { AGENT_IDS, type AgentId, type AgentSettings } from './settings.ts';

/**
 * A text in each language hotpilot speaks.
 *
 * @example
 * import type { LocalizedText } from './agent.ts';
 * const title: LocalizedText = { 'pt-BR': 'Vendas', es: 'Ventas', en: 'Sales' };
 */
export type LocalizedText = Readonly<Record<Locale, string>>;

/**
 * How much work each agent saves in a week of activity, in minutes, when the seller hasn't measured their own
 * (settings `minutesPerRun`). Estimates of the manual work each replaces: copying sales into the CRM and welcoming
 * buyers (sales), chasing abandoned carts (marketing), opening refund tickets (support), issuing certificates (HR),
 * the weekly figures (finance), the audits (operations), the legal deadlines (legal) and chasing late subscription
 * charges and cancelled subscribers (retention).
 *
 * @example
 * import { DEFAULT_MINUTES_SAVED_PER_WEEK } from './agent.ts';
 * DEFAULT_MINUTES_SAVED_PER_WEEK.sales; // 90
 */
export const DEFAULT_MINUTES_SAVED_PER_WEEK: Readonly<Record<AgentId, number>> = Object.freeze({
  sales: 90,
  marketing: 60,
  support: 45,
  hr: 60,
  finance: 90,
  operations: 45,
  legal: 30,
  retention: 60,
});

/**
 * What an agent is made of, as written.
 *
 * @example
 * import type { AgentOptions } from './agent.ts';
 * const options: AgentOptions = {
 *   id: 'finance',
 *   title: { 'pt-BR': 'Financeiro', es: 'Finanzas', en: 'Finance' },
 *   description: { 'pt-BR': 'Números da semana.', es: 'Cifras de la semana.', en: 'The week’s figures.' },
 *   workflows: () => [],
 *   needs: ['hotmart', 'google-sheets'],
 * };
 */
export interface AgentOptions {
  id: AgentId;
  title: LocalizedText;
  description: LocalizedText;
  /**
   * The agent's workflows for these settings (their ids must start with `<agent id>.`). Called when the engine is
   * built; the handlers read the settings again from the store at every run, so a change applies to the next run.
   */
  workflows: (settings: AgentSettings) => readonly WorkflowDefinition<AgentContext>[];
  /** Minutes saved in a week with activity (default: {@link DEFAULT_MINUTES_SAVED_PER_WEEK}). */
  minutesSavedPerWeek?: number;
  /** Connector ids the agent uses (`hotmart`, `hubspot`, `zendesk`, `slack`, `google-sheets`, `email`…). */
  needs: readonly string[];
}

/**
 * A checked agent definition.
 *
 * @example
 * import type { AgentDefinition } from './agent.ts';
 * const label = (agent: AgentDefinition) => `${agent.title.en} (${agent.minutesSavedPerWeek} min/week)`;
 */
export interface AgentDefinition {
  readonly id: AgentId;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly minutesSavedPerWeek: number;
  readonly needs: readonly string[];
  /** The workflows for these settings, checked: ids prefixed with the agent's id, none twice. */
  workflows(settings: AgentSettings): WorkflowDefinition<AgentContext>[];
}

const CONNECTOR_ID = /^[a-z][a-z0-9-]*$/;

/**
 * Declares an agent: a set of workflows with settings the seller changes without code. Checked at once: an unknown
 * id, a missing translation, a negative estimate or a malformed connector id throws a `TypeError` naming it; the
 * workflows are checked each time they are built (ids must start with `<agent id>.` — the prefix tells which agent a
 * run belongs to, for the time-saved figures).
 *
 * @example
 * import { defineWorkflow } from '../engine/workflow.ts';
 * import { defineAgent } from './agent.ts';
 * export const financeAgent = defineAgent({
 *   id: 'finance',
 *   title: { 'pt-BR': 'Financeiro', es: 'Finanzas', en: 'Finance' },
 *   description: { 'pt-BR': 'Números da semana.', es: 'Cifras de la semana.', en: 'The week’s figures.' },
 *   workflows: (settings) => [
 *     defineWorkflow({ id: 'finance.weekly', on: { cron: settings.finance.schedule, timeZone: settings.timeZone } },
 *       async () => null),
 *   ],
 *   needs: ['hotmart', 'google-sheets'],
 * });
 */
export function defineAgent(options: AgentOptions): AgentDefinition {
  const label = typeof options?.id === 'string' ? ` "${options.id}"` : '';
  const fail = (problem: string): never => {
    throw new TypeError(`defineAgent${label}: ${problem}`);
  };
  if (!AGENT_IDS.includes(options?.id as AgentId)) fail(`id must be one of ${AGENT_IDS.join(', ')}`);
  for (const field of ['title', 'description'] as const) {
    for (const locale of LOCALES) {
      const text = options[field]?.[locale];
      if (typeof text !== 'string' || text.trim() === '') fail(`${field}.${locale} must be a non-empty text`);
    }
  }
  if (typeof options.workflows !== 'function') fail('workflows must be a function of the settings');
  const minutes = options.minutesSavedPerWeek ?? DEFAULT_MINUTES_SAVED_PER_WEEK[options.id];
  if (typeof minutes !== 'number' || !Number.isFinite(minutes) || minutes < 0) {
    fail('minutesSavedPerWeek must be a number ≥ 0');
  }
  if (!Array.isArray(options.needs)) fail('needs must list connector ids');
  const needs = [...new Set(options.needs)];
  for (const need of needs) {
    if (typeof need !== 'string' || !CONNECTOR_ID.test(need))
      fail(`needs: "${String(need)}" is not a connector id`);
  }
  const id = options.id;

  return Object.freeze({
    id,
    title: Object.freeze({ ...options.title }),
    description: Object.freeze({ ...options.description }),
    minutesSavedPerWeek: minutes,
    needs: Object.freeze(needs),
    workflows(settings: AgentSettings) {
      const workflows = [...options.workflows(settings)];
      const seen = new Set<string>();
      for (const workflow of workflows) {
        if (!workflow.id.startsWith(`${id}.`))
          fail(`workflow "${workflow.id}" must have an id starting with "${id}."`);
        if (seen.has(workflow.id)) fail(`workflow "${workflow.id}" is defined twice`);
        seen.add(workflow.id);
      }
      return workflows;
    },
  });
}

/**
 * The agent a workflow id belongs to (its prefix before the first dot), or null for workflows of no agent.
 *
 * @example
 * import { agentOfWorkflow } from './agent.ts';
 * agentOfWorkflow('sales.purchase'); // 'sales'
 * agentOfWorkflow('sequence'); // null
 */
export function agentOfWorkflow(workflowId: string): AgentId | null {
  const dot = workflowId.indexOf('.');
  if (dot <= 0) return null;
  const prefix = workflowId.slice(0, dot);
  return AGENT_IDS.includes(prefix as AgentId) ? (prefix as AgentId) : null;
}
