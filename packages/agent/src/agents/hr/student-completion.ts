import type { ClubUserItem, ClubUserLessonsResponse } from '@hotpilot/hotmart';
import type { StepTools } from '../../engine/step.ts';
import { createMirrorRepo } from '../../store/mirror/mirror-repo.ts';
import type { ClubRow } from '../../store/mirror/mirror-rows.ts';
import type { Store } from '../../store/port.ts';
import type { AgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import type { AgentSettings } from '../settings.ts';
import type { CertificateRequest } from './certificate-request.ts';
import { courseCompletion } from './course-completion.ts';
import { sameProductId } from './product-id.ts';

// Members who take the course; the owner, admins, editors and moderators get no certificate (reference §4.5 roles).
const LEARNER_ROLES = new Set(['STUDENT', 'FREE_STUDENT']);

/**
 * A member of a members area who may earn a certificate.
 *
 * @example
 * import type { Learner } from './student-completion.ts';
 * const learner: Learner = { userId: 'n2OM623n46', email: 'ana@example.com', name: 'Ana', locale: 'pt_BR' };
 */
export interface Learner {
  userId: string;
  /** Lower-cased. */
  email: string;
  name: string;
  locale: string | null;
}

/**
 * The learner a students item describes, or null for members who take no course (owner, admins…) and items
 * without an id or an e-mail.
 *
 * @example
 * import { learnerOf } from './student-completion.ts';
 * learnerOf({ user_id: 'u1', email: 'Ana@Example.com', name: 'Ana', role: 'STUDENT' })?.email; // 'ana@example.com'
 * learnerOf({ user_id: 'u0', email: 'me@example.com', role: 'OWNER' }); // null
 */
export function learnerOf(item: ClubUserItem): Learner | null {
  const email = item.email?.trim().toLowerCase();
  if (!item.user_id || !email || !LEARNER_ROLES.has(item.role ?? 'STUDENT')) return null;
  return { userId: item.user_id, email, name: item.name?.trim() || email, locale: item.locale ?? null };
}

/**
 * The members areas the HR agent watches on a connection: those the mirror knows (a sync records them; Hotmart has
 * no endpoint that lists them, reference §4.5), restricted to the courses of `hr.productIds` when it names any,
 * and to one product when `productId` is given.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { parseAgentSettings } from '../settings.ts';
 *  * import { watchedClubs } from './student-completion.ts';
 * declare const store: Store;
 * const clubs = await watchedClubs(store, 'main', hrSettingsOf(parseAgentSettings({})));
 */
export async function watchedClubs(
  store: Store,
  connectionId: string,
  hr: Pick<AgentSettings['hr'], 'productIds'>,
  productId?: string,
): Promise<ClubRow[]> {
  const clubs = await createMirrorRepo(store).clubs(connectionId);
  return clubs
    .filter(
      (club) =>
        productId === undefined || (club.productId !== null && sameProductId(club.productId, productId)),
    )
    .filter(
      (club) =>
        hr.productIds.length === 0 ||
        (club.productId !== null && hr.productIds.some((id) => sameProductId(id, club.productId as string))),
    )
    .sort((a, b) => a.subdomain.localeCompare(b.subdomain));
}

/**
 * Reads a learner's lessons (one memoized step, `lessons:<subdomain>:<user id>`) and, when the course counts as
 * complete under `hr.completionPercentage`, the certificate request for it; null otherwise. `fallbackAt` dates the
 * completion when Hotmart gives no lesson date (the slot of the check, or the event's time).
 *
 * @example
 * import type { StepTools } from '../../engine/step.ts';
 * import type { AgentContext } from '../agent-context.ts';
 * import { completionRequest } from './student-completion.ts';
 * declare const ctx: AgentContext;
 * declare const step: StepTools;
 * const request = await completionRequest(ctx, step, {
 *   connectionId: 'main', club: { subdomain: 'curso-python', productId: '1308908' },
 *   learner: { userId: 'u1', email: 'ana@example.com', name: 'Ana', locale: 'pt_BR' },
 *   minPercentage: 100, trigger: 'poll', fallbackAt: Date.now(),
 * });
 */
export async function completionRequest(
  ctx: AgentContext,
  step: StepTools,
  options: {
    connectionId: string;
    club: Pick<ClubRow, 'subdomain' | 'productId'>;
    learner: Learner;
    minPercentage: number;
    trigger: CertificateRequest['trigger'];
    fallbackAt: number;
  },
): Promise<CertificateRequest | null> {
  const { club, learner } = options;
  const progress = await callAction<ClubUserLessonsResponse>(
    ctx,
    step,
    `lessons:${club.subdomain}:${learner.userId}`,
    'hotmart_get_student_lessons',
    { user_id: learner.userId, subdomain: club.subdomain },
    options.connectionId,
  );
  const completion = courseCompletion(progress.lessons, { minPercentage: options.minPercentage });
  if (!completion.complete) return null;
  return {
    connectionId: options.connectionId,
    subdomain: club.subdomain,
    productId: club.productId,
    userId: learner.userId,
    email: learner.email,
    name: learner.name,
    locale: learner.locale,
    completedAt: completion.completedAt ?? options.fallbackAt,
    trigger: options.trigger,
  };
}
