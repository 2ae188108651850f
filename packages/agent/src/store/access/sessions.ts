import { type Clock, systemClock } from '../../kit/clock.ts';
import { isLocale } from '../../kit/i18n/locale.ts';
import { Secret } from '../../kit/secret.ts';
import type { Store } from '../port.ts';
import { accessDb, readBoolean, readMs } from './access-db.ts';
import { randomSecret, tokenDigest } from './token-digest.ts';
import type { UserRecord, UserRole } from './user-record.ts';

/**
 * How long a dashboard session lives: it ends after `idleMs` without a request, and `absoluteMs` after sign-in
 * whatever happens. `touchIntervalMs` limits how often `last_seen_at` is written (at most once per interval per
 * session, not on every request), so idle expiry is precise to that interval.
 *
 * @example
 * import type { SessionPolicy } from './sessions.ts';
 * const strict: SessionPolicy = { idleMs: 30 * 60_000, absoluteMs: 8 * 3_600_000, touchIntervalMs: 60_000 };
 */
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
  touchIntervalMs: number;
}

/**
 * 12 hours idle (a working day with breaks), 7 days absolute (a stolen cookie dies within a week), last-seen
 * written at most once a minute.
 *
 * @example
 * import { DEFAULT_SESSION_POLICY } from './sessions.ts';
 * console.log(DEFAULT_SESSION_POLICY.idleMs / 3_600_000); // 12
 */
export const DEFAULT_SESSION_POLICY: Readonly<SessionPolicy> = Object.freeze({
  idleMs: 12 * 60 * 60_000,
  absoluteMs: 7 * 24 * 60 * 60_000,
  touchIntervalMs: 60_000,
});

/**
 * A signed-in browser. The cookie holds a random 32-byte token; the database holds only its SHA-256 digest, which
 * is also the session's id. The CSRF secret is per session and wrapped so it never prints.
 *
 * @example
 * import type { SessionRecord } from './sessions.ts';
 * const remaining = (session: SessionRecord, now: number) => session.expiresAt - now;
 */
export interface SessionRecord {
  /** SHA-256 (hex) of the cookie token. */
  id: string;
  userId: string;
  csrfSecret: Secret<string>;
  createdAt: number;
  lastSeenAt: number;
  /** Absolute expiry (sign-in time + `absoluteMs`). */
  expiresAt: number;
  userAgent: string | null;
  ip: string | null;
}

/**
 * Clock and policy of the session functions.
 *
 * @example
 * import type { SessionOptions } from './sessions.ts';
 * const options: SessionOptions = { now: () => Date.now(), policy: { idleMs: 3_600_000, absoluteMs: 86_400_000, touchIntervalMs: 60_000 } };
 */
export interface SessionOptions {
  now?: Clock;
  policy?: SessionPolicy;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
const COLUMNS = 'token_hash, user_id, csrf_secret, created_at, last_seen_at, expires_at, user_agent, ip';

/**
 * Starts a session for a user (sign-in). When `replaces` holds the token the browser came with, that session is
 * deleted in the same transaction: a new token on every sign-in, so a token planted before sign-in (session
 * fixation) is worthless after it. Resolves with the new token — to be set in the cookie, never logged — and the
 * session.
 *
 * @example
 * import { createSession } from './sessions.ts';
 * const { token, session } = await createSession(store, { userId: user.id, ip: '203.0.113.7', userAgent: 'Firefox' });
 * console.log(`${token}`); // '[redacted]'; token.reveal() goes into the Set-Cookie header
 */
export async function createSession(
  store: Store,
  input: { userId: string; userAgent?: string | null; ip?: string | null; replaces?: string | null },
  options: SessionOptions = {},
): Promise<{ token: Secret<string>; session: SessionRecord }> {
  const now = (options.now ?? systemClock)();
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  const token = randomSecret(32);
  const session: SessionRecord = {
    id: tokenDigest(token),
    userId: input.userId,
    csrfSecret: new Secret(randomSecret(32)),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: now + policy.absoluteMs,
    userAgent: clip(input.userAgent, 512),
    ip: clip(input.ip, 64),
  };
  const statements = [];
  if (input.replaces) {
    statements.push({
      sql: 'DELETE FROM sessions WHERE token_hash = ?',
      params: [tokenDigest(input.replaces)],
    });
  }
  statements.push({
    sql: `INSERT INTO sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    params: [
      session.id,
      session.userId,
      session.csrfSecret.reveal(),
      session.createdAt,
      session.lastSeenAt,
      session.expiresAt,
      session.userAgent,
      session.ip,
    ],
  });
  await accessDb(store).batch(statements);
  return { token: new Secret(token), session };
}

/**
 * The live session of a cookie token and its user, or null when the token is malformed or unknown, the session
 * is past its idle or absolute expiry (it is then deleted), or the user is disabled. Refreshes `last_seen_at`
 * at most once per `touchIntervalMs`.
 *
 * @example
 * import { findSession } from './sessions.ts';
 * const found = await findSession(store, cookieToken);
 * if (found) console.log(found.user.email, found.session.expiresAt);
 */
export async function findSession(
  store: Store,
  token: string,
  options: SessionOptions = {},
): Promise<{ session: SessionRecord; user: UserRecord } | null> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return null;
  const now = (options.now ?? systemClock)();
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  const db = accessDb(store);
  const id = tokenDigest(token);
  const row = await db.get<Record<string, unknown>>(
    `SELECT s.token_hash, s.user_id, s.csrf_secret, s.created_at, s.last_seen_at, s.expires_at, s.user_agent, s.ip,
       u.email AS u_email, u.name AS u_name, u.role AS u_role, u.locale AS u_locale, u.disabled AS u_disabled,
       u.created_at AS u_created_at, u.updated_at AS u_updated_at
     FROM sessions s JOIN users u ON u.id = s.user_id
     WHERE s.token_hash = ?`,
    [id],
  );
  if (!row) return null;
  const session = sessionFromRow(row);
  if (now >= session.expiresAt || now - session.lastSeenAt >= policy.idleMs) {
    await db.run('DELETE FROM sessions WHERE token_hash = ?', [id]);
    return null;
  }
  if (readBoolean(row.u_disabled)) return null;
  if (now - session.lastSeenAt >= policy.touchIntervalMs) {
    await db.run('UPDATE sessions SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?', [
      now,
      id,
      now,
    ]);
    session.lastSeenAt = now;
  }
  const locale = String(row.u_locale);
  const user: UserRecord = {
    id: session.userId,
    email: String(row.u_email),
    name: String(row.u_name),
    role: String(row.u_role) as UserRole,
    locale: isLocale(locale) ? locale : 'en',
    disabled: false,
    createdAt: readMs(row.u_created_at) ?? 0,
    updatedAt: readMs(row.u_updated_at) ?? 0,
  };
  return { session, user };
}

/**
 * Ends the session of a cookie token (sign-out). Resolves true when a session was deleted.
 *
 * @example
 * import { deleteSession } from './sessions.ts';
 * await deleteSession(store, cookieToken);
 */
export async function deleteSession(store: Store, token: string): Promise<boolean> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return false;
  return (await accessDb(store).run('DELETE FROM sessions WHERE token_hash = ?', [tokenDigest(token)])) > 0;
}

/**
 * Ends every session of a user (signed out everywhere). Resolves with the number deleted.
 *
 * @example
 * import { deleteUserSessions } from './sessions.ts';
 * const ended = await deleteUserSessions(store, user.id);
 */
export async function deleteUserSessions(store: Store, userId: string): Promise<number> {
  return accessDb(store).run('DELETE FROM sessions WHERE user_id = ?', [userId]);
}

/**
 * The sessions of a user, newest first (for a "where am I signed in" page).
 *
 * @example
 * import { listUserSessions } from './sessions.ts';
 * for (const session of await listUserSessions(store, user.id)) console.log(session.ip, session.lastSeenAt);
 */
export async function listUserSessions(store: Store, userId: string): Promise<SessionRecord[]> {
  const rows = await accessDb(store).all<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM sessions WHERE user_id = ? ORDER BY created_at DESC`,
    [userId],
  );
  return rows.map(sessionFromRow);
}

/**
 * Deletes sessions past their absolute or idle expiry (housekeeping; `findSession` refuses them anyway).
 * Resolves with the number deleted.
 *
 * @example
 * import { pruneSessions } from './sessions.ts';
 * const removed = await pruneSessions(store);
 */
export async function pruneSessions(store: Store, options: SessionOptions = {}): Promise<number> {
  const now = (options.now ?? systemClock)();
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  return accessDb(store).run('DELETE FROM sessions WHERE expires_at <= ? OR last_seen_at <= ?', [
    now,
    now - policy.idleMs,
  ]);
}

function sessionFromRow(row: Record<string, unknown>): SessionRecord {
  return {
    id: String(row.token_hash),
    userId: String(row.user_id),
    csrfSecret: new Secret(String(row.csrf_secret)),
    createdAt: readMs(row.created_at) ?? 0,
    lastSeenAt: readMs(row.last_seen_at) ?? 0,
    expiresAt: readMs(row.expires_at) ?? 0,
    userAgent: row.user_agent === null || row.user_agent === undefined ? null : String(row.user_agent),
    ip: row.ip === null || row.ip === undefined ? null : String(row.ip),
  };
}

function clip(value: string | null | undefined, max: number): string | null {
  if (typeof value !== 'string' || value.length === 0) return null;
  return value.slice(0, max);
}
