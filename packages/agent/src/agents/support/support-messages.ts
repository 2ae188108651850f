import { createMessages } from '../../kit/i18n/messages.ts';

/**
 * What the support agent writes in Zendesk for the seller's team, in pt-BR, es and en.
 *
 * @example
 * import { supportMessages } from './support-messages.ts';
 * supportMessages.t('en', 'subject', { product: 'Course', transaction: 'HP1' }); // 'Refund request: Course (HP1)'
 */
export const supportMessages = createMessages({
  'pt-BR': {
    subject: 'Pedido de reembolso: {product} ({transaction})',
    intro: '{buyer} pediu o reembolso da compra {transaction} na Hotmart.',
    buyer: 'Comprador',
    product: 'Produto',
    amount: 'Valor',
    charged: 'Total cobrado',
    payment: 'Pagamento',
    installments: '{count} parcelas',
    ordered: 'Data da compra',
    approved: 'Data da aprovação',
    requested: 'Pedido de reembolso',
    warranty: 'Garantia até',
    status: 'Situação na Hotmart',
    transaction: 'Transação',
    link: 'Venda na Hotmart',
    source: 'Detalhes lidos da API da Hotmart.',
    sourceEvent: 'Detalhes lidos do webhook (sem acesso à API da Hotmart).',
    unknownProduct: 'produto',
    refunded: 'A Hotmart confirmou o reembolso da transação {transaction} em {date}.',
    chargeback:
      'Chargeback: o comprador contestou a transação {transaction} com a operadora do cartão em {date}. Prepare a resposta à disputa.',
  },
  es: {
    subject: 'Solicitud de reembolso: {product} ({transaction})',
    intro: '{buyer} solicitó el reembolso de la compra {transaction} en Hotmart.',
    buyer: 'Comprador',
    product: 'Producto',
    amount: 'Importe',
    charged: 'Total cobrado',
    payment: 'Pago',
    installments: '{count} cuotas',
    ordered: 'Fecha de compra',
    approved: 'Fecha de aprobación',
    requested: 'Solicitud de reembolso',
    warranty: 'Garantía hasta',
    status: 'Estado en Hotmart',
    transaction: 'Transacción',
    link: 'Venta en Hotmart',
    source: 'Detalles leídos de la API de Hotmart.',
    sourceEvent: 'Detalles leídos del webhook (sin acceso a la API de Hotmart).',
    unknownProduct: 'producto',
    refunded: 'Hotmart confirmó el reembolso de la transacción {transaction} el {date}.',
    chargeback:
      'Contracargo: el comprador impugnó la transacción {transaction} ante el emisor de la tarjeta el {date}. Prepara la respuesta a la disputa.',
  },
  en: {
    subject: 'Refund request: {product} ({transaction})',
    intro: '{buyer} asked for a refund of purchase {transaction} at Hotmart.',
    buyer: 'Buyer',
    product: 'Product',
    amount: 'Amount',
    charged: 'Total charged',
    payment: 'Payment',
    installments: '{count} instalments',
    ordered: 'Ordered',
    approved: 'Approved',
    requested: 'Refund requested',
    warranty: 'Guarantee until',
    status: 'Status at Hotmart',
    transaction: 'Transaction',
    link: 'Sale at Hotmart',
    source: 'Details read from the Hotmart API.',
    sourceEvent: 'Details read from the webhook (no access to the Hotmart API).',
    unknownProduct: 'product',
    refunded: 'Hotmart confirmed the refund of transaction {transaction} on {date}.',
    chargeback:
      'Chargeback: the buyer disputed transaction {transaction} with their card issuer on {date}. Prepare the dispute response.',
  },
});
