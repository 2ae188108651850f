import type { Locale } from '../../../kit/i18n/locale.ts';
import { type ComposedMessage, composeTemplate } from './compose-template.ts';
import { defineEmailTemplate, type EmailTemplate } from './email-template.ts';
import { ifProduct, snippets } from './template-snippets.ts';

// Variables: buyer.name, product.name, completedAt (ms), certificateUrl (when the certificate is a link; otherwise
// it travels as an attachment), seller.name. Transactional mail: no unsubscribe link needed.

const pt = snippets['pt-BR'];
const es = snippets.es;
const en = snippets.en;

const messages: Record<Locale, ComposedMessage> = {
  'pt-BR': {
    subject: ifProduct(
      'Parabéns! Seu certificado de {{ product.name }} está pronto',
      'Parabéns! Seu certificado está pronto',
    ),
    preheader: 'Você concluiu o curso. Hora de comemorar!',
    blocks: [
      pt.greeting,
      `Parabéns por concluir${ifProduct(' {{ product.name }}', ' o curso')}{% if completedAt %} em {{ completedAt | date }}{% endif %}! É uma conquista e tanto, e ficamos muito felizes em fazer parte dela.`,
      {
        if: 'certificateUrl',
        show: [
          'Seu certificado já está disponível:',
          { button: 'Baixar certificado', url: 'certificateUrl' },
        ],
        otherwise: ['Seu certificado está anexado a este e-mail.'],
      },
      'Você pode imprimi-lo ou compartilhá-lo no LinkedIn e nas suas redes para mostrar o que aprendeu.',
      'Obrigado por estudar com a gente!',
      pt.signOff,
    ],
  },
  es: {
    subject: ifProduct(
      '¡Felicidades! Tu certificado de {{ product.name }} está listo',
      '¡Felicidades! Tu certificado está listo',
    ),
    preheader: 'Terminaste el curso. ¡Es momento de celebrar!',
    blocks: [
      es.greeting,
      `¡Felicidades por terminar${ifProduct(' {{ product.name }}', ' el curso')}{% if completedAt %} el {{ completedAt | date }}{% endif %}! Es todo un logro y nos alegra mucho haber sido parte de él.`,
      {
        if: 'certificateUrl',
        show: [
          'Tu certificado ya está disponible:',
          { button: 'Descargar certificado', url: 'certificateUrl' },
        ],
        otherwise: ['Tu certificado va adjunto a este correo.'],
      },
      'Puedes imprimirlo o compartirlo en LinkedIn y en tus redes para mostrar lo que aprendiste.',
      '¡Gracias por aprender con nosotros!',
      es.signOff,
    ],
  },
  en: {
    subject: ifProduct(
      'Congratulations! Your {{ product.name }} certificate is ready',
      'Congratulations! Your certificate is ready',
    ),
    preheader: 'You finished the course. Time to celebrate!',
    blocks: [
      en.greeting,
      `Congratulations on completing${ifProduct(' {{ product.name }}', ' the course')}{% if completedAt %} on {{ completedAt | date }}{% endif %}! It's a real achievement, and we're delighted to have been part of it.`,
      {
        if: 'certificateUrl',
        show: ['Your certificate is ready:', { button: 'Download certificate', url: 'certificateUrl' }],
        otherwise: ['Your certificate is attached to this email.'],
      },
      'You can print it, or share it on LinkedIn and your social networks to show what you have learned.',
      'Thank you for learning with us!',
      en.signOff,
    ],
  },
};

/**
 * Certificate e-mail (transactional): congratulations on completing the course, with the certificate as a link
 * (`certificateUrl`) or as an attachment.
 *
 * @example
 * import { certificateTemplate } from './certificate-template.ts';
 * console.log(certificateTemplate.id); // 'certificate'
 */
export const certificateTemplate: EmailTemplate = defineEmailTemplate({
  id: 'certificate',
  description: 'Congratulates a student on completing a course and delivers the certificate.',
  marketing: false,
  locales: {
    'pt-BR': composeTemplate('pt-BR', messages['pt-BR']),
    es: composeTemplate('es', messages.es),
    en: composeTemplate('en', messages.en),
  },
});
