import type { Locale } from '../../../kit/i18n/locale.ts';
import type { ComposedMessage, TemplateBlock } from './compose-template.ts';
import { defineComposedTemplate } from './define-composed-template.ts';
import type { EmailTemplate } from './email-template.ts';
import { ifProduct, snippets } from './template-snippets.ts';

// Variables: buyer.name, product.name, product.checkoutUrl (to subscribe again; optional), subscription.planName,
// subscription.cancelledAt (ms), churnFormUrl (the churn-reason form; null: no form paragraph), seller.name,
// unsubscribeUrl. The retention agent sends connectionId, buyer.email, product.id and subscription.code too.

const pt = snippets['pt-BR'];
const es = snippets.es;
const en = snippets.en;

const footers: Record<Locale, readonly TemplateBlock[]> = {
  'pt-BR': [
    `Você recebe este e-mail porque assinava ${ifProduct('{{ product.name }}', 'um dos nossos produtos')}.`,
    pt.unsubscribe,
  ],
  es: [
    `Recibes este correo porque estabas suscrito a ${ifProduct('{{ product.name }}', 'uno de nuestros productos')}.`,
    es.unsubscribe,
  ],
  en: [
    `You are receiving this email because you subscribed to ${ifProduct('{{ product.name }}', 'one of our products')}.`,
    en.unsubscribe,
  ],
};

function form(intro: string, button: string): TemplateBlock {
  return { if: 'churnFormUrl', show: [intro, { button, url: 'churnFormUrl' }] };
}

function comeBack(intro: string, button: string): TemplateBlock {
  return { if: 'product.checkoutUrl', show: [intro, { button, url: 'product.checkoutUrl' }] };
}

const weMissYou: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct('Sentimos sua falta em {{ product.name }}', 'Sentimos sua falta'),
    preheader: 'Conte para a gente o que aconteceu: leva menos de um minuto.',
    blocks: [
      pt.greeting,
      `Vimos que você cancelou a sua assinatura${ifProduct(' de {{ product.name }}', '')}{% if subscription.cancelledAt %} em {{ subscription.cancelledAt | date }}{% endif %}. Sentimos sua falta por aqui.`,
      form(
        'Podemos pedir um favor? Conte em menos de um minuto por que você saiu. Cada resposta é lida e nos ajuda a melhorar:',
        'Responder (1 minuto)',
      ),
      comeBack('E, se quiser voltar, a porta está sempre aberta:', 'Assinar de novo'),
      'Se preferir, é só responder a este e-mail.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct('Te echamos de menos en {{ product.name }}', 'Te echamos de menos'),
    preheader: 'Cuéntanos qué pasó: lleva menos de un minuto.',
    blocks: [
      es.greeting,
      `Vimos que cancelaste tu suscripción${ifProduct(' a {{ product.name }}', '')}{% if subscription.cancelledAt %} el {{ subscription.cancelledAt | date }}{% endif %}. Te echamos de menos.`,
      form(
        '¿Nos haces un favor? Cuéntanos en menos de un minuto por qué te fuiste. Leemos cada respuesta y nos ayuda a mejorar:',
        'Responder (1 minuto)',
      ),
      comeBack('Y si quieres volver, la puerta siempre está abierta:', 'Suscribirme de nuevo'),
      'Si lo prefieres, solo responde a este correo.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct('We miss you at {{ product.name }}', 'We miss you'),
    preheader: 'Tell us what happened: it takes less than a minute.',
    blocks: [
      en.greeting,
      `We noticed you cancelled your${ifProduct(' {{ product.name }}', '')} subscription{% if subscription.cancelledAt %} on {{ subscription.cancelledAt | date }}{% endif %}. We miss you.`,
      form(
        'Could you do us a favour? Tell us in under a minute why you left. We read every answer, and it helps us improve:',
        'Answer (1 minute)',
      ),
      comeBack("And if you'd like to come back, the door is always open:", 'Subscribe again'),
      'If you prefer, just reply to this email.',
      en.signOff,
    ],
    footer: footers.en,
  },
};

const followUp: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct('{{ product.name }} continua aqui para você', 'Seu lugar continua aqui'),
    preheader: 'Quando quiser voltar, é só um clique.',
    blocks: [
      pt.greeting,
      `Só passando para dizer que${ifProduct(' {{ product.name }}', ' o conteúdo')} continua aqui, com tudo o que você já conhece — e o que chegou de novo desde que você saiu.`,
      comeBack('Quando quiser voltar, é só um clique:', 'Assinar de novo'),
      form(
        'Se ainda não contou por que saiu, sua resposta nos ajuda muito (menos de um minuto):',
        'Contar por que saí',
      ),
      'Não vamos mais insistir. Obrigado por ter feito parte.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct('{{ product.name }} sigue aquí para ti', 'Tu lugar sigue aquí'),
    preheader: 'Cuando quieras volver, es solo un clic.',
    blocks: [
      es.greeting,
      `Solo queríamos decirte que${ifProduct(' {{ product.name }}', ' el contenido')} sigue aquí, con todo lo que ya conoces y lo nuevo que llegó desde que te fuiste.`,
      comeBack('Cuando quieras volver, es solo un clic:', 'Suscribirme de nuevo'),
      form(
        'Si todavía no nos contaste por qué te fuiste, tu respuesta nos ayuda mucho (menos de un minuto):',
        'Contar por qué me fui',
      ),
      'No insistiremos más. Gracias por haber sido parte.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct('{{ product.name }} is still here for you', 'Your spot is still here'),
    preheader: "Whenever you'd like to come back, it's one click.",
    blocks: [
      en.greeting,
      `Just a note to say that${ifProduct(' {{ product.name }}', ' the content')} is still here, with everything you know and what's new since you left.`,
      comeBack("Whenever you'd like to come back, it's one click:", 'Subscribe again'),
      form(
        "If you haven't told us why you left yet, your answer helps a lot (under a minute):",
        'Tell us why I left',
      ),
      "We won't keep nudging you. Thank you for having been part of it.",
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
 * Win-back, step 1 (once the retention agent's delay after a cancellation has passed): "we miss you", the link to
 * the churn-reason form (`churnFormUrl`; no paragraph when null) and, when known, the link to subscribe again.
 *
 * @example
 * import { winBackTemplate1 } from './win-back-templates.ts';
 * console.log(winBackTemplate1.variables.includes('churnFormUrl')); // true
 */
export const winBackTemplate1: EmailTemplate = template(
  'win-back-1',
  'Win-back after a cancellation: we miss you, the churn-reason form and the link to subscribe again.',
  weMissYou,
);

/**
 * Win-back, step 2 (five days later): the product is still there, the link to subscribe again, the form once more.
 *
 * @example
 * import { winBackTemplate2 } from './win-back-templates.ts';
 * console.log(winBackTemplate2.id); // 'win-back-2'
 */
export const winBackTemplate2: EmailTemplate = template(
  'win-back-2',
  'Win-back follow-up: the product is still there, with the links to subscribe again and to the form.',
  followUp,
);
