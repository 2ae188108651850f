import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_ROUTES } from '../../../src/server/api/create-api-routes.ts';
import type { AuthEnv } from '../../../src/server/auth/principal.ts';
import { requireApiAuth } from '../../../src/server/auth/require-api-auth.ts';
import { requireScope } from '../../../src/server/auth/require-scope.ts';
import { createTokenVerifier } from '../../../src/server/auth/token-verifier.ts';
import { createApiToken, revokeApiToken } from '../../../src/store/access/api-tokens.ts';
import { disableUser } from '../../../src/store/access/users.ts';
import { storeFactories } from '../../store/stores.ts';
import { type ApiHarness, createApiHarness } from './harness.ts';

/** A concrete URL for a route pattern: every `:param` becomes a plausible value. */
const concrete = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => `some-${name}`);

describe('REST API authentication (sqlite)', () => {
  let h: ApiHarness;

  beforeAll(async () => {
    h = await createApiHarness(storeFactories[0]!);
  });
  afterAll(async () => {
    await h?.t.destroy();
  });

  const endpoints = () =>
    h.api.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => ({ method: route.method, path: route.path }));

  it('has a route in its table for every declared endpoint', () => {
    const table = endpoints().map((e) => `${e.method} ${e.path}`);
    expect(table).toEqual(API_ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`));
    expect(table.length).toBeGreaterThanOrEqual(22);
    expect(table).toContain('POST /actions/:id/call');
    expect(table).toContain('GET /openapi.json');
  });

  it('rejects every route of the table without credentials: 401 JSON with a Bearer challenge', async () => {
    const seen: string[] = [];
    for (const { method, path } of endpoints()) {
      const answer = await h.call(method, concrete(path), method === 'GET' ? {} : { body: {} });
      expect({ route: `${method} ${path}`, status: answer.status }).toEqual({
        route: `${method} ${path}`,
        status: 401,
      });
      expect(answer.body).toEqual({
        error: {
          code: 'unauthorized',
          message: 'authentication required: send "Authorization: Bearer hp_…"',
        },
      });
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="hotpilot"');
      seen.push(`${method} ${path}`);
    }
    expect(seen).toHaveLength(API_ROUTES.length);
    // Unknown paths too: nothing is revealed to anonymous callers.
    expect((await h.call('GET', '/nope')).status).toBe(401);
  });

  it('rejects every route with a forged, revoked or expired token, and with a disabled owner', async () => {
    const forged = `hp_${'x'.repeat(43)}`;
    const revoked = await createApiToken(h.t.store, {
      userId: h.users.admin.id,
      name: 'revoked',
      scopes: ['read', 'write'],
      expiresAt: null,
    });
    await revokeApiToken(h.t.store, revoked.record.id);
    const expired = await createApiToken(
      h.t.store,
      { userId: h.users.admin.id, name: 'expired', scopes: ['read', 'write'], expiresAt: Date.now() + 1 },
      { now: () => Date.now() - 10 },
    );
    const cases = [
      { token: forged, message: 'the API token is not valid' },
      { token: revoked.token.reveal(), message: 'the API token was revoked' },
      { token: expired.token.reveal(), message: 'the API token has expired' },
      { token: 'not-a-token', message: 'the bearer token is not a hotpilot API token (hp_…)' },
    ];
    await new Promise((resolve) => setTimeout(resolve, 5));
    for (const { method, path } of endpoints()) {
      for (const { token, message } of cases) {
        const answer = await h.call(method, concrete(path), {
          token,
          ...(method === 'GET' ? {} : { body: {} }),
        });
        expect(answer.status).toBe(401);
        expect(answer.body.error).toEqual({ code: 'invalid_token', message });
        expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="hotpilot", error="invalid_token"');
      }
    }
    const basic = await h.call('GET', '/me', { headers: { authorization: 'Basic YWRtaW46cGFzcw==' } });
    expect(basic.status).toBe(401);
    expect(basic.body.error.code).toBe('invalid_authorization');
  });

  it('stops a token at once when its owner is disabled', async () => {
    const harness = await createApiHarness(storeFactories[0]!);
    try {
      const token = await harness.token(harness.users.viewer, ['read']);
      expect((await harness.call('GET', '/me', { token })).status).toBe(200);
      await disableUser(harness.t.store, harness.users.viewer.id);
      const answer = await harness.call('GET', '/me', { token });
      expect(answer.status).toBe(401);
      expect(answer.body.error.code).toBe('invalid_token');
    } finally {
      await harness.t.destroy();
    }
  });

  it('answers /me with the effective scopes of a token (bounded by the owner role)', async () => {
    const viewerToken = await h.token(h.users.viewer, ['read', 'write', 'mcp']);
    const me = await h.call('GET', '/me', { token: viewerToken });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      user: {
        id: h.users.viewer.id,
        email: 'viewer@example.com',
        name: 'viewer person',
        role: 'viewer',
        locale: 'es',
      },
      auth: 'token',
      scopes: ['read', 'mcp'],
      csrfToken: null,
      token: { id: expect.any(String), name: 'viewer token', expiresAt: null },
    });
    expect(me.headers.get('cache-control')).toBe('no-store');
  });

  it('needs the read scope to read: an mcp-only token gets 403 insufficient_scope', async () => {
    const mcpOnly = await h.token(h.users.admin, ['mcp']);
    const answer = await h.call('GET', '/runs', { token: mcpOnly });
    expect(answer.status).toBe(403);
    expect(answer.body.error).toEqual({
      code: 'insufficient_scope',
      message: 'this request needs the "read" scope',
    });
    expect(answer.headers.get('www-authenticate')).toBe(
      'Bearer realm="hotpilot", error="insufficient_scope", scope="read"',
    );
  });

  it('needs the write scope and the operator role to change runs', async () => {
    const readOnly = await h.token(h.users.admin, ['read']);
    const viewerWrite = await h.token(h.users.viewer, ['read', 'write']);
    const operatorWrite = await h.token(h.users.operator, ['read', 'write']);
    for (const token of [readOnly, viewerWrite]) {
      const answer = await h.call('POST', '/runs/r1/cancel', { token });
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe('insufficient_scope');
    }
    // Allowed in: the run simply does not exist.
    const allowed = await h.call('POST', '/runs/r1/cancel', { token: operatorWrite });
    expect(allowed.status).toBe(404);
    expect(allowed.body).toEqual({ error: { code: 'not_found', message: 'no run has this id' } });
    // Creating connections needs an admin, whatever the scopes.
    const notAdmin = await h.call('POST', '/connections', {
      token: operatorWrite,
      body: { id: 'x', kind: 'slack', name: 'X' },
    });
    expect(notAdmin.status).toBe(403);
    expect(notAdmin.body.error).toEqual({
      code: 'forbidden',
      message: 'this needs the admin role or higher',
    });
  });

  it('accepts a dashboard session, with the CSRF token required on unsafe methods', async () => {
    const { cookie, csrf } = await h.session(h.users.operator);
    const read = await h.call('GET', '/me', { headers: { cookie } });
    expect(read.status).toBe(200);
    expect(read.body.auth).toBe('session');
    expect(read.body.scopes).toEqual(['read', 'write']);
    expect(read.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{86}$/);

    const withoutCsrf = await h.call('POST', '/runs/r1/cancel', { headers: { cookie } });
    expect(withoutCsrf.status).toBe(403);
    expect(withoutCsrf.body.error.code).toBe('csrf_failed');
    const wrongCsrf = await h.call('POST', '/runs/r1/cancel', {
      headers: { cookie, 'x-csrf-token': (await h.session(h.users.operator)).csrf },
    });
    expect(wrongCsrf.status).toBe(403);
    expect(wrongCsrf.body.error.code).toBe('csrf_failed');
    // The CSRF token from /me works as well as the one issued at sign-in.
    for (const token of [csrf, read.body.csrfToken as string]) {
      const withCsrf = await h.call('POST', '/runs/r1/cancel', {
        headers: { cookie, 'x-csrf-token': token },
      });
      expect(withCsrf.status).toBe(404);
    }
    const dead = await h.call('GET', '/me', { headers: { cookie: `hp_session=${'z'.repeat(43)}` } });
    expect(dead.status).toBe(401);
    expect(dead.body.error.code).toBe('session_expired');
  });

  it('lets only sessions mint tokens, with scopes the role allows, shown once', async () => {
    const token = await h.token(h.users.admin, ['read', 'write']);
    const byToken = await h.call('POST', '/tokens', { token, body: { name: 'n8n', scopes: ['read'] } });
    expect(byToken.status).toBe(403);
    expect(byToken.body.error.code).toBe('session_required');

    const viewer = await h.session(h.users.viewer);
    const tooMuch = await h.call('POST', '/tokens', {
      headers: { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf },
      body: { name: 'n8n', scopes: ['read', 'write'] },
    });
    expect(tooMuch.status).toBe(403);
    expect(tooMuch.body.error.message).toBe('your role (viewer) can not grant: write');

    const created = await h.call('POST', '/tokens', {
      headers: { cookie: viewer.cookie, 'x-csrf-token': viewer.csrf },
      body: { name: 'Claude Desktop', scopes: ['mcp', 'read'], expiresInDays: 30 },
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^hp_[A-Za-z0-9_-]{43}$/);
    expect(created.body.record).toMatchObject({
      name: 'Claude Desktop',
      scopes: ['read', 'mcp'],
      revokedAt: null,
    });
    const days =
      (Date.parse(created.body.record.expiresAt) - Date.parse(created.body.record.createdAt)) / 86_400_000;
    expect(days).toBe(30);

    const minted = created.body.token as string;
    expect((await h.call('GET', '/me', { token: minted })).body.user.email).toBe('viewer@example.com');
    const listed = await h.call('GET', '/tokens', { token: minted });
    expect(listed.body.items.map((item: { name: string }) => item.name)).toContain('Claude Desktop');
    expect(JSON.stringify(listed.body)).not.toContain(minted);
    // Another user can't see or revoke it; its owner can.
    const other = await h.token(h.users.operator, ['read']);
    expect((await h.call('DELETE', `/tokens/${created.body.record.id}`, { token: other })).status).toBe(404);
    const revoked = await h.call('DELETE', `/tokens/${created.body.record.id}`, { token: minted });
    expect(revoked.body).toEqual({ id: created.body.record.id, revoked: true });
    expect((await h.call('GET', '/me', { token: minted })).status).toBe(401);
    const audit = await h.t.store.listAudit({ action: 'token.create' });
    expect(audit[0]?.details).toMatchObject({ name: 'Claude Desktop', scopes: ['read', 'mcp'] });
    expect(JSON.stringify(audit)).not.toContain(minted);
  });

  it('lists everyone’s tokens for admins only', async () => {
    const viewerToken = await h.token(h.users.viewer, ['read']);
    const refused = await h.call('GET', '/tokens?all=true', { token: viewerToken });
    expect(refused.status).toBe(403);
    const adminToken = await h.token(h.users.admin, ['read']);
    const all = await h.call('GET', '/tokens?all=true', { token: adminToken });
    expect(all.status).toBe(200);
    const owners = new Set(all.body.items.map((item: { userId: string }) => item.userId));
    expect(owners.has(h.users.viewer.id)).toBe(true);
    expect(owners.has(h.users.admin.id)).toBe(true);
  });

  it('guards other surfaces such as /mcp: tokens only, with the mcp scope', async () => {
    const mcp = new Hono<AuthEnv>();
    mcp.use('*', requireApiAuth(h.auth, { scope: 'mcp', allowSession: false }));
    mcp.post('/mcp', (c) =>
      c.json({ user: c.get('principal').user.email, scopes: c.get('principal').scopes }),
    );
    mcp.post('/mcp/write', requireScope('write'), (c) => c.json({ ok: true }));
    const post = (path: string, headers: Record<string, string>) =>
      mcp.request(path, { method: 'POST', headers });

    const { cookie, csrf } = await h.session(h.users.admin);
    const bySession = await post('/mcp', { cookie, 'x-csrf-token': csrf });
    expect(bySession.status).toBe(401);
    const readOnly = await post('/mcp', {
      authorization: `Bearer ${await h.token(h.users.admin, ['read'])}`,
    });
    expect(readOnly.status).toBe(403);
    expect(((await readOnly.json()) as { error: { code: string } }).error.code).toBe('insufficient_scope');
    const viewer = `Bearer ${await h.token(h.users.viewer, ['mcp', 'write'])}`;
    const allowed = await post('/mcp', { authorization: viewer });
    expect(await allowed.json()).toEqual({ user: 'viewer@example.com', scopes: ['mcp'] });
    // The viewer's token names `write`, but a viewer can't write.
    expect((await post('/mcp/write', { authorization: viewer })).status).toBe(403);
  });

  it('offers a token check for surfaces that authenticate on their own', async () => {
    const verify = createTokenVerifier(h.auth);
    const created = await createApiToken(h.t.store, {
      userId: h.users.operator.id,
      name: 'claude',
      scopes: ['mcp', 'write'],
      expiresAt: null,
    });
    expect(await verify(created.token.reveal())).toEqual({
      userId: h.users.operator.id,
      tokenId: created.record.id,
      scopes: ['write', 'mcp'],
    });
    await revokeApiToken(h.t.store, created.record.id);
    expect(await verify(created.token.reveal())).toBeNull();
    expect(await verify('hp_nope')).toBeNull();
  });
});
