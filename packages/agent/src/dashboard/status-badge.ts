import type { ApprovalStatus } from '../store/access/approvals-repo.ts';
import type { RunStatus } from '../store/port.ts';
import { html, type SafeHtml } from './html.ts';
import type { PageContext } from './page-context.ts';

/**
 * A run's status as a coloured label in the reader's language.
 *
 * @example
 * import { runStatusBadge } from './status-badge.ts';
 * runStatusBadge(page, 'dead'); // <span class="badge s-dead">Falhou</span>
 */
export function runStatusBadge(page: PageContext, status: RunStatus): SafeHtml {
  return html`<span class="badge s-${status}">${page.t(`runStatus_${status}`)}</span>`;
}

/**
 * An approval's status as a coloured label in the reader's language.
 *
 * @example
 * import { approvalStatusBadge } from './status-badge.ts';
 * approvalStatusBadge(page, 'executed'); // <span class="badge s-executed">Executada</span>
 */
export function approvalStatusBadge(page: PageContext, status: ApprovalStatus): SafeHtml {
  return html`<span class="badge s-${status}">${page.t(`approvalStatus_${status}`)}</span>`;
}
