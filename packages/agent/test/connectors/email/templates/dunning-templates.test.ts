import { describe, expect, it } from 'vitest';
import { dunningSequence } from '../../../../src/connectors/email/sequences/default-sequences.ts';
import { findTemplate } from '../../../../src/connectors/email/templates/default-templates.ts';
import {
  dunningTemplate1,
  dunningTemplate2,
  dunningTemplate3,
} from '../../../../src/connectors/email/templates/dunning-templates.ts';
import { renderEmailTemplate } from '../../../../src/connectors/email/templates/email-template.ts';
import { LOCALES, type Locale } from '../../../../src/kit/i18n/locale.ts';

const NBSP = '\u00a0';
const UNSUBSCRIBE = 'https://hp.example.com/unsubscribe?token=v1.abc.def';
const BILLET = 'https://billet.hotmart.com/print/HP0123456789?code=abc';
const NEGOTIATION = 'https://pay.hotmart.com/negotiation/HP0123456789';
const PIX =
  '00020126580014br.gov.bcb.pix0136a1b2c3d4-e5f6-7890-abcd-ef12345678905204000053039865802BR6304ABCD';
const CHARGED = Date.parse('2026-06-01T15:00:00.000Z');
const templates = [dunningTemplate1, dunningTemplate2, dunningTemplate3];

// Exactly what the retention agent sends.
function data(payment: Record<string, unknown>, amount = { value: 97, currency: 'BRL' }) {
  return {
    connectionId: 'main',
    buyer: { name: 'ANA SOUZA', email: 'ana@example.com' },
    product: { id: '1925400', name: 'Clube <Fotografia> & Cia' },
    subscription: { code: 'SUB-4F2A', planName: 'Plano Mensal', amount, chargeDate: CHARGED },
    payment,
    seller: { name: 'Curso da Ana' },
    unsubscribeUrl: UNSUBSCRIBE,
  };
}

async function render(locale: Locale, values: Record<string, unknown>, template = dunningTemplate1) {
  return renderEmailTemplate(template, locale, values, { timeZone: 'America/Sao_Paulo' });
}

describe('dunning templates', () => {
  it('are registered marketing templates with the unsubscribe link', () => {
    expect(templates.map((template) => [template.id, template.marketing])).toEqual([
      ['dunning-1', true],
      ['dunning-2', true],
      ['dunning-3', true],
    ]);
    for (const template of templates) expect(findTemplate(template.id)).toBe(template);
    expect(dunningTemplate1.variables).toEqual([
      'buyer',
      'payment',
      'product',
      'seller',
      'subscription',
      'unsubscribeUrl',
    ]);
  });

  it('write the amount and charge date for the reader: R$ 97,00 in pt-BR, $19.90 in en, USD 19.90 in es', async () => {
    const pt = await render('pt-BR', data({ type: 'BILLET', billetUrl: BILLET }));
    expect(pt.text).toContain(`no valor de R$${NBSP}97,00.`);
    expect(pt.text).toContain(
      [
        'Detalhes da cobrança:',
        '',
        '- Produto: Clube <Fotografia> & Cia',
        '- Plano: Plano Mensal',
        `- Valor: R$${NBSP}97,00`,
        '- Data da cobrança: 1 de junho de 2026',
      ].join('\n'),
    );
    const en = await render('en', data({ type: 'CREDIT_CARD' }, { value: 19.9, currency: 'USD' }));
    expect(en.text).toContain('subscription of $19.90.');
    expect(en.text).toContain('- Amount: $19.90\n- Charge date: June 1, 2026');
    const es = await render('es', data({ type: 'PIX', pixCode: PIX }, { value: 19.9, currency: 'USD' }));
    expect(es.text).toContain(`por USD${NBSP}19.90.`);
    expect(es.text).toContain('- Fecha del cobro: 1 de junio de 2026');
    const ptUsd = await render('pt-BR', data({ type: 'CREDIT_CARD' }, { value: 19.9, currency: 'USD' }));
    expect(ptUsd.text).toContain(`- Valor: US$${NBSP}19,90`);
  });

  it('write natural subjects in each language, for every step', async () => {
    const subjects = async (template: (typeof templates)[number]) =>
      Promise.all(LOCALES.map(async (locale) => (await render(locale, data({}), template)).subject));
    expect(await subjects(dunningTemplate1)).toEqual([
      'Não conseguimos confirmar o pagamento da sua assinatura de Clube <Fotografia> & Cia',
      'No pudimos confirmar el pago de tu suscripción a Clube <Fotografia> & Cia',
      "We couldn't confirm the payment for your Clube <Fotografia> & Cia subscription",
    ]);
    expect(await subjects(dunningTemplate2)).toEqual([
      'Lembrete: o pagamento da sua assinatura de Clube <Fotografia> & Cia continua pendente',
      'Recordatorio: el pago de tu suscripción a Clube <Fotografia> & Cia sigue pendiente',
      'Reminder: the payment for your Clube <Fotografia> & Cia subscription is still pending',
    ]);
    expect(await subjects(dunningTemplate3)).toEqual([
      'Último aviso: sua assinatura de Clube <Fotografia> & Cia pode ser cancelada',
      'Último aviso: tu suscripción a Clube <Fotografia> & Cia puede cancelarse',
      'Last notice: your Clube <Fotografia> & Cia subscription may be cancelled',
    ]);
  });

  it('offer one way to pay, in order: boleto, PIX code, negotiation link, buyer area', async () => {
    for (const template of templates) {
      for (const locale of LOCALES) {
        const all = await render(
          locale,
          data({ type: 'BILLET', billetUrl: BILLET, pixCode: PIX, negotiationUrl: NEGOTIATION }),
          template,
        );
        expect(all.text).toContain(BILLET);
        expect(all.html).toContain(`href="${BILLET.replace('&', '&amp;')}"`);
        for (const other of [PIX, NEGOTIATION, 'consumer.hotmart.com']) {
          expect(all.text).not.toContain(other);
          expect(all.html).not.toContain(other);
        }

        const pix = await render(
          locale,
          data({ type: 'PIX', pixCode: PIX, negotiationUrl: NEGOTIATION }),
          template,
        );
        expect(pix.text).toContain(`\n\n${PIX}\n\n`);
        expect(pix.html).toContain(`<p style="margin:0 0 16px;">${PIX}</p>`);
        expect(pix.text).not.toContain(NEGOTIATION);

        const negotiation = await render(
          locale,
          data({ type: 'BILLET', negotiationUrl: NEGOTIATION }),
          template,
        );
        expect(negotiation.text).toContain(NEGOTIATION);
        expect(negotiation.html).toContain(`href="${NEGOTIATION}"`);
        expect(negotiation.text).not.toContain('consumer.hotmart.com');

        const card = await render(locale, data({ type: 'CREDIT_CARD' }), template);
        expect(card.text).toContain('https://consumer.hotmart.com/');
        expect(card.html).toContain('href="https://consumer.hotmart.com/"');
      }
    }
    const card = await render('pt-BR', data({ type: 'CREDIT_CARD' }));
    expect(card.text).toContain('atualize o cartão da assinatura em Minhas compras, na Hotmart');
    expect(card.text).toContain('Ir para Minhas compras: https://consumer.hotmart.com/');
    const cardEs = await render('es', data({ type: 'CREDIT_CARD' }));
    expect(cardEs.text).toContain('actualiza la tarjeta de la suscripción en Mis compras');
    // Another type without a link: pay in the buyer's area, no word about a card.
    const other = await render('en', data({ type: 'PAYPAL' }));
    expect(other.text).toContain('settle the payment of your subscription in My purchases at Hotmart.');
    expect(other.text).not.toContain('update the card');
    const pix = await render('pt-BR', data({ type: 'PIX', pixCode: PIX }));
    expect(pix.text).toContain('pagar com o código PIX abaixo (copia e cola)');
  });

  it('escape what buyers typed in the HTML part and greet by first name', async () => {
    const out = await render('pt-BR', {
      ...data({ type: 'CREDIT_CARD' }),
      buyer: { name: '<b>ANA</b> SOUZA' },
    });
    expect(out.html).toContain('Clube &lt;Fotografia&gt; &amp; Cia');
    expect(out.html).not.toContain('<Fotografia>');
    expect(out.html).not.toContain('<b>ANA');
    const named = await render('en', data({ type: 'CREDIT_CARD' }));
    expect(named.text.startsWith('Hi Ana,\n\n')).toBe(true);
  });

  it('carry the unsubscribe footer in every language and step', async () => {
    for (const template of templates) {
      for (const locale of LOCALES) {
        const out = await render(locale, data({ type: 'CREDIT_CARD' }), template);
        expect(out.text).toContain(UNSUBSCRIBE);
        expect(out.html).toContain(`href="${UNSUBSCRIBE}"`);
        expect(out.text).toMatch(/\n--\n/);
        expect(out.text).toContain(
          {
            'pt-BR': 'porque assina Clube',
            es: 'porque estás suscrito a Clube',
            en: 'because you subscribe to Clube',
          }[locale],
        );
        expect(out.text).toContain('Curso da Ana');
        for (const part of [out.subject, out.text, out.html]) {
          expect(part).not.toMatch(/{{|}}|{%|%}|\bundefined\b|\bnull\b/);
        }
      }
    }
  });

  it('render with only the unsubscribe link (no product, amount or payment known)', async () => {
    const out = await render('es', { unsubscribeUrl: UNSUBSCRIBE }, dunningTemplate3);
    expect(out.subject).toBe('Último aviso: tu suscripción puede cancelarse');
    expect(out.text).not.toContain('Detalles del cobro');
    expect(out.text).toContain('Ir a Mis compras: https://consumer.hotmart.com/');
  });
});

describe('dunning sequence', () => {
  it('sends the notice now, a reminder after 2 days, a last notice 3 days later, until the subscription is active', () => {
    expect(dunningSequence.id).toBe('dunning');
    expect(dunningSequence.steps.map((step) => [step.id, step.delayMs, step.template.id])).toEqual([
      ['payment-failed', 0, 'dunning-1'],
      ['reminder', 2 * 86_400_000, 'dunning-2'],
      ['last-notice', 3 * 86_400_000, 'dunning-3'],
    ]);
    expect(dunningSequence.stopWhen).toEqual([{ subscriptionActive: {} }]);
  });
});
