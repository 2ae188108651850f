import type { ClubUserItem } from '@hotpilot/hotmart';
import { defineWorkflow, type WorkflowDefinition } from '../../engine/workflow.ts';
import { createMirrorRepo } from '../../store/mirror/mirror-repo.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import { apiHotmartConnection } from '../hotmart-connection.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { skippedRun } from '../skipped-run.ts';
import { certificateRunId, requestCertificates } from './certificate-request.ts';
import { sameProductId } from './product-id.ts';
import { completionRequest, type Learner, learnerOf, watchedClubs } from './student-completion.ts';

/** The module id of a CLUB_MODULE_COMPLETED payload (`data.module.id`), or null. */
function completedModuleId(payload: unknown): string | null {
  const id = (payload as { data?: { module?: { id?: unknown } } } | null)?.data?.module?.id;
  return typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null;
}

/**
 * The HR agent's workflow `hr.module-completed`, on `CLUB_MODULE_COMPLETED`: the event names the product and the
 * student's e-mail, not the members area nor the user id (reference §6.6), so it finds the product's members area in
 * the mirror, then the student and their finished lessons in the mirror: when the module can't have finished the
 * course by the mirror's count, that's the answer, with no Hotmart call. Otherwise (or when the mirror doesn't know
 * the student: then by e-mail through `hotmart_list_club_students`) it reads their lessons from Hotmart, and when
 * the course is finished creates the certificate run — the same run the daily check would create, so the first
 * trigger issues the certificate and the second finds it there. Events of one student run one at a time.
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { moduleCompletedWorkflow } from './module-completed-workflow.ts';
 * moduleCompletedWorkflow(parseAgentSettings({ hr: { enabled: true } })).events; // ['CLUB_MODULE_COMPLETED']
 */
export function moduleCompletedWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  return defineWorkflow<AgentContext>(
    {
      id: 'hr.module-completed',
      description: 'Module completed → certificate run when it finished the course.',
      on: ['CLUB_MODULE_COMPLETED'],
      filter: (event) => event.buyerEmail !== null && event.productId !== null,
      concurrencyKey: (event) => `${event.connectionId}:${event.buyerEmail}`,
      retries: 5,
      timeout: '2m',
    },
    async ({ event, step, ctx }) => {
      const context = readAgentContext(ctx);
      const settings = await settingsForRun(context.store, startup);
      const hr = settings.hr;
      if (!hr.enabled) return skippedRun('agent disabled');
      const productId = event.productId as string;
      const email = (event.buyerEmail as string).toLowerCase();
      if (hr.productIds.length > 0 && !hr.productIds.some((id) => sameProductId(id, productId))) {
        return skippedRun('course not in hr.productIds', { productId });
      }
      const connectionId = await apiHotmartConnection(
        context.connections,
        hr.hotmartConnectionId,
        event.connectionId,
      );
      if (connectionId === null) return skippedRun('no Hotmart connection with API credentials');

      const clubs = await step.run('clubs', () => watchedClubs(context.store, connectionId, hr, productId));
      if (clubs.length === 0) {
        return skippedRun('members area unknown: sync the mirror’s members areas', { productId });
      }
      const moduleId = completedModuleId(event.payload);
      const repo = createMirrorRepo(context.store);
      const requested: string[] = [];
      const certified: string[] = [];
      const notYet: string[] = [];
      for (const club of clubs) {
        // The mirror first: it knows the student and which lessons they finished, so only a module that may have
        // finished the course costs Hotmart calls (the API allows 500 a minute for everything). The daily check
        // reads the API and catches a completion the mirror missed.
        const outlook =
          moduleId === null
            ? null
            : await step.run(`outlook:${club.subdomain}`, async () => {
                // The module goes into the mirror first (the mirror's own run for this event does the same, whichever
                // comes first). Runs of one student go one at a time, so every earlier module of theirs is counted
                // even when the mirror's runs lag behind under load.
                await repo.recordModuleCompleted(
                  connectionId,
                  club.subdomain,
                  email,
                  moduleId,
                  event.occurredAt,
                );
                return repo.moduleCompletionOutlook(connectionId, club.subdomain, email, moduleId);
              });
        let learner: Learner | null;
        if (outlook !== null) {
          learner = learnerOf({
            user_id: outlook.userId,
            email,
            ...(outlook.name === null ? {} : { name: outlook.name }),
            ...(outlook.role === null ? {} : { role: outlook.role }),
            ...(outlook.locale === null ? {} : { locale: outlook.locale }),
          });
          if (learner && (outlook.doneWithModule * 100) / outlook.lessons < hr.completionPercentage) {
            notYet.push(club.subdomain);
            continue;
          }
        } else {
          const found = await callAction<{ items: ClubUserItem[] }>(
            ctx,
            step,
            `student:${club.subdomain}`,
            'hotmart_list_club_students',
            { subdomain: club.subdomain, email },
            connectionId,
          );
          learner = found.items.map(learnerOf).find((candidate) => candidate?.email === email) ?? null;
        }
        if (!learner) continue;
        const runId = certificateRunId({ connectionId, subdomain: club.subdomain, userId: learner.userId });
        if (await context.store.getRun(runId)) {
          certified.push(runId);
          continue;
        }
        const request = await completionRequest(ctx, step, {
          connectionId,
          club,
          learner,
          minPercentage: hr.completionPercentage,
          trigger: 'event',
          fallbackAt: event.occurredAt,
        });
        if (!request) continue;
        const created = await step.run(`request-certificate:${club.subdomain}`, () =>
          requestCertificates(context.store, [request], context.now()),
        );
        // Created by the daily check between the lookup and now: certified all the same, once.
        if (created.length === 0) certified.push(runId);
        requested.push(...created);
      }
      const output = {
        productId,
        email,
        requested,
        alreadyCertified: certified,
        notCompletedPerMirror: notYet,
      };
      return requested.length === 0
        ? skippedRun(certified.length > 0 ? 'already certified' : 'course not completed yet', output)
        : output;
    },
  );
}
