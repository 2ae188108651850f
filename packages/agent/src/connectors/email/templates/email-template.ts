import { z } from 'zod';
import { NonRetriableError } from '../../../engine/errors.ts';
import { LOCALES, type Locale } from '../../../kit/i18n/locale.ts';
import { type TemplateEngine, type TemplateParts, templateEngine } from './template-engine.ts';

/**
 * An e-mail template: a subject, a plain-text and an HTML part in each of pt-BR, es and en, written in Liquid.
 * Marketing templates (sequences, reminders) must print `unsubscribeUrl` in both bodies; transactional ones
 * (refund acknowledgement, certificate) need not.
 *
 * @example
 * import type { EmailTemplateDefinition } from './email-template.ts';
 * const parts = { subject: 'Hi', text: 'Hello {{ buyer.name }}', html: '<p>Hello {{ buyer.name }}</p>' };
 * const definition: EmailTemplateDefinition = {
 *   id: 'hello', description: 'A greeting', marketing: false, locales: { 'pt-BR': parts, es: parts, en: parts },
 * };
 */
export interface EmailTemplateDefinition {
  /** Lowercase letters, digits and dashes (`welcome-1`). */
  id: string;
  description: string;
  /** True for mail the reader didn't ask for by buying (sequences): it must carry the unsubscribe link. */
  marketing: boolean;
  locales: Readonly<Record<Locale, TemplateParts>>;
}

/**
 * A checked template.
 *
 * @example
 * import type { EmailTemplate } from './email-template.ts';
 * const ids = (templates: readonly EmailTemplate[]) => templates.map((t) => t.id);
 */
export interface EmailTemplate extends Readonly<EmailTemplateDefinition> {
  /** Top-level variables the template reads in any language (`amount`, `buyer`, `product`…). */
  readonly variables: readonly string[];
}

const TEMPLATE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

/**
 * The wire form of a template's parts in every locale, for action inputs (inline templates).
 *
 * @example
 * import { TemplateLocales } from './email-template.ts';
 * const parts = { subject: 'Oi', text: 'Olá', html: '<p>Olá</p>' };
 * TemplateLocales.parse({ 'pt-BR': parts, es: parts, en: parts });
 */
export const TemplateLocales = z.strictObject({
  'pt-BR': z.strictObject({ subject: z.string().min(1), text: z.string().min(1), html: z.string().min(1) }),
  es: z.strictObject({ subject: z.string().min(1), text: z.string().min(1), html: z.string().min(1) }),
  en: z.strictObject({ subject: z.string().min(1), text: z.string().min(1), html: z.string().min(1) }),
});

/**
 * Declares a template and checks it at once (start-up, not first send): the id's form, that every locale has the
 * three parts, that each part parses (unknown filters, removed tags and syntax errors name the locale and part),
 * and, for marketing templates, that each locale's text and HTML print `unsubscribeUrl`. Throws a `TypeError`.
 *
 * @example
 * import { defineEmailTemplate } from './email-template.ts';
 * const parts = (hello: string) => ({ subject: hello, text: `${hello} {{ buyer.name }}`, html: `<p>${hello}</p>` });
 * export const hello = defineEmailTemplate({
 *   id: 'hello', description: 'A greeting', marketing: false,
 *   locales: { 'pt-BR': parts('Olá'), es: parts('Hola'), en: parts('Hello') },
 * });
 */
export function defineEmailTemplate(
  definition: EmailTemplateDefinition,
  engine: TemplateEngine = templateEngine,
): EmailTemplate {
  const label = typeof definition?.id === 'string' ? ` "${definition.id}"` : '';
  function fail(problem: string): never {
    throw new TypeError(`defineEmailTemplate${label}: ${problem}`);
  }
  if (typeof definition?.id !== 'string' || !TEMPLATE_ID.test(definition.id)) {
    fail('id must be lowercase letters, digits and dashes (at most 64)');
  }
  if (typeof definition.description !== 'string' || definition.description.length === 0) {
    fail('description must not be empty');
  }
  if (typeof definition.marketing !== 'boolean') fail('marketing must be true or false');
  const variables = new Set<string>();
  for (const locale of LOCALES) {
    const parts = definition.locales?.[locale];
    if (!parts) fail(`locales.${locale} is missing`);
    for (const part of ['subject', 'text', 'html'] as const) {
      if (typeof parts[part] !== 'string' || parts[part].trim().length === 0) {
        fail(`locales.${locale}.${part} must not be empty`);
      }
    }
    let used: string[] = [];
    try {
      engine.check(parts);
      used = engine.variables(parts);
      if (definition.marketing) {
        for (const part of ['text', 'html'] as const) {
          const single = {
            subject: 'x',
            text: part === 'text' ? parts.text : 'x',
            html: part === 'html' ? parts.html : 'x',
          };
          if (!engine.variables(single).includes('unsubscribeUrl')) {
            fail(`locales.${locale}.${part}: marketing templates must print {{ unsubscribeUrl }}`);
          }
        }
      }
    } catch (error) {
      if (error instanceof TypeError) throw error;
      fail(`locales.${locale}: ${(error as Error).message}`);
    }
    for (const name of used) variables.add(name);
  }
  return Object.freeze({
    id: definition.id,
    description: definition.description,
    marketing: definition.marketing,
    locales: Object.freeze(
      Object.fromEntries(LOCALES.map((locale) => [locale, Object.freeze({ ...definition.locales[locale] })])),
    ) as Readonly<Record<Locale, TemplateParts>>,
    variables: Object.freeze([...variables].sort()),
  });
}

/**
 * Renders a template in one locale. For a marketing template the data must hold a non-empty `unsubscribeUrl`
 * unless `requireUnsubscribe` is false (previews): marketing mail without a way out is not sent.
 *
 * @example
 * import { renderEmailTemplate } from './email-template.ts';
 * import { refundAcknowledgementTemplate } from './refund-acknowledgement-template.ts';
 * const parts = await renderEmailTemplate(refundAcknowledgementTemplate, 'es', {
 *   buyer: { name: 'Ana' }, product: { name: 'Curso de Tango' }, amount: { value: 1500, currency: 'MXN' },
 * });
 * console.log(parts.subject);
 */
export async function renderEmailTemplate(
  template: EmailTemplate,
  locale: Locale,
  data: Readonly<Record<string, unknown>>,
  options: { timeZone?: string; requireUnsubscribe?: boolean; engine?: TemplateEngine } = {},
): Promise<TemplateParts> {
  const unsubscribeUrl = data['unsubscribeUrl'];
  if (
    template.marketing &&
    options.requireUnsubscribe !== false &&
    (typeof unsubscribeUrl !== 'string' || unsubscribeUrl.length === 0)
  ) {
    throw new NonRetriableError(
      `template "${template.id}" is marketing mail and needs an unsubscribe link: set the connection's ` +
        'unsubscribeBaseUrl setting and services.unsubscribeSecret',
      { code: 'UNSUBSCRIBE_LINK_MISSING' },
    );
  }
  const parts = template.locales[locale];
  if (!parts) throw new TypeError(`renderEmailTemplate: unsupported locale ${JSON.stringify(locale)}`);
  return (options.engine ?? templateEngine).render(parts, data, {
    locale,
    ...(options.timeZone === undefined ? {} : { timeZone: options.timeZone }),
  });
}
