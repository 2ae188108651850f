import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AccessError } from '../../../src/store/access/access-error.ts';
import {
  createApiToken,
  getApiToken,
  listApiTokens,
  revokeApiToken,
  verifyApiToken,
} from '../../../src/store/access/api-tokens.ts';
import { createPasswordHasher, type PasswordHasher } from '../../../src/store/access/password-hash.ts';
import {
  createSession,
  deleteSession,
  deleteUserSessions,
  findSession,
  listUserSessions,
  pruneSessions,
  type SessionPolicy,
} from '../../../src/store/access/sessions.ts';
import { tokenDigest } from '../../../src/store/access/token-digest.ts';
import {
  changePassword,
  createUser,
  disableUser,
  enableUser,
  findUserByEmail,
  getUser,
  listUsers,
  verifyPassword,
} from '../../../src/store/access/users.ts';
import { storeFactories, type TestStore } from '../../store/stores.ts';

const PASSWORD = 'a long passphrase of mine';
const hasher = createPasswordHasher({ cost: { ln: 10 } });
const T0 = Date.parse('2025-06-02T12:00:00.000Z');
const policy: SessionPolicy = { idleMs: 60 * 60_000, absoluteMs: 24 * 60 * 60_000, touchIntervalMs: 60_000 };

/** Counts what the users module asks the hasher to do, to prove the unknown-user path does the same work. */
function countingHasher(inner: PasswordHasher): PasswordHasher & { verified: string[] } {
  const verified: string[] = [];
  return {
    cost: inner.cost,
    hash: (password) => inner.hash(password),
    verify: async (password, encoded) => {
      verified.push(encoded);
      return inner.verify(password, encoded);
    },
    needsRehash: (encoded) => inner.needsRehash(encoded),
    decoyHash: () => inner.decoyHash(),
    verified,
  };
}

describe.each(storeFactories)('people and access on $name', (factory) => {
  let t: TestStore;
  let now: number;
  const clock = () => now;

  // One store per adapter (a PostgreSQL schema costs most of a second to create and migrate); each test starts
  // from empty people-and-access tables.
  beforeAll(async () => {
    t = await factory.create();
  });
  beforeEach(async () => {
    now = T0;
    for (const table of ['api_tokens', 'sessions', 'users']) await t.raw(`DELETE FROM ${table}`);
  });
  afterAll(async () => {
    await t?.destroy();
  });

  const newUser = (email = 'ana@example.com', role: 'admin' | 'operator' | 'viewer' = 'admin') =>
    createUser(
      t.store,
      { email, name: 'Ana Souza', password: PASSWORD, role, locale: 'pt-BR' },
      { hasher, now: clock },
    );

  describe('users', () => {
    it('creates a user with a normalised e-mail and an scrypt hash, never the password', async () => {
      const user = await createUser(
        t.store,
        {
          email: '  Ana@Example.COM ',
          name: ' Ana Souza ',
          password: PASSWORD,
          role: 'operator',
          locale: 'es',
        },
        { hasher, now: clock },
      );
      expect(user).toEqual({
        id: expect.any(String),
        email: 'ana@example.com',
        name: 'Ana Souza',
        role: 'operator',
        locale: 'es',
        disabled: false,
        createdAt: T0,
        updatedAt: T0,
      });
      expect(JSON.stringify(user)).not.toContain('scrypt');
      const rows = await t.raw('SELECT password_hash FROM users');
      expect(String(rows[0]?.password_hash)).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
      expect(String(rows[0]?.password_hash)).not.toContain(PASSWORD);
      expect(await getUser(t.store, user.id)).toEqual(user);
      expect(await findUserByEmail(t.store, 'ANA@example.com')).toEqual(user);
      expect(await findUserByEmail(t.store, 'nobody@example.com')).toBeNull();
      expect(await getUser(t.store, 'missing')).toBeNull();
    });

    it('reports every invalid field at once, and weak passwords without echoing them', async () => {
      const invalid = await createUser(t.store, {
        email: 'not-an-email',
        name: '',
        password: PASSWORD,
        role: 'root' as 'admin',
        locale: 'fr' as 'en',
      }).catch((error: unknown) => error);
      expect(invalid).toBeInstanceOf(AccessError);
      expect((invalid as AccessError).code).toBe('invalid');
      expect((invalid as AccessError).fields.map((f) => f.path)).toEqual(['email', 'name', 'role', 'locale']);

      const weak = await createUser(
        t.store,
        { email: 'bob@example.com', name: 'Bob', password: 'bob@example.com', role: 'viewer', locale: 'en' },
        { hasher },
      ).catch((error: unknown) => error);
      expect((weak as AccessError).code).toBe('weak_password');
      expect((weak as AccessError).fields).toEqual([
        { path: 'password', message: 'must not be the e-mail address' },
      ]);
      expect((weak as AccessError).message).not.toContain('bob@example.com');
      const short = await createUser(
        t.store,
        { email: 'bob@example.com', name: 'Bob', password: 'short-pass', role: 'viewer', locale: 'en' },
        { hasher },
      ).catch((error: unknown) => error);
      expect((short as AccessError).fields).toEqual([
        { path: 'password', message: 'must have at least 12 characters' },
      ]);
      expect(await listUsers(t.store)).toEqual([]);
    });

    it('refuses a second user with the same e-mail in any case', async () => {
      await newUser('ana@example.com');
      const error = await newUser('ANA@EXAMPLE.COM').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AccessError);
      expect((error as AccessError).code).toBe('email_taken');
      expect((await listUsers(t.store)).map((u) => u.email)).toEqual(['ana@example.com']);
    });

    it('verifies passwords, and spends the same hash on unknown e-mails and disabled users', async () => {
      const user = await newUser();
      const counting = countingHasher(hasher);
      const decoy = await counting.decoyHash();

      expect(await verifyPassword(t.store, 'Ana@Example.com', PASSWORD, { hasher: counting })).toEqual(user);
      expect(
        await verifyPassword(t.store, 'ana@example.com', `${PASSWORD}!`, { hasher: counting }),
      ).toBeNull();
      expect(await verifyPassword(t.store, 'ghost@example.com', PASSWORD, { hasher: counting })).toBeNull();
      // Every path ran exactly one scrypt verification; the unknown e-mail was checked against the decoy.
      expect(counting.verified).toHaveLength(3);
      expect(counting.verified[2]).toBe(decoy);

      await disableUser(t.store, user.id, { now: clock });
      expect(await verifyPassword(t.store, 'ana@example.com', PASSWORD, { hasher: counting })).toBeNull();
      expect(counting.verified).toHaveLength(4);
      await enableUser(t.store, user.id, { now: clock });
      expect((await verifyPassword(t.store, 'ana@example.com', PASSWORD, { hasher: counting }))?.id).toBe(
        user.id,
      );
    });

    it('re-hashes a correct password stored with an outdated cost', async () => {
      const user = await newUser();
      const stronger = createPasswordHasher({ cost: { ln: 11 } });
      expect((await verifyPassword(t.store, user.email, PASSWORD, { hasher: stronger }))?.id).toBe(user.id);
      const rows = await t.raw('SELECT password_hash FROM users');
      expect(String(rows[0]?.password_hash)).toMatch(/^\$scrypt\$ln=11,/);
      expect((await verifyPassword(t.store, user.email, PASSWORD, { hasher }))?.id).toBe(user.id);
    });

    it('changes a password, checking the current one, and signs the user out everywhere', async () => {
      const user = await newUser();
      const { token } = await createSession(t.store, { userId: user.id }, { now: clock, policy });
      const wrong = await changePassword(
        t.store,
        user.id,
        { current: 'not my password at all', next: 'a brand new passphrase' },
        { hasher },
      ).catch((e: unknown) => e);
      expect((wrong as AccessError).code).toBe('wrong_password');
      const weak = await changePassword(
        t.store,
        user.id,
        { current: PASSWORD, next: 'short' },
        { hasher },
      ).catch((e: unknown) => e);
      expect((weak as AccessError).code).toBe('weak_password');
      expect(await findSession(t.store, token.reveal(), { now: clock, policy })).not.toBeNull();

      await changePassword(
        t.store,
        user.id,
        { current: PASSWORD, next: 'a brand new passphrase' },
        { hasher },
      );
      expect(await verifyPassword(t.store, user.email, PASSWORD, { hasher })).toBeNull();
      expect((await verifyPassword(t.store, user.email, 'a brand new passphrase', { hasher }))?.id).toBe(
        user.id,
      );
      expect(await findSession(t.store, token.reveal(), { now: clock, policy })).toBeNull();

      const missing = await changePassword(
        t.store,
        'nope',
        { next: 'a brand new passphrase' },
        { hasher },
      ).catch((e: unknown) => e);
      expect((missing as AccessError).code).toBe('not_found');
      await expect(disableUser(t.store, 'nope')).rejects.toMatchObject({ code: 'not_found' });
    });
  });

  describe('sessions', () => {
    it('stores only the SHA-256 of a random 32-byte token, with a CSRF secret that never prints', async () => {
      const user = await newUser();
      const { token, session } = await createSession(
        t.store,
        { userId: user.id, ip: '203.0.113.7', userAgent: 'Firefox' },
        { now: clock, policy },
      );
      expect(token.reveal()).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(`${token}`).toBe('[redacted]');
      expect(JSON.stringify(session)).not.toContain(session.csrfSecret.reveal());
      expect(session).toMatchObject({
        id: tokenDigest(token.reveal()),
        userId: user.id,
        createdAt: T0,
        lastSeenAt: T0,
        expiresAt: T0 + policy.absoluteMs,
        ip: '203.0.113.7',
        userAgent: 'Firefox',
      });
      const rows = await t.raw('SELECT token_hash FROM sessions');
      expect(rows.map((r) => r.token_hash)).toEqual([tokenDigest(token.reveal())]);
      const found = await findSession(t.store, token.reveal(), { now: clock, policy });
      expect(found?.user).toEqual(user);
      expect(found?.session.csrfSecret.reveal()).toBe(session.csrfSecret.reveal());
    });

    it('ends after the idle time, touching last-seen at most once a minute', async () => {
      const user = await newUser();
      const { token } = await createSession(t.store, { userId: user.id }, { now: clock, policy });
      now = T0 + 30_000;
      expect((await findSession(t.store, token.reveal(), { now: clock, policy }))?.session.lastSeenAt).toBe(
        T0,
      );
      now = T0 + 59 * 60_000;
      expect((await findSession(t.store, token.reveal(), { now: clock, policy }))?.session.lastSeenAt).toBe(
        now,
      );
      // Idle is counted from that last touch.
      now += policy.idleMs - 1;
      expect(await findSession(t.store, token.reveal(), { now: clock, policy })).not.toBeNull();
      now += policy.idleMs;
      expect(await findSession(t.store, token.reveal(), { now: clock, policy })).toBeNull();
      // An expired session is deleted, not just refused.
      expect(await t.raw('SELECT token_hash FROM sessions')).toEqual([]);
    });

    it('ends at the absolute expiry even when used all the time', async () => {
      const user = await newUser();
      const { token } = await createSession(t.store, { userId: user.id }, { now: clock, policy });
      for (let at = T0 + 50 * 60_000; at < T0 + policy.absoluteMs; at += 50 * 60_000) {
        now = at;
        expect(await findSession(t.store, token.reveal(), { now: clock, policy })).not.toBeNull();
      }
      now = T0 + policy.absoluteMs;
      expect(await findSession(t.store, token.reveal(), { now: clock, policy })).toBeNull();
    });

    it('rotates on sign-in: the session the browser came with is deleted', async () => {
      const user = await newUser();
      const first = await createSession(t.store, { userId: user.id }, { now: clock, policy });
      const second = await createSession(
        t.store,
        { userId: user.id, replaces: first.token.reveal() },
        { now: clock, policy },
      );
      expect(second.token.reveal()).not.toBe(first.token.reveal());
      expect(await findSession(t.store, first.token.reveal(), { now: clock, policy })).toBeNull();
      expect(await findSession(t.store, second.token.reveal(), { now: clock, policy })).not.toBeNull();
      expect((await listUserSessions(t.store, user.id)).map((s) => s.id)).toEqual([second.session.id]);
    });

    it('signs out one session or all, refuses disabled users, prunes the expired', async () => {
      const ana = await newUser('ana@example.com');
      const bob = await newUser('bob@example.com', 'viewer');
      const a1 = await createSession(t.store, { userId: ana.id }, { now: clock, policy });
      const a2 = await createSession(t.store, { userId: ana.id }, { now: clock, policy });
      const b1 = await createSession(t.store, { userId: bob.id }, { now: clock, policy });

      expect(await deleteSession(t.store, a1.token.reveal())).toBe(true);
      expect(await deleteSession(t.store, a1.token.reveal())).toBe(false);
      expect(await deleteSession(t.store, 'garbage')).toBe(false);
      expect(await findSession(t.store, a1.token.reveal(), { now: clock, policy })).toBeNull();
      expect(await findSession(t.store, 'x'.repeat(43), { now: clock, policy })).toBeNull();
      expect(await findSession(t.store, '../../etc', { now: clock, policy })).toBeNull();

      await disableUser(t.store, bob.id, { now: clock });
      expect(await findSession(t.store, b1.token.reveal(), { now: clock, policy })).toBeNull();

      expect(await deleteUserSessions(t.store, ana.id)).toBe(1);
      expect(await findSession(t.store, a2.token.reveal(), { now: clock, policy })).toBeNull();

      const c1 = await createSession(t.store, { userId: ana.id }, { now: clock, policy });
      now = T0 + 30 * 60_000;
      const c2 = await createSession(t.store, { userId: ana.id }, { now: clock, policy });
      now = T0 + policy.idleMs;
      expect(await pruneSessions(t.store, { now: clock, policy })).toBe(1);
      expect(await findSession(t.store, c1.token.reveal(), { now: clock, policy })).toBeNull();
      expect(await findSession(t.store, c2.token.reveal(), { now: clock, policy })).not.toBeNull();
    });

    it('refuses a session for a user that does not exist', async () => {
      await expect(createSession(t.store, { userId: 'ghost' }, { now: clock, policy })).rejects.toMatchObject(
        {
          name: 'StoreError',
          code: 'not_found',
        },
      );
    });
  });

  describe('API tokens', () => {
    it('creates hp_ tokens shown once, stores their SHA-256, and verifies them with scopes', async () => {
      const user = await newUser('ops@example.com', 'operator');
      const { token, record } = await createApiToken(
        t.store,
        { userId: user.id, name: ' n8n ', scopes: ['write', 'read', 'read'], expiresAt: T0 + 86_400_000 },
        { now: clock },
      );
      expect(token.reveal()).toMatch(/^hp_[A-Za-z0-9_-]{43}$/);
      expect(JSON.stringify({ token })).toBe('{"token":"[redacted]"}');
      expect(record).toEqual({
        id: expect.any(String),
        userId: user.id,
        name: 'n8n',
        scopes: ['read', 'write'],
        createdAt: T0,
        lastUsedAt: null,
        expiresAt: T0 + 86_400_000,
        revokedAt: null,
      });
      const rows = await t.raw('SELECT token_hash FROM api_tokens');
      expect(rows.map((r) => r.token_hash)).toEqual([tokenDigest(token.reveal())]);

      now = T0 + 1000;
      const check = await verifyApiToken(t.store, token.reveal(), { now: clock });
      expect(check).toEqual({ ok: true, token: { ...record, lastUsedAt: now }, user });
      expect((await getApiToken(t.store, record.id))?.lastUsedAt).toBe(now);
      // Used again within a minute: last-used is not rewritten.
      now += 30_000;
      await verifyApiToken(t.store, token.reveal(), { now: clock });
      expect((await getApiToken(t.store, record.id))?.lastUsedAt).toBe(T0 + 1000);
    });

    it('refuses malformed, unknown, expired, revoked tokens and tokens of disabled users', async () => {
      const user = await newUser();
      const short = await createApiToken(
        t.store,
        { userId: user.id, name: 'short-lived', scopes: ['read'], expiresAt: T0 + 60_000 },
        { now: clock },
      );
      const forever = await createApiToken(
        t.store,
        { userId: user.id, name: 'forever', scopes: ['mcp'], expiresAt: null },
        { now: clock },
      );
      expect(await verifyApiToken(t.store, 'hp_short', { now: clock })).toEqual({
        ok: false,
        reason: 'malformed',
      });
      expect(await verifyApiToken(t.store, `hp_${'A'.repeat(43)}`, { now: clock })).toEqual({
        ok: false,
        reason: 'unknown',
      });
      now = T0 + 60_000;
      expect(await verifyApiToken(t.store, short.token.reveal(), { now: clock })).toEqual({
        ok: false,
        reason: 'expired',
      });
      expect((await verifyApiToken(t.store, forever.token.reveal(), { now: clock })).ok).toBe(true);

      expect(await revokeApiToken(t.store, forever.record.id, { now: clock })).toBe(true);
      expect(await revokeApiToken(t.store, forever.record.id, { now: clock })).toBe(false);
      expect(await verifyApiToken(t.store, forever.token.reveal(), { now: clock })).toEqual({
        ok: false,
        reason: 'revoked',
      });

      const third = await createApiToken(
        t.store,
        { userId: user.id, name: 'third', scopes: ['read'], expiresAt: null },
        { now: clock },
      );
      await disableUser(t.store, user.id, { now: clock });
      expect(await verifyApiToken(t.store, third.token.reveal(), { now: clock })).toEqual({
        ok: false,
        reason: 'user_disabled',
      });
      expect((await listApiTokens(t.store, { userId: user.id })).map((r) => r.name).sort()).toEqual([
        'forever',
        'short-lived',
        'third',
      ]);
      expect((await getApiToken(t.store, forever.record.id))?.revokedAt).toBe(now);
    });

    it('validates names, scopes, expiry and the owner', async () => {
      const user = await newUser();
      const invalid = await createApiToken(
        t.store,
        { userId: user.id, name: '', scopes: ['admin' as 'read'], expiresAt: T0 - 1 },
        { now: clock },
      ).catch((e: unknown) => e);
      expect((invalid as AccessError).code).toBe('invalid');
      expect((invalid as AccessError).fields.map((f) => f.path)).toEqual(['name', 'scopes', 'expiresAt']);
      const none = await createApiToken(
        t.store,
        { userId: user.id, name: 'x', scopes: [], expiresAt: null },
        { now: clock },
      ).catch((e: unknown) => e);
      expect((none as AccessError).fields.map((f) => f.path)).toEqual(['scopes']);
      const orphan = await createApiToken(
        t.store,
        { userId: 'ghost', name: 'x', scopes: ['read'], expiresAt: null },
        { now: clock },
      ).catch((e: unknown) => e);
      expect((orphan as AccessError).code).toBe('not_found');
      expect(await listApiTokens(t.store)).toEqual([]);
    });
  });
});
