// The HR / learning agent: course completions → PDF certificates, Slack congratulations, skills matrix.

export {
  type CertificateClaim,
  type CertificateSecret,
  certificateCode,
  certificateSecretOf,
  normalizeCertificateCode,
} from './certificate-code.ts';
export { type CertificateContent, renderCertificatePdf } from './certificate-pdf.ts';
export { CertificateRecord, certificateStateKey, verifyCertificate } from './certificate-record.ts';
export {
  CERTIFICATE_RETRIES,
  CERTIFICATE_WORKFLOW_ID,
  CertificateRequest,
  certificateRunId,
  requestCertificates,
} from './certificate-request.ts';
export { type CertificateOutput, certificateWorkflow } from './certificate-workflow.ts';
export { type CourseCompletion, courseCompletion } from './course-completion.ts';
export { hrAgent } from './hr-agent.ts';
export { hrMessages } from './hr-messages.ts';
export { moduleCompletedWorkflow } from './module-completed-workflow.ts';
export { sameProductId } from './product-id.ts';
export { type ClubCheck, progressCheckWorkflow } from './progress-check-workflow.ts';
export { completionRequest, type Learner, learnerOf, watchedClubs } from './student-completion.ts';
export { toWinAnsiText } from './win-ansi-text.ts';
