import { createMessages } from '../../kit/i18n/messages.ts';

/**
 * What the legal agent writes for the seller's team (dispute sheet, Slack alerts), in pt-BR, es and en.
 *
 * @example
 * import { legalMessages } from './legal-messages.ts';
 * legalMessages.t('en', 'statusOpen'); // 'Open'
 */
export const legalMessages = createMessages({
  'pt-BR': {
    headerTransaction: 'Transação',
    headerChargebackAt: 'Chargeback em',
    headerDeadline: 'Responder até',
    headerEmail: 'E-mail do comprador',
    headerName: 'Nome do comprador',
    headerProduct: 'Produto',
    headerAmount: 'Valor',
    headerPayment: 'Pagamento',
    headerStatus: 'Situação',
    statusOpen: 'Aberto',
    chargebackAlert:
      'Chargeback na transação {transaction} ({product}, {amount}): responda à disputa até {deadline}.',
    openRequestsTitle: 'Pedidos de reembolso abertos há mais de {days} dias: {count}',
    openRequestLine: '• {transaction} — {product} — {amount} — {buyer} — pedido em {date} (há {age} dias)',
    more: '… e mais {count}.',
    unknownProduct: 'produto',
    noAmount: 'valor não informado',
  },
  es: {
    headerTransaction: 'Transacción',
    headerChargebackAt: 'Contracargo el',
    headerDeadline: 'Responder antes del',
    headerEmail: 'Correo del comprador',
    headerName: 'Nombre del comprador',
    headerProduct: 'Producto',
    headerAmount: 'Importe',
    headerPayment: 'Pago',
    headerStatus: 'Estado',
    statusOpen: 'Abierto',
    chargebackAlert:
      'Contracargo en la transacción {transaction} ({product}, {amount}): responde a la disputa antes del {deadline}.',
    openRequestsTitle: 'Solicitudes de reembolso abiertas hace más de {days} días: {count}',
    openRequestLine:
      '• {transaction} — {product} — {amount} — {buyer} — solicitada el {date} (hace {age} días)',
    more: '… y {count} más.',
    unknownProduct: 'producto',
    noAmount: 'importe no informado',
  },
  en: {
    headerTransaction: 'Transaction',
    headerChargebackAt: 'Chargeback on',
    headerDeadline: 'Respond by',
    headerEmail: 'Buyer e-mail',
    headerName: 'Buyer name',
    headerProduct: 'Product',
    headerAmount: 'Amount',
    headerPayment: 'Payment',
    headerStatus: 'Status',
    statusOpen: 'Open',
    chargebackAlert:
      'Chargeback on transaction {transaction} ({product}, {amount}): respond to the dispute by {deadline}.',
    openRequestsTitle: 'Refund requests open for more than {days} days: {count}',
    openRequestLine: '• {transaction} — {product} — {amount} — {buyer} — requested {date} ({age} days ago)',
    more: '… and {count} more.',
    unknownProduct: 'product',
    noAmount: 'amount not given',
  },
});
