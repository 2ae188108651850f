import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Auth, createAuth } from '../../../src/server/auth/auth-options.ts';
import { createAuthRoutes, LOGIN_CSRF_COOKIE } from '../../../src/server/auth/auth-routes.ts';
import { issueCsrfToken } from '../../../src/server/auth/csrf-token.ts';
import { createLoginRateLimiter } from '../../../src/server/auth/login-rate-limiter.ts';
import type { AuthEnv } from '../../../src/server/auth/principal.ts';
import { requireRole } from '../../../src/server/auth/require-role.ts';
import { requireSession } from '../../../src/server/auth/require-session.ts';
import { createPasswordHasher } from '../../../src/store/access/password-hash.ts';
import { findSession } from '../../../src/store/access/sessions.ts';
import { tokenDigest } from '../../../src/store/access/token-digest.ts';
import { createUser } from '../../../src/store/access/users.ts';
import { storeFactories, type TestStore } from '../../store/stores.ts';

const PASSWORD = 'a long passphrase of mine';
const hasher = createPasswordHasher({ cost: { ln: 10 } });

/** Cookies a browser would keep between requests (name → value), fed from Set-Cookie headers. */
class CookieJar {
  readonly cookies = new Map<string, string>();
  store(response: Response): string[] {
    const set = response.headers.getSetCookie();
    for (const line of set) {
      const [pair = ''] = line.split(';');
      const [name = '', ...rest] = pair.split('=');
      const value = rest.join('=');
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value);
    }
    return set;
  }
  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

const csrfField = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

describe('sign-in, sign-out and session middleware (sqlite)', () => {
  let t: TestStore;
  let auth: Auth;
  let app: Hono;
  let now: number;

  beforeEach(async () => {
    t = await storeFactories[0]!.create();
    now = Date.parse('2025-06-02T12:00:00.000Z');
    auth = createAuth({
      store: t.store,
      publicUrl: 'https://ops.example.com',
      passwordHasher: hasher,
      now: () => now,
      loginLimiter: createLoginRateLimiter({ now: () => now }),
      clientIp: (c) => c.req.header('x-test-ip') ?? '198.51.100.1',
    });
    await createUser(
      t.store,
      { email: 'ana@example.com', name: 'Ana Souza', password: PASSWORD, role: 'operator', locale: 'pt-BR' },
      { hasher },
    );
    await createUser(
      t.store,
      { email: 'root@example.com', name: 'Root', password: PASSWORD, role: 'admin', locale: 'en' },
      { hasher },
    );
    app = new Hono();
    app.route('/', createAuthRoutes(auth));
    const dashboard = new Hono<AuthEnv>();
    dashboard.use('*', requireSession(auth));
    dashboard.get('/', (c) => c.text(`hello ${c.get('principal').user.name}`));
    dashboard.post('/settings', async (c) => c.text(`saved ${(await c.req.parseBody()).color}`));
    dashboard.get('/admin', requireRole('admin'), (c) => c.text('admin area'));
    app.route('/dashboard', dashboard);
  });

  afterEach(async () => {
    await t?.destroy();
  });

  async function loginPage(jar: CookieJar, query = '', headers: Record<string, string> = {}) {
    const response = await app.request(`/login${query}`, { headers: { cookie: jar.header(), ...headers } });
    jar.store(response);
    return { response, html: await response.text() };
  }

  async function submit(
    jar: CookieJar,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const response = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header(), ...headers },
      body: new URLSearchParams(fields).toString(),
    });
    jar.store(response);
    return response;
  }

  async function signIn(jar: CookieJar, email = 'ana@example.com', password = PASSWORD, next = '/') {
    const { html } = await loginPage(jar);
    return submit(jar, { email, password, next, _csrf: csrfField(html) });
  }

  it('renders the sign-in page in pt-BR, es and en with security headers', async () => {
    const jar = new CookieJar();
    const pt = await loginPage(jar, '', { 'accept-language': 'pt-BR,pt;q=0.9' });
    expect(pt.response.status).toBe(200);
    expect(pt.html).toContain('<html lang="pt-BR">');
    expect(pt.html).toContain('Entrar no hotpilot');
    expect(pt.html).toContain('<label for="password">Senha</label>');
    expect(pt.response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(pt.response.headers.get('x-frame-options')).toBe('DENY');
    expect(pt.response.headers.get('cache-control')).toBe('no-store');
    expect(jar.cookies.get(LOGIN_CSRF_COOKIE)).toBe(csrfField(pt.html));

    const es = await loginPage(jar, '?lang=es&next=/dashboard/runs', { 'accept-language': 'pt-BR' });
    expect(es.html).toContain('<html lang="es">');
    expect(es.html).toContain('Inicia sesión en hotpilot');
    expect(es.html).toContain('name="next" value="/dashboard/runs"');
    expect(es.html).toContain('Português (Brasil)');

    const en = await loginPage(jar, '?next=https://evil.example');
    expect(en.html).toContain('Sign in to hotpilot');
    expect(en.html).toContain('name="next" value="/"');
    // The login CSRF cookie is reused across page loads (several tabs keep working).
    expect(csrfField(en.html)).toBe(csrfField(pt.html));
  });

  it('signs in: a fresh HttpOnly, SameSite=Lax, Secure session cookie and a redirect to next', async () => {
    const jar = new CookieJar();
    const { html } = await loginPage(jar);
    const response = await submit(jar, {
      email: 'Ana@Example.com',
      password: PASSWORD,
      next: '/dashboard?tab=runs',
      _csrf: csrfField(html),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard?tab=runs');
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('hp_session='))!;
    expect(cookie).toMatch(/^hp_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect(cookie).toContain('Secure');
    expect(cookie).toContain(`Max-Age=${7 * 24 * 3600}`);
    const token = jar.cookies.get('hp_session')!;
    const rows = await t.raw('SELECT token_hash FROM sessions');
    expect(rows.map((r) => r.token_hash)).toEqual([tokenDigest(token)]);
    const audit = await t.store.listAudit({ action: 'auth.sign_in' });
    expect(audit).toHaveLength(1);
    expect(audit[0]?.details).toEqual({ ip: '198.51.100.1' });

    const page = await app.request('/dashboard', { headers: { cookie: jar.header() } });
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('hello Ana Souza');
  });

  it('omits Secure when the public URL is plain HTTP', async () => {
    const plain = createAuth({ store: t.store, publicUrl: 'http://localhost:3000', passwordHasher: hasher });
    const local = new Hono();
    local.route('/', createAuthRoutes(plain));
    const jar = new CookieJar();
    const page = await local.request('/login');
    jar.store(page);
    const response = await local.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({
        email: 'ana@example.com',
        password: PASSWORD,
        _csrf: csrfField(await page.text()),
      }).toString(),
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith('hp_session='))!;
    expect(cookie).toContain('HttpOnly');
    expect(cookie).not.toContain('Secure');
  });

  it('rotates the session on every sign-in', async () => {
    const jar = new CookieJar();
    await signIn(jar);
    const first = jar.cookies.get('hp_session')!;
    // A signed-in browser posting the form again (GET /login would just redirect it).
    const fresh = new CookieJar();
    const { html } = await loginPage(fresh);
    jar.cookies.set(LOGIN_CSRF_COOKIE, fresh.cookies.get(LOGIN_CSRF_COOKIE)!);
    expect(
      (await submit(jar, { email: 'ana@example.com', password: PASSWORD, _csrf: csrfField(html) })).status,
    ).toBe(303);
    const second = jar.cookies.get('hp_session')!;
    expect(second).not.toBe(first);
    expect(await findSession(t.store, first, { now: () => now })).toBeNull();
    expect(await findSession(t.store, second, { now: () => now })).not.toBeNull();
    expect(await t.raw('SELECT count(*) AS n FROM sessions')).toEqual([{ n: 1 }]);
  });

  it('refuses wrong passwords, unknown e-mails and missing fields with one message, and no cookie', async () => {
    const jar = new CookieJar();
    for (const [email, password] of [
      ['ana@example.com', 'not the password at all'],
      ['ghost@example.com', PASSWORD],
      ['', ''],
    ] as const) {
      const response = await signIn(jar, email, password);
      expect(response.status).toBe(401);
      const html = await response.text();
      expect(html).toContain('Invalid e-mail or password.');
      if (password) expect(html).not.toContain(password);
      expect(jar.cookies.has('hp_session')).toBe(false);
    }
    const spanish = await submit(jar, {
      email: 'ana@example.com',
      password: 'wrong wrong wrong',
      lang: 'es',
      _csrf: jar.cookies.get(LOGIN_CSRF_COOKIE)!,
    });
    expect(await spanish.text()).toContain('Correo electrónico o contraseña incorrectos.');
  });

  it('refuses oversized sign-in bodies before reading them', async () => {
    const response = await app.request('/login', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `email=a&password=${'x'.repeat(20_000)}`,
    });
    expect(response.status).toBe(413);
    expect(await t.raw('SELECT count(*) AS n FROM sessions')).toEqual([{ n: 0 }]);
  });

  it('refuses a sign-in form without its CSRF token', async () => {
    const jar = new CookieJar();
    await loginPage(jar);
    const missing = await submit(jar, { email: 'ana@example.com', password: PASSWORD });
    expect(missing.status).toBe(403);
    expect(await missing.text()).toContain('This form expired. Please try again.');
    const forged = await submit(new CookieJar(), {
      email: 'ana@example.com',
      password: PASSWORD,
      _csrf: 'x'.repeat(43),
    });
    expect(forged.status).toBe(403);
    expect(forged.headers.getSetCookie().some((line) => line.startsWith('hp_session='))).toBe(false);
  });

  it('answers 429 with Retry-After after 5 failures for one e-mail, even with the right password', async () => {
    const jar = new CookieJar();
    for (let i = 0; i < 5; i++) {
      expect((await signIn(jar, 'ana@example.com', `wrong password ${i}`)).status).toBe(401);
      now += 1000;
    }
    const blocked = await signIn(jar, 'ana@example.com', PASSWORD);
    expect(blocked.status).toBe(429);
    // The first failure leaves the 15-minute window 15 min − 5 s from now.
    expect(blocked.headers.get('retry-after')).toBe(String(15 * 60 - 5));
    expect(await blocked.text()).toContain('Too many failed attempts. Try again in 15 min.');
    expect(jar.cookies.has('hp_session')).toBe(false);
    // Another account from another address is not affected.
    const other = await signIn(new CookieJar(), 'root@example.com', PASSWORD);
    expect(other.status).toBe(303);
    now += 15 * 60_000;
    expect((await signIn(jar, 'ana@example.com', PASSWORD)).status).toBe(303);
  });

  it('answers 429 after 20 failures from one address across e-mails', async () => {
    for (let i = 0; i < 20; i++) {
      const response = await signIn(new CookieJar(), `nobody${i}@example.com`, 'wrong password here');
      expect(response.status).toBe(401);
    }
    const blocked = await signIn(new CookieJar(), 'ana@example.com', PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBe(15 * 60);
    const elsewhere = await (async () => {
      const jar = new CookieJar();
      const { html } = await loginPage(jar);
      return submit(
        jar,
        { email: 'ana@example.com', password: PASSWORD, _csrf: csrfField(html) },
        { 'x-test-ip': '203.0.113.50' },
      );
    })();
    expect(elsewhere.status).toBe(303);
  });

  it('redirects pages without a session to /login?next= and clears dead cookies', async () => {
    const none = await app.request('/dashboard/admin?x=1');
    expect(none.status).toBe(303);
    expect(none.headers.get('location')).toBe('/login?next=%2Fdashboard%2Fadmin%3Fx%3D1');
    const stale = await app.request('/dashboard', { headers: { cookie: `hp_session=${'a'.repeat(43)}` } });
    expect(stale.status).toBe(303);
    expect(stale.headers.getSetCookie().some((line) => /^hp_session=;.*Max-Age=0/.test(line))).toBe(true);

    const jar = new CookieJar();
    await signIn(jar);
    now += 12 * 3_600_000;
    const idle = await app.request('/dashboard', { headers: { cookie: jar.header() } });
    expect(idle.status).toBe(303);
  });

  it('demands the session CSRF token on dashboard POSTs', async () => {
    const jar = new CookieJar();
    await signIn(jar);
    const without = await app.request('/dashboard/settings', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: 'color=blue',
    });
    expect(without.status).toBe(403);
    expect(await without.text()).toContain('A verificação de segurança do formulário falhou.');

    const found = await findSession(t.store, jar.cookies.get('hp_session')!, { now: () => now });
    const token = issueCsrfToken(found!.session.csrfSecret);
    const withField = await app.request('/dashboard/settings', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({ color: 'green', _csrf: token }).toString(),
    });
    expect(withField.status).toBe(200);
    expect(await withField.text()).toBe('saved green');
    const withHeader = await app.request('/dashboard/settings', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        cookie: jar.header(),
        'x-csrf-token': token,
      },
      body: 'color=red',
    });
    expect(await withHeader.text()).toBe('saved red');
  });

  it('keeps admin pages for admins (403 page in the user language otherwise)', async () => {
    const operator = new CookieJar();
    await signIn(operator);
    const refused = await app.request('/dashboard/admin', {
      headers: { cookie: operator.header(), accept: 'text/html' },
    });
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('Sua conta não tem permissão para esta página.');
    const json = await app.request('/dashboard/admin', { headers: { cookie: operator.header() } });
    expect(json.status).toBe(403);
    expect(await json.json()).toEqual({
      error: { code: 'forbidden', message: 'this needs the admin role or higher' },
    });

    const admin = new CookieJar();
    await signIn(admin, 'root@example.com');
    const allowed = await app.request('/dashboard/admin', { headers: { cookie: admin.header() } });
    expect(await allowed.text()).toBe('admin area');
  });

  it('signs out with the CSRF token: the session is deleted and the cookie cleared', async () => {
    const jar = new CookieJar();
    await signIn(jar);
    const token = jar.cookies.get('hp_session')!;
    const forged = await app.request('/logout', { method: 'POST', headers: { cookie: jar.header() } });
    expect(forged.status).toBe(403);
    expect(await findSession(t.store, token, { now: () => now })).not.toBeNull();

    const found = await findSession(t.store, token, { now: () => now });
    const response = await app.request('/logout', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
      body: new URLSearchParams({ _csrf: issueCsrfToken(found!.session.csrfSecret) }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/login?signed_out=1&lang=pt-BR');
    jar.store(response);
    expect(jar.cookies.has('hp_session')).toBe(false);
    expect(await findSession(t.store, token, { now: () => now })).toBeNull();
    expect((await t.store.listAudit({ action: 'auth.sign_out' })).length).toBe(1);
    const after = await loginPage(jar, '?signed_out=1&lang=pt-BR');
    expect(after.html).toContain('Você saiu da sua conta.');

    // Without a session, sign-out just clears the cookie.
    const again = await app.request('/logout', { method: 'POST' });
    expect(again.status).toBe(303);
  });

  it('sends a signed-in visitor of /login straight to next', async () => {
    const jar = new CookieJar();
    await signIn(jar);
    const response = await app.request('/login?next=/dashboard', { headers: { cookie: jar.header() } });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/dashboard');
  });

  it('works over real HTTP, rate-limiting by the socket address', async () => {
    const real = createAuth({ store: t.store, passwordHasher: hasher, publicUrl: 'http://127.0.0.1' });
    const server = serve({ fetch: createAuthRoutes(real).fetch, hostname: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const page = await fetch(`${base}/login`);
      const jar = new CookieJar();
      jar.store(page);
      const response = await fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
        body: new URLSearchParams({
          email: 'ana@example.com',
          password: PASSWORD,
          _csrf: csrfField(await page.text()),
        }),
      });
      expect(response.status).toBe(303);
      jar.store(response);
      const found = await findSession(t.store, jar.cookies.get('hp_session')!);
      expect(found?.session.ip).toBe('127.0.0.1');
      expect(found?.session.userAgent).toBe('node');
      // 20 failures recorded against the loopback address, for other e-mails: this connection is now limited.
      for (let i = 0; i < 20; i++) real.loginLimiter.fail('127.0.0.1', `other${i}@example.com`);
      const again = await fetch(`${base}/login`);
      const fresh = new CookieJar();
      fresh.store(again);
      const limited = await fetch(`${base}/login`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: fresh.header() },
        body: new URLSearchParams({
          email: 'ana@example.com',
          password: PASSWORD,
          _csrf: csrfField(await again.text()),
        }),
      });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(800);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
