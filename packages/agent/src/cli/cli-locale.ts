import { type Locale, resolveLocale } from '../kit/i18n/locale.ts';

// The variables that name the language of messages, most specific first (POSIX: LC_ALL overrides LC_MESSAGES,
// which overrides LANG); HOTPILOT_LOCALE lets a seller pick hotpilot's language without touching the shell's.
const LOCALE_VARIABLES = ['HOTPILOT_LOCALE', 'LC_ALL', 'LC_MESSAGES', 'LANG'] as const;

/**
 * The language of the CLI's messages. With an environment (tests, or the composition root passing the process's):
 * the first of `HOTPILOT_LOCALE`, `LC_ALL`, `LC_MESSAGES`, `LANG` that is set (`pt_BR.UTF-8` → pt-BR, `es_MX` → es;
 * `C`, `POSIX` and languages hotpilot doesn't ship → en). Without one: the process's default locale, which Node's
 * ICU takes from those same POSIX variables.
 *
 * @example
 * import { cliLocale } from './cli-locale.ts';
 * cliLocale({ LANG: 'pt_BR.UTF-8' }); // 'pt-BR'
 * cliLocale({ HOTPILOT_LOCALE: 'es', LANG: 'en_US.UTF-8' }); // 'es'
 * cliLocale({}); // 'en'
 */
export function cliLocale(env?: Readonly<Record<string, string | undefined>>): Locale {
  if (env === undefined) return resolveLocale(new Intl.DateTimeFormat().resolvedOptions().locale, 'en');
  for (const name of LOCALE_VARIABLES) {
    const value = env[name]?.trim();
    if (!value) continue;
    // `pt_BR.UTF-8@euro` → `pt_BR`; the C locale is English.
    const tag = value.replace(/[.@].*$/, '');
    if (tag === 'C' || tag === 'POSIX') return 'en';
    return resolveLocale(tag, 'en');
  }
  return 'en';
}
