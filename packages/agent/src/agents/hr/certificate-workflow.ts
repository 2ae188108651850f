import type { ProductItem } from '@hotpilot/hotmart';
import { NonRetriableError } from '../../engine/errors.ts';
import type { WorkflowContext, WorkflowDefinition } from '../../engine/workflow.ts';
import { formatDate } from '../../kit/i18n/format-date.ts';
import { resolveLocale } from '../../kit/i18n/locale.ts';
import { localDateOf } from '../../store/mirror/reports-time.ts';
import { type AgentContext, readAgentContext } from '../agent-context.ts';
import { callAction } from '../call-action.ts';
import type { AgentSettings } from '../settings.ts';
import { settingsForRun } from '../settings-for-run.ts';
import { appendUniqueRows } from '../sheet-tab.ts';
import { skippedRun } from '../skipped-run.ts';
import { certificateCode, certificateSecretOf } from './certificate-code.ts';
import { renderCertificatePdf } from './certificate-pdf.ts';
import { type CertificateRecord, certificateStateKey } from './certificate-record.ts';
import { CERTIFICATE_RETRIES, CERTIFICATE_WORKFLOW_ID, CertificateRequest } from './certificate-request.ts';
import { hrMessages } from './hr-messages.ts';
import { sameProductId } from './product-id.ts';

/**
 * What a certificate run returns.
 *
 * @example
 * import type { CertificateOutput } from './certificate-workflow.ts';
 * const sent = (output: CertificateOutput) => output.email === 'sent';
 */
export interface CertificateOutput {
  code: string;
  email: string;
  courseName: string;
  completedOn: string;
  /** `sent`, `suppressed` (the student unsubscribed from everything), or null when no e-mail connection is set. */
  emailStatus: 'sent' | 'suppressed' | null;
  messageId: string | null;
  slackTs: string | null;
  /** Rows appended to the skills matrix (0 when the row was there already), null when no sheet is set. */
  appended: number | null;
}

/**
 * The HR agent's workflow `hr.certificate`: one run per completion (see `certificateRunId`), created by the daily
 * check or by `CLUB_MODULE_COMPLETED`, whichever notices first. It names the course (from the Hotmart product),
 * signs a verification code (`certificateCode`, kept in the state KV for `verifyCertificate`), draws the PDF in the
 * student's language, e-mails it with the `certificate` template, congratulates the student in Slack and adds the
 * student and course to the skills-matrix sheet (keyed by e-mail and course). Each outside write is one memoized
 * step, so a retried run does nothing twice. Needs `services.certificateSecret`.
 *
 * Built by hand rather than with `defineWorkflow`: no event and no schedule starts it (see `requestCertificates`).
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { certificateWorkflow } from './certificate-workflow.ts';
 * certificateWorkflow(parseAgentSettings({ hr: { enabled: true } })).id; // 'hr.certificate'
 */
export function certificateWorkflow(startup: AgentSettings): WorkflowDefinition<AgentContext> {
  async function handler({ step, ctx, run }: WorkflowContext<null, AgentContext>) {
    const context = readAgentContext(ctx);
    const settings = await settingsForRun(context.store, startup);
    const hr = settings.hr;
    if (!hr.enabled) return skippedRun('agent disabled');
    const stored = await context.store.getRun(run.id);
    const parsed = CertificateRequest.safeParse(stored?.input);
    if (!parsed.success) {
      throw new NonRetriableError(`run ${run.id} carries no valid certificate request`, {
        code: 'CERTIFICATE_REQUEST_INVALID',
      });
    }
    const request = parsed.data;
    if (
      hr.productIds.length > 0 &&
      !hr.productIds.some((id) => request.productId !== null && sameProductId(id, request.productId))
    ) {
      return skippedRun('course not in hr.productIds', { productId: request.productId });
    }
    const secret = certificateSecretOf(context.services);

    let courseName = request.subdomain;
    if (request.productId !== null) {
      const found = await callAction<{ items: ProductItem[] }>(
        ctx,
        step,
        'course',
        'hotmart_list_products',
        { id: Number(request.productId) },
        request.connectionId,
      );
      courseName = found.items[0]?.name?.trim() || courseName;
    }

    const { timeZone } = settings;
    const t = hrMessages.t;
    const completedOn = localDateOf(request.completedAt, timeZone);
    const courseId = request.productId ?? `club:${request.subdomain}`;
    const code = certificateCode(secret, {
      connectionId: request.connectionId,
      courseId,
      email: request.email,
      completedOn,
    });
    await step.run('record-certificate', async () => {
      const record: CertificateRecord = {
        code,
        connectionId: request.connectionId,
        courseId,
        courseName,
        subdomain: request.subdomain,
        userId: request.userId,
        email: request.email,
        name: request.name,
        completedOn,
        issuedAt: context.now(),
        runId: run.id,
      };
      await context.store.setState(certificateStateKey(code), record, context.now());
      return { code };
    });

    const studentLocale = resolveLocale(request.locale, settings.locale);
    const issuerName = hr.issuerName ?? settings.sellerName;
    let emailStatus: CertificateOutput['emailStatus'] = null;
    let messageId: string | null = null;
    if (hr.emailConnectionId !== null) {
      const pdf = await renderCertificatePdf({
        studentName: request.name,
        courseName,
        completedAt: request.completedAt,
        locale: studentLocale,
        timeZone,
        code,
        issuerName,
      });
      const sent = await callAction<{ status: 'sent' | 'suppressed'; messageId: string | null }>(
        ctx,
        step,
        'email-certificate',
        'email_send_message',
        {
          to: request.email,
          locale: studentLocale,
          template: {
            id: hr.certificateTemplateId,
            data: {
              buyer: { name: request.name, email: request.email },
              product: { id: request.productId, name: courseName },
              completedAt: request.completedAt,
              ...(issuerName === null ? {} : { seller: { name: issuerName } }),
            },
            timeZone,
          },
          attachments: [
            {
              filename: `${t(studentLocale, 'certificateFileName')}-${code}.pdf`,
              content: Buffer.from(pdf).toString('base64'),
              contentType: 'application/pdf',
            },
          ],
        },
        hr.emailConnectionId,
      );
      emailStatus = sent.status;
      messageId = sent.messageId;
    }

    const { locale } = settings;
    const date = formatDate(request.completedAt, locale, timeZone, 'medium');
    let slackTs: string | null = null;
    if (hr.slackConnectionId !== null && hr.slackChannel !== null) {
      const params = { name: request.name, course: courseName, date, code, email: request.email };
      const posted = await callAction<{ ts: string }>(
        ctx,
        step,
        'slack-congratulate',
        'slack_post_message',
        {
          channel: hr.slackChannel,
          text: t(locale, emailStatus === 'sent' ? 'slackCertified' : 'slackCertifiedNotSent', params),
        },
        hr.slackConnectionId,
      );
      slackTs = posted.ts;
    }

    let appended: number | null = null;
    const sheets = hr.googleSheetsConnectionId;
    if (sheets !== null) {
      const spreadsheet = hr.spreadsheetId === null ? {} : { spreadsheetId: hr.spreadsheetId };
      const tab = {
        ...spreadsheet,
        title: hr.skillsSheet,
        headers: [
          t(locale, 'headerKey'),
          t(locale, 'headerEmail'),
          t(locale, 'headerName'),
          t(locale, 'headerCourse'),
          t(locale, 'headerCompletedOn'),
          t(locale, 'headerCode'),
        ],
      };
      const row = [`${request.email}|${courseId}`, request.email, request.name, courseName, date, code];
      appended = await appendUniqueRows(ctx, step, { tab: 'skills-tab', row: 'skills-row' }, tab, sheets, [
        row,
      ]);
    }

    const output: CertificateOutput = {
      code,
      email: request.email,
      courseName,
      completedOn,
      emailStatus,
      messageId,
      slackTs,
      appended,
    };
    return output;
  }

  return Object.freeze({
    id: CERTIFICATE_WORKFLOW_ID,
    description: 'Course completed → PDF certificate by e-mail, Slack congratulation, skills-matrix row.',
    events: Object.freeze([]),
    cron: null,
    filter: undefined,
    concurrencyKey: undefined,
    retries: CERTIFICATE_RETRIES,
    timeoutMs: 2 * 60_000,
    handler: handler as WorkflowDefinition<AgentContext>['handler'],
  });
}
