import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../../kit/clock.ts';
import { isLocale } from '../../kit/i18n/locale.ts';
import { Secret } from '../../kit/secret.ts';
import { isStoreError } from '../errors.ts';
import type { Store } from '../port.ts';
import { accessDb, readBoolean, readJson, readMs } from './access-db.ts';
import { AccessError, type AccessFieldIssue } from './access-error.ts';
import { randomSecret, tokenDigest } from './token-digest.ts';
import type { UserRecord, UserRole } from './user-record.ts';

/**
 * What an API token may do: `read` (GET endpoints and read actions), `write` (replays, cancels, write actions,
 * connection changes — still bounded by the owner's role), `mcp` (the MCP endpoint).
 *
 * @example
 * import type { ApiScope } from './api-tokens.ts';
 * const scopes: ApiScope[] = ['read', 'mcp'];
 */
export type ApiScope = 'read' | 'write' | 'mcp';

/**
 * Every scope.
 *
 * @example
 * import { API_SCOPES } from './api-tokens.ts';
 * console.log(API_SCOPES.join(' ')); // 'read write mcp'
 */
export const API_SCOPES: readonly ApiScope[] = Object.freeze(['read', 'write', 'mcp'] as const);

/**
 * The prefix of every API token, so secret scanners (and people) recognise one in a paste.
 *
 * @example
 * import { API_TOKEN_PREFIX } from './api-tokens.ts';
 * 'hp_x'.startsWith(API_TOKEN_PREFIX); // true
 */
export const API_TOKEN_PREFIX = 'hp_';

/**
 * A stored API token. The secret itself is shown once, at creation; only its SHA-256 digest is kept.
 *
 * @example
 * import type { ApiTokenRecord } from './api-tokens.ts';
 * const usable = (token: ApiTokenRecord, now: number) =>
 *   token.revokedAt === null && (token.expiresAt === null || token.expiresAt > now);
 */
export interface ApiTokenRecord {
  id: string;
  userId: string;
  /** What it is for, e.g. "n8n" or "Claude Desktop". */
  name: string;
  scopes: ApiScope[];
  createdAt: number;
  lastUsedAt: number | null;
  /** Null: never expires. */
  expiresAt: number | null;
  revokedAt: number | null;
}

/**
 * Why a bearer token was refused (for logs and the 401's message).
 *
 * @example
 * import type { ApiTokenRefusal } from './api-tokens.ts';
 * const reason: ApiTokenRefusal = 'expired';
 */
export type ApiTokenRefusal = 'malformed' | 'unknown' | 'revoked' | 'expired' | 'user_disabled';

/**
 * The outcome of `verifyApiToken`.
 *
 * @example
 * import type { ApiTokenCheck } from './api-tokens.ts';
 * const who = (check: ApiTokenCheck) => (check.ok ? check.user.email : check.reason);
 */
export type ApiTokenCheck =
  | { ok: true; token: ApiTokenRecord; user: UserRecord }
  | { ok: false; reason: ApiTokenRefusal };

const TOKEN = /^hp_[A-Za-z0-9_-]{43}$/;
const COLUMNS = 'id, user_id, name, token_hash, scopes, created_at, last_used_at, expires_at, revoked_at';
// `last_used_at` is a hint for people ("used 3 minutes ago"), not an audit trail: one write per minute per token.
const TOUCH_INTERVAL_MS = 60_000;

/**
 * Creates an API token for a user: `hp_` followed by 32 random bytes (base64url). The token comes back once, as a
 * `Secret` (prints `[redacted]`); only its SHA-256 digest is stored. Scopes must be non-empty and known; the name
 * 1–100 characters; `expiresAt` in the future or null (never).
 *
 * @example
 * import { createApiToken } from './api-tokens.ts';
 * const { token, record } = await createApiToken(store, {
 *   userId: user.id, name: 'n8n', scopes: ['read'], expiresAt: Date.now() + 90 * 86_400_000,
 * });
 * console.log(record.id, token.reveal().startsWith('hp_')); // '…' true
 */
export async function createApiToken(
  store: Store,
  input: { userId: string; name: string; scopes: readonly ApiScope[]; expiresAt: number | null },
  options: { now?: Clock } = {},
): Promise<{ token: Secret<string>; record: ApiTokenRecord }> {
  const now = (options.now ?? systemClock)();
  const name = String(input.name ?? '').trim();
  const scopes = [...new Set(input.scopes)];
  const fields: AccessFieldIssue[] = [];
  if (name.length === 0 || name.length > 100)
    fields.push({ path: 'name', message: 'must have 1 to 100 characters' });
  if (scopes.length === 0 || !scopes.every((scope) => API_SCOPES.includes(scope))) {
    fields.push({ path: 'scopes', message: `must be a non-empty list of ${API_SCOPES.join(', ')}` });
  }
  if (input.expiresAt !== null && !(Number.isFinite(input.expiresAt) && input.expiresAt > now)) {
    fields.push({
      path: 'expiresAt',
      message: 'must be in the future, or null for a token that never expires',
    });
  }
  if (fields.length > 0) {
    throw new AccessError(
      'invalid',
      `the API token is invalid: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`,
      fields,
    );
  }
  const secret = `${API_TOKEN_PREFIX}${randomSecret(32)}`;
  const record: ApiTokenRecord = {
    id: randomUUID(),
    userId: input.userId,
    name,
    scopes: API_SCOPES.filter((scope) => scopes.includes(scope)),
    createdAt: now,
    lastUsedAt: null,
    expiresAt: input.expiresAt === null ? null : Math.floor(input.expiresAt),
    revokedAt: null,
  };
  try {
    await accessDb(store).run(`INSERT INTO api_tokens (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      record.id,
      record.userId,
      record.name,
      tokenDigest(secret),
      record.scopes,
      record.createdAt,
      null,
      record.expiresAt,
      null,
    ]);
  } catch (error) {
    if (isStoreError(error, 'not_found')) throw new AccessError('not_found', 'no user has this id');
    throw error;
  }
  return { token: new Secret(secret), record };
}

/**
 * Checks a bearer token: its shape, then its digest, revocation, expiry and owner. On success refreshes
 * `lastUsedAt` (at most once a minute) and resolves with the token and its user.
 *
 * @example
 * import { verifyApiToken } from './api-tokens.ts';
 * const check = await verifyApiToken(store, 'hp_…');
 * if (check.ok) console.log(check.user.email, check.token.scopes);
 * else console.log(check.reason); // 'expired', 'revoked', …
 */
export async function verifyApiToken(
  store: Store,
  token: string,
  options: { now?: Clock } = {},
): Promise<ApiTokenCheck> {
  if (typeof token !== 'string' || !TOKEN.test(token)) return { ok: false, reason: 'malformed' };
  const now = (options.now ?? systemClock)();
  const db = accessDb(store);
  const row = await db.get<Record<string, unknown>>(
    `SELECT t.id, t.user_id, t.name, t.scopes, t.created_at, t.last_used_at, t.expires_at, t.revoked_at,
       u.email AS u_email, u.name AS u_name, u.role AS u_role, u.locale AS u_locale, u.disabled AS u_disabled,
       u.created_at AS u_created_at, u.updated_at AS u_updated_at
     FROM api_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = ?`,
    [tokenDigest(token)],
  );
  if (!row) return { ok: false, reason: 'unknown' };
  const record = tokenFromRow(row);
  if (record.revokedAt !== null) return { ok: false, reason: 'revoked' };
  if (record.expiresAt !== null && now >= record.expiresAt) return { ok: false, reason: 'expired' };
  if (readBoolean(row.u_disabled)) return { ok: false, reason: 'user_disabled' };
  if (record.lastUsedAt === null || now - record.lastUsedAt >= TOUCH_INTERVAL_MS) {
    await db.run('UPDATE api_tokens SET last_used_at = ? WHERE id = ?', [now, record.id]);
    record.lastUsedAt = now;
  }
  const locale = String(row.u_locale);
  const user: UserRecord = {
    id: record.userId,
    email: String(row.u_email),
    name: String(row.u_name),
    role: String(row.u_role) as UserRole,
    locale: isLocale(locale) ? locale : 'en',
    disabled: false,
    createdAt: readMs(row.u_created_at) ?? 0,
    updatedAt: readMs(row.u_updated_at) ?? 0,
  };
  return { ok: true, token: record, user };
}

/**
 * API tokens, newest first: one user's, or everyone's when `userId` is absent.
 *
 * @example
 * import { listApiTokens } from './api-tokens.ts';
 * const mine = await listApiTokens(store, { userId: user.id });
 */
export async function listApiTokens(
  store: Store,
  filter: { userId?: string } = {},
): Promise<ApiTokenRecord[]> {
  const where = filter.userId === undefined ? '' : 'WHERE user_id = ?';
  const rows = await accessDb(store).all<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM api_tokens ${where} ORDER BY created_at DESC, id DESC`,
    filter.userId === undefined ? [] : [filter.userId],
  );
  return rows.map(tokenFromRow);
}

/**
 * One API token by id, or null.
 *
 * @example
 * import { getApiToken } from './api-tokens.ts';
 * const token = await getApiToken(store, id);
 */
export async function getApiToken(store: Store, id: string): Promise<ApiTokenRecord | null> {
  const row = await accessDb(store).get<Record<string, unknown>>(
    `SELECT ${COLUMNS} FROM api_tokens WHERE id = ?`,
    [id],
  );
  return row ? tokenFromRow(row) : null;
}

/**
 * Revokes a token for good (kept, with `revokedAt`, so people see what existed). Resolves true when it was live
 * and is now revoked, false when unknown or already revoked.
 *
 * @example
 * import { revokeApiToken } from './api-tokens.ts';
 * await revokeApiToken(store, id);
 */
export async function revokeApiToken(
  store: Store,
  id: string,
  options: { now?: Clock } = {},
): Promise<boolean> {
  const now = (options.now ?? systemClock)();
  const changed = await accessDb(store).run(
    'UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL',
    [now, id],
  );
  return changed > 0;
}

function tokenFromRow(row: Record<string, unknown>): ApiTokenRecord {
  const scopes = readJson(row.scopes);
  return {
    id: String(row.id),
    userId: String(row.user_id),
    name: String(row.name),
    scopes: Array.isArray(scopes) ? API_SCOPES.filter((scope) => scopes.includes(scope)) : [],
    createdAt: readMs(row.created_at) ?? 0,
    lastUsedAt: readMs(row.last_used_at),
    expiresAt: readMs(row.expires_at),
    revokedAt: readMs(row.revoked_at),
  };
}
