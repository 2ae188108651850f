import type { Context } from 'hono';
import {
  AGENT_IDS,
  type AgentId,
  type AgentSettings,
  AgentSettingsError,
  agentSettingsJsonSchema,
  saveAgentSettings,
} from '../../agents/settings.ts';
import type { AuthEnv } from '../../server/auth/principal.ts';
import { agentTitle } from '../agent-title.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { agentHealth } from '../data/agent-health.ts';
import { html } from '../html.ts';
import { notFound } from '../not-found-page.ts';
import type { PageContext } from '../page-context.ts';
import { actionButton, csrfField, renderPage, table } from '../page-layout.ts';
import {
  type FormProblem,
  type JsonSchemaNode,
  problemsByPath,
  readSchemaForm,
  renderSchemaFields,
} from '../schema-form.ts';
import { runStatusBadge } from '../status-badge.ts';
import { storedSettings } from '../stored-settings.ts';

/** The settings that belong to no agent (language, time zone, signature), edited on their own page. */
const GENERAL = 'general';
const GENERAL_FIELDS = ['locale', 'timeZone', 'sellerName'] as const;

type SettingsSection = AgentId | typeof GENERAL;

function sectionOf(id: string): SettingsSection | null {
  if (id === GENERAL) return GENERAL;
  return (AGENT_IDS as readonly string[]).includes(id) ? (id as AgentId) : null;
}

/** The JSON Schema of one section and the form prefix its fields are named under (`sales.dealStage`, `locale`). */
function sectionSchema(section: SettingsSection): { schema: JsonSchemaNode; prefix: string } {
  const root = agentSettingsJsonSchema() as JsonSchemaNode;
  const properties = root.properties ?? {};
  if (section === GENERAL) {
    return {
      schema: {
        type: 'object',
        properties: Object.fromEntries(GENERAL_FIELDS.map((field) => [field, properties[field] ?? {}])),
      },
      prefix: '',
    };
  }
  return { schema: properties[section] ?? { type: 'object' }, prefix: section };
}

function sectionValue(settings: AgentSettings, section: SettingsSection): unknown {
  if (section === GENERAL) return Object.fromEntries(GENERAL_FIELDS.map((field) => [field, settings[field]]));
  return settings[section];
}

function sectionTitle(page: PageContext, deps: ResolvedDashboardDeps, section: SettingsSection): string {
  return section === GENERAL ? page.t('settingsGeneral') : agentTitle(page, deps.agents, section);
}

function settingsForm(
  c: Context<AuthEnv>,
  page: PageContext,
  deps: ResolvedDashboardDeps,
  section: SettingsSection,
  value: unknown,
  problems: readonly FormProblem[],
  status: 200 | 400,
): Response {
  const { schema, prefix } = sectionSchema(section);
  const errors = problemsByPath(problems);
  const definition = section === GENERAL ? undefined : deps.agents.find((agent) => agent.id === section);
  const summary =
    problems.length === 0
      ? ''
      : html`<div class="notice error" role="alert"><p>${page.t('settingsInvalid')}</p><ul>${problems.map(
          (problem) => html`<li><code>${problem.path}</code>: ${problem.message}</li>`,
        )}</ul></div>`;
  const editable = page.can('admin');
  const body = html`${definition ? html`<p class="intro">${definition.description[page.locale]}</p>` : ''}
${summary}
${editable ? '' : html`<p class="notice info">${page.t('settingsReadOnly')}</p>`}
<form method="post" action="/agents/${section}" class="settings" id="settings-form">${csrfField(page)}
<fieldset${editable ? '' : html` disabled`}>${renderSchemaFields(page, schema, value, { prefix, errors })}</fieldset>
${editable ? html`<button type="submit" data-testid="save-settings">${page.t('save')}</button>` : ''} <a href="/agents">${page.t('back')}</a>
</form>`;
  return c.body(
    renderPage(page, {
      title: sectionTitle(page, deps, section),
      section: 'agents',
      body,
      notice: problems.length > 0 ? null : undefined,
    }),
    status,
    { ...DASHBOARD_HEADERS },
  );
}

/**
 * The agents pages: `GET /agents` (each agent on or off, its health and what it needs), `GET /agents/:id` (a form
 * generated from the settings schema — `general` for language, time zone and signature), and, for admins,
 * `POST /agents/:id` (saves through `saveAgentSettings`: checked by the schema, every problem shown by its field,
 * audited) and `POST /agents/:id/toggle` (turns an agent on or off).
 *
 * @example
 * import { agentsPages } from './agents-pages.ts';
 * agentsPages(router, deps);
 */
export function agentsPages(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/agents', async (c, page) => {
    const { settings, problem } = await storedSettings(deps.store);
    const health = await agentHealth(deps.store, deps.agents, settings);
    const rows = health.map((agent) => {
      const definition = deps.agents.find((candidate) => candidate.id === agent.id);
      const toggle = page.can('admin')
        ? actionButton(
            page,
            `/agents/${agent.id}/toggle`,
            agent.enabled ? page.t('turnOff') : page.t('turnOn'),
            {
              fields: { enabled: agent.enabled ? 'false' : 'true' },
              testId: `toggle-${agent.id}`,
              ...(agent.enabled ? { confirm: page.t('confirmTurnOff') } : {}),
            },
          )
        : '';
      return html`<tr id="agent-${agent.id}" data-agent="${agent.id}">
<td><strong>${agentTitle(page, deps.agents, agent.id)}</strong>${
        definition
          ? html`<br><span class="muted">${definition.description[page.locale]}</span>`
          : html`<br><span class="muted">${page.t('agentNotInBuild')}</span>`
      }</td>
<td>${agent.enabled ? html`<span class="badge s-completed" data-testid="state-${agent.id}">${page.t('agentOn')}</span>` : html`<span class="badge s-cancelled" data-testid="state-${agent.id}">${page.t('agentOff')}</span>`} ${toggle}</td>
<td>${agent.lastRun ? html`<a href="/runs/${encodeURIComponent(agent.lastRun.id)}">${page.dateTime(agent.lastRun.createdAt)}</a> ${runStatusBadge(page, agent.lastRun.status)}` : html`<span class="muted">${page.t('never')}</span>`}</td>
<td class="num">${agent.dead}${agent.capped ? '+' : ''}</td>
<td>${(definition?.needs ?? []).map((need) => html`<code>${need}</code> `)}</td>
<td><a href="/agents/${agent.id}" data-testid="configure-${agent.id}">${page.t('configure')}</a></td>
</tr>`;
    });
    const body = html`${problem ? html`<p class="notice error" role="alert">${page.t('settingsDamaged')}</p>` : ''}
<p><a href="/agents/general">${page.t('settingsGeneral')}</a> · <a href="/time-saved">${page.t('navTimeSaved')}</a></p>
${table(
  page,
  [page.t('colAgent'), page.t('colState'), page.t('colLastRun'), page.t('colDead'), page.t('colNeeds'), ''],
  rows,
  { id: 'agents' },
)}`;
    return c.body(renderPage(page, { title: page.t('navAgents'), section: 'agents', body }), 200, {
      ...DASHBOARD_HEADERS,
    });
  });

  router.get('/agents/:id', async (c, page) => {
    const section = sectionOf(c.req.param('id') ?? '');
    if (!section) return notFound(c, page);
    const { settings } = await storedSettings(deps.store);
    return settingsForm(c, page, deps, section, sectionValue(settings, section), [], 200);
  });

  router.post(
    '/agents/:id',
    async (c, page) => {
      const section = sectionOf(c.req.param('id') ?? '');
      if (!section) return notFound(c, page);
      const form = await c.req.parseBody();
      const { schema, prefix } = sectionSchema(section);
      const { value, problems } = readSchemaForm(page, schema, form, prefix);
      if (problems.length > 0) return settingsForm(c, page, deps, section, value, problems, 400);
      const { settings } = await storedSettings(deps.store);
      const next =
        section === GENERAL
          ? { ...settings, ...(value as Record<string, unknown>) }
          : { ...settings, [section]: value };
      try {
        await saveAgentSettings(deps.store, next, page.actor, deps.now());
      } catch (error) {
        if (error instanceof AgentSettingsError) {
          return settingsForm(c, page, deps, section, value, error.problems, 400);
        }
        throw error;
      }
      return c.redirect(`/agents/${section}?notice=settingsSaved`, 303);
    },
    'admin',
  );

  router.post(
    '/agents/:id/toggle',
    async (c, page) => {
      const id = c.req.param('id') ?? '';
      if (!(AGENT_IDS as readonly string[]).includes(id)) return notFound(c, page);
      const agent = id as AgentId;
      const form = await c.req.parseBody();
      const { settings } = await storedSettings(deps.store);
      const enabled = form.enabled === 'true';
      try {
        await saveAgentSettings(
          deps.store,
          { ...settings, [agent]: { ...settings[agent], enabled } },
          page.actor,
          deps.now(),
        );
      } catch (error) {
        if (error instanceof AgentSettingsError)
          return c.redirect('/agents?notice=settingsRejected&kind=error', 303);
        throw error;
      }
      return c.redirect(`/agents?notice=${enabled ? 'agentTurnedOn' : 'agentTurnedOff'}#agent-${agent}`, 303);
    },
    'admin',
  );
}
