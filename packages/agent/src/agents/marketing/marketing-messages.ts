import { createMessages } from '../../kit/i18n/messages.ts';

/**
 * What the marketing agent writes for the seller's team (HubSpot lead names, the retargeting sheet's header), in
 * pt-BR, es and en.
 *
 * @example
 * import { marketingMessages } from './marketing-messages.ts';
 * marketingMessages.t('en', 'leadName', { product: 'Course', buyer: 'Ana' }); // 'Abandoned cart: Course — Ana'
 */
export const marketingMessages = createMessages({
  'pt-BR': {
    leadName: 'Carrinho abandonado: {product} — {buyer}',
    unknownProduct: 'Produto',
    headerKey: 'Chave',
    headerEmail: 'E-mail',
    headerName: 'Nome',
    headerPhone: 'Telefone',
    headerProductId: 'ID do produto',
    headerProduct: 'Produto',
    headerOffer: 'Oferta',
    headerAbandonedAt: 'Abandonado em',
    headerCountry: 'País',
    headerCheckout: 'Link do checkout',
  },
  es: {
    leadName: 'Carrito abandonado: {product} — {buyer}',
    unknownProduct: 'Producto',
    headerKey: 'Clave',
    headerEmail: 'Correo',
    headerName: 'Nombre',
    headerPhone: 'Teléfono',
    headerProductId: 'ID del producto',
    headerProduct: 'Producto',
    headerOffer: 'Oferta',
    headerAbandonedAt: 'Abandonado el',
    headerCountry: 'País',
    headerCheckout: 'Enlace de pago',
  },
  en: {
    leadName: 'Abandoned cart: {product} — {buyer}',
    unknownProduct: 'Product',
    headerKey: 'Key',
    headerEmail: 'E-mail',
    headerName: 'Name',
    headerPhone: 'Phone',
    headerProductId: 'Product id',
    headerProduct: 'Product',
    headerOffer: 'Offer',
    headerAbandonedAt: 'Abandoned at',
    headerCountry: 'Country',
    headerCheckout: 'Checkout link',
  },
});
