import type { Locale } from '../../../kit/i18n/locale.ts';
import { type ComposedMessage, composeTemplate, type TemplateBlock } from './compose-template.ts';
import { defineEmailTemplate, type EmailTemplate } from './email-template.ts';
import { ifProduct, snippets, type TemplateSnippets } from './template-snippets.ts';

// Variables: buyer.name, product.name, amount ({ value, currency }), transaction, requestedAt (ms, when the refund
// was asked for; the event's occurredAt otherwise), seller.name. Transactional mail: no unsubscribe link needed.

const pt = snippets['pt-BR'];
const es = snippets.es;
const en = snippets.en;

function details(title: string, labels: TemplateSnippets['labels'], dateLabel: string): TemplateBlock {
  return {
    if: 'product.name or amount or transaction',
    show: [
      title,
      {
        list: [
          { if: 'product.name', item: `${labels.product}: {{ product.name }}` },
          { if: 'amount', item: `${labels.amount}: {{ amount | money }}` },
          { if: 'transaction', item: `${labels.transaction}: {{ transaction }}` },
          { if: 'requestedAt', item: `${dateLabel}: {{ requestedAt | date }}` },
        ],
      },
    ],
  };
}

const messages: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: 'Recebemos seu pedido de reembolso{% if transaction %} ({{ transaction }}){% endif %}',
    preheader: 'Já estamos cuidando disso.',
    blocks: [
      pt.greeting,
      `Recebemos o seu pedido de reembolso${ifProduct(' de {{ product.name }}', '')} e já estamos cuidando dele.`,
      details('Detalhes:', pt.labels, 'Data do pedido'),
      'O reembolso é feito pela Hotmart, pelo mesmo meio de pagamento usado na compra. O prazo para o valor aparecer depende do meio de pagamento e do seu banco ou da operadora do cartão.',
      'Sentimos muito que não tenha dado certo desta vez. Se quiser nos contar o motivo, é só responder a este e-mail: sua opinião nos ajuda a melhorar.',
      pt.signOff,
    ],
  },
  es: {
    subject: 'Recibimos tu solicitud de reembolso{% if transaction %} ({{ transaction }}){% endif %}',
    preheader: 'Ya nos estamos ocupando.',
    blocks: [
      es.greeting,
      `Recibimos tu solicitud de reembolso${ifProduct(' de {{ product.name }}', '')} y ya nos estamos ocupando de ella.`,
      details('Detalles:', es.labels, 'Fecha de la solicitud'),
      'Hotmart hace el reembolso por el mismo medio de pago que usaste en la compra. El plazo para que veas el dinero depende del medio de pago y de tu banco o emisor de la tarjeta.',
      'Lamentamos que esta vez no haya funcionado. Si quieres contarnos el motivo, solo responde a este correo: tu opinión nos ayuda a mejorar.',
      es.signOff,
    ],
  },
  en: {
    subject: 'We received your refund request{% if transaction %} ({{ transaction }}){% endif %}',
    preheader: "We're already on it.",
    blocks: [
      en.greeting,
      `We received your refund request${ifProduct(' for {{ product.name }}', '')} and we're already taking care of it.`,
      details('Details:', en.labels, 'Request date'),
      'Hotmart issues the refund to the same payment method you used for the purchase. How long it takes to show up depends on the payment method and on your bank or card issuer.',
      "We're sorry it didn't work out this time. If you'd like to tell us why, just reply to this email: your feedback helps us improve.",
      en.signOff,
    ],
  },
};

/**
 * Refund acknowledgement (transactional): confirms the request was received, with its details and what to expect.
 *
 * @example
 * import { refundAcknowledgementTemplate } from './refund-acknowledgement-template.ts';
 * console.log(refundAcknowledgementTemplate.marketing); // false
 */
export const refundAcknowledgementTemplate: EmailTemplate = defineEmailTemplate({
  id: 'refund-acknowledgement',
  description: 'Acknowledges a refund request: details of the purchase and what happens next.',
  marketing: false,
  locales: {
    'pt-BR': composeTemplate('pt-BR', messages['pt-BR']),
    es: composeTemplate('es', messages.es),
    en: composeTemplate('en', messages.en),
  },
});
