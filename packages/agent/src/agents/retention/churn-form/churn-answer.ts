import type { Locale } from '../../../kit/i18n/locale.ts';
import type { Store } from '../../../store/port.ts';
import type { ChurnFormClaim } from './churn-form-token.ts';
import {
  type ChurnAnswerInput,
  ChurnAnswerInput as ChurnAnswerSchema,
  type ChurnReason,
} from './churn-reasons.ts';

/**
 * The audit action under which every answer to the churn-reason form is recorded (append-only: an answer given
 * twice is recorded twice; the report counts each subscriber's latest).
 *
 * @example
 * import { CHURN_REASON_ACTION } from './churn-answer.ts';
 * CHURN_REASON_ACTION; // 'retention.churn-reason'
 */
export const CHURN_REASON_ACTION = 'retention.churn-reason';

/**
 * One answer, as recorded in the audit log and in the state KV.
 *
 * @example
 * import type { ChurnAnswer } from './churn-answer.ts';
 * const line = (answer: ChurnAnswer) => `${answer.subscriberCode}: ${answer.reason}`;
 */
export interface ChurnAnswer {
  connectionId: string;
  subscriberCode: string;
  email: string;
  productId: string | null;
  reason: ChurnReason;
  text: string | null;
  locale: Locale;
  answeredAt: number;
}

/**
 * The state KV key of a subscriber's latest answer.
 *
 * @example
 * import { churnAnswerKey } from './churn-answer.ts';
 * churnAnswerKey('main', 'SUB123'); // 'retention:churn-reason:main:SUB123'
 */
export function churnAnswerKey(connectionId: string, subscriberCode: string): string {
  return `retention:churn-reason:${connectionId}:${subscriberCode}`;
}

/**
 * Records a subscriber's answer: an audit entry `retention.churn-reason` (connection, subscriber, e-mail, product,
 * reason, text, locale) and, in the state KV, the latest answer of that subscriber — which a second answer
 * replaces, so the report counts the subscriber once, with what they said last. The claim comes from a verified
 * token; the answer is checked here too (a `TypeError` for a reason off the list or a text over 1000 characters).
 *
 * @example
 * import type { Store } from '../../../store/port.ts';
 * import { recordChurnAnswer } from './churn-answer.ts';
 * declare const store: Store;
 * const { replaced } = await recordChurnAnswer(
 *   store,
 *   { connectionId: 'main', subscriberCode: 'SUB123', email: 'ana@example.com', productId: '42', locale: 'pt-BR' },
 *   { reason: 'too-expensive', text: null },
 *   Date.now(),
 * );
 */
export async function recordChurnAnswer(
  store: Pick<Store, 'appendAudit' | 'getState' | 'setState'>,
  claim: ChurnFormClaim,
  input: ChurnAnswerInput,
  now: number,
): Promise<{ answer: ChurnAnswer; replaced: boolean }> {
  const parsed = ChurnAnswerSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0] ?? 'answer')))];
    throw new TypeError(`recordChurnAnswer: invalid ${fields.join(', ')}`);
  }
  const answer: ChurnAnswer = {
    connectionId: claim.connectionId,
    subscriberCode: claim.subscriberCode,
    email: claim.email,
    productId: claim.productId,
    reason: parsed.data.reason,
    text: parsed.data.text,
    locale: claim.locale,
    answeredAt: now,
  };
  const key = churnAnswerKey(claim.connectionId, claim.subscriberCode);
  const previous = await store.getState<ChurnAnswer>(key);
  // The audit entry first: if the KV write then fails, the subscriber sees an error and sends again, and the
  // report (which dedupes per subscriber) still counts them once.
  await store.appendAudit(
    {
      actor: 'churn-form',
      action: CHURN_REASON_ACTION,
      target: `${claim.connectionId}:${claim.subscriberCode}`,
      details: answer,
    },
    now,
  );
  await store.setState(key, answer, now);
  return { answer, replaced: previous !== null };
}

/**
 * A subscriber's latest answer, or null when they never answered (the form shows it pre-selected).
 *
 * @example
 * import type { Store } from '../../../store/port.ts';
 * import { latestChurnAnswer } from './churn-answer.ts';
 * declare const store: Store;
 * const answer = await latestChurnAnswer(store, { connectionId: 'main', subscriberCode: 'SUB123' });
 * console.log(answer?.reason ?? 'not answered');
 */
export async function latestChurnAnswer(
  store: Pick<Store, 'getState'>,
  subscriber: { connectionId: string; subscriberCode: string },
): Promise<ChurnAnswer | null> {
  return store.getState<ChurnAnswer>(churnAnswerKey(subscriber.connectionId, subscriber.subscriberCode));
}
