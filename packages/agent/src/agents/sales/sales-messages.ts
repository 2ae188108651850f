import { createMessages } from '../../kit/i18n/messages.ts';

/**
 * What the sales agent writes for the seller's team (Slack, deal names), in pt-BR, es and en.
 *
 * @example
 * import { salesMessages } from './sales-messages.ts';
 * salesMessages.t('es', 'newSale', { product: 'Curso', amount: 'R$ 197,00', buyer: 'Ana' });
 */
export const salesMessages = createMessages({
  'pt-BR': {
    newSale: 'Nova venda: *{product}* — {amount} — {buyer}',
    renewal: 'Renovação nº {number}: *{product}* — {amount} — {buyer}',
    renewalUnnumbered: 'Renovação de assinatura: *{product}* — {amount} — {buyer}',
    dealName: '{product} — {buyer}',
    renewalDealName: '{product} — {buyer} (renovação)',
    unknownProduct: 'Produto',
    noAmount: 'valor não informado',
  },
  es: {
    newSale: 'Nueva venta: *{product}* — {amount} — {buyer}',
    renewal: 'Renovación n.º {number}: *{product}* — {amount} — {buyer}',
    renewalUnnumbered: 'Renovación de suscripción: *{product}* — {amount} — {buyer}',
    dealName: '{product} — {buyer}',
    renewalDealName: '{product} — {buyer} (renovación)',
    unknownProduct: 'Producto',
    noAmount: 'importe no informado',
  },
  en: {
    newSale: 'New sale: *{product}* — {amount} — {buyer}',
    renewal: 'Renewal #{number}: *{product}* — {amount} — {buyer}',
    renewalUnnumbered: 'Subscription renewal: *{product}* — {amount} — {buyer}',
    dealName: '{product} — {buyer}',
    renewalDealName: '{product} — {buyer} (renewal)',
    unknownProduct: 'Product',
    noAmount: 'amount not given',
  },
});
