import { type Locale, resolveLocale } from '../kit/i18n/locale.ts';

/**
 * The language to write to a buyer in: from the buyer's country (Brazil and Portugal → pt-BR; Spanish-speaking
 * countries → es; others → en), or the seller's language when the event names no country.
 *
 * @example
 * import { buyerLocale } from './buyer-locale.ts';
 * buyerLocale('MX', 'pt-BR'); // 'es'
 * buyerLocale(null, 'pt-BR'); // 'pt-BR'
 */
export function buyerLocale(countryIso: string | null, sellerLocale: Locale): Locale {
  return countryIso === null ? sellerLocale : resolveLocale({ country: countryIso }, 'en');
}
