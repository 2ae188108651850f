import { isLocale, LOCALES, type Locale } from './locale.ts';

/**
 * Values substituted for `{name}` placeholders. Numbers are written with the reader's digit grouping.
 *
 * @example
 * import type { MessageParams } from './messages.ts';
 * const params: MessageParams = { name: 'Ana', count: 3 };
 */
export type MessageParams = Readonly<Record<string, string | number>>;

/**
 * A catalogue: for every locale, every key's text. `K` is taken from the `pt-BR` entry; TypeScript then requires
 * `es` and `en` to have exactly the same keys (a missing key and a stray key are both compile errors).
 *
 * @example
 * import type { MessageCatalogue } from './messages.ts';
 * const catalogue: MessageCatalogue<'hello'> = { 'pt-BR': { hello: 'Olá' }, es: { hello: 'Hola' }, en: { hello: 'Hi' } };
 */
export interface MessageCatalogue<K extends string> {
  readonly 'pt-BR': Readonly<Record<K, string>>;
  readonly es: Readonly<Record<NoInfer<K>, string>>;
  readonly en: Readonly<Record<NoInfer<K>, string>>;
}

/**
 * A checked catalogue with its translate function.
 *
 * @example
 * import type { Messages } from './messages.ts';
 * const title = (messages: Messages<'title'>) => messages.t('es', 'title');
 */
export interface Messages<K extends string> {
  /** The keys of the catalogue. */
  readonly keys: readonly K[];
  /**
   * The text of `key` in `locale`, with each `{name}` replaced by `params.name`. A placeholder without a value is a
   * programming error and throws a `TypeError` (better a failed test than a buyer reading `{name}`).
   */
  t(locale: Locale, key: K, params?: MessageParams): string;
  /** True when `key` is in the catalogue (for keys that come from data). */
  has(key: string): key is K;
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Creates a message catalogue for the three locales. Checked twice: at compile time (every locale has every key)
 * and at run time (for catalogues built from data): a missing or extra key, or a text that isn't a string, throws a
 * `TypeError` naming it.
 *
 * @example
 * import { createMessages } from './messages.ts';
 * const messages = createMessages({
 *   'pt-BR': { greeting: 'Olá, {name}!', items: '{count} itens' },
 *   es: { greeting: '¡Hola, {name}!', items: '{count} artículos' },
 *   en: { greeting: 'Hi {name}!', items: '{count} items' },
 * });
 * messages.t('es', 'greeting', { name: 'Ana' }); // '¡Hola, Ana!'
 * messages.t('pt-BR', 'items', { count: 1500 }); // '1.500 itens'
 */
export function createMessages<K extends string>(catalogue: MessageCatalogue<K>): Messages<K> {
  const reference = catalogue['pt-BR'];
  if (reference === null || typeof reference !== 'object') {
    throw new TypeError('createMessages: the pt-BR catalogue is missing');
  }
  const keys = Object.keys(reference) as K[];
  const problems: string[] = [];
  for (const locale of LOCALES) {
    const entries = catalogue[locale] as Readonly<Record<string, unknown>> | undefined;
    if (entries === null || typeof entries !== 'object') {
      problems.push(`${locale}: missing`);
      continue;
    }
    for (const key of keys) {
      if (typeof entries[key] !== 'string') problems.push(`${locale}.${key}: missing`);
    }
    for (const key of Object.keys(entries)) {
      if (!Object.hasOwn(reference, key)) problems.push(`${locale}.${key}: not in pt-BR`);
    }
  }
  if (problems.length > 0) throw new TypeError(`createMessages: ${problems.join('; ')}`);

  const frozen = Object.freeze(
    Object.fromEntries(LOCALES.map((locale) => [locale, Object.freeze({ ...catalogue[locale] })])),
  ) as unknown as Record<Locale, Readonly<Record<string, string>>>;
  const known = new Set<string>(keys);

  return Object.freeze({
    keys: Object.freeze(keys),
    has: (key: string): key is K => known.has(key),
    t(locale: Locale, key: K, params: MessageParams = {}): string {
      if (!isLocale(locale)) throw new TypeError(`t: unsupported locale ${JSON.stringify(locale)}`);
      const text = known.has(key) ? frozen[locale][key] : undefined;
      if (text === undefined) throw new TypeError(`t: unknown message key ${JSON.stringify(key)}`);
      return text.replace(PLACEHOLDER, (_match, name: string) => {
        const value = Object.hasOwn(params, name) ? params[name] : undefined;
        if (value === undefined) {
          throw new TypeError(`t: message ${JSON.stringify(key)} needs the parameter "${name}"`);
        }
        return typeof value === 'number' ? new Intl.NumberFormat(locale).format(value) : value;
      });
    },
  });
}
