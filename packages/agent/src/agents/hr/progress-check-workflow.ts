import type { ClubUserItem } from '@hotpilot/hotmart';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import { apiHotmartConnection } from '../hotmart-connection.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import { type CertificateRequest, certificateRunId, requestCertificates } from './certificate-request.ts';
import { completionRequest, learnerOf, watchedClubs } from './student-completion.ts';

// Hotmart's largest page of students (reference §3.2): fewer requests, each step's stored output bounded.
const PAGE_SIZE = 500;

/**
 * What one members area gave in a check.
 *
 * @example
 * import type { ClubCheck } from './progress-check-workflow.ts';
 * const summary = (c: ClubCheck) => `${c.subdomain}: ${c.requested.length} new of ${c.candidates} checked`;
 */
export interface ClubCheck {
  subdomain: string;
  students: number;
  /** Learners whose progress reached the rule and who had no certificate run yet (their lessons were read). */
  candidates: number;
  /** Certificate runs created. */
  requested: string[];
}

/**
 * The HR agent's daily check `hr.progress-check` (cron `hr.schedule`, default 06:00, in the settings' time zone):
 * for each members area the mirror knows (restricted to `hr.productIds`), it pages through the students and, for
 * each learner whose `progress.completed_percentage` reaches `hr.completionPercentage` and who has no certificate
 * yet, reads their lessons and applies the completion rule (`courseCompletion`). Each new completion gets its
 * certificate run (`requestCertificates`), under the id `CLUB_MODULE_COMPLETED` would use too, so the two triggers
 * never certify one completion twice. A check that finds nothing new completes as skipped (no time-saved credit:
 * the certificates earn it).
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { progressCheckWorkflow } from './progress-check-workflow.ts';
 * progressCheckWorkflow(parseAgentSettings({ hr: { enabled: true } })).cron; // { pattern: '0 6 * * *', timeZone: 'America/Sao_Paulo' }
 */
export function progressCheckWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'hr.progress-check',
      description: 'Daily: members-area progress → certificate runs for new course completions.',
      on: { cron: startup.hr.schedule, timeZone: startup.timeZone },
      retries: 3,
      timeout: '15m',
    },
    async ({ step, ctx, run }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const hr = settings.hr;
      if (!hr.enabled) return skippedRun('agent disabled');
      const connectionId = await apiHotmartConnection(context.connections, hr.hotmartConnectionId, null);
      if (connectionId === null) return skippedRun('no Hotmart connection with API credentials');
      const at = run.slot ?? context.now();

      const clubs = await step.run('clubs', () => watchedClubs(context.store, connectionId, hr));
      const checks: ClubCheck[] = [];
      for (const club of clubs) {
        const check: ClubCheck = { subdomain: club.subdomain, students: 0, candidates: 0, requested: [] };
        const requests: CertificateRequest[] = [];
        let pageToken: string | undefined;
        for (let page = 1; ; page++) {
          const students = await callAction<{
            items: ClubUserItem[];
            page_info?: { next_page_token?: string };
          }>(
            ctx,
            step,
            `students:${club.subdomain}:${page}`,
            'hotmart_list_club_students',
            {
              subdomain: club.subdomain,
              max_results: PAGE_SIZE,
              ...(pageToken === undefined ? {} : { page_token: pageToken }),
            },
            connectionId,
          );
          check.students += students.items.length;
          for (const item of students.items) {
            const learner = learnerOf(item);
            // Hotmart's percentage counts the same lessons as the rule (published, non-extra), rounded down: below
            // the rule's share, the lessons needn't be read.
            const percentage = item.progress?.completed_percentage;
            if (!learner || (typeof percentage === 'number' && percentage < hr.completionPercentage))
              continue;
            const runId = certificateRunId({
              connectionId,
              subdomain: club.subdomain,
              userId: learner.userId,
            });
            if (await context.store.getRun(runId)) continue;
            check.candidates += 1;
            const request = await completionRequest(ctx, step, {
              connectionId,
              club,
              learner,
              minPercentage: hr.completionPercentage,
              trigger: 'poll',
              fallbackAt: at,
            });
            if (request) requests.push(request);
          }
          pageToken = students.page_info?.next_page_token;
          if (!pageToken || students.items.length === 0) break;
        }
        check.requested = await step.run(`request-certificates:${club.subdomain}`, () =>
          requestCertificates(context.store, requests, context.now()),
        );
        checks.push(check);
      }
      const requested = checks.flatMap((check) => check.requested);
      const output = {
        connectionId,
        at: new Date(at).toISOString(),
        clubs: checks,
        requested: requested.length,
      };
      return requested.length === 0 ? skippedRun('no new course completions', output) : output;
    },
  );
}
