import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../../src/kit/secret.ts';
import { safeNextPath } from '../../../src/server/auth/auth-routes.ts';
import { forwardedClientIp, socketClientIp } from '../../../src/server/auth/client-ip.ts';
import { issueCsrfToken, verifyCsrfToken } from '../../../src/server/auth/csrf-token.ts';
import { escapeHtml } from '../../../src/server/auth/escape-html.ts';
import { createLoginRateLimiter } from '../../../src/server/auth/login-rate-limiter.ts';
import { scopesOfRole, sessionScopes, tokenScopes } from '../../../src/server/auth/principal.ts';
import {
  knownLocale,
  localeFromAcceptLanguage,
  requestLocale,
} from '../../../src/server/auth/request-locale.ts';
import { isHttpsUrl } from '../../../src/server/auth/session-cookie.ts';
import { randomSecret } from '../../../src/store/access/token-digest.ts';

describe('CSRF synchroniser tokens', () => {
  const secret = new Secret(randomSecret(32));

  it('issues a different masked token each time, all of which verify', () => {
    const tokens = Array.from({ length: 5 }, () => issueCsrfToken(secret));
    expect(new Set(tokens).size).toBe(5);
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{86}$/);
      expect(token).not.toContain(secret.reveal());
      expect(verifyCsrfToken(secret, token)).toBe(true);
    }
  });

  it('refuses missing, malformed, truncated and foreign tokens', () => {
    const token = issueCsrfToken(secret);
    const other = issueCsrfToken(new Secret(randomSecret(32)));
    expect(verifyCsrfToken(secret, undefined)).toBe(false);
    expect(verifyCsrfToken(secret, null)).toBe(false);
    expect(verifyCsrfToken(secret, '')).toBe(false);
    expect(verifyCsrfToken(secret, token.slice(0, -2))).toBe(false);
    expect(verifyCsrfToken(secret, `${token}AA`)).toBe(false);
    const flipped = `${token.slice(0, 40)}${token[40] === 'A' ? 'g' : 'A'}${token.slice(41)}`;
    expect(verifyCsrfToken(secret, flipped)).toBe(false);
    // The last character carries 2 spare bits: a variant that decodes to the same bytes is refused too.
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const twin = `${token.slice(0, -1)}${alphabet[alphabet.indexOf(token.at(-1)!) ^ 1]}`;
    expect(Buffer.from(twin, 'base64url')).toEqual(Buffer.from(token, 'base64url'));
    expect(verifyCsrfToken(secret, twin)).toBe(false);
    expect(verifyCsrfToken(secret, 'not base64url!')).toBe(false);
    expect(verifyCsrfToken(secret, other)).toBe(false);
    // The raw secret is not a token either: a token is always mask + masked secret.
    expect(verifyCsrfToken(secret, secret.reveal())).toBe(false);
  });
});

describe('login rate limiter', () => {
  it('blocks an e-mail after 5 failures in 15 minutes and tells how long to wait', () => {
    let now = 1_000_000;
    const limiter = createLoginRateLimiter({ now: () => now });
    for (let i = 0; i < 5; i++) {
      expect(limiter.check('10.0.0.1', 'ana@example.com')).toEqual({ allowed: true });
      limiter.fail('10.0.0.1', 'ana@example.com');
      now += 60_000;
    }
    // Failures at 0, 1, 2, 3, 4 minutes; now is 5 minutes: the first leaves the window at 15 minutes.
    expect(limiter.check('10.0.0.2', 'ANA@example.com ')).toEqual({
      allowed: false,
      retryAfterMs: 10 * 60_000,
      by: 'email',
    });
    now += 10 * 60_000 - 1;
    expect(limiter.check('10.0.0.2', 'ana@example.com').allowed).toBe(false);
    now += 1;
    expect(limiter.check('10.0.0.2', 'ana@example.com')).toEqual({ allowed: true });
  });

  it('blocks an address after 20 failures whatever the e-mails', () => {
    const now = 5_000;
    const limiter = createLoginRateLimiter({ now: () => now });
    for (let i = 0; i < 20; i++) limiter.fail('203.0.113.9', `user${i}@example.com`);
    const verdict = limiter.check('203.0.113.9', 'someone-new@example.com');
    expect(verdict).toEqual({ allowed: false, retryAfterMs: 15 * 60_000, by: 'ip' });
    expect(limiter.check('203.0.113.10', 'someone-new@example.com')).toEqual({ allowed: true });
  });

  it('clears the e-mail (not the address) after a successful sign-in', () => {
    const limiter = createLoginRateLimiter({ limits: { maxPerEmail: 2, maxPerIp: 3 }, now: () => 0 });
    limiter.fail('10.0.0.1', 'ana@example.com');
    limiter.fail('10.0.0.1', 'ana@example.com');
    expect(limiter.check('10.0.0.1', 'ana@example.com').allowed).toBe(false);
    limiter.succeed('10.0.0.1', 'ana@example.com');
    expect(limiter.check('10.0.0.9', 'ana@example.com')).toEqual({ allowed: true });
    limiter.fail('10.0.0.1', 'bob@example.com');
    expect(limiter.check('10.0.0.1', 'carla@example.com')).toMatchObject({ allowed: false, by: 'ip' });
  });

  it('keeps memory bounded', () => {
    const limiter = createLoginRateLimiter({ now: () => 0, maxKeys: 10 });
    for (let i = 0; i < 5; i++) limiter.fail('10.0.0.1', 'victim@example.com');
    expect(limiter.check('10.0.0.2', 'victim@example.com').allowed).toBe(false);
    for (let i = 0; i < 20; i++) limiter.fail(`10.1.0.${i}`, `spray${i}@example.com`);
    // The oldest keys were dropped to stay within 10.
    expect(limiter.check('10.0.0.2', 'victim@example.com')).toEqual({ allowed: true });
  });
});

describe('request locale', () => {
  const app = new Hono();
  app.get('/', (c) => c.text(requestLocale(c, (c.req.query('user') as 'es' | undefined) ?? null)));
  const localeOf = async (url: string, headers: Record<string, string> = {}) =>
    (await app.request(url, { headers })).text();

  it('prefers ?lang=, then the user, then Accept-Language, then English', async () => {
    expect(await localeOf('/?lang=es&user=en', { 'accept-language': 'pt-BR' })).toBe('es');
    expect(await localeOf('/?lang=xx&user=es', { 'accept-language': 'pt-BR' })).toBe('es');
    expect(await localeOf('/', { 'accept-language': 'pt-BR,pt;q=0.9,en;q=0.8' })).toBe('pt-BR');
    expect(await localeOf('/', { 'accept-language': 'de-DE' })).toBe('en');
    expect(await localeOf('/')).toBe('en');
  });

  it('reads Accept-Language by quality and skips languages it does not ship', () => {
    expect(localeFromAcceptLanguage('fr-CA, es;q=0.8, en;q=0.5')).toBe('es');
    expect(localeFromAcceptLanguage('en;q=0.2, pt;q=0.9')).toBe('pt-BR');
    expect(localeFromAcceptLanguage('es-MX;q=0, en')).toBe('en');
    expect(localeFromAcceptLanguage('*')).toBeNull();
    expect(localeFromAcceptLanguage(undefined)).toBeNull();
    expect(knownLocale('ca-ES')).toBe('es');
    expect(knownLocale('fr')).toBeNull();
    expect(knownLocale('')).toBeNull();
  });
});

describe('safe redirects after sign-in', () => {
  it('keeps local paths and refuses anything that could leave the site', () => {
    expect(safeNextPath('/runs?status=dead#top')).toBe('/runs?status=dead#top');
    expect(safeNextPath('/')).toBe('/');
    for (const bad of [
      'https://evil.example',
      '//evil.example',
      '/\\evil.example',
      'javascript:alert(1)',
      '/ok\r\nSet-Cookie: x=1',
      '',
      undefined,
      42,
      `/${'a'.repeat(2001)}`,
    ]) {
      expect(safeNextPath(bad)).toBe('/');
    }
  });
});

describe('small helpers', () => {
  it('derives effective scopes from roles and tokens', () => {
    expect(scopesOfRole('viewer')).toEqual(['read', 'mcp']);
    expect(scopesOfRole('admin')).toEqual(['read', 'write', 'mcp']);
    expect(sessionScopes('operator')).toEqual(['read', 'write']);
    expect(sessionScopes('viewer')).toEqual(['read']);
    expect(tokenScopes(['read', 'write', 'mcp'], 'viewer')).toEqual(['read', 'mcp']);
    expect(tokenScopes(['write'], 'operator')).toEqual(['write']);
  });

  it('finds the client address from the socket or a trusted proxy', async () => {
    const app = new Hono();
    app.get('/socket', (c) => c.text(socketClientIp(c)));
    app.get('/proxy', (c) => c.text(forwardedClientIp(1)(c)));
    app.get('/two', (c) => c.text(forwardedClientIp(2)(c)));
    expect(await (await app.request('/socket')).text()).toBe('unknown');
    const spoofed = { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' };
    // The client can prepend anything; the entry the proxy appended is the last one.
    expect(await (await app.request('/proxy', { headers: spoofed })).text()).toBe('198.51.100.7');
    expect(await (await app.request('/two', { headers: spoofed })).text()).toBe('1.2.3.4');
    expect(await (await app.request('/proxy')).text()).toBe('unknown');
    expect(() => forwardedClientIp(0)).toThrow(RangeError);
  });

  it('escapes HTML and tells HTTPS public URLs', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(isHttpsUrl('https://ops.example.com')).toBe(true);
    expect(isHttpsUrl('HTTPS://ops.example.com')).toBe(true);
    expect(isHttpsUrl('http://ops.example.com')).toBe(false);
    expect(isHttpsUrl(null)).toBe(false);
  });
});
