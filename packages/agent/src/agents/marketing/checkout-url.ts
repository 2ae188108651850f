import type { AgentSettings } from '../settings.ts';

/**
 * The link back to the checkout for an abandoned cart: the product's own link from the settings, else the
 * template with `{productId}` and `{offerCode}` filled in (URL-encoded), else null. The abandonment event carries
 * no checkout link of its own (reference §6.6).
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { checkoutUrl } from './checkout-url.ts';
 * const settings = parseAgentSettings({ marketing: { checkoutUrlTemplate: 'https://pay.example.com/{offerCode}' } });
 * checkoutUrl(settings.marketing, '42', 'k2x9'); // 'https://pay.example.com/k2x9'
 */
export function checkoutUrl(
  marketing: AgentSettings['marketing'],
  productId: string,
  offerCode: string | null,
): string | null {
  const own = marketing.checkoutUrls[productId];
  if (own) return own;
  const template = marketing.checkoutUrlTemplate;
  if (template === null) return null;
  if (template.includes('{offerCode}') && offerCode === null) return null;
  return template
    .replaceAll('{productId}', encodeURIComponent(productId))
    .replaceAll('{offerCode}', encodeURIComponent(offerCode ?? ''));
}
