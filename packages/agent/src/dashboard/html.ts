import { escapeHtml } from '../server/auth/escape-html.ts';

/**
 * Markup that is already safe to send: built by {@link html} (every interpolated value escaped) or by
 * {@link jsonScript}. Anything else interpolated into a template is text and gets escaped, so a buyer called
 * `<img onerror=…>` is shown, never run.
 *
 * @example
 * import { html, SafeHtml } from './html.ts';
 * const cell = html`<td>${'<b>'}</td>`;
 * cell instanceof SafeHtml; // true
 * String(cell); // '<td>&lt;b&gt;</td>'
 */
export class SafeHtml {
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }
}

/**
 * What may be interpolated into {@link html}: safe markup, text (escaped), numbers, nothing (`null`, `undefined`,
 * `false` render as nothing), or arrays of these (joined).
 *
 * @example
 * import type { HtmlValue } from './html.ts';
 * const values: HtmlValue[] = ['text', 3, null, ['a', 'b']];
 */
export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(value: HtmlValue): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false || value === true) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

/**
 * The dashboard's only way to build markup: a tagged template whose interpolations are escaped unless they are
 * {@link SafeHtml}. Pages never concatenate strings into HTML, so escaping can't be forgotten.
 *
 * @example
 * import { html } from './html.ts';
 * const name = '<script>alert(1)</script>';
 * String(html`<p title="${name}">${name}</p>`);
 * // '<p title="&lt;script&gt;…">&lt;script&gt;alert(1)&lt;/script&gt;</p>'
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += render(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/**
 * Joins fragments (rows, options) into one piece of markup.
 *
 * @example
 * import { html, joinHtml } from './html.ts';
 * String(joinHtml(['a', 'b'].map((x) => html`<li>${x}</li>`))); // '<li>a</li><li>b</li>'
 */
export function joinHtml(parts: readonly HtmlValue[], separator = ''): SafeHtml {
  return new SafeHtml(parts.map(render).join(separator));
}

// `</script>`, `<!--` and the JavaScript line separators must not appear raw inside a script element.
const SCRIPT_UNSAFE: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * A `<script type="application/json">` element holding `value`, for charts and client code to read. The JSON is
 * inert (that script type never runs, and the page's CSP forbids inline scripts anyway) and escaped so no string
 * in it can close the element.
 *
 * @example
 * import { jsonScript } from './html.ts';
 * String(jsonScript('chart-mrr', { x: [1], series: [] }));
 * // '<script type="application/json" id="chart-mrr">{"x":[1],"series":[]}</script>'
 */
export function jsonScript(id: string, value: unknown): SafeHtml {
  const json = JSON.stringify(value ?? null).replace(/[<>&\u2028\u2029]/g, (char) => SCRIPT_UNSAFE[char]!);
  return new SafeHtml(`<script type="application/json" id="${escapeHtml(id)}">${json}</script>`);
}
