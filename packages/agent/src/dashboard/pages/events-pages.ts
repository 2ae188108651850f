import { HOTMART_EVENT_NAMES } from '@hotpilot/hotmart/webhooks';
import { addDays, isTimeZone, startOfLocalDay } from '../../store/mirror/reports-time.ts';
import type { EventFilter, EventRecord } from '../../store/port.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { html } from '../html.ts';
import { decodeKeyset, keysetPage } from '../keyset-cursor.ts';
import { notFound } from '../not-found-page.ts';
import type { PageContext } from '../page-context.ts';
import { actionButton, pager, renderPage, table } from '../page-layout.ts';
import { printableJson } from '../printable-json.ts';
import { runStatusBadge } from '../status-badge.ts';

const PAGE_SIZE = 50;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The normalised fields a page shows (`normalizeWebhook` output; absent members are simply missing). */
interface Normalized {
  buyer?: { email?: string; name?: string };
  product?: { id?: string; name?: string };
  amount?: { value?: number; currency?: string };
  status?: string;
}

function normalizedOf(event: EventRecord): Normalized {
  return (event.normalized ?? {}) as Normalized;
}

// An event's amount as the reader writes money (kit/i18n), or an empty cell.
function eventAmount(page: PageContext, event: EventRecord): string {
  const amount = normalizedOf(event).amount;
  if (typeof amount?.value !== 'number' || typeof amount.currency !== 'string') return '';
  return page.money(amount.value, amount.currency);
}

function dateRange(
  page: PageContext,
  from: string,
  to: string,
): { start: number | null; end: number | null } {
  const valid = (date: string) => LOCAL_DATE.test(date) && !Number.isNaN(Date.parse(`${date}T00:00:00Z`));
  const zone = isTimeZone(page.timeZone) ? page.timeZone : 'UTC';
  return {
    start: valid(from) ? startOfLocalDay(from, zone) : null,
    end: valid(to) ? startOfLocalDay(addDays(to, 1), zone) : null,
  };
}

/**
 * The events pages: `GET /events` (filters by event name, buyer e-mail, transaction and dates, newest first with
 * keyset pagination), `GET /events/:id` (normalised fields, the raw payload, its runs) and
 * `POST /events/:id/replay` (operators: queues every run of the event again, whole or from the failed step).
 *
 * @example
 * import { eventsPages } from './events-pages.ts';
 * eventsPages(router, deps);
 */
export function eventsPages(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  router.get('/events', async (c, page) => {
    const query = (name: string) => (c.req.query(name) ?? '').trim().slice(0, 254);
    const name = query('name');
    const buyer = query('buyer').toLowerCase();
    const transaction = query('transaction');
    const from = query('from');
    const to = query('to');
    const { start, end } = dateRange(page, from, to);
    const cursor = decodeKeyset(c.req.query('cursor'));

    const filter: EventFilter = { limit: PAGE_SIZE + 1 };
    if (name) filter.name = name;
    if (buyer) filter.buyerEmail = buyer;
    if (transaction) filter.transaction = transaction;
    if (cursor) filter.before = { receivedAt: cursor.at, id: cursor.id };
    else if (end !== null) filter.before = { receivedAt: end, id: '' };
    const fetched = await deps.store.listEvents(filter);
    // The store pages by time from the newest; the lower date bound cuts the list (and ends the pagination).
    const inRange = start === null ? fetched : fetched.filter((event) => event.receivedAt >= start);
    const { rows, next } = keysetPage(inRange, PAGE_SIZE, (event) => ({
      at: event.receivedAt,
      id: event.id,
    }));
    const runCounts = await Promise.all(
      rows.map(async (event) => (await deps.store.listRuns({ eventId: event.id, limit: 1000 })).length),
    );

    const names = [...HOTMART_EVENT_NAMES].sort();
    const filters = html`<form class="filters" method="get" action="/events" role="search">
<label>${page.t('colEvent')} <select name="name"><option value="">${page.t('filterAny')}</option>${names.map(
      (option) => html`<option value="${option}"${option === name ? html` selected` : ''}>${option}</option>`,
    )}</select></label>
<label>${page.t('colBuyer')} <input type="email" name="buyer" value="${buyer}" placeholder="ana@example.com"></label>
<label>${page.t('colTransaction')} <input type="text" name="transaction" value="${transaction}" placeholder="HP…"></label>
<label>${page.t('filterFrom')} <input type="date" name="from" value="${from}"></label>
<label>${page.t('filterTo')} <input type="date" name="to" value="${to}"></label>
<button type="submit">${page.t('filterApply')}</button> <a href="/events">${page.t('filterClear')}</a>
</form>`;

    const tableRows = rows.map((event, index) => {
      const normalized = normalizedOf(event);
      return html`<tr data-event-id="${event.id}">
<td><a href="/events/${encodeURIComponent(event.id)}">${page.dateTime(event.receivedAt)}</a></td>
<td><code>${event.name}</code>${event.reconciled ? html` <span class="badge">${page.t('reconciled')}</span>` : ''}</td>
<td class="buyer">${normalized.buyer?.name ?? ''}${normalized.buyer?.name && event.buyerEmail ? html`<br>` : ''}<span class="muted">${event.buyerEmail ?? ''}</span></td>
<td><code>${event.transaction ?? ''}</code></td>
<td>${normalized.product?.name ?? event.productId ?? ''}</td>
<td class="num">${eventAmount(page, event)}</td>
<td class="num" data-testid="run-count">${page.number(runCounts[index] ?? 0)}</td>
</tr>`;
    });

    const body = html`${filters}
${table(
  page,
  [
    page.t('colReceived'),
    page.t('colEvent'),
    page.t('colBuyer'),
    page.t('colTransaction'),
    page.t('colProduct'),
    page.t('colAmount'),
    page.t('colRuns'),
  ],
  tableRows,
  { id: 'events' },
)}
${pager(page, next)}`;
    return c.body(renderPage(page, { title: page.t('navEvents'), section: 'events', body }), 200, {
      ...DASHBOARD_HEADERS,
    });
  });

  router.get('/events/:id', async (c, page) => {
    const event = await deps.store.getEvent(c.req.param('id') ?? '');
    if (!event) return notFound(c, page);
    const runs = await deps.store.listRuns({ eventId: event.id, limit: 1000 });
    const normalized = normalizedOf(event);
    const facts: [string, string][] = [
      [page.t('colEvent'), event.name],
      [page.t('colVersion'), event.version],
      [page.t('colConnection'), event.connectionId],
      [page.t('colOccurred'), page.dateTime(event.occurredAt)],
      [page.t('colReceived'), page.dateTime(event.receivedAt)],
      [page.t('colTransaction'), event.transaction ?? '—'],
      [page.t('colBuyer'), [normalized.buyer?.name, event.buyerEmail].filter(Boolean).join(' · ') || '—'],
      [page.t('colProduct'), [normalized.product?.name, event.productId].filter(Boolean).join(' · ') || '—'],
      [page.t('colAmount'), eventAmount(page, event) || '—'],
      [page.t('colSubscriber'), event.subscriberCode ?? '—'],
    ];
    const replay = page.can('operator')
      ? html`<div class="actions">${actionButton(
          page,
          `/events/${encodeURIComponent(event.id)}/replay`,
          page.t('replayWhole'),
          {
            confirm: page.t('confirmReplayEvent'),
            fields: { mode: 'whole' },
            testId: 'replay-event',
          },
        )} ${actionButton(page, `/events/${encodeURIComponent(event.id)}/replay`, page.t('replayFailed'), {
          fields: { mode: 'failed' },
        })}</div>`
      : '';
    const runRows = runs.map(
      (run) => html`<tr><td><a href="/runs/${encodeURIComponent(run.id)}">${run.workflowId}</a></td>
<td>${runStatusBadge(page, run.status)}</td><td class="num">${page.number(run.attempt)}/${page.number(run.maxAttempts)}</td>
<td>${page.dateTime(run.updatedAt)}</td></tr>`,
    );
    const body = html`<dl class="facts">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>
${replay}
<section><h2>${page.t('eventRuns')}</h2>${table(
      page,
      [page.t('colWorkflow'), page.t('colStatus'), page.t('colAttempts'), page.t('colUpdated')],
      runRows,
      { id: 'event-runs', empty: page.t('eventNoRuns') },
    )}</section>
<section><h2>${page.t('eventPayload')}</h2><pre class="code" id="payload" data-testid="payload">${printableJson(event.payload)}</pre></section>
<details><summary>${page.t('eventNormalized')}</summary><pre class="code">${printableJson(event.normalized)}</pre></details>`;
    return c.body(renderPage(page, { title: event.name, section: 'events', body }), 200, {
      ...DASHBOARD_HEADERS,
    });
  });

  router.post(
    '/events/:id/replay',
    async (c, page) => {
      const event = await deps.store.getEvent(c.req.param('id') ?? '');
      if (!event) return notFound(c, page);
      const form = await c.req.parseBody();
      const mode = form.mode === 'failed' ? 'failed' : 'whole';
      const runs = await deps.store.listRuns({ eventId: event.id, limit: 1000 });
      const replayed: string[] = [];
      const skipped: string[] = [];
      for (const run of runs) {
        const done = deps.engine
          ? await deps.engine.replay(run.id, mode)
          : await deps.store.replayRun(run.id, mode, deps.now());
        (done ? replayed : skipped).push(run.id);
      }
      await deps.store.appendAudit(
        { actor: page.actor, action: 'event.replay', target: event.id, details: { mode, replayed, skipped } },
        deps.now(),
      );
      deps.logger.info(
        { event: event.id, mode, replayed: replayed.length },
        'event replayed from the dashboard',
      );
      const notice = replayed.length > 0 ? 'eventReplayed' : 'eventReplayNone';
      return c.redirect(`/events/${encodeURIComponent(event.id)}?notice=${notice}`, 303);
    },
    'operator',
  );
}
