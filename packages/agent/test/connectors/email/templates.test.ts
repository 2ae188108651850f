import { describe, expect, it } from 'vitest';
import { emailRenderTemplate } from '../../../src/connectors/email/actions/render-template.ts';
import { emailConnector } from '../../../src/connectors/email/email-connector.ts';
import { composeTemplate } from '../../../src/connectors/email/templates/compose-template.ts';
import { defaultTemplates } from '../../../src/connectors/email/templates/default-templates.ts';
import {
  defineEmailTemplate,
  renderEmailTemplate,
} from '../../../src/connectors/email/templates/email-template.ts';
import {
  createTemplateEngine,
  type TemplateParts,
  templateEngine,
} from '../../../src/connectors/email/templates/template-engine.ts';
import { ActionInputError } from '../../../src/connectors/errors.ts';
import { invokeAction } from '../../../src/connectors/invoke.ts';
import { NonRetriableError } from '../../../src/engine/errors.ts';
import { LOCALES } from '../../../src/kit/i18n/locale.ts';
import { emailConnection, UNSUBSCRIBE_SECRET } from './support/fixtures.ts';

const NBSP = '\u00a0';
const AT = Date.UTC(2025, 5, 2, 15, 30);
const parts = (body: string): TemplateParts => ({ subject: 'S', text: body, html: body });

describe('template engine', () => {
  it.each([
    ['pt-BR', `Total: R$${NBSP}1.500,00 em 2 de junho de 2025 (02/06/2025, 12:30)`],
    ['es', `Total: BRL${NBSP}1,500.00 em 2 de junio de 2025 (2/6/25, 12:30)`],
    ['en', 'Total: R$1,500.00 em June 2, 2025 (6/2/25, 12:30 PM)'],
  ] as const)('formats money and dates for %s', async (locale, expected) => {
    const out = await templateEngine.render(
      parts("Total: {{ amount | money }} em {{ at | date }} ({{ at | datetime: 'short' }})"),
      { amount: { value: 1500, currency: 'BRL' }, at: AT },
      { locale, timeZone: 'America/Sao_Paulo' },
    );
    expect(out.text).toBe(expected);
  });

  it('formats money from a value and a currency argument, a missing currency and a missing amount', async () => {
    const out = await templateEngine.render(
      parts(
        "{{ 1500 | money: 'MXN' }}|{{ noCurrency | money }}|{{ nothing | money }}|{{ '97.5' | money: 'USD' }}",
      ),
      { noCurrency: { value: 29.9 } },
      { locale: 'es' },
    );
    expect(out.text).toBe(`$1,500.00|29,90||USD${NBSP}97.50`);
  });

  it('reads dates as ms, numeric strings and ISO strings, in UTC by default', async () => {
    const out = await templateEngine.render(
      parts(
        "{{ ms | date: 'medium' }}|{{ digits | date: 'medium' }}|{{ iso | date: 'full' }}|{{ none | date }}",
      ),
      { ms: AT, digits: String(AT), iso: '2025-06-03T01:30:00Z' },
      { locale: 'en' },
    );
    expect(out.text).toBe('Jun 2, 2025|Jun 2, 2025|Tuesday, June 3, 2025|');
  });

  it('writes first names properly and lets only http(s) URLs through safe_url', async () => {
    const out = await templateEngine.render(
      parts(
        "{{ 'ANA MARIA SOUZA' | first_name }} {{ 'joão' | first_name }} {{ 'McKenzie Li' | first_name }} {{ none | first_name }}|" +
          "{{ 'javascript:alert(1)' | safe_url }}|{{ 'data:text/html,x' | safe_url }}|{{ 'https://pay.hotmart.com/X?a=1&b=2' | safe_url }}",
      ),
      {},
      { locale: 'pt-BR' },
    );
    expect(out.text).toBe('Ana João McKenzie |||https://pay.hotmart.com/X?a=1&b=2');
    expect(out.html).toBe('Ana João McKenzie |||https://pay.hotmart.com/X?a=1&amp;b=2');
  });

  it('escapes data in the HTML part but not in the text part', async () => {
    const out = await templateEngine.render(
      parts('Oi {{ buyer.name }}'),
      { buyer: { name: '<script>alert("x")</script> & co' } },
      { locale: 'pt-BR' },
    );
    expect(out.text).toBe('Oi <script>alert("x")</script> & co');
    expect(out.html).toBe('Oi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; co');
  });

  it('keeps the subject on one line and refuses an empty one', async () => {
    const out = await templateEngine.render(
      { subject: 'Olá {{ name }}!', text: 't', html: 'h' },
      { name: 'Ana\r\nBcc: victim@example.com' },
      { locale: 'pt-BR' },
    );
    expect(out.subject).toBe('Olá Ana Bcc: victim@example.com!');
    await expect(
      templateEngine.render({ subject: '{{ none }}', text: 't', html: 'h' }, {}, { locale: 'en' }),
    ).rejects.toThrow('template subject: renders empty');
  });

  it('never evaluates data as a template', async () => {
    const out = await templateEngine.render(
      parts('{{ buyer.name }}'),
      { buyer: { name: "{{ secret }}{% include '/etc/passwd' %}" }, secret: 'leaked' },
      { locale: 'en' },
    );
    expect(out.text).toBe("{{ secret }}{% include '/etc/passwd' %}");
  });

  it.each([
    ["{% include '/etc/passwd' %}", 'tag "include" not found'],
    ["{% render 'secrets' %}", 'tag "render" not found'],
    ["{% layout 'base' %}", 'tag "layout" not found'],
    ["{{ 'x' | shout }}", 'undefined filter: shout'],
    ['{% if %}', 'template text:'],
  ])('refuses %j at parse time', (source, message) => {
    let error: unknown;
    try {
      templateEngine.check(parts(source));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('TEMPLATE_INVALID');
    expect((error as Error).message).toContain(message);
  });

  it('hides prototypes, globals and the process', async () => {
    const out = await templateEngine.render(
      parts(
        '[{{ buyer.constructor }}][{{ buyer.__proto__ }}][{{ buyer.constructor.name }}][{{ process.env.HOME }}]' +
          '[{{ globalThis }}][{{ buyer.name.constructor }}][{{ buyer.toString }}]',
      ),
      { buyer: { name: 'Ana' } },
      { locale: 'en' },
    );
    expect(out.text).toBe('[][][][][][][]');
  });

  it('gives up on runaway templates and oversized output', async () => {
    const engine = createTemplateEngine({ renderMs: 100, outputBytes: 1_000 });
    await expect(
      engine.render(parts('{% for i in (1..100000000) %}x{% endfor %}'), {}, { locale: 'en' }),
    ).rejects.toThrow('memory alloc limit exceeded');
    const started = Date.now();
    await expect(
      engine.render(
        parts('{% for i in (1..3000) %}{% for j in (1..3000) %}{% endfor %}{% endfor %}'),
        {},
        { locale: 'en' },
      ),
    ).rejects.toThrow('template render limit exceeded');
    expect(Date.now() - started).toBeLessThan(2_000);
    await expect(
      engine.render(parts('{% for i in (1..200) %}xxxxxxxxxx{% endfor %}'), {}, { locale: 'en' }),
    ).rejects.toThrow('template text: renders more than 1000 bytes');
    const small = createTemplateEngine({ sourceChars: 10 });
    expect(() => small.check(parts('x'.repeat(11)))).toThrow('template text: longer than 10 characters');
  });

  it('refuses an unknown time zone before rendering', async () => {
    await expect(
      templateEngine.render(parts('x'), {}, { locale: 'en', timeZone: 'Mars/Base' }),
    ).rejects.toThrow('formatDate: unknown time zone "Mars/Base"');
  });

  it('lists the variables a template reads', () => {
    expect(
      templateEngine.variables({
        subject: '{{ product.name }}',
        text: '{% if buyer %}{{ amount | money }}{% endif %}{% assign x = 1 %}{{ x }}',
        html: '{{ unsubscribeUrl }}',
      }),
    ).toEqual(['amount', 'buyer', 'product', 'unsubscribeUrl']);
  });
});

describe('defineEmailTemplate', () => {
  const ok = { subject: 'Oi', text: 'Olá {{ unsubscribeUrl }}', html: '<p>{{ unsubscribeUrl }}</p>' };

  it('checks the definition and names what is wrong', () => {
    expect(() =>
      defineEmailTemplate({
        id: 'Bad Id',
        description: 'x',
        marketing: false,
        locales: { 'pt-BR': ok, es: ok, en: ok },
      }),
    ).toThrow('defineEmailTemplate "Bad Id": id must be lowercase letters, digits and dashes (at most 64)');
    expect(() =>
      defineEmailTemplate({
        id: 'a',
        description: 'x',
        marketing: false,
        locales: { 'pt-BR': ok, es: ok } as never,
      }),
    ).toThrow('defineEmailTemplate "a": locales.en is missing');
    expect(() =>
      defineEmailTemplate({
        id: 'a',
        description: 'x',
        marketing: false,
        locales: { 'pt-BR': ok, es: { ...ok, html: '{{ x | nope }}' }, en: ok },
      }),
    ).toThrow('defineEmailTemplate "a": locales.es: template html: undefined filter: nope');
    expect(() =>
      defineEmailTemplate({
        id: 'a',
        description: 'x',
        marketing: true,
        locales: { 'pt-BR': ok, es: ok, en: { ...ok, html: '<p>no way out</p>' } },
      }),
    ).toThrow(
      'defineEmailTemplate "a": locales.en.html: marketing templates must print {{ unsubscribeUrl }}',
    );
    expect(() =>
      defineEmailTemplate({
        id: 'a',
        description: '',
        marketing: false,
        locales: { 'pt-BR': ok, es: ok, en: ok },
      }),
    ).toThrow('description must not be empty');
    expect(() =>
      defineEmailTemplate({
        id: 'a',
        description: 'x',
        marketing: false,
        locales: { 'pt-BR': { ...ok, subject: '  ' }, es: ok, en: ok },
      }),
    ).toThrow('locales.pt-BR.subject must not be empty');
  });

  it('needs an unsubscribe link to render marketing mail, unless previewing', async () => {
    const template = defineEmailTemplate({
      id: 'm',
      description: 'x',
      marketing: true,
      locales: { 'pt-BR': ok, es: ok, en: ok },
    });
    const error = await renderEmailTemplate(template, 'en', {}).catch((e: unknown) => e);
    expect((error as NonRetriableError).code).toBe('UNSUBSCRIBE_LINK_MISSING');
    const preview = await renderEmailTemplate(template, 'en', {}, { requireUnsubscribe: false });
    expect(preview.text).toBe('Olá');
  });
});

describe('default templates', () => {
  const full = {
    buyer: { name: 'ana souza', email: 'ana@example.com' },
    product: { id: '42', name: 'Curso de Fotografia' },
    amount: { value: 1500, currency: 'BRL' },
    transaction: 'HP17715690036014',
    occurredAt: AT,
    requestedAt: AT,
    completedAt: AT,
    accessUrl: 'https://club.example.com/curso',
    checkoutUrl: 'https://pay.hotmart.com/X123?checkoutMode=10',
    certificateUrl: 'https://club.example.com/cert.pdf',
    seller: { name: 'Ana Fotografia' },
    unsubscribeUrl: 'https://hp.example.com/unsubscribe?token=v1.abc.def',
  };

  it('ships the welcome, cart recovery, dunning, win-back, refund and certificate templates', () => {
    expect(defaultTemplates.map((template) => [template.id, template.marketing])).toEqual([
      ['welcome-1', true],
      ['welcome-2', true],
      ['welcome-3', true],
      ['cart-recovery-1', true],
      ['cart-recovery-2', true],
      ['cart-recovery-3', true],
      ['dunning-1', true],
      ['dunning-2', true],
      ['dunning-3', true],
      ['win-back-1', true],
      ['win-back-2', true],
      ['refund-acknowledgement', false],
      ['certificate', false],
    ]);
  });

  for (const template of defaultTemplates) {
    it(`${template.id} renders in every locale, with full and with minimal data`, async () => {
      for (const locale of LOCALES) {
        for (const data of [full, { unsubscribeUrl: full.unsubscribeUrl }]) {
          const out = await renderEmailTemplate(template, locale, data, { timeZone: 'America/Sao_Paulo' });
          for (const part of [out.subject, out.text, out.html]) {
            expect(part).not.toMatch(/{{|}}|{%|%}/);
            expect(part).not.toMatch(/\bundefined\b|\bnull\b|\[object/);
          }
          expect(out.html.startsWith(`<!DOCTYPE html>\n<html lang="${locale}">`)).toBe(true);
          expect(out.text).not.toMatch(/\n{3,}/);
          if (template.marketing) {
            expect(out.text).toContain(full.unsubscribeUrl);
            expect(out.html).toContain(`href="${full.unsubscribeUrl}"`);
          }
          if (data === full) {
            expect(out.text).toContain('Ana');
            if (template.variables.includes('checkoutUrl')) expect(out.text).toContain(full.checkoutUrl);
          }
        }
      }
    });
  }

  it('writes natural, localised subjects', async () => {
    const subjects = async (id: string, data: Record<string, unknown>) =>
      Promise.all(
        LOCALES.map(
          async (locale) =>
            (
              await renderEmailTemplate(defaultTemplates.find((t) => t.id === id)!, locale, {
                ...data,
                unsubscribeUrl: 'https://u.example',
              })
            ).subject,
        ),
      );
    expect(await subjects('cart-recovery-1', { product: { name: 'Curso X' } })).toEqual([
      'Você deixou Curso X no carrinho',
      'Dejaste Curso X en el carrito',
      'You left Curso X in your cart',
    ]);
    expect(await subjects('cart-recovery-1', {})).toEqual([
      'Você deixou um item no carrinho',
      'Dejaste algo en el carrito',
      'You left something in your cart',
    ]);
    expect(await subjects('certificate', { product: { name: 'Curso X' } })).toEqual([
      'Parabéns! Seu certificado de Curso X está pronto',
      '¡Felicidades! Tu certificado de Curso X está listo',
      'Congratulations! Your Curso X certificate is ready',
    ]);
  });

  it('renders the welcome e-mail’s purchase summary with the buyer’s money and dates', async () => {
    const out = await renderEmailTemplate(defaultTemplates[0]!, 'pt-BR', full, {
      timeZone: 'America/Sao_Paulo',
    });
    expect(out.text).toContain(
      [
        'Resumo da sua compra:',
        '',
        '- Produto: Curso de Fotografia',
        `- Valor: R$${NBSP}1.500,00`,
        '- Código da transação: HP17715690036014',
        '- Data: 2 de junho de 2025',
      ].join('\n'),
    );
    expect(out.text.startsWith('Olá, Ana!\n\nObrigado pela confiança!')).toBe(true);
    expect(out.html).toContain('<a href="https://club.example.com/curso"');
  });
});

describe('composeTemplate', () => {
  it('escapes literal text for HTML and refuses unsafe paths and conditions', () => {
    const out = composeTemplate('en', { subject: 'Q&A', blocks: ['Tom & Jerry <3 {{ a }}'] });
    expect(out.text).toBe('Tom & Jerry <3 {{ a }}');
    expect(out.html).toContain('<p style="margin:0 0 16px;">Tom &amp; Jerry &lt;3 {{ a }}</p>');
    expect(out.html).toContain('<title>Q&amp;A</title>');
    expect(() =>
      composeTemplate('en', { subject: 's', blocks: [{ button: 'Go', url: 'x }}{{ y' }] }),
    ).toThrow('composeTemplate: "x }}{{ y" is not a variable path');
    expect(() => composeTemplate('en', { subject: 's', blocks: [{ if: 'a %}{% b', show: [] }] })).toThrow(
      'unexpected characters in condition',
    );
  });
});

describe('email_render_template', () => {
  const connection = emailConnection(2525);
  const preview = (input: unknown, services: Record<string, unknown> = {}) =>
    invokeAction(emailRenderTemplate, input, { connector: emailConnector, connection, services });

  it('previews a template and lists the variables the data lacks', async () => {
    const out = await preview({ templateId: 'certificate', locale: 'es', data: { buyer: { name: 'Ana' } } });
    expect(out.templateId).toBe('certificate');
    expect(out.locale).toBe('es');
    expect(out.subject).toBe('¡Felicidades! Tu certificado está listo');
    expect(out.variables).toEqual(['buyer', 'certificateUrl', 'completedAt', 'product', 'seller']);
    expect(out.missing).toEqual(['certificateUrl', 'completedAt', 'product', 'seller']);
    expect(out.warnings).toEqual([]);
    expect(out.text).toContain('Tu certificado va adjunto a este correo.');
  });

  it('builds the real unsubscribe link for a recipient, and warns when it can’t', async () => {
    const out = await preview(
      { templateId: 'welcome-2', locale: 'pt-BR', to: 'Ana@Example.com' },
      { unsubscribeSecret: UNSUBSCRIBE_SECRET },
    );
    expect(out.warnings).toEqual([]);
    expect(out.text).toContain(
      'Não quer mais receber mensagens como esta? https://hp.example.com/unsubscribe?token=v1.',
    );
    expect(out.missing).not.toContain('unsubscribeUrl');
    const bare = await preview({ templateId: 'welcome-2', locale: 'pt-BR' });
    expect(bare.warnings).toEqual([
      'marketing template without an unsubscribe link: set the connection’s unsubscribeBaseUrl and the unsubscribe secret, or sends will fail',
    ]);
  });

  it('previews an inline draft and reports template errors', async () => {
    const draft = {
      subject: 'Oi {{ buyer.name }}',
      text: 'Total {{ amount | money }}',
      html: '<b>{{ buyer.name }}</b>',
    };
    const out = await preview({
      template: { locales: { 'pt-BR': draft, es: draft, en: draft } },
      locale: 'pt-BR',
      data: { buyer: { name: 'Ana & Bia' }, amount: { value: 10, currency: 'USD' } },
    });
    expect(out).toMatchObject({
      templateId: null,
      subject: 'Oi Ana & Bia',
      text: `Total US$${NBSP}10,00`,
      html: '<b>Ana &amp; Bia</b>',
      missing: [],
    });
    const broken = { ...draft, html: '{% include "x" %}' };
    const error = await preview({ template: { locales: { 'pt-BR': broken, es: draft, en: draft } } }).catch(
      (e: unknown) => e,
    );
    expect((error as NonRetriableError).code).toBe('TEMPLATE_INVALID');
    expect((error as Error).message).toBe(
      'locales.pt-BR: template html: tag "include" not found, line:1, col:1',
    );
  });

  it('needs exactly one of templateId and template', async () => {
    const error = (await preview({ locale: 'en' }).catch((e: unknown) => e)) as ActionInputError;
    expect(error).toBeInstanceOf(ActionInputError);
    expect(error.message).toBe(
      'invalid input for email_render_template: input.templateId: give exactly one of templateId or template',
    );
    const unknown = await preview({ templateId: 'nope' }).catch((e: unknown) => e);
    expect((unknown as NonRetriableError).code).toBe('TEMPLATE_NOT_FOUND');
  });
});
