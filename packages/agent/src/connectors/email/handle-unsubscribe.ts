import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../kit/i18n/locale.ts';
import { createMessages } from '../../kit/i18n/messages.ts';
import type { Store } from '../../store/port.ts';
import { suppressAddress } from './suppression.ts';
import { type UnsubscribeSecret, verifyUnsubscribeToken } from './unsubscribe-token.ts';

const messages = createMessages({
  'pt-BR': {
    doneTitle: 'Inscrição cancelada',
    doneBody:
      'Pronto: {email} não vai mais receber nossos e-mails. Se foi um engano, é só responder a qualquer mensagem nossa pedindo para voltar.',
    confirmTitle: 'Cancelar inscrição',
    confirmBody: 'Deseja parar de receber nossos e-mails em {email}?',
    confirmButton: 'Sim, cancelar minha inscrição',
    invalidTitle: 'Link inválido',
    invalidBody:
      'Este link de cancelamento está incompleto ou foi alterado. Use o link do e-mail que você recebeu ou responda à mensagem pedindo o cancelamento.',
  },
  es: {
    doneTitle: 'Baja confirmada',
    doneBody:
      'Listo: {email} ya no recibirá nuestros correos. Si fue un error, responde a cualquiera de nuestros mensajes y te volvemos a suscribir.',
    confirmTitle: 'Darte de baja',
    confirmBody: '¿Quieres dejar de recibir nuestros correos en {email}?',
    confirmButton: 'Sí, darme de baja',
    invalidTitle: 'Enlace no válido',
    invalidBody:
      'Este enlace para darte de baja está incompleto o fue modificado. Usa el enlace del correo que recibiste o responde al mensaje pidiendo la baja.',
  },
  en: {
    doneTitle: "You're unsubscribed",
    doneBody:
      "Done: {email} won't receive our emails anymore. If this was a mistake, just reply to any of our messages and we'll add you back.",
    confirmTitle: 'Unsubscribe',
    confirmBody: 'Do you want to stop receiving our emails at {email}?',
    confirmButton: 'Yes, unsubscribe me',
    invalidTitle: 'Invalid link',
    invalidBody:
      'This unsubscribe link is incomplete or has been changed. Use the link in the email you received, or reply to that message asking to unsubscribe.',
  },
});

/**
 * The text of the page shown after an unsubscribe link is followed, in one language.
 *
 * @example
 * import type { UnsubscribePageText } from './handle-unsubscribe.ts';
 * const text: UnsubscribePageText = { title: 'Unsubscribe', message: 'Done.' };
 */
export interface UnsubscribePageText {
  title: string;
  message: string;
  /** The label of the confirmation button (`confirm` results only). */
  button?: string;
}

/**
 * What {@link handleUnsubscribe} decided, with the page to show in all three languages (`texts`) and as a complete
 * HTML document (`html`: the reader's language first, then the other two). The server sends `status` and `html`.
 * - `unsubscribed`: the address is now on the suppression list (`alreadySuppressed` when it was before);
 * - `confirm`: a preview (GET) — nothing changed; the page holds a form that POSTs back to the same URL;
 * - `invalid`: the token is malformed, tampered with or signed with another key (status 400).
 *
 * @example
 * import type { UnsubscribeResult } from './handle-unsubscribe.ts';
 * const respond = (result: UnsubscribeResult) => ({ status: result.status, body: result.html });
 */
export type UnsubscribeResult =
  | {
      outcome: 'unsubscribed';
      status: 200;
      email: string;
      list: string;
      alreadySuppressed: boolean;
      locale: Locale;
      texts: Record<Locale, UnsubscribePageText>;
      html: string;
    }
  | {
      outcome: 'confirm';
      status: 200;
      email: string;
      list: string;
      locale: Locale;
      texts: Record<Locale, UnsubscribePageText>;
      html: string;
    }
  | {
      outcome: 'invalid';
      status: 400;
      locale: Locale;
      texts: Record<Locale, UnsubscribePageText>;
      html: string;
    };

/**
 * Handles an unsubscribe link, framework-free (the server mounts it on GET and POST of the connection's
 * `unsubscribeBaseUrl`): verifies the token in constant time and, in `apply` mode (the default), puts the address
 * on the suppression list — idempotently — and records it in the audit log.
 *
 * Mount it as RFC 8058 expects: POST (the one-click `List-Unsubscribe-Post` sent by mail clients, or the
 * confirmation form) → `apply`; GET (a person clicking the link) → `confirm`, which changes nothing and shows a
 * button. Link scanners and previewers fetch links with GET, so unsubscribing on GET would unsubscribe people who
 * never clicked.
 *
 * @example
 * import type { Store } from '../../store/port.ts';
 * import { handleUnsubscribe } from './handle-unsubscribe.ts';
 * declare const store: Store;
 * declare const secret: string; // from the configuration
 * declare const token: string; // the `token` query parameter
 * const result = await handleUnsubscribe(store, secret, token, Date.now());
 * console.log(result.status, result.outcome);
 */
export async function handleUnsubscribe(
  store: Pick<Store, 'getState' | 'setState' | 'appendAudit'>,
  secret: UnsubscribeSecret,
  token: unknown,
  now: number,
  options: { mode?: 'apply' | 'confirm' } = {},
): Promise<UnsubscribeResult> {
  const claim = verifyUnsubscribeToken(secret, token);
  if (!claim) {
    const texts = textsFor((locale) => ({
      title: messages.t(locale, 'invalidTitle'),
      message: messages.t(locale, 'invalidBody'),
    }));
    return {
      outcome: 'invalid',
      status: 400,
      locale: DEFAULT_LOCALE,
      texts,
      html: page(DEFAULT_LOCALE, texts),
    };
  }
  const locale = claim.locale ?? DEFAULT_LOCALE;
  if (options.mode === 'confirm') {
    const texts = textsFor((l) => ({
      title: messages.t(l, 'confirmTitle'),
      message: messages.t(l, 'confirmBody', { email: claim.email }),
      button: messages.t(l, 'confirmButton'),
    }));
    return {
      outcome: 'confirm',
      status: 200,
      email: claim.email,
      list: claim.list,
      locale,
      texts,
      html: page(locale, texts, true),
    };
  }
  const { created } = await suppressAddress(
    store,
    claim.email,
    { reason: 'unsubscribed', list: claim.list, actor: 'unsubscribe-link' },
    now,
  );
  const texts = textsFor((l) => ({
    title: messages.t(l, 'doneTitle'),
    message: messages.t(l, 'doneBody', { email: claim.email }),
  }));
  return {
    outcome: 'unsubscribed',
    status: 200,
    email: claim.email,
    list: claim.list,
    alreadySuppressed: !created,
    locale,
    texts,
    html: page(locale, texts),
  };
}

function textsFor(build: (locale: Locale) => UnsubscribePageText): Record<Locale, UnsubscribePageText> {
  return Object.fromEntries(LOCALES.map((locale) => [locale, build(locale)])) as Record<
    Locale,
    UnsubscribePageText
  >;
}

function page(locale: Locale, texts: Record<Locale, UnsubscribePageText>, form = false): string {
  const order = [locale, ...LOCALES.filter((other) => other !== locale)];
  const sections = order.map((l) => {
    const text = texts[l];
    // An empty action posts back to the same URL, token included.
    const button =
      form && text.button
        ? `<form method="post" action=""><button type="submit" style="padding:10px 20px;font-size:16px;">${escapeHtml(text.button)}</button></form>`
        : '';
    return `<section lang="${l}" style="margin-bottom:32px;"><h1 style="font-size:22px;">${escapeHtml(text.title)}</h1><p>${escapeHtml(text.message)}</p>${button}</section>`;
  });
  return [
    '<!DOCTYPE html>',
    `<html lang="${locale}">`,
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="robots" content="noindex">',
    `<title>${escapeHtml(texts[locale].title)}</title></head>`,
    '<body style="max-width:560px;margin:40px auto;padding:0 16px;font-family:Arial,Helvetica,sans-serif;line-height:1.5;color:#18181b;">',
    sections.join('\n<hr style="border:none;border-top:1px solid #e4e4e7;margin:24px 0;">\n'),
    '</body>',
    '</html>',
  ].join('\n');
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
