import type { Locale } from '../../../kit/i18n/locale.ts';
import type { ComposedMessage, TemplateBlock } from './compose-template.ts';
import { defineComposedTemplate } from './define-composed-template.ts';
import type { EmailTemplate } from './email-template.ts';
import { ifProduct, snippets } from './template-snippets.ts';

// Variables: buyer.name, product.name, checkoutUrl (required: the link back to the checkout), seller.name,
// unsubscribeUrl. An abandoned cart carries no price or transaction (reference §6.6), so none is shown.

const pt = snippets['pt-BR'];
const es = snippets.es;
const en = snippets.en;

const footers: Record<Locale, readonly TemplateBlock[]> = {
  'pt-BR': [
    `Você recebe este e-mail porque iniciou a compra de ${ifProduct('{{ product.name }}', 'um dos nossos produtos')}.`,
    pt.unsubscribe,
  ],
  es: [
    `Recibes este correo porque iniciaste la compra de ${ifProduct('{{ product.name }}', 'uno de nuestros productos')}.`,
    es.unsubscribe,
  ],
  en: [
    `You are receiving this email because you started checking out ${ifProduct('{{ product.name }}', 'one of our products')}.`,
    en.unsubscribe,
  ],
};

const first: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct('Você deixou {{ product.name }} no carrinho', 'Você deixou um item no carrinho'),
    preheader: 'Seu pedido continua disponível.',
    blocks: [
      pt.greeting,
      `Vimos que você começou a compra${ifProduct(' de {{ product.name }}', '')}, mas não chegou a finalizar. Acontece: às vezes a conexão cai, o cartão não passa ou simplesmente surge um imprevisto.`,
      'Seu pedido continua disponível. Para concluir, é só clicar abaixo:',
      { button: 'Finalizar minha compra', url: 'checkoutUrl' },
      'Se tiver alguma dúvida sobre o produto ou o pagamento, responda a este e-mail que a gente ajuda.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct('Dejaste {{ product.name }} en el carrito', 'Dejaste algo en el carrito'),
    preheader: 'Tu pedido sigue disponible.',
    blocks: [
      es.greeting,
      `Vimos que empezaste la compra${ifProduct(' de {{ product.name }}', '')}, pero no llegaste a terminarla. Pasa a menudo: a veces se corta la conexión, la tarjeta no pasa o simplemente surge un imprevisto.`,
      'Tu pedido sigue disponible. Para completarlo, haz clic aquí:',
      { button: 'Completar mi compra', url: 'checkoutUrl' },
      'Si tienes alguna duda sobre el producto o el pago, responde a este correo y te ayudamos.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct('You left {{ product.name }} in your cart', 'You left something in your cart'),
    preheader: 'Your order is still waiting for you.',
    blocks: [
      en.greeting,
      `We noticed you started checking out${ifProduct(' {{ product.name }}', '')} but didn't quite finish. It happens: the connection drops, a card gets declined, or something just comes up.`,
      'Your order is still available. To complete it, just click below:',
      { button: 'Complete my purchase', url: 'checkoutUrl' },
      'If you have any questions about the product or the payment, reply to this email and we will help.',
      en.signOff,
    ],
    footer: footers.en,
  },
};

const second: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct('Ficou alguma dúvida sobre {{ product.name }}?', 'Ficou alguma dúvida?'),
    preheader: 'Algumas respostas que podem ajudar.',
    blocks: [
      pt.greeting,
      `Ontem você se interessou${ifProduct(' por {{ product.name }}', ' por um dos nossos produtos')}. Se alguma dúvida impediu você de seguir em frente, talvez isto ajude:`,
      {
        list: [
          'O acesso é liberado assim que o pagamento é confirmado.',
          'O pagamento é processado pela Hotmart, com total segurança.',
          'Você tem garantia: se o produto não atender às suas expectativas dentro do prazo de garantia, pode pedir o reembolso.',
        ],
      },
      { button: 'Finalizar minha compra', url: 'checkoutUrl' },
      'Ficou com outra pergunta? É só responder a este e-mail.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct('¿Te quedó alguna duda sobre {{ product.name }}?', '¿Te quedó alguna duda?'),
    preheader: 'Algunas respuestas que pueden ayudarte.',
    blocks: [
      es.greeting,
      `Ayer te interesaste${ifProduct(' por {{ product.name }}', ' por uno de nuestros productos')}. Si alguna duda te frenó, quizá esto te ayude:`,
      {
        list: [
          'El acceso se libera en cuanto se confirma el pago.',
          'El pago lo procesa Hotmart, de forma totalmente segura.',
          'Tienes garantía: si el producto no cumple tus expectativas dentro del plazo de garantía, puedes pedir el reembolso.',
        ],
      },
      { button: 'Completar mi compra', url: 'checkoutUrl' },
      '¿Tienes otra pregunta? Solo responde a este correo.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct('Any questions about {{ product.name }}?', 'Any questions?'),
    preheader: 'A few answers that might help.',
    blocks: [
      en.greeting,
      `Yesterday you showed interest in ${ifProduct('{{ product.name }}', 'one of our products')}. If a question held you back, this might help:`,
      {
        list: [
          'You get access as soon as your payment is confirmed.',
          'Payment is processed securely by Hotmart.',
          "You're covered by a guarantee: if the product doesn't meet your expectations within the guarantee period, you can ask for a refund.",
        ],
      },
      { button: 'Complete my purchase', url: 'checkoutUrl' },
      'Got another question? Just reply to this email.',
      en.signOff,
    ],
    footer: footers.en,
  },
};

const third: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct(
      'Último lembrete: {{ product.name }} ainda está esperando por você',
      'Último lembrete sobre o seu pedido',
    ),
    preheader: 'Depois deste, não vamos mais insistir.',
    blocks: [
      pt.greeting,
      `Este é o nosso último lembrete${ifProduct(' sobre {{ product.name }}', '')}. Não vamos mais insistir, mas, se ainda fizer sentido para você, o link para concluir a compra continua aqui:`,
      { button: 'Finalizar minha compra', url: 'checkoutUrl' },
      'Seja qual for a sua decisão, obrigado pelo interesse.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct('Último aviso: {{ product.name }} te sigue esperando', 'Último aviso sobre tu pedido'),
    preheader: 'Después de este, no insistiremos más.',
    blocks: [
      es.greeting,
      `Este es nuestro último recordatorio${ifProduct(' sobre {{ product.name }}', '')}. No vamos a insistir más, pero si todavía te interesa, el enlace para completar la compra sigue aquí:`,
      { button: 'Completar mi compra', url: 'checkoutUrl' },
      'Decidas lo que decidas, gracias por tu interés.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct(
      'Last reminder: {{ product.name }} is still waiting for you',
      'A last reminder about your order',
    ),
    preheader: "After this one, we won't bother you again.",
    blocks: [
      en.greeting,
      `This is our last reminder${ifProduct(' about {{ product.name }}', '')}. We won't keep nudging you, but if it still makes sense for you, the link to complete your purchase is right here:`,
      { button: 'Complete my purchase', url: 'checkoutUrl' },
      'Whatever you decide, thank you for your interest.',
      en.signOff,
    ],
    footer: footers.en,
  },
};

// Every e-mail of this sequence is marketing mail: it carries the unsubscribe link.
function template(id: string, description: string, messages: Record<Locale, ComposedMessage>): EmailTemplate {
  return defineComposedTemplate(id, description, messages, { marketing: true });
}

/**
 * Cart recovery, step 1 (about an hour after the cart was abandoned): a friendly reminder with the checkout link.
 *
 * @example
 * import { cartRecoveryTemplate1 } from './cart-recovery-templates.ts';
 * console.log(cartRecoveryTemplate1.variables.includes('checkoutUrl')); // true
 */
export const cartRecoveryTemplate1: EmailTemplate = template(
  'cart-recovery-1',
  'Cart recovery reminder: the order is still available, with the checkout link.',
  first,
);

/**
 * Cart recovery, step 2 (a day later): answers to the usual doubts (access, secure payment, guarantee).
 *
 * @example
 * import { cartRecoveryTemplate2 } from './cart-recovery-templates.ts';
 * console.log(cartRecoveryTemplate2.id); // 'cart-recovery-2'
 */
export const cartRecoveryTemplate2: EmailTemplate = template(
  'cart-recovery-2',
  'Cart recovery follow-up: answers to common doubts, with the checkout link.',
  second,
);

/**
 * Cart recovery, step 3 (a few days later): the last reminder, promising not to insist.
 *
 * @example
 * import { cartRecoveryTemplate3 } from './cart-recovery-templates.ts';
 * console.log(cartRecoveryTemplate3.marketing); // true
 */
export const cartRecoveryTemplate3: EmailTemplate = template(
  'cart-recovery-3',
  'Cart recovery last reminder, with the checkout link.',
  third,
);
