import { Liquid, type Template } from 'liquidjs';
import { NonRetriableError } from '../../../engine/errors.ts';
import { type DateStyle, formatDate, formatDateTime } from '../../../kit/i18n/format-date.ts';
import { formatMoney } from '../../../kit/i18n/format-money.ts';
import type { Locale } from '../../../kit/i18n/locale.ts';

/**
 * The three parts of an e-mail in one language. `text` and `subject` are rendered as plain text; `html` with every
 * `{{ output }}` HTML-escaped.
 *
 * @example
 * import type { TemplateParts } from './template-engine.ts';
 * const parts: TemplateParts = { subject: 'Hi {{ buyer.name }}', text: 'Hello!', html: '<p>Hello!</p>' };
 */
export interface TemplateParts {
  subject: string;
  text: string;
  html: string;
}

/**
 * What a render needs besides the data: the reader's locale (for `money`, `date` and `datetime`) and the time zone
 * dates are shown in (default UTC).
 *
 * @example
 * import type { TemplateRenderOptions } from './template-engine.ts';
 * const options: TemplateRenderOptions = { locale: 'pt-BR', timeZone: 'America/Sao_Paulo' };
 */
export interface TemplateRenderOptions {
  locale: Locale;
  timeZone?: string;
}

/**
 * Limits that keep a seller's template from hurting the process: source length, render time, allocations, and the
 * size of what comes out.
 *
 * @example
 * import type { TemplateLimits } from './template-engine.ts';
 * const strict: Partial<TemplateLimits> = { renderMs: 200 };
 */
export interface TemplateLimits {
  /** Characters of template source per part (default 100 000). */
  sourceChars: number;
  /** Milliseconds per part's render (default 1 000). */
  renderMs: number;
  /** liquidjs's allocation budget per render, roughly characters and array items (default 10 000 000). */
  memory: number;
  /** Bytes of rendered output per part (default 1 MiB); subjects are capped at 998 characters (RFC 5322 §2.1.1). */
  outputBytes: number;
}

/**
 * A template that doesn't parse, fails to render, or renders too much. Not retried: the same template and data
 * fail the same way. `part` names which of subject/text/html.
 *
 * @example
 * import { TemplateError } from './template-engine.ts';
 * const error = new TemplateError('html', 'unknown filter "shout"', 'TEMPLATE_INVALID');
 * console.log(error.message); // 'template html: unknown filter "shout"'
 */
export class TemplateError extends NonRetriableError {
  readonly part: keyof TemplateParts | null;

  constructor(
    part: keyof TemplateParts | null,
    message: string,
    code: 'TEMPLATE_INVALID' | 'TEMPLATE_RENDER_FAILED' | 'TEMPLATE_TOO_LARGE',
  ) {
    super(part ? `template ${part}: ${message}` : `template: ${message}`, { code });
    Object.defineProperty(this, 'name', { value: 'TemplateError', enumerable: false, configurable: true });
    this.part = part;
  }
}

/**
 * A sandboxed Liquid engine for e-mail templates.
 *
 * @example
 * import type { TemplateEngine } from './template-engine.ts';
 * const preview = (engine: TemplateEngine) =>
 *   engine.render({ subject: 'Oi', text: 'Olá {{ buyer.name }}', html: '<p>Olá {{ buyer.name }}</p>' },
 *     { buyer: { name: 'Ana' } }, { locale: 'pt-BR' });
 */
export interface TemplateEngine {
  /** Parses every part (cached); throws a `TemplateError` naming the part that doesn't. */
  check(parts: TemplateParts): void;
  /** The top-level variables the parts read (`buyer`, `product`, `unsubscribeUrl`…), sorted. */
  variables(parts: TemplateParts): string[];
  /** Renders the three parts. The subject comes out on one line; blank-line runs in the text part are collapsed. */
  render(
    parts: TemplateParts,
    data: Readonly<Record<string, unknown>>,
    options: TemplateRenderOptions,
  ): Promise<TemplateParts>;
}

const DEFAULT_LIMITS: TemplateLimits = {
  sourceChars: 100_000,
  renderMs: 1_000,
  memory: 10_000_000,
  outputBytes: 1024 * 1024,
};
const MAX_SUBJECT = 998;
const PART_NAMES = ['subject', 'text', 'html'] as const;
const MAX_CACHED = 500;
// Where filters find the reader's locale: a symbol key of the render's globals, which no template can name.
const RENDER_ENV = Symbol('hotpilot.email.render');

interface RenderEnv {
  locale: Locale;
  timeZone: string;
}

/**
 * Creates the e-mail template engine. The configuration is chosen for templates written by sellers and filled with
 * data that comes from buyers (names, which anyone can type at a checkout):
 * - **No file system.** Templates live in memory; `include`, `render` and `layout` are removed (and the lookup map
 *   is empty besides), so no template can read a file.
 * - **No code.** Liquid has no expressions that call functions; data is copied to plain JSON before rendering and
 *   `ownPropertyOnly` hides prototypes (`constructor`, `__proto__`). Data is never parsed as a template, so a buyer
 *   named `{{ secret }}` is just a name.
 * - **Escaping** is on for the HTML part: every output is HTML-escaped unless the template says `| raw`.
 * - **strictFilters on**: a misspelled filter is a template bug, reported when the template is defined or previewed,
 *   not a silently unformatted price.
 * - **strictVariables off**: Hotmart's events are partial (a cancellation has no currency, an abandoned cart no
 *   transaction), and a welcome e-mail must still go out when the buyer's name is missing; templates guard optional
 *   fields with `{% if %}` or `| default`. `variables()` lets a preview list what a template reads.
 * - **Limits** on source size, render time, allocations and output size (see {@link TemplateLimits}).
 *
 * Filters besides Liquid's standard ones: `money` (`{{ amount | money }}` for `{ value, currency }`, or
 * `{{ 1500 | money: 'BRL' }}`), `date` and `datetime` (`{{ occurredAt | date }}`, optional style `short`/`medium`/
 * `long`/`full`) in the reader's locale and time zone, `first_name` (`ANA MARIA SOUZA` → `Ana`) and `safe_url`
 * (only `http:`/`https:` URLs pass; anything else, such as `javascript:`, becomes empty).
 *
 * @example
 * import { createTemplateEngine } from './template-engine.ts';
 * const engine = createTemplateEngine({ renderMs: 500 });
 * const out = await engine.render(
 *   { subject: 'Pedido {{ transaction }}', text: 'Total: {{ amount | money }}', html: '<b>{{ buyer.name }}</b>' },
 *   { transaction: 'HP123', amount: { value: 1500, currency: 'BRL' }, buyer: { name: '<Ana>' } },
 *   { locale: 'pt-BR' },
 * );
 * // out.text === 'Total: R$ 1.500,00'; out.html === '<b>&lt;Ana&gt;</b>'
 */
export function createTemplateEngine(limits: Partial<TemplateLimits> = {}): TemplateEngine {
  const limit = { ...DEFAULT_LIMITS, ...limits };
  const plain = sandbox(limit, false);
  const html = sandbox(limit, true);
  const cache = new Map<string, Template[]>();

  function parse(part: keyof TemplateParts, source: unknown): Template[] {
    if (typeof source !== 'string') throw new TemplateError(part, 'must be a string', 'TEMPLATE_INVALID');
    if (source.length > limit.sourceChars) {
      throw new TemplateError(part, `longer than ${limit.sourceChars} characters`, 'TEMPLATE_TOO_LARGE');
    }
    const engine = part === 'html' ? html : plain;
    const key = `${part === 'html' ? 'h' : 't'}:${source}`;
    const cached = cache.get(key);
    if (cached) return cached;
    let parsed: Template[];
    try {
      parsed = engine.parse(source);
    } catch (error) {
      throw new TemplateError(part, liquidMessage(error), 'TEMPLATE_INVALID');
    }
    if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value as string);
    cache.set(key, parsed);
    return parsed;
  }

  return {
    check(parts) {
      for (const part of PART_NAMES) parse(part, parts?.[part]);
    },

    variables(parts) {
      const names = new Set<string>();
      for (const part of PART_NAMES) {
        const engine = part === 'html' ? html : plain;
        for (const name of engine.globalVariablesSync(parse(part, parts[part]))) names.add(name);
      }
      return [...names].sort();
    },

    async render(parts, data, options) {
      const templates = PART_NAMES.map((part) => parse(part, parts?.[part]));
      const scope = toPlainData(data);
      const env: RenderEnv = { locale: options.locale, timeZone: options.timeZone ?? 'UTC' };
      // Checked up front so a bad time zone names itself rather than failing inside some `date` filter.
      formatDate(0, env.locale, env.timeZone);
      const out = {} as TemplateParts;
      for (const [index, part] of PART_NAMES.entries()) {
        const engine = part === 'html' ? html : plain;
        let rendered: unknown;
        try {
          rendered = await engine.render(templates[index] as Template[], scope, {
            globals: { [RENDER_ENV]: env },
          });
        } catch (error) {
          throw new TemplateError(part, liquidMessage(error), 'TEMPLATE_RENDER_FAILED');
        }
        let text = String(rendered ?? '');
        // Plain text: conditions that rendered nothing leave runs of blank lines and trailing spaces behind.
        if (part === 'text')
          text = text
            .replace(/[ \t]+$/gm, '')
            .replace(/\n{3,}/g, '\n\n')
            .trim();
        if (Buffer.byteLength(text, 'utf8') > limit.outputBytes) {
          throw new TemplateError(part, `renders more than ${limit.outputBytes} bytes`, 'TEMPLATE_TOO_LARGE');
        }
        out[part] = text;
      }
      // A header is one line: a newline in a buyer's name must not start a new header (or a new paragraph).
      out.subject = out.subject.replace(/\s+/g, ' ').trim();
      if (out.subject.length === 0)
        throw new TemplateError('subject', 'renders empty', 'TEMPLATE_RENDER_FAILED');
      if (out.subject.length > MAX_SUBJECT) {
        throw new TemplateError(
          'subject',
          `renders more than ${MAX_SUBJECT} characters`,
          'TEMPLATE_TOO_LARGE',
        );
      }
      return out;
    },
  };
}

/**
 * The shared engine with default limits.
 *
 * @example
 * import { templateEngine } from './template-engine.ts';
 * templateEngine.check({ subject: 'Hi', text: 'Hello', html: '<p>Hello</p>' });
 */
export const templateEngine: TemplateEngine = createTemplateEngine();

function sandbox(limit: TemplateLimits, escapeHtml: boolean): Liquid {
  const liquid = new Liquid({
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    lenientIf: true,
    jsTruthy: false,
    cache: false,
    parseLimit: limit.sourceChars,
    renderLimit: limit.renderMs,
    memoryLimit: limit.memory,
    ...(escapeHtml ? { outputEscape: 'escape' as const } : {}),
  });
  for (const tag of ['include', 'render', 'layout', 'block']) delete liquid.tags[tag];

  liquid.registerFilter('money', function money(value: unknown, currency?: unknown) {
    const env = renderEnv(this.context.globals);
    const amount = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : null;
    const number = amount ? amount['value'] : value;
    if (number === null || number === undefined || number === '') return '';
    const numeric = typeof number === 'string' ? Number(number) : number;
    if (typeof numeric !== 'number' || !Number.isFinite(numeric))
      throw new Error('money: the value is not a number');
    const code = typeof currency === 'string' ? currency : amount?.['currency'];
    if (typeof code === 'string' && code.length > 0) return formatMoney(numeric, code, env.locale);
    // No currency (Hotmart omits it on cancellations, reference §6.6): the number alone, in the reader's format.
    return new Intl.NumberFormat(env.locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
      numeric,
    );
  });
  const dateFilter = (withTime: boolean) =>
    function date(this: { context: { globals: object } }, value: unknown, style?: unknown) {
      if (value === null || value === undefined || value === '') return '';
      const env = renderEnv(this.context.globals);
      const at = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
      if (typeof at !== 'number' && typeof at !== 'string') throw new Error('date: not a date');
      const chosen = (typeof style === 'string' ? style : 'long') as DateStyle;
      return withTime
        ? formatDateTime(at, env.locale, env.timeZone, chosen)
        : formatDate(at, env.locale, env.timeZone, chosen);
    };
  liquid.registerFilter('date', dateFilter(false));
  liquid.registerFilter('datetime', dateFilter(true));
  liquid.registerFilter('first_name', function firstName(value: unknown) {
    if (typeof value !== 'string') return '';
    const first = value.trim().split(/\s+/)[0] ?? '';
    const env = renderEnv(this.context.globals);
    // Checkout forms are often typed in capitals; `ANA` reads as shouting in a greeting.
    if (first !== first.toLocaleUpperCase(env.locale) && first !== first.toLocaleLowerCase(env.locale))
      return first;
    const lower = first.toLocaleLowerCase(env.locale);
    return lower.charAt(0).toLocaleUpperCase(env.locale) + lower.slice(1);
  });
  liquid.registerFilter('safe_url', (value: unknown) => {
    if (typeof value !== 'string') return '';
    try {
      const url = new URL(value.trim());
      return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : '';
    } catch {
      return '';
    }
  });
  return liquid;
}

function renderEnv(globals: object): RenderEnv {
  const env = (globals as Record<symbol, RenderEnv | undefined>)[RENDER_ENV];
  if (!env) throw new Error('filter used outside a render');
  return env;
}

function toPlainData(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return {};
  // JSON keeps numbers, strings, booleans, arrays and plain objects: no functions, getters, class instances or
  // prototypes reach the template. Dates become ISO strings, which `date` reads.
  return JSON.parse(JSON.stringify(data)) as Record<string, unknown>;
}

function liquidMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // liquidjs appends a source excerpt after a newline; the first line says what went wrong.
  return message.split('\n')[0]?.slice(0, 300) ?? 'unknown template error';
}
