import { type ApprovalDecisionDeps, approveMcpCall, rejectMcpCall } from '../../mcp/mcp-approvals.ts';
import { type ApprovalRecord, createApprovalsRepo } from '../../store/access/approvals-repo.ts';
import type { ResolvedDashboardDeps } from '../dashboard-deps.ts';
import { DASHBOARD_HEADERS, type DashboardRouter } from '../dashboard-router.ts';
import { html } from '../html.ts';
import { positiveInteger } from '../keyset-cursor.ts';
import type { PageContext } from '../page-context.ts';
import { actionButton, csrfField, pager, renderPage, table } from '../page-layout.ts';
import { printableJson } from '../printable-json.ts';
import { approvalStatusBadge } from '../status-badge.ts';

const PAGE_SIZE = 50;
const DECIDED = ['approved', 'executed', 'failed', 'rejected', 'expired'] as const;

function callCell(page: PageContext, approval: ApprovalRecord) {
  return html`<code>${approval.actionId}</code>${approval.connectionId ? html` · <code>${approval.connectionId}</code>` : ''}
<details><summary>${page.t('approvalInput')}</summary><pre class="code">${printableJson(approval.input)}</pre></details>
${approval.preview === null || approval.preview === undefined ? '' : html`<details><summary>${page.t('approvalPreview')}</summary><pre class="code">${printableJson(approval.preview)}</pre></details>`}`;
}

/**
 * The approvals queue (`GET /approvals`): MCP write calls waiting for a person, with what they would do, and the
 * decided ones below. Operators approve (`POST /approvals/:id/approve`: the call runs at once through the same
 * path as MCP, `approveMcpCall`, and its result or error is kept) or reject (`POST /approvals/:id/reject`, with an
 * optional reason). Decisions are conditional, so two people clicking at once can't run a call twice; every
 * decision is audited.
 *
 * @example
 * import { approvalsPage } from './approvals-page.ts';
 * approvalsPage(router, deps);
 */
export function approvalsPage(router: DashboardRouter, deps: ResolvedDashboardDeps): void {
  const approvals = createApprovalsRepo(deps.store);
  const decisionDeps: ApprovalDecisionDeps = {
    store: deps.store,
    registry: deps.registry,
    approvals,
    now: deps.now,
    logger: deps.logger,
    fetch: deps.fetch,
    services: { ...deps.services, store: deps.store },
  };

  router.get('/approvals', async (c, page) => {
    const now = deps.now();
    const before = positiveInteger(c.req.query('before'));
    const [pending, decidedFetched] = await Promise.all([
      approvals.listPending({ now, limit: 200 }),
      approvals.list({
        status: DECIDED,
        limit: PAGE_SIZE + 1,
        ...(before === null ? {} : { beforeId: before }),
      }),
    ]);
    const decided = decidedFetched.slice(0, PAGE_SIZE);
    const next = decidedFetched.length > PAGE_SIZE ? String(decided.at(-1)?.id ?? '') : null;
    const canDecide = page.can('operator');

    const pendingRows = pending.map(
      (approval) => html`<tr data-approval-id="${approval.id}">
<td class="num">#${approval.id}</td>
<td>${page.dateTime(approval.requestedAt)}<br><span class="muted">${approval.requestedBy}</span></td>
<td>${callCell(page, approval)}</td>
<td>${page.dateTime(approval.expiresAt)}</td>
<td><div class="actions">${
        canDecide
          ? html`${actionButton(page, `/approvals/${approval.id}/approve`, page.t('approve'), {
              confirm: page.t('confirmApprove', { action: approval.actionId }),
              testId: `approve-${approval.id}`,
            })}
<form class="inline" method="post" action="/approvals/${approval.id}/reject">${csrfField(page)}<input type="text" name="reason" maxlength="500" placeholder="${page.t(
              'rejectReason',
            )}" aria-label="${page.t('rejectReason')}"><button type="submit" class="danger" data-testid="reject-${approval.id}">${page.t('reject')}</button></form>`
          : ''
      }</div></td></tr>`,
    );
    const decidedRows = decided.map((approval) => {
      const outcome =
        approval.status === 'executed'
          ? html`<details><summary>${page.t('approvalResult')}</summary><pre class="code">${printableJson(approval.result)}</pre></details>`
          : approval.error !== null && approval.error !== undefined
            ? html`<pre class="code error">${printableJson(approval.error)}</pre>`
            : '';
      return html`<tr data-approval-id="${approval.id}">
<td class="num">#${approval.id}</td>
<td>${callCell(page, approval)}</td>
<td data-testid="approval-status-${approval.id}">${approvalStatusBadge(page, approval.status)}</td>
<td>${approval.decidedAt === null ? '—' : page.dateTime(approval.decidedAt)}<br><span class="muted">${approval.decidedBy ?? ''}</span></td>
<td>${outcome}</td></tr>`;
    });
    const body = html`<p class="intro">${page.t('approvalsIntro')}</p>
<section><h2>${page.t('approvalsPending')}</h2>${table(
      page,
      ['#', page.t('colRequested'), page.t('colCall'), page.t('colExpires'), ''],
      pendingRows,
      { id: 'pending-approvals', empty: page.t('approvalsNonePending') },
    )}</section>
<section><h2>${page.t('approvalsDecided')}</h2>${table(
      page,
      ['#', page.t('colCall'), page.t('colStatus'), page.t('colDecided'), page.t('colOutcome')],
      decidedRows,
      { id: 'decided-approvals' },
    )}${pager(page, next, 'before')}</section>`;
    return c.body(renderPage(page, { title: page.t('navApprovals'), section: 'approvals', body }), 200, {
      ...DASHBOARD_HEADERS,
    });
  });

  router.post(
    '/approvals/:id/approve',
    async (c, page) => {
      const id = positiveInteger(c.req.param('id') ?? '');
      const result =
        id === null ? { outcome: 'not_found' as const } : await approveMcpCall(decisionDeps, id, page.actor);
      const notices = {
        executed: 'approvalExecuted',
        failed: 'approvalFailed&kind=error',
        rejected: 'approvalNotPending&kind=error',
        not_pending: 'approvalNotPending&kind=error',
        expired: 'approvalExpired&kind=error',
        not_found: 'approvalNotFound&kind=error',
      } as const;
      return c.redirect(`/approvals?notice=${notices[result.outcome]}`, 303);
    },
    'operator',
  );

  router.post(
    '/approvals/:id/reject',
    async (c, page) => {
      const id = positiveInteger(c.req.param('id') ?? '');
      const form = await c.req.parseBody();
      const reason = typeof form.reason === 'string' ? form.reason.trim().slice(0, 500) : '';
      const result =
        id === null
          ? { outcome: 'not_found' as const }
          : await rejectMcpCall(decisionDeps, id, page.actor, reason || undefined);
      const notices = {
        rejected: 'approvalRejected',
        executed: 'approvalNotPending&kind=error',
        failed: 'approvalNotPending&kind=error',
        not_pending: 'approvalNotPending&kind=error',
        expired: 'approvalExpired&kind=error',
        not_found: 'approvalNotFound&kind=error',
      } as const;
      return c.redirect(`/approvals?notice=${notices[result.outcome]}`, 303);
    },
    'operator',
  );
}
