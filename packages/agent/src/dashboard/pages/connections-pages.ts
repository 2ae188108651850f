import type { Context } from 'hono';
import { z } from 'zod';
import { testConnection } from '../../connectors/invoke.ts';
import type { AnyConnector } from '../../connectors/kit.ts';
import { readCheckpoint } from '../../mirror/sync-checkpoint.ts';
import { connectionView } from '../../server/api/connections-routes.ts';
import type { AuthEnv } from '../../server/auth/principal.ts';
import { isStoreError } from '../../store/errors.ts';
import { createMirrorRepo } from '../../store/mirror/mirror-repo.ts';
import type { ConnectionRecord } from '../../store/port.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { html, type SafeHtml } from '../html.ts';
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
import type { SyncJobs } from '../sync-jobs.ts';

// The same rules as the REST API (`server/api/connections-routes.ts`): the id appears in the webhook URL.
const CONNECTION_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const HOTTOK = /^\S{1,200}$/;

function webhookUrl(deps: ResolvedDashboardDeps, page: PageContext, id: string): string {
  const base = (deps.publicUrl ?? page.url.origin).replace(/\/+$/, '');
  return `${base}/webhooks/hotmart/${encodeURIComponent(id)}`;
}

function schemaOf(schema: z.ZodType): JsonSchemaNode {
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  } catch {
    return { type: 'object' };
  }
}

function connectorTitle(deps: ResolvedDashboardDeps, kind: string): string {
  return deps.registry.connector(kind)?.title ?? kind;
}

function html200(c: Context, document: string, status: 200 | 400 | 404 | 409 = 200): Response {
  return c.body(document, status, { ...DASHBOARD_HEADERS });
}

/** What the list shows under a Hotmart connection: the mirror's size, the last sync and a "sync now" panel. */
async function mirrorCell(
  page: PageContext,
  deps: ResolvedDashboardDeps,
  record: ConnectionRecord,
): Promise<SafeHtml> {
  if (record.kind !== 'hotmart') return html``;
  const [counts, sales] = await Promise.all([
    createMirrorRepo(deps.store).counts(record.id),
    readCheckpoint(deps.store, record.id, 'sales'),
  ]);
  const sync = page.can('operator')
    ? actionButton(page, `/connections/${encodeURIComponent(record.id)}/sync`, page.t('syncNow'), {
        testId: `sync-${record.id}`,
      })
    : '';
  return html`<div class="mirror">${page.t('mirrorCounts', { sales: counts.sales, subscriptions: counts.subscriptions })}<br>
<span class="muted">${sales ? page.t('mirrorSyncedUntil', { at: page.dateTime(sales.until) }) : page.t('mirrorNeverSynced')}</span>
${sync}
<div class="sync-progress" data-poll-url="/dashboard/data/sync/${encodeURIComponent(record.id)}.json" data-label-running="${page.t(
    'syncRunning',
  )}" data-label-done="${page.t('syncDone')}" data-label-failed="${page.t('syncFailed')}" aria-live="polite"></div></div>`;
}

async function listPage(
  c: Context<AuthEnv>,
  page: PageContext,
  deps: ResolvedDashboardDeps,
  notice?: { kind: 'info' | 'error'; text: string; detail?: SafeHtml },
): Promise<Response> {
  const records = await deps.store.listConnections();
  const rows = await Promise.all(
    records.map(async (record) => {
      const view = connectionView(record, deps.publicUrl ?? page.url.origin);
      const path = `/connections/${encodeURIComponent(record.id)}`;
      const actions = [
        page.can('operator')
          ? actionButton(page, `${path}/test`, page.t('testConnection'), { testId: `test-${record.id}` })
          : '',
        page.can('admin') && record.kind === 'hotmart'
          ? html`<a class="button" href="${path}/rotate" data-testid="rotate-${record.id}">${page.t('rotateHottok')}</a>`
          : '',
      ];
      return html`<tr id="conn-${record.id}" data-connection="${record.id}">
<td><code>${view.id}</code><br>${view.name}</td>
<td>${connectorTitle(deps, view.kind)}</td>
<td>${view.credentials.set ? view.credentials.fields.map((field) => html`<code>${field}</code> `) : html`<span class="muted">${page.t('credentialsNotSet')}</span>`}
${record.kind === 'hotmart' ? html`<br><span class="muted">${page.t('hottokCount', { count: view.hottoks })}</span>` : ''}</td>
<td>${view.webhookUrl ? html`<code class="url">${view.webhookUrl}</code>` : '—'}</td>
<td>${await mirrorCell(page, deps, record)}</td>
<td><div class="actions">${actions}</div></td>
</tr>`;
    }),
  );
  const body = html`${notice ? html`<div class="notice ${notice.kind}" role="${notice.kind === 'error' ? 'alert' : 'status'}" data-testid="connection-notice"><p>${notice.text}</p>${notice.detail ?? ''}</div>` : ''}
${page.can('admin') ? html`<p><a class="button" href="/connections/new" data-testid="add-connection">${page.t('addConnection')}</a></p>` : ''}
${table(
  page,
  [
    page.t('colConnection'),
    page.t('colKind'),
    page.t('colCredentials'),
    page.t('colWebhookUrl'),
    page.t('colMirror'),
    '',
  ],
  rows,
  { id: 'connections', empty: page.t('connectionsNone') },
)}`;
  return html200(
    c,
    renderPage(page, {
      title: page.t('navConnections'),
      section: 'connections',
      body,
      ...(notice ? { notice: null } : {}),
    }),
  );
}

interface NewConnectionValues {
  id: string;
  name: string;
  hottok: string;
  settings: unknown;
}

function newConnectionForm(
  c: Context<AuthEnv>,
  page: PageContext,
  connector: AnyConnector,
  values: NewConnectionValues,
  problems: readonly FormProblem[],
): Response {
  const errors = problemsByPath(problems);
  const fieldErrors = (path: string) =>
    (errors.get(path) ?? []).map(
      (message) => html`<small class="field-error" role="alert">${message}</small>`,
    );
  const body = html`<p class="intro">${connector.description}</p>
${problems.length > 0 ? html`<div class="notice error" role="alert"><p>${page.t('connectionInvalid')}</p><ul>${problems.map((p) => html`<li><code>${p.path}</code>: ${p.message}</li>`)}</ul></div>` : ''}
<form method="post" action="/connections" class="settings" id="connection-form">${csrfField(page)}
<input type="hidden" name="kind" value="${connector.id}">
<div class="field"><label for="f-id">${page.t('connectionId')}</label><input id="f-id" name="id" required pattern="[a-z0-9][a-z0-9_\\-]{0,62}" value="${values.id}">
<small class="help">${page.t('connectionIdHelp')}</small>${fieldErrors('id')}</div>
<div class="field"><label for="f-name">${page.t('connectionName')}</label><input id="f-name" name="name" required maxlength="200" value="${values.name}">${fieldErrors('name')}</div>
${
  connector.id === 'hotmart'
    ? html`<div class="field"><label for="f-hottok">Hottok</label><input id="f-hottok" name="hottok" type="password" autocomplete="off" required value="">
<small class="help">${page.t('hottokHelp')}</small>${fieldErrors('hottok')}</div>`
    : ''
}
<fieldset><legend>${page.t('credentials')}</legend><p class="muted">${page.t('credentialsHelp')}</p>
${renderSchemaFields(page, schemaOf(connector.credentials), undefined, { prefix: 'credentials', errors, secret: true })}</fieldset>
<fieldset><legend>${page.t('connectionSettings')}</legend>
${renderSchemaFields(page, schemaOf(connector.settings), values.settings, { prefix: 'settings', errors })}</fieldset>
<button type="submit" data-testid="create-connection">${page.t('create')}</button> <a href="/connections">${page.t('back')}</a>
</form>`;
  return html200(
    c,
    renderPage(page, {
      title: page.t('addConnectionOf', { connector: connector.title }),
      section: 'connections',
      body,
      notice: null,
    }),
    problems.length > 0 ? 400 : 200,
  );
}

const issuesOf = (root: string, error: z.ZodError): FormProblem[] =>
  error.issues.map((issue) => ({
    path: [root, ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));

/**
 * The connections pages: `GET /connections` (every connection without secrets, the webhook URL of Hotmart ones,
 * the mirror's state and a sync with live progress), `GET /connections/new` and `POST /connections` (admins: a
 * form built from the connector's credential and settings schemas; secrets are never written back into a page),
 * `POST /connections/:id/test` (operators), `GET`/`POST /connections/:id/rotate` (admins: a new hottok, the old
 * one kept during the change, and the webhook URL to paste into Hotmart) and `POST /connections/:id/sync`.
 *
 * @example
 * import { connectionsPages } from './connections-pages.ts';
 * connectionsPages(router, deps, syncJobs);
 */
export function connectionsPages(
  router: DashboardRouter,
  deps: ResolvedDashboardDeps,
  syncJobs: SyncJobs,
): void {
  router.get('/connections', (c, page) => listPage(c, page, deps));

  router.get(
    '/connections/new',
    (c, page) => {
      const connector = deps.registry.connector(c.req.query('kind') ?? '');
      if (connector)
        return newConnectionForm(c, page, connector, { id: '', name: '', hottok: '', settings: {} }, []);
      const body = html`<p class="intro">${page.t('chooseConnector')}</p><ul class="connectors">${deps.registry.connectors.map(
        (option) =>
          html`<li><a href="/connections/new?kind=${encodeURIComponent(option.id)}" data-testid="connector-${option.id}"><strong>${option.title}</strong></a><br><span class="muted">${option.description}</span></li>`,
      )}</ul>`;
      return html200(c, renderPage(page, { title: page.t('addConnection'), section: 'connections', body }));
    },
    'admin',
  );

  router.post(
    '/connections',
    async (c, page) => {
      const form = await c.req.parseBody();
      const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
      const connector = deps.registry.connector(text('kind'));
      if (!connector) return notFound(c, page);
      const values: NewConnectionValues = {
        id: text('id').trim(),
        name: text('name').trim(),
        hottok: text('hottok').trim(),
        settings: {},
      };
      const problems: FormProblem[] = [];
      if (!CONNECTION_ID.test(values.id))
        problems.push({ path: 'id', message: page.t('connectionIdInvalid') });
      if (values.name === '' || values.name.length > 200) {
        problems.push({ path: 'name', message: page.t('connectionNameInvalid') });
      }
      if (connector.id === 'hotmart' && !HOTTOK.test(values.hottok)) {
        problems.push({ path: 'hottok', message: page.t('hottokInvalid') });
      }
      const credentialsForm = readSchemaForm(page, schemaOf(connector.credentials), form, 'credentials');
      const settingsForm = readSchemaForm(page, schemaOf(connector.settings), form, 'settings');
      values.settings = settingsForm.value;
      problems.push(...credentialsForm.problems, ...settingsForm.problems);
      const credentials = connector.credentials.safeParse(credentialsForm.value ?? {});
      if (!credentials.success) problems.push(...issuesOf('credentials', credentials.error));
      const settings = connector.settings.safeParse(settingsForm.value ?? {});
      if (!settings.success) problems.push(...issuesOf('settings', settings.error));
      if (problems.length > 0) return newConnectionForm(c, page, connector, values, problems);

      let record: ConnectionRecord;
      try {
        record = await deps.store.createConnection(
          {
            id: values.id,
            kind: connector.id,
            name: values.name,
            hottoks: connector.id === 'hotmart' ? [values.hottok] : [],
            credentials: credentials.data as Record<string, unknown>,
            settings: settings.success ? settings.data : {},
          },
          deps.now(),
        );
      } catch (error) {
        if (isStoreError(error, 'conflict')) {
          return newConnectionForm(c, page, connector, values, [
            { path: 'id', message: page.t('connectionIdTaken') },
          ]);
        }
        throw error;
      }
      deps.connections?.invalidate(record.id);
      await deps.store.appendAudit(
        { actor: page.actor, action: 'connection.create', target: record.id, details: { kind: record.kind } },
        deps.now(),
      );
      return listPage(c, page, deps, {
        kind: 'info',
        text: page.t('connectionCreated', { id: record.id }),
        ...(record.kind === 'hotmart'
          ? {
              detail: html`<p>${page.t('webhookUrlIntro')}</p><p><code class="url" data-testid="webhook-url">${webhookUrl(deps, page, record.id)}</code></p>`,
            }
          : {}),
      });
    },
    'admin',
  );

  router.post(
    '/connections/:id/test',
    async (c, page) => {
      const record = await deps.store.getConnection(c.req.param('id') ?? '');
      if (!record) return notFound(c, page);
      const connector = deps.registry.connector(record.kind);
      if (!connector) {
        return listPage(c, page, deps, {
          kind: 'error',
          text: page.t('unknownConnector', { kind: record.kind }),
        });
      }
      const result = await testConnection(connector, record, {
        logger: deps.logger,
        fetch: deps.fetch,
        now: deps.now,
        signal: AbortSignal.timeout(deps.testTimeoutMs),
        services: { ...deps.services, store: deps.store },
      }).catch((error: unknown) => ({
        ok: false,
        message:
          error instanceof Error && error.name === 'TimeoutError'
            ? page.t('testTimedOut')
            : page.t('testCrashed'),
      }));
      return listPage(c, page, deps, {
        kind: result.ok ? 'info' : 'error',
        text: page.t(result.ok ? 'testPassed' : 'testFailed', { id: record.id }),
        detail: html`<p data-testid="test-message">${result.message}</p>`,
      });
    },
    'operator',
  );

  const rotateForm = (
    c: Context<AuthEnv>,
    page: PageContext,
    record: ConnectionRecord,
    problem: string | null,
  ) => {
    const body = html`<p class="intro">${page.t('rotateIntro')}</p>
${problem ? html`<p class="notice error" role="alert">${problem}</p>` : ''}
<form method="post" action="/connections/${encodeURIComponent(record.id)}/rotate" class="settings">${csrfField(page)}
<div class="field"><label for="f-hottok">${page.t('newHottok')}</label><input id="f-hottok" name="hottok" type="password" autocomplete="off" required></div>
<div class="field check"><label><input type="checkbox" name="keepPrevious" value="true" checked> ${page.t('keepPrevious')}</label>
<small class="help">${page.t('keepPreviousHelp')}</small></div>
<button type="submit" data-testid="rotate-submit">${page.t('rotateHottok')}</button> <a href="/connections">${page.t('back')}</a>
</form>`;
    return html200(
      c,
      renderPage(page, {
        title: page.t('rotateTitle', { id: record.id }),
        section: 'connections',
        body,
        notice: null,
      }),
      problem ? 400 : 200,
    );
  };

  router.get(
    '/connections/:id/rotate',
    async (c, page) => {
      const record = await deps.store.getConnection(c.req.param('id') ?? '');
      if (record?.kind !== 'hotmart') return notFound(c, page);
      return rotateForm(c, page, record, null);
    },
    'admin',
  );

  router.post(
    '/connections/:id/rotate',
    async (c, page) => {
      const record = await deps.store.getConnection(c.req.param('id') ?? '');
      if (record?.kind !== 'hotmart') return notFound(c, page);
      const form = await c.req.parseBody();
      const hottok = typeof form.hottok === 'string' ? form.hottok.trim() : '';
      if (!HOTTOK.test(hottok)) return rotateForm(c, page, record, page.t('hottokInvalid'));
      const keepPrevious = form.keepPrevious === 'true';
      const previous = keepPrevious
        ? record.hottoks.filter((existing) => existing !== hottok).slice(0, 1)
        : [];
      const updated = await deps.store.updateConnection(
        record.id,
        { hottoks: [hottok, ...previous] },
        deps.now(),
      );
      deps.connections?.invalidate(record.id);
      await deps.store.appendAudit(
        {
          actor: page.actor,
          action: 'connection.rotate_hottok',
          target: record.id,
          details: { accepted: updated.hottoks.length, keepPrevious },
        },
        deps.now(),
      );
      return listPage(c, page, deps, {
        kind: 'info',
        text: page.t(keepPrevious ? 'hottokRotatedKept' : 'hottokRotated', { id: record.id }),
        detail: html`<p>${page.t('webhookUrlIntro')}</p><p><code class="url" data-testid="webhook-url">${webhookUrl(deps, page, record.id)}</code></p>`,
      });
    },
    'admin',
  );

  router.post(
    '/connections/:id/sync',
    async (c, page) => {
      const record = await deps.store.getConnection(c.req.param('id') ?? '');
      if (!record) return notFound(c, page);
      const outcome = syncJobs.start(record);
      if (outcome === 'started') {
        await deps.store.appendAudit(
          { actor: page.actor, action: 'mirror.sync', target: record.id, details: {} },
          deps.now(),
        );
      }
      const notice =
        outcome === 'started' || outcome === 'already_running' ? `syncStarted` : `syncNotStarted&kind=error`;
      return c.redirect(`/connections?notice=${notice}#conn-${encodeURIComponent(record.id)}`, 303);
    },
    'operator',
  );
}
