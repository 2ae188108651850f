import type { Locale } from '../../../kit/i18n/locale.ts';
import type { ComposedMessage, TemplateBlock } from './compose-template.ts';
import { defineComposedTemplate } from './define-composed-template.ts';
import type { EmailTemplate } from './email-template.ts';
import { ifProduct, snippets, type TemplateSnippets } from './template-snippets.ts';

// Variables: buyer.name, product.name, amount ({ value, currency }), transaction, occurredAt (ms), accessUrl
// (members area), seller.name, unsubscribeUrl. Every one but unsubscribeUrl may be missing.

const pt = snippets['pt-BR'];
const es = snippets.es;
const en = snippets.en;

function summary(title: string, labels: TemplateSnippets['labels']): TemplateBlock {
  return {
    if: 'product.name or amount or transaction',
    show: [
      title,
      {
        list: [
          { if: 'product.name', item: `${labels.product}: {{ product.name }}` },
          { if: 'amount', item: `${labels.amount}: {{ amount | money }}` },
          { if: 'transaction', item: `${labels.transaction}: {{ transaction }}` },
          { if: 'occurredAt', item: `${labels.date}: {{ occurredAt | date }}` },
        ],
      },
    ],
  };
}

const footers: Record<Locale, readonly TemplateBlock[]> = {
  'pt-BR': [
    `Você recebe este e-mail porque comprou ${ifProduct('{{ product.name }}', 'um dos nossos produtos')}.`,
    pt.unsubscribe,
  ],
  es: [
    `Recibes este correo porque compraste ${ifProduct('{{ product.name }}', 'uno de nuestros productos')}.`,
    es.unsubscribe,
  ],
  en: [
    `You are receiving this email because you bought ${ifProduct('{{ product.name }}', 'one of our products')}.`,
    en.unsubscribe,
  ],
};

const welcomeFirst: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct('{{ product.name }}: tudo pronto para você começar', 'Tudo pronto para você começar'),
    preheader: 'Sua compra foi confirmada. Veja como acessar.',
    blocks: [
      pt.greeting,
      `Obrigado pela confiança! Sua compra${ifProduct(' de {{ product.name }}', '')} foi confirmada e estamos muito felizes em ter você por aqui.`,
      {
        if: 'accessUrl',
        show: ['Você já pode começar agora mesmo:', { button: 'Acessar o conteúdo', url: 'accessUrl' }],
        otherwise: [
          'Os seus dados de acesso chegam em alguns minutos, num e-mail da Hotmart. Se não encontrar, dê uma olhada na caixa de spam ou de promoções.',
        ],
      },
      summary('Resumo da sua compra:', pt.labels),
      pt.reply,
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct('{{ product.name }}: todo listo para que empieces', 'Todo listo para que empieces'),
    preheader: 'Tu compra está confirmada. Así puedes acceder.',
    blocks: [
      es.greeting,
      `¡Gracias por tu confianza! Tu compra${ifProduct(' de {{ product.name }}', '')} está confirmada y nos alegra mucho tenerte aquí.`,
      {
        if: 'accessUrl',
        show: ['Ya puedes empezar:', { button: 'Acceder al contenido', url: 'accessUrl' }],
        otherwise: [
          'En unos minutos recibirás tus datos de acceso en un correo de Hotmart. Si no lo encuentras, revisa la carpeta de spam o de promociones.',
        ],
      },
      summary('Resumen de tu compra:', es.labels),
      es.reply,
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct("{{ product.name }}: you're all set", "You're all set"),
    preheader: 'Your purchase is confirmed. Here is how to get in.',
    blocks: [
      en.greeting,
      `Thank you for your purchase! Your order${ifProduct(' for {{ product.name }}', '')} is confirmed, and we're really glad to have you with us.`,
      {
        if: 'accessUrl',
        show: ['You can start right away:', { button: 'Go to the content', url: 'accessUrl' }],
        otherwise: [
          "Your login details will arrive in a few minutes in an email from Hotmart. If you can't find it, check your spam or promotions folder.",
        ],
      },
      summary('Your order summary:', en.labels),
      en.reply,
      en.signOff,
    ],
    footer: footers.en,
  },
};

const welcomeSecond: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct(
      'Uma dica para aproveitar {{ product.name }} ao máximo',
      'Uma dica para aproveitar sua compra ao máximo',
    ),
    preheader: 'Três hábitos simples que fazem diferença.',
    blocks: [
      pt.greeting,
      `${ifProduct('Já deu uma olhada em {{ product.name }}?', 'Já deu uma olhada no conteúdo?')} Quem reserva um horário fixo na agenda, nem que sejam 20 minutos por dia, costuma ir muito mais longe.`,
      'Três sugestões para começar bem:',
      {
        list: [
          'Comece pelo início, mesmo que pareça básico: é o que prepara o terreno para o resto.',
          'Anote as dúvidas que surgirem pelo caminho.',
          'Coloque em prática algo do que aprendeu ainda esta semana.',
        ],
      },
      {
        if: 'accessUrl',
        show: ['Seu acesso está sempre aqui:', { button: 'Continuar de onde parei', url: 'accessUrl' }],
      },
      'Conte para a gente como está sendo: basta responder a este e-mail.',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct(
      'Un consejo para sacarle el máximo provecho a {{ product.name }}',
      'Un consejo para sacarle el máximo provecho a tu compra',
    ),
    preheader: 'Tres hábitos sencillos que marcan la diferencia.',
    blocks: [
      es.greeting,
      `${ifProduct('¿Ya le echaste un vistazo a {{ product.name }}?', '¿Ya le echaste un vistazo al contenido?')} Quienes reservan un momento fijo en su agenda, aunque sean 20 minutos al día, suelen llegar mucho más lejos.`,
      'Tres sugerencias para empezar con buen pie:',
      {
        list: [
          'Empieza por el principio, aunque parezca básico: es lo que prepara el terreno para todo lo demás.',
          'Anota las dudas que te vayan surgiendo.',
          'Pon en práctica algo de lo que aprendas esta misma semana.',
        ],
      },
      {
        if: 'accessUrl',
        show: ['Tu acceso está siempre aquí:', { button: 'Seguir donde lo dejé', url: 'accessUrl' }],
      },
      'Cuéntanos qué tal te va: solo tienes que responder a este correo.',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct(
      'A tip to get the most out of {{ product.name }}',
      'A tip to get the most out of your purchase',
    ),
    preheader: 'Three simple habits that make a difference.',
    blocks: [
      en.greeting,
      `${ifProduct('Have you had a chance to look at {{ product.name }} yet?', 'Have you had a chance to get started yet?')} People who block out a regular time for it, even just 20 minutes a day, tend to get much further.`,
      'Three suggestions to get off to a good start:',
      {
        list: [
          'Start at the beginning, even if it looks basic: it lays the groundwork for everything else.',
          'Jot down questions as they come up.',
          'Put something you learn into practice this very week.',
        ],
      },
      {
        if: 'accessUrl',
        show: ['Your access is always here:', { button: 'Pick up where I left off', url: 'accessUrl' }],
      },
      "Let us know how it's going: just reply to this email.",
      en.signOff,
    ],
    footer: footers.en,
  },
};

const welcomeThird: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct(
      'Como está sendo sua experiência com {{ product.name }}?',
      'Como está sendo sua experiência?',
    ),
    preheader: 'Queremos saber como você está indo.',
    blocks: [
      pt.greeting,
      `Já faz alguns dias que você começou${ifProduct(' {{ product.name }}', '')} e queremos saber: como está sendo?`,
      'Se algo não ficou claro, se você travou em alguma parte ou tem uma sugestão, responda a este e-mail. Lemos todas as mensagens e respondemos pessoalmente.',
      {
        if: 'accessUrl',
        show: [
          'E se ainda não deu tempo de começar, sem problema: é só seguir daqui.',
          { button: 'Acessar o conteúdo', url: 'accessUrl' },
        ],
      },
      'Bons estudos!',
      pt.signOff,
    ],
    footer: footers['pt-BR'],
  },
  es: {
    subject: ifProduct('¿Qué tal te va con {{ product.name }}?', '¿Qué tal te va?'),
    preheader: 'Queremos saber cómo lo llevas.',
    blocks: [
      es.greeting,
      `Hace unos días que empezaste${ifProduct(' {{ product.name }}', '')} y queremos saber: ¿qué tal te está yendo?`,
      'Si algo no quedó claro, si te atascaste en alguna parte o tienes una sugerencia, responde a este correo. Leemos todos los mensajes y respondemos personalmente.',
      {
        if: 'accessUrl',
        show: [
          'Y si todavía no has tenido tiempo de empezar, no pasa nada: puedes seguir desde aquí.',
          { button: 'Acceder al contenido', url: 'accessUrl' },
        ],
      },
      '¡Mucho éxito!',
      es.signOff,
    ],
    footer: footers.es,
  },
  en: {
    subject: ifProduct('How is it going with {{ product.name }}?', 'How is it going?'),
    preheader: "We'd love to hear how you're getting on.",
    blocks: [
      en.greeting,
      `It's been a few days since you started${ifProduct(' {{ product.name }}', '')}, and we'd love to know: how is it going?`,
      "If something wasn't clear, you got stuck somewhere or you have a suggestion, just reply to this email. We read every message and answer personally.",
      {
        if: 'accessUrl',
        show: [
          "And if you haven't had time to start yet, no problem: you can pick it up from here.",
          { button: 'Go to the content', url: 'accessUrl' },
        ],
      },
      'Enjoy!',
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
 * Welcome sequence, step 1 (right after the purchase): thanks, how to get in (`accessUrl`, or where Hotmart's
 * access e-mail will come from), and the purchase summary.
 *
 * @example
 * import { welcomeTemplate1 } from './welcome-templates.ts';
 * console.log(welcomeTemplate1.variables);
 */
export const welcomeTemplate1: EmailTemplate = template(
  'welcome-1',
  'Welcome e-mail sent right after a purchase: thanks, access and purchase summary.',
  welcomeFirst,
);

/**
 * Welcome sequence, step 2 (a day later): three habits to get the most out of the product.
 *
 * @example
 * import { welcomeTemplate2 } from './welcome-templates.ts';
 * console.log(welcomeTemplate2.id); // 'welcome-2'
 */
export const welcomeTemplate2: EmailTemplate = template(
  'welcome-2',
  'Welcome sequence tips e-mail: three habits to get started well.',
  welcomeSecond,
);

/**
 * Welcome sequence, step 3 (about a week in): a check-in inviting the buyer to reply with questions.
 *
 * @example
 * import { welcomeTemplate3 } from './welcome-templates.ts';
 * console.log(welcomeTemplate3.marketing); // true
 */
export const welcomeTemplate3: EmailTemplate = template(
  'welcome-3',
  'Welcome sequence check-in e-mail: how is it going, reply with any question.',
  welcomeThird,
);
