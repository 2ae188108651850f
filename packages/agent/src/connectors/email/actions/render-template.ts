import { z } from 'zod';
import { NonRetriableError } from '../../../engine/errors.ts';
import { resolveLocale } from '../../../kit/i18n/locale.ts';
import { defineAction } from '../../kit.ts';
import { type EmailCredentials, EmailSettings } from '../email-credentials.ts';
import { readEmailServices } from '../email-services.ts';
import { normalizeEmail } from '../suppression.ts';
import { findTemplate } from '../templates/default-templates.ts';
import { defineEmailTemplate, renderEmailTemplate, TemplateLocales } from '../templates/email-template.ts';
import { buildUnsubscribeUrl } from '../unsubscribe-url.ts';

const Input = z
  .strictObject({
    /** A shipped or seller template: welcome-1..3, cart-recovery-1..3, refund-acknowledgement, certificate. */
    templateId: z.string().min(1).max(64).optional(),
    /** Or a template given inline (a draft being previewed). */
    template: z.strictObject({ marketing: z.boolean().optional(), locales: TemplateLocales }).optional(),
    locale: z.string().min(1).max(35).optional(),
    data: z.record(z.string(), z.unknown()).optional(),
    timeZone: z.string().min(1).max(64).optional(),
    /** The recipient, to preview the real unsubscribe link. */
    to: z.email().max(320).optional(),
  })
  .refine((input) => (input.templateId === undefined) !== (input.template === undefined), {
    message: 'give exactly one of templateId or template',
    path: ['templateId'],
  });

const Output = z.strictObject({
  templateId: z.string().nullable(),
  locale: z.enum(['pt-BR', 'es', 'en']),
  subject: z.string(),
  text: z.string(),
  html: z.string(),
  /** Top-level variables the template reads. */
  variables: z.array(z.string()),
  /** Variables the template reads that the data doesn't have (shown empty). */
  missing: z.array(z.string()),
  /** Problems a real send would have (e.g. a marketing template without an unsubscribe link). */
  warnings: z.array(z.string()),
});

// Variables the sender fills in itself; never "missing" from the caller's data.
const PROVIDED = new Set(['email', 'locale', 'unsubscribeUrl']);

/**
 * Renders a template (by id, or given inline) in one locale with sample or real data, without sending: for
 * previews in the dashboard and for agents checking wording. Reports the variables the template reads and which
 * of them the data lacks.
 *
 * @example
 * import { invokeAction } from '../../invoke.ts';
 * import { emailConnector } from '../email-connector.ts';
 * import { emailRenderTemplate } from './render-template.ts';
 * const preview = await invokeAction(
 *   emailRenderTemplate,
 *   { templateId: 'certificate', locale: 'pt-BR', data: { buyer: { name: 'Ana' }, product: { name: 'Curso' } } },
 *   { connector: emailConnector, connection: { id: 'smtp', kind: 'email', credentials: { host: 'localhost', port: 25, from: 'shop@example.com' } } },
 * );
 * console.log(preview.subject);
 */
export const emailRenderTemplate = defineAction<
  z.output<typeof Input>,
  z.infer<typeof Output>,
  EmailCredentials
>({
  id: 'email_render_template',
  connector: 'email',
  title: 'Preview an e-mail template',
  description: 'Renders a template in one language with the given data, without sending anything.',
  llmHint:
    'Use to see exactly what an e-mail will say before sending or enrolling. Give templateId (welcome-1..3, ' +
    'cart-recovery-1..3, refund-acknowledgement, certificate) or an inline template, a locale and the data. ' +
    'Returns subject, text and html, and which variables the data is missing.',
  input: Input,
  output: Output,
  effect: 'read',
  idempotent: true,
  async run(ctx, input) {
    const services = readEmailServices(ctx.services);
    const settings = EmailSettings.parse(ctx.connection.settings);
    const locale = resolveLocale(input.locale);
    let template = input.templateId ? findTemplate(input.templateId, services.emailTemplates) : null;
    if (input.templateId && !template) {
      throw new NonRetriableError(`unknown e-mail template "${input.templateId}"`, {
        code: 'TEMPLATE_NOT_FOUND',
      });
    }
    if (input.template) {
      try {
        template = defineEmailTemplate({
          id: 'preview',
          description: 'Inline template being previewed',
          marketing: input.template.marketing ?? false,
          locales: input.template.locales,
        });
      } catch (error) {
        throw new NonRetriableError((error as Error).message.replace('defineEmailTemplate "preview": ', ''), {
          code: 'TEMPLATE_INVALID',
        });
      }
    }
    const chosen = template as NonNullable<typeof template>;
    const data: Record<string, unknown> = { ...input.data, locale };
    const warnings: string[] = [];
    if (input.to) {
      data['email'] = normalizeEmail(input.to);
      if (settings.unsubscribeBaseUrl && services.unsubscribeSecret) {
        data['unsubscribeUrl'] = buildUnsubscribeUrl(
          settings.unsubscribeBaseUrl,
          services.unsubscribeSecret,
          {
            email: normalizeEmail(input.to),
            list: chosen.id,
            locale,
          },
        );
      }
    }
    if (chosen.marketing && !data['unsubscribeUrl']) {
      warnings.push(
        settings.unsubscribeBaseUrl && services.unsubscribeSecret
          ? 'marketing template: the unsubscribe link is built per recipient; give `to` to preview it'
          : 'marketing template without an unsubscribe link: set the connection’s unsubscribeBaseUrl and the unsubscribe secret, or sends will fail',
      );
    }
    const parts = await renderEmailTemplate(chosen, locale, data, {
      requireUnsubscribe: false,
      ...(input.timeZone === undefined ? {} : { timeZone: input.timeZone }),
    });
    const variables = [...chosen.variables];
    return {
      templateId: input.templateId ?? null,
      locale,
      ...parts,
      variables,
      missing: variables.filter((name) => !PROVIDED.has(name) && data[name] === undefined),
      warnings,
    };
  },
});
