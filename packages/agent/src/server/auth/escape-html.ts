const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and double- or single-quoted attribute values.
 *
 * @example
 * import { escapeHtml } from './escape-html.ts';
 * escapeHtml('<b>"Ana" & co</b>'); // '&lt;b&gt;&quot;Ana&quot; &amp; co&lt;/b&gt;'
 */
export function escapeHtml(text: string): string {
  return String(text).replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}
