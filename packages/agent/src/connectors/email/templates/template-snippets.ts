import type { Locale } from '../../../kit/i18n/locale.ts';
import type { TemplateBlock } from './compose-template.ts';

/**
 * Liquid that reads `withName` when the event named the product and `withoutName` otherwise, so a sentence never
 * says "your purchase of your product".
 *
 * @example
 * import { ifProduct } from './template-snippets.ts';
 * ifProduct('Sua compra de {{ product.name }} foi confirmada.', 'Sua compra foi confirmada.');
 */
export function ifProduct(withName: string, withoutName: string): string {
  return `{% if product.name %}${withName}{% else %}${withoutName}{% endif %}`;
}

/**
 * Pieces every default template shares, per language, so the greeting, the sign-off and the small print read the
 * same in every message.
 *
 * @example
 * import { snippets } from './template-snippets.ts';
 * snippets['es'].greeting; // '¡Hola{% if buyer.name %}, {{ buyer.name | first_name }}{% endif %}!'
 */
export interface TemplateSnippets {
  /** First line, with the buyer's first name when known. */
  greeting: string;
  /** Closing lines, signed with the seller's name when `seller.name` is given. */
  signOff: TemplateBlock;
  /** The unsubscribe line of marketing mail (`unsubscribeUrl`). */
  unsubscribe: TemplateBlock;
  /** Labels of the purchase summary. */
  labels: { product: string; amount: string; transaction: string; date: string };
  /** The reply-to-this-email invitation. */
  reply: string;
}

/**
 * The shared pieces in pt-BR, es and en.
 *
 * @example
 * import { snippets } from './template-snippets.ts';
 * const line = snippets['pt-BR'].unsubscribe;
 */
export const snippets: Readonly<Record<Locale, TemplateSnippets>> = {
  'pt-BR': {
    greeting: 'Olá{% if buyer.name %}, {{ buyer.name | first_name }}{% endif %}!',
    signOff: { lines: ['Um abraço,', '{{ seller.name | default: "Equipe de atendimento" }}'] },
    unsubscribe: {
      prefix: 'Não quer mais receber mensagens como esta?',
      link: 'Cancelar inscrição',
      url: 'unsubscribeUrl',
    },
    labels: { product: 'Produto', amount: 'Valor', transaction: 'Código da transação', date: 'Data' },
    reply: 'Se precisar de qualquer coisa, é só responder a este e-mail.',
  },
  es: {
    greeting: '¡Hola{% if buyer.name %}, {{ buyer.name | first_name }}{% endif %}!',
    signOff: { lines: ['Un abrazo,', '{{ seller.name | default: "El equipo de atención" }}'] },
    unsubscribe: {
      prefix: '¿No quieres recibir más mensajes como este?',
      link: 'Darte de baja',
      url: 'unsubscribeUrl',
    },
    labels: { product: 'Producto', amount: 'Importe', transaction: 'Código de transacción', date: 'Fecha' },
    reply: 'Si necesitas algo, solo tienes que responder a este correo.',
  },
  en: {
    greeting: 'Hi{% if buyer.name %} {{ buyer.name | first_name }}{% endif %},',
    signOff: { lines: ['Best wishes,', '{{ seller.name | default: "The support team" }}'] },
    unsubscribe: {
      prefix: "Don't want emails like this anymore?",
      link: 'Unsubscribe',
      url: 'unsubscribeUrl',
    },
    labels: { product: 'Product', amount: 'Amount', transaction: 'Transaction code', date: 'Date' },
    reply: 'If you need anything at all, just reply to this email.',
  },
};
