import { z } from 'zod';
import { NonRetriableError } from '../../../engine/errors.ts';
import { resolveLocale } from '../../../kit/i18n/locale.ts';
import { defineAction } from '../../kit.ts';
import { type EmailCredentials, EmailSettings } from '../email-credentials.ts';
import { readEmailServices, requireStore } from '../email-services.ts';
import { messageIdFor } from '../message-id.ts';
import { smtpError } from '../smtp-error.ts';
import { getSuppression, normalizeEmail } from '../suppression.ts';
import { findTemplate } from '../templates/default-templates.ts';
import { renderEmailTemplate } from '../templates/email-template.ts';
import { getEmailTransport } from '../transport-cache.ts';
import { buildUnsubscribeUrl } from '../unsubscribe-url.ts';

const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const LIST = /^[A-Za-z0-9][A-Za-z0-9:._-]{0,99}$/;
const HEADER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,76}$/;
// Headers hotpilot sets itself (or that would change who receives the message); a caller can't override them.
const RESERVED_HEADERS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'subject',
  'date',
  'message-id',
  'reply-to',
  'sender',
  'return-path',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-language',
  'list-unsubscribe',
  'list-unsubscribe-post',
  'received',
  'dkim-signature',
]);

const Attachment = z.strictObject({
  filename: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^/\\\r\n\0]+$/, 'must be a plain file name (no path, no line breaks)'),
  content: z.base64('must be base64').max(Math.ceil(MAX_ATTACHMENT_BYTES / 3) * 4),
  contentType: z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*$/,
      'must be a MIME type like application/pdf',
    )
    .optional(),
});

const Input = z
  .strictObject({
    to: z.email().max(320),
    subject: z.string().min(1).max(998).optional(),
    text: z.string().max(1_000_000).optional(),
    html: z.string().max(2_000_000).optional(),
    template: z
      .strictObject({
        id: z.string().min(1).max(64),
        data: z.record(z.string(), z.unknown()).optional(),
        timeZone: z.string().min(1).max(64).optional(),
      })
      .optional(),
    attachments: z.array(Attachment).max(10).optional(),
    headers: z
      .record(
        z.string().regex(HEADER_NAME, 'must be a header name'),
        z
          .string()
          .max(998)
          .regex(/^[^\r\n]*$/, 'must be one line'),
      )
      .optional(),
    locale: z.string().min(1).max(35).optional(),
    list: z.string().regex(LIST, 'must be letters, digits, ":", ".", "_" or "-"').optional(),
  })
  .superRefine((input, context) => {
    if (input.template) {
      for (const field of ['subject', 'text', 'html'] as const) {
        if (input[field] !== undefined) {
          context.addIssue({
            code: 'custom',
            path: [field],
            message: 'give either a template or the content, not both',
          });
        }
      }
    } else {
      if (input.subject === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['subject'],
          message: 'required when no template is given',
        });
      }
      if (input.text === undefined && input.html === undefined) {
        context.addIssue({
          code: 'custom',
          path: ['text'],
          message: 'give text, html or both (or a template)',
        });
      }
    }
    for (const name of Object.keys(input.headers ?? {})) {
      if (RESERVED_HEADERS.has(name.toLowerCase())) {
        context.addIssue({
          code: 'custom',
          path: ['headers', name],
          message: 'is set by hotpilot and cannot be given',
        });
      }
    }
    const bytes = (input.attachments ?? []).reduce(
      (sum, a) => sum + Buffer.byteLength(a.content, 'base64'),
      0,
    );
    if (bytes > MAX_ATTACHMENT_BYTES) {
      context.addIssue({ code: 'custom', path: ['attachments'], message: 'must total at most 10 MiB' });
    }
  });

const Output = z.strictObject({
  status: z.enum(['sent', 'suppressed']),
  to: z.string(),
  /** Null when nothing was sent. */
  messageId: z.string().nullable(),
  accepted: z.array(z.string()),
  rejected: z.array(z.string()),
  /** Why nothing was sent, for `suppressed`. */
  suppression: z.strictObject({ reason: z.string(), list: z.string().nullable(), at: z.number() }).nullable(),
  /** The template rendered, when one was used. */
  template: z.string().nullable(),
  locale: z.enum(['pt-BR', 'es', 'en']),
});

/**
 * The input of `email_send_message`.
 *
 * @example
 * import type { EmailSendMessageInput } from './send-message.ts';
 * const input: EmailSendMessageInput = { to: 'ana@example.com', subject: 'Oi', text: 'Olá!', locale: 'pt-BR' };
 */
export type EmailSendMessageInput = z.input<typeof Input>;

/**
 * The output of `email_send_message`.
 *
 * @example
 * import type { EmailSendMessageOutput } from './send-message.ts';
 * const wasSent = (output: EmailSendMessageOutput) => output.status === 'sent';
 */
export type EmailSendMessageOutput = z.infer<typeof Output>;

/**
 * Sends one e-mail to one recipient over the connection's SMTP account, either given content (subject, text
 * and/or HTML) or a template rendered in the recipient's locale. Every send checks the suppression list first and
 * returns `suppressed` without sending. The idempotency key becomes the `Message-ID` (`<key@hotpilot>`), so a
 * retried send carries the same id. When the connection has an `unsubscribeBaseUrl` and the services an
 * `unsubscribeSecret`, the message carries `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058 one-click)
 * and templates get `unsubscribeUrl`.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { emailConnector } from '../email-connector.ts';
 * import { emailSendMessage } from './send-message.ts';
 * import type { Store } from '../../../store/port.ts';
 * declare const store: Store;
 * const result = await invokeAction(
 *   emailSendMessage,
 *   { to: 'ana@example.com', template: { id: 'refund-acknowledgement', data: { transaction: 'HP123' } }, locale: 'es' },
 *   {
 *     connector: emailConnector,
 *     connection: { id: 'smtp', kind: 'email', credentials: { host: '127.0.0.1', port: 2525, from: 'shop@example.com' } },
 *     services: { store },
 *   },
 * );
 * console.log(result.status, result.messageId);
 */
export const emailSendMessage = defineAction<
  z.output<typeof Input>,
  EmailSendMessageOutput,
  EmailCredentials
>({
  id: 'email_send_message',
  connector: 'email',
  title: 'Send an e-mail',
  description:
    'Sends one e-mail (given content or a template in the recipient’s language), unless the address is on the suppression list.',
  llmHint:
    'Use to e-mail one buyer or student. Give `to` and either `subject` with `text`/`html`, or `template: { id, data }` ' +
    '(ids: welcome-1..3, cart-recovery-1..3, refund-acknowledgement, certificate) plus `locale` (pt-BR, es, en). ' +
    'Returns status `sent` with the Message-ID, or `suppressed` when the person unsubscribed (nothing is sent).',
  input: Input,
  output: Output,
  effect: 'write',
  // SMTP has no idempotency: a retry after a lost reply delivers twice (with the same Message-ID).
  idempotent: false,
  async run(ctx, input) {
    const services = readEmailServices(ctx.services);
    const store = requireStore(services, 'email_send_message');
    const settings = EmailSettings.parse(ctx.connection.settings);
    const to = normalizeEmail(input.to);
    const locale = resolveLocale(input.locale);
    const template = input.template ? findTemplate(input.template.id, services.emailTemplates) : null;
    if (input.template && !template) {
      throw new NonRetriableError(`unknown e-mail template "${input.template.id}"`, {
        code: 'TEMPLATE_NOT_FOUND',
      });
    }

    const suppression = await getSuppression(store, to);
    if (suppression) {
      ctx.logger.info({ reason: suppression.reason }, 'recipient is suppressed: not sending');
      return {
        status: 'suppressed',
        to,
        messageId: null,
        accepted: [],
        rejected: [],
        suppression: { reason: suppression.reason, list: suppression.list, at: suppression.at },
        template: template?.id ?? null,
        locale,
      };
    }

    const unsubscribeUrl =
      settings.unsubscribeBaseUrl && services.unsubscribeSecret
        ? buildUnsubscribeUrl(settings.unsubscribeBaseUrl, services.unsubscribeSecret, {
            email: to,
            list: input.list ?? template?.id ?? 'all',
            locale,
          })
        : null;
    const content = template
      ? await renderEmailTemplate(
          template,
          locale,
          { ...input.template?.data, email: to, locale, ...(unsubscribeUrl ? { unsubscribeUrl } : {}) },
          input.template?.timeZone === undefined ? {} : { timeZone: input.template.timeZone },
        )
      : { subject: input.subject as string, text: input.text, html: input.html };

    const messageId = messageIdFor(ctx.idempotencyKey);
    const headers: Record<string, string> = {
      ...input.headers,
      'Content-Language': locale,
      ...(unsubscribeUrl
        ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
        : {}),
    };
    // A halted attempt (lease lost, cancelled, timed out) must not send: another attempt may already be sending.
    ctx.signal.throwIfAborted();
    let info: { accepted: unknown[]; rejected: unknown[] };
    try {
      info = await getEmailTransport(ctx.connection).sendMail({
        from: ctx.connection.credentials.from,
        to,
        subject: content.subject,
        ...(content.text === undefined ? {} : { text: content.text }),
        ...(content.html === undefined ? {} : { html: content.html }),
        ...(settings.replyTo ? { replyTo: settings.replyTo } : {}),
        attachments: (input.attachments ?? []).map((attachment) => ({
          filename: attachment.filename,
          content: Buffer.from(attachment.content, 'base64'),
          ...(attachment.contentType ? { contentType: attachment.contentType } : {}),
        })),
        headers,
        messageId,
        date: new Date(ctx.now()),
      });
    } catch (error) {
      throw smtpError(error, ctx.connection);
    }
    ctx.logger.info({ messageId, template: template?.id ?? null }, 'e-mail sent');
    return {
      status: 'sent',
      to,
      messageId,
      accepted: info.accepted.map(address),
      rejected: info.rejected.map(address),
      suppression: null,
      template: template?.id ?? null,
      locale,
    };
  },
});

function address(value: unknown): string {
  return typeof value === 'string' ? value : String((value as { address?: unknown })?.address ?? '');
}
