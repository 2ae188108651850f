import type { Locale } from '../../../kit/i18n/locale.ts';
import { type ChurnFormSecret, createChurnFormToken } from './churn-form-token.ts';

/**
 * The path the buyer routes serve the churn-reason form at, under the server's public URL.
 *
 * @example
 * import { CHURN_FORM_PATH } from './churn-form-url.ts';
 * CHURN_FORM_PATH; // '/forms/churn'
 */
export const CHURN_FORM_PATH = '/forms/churn';

/**
 * The link to the churn-reason form for one subscriber who cancelled: the server's public URL (`HOTPILOT_PUBLIC_URL`,
 * a path prefix kept) + `/forms/churn?token=…`, the token signed with `secret` and valid for 60 days from `now`
 * (default: the clock). Throws a `TypeError` for a URL that isn't absolute http(s), a short key or an invalid claim.
 *
 * @example
 * import { buildChurnFormUrl } from './churn-form-url.ts';
 * const url = buildChurnFormUrl('https://hp.example.com', 'k'.repeat(32), {
 *   connectionId: 'main', subscriberCode: 'SUB123', email: 'ana@example.com', productId: '1925400', locale: 'pt-BR',
 * });
 * url.startsWith('https://hp.example.com/forms/churn?token=v1.'); // true
 */
export function buildChurnFormUrl(
  publicUrl: string,
  secret: Uint8Array | string | ChurnFormSecret,
  claim: {
    connectionId: string;
    subscriberCode: string;
    email: string;
    productId: string | null;
    locale: Locale;
  },
  options: { now?: number; ttlMs?: number } = {},
): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new TypeError('buildChurnFormUrl: publicUrl must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('buildChurnFormUrl: publicUrl must be an absolute http(s) URL');
  }
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${CHURN_FORM_PATH}`;
  url.search = '';
  url.hash = '';
  const token = createChurnFormToken(secret, claim, {
    now: options.now ?? Date.now(),
    ...(options.ttlMs === undefined ? {} : { ttlMs: options.ttlMs }),
  });
  url.searchParams.set('token', token);
  return url.toString();
}
