/**
 * Whether two spellings name the same Hotmart product: club webhooks send product ids as strings, zero-padded in
 * Hotmart's own samples (`"00000"`, reference §6.6), while the API and the settings use plain numbers.
 *
 * @example
 * import { sameProductId } from './product-id.ts';
 * sameProductId('0001925400', '1925400'); // true
 * sameProductId('1925400', '1925401'); // false
 */
export function sameProductId(a: string | number, b: string | number): boolean {
  return canonical(a) === canonical(b);
}

function canonical(id: string | number): string {
  const text = String(id).trim();
  return /^\d+$/.test(text) ? text.replace(/^0+(?=\d)/, '') : text;
}
