import type { RunFilter, RunRecord, RunStatus, StepRecord } from '../../store/port.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { html } from '../html.ts';
import { decodeKeyset, keysetPage } from '../keyset-cursor.ts';
import { notFound } from '../not-found-page.ts';
import type { PageContext } from '../page-context.ts';
import { actionButton, pager, renderPage, table } from '../page-layout.ts';
import { printableJson } from '../printable-json.ts';
import { runStatusBadge } from '../status-badge.ts';
import { storedSettings } from '../stored-settings.ts';

const PAGE_SIZE = 50;
const STATUSES: readonly RunStatus[] = ['queued', 'running', 'sleeping', 'completed', 'dead', 'cancelled'];
const CANCELLABLE: readonly RunStatus[] = ['queued', 'running', 'sleeping'];
const WORKFLOW_ID = /^[A-Za-z0-9._:@-]{1,200}$/;

function runDuration(page: PageContext, run: RunRecord): string {
  if (run.startedAt === null) return '';
  const end = run.finishedAt ?? (run.status === 'running' ? null : run.updatedAt);
  return end === null ? '' : page.duration(Math.max(0, end - run.startedAt));
}

/**
 * One step of the timeline: when it started relative to the run, how long it took, and where its bar goes (as a
 * share of the whole run), so slow steps stand out.
 */
function timeline(page: PageContext, run: RunRecord, steps: readonly StepRecord[]) {
  // Steps of one attempt often start within the same millisecond: then the one that finished first came first.
  const rank: Record<StepRecord['status'], number> = { completed: 0, sleeping: 1, failed: 2 };
  const ordered = [...steps].sort(
    (a, b) =>
      a.startedAt - b.startedAt ||
      (a.finishedAt ?? Number.POSITIVE_INFINITY) - (b.finishedAt ?? Number.POSITIVE_INFINITY) ||
      rank[a.status] - rank[b.status],
  );
  const origin = Math.min(
    run.startedAt ?? Number.POSITIVE_INFINITY,
    ...ordered.map((step) => step.startedAt),
  );
  const ends = ordered.map((step) => step.finishedAt ?? step.startedAt + (step.durationMs ?? 0));
  const span = Math.max(1, ...ends.map((end) => end - origin));
  return ordered.map((step, index) => {
    // A bar is at least 0.5 % wide, so an instant step still shows where it happened.
    const width = Math.max(0.5, (((ends[index] ?? step.startedAt) - step.startedAt) / span) * 100);
    const left = Math.min(((step.startedAt - origin) / span) * 100, 100 - width);
    const duration = step.durationMs ?? (step.finishedAt === null ? null : step.finishedAt - step.startedAt);
    const detail =
      step.status === 'failed'
        ? html`<details open><summary>${page.t('stepError')}</summary><pre class="code error">${printableJson(step.error)}</pre></details>`
        : step.status === 'sleeping'
          ? html`<p class="muted">${page.t('stepSleepsUntil', { at: step.wakeAt === null ? '—' : page.dateTime(step.wakeAt) })}</p>`
          : html`<details><summary>${page.t('stepOutput')}</summary><pre class="code">${printableJson(step.output)}</pre></details>`;
    return html`<li class="step s-${step.status}" data-step-id="${step.stepId}">
<div class="step-head"><code>${step.stepId}</code> <span class="badge s-${step.status}">${page.t(`stepStatus_${step.status}`)}</span>
<span class="muted" title="${page.dateTime(step.startedAt)}">${page.t('stepOffset', {
      offset: page.duration(Math.max(0, step.startedAt - origin)),
    })} · ${duration === null ? '—' : page.duration(duration)} · ${page.t('stepAttempt', { attempt: step.attempt + 1 })}</span></div>
<div class="bar-track"><span class="bar" style="margin-left:${left.toFixed(2)}%;width:${width.toFixed(2)}%"></span></div>
${detail}
</li>`;
  });
}

/**
 * The runs pages: `GET /runs` (by status and workflow, newest first, keyset pagination), `GET /runs/:id` (the
 * step timeline with outputs, errors and durations, the run's input and output), and the operator actions
 * `POST /runs/:id/replay` (whole, or from the failed step) and `POST /runs/:id/cancel`.
 *
 * @example
 * import { runsPages } from './runs-pages.ts';
 * runsPages(router, deps);
 */
export function runsPages(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/runs', async (c, page) => {
    const statusQuery = c.req.query('status') ?? '';
    const status = STATUSES.find((candidate) => candidate === statusQuery);
    const workflowQuery = (c.req.query('workflow') ?? '').trim();
    const workflow = WORKFLOW_ID.test(workflowQuery) ? workflowQuery : '';
    const cursor = decodeKeyset(c.req.query('cursor'));
    const filter: RunFilter = { limit: PAGE_SIZE + 1 };
    if (status) filter.status = status;
    if (workflow) filter.workflowId = workflow;
    if (cursor) filter.before = { createdAt: cursor.at, id: cursor.id };
    const { rows, next } = keysetPage(await deps.store.listRuns(filter), PAGE_SIZE, (run) => ({
      at: run.createdAt,
      id: run.id,
    }));

    const { settings } = await storedSettings(deps.store);
    const known = deps.agents.flatMap((agent) => {
      try {
        return agent.workflows(settings).map((definition) => definition.id);
      } catch {
        return [];
      }
    });
    const filters = html`<form class="filters" method="get" action="/runs" role="search">
<label>${page.t('colStatus')} <select name="status"><option value="">${page.t('filterAny')}</option>${STATUSES.map(
      (option) =>
        html`<option value="${option}"${option === status ? html` selected` : ''}>${page.t(`runStatus_${option}`)}</option>`,
    )}</select></label>
<label>${page.t('colWorkflow')} <input type="text" name="workflow" list="workflow-ids" value="${workflow}"></label>
<datalist id="workflow-ids">${known.map((id) => html`<option value="${id}">`)}</datalist>
<button type="submit">${page.t('filterApply')}</button> <a href="/runs">${page.t('filterClear')}</a>
</form>`;

    const runRows = rows.map(
      (run) => html`<tr data-run-id="${run.id}">
<td><a href="/runs/${encodeURIComponent(run.id)}">${page.dateTime(run.createdAt)}</a></td>
<td><code>${run.workflowId}</code></td>
<td>${runStatusBadge(page, run.status)}</td>
<td class="num">${page.number(run.attempt)}/${page.number(run.maxAttempts)}</td>
<td>${run.eventId ? html`<a href="/events/${encodeURIComponent(run.eventId)}">${page.t('viewEvent')}</a>` : html`<span class="muted">${page.t('scheduledRun')}</span>`}</td>
<td class="num">${runDuration(page, run)}</td>
<td class="error-cell">${run.error?.message ?? ''}</td>
</tr>`,
    );
    const body = html`${filters}
${table(
  page,
  [
    page.t('colCreated'),
    page.t('colWorkflow'),
    page.t('colStatus'),
    page.t('colAttempts'),
    page.t('colEvent'),
    page.t('colDuration'),
    page.t('colError'),
  ],
  runRows,
  { id: 'runs' },
)}
${pager(page, next)}`;
    return c.body(renderPage(page, { title: page.t('navRuns'), section: 'runs', body }), 200, {
      ...DASHBOARD_HEADERS,
    });
  });

  router.get('/runs/:id', async (c, page) => {
    const run = await deps.store.getRun(c.req.param('id') ?? '');
    if (!run) return notFound(c, page);
    const steps = await deps.store.getSteps(run.id);
    const path = `/runs/${encodeURIComponent(run.id)}`;
    const actions = page.can('operator')
      ? html`<div class="actions">${actionButton(page, `${path}/replay`, page.t('replayWhole'), {
          confirm: page.t('confirmReplayRun'),
          fields: { mode: 'whole' },
          testId: 'replay-run',
        })} ${actionButton(page, `${path}/replay`, page.t('replayFailed'), {
          fields: { mode: 'failed' },
          testId: 'replay-run-failed',
        })} ${
          CANCELLABLE.includes(run.status)
            ? actionButton(page, `${path}/cancel`, page.t('cancelRun'), {
                confirm: page.t('confirmCancelRun'),
                danger: true,
                testId: 'cancel-run',
              })
            : ''
        }</div>`
      : '';
    const facts: [string, ReturnType<typeof html> | string][] = [
      [page.t('colWorkflow'), run.workflowId],
      [page.t('colStatus'), runStatusBadge(page, run.status)],
      [page.t('colAttempts'), `${page.number(run.attempt)}/${page.number(run.maxAttempts)}`],
      [
        page.t('colEvent'),
        run.eventId ? html`<a href="/events/${encodeURIComponent(run.eventId)}">${run.eventId}</a>` : '—',
      ],
      [page.t('colCreated'), page.dateTime(run.createdAt)],
      [page.t('colStarted'), run.startedAt === null ? '—' : page.dateTime(run.startedAt)],
      [page.t('colFinished'), run.finishedAt === null ? '—' : page.dateTime(run.finishedAt)],
      [page.t('colDuration'), runDuration(page, run) || '—'],
      [page.t('colDue'), page.dateTime(run.dueAt)],
    ];
    const body = html`<p><code data-testid="run-id">${run.id}</code></p>
<dl class="facts">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
${actions}
${run.error ? html`<section><h2>${page.t('runError')}</h2><pre class="code error" role="alert">${printableJson(run.error)}</pre></section>` : ''}
<section><h2>${page.t('runTimeline')}</h2>${
      steps.length === 0
        ? html`<p class="empty">${page.t('runNoSteps')}</p>`
        : html`<ol class="timeline" id="timeline">${timeline(page, run, steps)}</ol>`
    }</section>
<section class="grid-2"><div><h2>${page.t('runInput')}</h2><pre class="code">${printableJson(run.input)}</pre></div>
<div><h2>${page.t('runOutput')}</h2><pre class="code" data-testid="run-output">${printableJson(run.output)}</pre></div></section>`;
    return c.body(renderPage(page, { title: page.t('runTitle'), section: 'runs', body }), 200, {
      ...DASHBOARD_HEADERS,
    });
  });

  router.post(
    '/runs/:id/replay',
    async (c, page) => {
      const run = await deps.store.getRun(c.req.param('id') ?? '');
      if (!run) return notFound(c, page);
      const form = await c.req.parseBody();
      const mode = form.mode === 'failed' ? 'failed' : 'whole';
      const done = deps.engine
        ? await deps.engine.replay(run.id, mode)
        : await deps.store.replayRun(run.id, mode, deps.now());
      await deps.store.appendAudit(
        { actor: page.actor, action: 'run.replay', target: run.id, details: { mode, done } },
        deps.now(),
      );
      const notice = done ? 'runReplayed' : 'runNotReplayed&kind=error';
      return c.redirect(`/runs/${encodeURIComponent(run.id)}?notice=${notice}`, 303);
    },
    'operator',
  );

  router.post(
    '/runs/:id/cancel',
    async (c, page) => {
      const run = await deps.store.getRun(c.req.param('id') ?? '');
      if (!run) return notFound(c, page);
      const done = deps.engine
        ? await deps.engine.cancel(run.id)
        : await deps.store.cancelRun(run.id, deps.now());
      await deps.store.appendAudit(
        { actor: page.actor, action: 'run.cancel', target: run.id, details: { done } },
        deps.now(),
      );
      const notice = done ? 'runCancelled' : 'runNotCancelled&kind=error';
      return c.redirect(`/runs/${encodeURIComponent(run.id)}?notice=${notice}`, 303);
    },
    'operator',
  );
}
