import { describe, expect, expectTypeOf, it } from 'vitest';
import { createMessages, type MessageCatalogue } from '../../../src/kit/i18n/messages.ts';

const messages = createMessages({
  'pt-BR': { greeting: 'Olá, {name}!', items: '{count} itens', plain: 'Obrigado' },
  es: { greeting: '¡Hola, {name}!', items: '{count} artículos', plain: 'Gracias' },
  en: { greeting: 'Hi {name}!', items: '{count} items', plain: 'Thank you' },
});

describe('createMessages', () => {
  it('translates with parameters in every locale', () => {
    expect(messages.t('pt-BR', 'greeting', { name: 'Ana' })).toBe('Olá, Ana!');
    expect(messages.t('es', 'greeting', { name: 'Ana' })).toBe('¡Hola, Ana!');
    expect(messages.t('en', 'greeting', { name: 'Ana' })).toBe('Hi Ana!');
    expect(messages.t('en', 'plain')).toBe('Thank you');
  });

  it('writes numeric parameters with the reader’s digit grouping', () => {
    expect(messages.t('pt-BR', 'items', { count: 1500 })).toBe('1.500 itens');
    expect(messages.t('en', 'items', { count: 1500 })).toBe('1,500 items');
    expect(messages.t('es', 'items', { count: 15000 })).toBe('15.000 artículos');
  });

  it('does not re-read placeholders inside substituted values', () => {
    expect(messages.t('en', 'greeting', { name: '{name}' })).toBe('Hi {name}!');
  });

  it('lists its keys and recognises them', () => {
    expect(messages.keys).toEqual(['greeting', 'items', 'plain']);
    expect(messages.has('greeting')).toBe(true);
    expect(messages.has('nope')).toBe(false);
  });

  it('throws on a missing parameter, an unknown key or an unsupported locale', () => {
    expect(() => messages.t('en', 'greeting')).toThrow('t: message "greeting" needs the parameter "name"');
    expect(() => messages.t('en', 'nope' as never)).toThrow('t: unknown message key "nope"');
    expect(() => messages.t('fr' as never, 'plain')).toThrow('t: unsupported locale "fr"');
    // An inherited property is not a parameter.
    expect(() => messages.t('en', 'greeting', Object.create({ name: 'x' }))).toThrow(
      'needs the parameter "name"',
    );
  });

  it('checks at run time that every locale has exactly the same keys', () => {
    const broken = {
      'pt-BR': { a: 'A', b: 'B' },
      es: { a: 'A' },
      en: { a: 'A', b: 'B', c: 'C' },
    } as unknown as MessageCatalogue<'a' | 'b'>;
    expect(() => createMessages(broken)).toThrow('createMessages: es.b: missing; en.c: not in pt-BR');
    expect(() => createMessages({ 'pt-BR': { a: 'A' } } as unknown as MessageCatalogue<'a'>)).toThrow(
      'createMessages: es: missing; en: missing',
    );
    expect(() => createMessages({} as unknown as MessageCatalogue<'a'>)).toThrow(
      'createMessages: the pt-BR catalogue is missing',
    );
    expect(() =>
      createMessages({
        'pt-BR': { a: 'A' },
        es: { a: 1 },
        en: { a: 'A' },
      } as unknown as MessageCatalogue<'a'>),
    ).toThrow('createMessages: es.a: missing');
  });

  it('checks at compile time that every locale has every key', () => {
    expectTypeOf(messages.t).parameter(1).toEqualTypeOf<'greeting' | 'items' | 'plain'>();
    const compileChecks = () => {
      // @ts-expect-error — `es` lacks the key `b`.
      createMessages({ 'pt-BR': { a: 'A', b: 'B' }, es: { a: 'A' }, en: { a: 'A', b: 'B' } });
      // @ts-expect-error — `en` has a key `c` that `pt-BR` lacks.
      createMessages({ 'pt-BR': { a: 'A' }, es: { a: 'A' }, en: { a: 'A', c: 'C' } });
      // @ts-expect-error — a locale is missing.
      createMessages({ 'pt-BR': { a: 'A' }, es: { a: 'A' } });
      // @ts-expect-error — an unknown key is refused by `t`.
      messages.t('en', 'nope');
    };
    expect(typeof compileChecks).toBe('function');
  });
});
