import { createMessages } from '../kit/i18n/messages.ts';

/**
 * The texts of the pages buyers open from an e-mail (the churn-reason form and the error pages of the buyer
 * routes), in pt-BR, es and en. The reasons' labels live with the reasons (`churnReasonLabels`).
 *
 * @example
 * import { buyerMessages } from './buyer-messages.ts';
 * buyerMessages.t('es', 'formSubmit'); // 'Enviar respuesta'
 */
export const buyerMessages = createMessages({
  'pt-BR': {
    formTitle: 'Por que você cancelou?',
    formIntro:
      'Conte para a gente por que você cancelou a sua assinatura. Leva menos de um minuto, e cada resposta é lida.',
    formReasonLegend: 'O principal motivo',
    formTextLabel: 'Quer contar mais? (opcional)',
    formTextHint: 'Até {max} caracteres.',
    formSubmit: 'Enviar resposta',
    formAnsweredBefore: 'Você já respondeu antes. Se enviar de novo, a nova resposta substitui a anterior.',
    formReasonMissing: 'Escolha um dos motivos da lista.',
    formTextTooLong: 'O texto passou de {max} caracteres. Encurte um pouco e envie de novo.',
    thanksTitle: 'Obrigado!',
    thanksBody:
      'Recebemos a sua resposta. Ela nos ajuda a melhorar, e se um dia quiser voltar, vamos adorar receber você.',
    invalidTitle: 'Link inválido ou expirado',
    invalidBody:
      'Este link está incompleto, foi alterado ou já expirou. Use o link do e-mail mais recente que você recebeu, ou responda a esse e-mail contando o motivo.',
    tooLargeTitle: 'Resposta grande demais',
    tooLargeBody: 'A resposta enviada é grande demais. Volte, encurte o texto e envie de novo.',
    unsupportedTitle: 'Envio não reconhecido',
    unsupportedBody: 'Não reconhecemos este envio. Abra o link do e-mail e use o formulário da página.',
    unavailableTitle: 'Tente de novo em instantes',
    unavailableBody: 'Não conseguimos registrar a sua resposta agora. Tente de novo daqui a alguns minutos.',
  },
  es: {
    formTitle: '¿Por qué cancelaste?',
    formIntro:
      'Cuéntanos por qué cancelaste tu suscripción. Lleva menos de un minuto y leemos cada respuesta.',
    formReasonLegend: 'El motivo principal',
    formTextLabel: '¿Quieres contarnos más? (opcional)',
    formTextHint: 'Hasta {max} caracteres.',
    formSubmit: 'Enviar respuesta',
    formAnsweredBefore:
      'Ya respondiste antes. Si envías de nuevo, la nueva respuesta reemplaza a la anterior.',
    formReasonMissing: 'Elige uno de los motivos de la lista.',
    formTextTooLong: 'El texto supera los {max} caracteres. Acórtalo un poco y envíalo de nuevo.',
    thanksTitle: '¡Gracias!',
    thanksBody:
      'Recibimos tu respuesta. Nos ayuda a mejorar y, si algún día quieres volver, nos encantará recibirte.',
    invalidTitle: 'Enlace no válido o vencido',
    invalidBody:
      'Este enlace está incompleto, fue modificado o ya venció. Usa el enlace del correo más reciente que recibiste, o responde a ese correo contándonos el motivo.',
    tooLargeTitle: 'Respuesta demasiado grande',
    tooLargeBody: 'La respuesta enviada es demasiado grande. Vuelve, acorta el texto y envíala de nuevo.',
    unsupportedTitle: 'Envío no reconocido',
    unsupportedBody: 'No reconocemos este envío. Abre el enlace del correo y usa el formulario de la página.',
    unavailableTitle: 'Inténtalo de nuevo en unos instantes',
    unavailableBody: 'No pudimos registrar tu respuesta ahora. Inténtalo de nuevo en unos minutos.',
  },
  en: {
    formTitle: 'Why did you cancel?',
    formIntro:
      'Tell us why you cancelled your subscription. It takes less than a minute, and we read every answer.',
    formReasonLegend: 'The main reason',
    formTextLabel: 'Anything you would like to add? (optional)',
    formTextHint: 'Up to {max} characters.',
    formSubmit: 'Send answer',
    formAnsweredBefore: 'You answered before. If you send again, your new answer replaces the earlier one.',
    formReasonMissing: 'Please choose one of the reasons in the list.',
    formTextTooLong: 'The text is longer than {max} characters. Please shorten it a little and send again.',
    thanksTitle: 'Thank you!',
    thanksBody:
      "We received your answer. It helps us improve, and if you ever want to come back, we'd love to have you.",
    invalidTitle: 'Invalid or expired link',
    invalidBody:
      'This link is incomplete, has been changed or has expired. Use the link in the most recent email you received, or reply to that email and tell us why.',
    tooLargeTitle: 'Answer too large',
    tooLargeBody: 'The answer you sent is too large. Go back, shorten the text and send it again.',
    unsupportedTitle: 'Submission not recognised',
    unsupportedBody:
      "We didn't recognise this submission. Open the link in the email and use the form on the page.",
    unavailableTitle: 'Please try again shortly',
    unavailableBody: "We couldn't record your answer right now. Please try again in a few minutes.",
  },
});
