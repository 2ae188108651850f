import type { Locale } from '../../../kit/i18n/locale.ts';
import { type ComposedMessage, composeTemplate } from './compose-template.ts';
import { defineEmailTemplate, type EmailTemplate } from './email-template.ts';

/**
 * Defines a template whose three languages are written as composed messages (blocks, buttons, footer) rather than
 * raw Liquid: the shape the default sequence e-mails share.
 *
 * @example
 * import { defineComposedTemplate } from './define-composed-template.ts';
 * declare const messages: Parameters<typeof defineComposedTemplate>[2];
 * const template = defineComposedTemplate('welcome-1', 'First welcome e-mail.', messages, { marketing: true });
 */
export function defineComposedTemplate(
  id: string,
  description: string,
  messages: Record<Locale, ComposedMessage>,
  options: { marketing: boolean },
): EmailTemplate {
  return defineEmailTemplate({
    id,
    description,
    marketing: options.marketing,
    locales: {
      'pt-BR': composeTemplate('pt-BR', messages['pt-BR']),
      es: composeTemplate('es', messages.es),
      en: composeTemplate('en', messages.en),
    },
  });
}
