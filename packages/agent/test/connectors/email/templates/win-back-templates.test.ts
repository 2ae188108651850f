import { describe, expect, it } from 'vitest';
import { buildChurnFormUrl } from '../../../../src/agents/retention/churn-form/churn-form-url.ts';
import { winBackSequence } from '../../../../src/connectors/email/sequences/default-sequences.ts';
import { findTemplate } from '../../../../src/connectors/email/templates/default-templates.ts';
import { renderEmailTemplate } from '../../../../src/connectors/email/templates/email-template.ts';
import {
  winBackTemplate1,
  winBackTemplate2,
} from '../../../../src/connectors/email/templates/win-back-templates.ts';
import { LOCALES, type Locale } from '../../../../src/kit/i18n/locale.ts';

const UNSUBSCRIBE = 'https://hp.example.com/unsubscribe?token=v1.abc.def';
const CHECKOUT = 'https://pay.hotmart.com/X123?off=abc&checkoutMode=10';
const CANCELLED = Date.parse('2026-05-20T13:00:00.000Z');
const FORM = buildChurnFormUrl('https://hp.example.com', 'test-churn-form-secret-0123456789', {
  connectionId: 'main',
  subscriberCode: 'SUB-4F2A',
  email: 'ana@example.com',
  productId: '1925400',
  locale: 'pt-BR',
});
const templates = [winBackTemplate1, winBackTemplate2];

// Exactly what the retention agent sends.
function data(overrides: { churnFormUrl?: string | null; checkoutUrl?: string } = {}) {
  return {
    connectionId: 'main',
    buyer: { name: 'Ana Souza', email: 'ana@example.com' },
    product: {
      id: '1925400',
      name: 'Clube de Fotografia',
      ...(overrides.checkoutUrl === undefined ? {} : { checkoutUrl: overrides.checkoutUrl }),
    },
    subscription: { code: 'SUB-4F2A', planName: 'Plano Mensal', cancelledAt: CANCELLED },
    churnFormUrl: overrides.churnFormUrl === undefined ? FORM : overrides.churnFormUrl,
    seller: { name: 'Curso da Ana' },
    unsubscribeUrl: UNSUBSCRIBE,
  };
}

async function render(locale: Locale, values: Record<string, unknown>, template = winBackTemplate1) {
  return renderEmailTemplate(template, locale, values, { timeZone: 'America/Sao_Paulo' });
}

const FORM_INTRO: Record<Locale, [string, string]> = {
  'pt-BR': ['Conte em menos de um minuto por que você saiu', 'Se ainda não contou por que saiu'],
  es: ['Cuéntanos en menos de un minuto por qué te fuiste', 'Si todavía no nos contaste por qué te fuiste'],
  en: ['Tell us in under a minute why you left', "If you haven't told us why you left yet"],
};

describe('win-back templates', () => {
  it('are registered marketing templates', () => {
    expect(templates.map((template) => [template.id, template.marketing])).toEqual([
      ['win-back-1', true],
      ['win-back-2', true],
    ]);
    for (const template of templates) expect(findTemplate(template.id)).toBe(template);
    expect(winBackTemplate1.variables).toEqual([
      'buyer',
      'churnFormUrl',
      'product',
      'seller',
      'subscription',
      'unsubscribeUrl',
    ]);
  });

  it('write natural subjects and the cancellation date in each language', async () => {
    const subjects = await Promise.all(LOCALES.map(async (locale) => (await render(locale, data())).subject));
    expect(subjects).toEqual([
      'Sentimos sua falta em Clube de Fotografia',
      'Te echamos de menos en Clube de Fotografia',
      'We miss you at Clube de Fotografia',
    ]);
    const followUps = await Promise.all(
      LOCALES.map(async (locale) => (await render(locale, data(), winBackTemplate2)).subject),
    );
    expect(followUps).toEqual([
      'Clube de Fotografia continua aqui para você',
      'Clube de Fotografia sigue aquí para ti',
      'Clube de Fotografia is still here for you',
    ]);
    expect((await render('pt-BR', data())).text).toContain(
      'Vimos que você cancelou a sua assinatura de Clube de Fotografia em 20 de maio de 2026.',
    );
    expect((await render('es', data())).text).toContain(
      'Vimos que cancelaste tu suscripción a Clube de Fotografia el 20 de mayo de 2026.',
    );
    expect((await render('en', data())).text).toContain(
      'We noticed you cancelled your Clube de Fotografia subscription on May 20, 2026.',
    );
  });

  it('link the churn-reason form when given, and say nothing of it when null', async () => {
    const escapedForm = FORM.replaceAll('&', '&amp;');
    for (const [index, template] of templates.entries()) {
      for (const locale of LOCALES) {
        const withForm = await render(locale, data(), template);
        expect(withForm.text).toContain(FORM_INTRO[locale][index]);
        expect(withForm.text).toContain(FORM);
        expect(withForm.html).toContain(`href="${escapedForm}"`);

        const without = await render(locale, data({ churnFormUrl: null }), template);
        expect(without.text).not.toContain(FORM_INTRO[locale][index]);
        expect(without.text).not.toContain('/forms/churn');
        expect(without.html).not.toContain('/forms/churn');
      }
    }
    expect((await render('pt-BR', data())).text).toContain(`Responder (1 minuto): ${FORM}`);
  });

  it('offer the way back when the checkout link is known', async () => {
    for (const template of templates) {
      for (const locale of LOCALES) {
        const back = await render(locale, data({ checkoutUrl: CHECKOUT }), template);
        expect(back.text).toContain(CHECKOUT);
        expect(back.html).toContain(`href="${CHECKOUT.replaceAll('&', '&amp;')}"`);
        const none = await render(locale, data(), template);
        expect(none.text).not.toContain('pay.hotmart.com');
      }
    }
    expect((await render('en', data({ checkoutUrl: CHECKOUT }))).text).toContain(
      `Subscribe again: ${CHECKOUT}`,
    );
    expect((await render('es', data({ checkoutUrl: CHECKOUT }), winBackTemplate2)).text).toContain(
      `Suscribirme de nuevo: ${CHECKOUT}`,
    );
  });

  it('carry the unsubscribe footer, sign with the seller and leave no template syntax', async () => {
    for (const template of templates) {
      for (const locale of LOCALES) {
        for (const values of [data({ checkoutUrl: CHECKOUT }), { unsubscribeUrl: UNSUBSCRIBE }]) {
          const out = await render(locale, values, template);
          expect(out.text).toContain(UNSUBSCRIBE);
          expect(out.html).toContain(`href="${UNSUBSCRIBE}"`);
          for (const part of [out.subject, out.text, out.html]) {
            expect(part).not.toMatch(/{{|}}|{%|%}|\bundefined\b|\bnull\b/);
          }
        }
        expect((await render(locale, data(), template)).text).toContain('Curso da Ana');
      }
    }
    expect((await render('pt-BR', { unsubscribeUrl: UNSUBSCRIBE })).subject).toBe('Sentimos sua falta');
  });

  it('refuse a javascript: link in place of the form URL', async () => {
    const out = await render('en', data({ churnFormUrl: 'javascript:alert(1)' }));
    expect(out.html).not.toContain('javascript:');
    expect(out.text).not.toContain('javascript:');
  });
});

describe('win-back sequence', () => {
  it('sends "we miss you" at once and a follow-up 5 days later, until a comeback', () => {
    expect(winBackSequence.id).toBe('win-back');
    expect(winBackSequence.steps.map((step) => [step.id, step.delayMs, step.template.id])).toEqual([
      ['we-miss-you', 0, 'win-back-1'],
      ['follow-up', 5 * 86_400_000, 'win-back-2'],
    ]);
    expect(winBackSequence.stopWhen).toEqual([
      { subscriptionActive: {} },
      { purchased: { since: 'enrolment' } },
    ]);
  });
});
