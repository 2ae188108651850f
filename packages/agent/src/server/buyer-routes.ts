import { type Context, Hono } from 'hono';
import { latestChurnAnswer, recordChurnAnswer } from '../agents/retention/churn-form/churn-answer.ts';
import {
  type ChurnFormSecret,
  verifyChurnFormToken,
} from '../agents/retention/churn-form/churn-form-token.ts';
import { CHURN_FORM_PATH } from '../agents/retention/churn-form/churn-form-url.ts';
import { cleanChurnText, isChurnReason } from '../agents/retention/churn-form/churn-reasons.ts';
import { handleUnsubscribe } from '../connectors/email/handle-unsubscribe.ts';
import type { UnsubscribeSecret } from '../connectors/email/unsubscribe-token.ts';
import { type Clock, systemClock } from '../kit/clock.ts';
import { DEFAULT_LOCALE, type Locale } from '../kit/i18n/locale.ts';
import { type Logger, silentLogger } from '../kit/logger.ts';
import type { Store } from '../store/port.ts';
import { localeFromAcceptLanguage } from './auth/request-locale.ts';
import {
  BUYER_PAGE_HEADERS,
  type BuyerErrorKind,
  renderBuyerErrorPage,
  renderChurnFormPage,
  renderChurnThanksPage,
} from './buyer-pages.ts';
import { readRequestBody } from './read-body.ts';

/**
 * Options of {@link createBuyerRoutes}.
 *
 * @example
 * import type { BuyerRoutesOptions } from './buyer-routes.ts';
 * import type { Store } from '../store/port.ts';
 * declare const store: Store;
 * const options: BuyerRoutesOptions = { store, unsubscribeSecret: 'u'.repeat(32), churnFormSecret: 'c'.repeat(32) };
 */
export interface BuyerRoutesOptions {
  store: Pick<Store, 'getState' | 'setState' | 'appendAudit'>;
  /** The key that signs unsubscribe links (the sequences' `services.unsubscribeSecret`). */
  unsubscribeSecret: UnsubscribeSecret;
  /** The key that signs churn-form links (the one the retention agent builds them with). */
  churnFormSecret: ChurnFormSecret;
  now?: Clock;
  logger?: Logger;
  /** Largest request body read, in bytes (default 32 KiB: a 1000-character answer, percent-encoded, and the token). */
  bodyLimit?: number;
}

/**
 * The default body limit of the buyer routes' POSTs: 32 KiB.
 *
 * @example
 * import { BUYER_BODY_LIMIT } from './buyer-routes.ts';
 * BUYER_BODY_LIMIT; // 32768
 */
export const BUYER_BODY_LIMIT = 32 * 1024;

const FORM_TYPE = 'application/x-www-form-urlencoded';

/**
 * The pages buyers open from an e-mail, without an account: each request is authenticated by the signed token
 * of its link alone (no cookie is possible for a link in an e-mail), and a missing, forged or expired token is
 * refused with a 400 page in the three languages.
 * - `GET /forms/churn?token=…` — the churn-reason form in the token's language, the previous answer pre-selected;
 * - `POST /forms/churn` — form-encoded, the token in a hidden field: records the answer (audit entry
 *   `retention.churn-reason` and the subscriber's latest answer), then a thank-you page; a reason off the list or
 *   a text over 1000 characters → 400 with the form again;
 * - `GET /unsubscribe?token=…` — the confirmation page (changes nothing: link scanners fetch links with GET);
 * - `POST /unsubscribe?token=…` — RFC 8058 one-click, or the confirmation page's button: suppresses the address,
 *   200.
 * Every page is `no-store`, `no-referrer`, framed by nobody, with a CSP that allows no script.
 *
 * @example
 * import { Hono } from 'hono';
 * import type { Store } from '../store/port.ts';
 * import { createBuyerRoutes } from './buyer-routes.ts';
 * declare const store: Store;
 * const app = new Hono();
 * app.route('/', createBuyerRoutes({ store, unsubscribeSecret: 'u'.repeat(32), churnFormSecret: 'c'.repeat(32) }));
 */
export function createBuyerRoutes(options: BuyerRoutesOptions): Hono {
  const { store, unsubscribeSecret, churnFormSecret } = options;
  const now = options.now ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const bodyLimit = options.bodyLimit ?? BUYER_BODY_LIMIT;
  const app = new Hono();

  app.get(CHURN_FORM_PATH, async (c) => {
    const claim = verifyChurnFormToken(churnFormSecret, c.req.query('token'), now());
    if (!claim) return errorPage(c, 400, 'invalid');
    let previous: Awaited<ReturnType<typeof latestChurnAnswer>>;
    try {
      previous = await latestChurnAnswer(store, claim);
    } catch (error) {
      logger.error({ err: error }, 'churn form: reading the previous answer failed');
      return errorPage(c, 503, 'unavailable', claim.locale);
    }
    return html(
      200,
      renderChurnFormPage({
        locale: claim.locale,
        token: c.req.query('token') as string,
        answeredBefore: previous !== null,
        selected: previous?.reason ?? null,
        text: previous?.text ?? null,
      }),
    );
  });

  app.post(CHURN_FORM_PATH, async (c) => {
    const form = await readForm(c, bodyLimit);
    if (form.kind === 'too_large') return errorPage(c, 413, 'tooLarge');
    if (form.kind !== 'ok') return errorPage(c, 415, 'unsupported');
    const tokens = form.fields.getAll('token');
    const token = tokens.length === 1 ? tokens[0] : undefined;
    const claim = verifyChurnFormToken(churnFormSecret, token, now());
    if (!claim || token === undefined) return errorPage(c, 400, 'invalid');

    const reasons = form.fields.getAll('reason');
    const reason = reasons.length === 1 && isChurnReason(reasons[0]) ? reasons[0] : null;
    const typed = form.fields.get('text') ?? '';
    const cleaned = cleanChurnText(typed);
    const view = { locale: claim.locale, token, answeredBefore: false, selected: reason, text: typed };
    if (reason === null) return html(400, renderChurnFormPage({ ...view, error: 'reasonMissing' }));
    if ('tooLong' in cleaned) return html(400, renderChurnFormPage({ ...view, error: 'textTooLong' }));

    try {
      const { replaced } = await recordChurnAnswer(store, claim, { reason, text: cleaned.text }, now());
      // No e-mail or free text in the logs: the audit entry holds them.
      logger.info(
        { connectionId: claim.connectionId, reason, replaced, withText: cleaned.text !== null },
        'churn reason recorded',
      );
    } catch (error) {
      logger.error({ err: error }, 'churn form: recording the answer failed');
      return errorPage(c, 503, 'unavailable', claim.locale);
    }
    return html(200, renderChurnThanksPage(claim.locale));
  });

  app.get('/unsubscribe', async (c) => {
    const result = await handleUnsubscribe(store, unsubscribeSecret, c.req.query('token'), now(), {
      mode: 'confirm',
    });
    return html(result.status, result.html);
  });

  app.post('/unsubscribe', async (c) => {
    // RFC 8058's body (`List-Unsubscribe=One-Click`) says nothing the URL doesn't; it is read only to bound it.
    const body = await readRequestBody(c.req.raw, bodyLimit);
    if (body.kind === 'too_large') return errorPage(c, 413, 'tooLarge');
    let result: Awaited<ReturnType<typeof handleUnsubscribe>>;
    try {
      result = await handleUnsubscribe(store, unsubscribeSecret, c.req.query('token'), now());
    } catch (error) {
      logger.error({ err: error }, 'unsubscribe: suppressing the address failed');
      return errorPage(c, 503, 'unavailable');
    }
    if (result.outcome === 'unsubscribed') {
      logger.info({ list: result.list, alreadySuppressed: result.alreadySuppressed }, 'unsubscribed by link');
    }
    return html(result.status, result.html);
  });

  return app;
}

type FormResult = { kind: 'ok'; fields: URLSearchParams } | { kind: 'too_large' } | { kind: 'unsupported' };

async function readForm(c: Context, limit: number): Promise<FormResult> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  const declared = c.req.header('content-length');
  if (declared !== undefined && !(Number(declared) <= limit)) return { kind: 'too_large' };
  if (type !== FORM_TYPE) return { kind: 'unsupported' };
  const body = await readRequestBody(c.req.raw, limit);
  if (body.kind === 'too_large') return { kind: 'too_large' };
  if (body.kind !== 'ok') return { kind: 'unsupported' };
  return { kind: 'ok', fields: new URLSearchParams(body.bytes.toString('utf8')) };
}

function errorPage(
  c: Context,
  status: 400 | 413 | 415 | 503,
  kind: BuyerErrorKind,
  locale?: Locale,
): Response {
  // A token that doesn't verify names no language we may believe: the browser's, else English.
  const chosen = locale ?? localeFromAcceptLanguage(c.req.header('accept-language')) ?? DEFAULT_LOCALE;
  const headers = { ...BUYER_PAGE_HEADERS, ...(status === 413 ? { connection: 'close' } : {}) };
  return new Response(renderBuyerErrorPage(chosen, kind), { status, headers });
}

function html(status: number, body: string): Response {
  // A fresh object per answer: @hono/node-server adds Content-Length to the headers object it is given.
  return new Response(body, { status, headers: { ...BUYER_PAGE_HEADERS } });
}
