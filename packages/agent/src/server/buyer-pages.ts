import {
  CHURN_REASONS,
  CHURN_TEXT_MAX_CHARS,
  type ChurnReason,
  churnReasonLabels,
} from '../agents/retention/churn-form/churn-reasons.ts';
import { LOCALES, type Locale } from '../kit/i18n/locale.ts';
import { escapeHtml } from './auth/escape-html.ts';
import { buyerMessages } from './buyer-messages.ts';
import { renderHtmlPage, SELF_CONTAINED_PAGE_HEADERS } from './html-page.ts';

/**
 * Headers of every page the buyer routes answer with. The URL carries a signed token, so: no caching anywhere
 * (`no-store`), no `Referer` sent from the page (`no-referrer`), nothing loaded from anywhere and no scripts (the
 * pages are self-contained HTML and inline CSS), forms posting only back to this origin, no framing, no indexing.
 *
 * @example
 * import { BUYER_PAGE_HEADERS } from './buyer-pages.ts';
 * const response = new Response('<!doctype html>…', { headers: { ...BUYER_PAGE_HEADERS } });
 */
export const BUYER_PAGE_HEADERS: Readonly<Record<string, string>> = Object.freeze({
  ...SELF_CONTAINED_PAGE_HEADERS,
  'referrer-policy': 'no-referrer',
  'x-robots-tag': 'noindex, nofollow',
});

const META = { robots: 'noindex, nofollow', referrer: 'no-referrer' } as const;

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;background:#f4f4f5;
    color:#18181b}
  main{max-width:36rem;margin:0 auto;padding:2rem 1rem}
  .card{background:#fff;border-radius:12px;padding:2rem 1.5rem;box-shadow:0 2px 12px rgba(0,0,0,.06)}
  h1{font-size:1.5rem;line-height:1.25;margin:0 0 .75rem}
  h2{font-size:1.2rem;margin:0 0 .5rem}
  p{margin:0 0 1rem}
  fieldset{border:0;margin:0 0 1.25rem;padding:0}
  legend{font-weight:700;margin-bottom:.5rem;padding:0}
  .choice{display:flex;align-items:flex-start;gap:.6rem;padding:.55rem .4rem;border-radius:8px}
  .choice:hover{background:#f4f4f5}
  .choice input{width:1.2rem;height:1.2rem;margin:.2rem 0 0;flex:none;accent-color:#c2410c}
  label{cursor:pointer}
  .field-label{display:block;font-weight:700;margin-bottom:.35rem}
  textarea{width:100%;min-height:7rem;padding:.6rem .7rem;border:1px solid #a1a1aa;border-radius:8px;font:inherit;
    resize:vertical}
  .hint{font-size:.9rem;color:#52525b;margin:.3rem 0 1.25rem}
  button{padding:.75rem 1.5rem;border:0;border-radius:8px;background:#c2410c;color:#fff;font:inherit;
    font-weight:700;cursor:pointer}
  :focus-visible{outline:3px solid #1d4ed8;outline-offset:2px}
  .notice{padding:.7rem .9rem;border-radius:8px;margin:0 0 1rem}
  .notice.error{background:#fdecea;color:#8a1c0b}
  .notice.info{background:#eef2ff;color:#1e3a8a}
  section+section{margin-top:2rem;padding-top:1.5rem;border-top:1px solid #e4e4e7}
`;

/**
 * What the churn-reason form shows: the token (sent back in a hidden field), the reason chosen before (a previous
 * answer, or the one just sent when the page comes back with an error), the text typed, and the error to show.
 *
 * @example
 * import type { ChurnFormView } from './buyer-pages.ts';
 * const view: ChurnFormView = { locale: 'pt-BR', token: 'v1.abc.def', answeredBefore: false };
 */
export interface ChurnFormView {
  locale: Locale;
  token: string;
  answeredBefore: boolean;
  selected?: ChurnReason | null;
  text?: string | null;
  error?: 'reasonMissing' | 'textTooLong';
}

/**
 * The churn-reason form in the subscriber's language: the reasons as radio buttons, an optional text of up to
 * 1000 characters, the token in a hidden field. Works without JavaScript; every interpolated value is escaped.
 *
 * @example
 * import { renderChurnFormPage } from './buyer-pages.ts';
 * const html = renderChurnFormPage({ locale: 'es', token: 'v1.abc.def', answeredBefore: true, selected: 'other' });
 */
export function renderChurnFormPage(view: ChurnFormView): string {
  const { locale } = view;
  const t = (key: Parameters<typeof buyerMessages.t>[1]) =>
    escapeHtml(buyerMessages.t(locale, key, { max: CHURN_TEXT_MAX_CHARS }));
  const labels = churnReasonLabels[locale];
  const error = view.error
    ? `<p id="form-error" class="notice error" role="alert">${t(view.error === 'reasonMissing' ? 'formReasonMissing' : 'formTextTooLong')}</p>`
    : '';
  const before =
    view.answeredBefore && !view.error
      ? `<p class="notice info" role="status">${t('formAnsweredBefore')}</p>`
      : '';
  const choices = CHURN_REASONS.map((reason) => {
    const id = `reason-${reason}`;
    const checked = view.selected === reason ? ' checked' : '';
    return `<div class="choice"><input type="radio" id="${id}" name="reason" value="${reason}" required${checked}><label for="${id}">${escapeHtml(labels[reason])}</label></div>`;
  }).join('\n');
  const reasonInvalid = view.error === 'reasonMissing';
  const textInvalid = view.error === 'textTooLong';
  // `action="churn"` resolves against the page's own URL (`…/forms/churn?token=…`), so the form posts to
  // `…/forms/churn` behind any path prefix, with the token in the body rather than in the URL.
  return page(
    locale,
    buyerMessages.t(locale, 'formTitle'),
    `<div class="card">
<h1>${t('formTitle')}</h1>
<p>${t('formIntro')}</p>
${error}${before}
<form method="post" action="churn">
<input type="hidden" name="token" value="${escapeHtml(view.token)}">
<fieldset${reasonInvalid ? ' aria-describedby="form-error"' : ''}>
<legend>${t('formReasonLegend')}</legend>
${choices}
</fieldset>
<label class="field-label" for="text">${t('formTextLabel')}</label>
<textarea id="text" name="text" rows="5" maxlength="${CHURN_TEXT_MAX_CHARS}" aria-describedby="${textInvalid ? 'form-error ' : ''}text-hint"${textInvalid ? ' aria-invalid="true"' : ''}>${escapeHtml(view.text ?? '')}</textarea>
<p id="text-hint" class="hint">${t('formTextHint')}</p>
<button type="submit">${t('formSubmit')}</button>
</form>
</div>`,
  );
}

/**
 * The page shown once an answer is recorded, in the subscriber's language.
 *
 * @example
 * import { renderChurnThanksPage } from './buyer-pages.ts';
 * const html = renderChurnThanksPage('en');
 */
export function renderChurnThanksPage(locale: Locale): string {
  return page(
    locale,
    buyerMessages.t(locale, 'thanksTitle'),
    `<div class="card" role="status">
<h1>${escapeHtml(buyerMessages.t(locale, 'thanksTitle'))}</h1>
<p>${escapeHtml(buyerMessages.t(locale, 'thanksBody'))}</p>
</div>`,
  );
}

/**
 * Why a buyer route refused a request: a missing, forged or expired token (`invalid`), a body over the limit
 * (`tooLarge`), a body that isn't a form post (`unsupported`), or a store that can't be reached (`unavailable`).
 *
 * @example
 * import type { BuyerErrorKind } from './buyer-pages.ts';
 * const kind: BuyerErrorKind = 'invalid';
 */
export type BuyerErrorKind = 'invalid' | 'tooLarge' | 'unsupported' | 'unavailable';

const ERROR_KEYS = {
  invalid: ['invalidTitle', 'invalidBody'],
  tooLarge: ['tooLargeTitle', 'tooLargeBody'],
  unsupported: ['unsupportedTitle', 'unsupportedBody'],
  unavailable: ['unavailableTitle', 'unavailableBody'],
} as const;

/**
 * An error page in the three languages — `locale` first — for requests whose language can't be trusted (a token
 * that doesn't verify names no language we may believe).
 *
 * @example
 * import { renderBuyerErrorPage } from './buyer-pages.ts';
 * const html = renderBuyerErrorPage('pt-BR', 'invalid');
 */
export function renderBuyerErrorPage(locale: Locale, kind: BuyerErrorKind): string {
  const [titleKey, bodyKey] = ERROR_KEYS[kind];
  const order = [locale, ...LOCALES.filter((other) => other !== locale)];
  const sections = order.map((l, index) => {
    const heading = index === 0 ? 'h1' : 'h2';
    return `<section lang="${l}"><${heading}>${escapeHtml(buyerMessages.t(l, titleKey))}</${heading}><p>${escapeHtml(buyerMessages.t(l, bodyKey))}</p></section>`;
  });
  return page(
    locale,
    buyerMessages.t(locale, titleKey),
    `<div class="card" role="alert">\n${sections.join('\n')}\n</div>`,
  );
}

function page(locale: Locale, title: string, body: string): string {
  return renderHtmlPage({ locale, title, style: STYLE, meta: META, body });
}
