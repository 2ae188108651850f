import type { Locale } from '../../../kit/i18n/locale.ts';
import type { ComposedMessage, TemplateBlock } from './compose-template.ts';
import { defineComposedTemplate } from './define-composed-template.ts';
import type { EmailTemplate } from './email-template.ts';
import { ifProduct, snippets } from './template-snippets.ts';

// Variables: buyer.name, product.name, subscription.planName, subscription.amount ({ value, currency }),
// subscription.chargeDate (ms), payment.type (BILLET, PIX, CREDIT_CARD…), payment.billetUrl, payment.pixCode,
// payment.negotiationUrl, seller.name, unsubscribeUrl. The retention agent sends connectionId, buyer.email,
// product.id and subscription.code too; the e-mails don't print them.

const pt = snippets['pt-BR'];
const es = snippets.es;
const en = snippets.en;

// The buyer's area at Hotmart, where a subscriber changes the card of a subscription (Hotmart has no deep link to
// one subscription's payment method that works for every buyer).
const BUYER_AREA_URL = 'https://consumer.hotmart.com';
// Liquid that sets `buyerAreaUrl`, so the button of the last choice reads a variable like the others do; it prints
// nothing, so it can open the paragraph it belongs to.
const ASSIGN_BUYER_AREA = `{% assign buyerAreaUrl = "${BUYER_AREA_URL}" %}`;

interface CallToActionText {
  billet: string;
  billetButton: string;
  pix: string;
  pixAfter: string;
  negotiation: string;
  negotiationButton: string;
  card: string;
  other: string;
  buyerAreaButton: string;
}

// One way to pay, in the order the brief of the retention agent gives: the boleto, else the PIX code, else the
// negotiation link, else the buyer's area (update the card, or pay there).
function callToAction(text: CallToActionText): TemplateBlock {
  return {
    if: 'payment.billetUrl',
    show: [text.billet, { button: text.billetButton, url: 'payment.billetUrl' }],
    otherwise: [
      {
        if: 'payment.pixCode',
        show: [text.pix, '{{ payment.pixCode }}', text.pixAfter],
        otherwise: [
          {
            if: 'payment.negotiationUrl',
            show: [text.negotiation, { button: text.negotiationButton, url: 'payment.negotiationUrl' }],
            otherwise: [
              {
                if: 'payment.type == "CREDIT_CARD"',
                show: [`${ASSIGN_BUYER_AREA}${text.card}`],
                otherwise: [`${ASSIGN_BUYER_AREA}${text.other}`],
              },
              { button: text.buyerAreaButton, url: 'buyerAreaUrl' },
            ],
          },
        ],
      },
    ],
  };
}

function details(
  title: string,
  labels: { product: string; plan: string; amount: string; chargeDate: string },
): TemplateBlock {
  return {
    if: 'product.name or subscription.amount or subscription.planName',
    show: [
      title,
      {
        list: [
          { if: 'product.name', item: `${labels.product}: {{ product.name }}` },
          { if: 'subscription.planName', item: `${labels.plan}: {{ subscription.planName }}` },
          { if: 'subscription.amount', item: `${labels.amount}: {{ subscription.amount | money }}` },
          {
            if: 'subscription.chargeDate',
            item: `${labels.chargeDate}: {{ subscription.chargeDate | date }}`,
          },
        ],
      },
    ],
  };
}

const ctaText: Record<Locale, CallToActionText> = {
  'pt-BR': {
    billet: 'Para manter seu acesso, é só pagar o boleto:',
    billetButton: 'Pagar o boleto',
    pix: 'Para manter seu acesso, é só pagar com o código PIX abaixo (copia e cola) no aplicativo do seu banco:',
    pixAfter: 'A confirmação do PIX costuma sair em poucos minutos.',
    negotiation: 'Para manter seu acesso, é só regularizar o pagamento por este link:',
    negotiationButton: 'Regularizar o pagamento',
    card: 'Para manter seu acesso, atualize o cartão da assinatura em Minhas compras, na Hotmart. Se preferir, confira com o seu banco se a cobrança foi bloqueada.',
    other: 'Para manter seu acesso, regularize o pagamento da assinatura em Minhas compras, na Hotmart.',
    buyerAreaButton: 'Ir para Minhas compras',
  },
  es: {
    billet: 'Para mantener tu acceso, solo tienes que pagar el boleto:',
    billetButton: 'Pagar el boleto',
    pix: 'Para mantener tu acceso, solo tienes que pagar con este código PIX (copiar y pegar) en la aplicación de tu banco:',
    pixAfter: 'La confirmación del PIX suele llegar en pocos minutos.',
    negotiation: 'Para mantener tu acceso, solo tienes que regularizar el pago en este enlace:',
    negotiationButton: 'Regularizar el pago',
    card: 'Para mantener tu acceso, actualiza la tarjeta de la suscripción en Mis compras, en Hotmart. Si lo prefieres, consulta con tu banco si bloqueó el cobro.',
    other: 'Para mantener tu acceso, regulariza el pago de la suscripción en Mis compras, en Hotmart.',
    buyerAreaButton: 'Ir a Mis compras',
  },
  en: {
    billet: 'To keep your access, just pay the boleto:',
    billetButton: 'Pay the boleto',
    pix: 'To keep your access, just pay with the PIX code below (copy and paste) in your banking app:',
    pixAfter: 'PIX payments are usually confirmed within a few minutes.',
    negotiation: 'To keep your access, just settle the payment at this link:',
    negotiationButton: 'Settle the payment',
    card: 'To keep your access, update the card of your subscription in My purchases at Hotmart. You may also want to check with your bank whether it blocked the charge.',
    other: 'To keep your access, settle the payment of your subscription in My purchases at Hotmart.',
    buyerAreaButton: 'Go to My purchases',
  },
};

const detailLabels = {
  'pt-BR': { product: 'Produto', plan: 'Plano', amount: 'Valor', chargeDate: 'Data da cobrança' },
  es: { product: 'Producto', plan: 'Plan', amount: 'Importe', chargeDate: 'Fecha del cobro' },
  en: { product: 'Product', plan: 'Plan', amount: 'Amount', chargeDate: 'Charge date' },
} as const;

const footers: Record<Locale, readonly TemplateBlock[]> = {
  'pt-BR': [
    `Você recebe este e-mail porque assina ${ifProduct('{{ product.name }}', 'um dos nossos produtos')}.`,
    pt.unsubscribe,
  ],
  es: [
    `Recibes este correo porque estás suscrito a ${ifProduct('{{ product.name }}', 'uno de nuestros productos')}.`,
    es.unsubscribe,
  ],
  en: [
    `You are receiving this email because you subscribe to ${ifProduct('{{ product.name }}', 'one of our products')}.`,
    en.unsubscribe,
  ],
};

const paymentFailed: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct(
      'Não conseguimos confirmar o pagamento da sua assinatura de {{ product.name }}',
      'Não conseguimos confirmar o pagamento da sua assinatura',
    ),
    preheader: 'Regularize em poucos minutos e continue com acesso.',
    blocks: [
      pt.greeting,
      `Não conseguimos confirmar o pagamento${ifProduct(' da sua assinatura de {{ product.name }}', ' da sua assinatura')}{% if subscription.amount %}, no valor de {{ subscription.amount | money }}{% endif %}. Acontece: um cartão vencido, um limite que estourou, um boleto que ficou para depois.`,
      callToAction(ctaText['pt-BR']),
      details('Detalhes da cobrança:', detailLabels['pt-BR']),
      'Se você já pagou, pode desconsiderar este e-mail. Ficou alguma dúvida? É só responder.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct(
      'No pudimos confirmar el pago de tu suscripción a {{ product.name }}',
      'No pudimos confirmar el pago de tu suscripción',
    ),
    preheader: 'Regularízalo en pocos minutos y mantén tu acceso.',
    blocks: [
      es.greeting,
      `No pudimos confirmar el pago${ifProduct(' de tu suscripción a {{ product.name }}', ' de tu suscripción')}{% if subscription.amount %}, por {{ subscription.amount | money }}{% endif %}. Pasa a menudo: una tarjeta vencida, un límite alcanzado, un boleto que quedó para después.`,
      callToAction(ctaText.es),
      details('Detalles del cobro:', detailLabels.es),
      'Si ya pagaste, puedes ignorar este correo. ¿Tienes alguna duda? Solo responde.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct(
      "We couldn't confirm the payment for your {{ product.name }} subscription",
      "We couldn't confirm the payment for your subscription",
    ),
    preheader: 'Sort it out in a few minutes and keep your access.',
    blocks: [
      en.greeting,
      `We couldn't confirm the payment for your${ifProduct(' {{ product.name }}', '')} subscription{% if subscription.amount %} of {{ subscription.amount | money }}{% endif %}. It happens: an expired card, a limit reached, a boleto left for later.`,
      callToAction(ctaText.en),
      details('Charge details:', detailLabels.en),
      "If you've already paid, you can ignore this email. Any questions? Just reply.",
      en.signOff,
    ],
    footer: footers.en,
  },
};

const reminder: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct(
      'Lembrete: o pagamento da sua assinatura de {{ product.name }} continua pendente',
      'Lembrete: o pagamento da sua assinatura continua pendente',
    ),
    preheader: 'Seu acesso ainda pode ser mantido.',
    blocks: [
      pt.greeting,
      `Passando para lembrar que o pagamento${ifProduct(' da sua assinatura de {{ product.name }}', ' da sua assinatura')}{% if subscription.amount %} ({{ subscription.amount | money }}){% endif %} ainda não foi confirmado.`,
      callToAction(ctaText['pt-BR']),
      details('Detalhes da cobrança:', detailLabels['pt-BR']),
      'Se você já pagou, pode desconsiderar este e-mail. Se algo estiver impedindo o pagamento, responda e a gente ajuda.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct(
      'Recordatorio: el pago de tu suscripción a {{ product.name }} sigue pendiente',
      'Recordatorio: el pago de tu suscripción sigue pendiente',
    ),
    preheader: 'Todavía puedes mantener tu acceso.',
    blocks: [
      es.greeting,
      `Te recordamos que el pago${ifProduct(' de tu suscripción a {{ product.name }}', ' de tu suscripción')}{% if subscription.amount %} ({{ subscription.amount | money }}){% endif %} todavía no se ha confirmado.`,
      callToAction(ctaText.es),
      details('Detalles del cobro:', detailLabels.es),
      'Si ya pagaste, puedes ignorar este correo. Si algo te impide pagar, responde y te ayudamos.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct(
      'Reminder: the payment for your {{ product.name }} subscription is still pending',
      'Reminder: the payment for your subscription is still pending',
    ),
    preheader: 'You can still keep your access.',
    blocks: [
      en.greeting,
      `Just a reminder that the payment for your${ifProduct(' {{ product.name }}', '')} subscription{% if subscription.amount %} ({{ subscription.amount | money }}){% endif %} hasn't been confirmed yet.`,
      callToAction(ctaText.en),
      details('Charge details:', detailLabels.en),
      "If you've already paid, you can ignore this email. If something is stopping you from paying, reply and we'll help.",
      en.signOff,
    ],
    footer: footers.en,
  },
};

const lastNotice: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct(
      'Último aviso: sua assinatura de {{ product.name }} pode ser cancelada',
      'Último aviso: sua assinatura pode ser cancelada',
    ),
    preheader: 'Regularize o pagamento para não perder o acesso.',
    blocks: [
      pt.greeting,
      `O pagamento${ifProduct(' da sua assinatura de {{ product.name }}', ' da sua assinatura')} continua pendente, e sem ele a assinatura pode ser cancelada e o seu acesso, encerrado. Este é o nosso último aviso.`,
      callToAction(ctaText['pt-BR']),
      details('Detalhes da cobrança:', detailLabels['pt-BR']),
      'Se você já pagou, pode desconsiderar este e-mail. Vamos adorar continuar com você.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct(
      'Último aviso: tu suscripción a {{ product.name }} puede cancelarse',
      'Último aviso: tu suscripción puede cancelarse',
    ),
    preheader: 'Regulariza el pago para no perder el acceso.',
    blocks: [
      es.greeting,
      `El pago${ifProduct(' de tu suscripción a {{ product.name }}', ' de tu suscripción')} sigue pendiente y, sin él, la suscripción puede cancelarse y tu acceso terminar. Este es nuestro último aviso.`,
      callToAction(ctaText.es),
      details('Detalles del cobro:', detailLabels.es),
      'Si ya pagaste, puedes ignorar este correo. Nos encantaría seguir contigo.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct(
      'Last notice: your {{ product.name }} subscription may be cancelled',
      'Last notice: your subscription may be cancelled',
    ),
    preheader: 'Settle the payment to keep your access.',
    blocks: [
      en.greeting,
      `The payment for your${ifProduct(' {{ product.name }}', '')} subscription is still pending, and without it the subscription may be cancelled and your access end. This is our last notice.`,
      callToAction(ctaText.en),
      details('Charge details:', detailLabels.en),
      "If you've already paid, you can ignore this email. We'd love to keep you with us.",
      en.signOff,
    ],
    footer: footers.en,
  },
};

// Sequence mail: it carries the unsubscribe link, and the sequence stops for an address that used it.
function template(id: string, description: string, messages: Record<Locale, ComposedMessage>): EmailTemplate {
  return defineComposedTemplate(id, description, messages, { marketing: true });
}

/**
 * Dunning, step 1 (as soon as a subscription charge fails): the payment wasn't confirmed, and how to pay — the
 * boleto, the PIX code, the negotiation link, or the buyer's area at Hotmart to update the card.
 *
 * @example
 * import { dunningTemplate1 } from './dunning-templates.ts';
 * console.log(dunningTemplate1.variables.includes('payment')); // true
 */
export const dunningTemplate1: EmailTemplate = template(
  'dunning-1',
  'Dunning: a subscription payment failed, with the way to pay (boleto, PIX, negotiation link or buyer area).',
  paymentFailed,
);

/**
 * Dunning, step 2 (two days later): a reminder that the payment is still pending, with the way to pay.
 *
 * @example
 * import { dunningTemplate2 } from './dunning-templates.ts';
 * console.log(dunningTemplate2.id); // 'dunning-2'
 */
export const dunningTemplate2: EmailTemplate = template(
  'dunning-2',
  'Dunning reminder: the subscription payment is still pending, with the way to pay.',
  reminder,
);

/**
 * Dunning, step 3 (three days after the reminder): the last notice before the subscription may be cancelled.
 *
 * @example
 * import { dunningTemplate3 } from './dunning-templates.ts';
 * console.log(dunningTemplate3.marketing); // true
 */
export const dunningTemplate3: EmailTemplate = template(
  'dunning-3',
  'Dunning last notice: the subscription may be cancelled, with the way to pay.',
  lastNotice,
);
