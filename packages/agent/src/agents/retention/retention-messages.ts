import { createMessages } from '../../kit/i18n/messages.ts';

/**
 * What the retention agent writes for the seller's team (Slack alerts, HubSpot notes), in pt-BR, es and en. Money
 * and dates arrive already formatted for the locale.
 *
 * @example
 * import { retentionMessages } from './retention-messages.ts';
 * retentionMessages.t('en', 'lateChargeSlack', {
 *   buyer: 'Ana', product: 'Club', amount: '$300.00', monthly: '$300.00', recurrence: '3',
 * });
 */
export const retentionMessages = createMessages({
  'pt-BR': {
    lateChargeSlack:
      ':warning: Cobrança atrasada de assinante de alto valor: *{product}* — {buyer} — {amount} (recorrência {recurrence}; {monthly}/mês). Lembretes de pagamento enviados.',
    lateChargeNote:
      'Cobrança atrasada da assinatura de {product}: {amount} (recorrência {recurrence}; {monthly}/mês). O hotpilot enviou lembretes de pagamento.',
    unknownProduct: 'Produto',
    unknownRecurrence: '?',
  },
  es: {
    lateChargeSlack:
      ':warning: Cobro atrasado de un suscriptor de alto valor: *{product}* — {buyer} — {amount} (recurrencia {recurrence}; {monthly}/mes). Recordatorios de pago enviados.',
    lateChargeNote:
      'Cobro atrasado de la suscripción de {product}: {amount} (recurrencia {recurrence}; {monthly}/mes). hotpilot envió recordatorios de pago.',
    unknownProduct: 'Producto',
    unknownRecurrence: '?',
  },
  en: {
    lateChargeSlack:
      ':warning: Late charge of a high-value subscriber: *{product}* — {buyer} — {amount} (recurrence {recurrence}; {monthly}/month). Payment reminders sent.',
    lateChargeNote:
      'Late charge of the {product} subscription: {amount} (recurrence {recurrence}; {monthly}/month). hotpilot sent payment reminders.',
    unknownProduct: 'Product',
    unknownRecurrence: '?',
  },
});
