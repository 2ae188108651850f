import type { AnyAction } from '../kit.ts';
import { emailCancelEnrolment } from './actions/cancel-enrolment.ts';
import { emailEnrolSequence } from './actions/enrol-sequence.ts';
import { emailGetEnrolment } from './actions/get-enrolment.ts';
import { emailRenderTemplate } from './actions/render-template.ts';
import { emailSendMessage } from './actions/send-message.ts';
import { emailSuppressAddress } from './actions/suppress-address.ts';
import { emailUnsuppressAddress } from './actions/unsuppress-address.ts';

export { emailCancelEnrolment } from './actions/cancel-enrolment.ts';
export { emailEnrolSequence } from './actions/enrol-sequence.ts';
export { emailGetEnrolment } from './actions/get-enrolment.ts';
export { emailRenderTemplate } from './actions/render-template.ts';
export {
  type EmailSendMessageInput,
  type EmailSendMessageOutput,
  emailSendMessage,
} from './actions/send-message.ts';
export { emailSuppressAddress } from './actions/suppress-address.ts';
export { emailUnsuppressAddress } from './actions/unsuppress-address.ts';
export { emailConnector } from './email-connector.ts';
export { EmailCredentials, EmailSettings } from './email-credentials.ts';
export type { EmailServices, HasPurchased, SubscriptionStatus } from './email-services.ts';
export { handleUnsubscribe, type UnsubscribeResult } from './handle-unsubscribe.ts';
export { cartRecoverySequence, defaultSequences, welcomeSequence } from './sequences/default-sequences.ts';
export { defineSequence, type SequenceDefinition } from './sequences/define-sequence.ts';
export {
  cancelEnrolment,
  type Enrolment,
  enrol,
  enrolmentRunId,
  getEnrolment,
} from './sequences/enrolment.ts';
export { type SequenceWorkflowOptions, sequenceWorkflow } from './sequences/sequence-workflow.ts';
export type { StopCondition } from './sequences/stop-conditions.ts';
export { getSuppression, suppressAddress, unsuppressAddress } from './suppression.ts';
export { defaultTemplates } from './templates/default-templates.ts';
export { defineEmailTemplate, type EmailTemplate, renderEmailTemplate } from './templates/email-template.ts';
export { closeEmailTransports } from './transport-cache.ts';
export { createUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token.ts';

/**
 * Every action of the e-mail connector, for the registry (explicit list, no globbing).
 *
 * @example
 * import { emailActions } from './index.ts';
 * emailActions.map((action) => action.id); // ['email_send_message', 'email_render_template', …]
 */
export const emailActions: readonly AnyAction[] = Object.freeze([
  emailSendMessage,
  emailRenderTemplate,
  emailSuppressAddress,
  emailUnsuppressAddress,
  emailEnrolSequence,
  emailGetEnrolment,
  emailCancelEnrolment,
]);
