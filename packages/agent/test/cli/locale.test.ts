import { afterAll, describe, expect, it } from 'vitest';
import { cliLocale } from '../../src/cli/cli-locale.ts';
import { cliMessages } from '../../src/cli/cli-messages.ts';
import { LOCALES } from '../../src/kit/i18n/locale.ts';
import { dataEnv, hotpilot, hotpilotInProcess, removeTempDirs, tempDir } from './cli-harness.ts';

// The CLI speaks pt-BR, es or en, chosen by HOTPILOT_LOCALE, else LC_ALL / LC_MESSAGES / LANG.

afterAll(removeTempDirs);

describe('CLI language', () => {
  it('follows LANG in a real process (Node’s ICU reads the POSIX variables)', async () => {
    const env = dataEnv(tempDir(), { LANG: 'es_MX.UTF-8' });
    const empty = await hotpilot(['runs', 'ls'], { env });
    expect([empty.code, empty.stdout]).toEqual([0, 'no se encontraron ejecuciones']);
    const missing = await hotpilot(['events', 'show', 'x1'], { env: { ...env, LANG: 'pt_BR.UTF-8' } });
    expect([missing.code, missing.stderr]).toEqual([
      3,
      'erro: não existe evento com id "x1": veja hotpilot events ls',
    ]);
  });

  it('picks HOTPILOT_LOCALE first, then LC_ALL, LC_MESSAGES and LANG; C and unknown languages are English', async () => {
    expect(cliLocale({ HOTPILOT_LOCALE: 'es', LANG: 'pt_BR.UTF-8' })).toBe('es');
    expect(cliLocale({ LC_ALL: 'pt_PT.UTF-8', LANG: 'en_US.UTF-8' })).toBe('pt-BR');
    expect(cliLocale({ LC_MESSAGES: 'es_AR', LANG: 'pt_BR' })).toBe('es');
    expect(cliLocale({ LANG: 'pt_BR.UTF-8' })).toBe('pt-BR');
    expect(cliLocale({ LC_ALL: 'C', LANG: 'pt_BR.UTF-8' })).toBe('en');
    expect(cliLocale({ LANG: 'C.UTF-8' })).toBe('en');
    expect(cliLocale({ LANG: 'de_DE.UTF-8' })).toBe('en');
    expect(cliLocale({ HOTPILOT_LOCALE: ' ', LANG: 'es_ES@euro' })).toBe('es');
    expect(cliLocale({})).toBe('en');

    const dir = tempDir();
    const spanish = await hotpilotInProcess(
      ['connections', 'ls'],
      dataEnv(dir, { HOTPILOT_LOCALE: 'es', LANG: 'en_US.UTF-8' }),
    );
    expect(spanish.stdout).toBe(
      'todavía no hay conexiones: hotpilot connections add <id> --name <nombre> --hottok <hottok>',
    );
    const usage = await hotpilotInProcess(
      ['runs', 'ls', '--limit', 'lots'],
      dataEnv(dir, { LANG: 'pt_BR.UTF-8' }),
    );
    expect([usage.code, usage.stderr]).toEqual([
      2,
      'erro: --limit deve ser um número inteiro de 1 a 1.000 (recebido "lots")',
    ]);
  });

  it('has every message in every language, with the same placeholders', () => {
    // Renders each text with every placeholder echoed back as ⟨name⟩, to compare the placeholders across languages.
    const echo = new Proxy(
      {},
      {
        getOwnPropertyDescriptor: (_target, name) => ({
          configurable: true,
          enumerable: true,
          value: `⟨${String(name)}⟩`,
        }),
        get: (_target, name) => `⟨${String(name)}⟩`,
      },
    ) as Record<string, string>;
    const names = (text: string) =>
      [...new Set([...text.matchAll(/⟨(\w+)⟩/g)].map((match) => match[1]))].sort();
    expect(cliMessages.keys.length).toBeGreaterThan(200);
    for (const key of cliMessages.keys) {
      const [portuguese, spanish, english] = LOCALES.map((locale) => cliMessages.t(locale, key, echo));
      expect([key, names(spanish!)]).toEqual([key, names(english!)]);
      expect([key, names(portuguese!)]).toEqual([key, names(english!)]);
      for (const text of [portuguese, spanish, english]) expect(text).not.toMatch(/\{\w+\}/);
    }
  });
});
