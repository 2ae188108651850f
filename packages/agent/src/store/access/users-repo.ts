import { isLocale } from '../../kit/i18n/locale.ts';
import type { Store } from '../port.ts';
import { accessDb, readBoolean, readMs } from './access-db.ts';
import type { UserRecord, UserRole } from './user-record.ts';

/**
 * A user row as the repository reads it: the record plus the password hash, which only `users.ts` sees.
 *
 * @example
 * import type { UserWithHash } from './users-repo.ts';
 * const record = ({ passwordHash: _hidden, ...user }: UserWithHash) => user;
 */
export interface UserWithHash extends UserRecord {
  passwordHash: string;
}

type Row = Record<string, unknown>;

const COLUMNS = 'id, email, name, password_hash, role, locale, disabled, created_at, updated_at';

function fromRow(row: Row): UserWithHash {
  const locale = String(row.locale);
  return {
    id: String(row.id),
    email: String(row.email),
    name: String(row.name),
    role: String(row.role) as UserRole,
    // The column is only written through createUser, which checks the locale; a hand-edited row reads as English.
    locale: isLocale(locale) ? locale : 'en',
    disabled: readBoolean(row.disabled),
    createdAt: readMs(row.created_at) ?? 0,
    updatedAt: readMs(row.updated_at) ?? 0,
    passwordHash: String(row.password_hash),
  };
}

/**
 * Inserts a user; a taken e-mail rejects with `StoreError('conflict')`.
 *
 * @example
 * import { insertUserRow } from './users-repo.ts';
 * await insertUserRow(store, { id: 'u1', email: 'ana@example.com', name: 'Ana', role: 'admin', locale: 'pt-BR',
 *   disabled: false, createdAt: 0, updatedAt: 0, passwordHash: '$scrypt$…' });
 */
export async function insertUserRow(store: Store, user: UserWithHash): Promise<void> {
  await accessDb(store).run(`INSERT INTO users (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
    user.id,
    user.email,
    user.name,
    user.passwordHash,
    user.role,
    user.locale,
    user.disabled,
    user.createdAt,
    user.updatedAt,
  ]);
}

/**
 * The user with this id (and its hash), or null.
 *
 * @example
 * import { userRowById } from './users-repo.ts';
 * const user = await userRowById(store, 'u1');
 */
export async function userRowById(store: Store, id: string): Promise<UserWithHash | null> {
  const row = await accessDb(store).get<Row>(`SELECT ${COLUMNS} FROM users WHERE id = ?`, [id]);
  return row ? fromRow(row) : null;
}

/**
 * The user with this (already normalised) e-mail, or null.
 *
 * @example
 * import { userRowByEmail } from './users-repo.ts';
 * const user = await userRowByEmail(store, 'ana@example.com');
 */
export async function userRowByEmail(store: Store, email: string): Promise<UserWithHash | null> {
  const row = await accessDb(store).get<Row>(`SELECT ${COLUMNS} FROM users WHERE email = ?`, [email]);
  return row ? fromRow(row) : null;
}

/**
 * Every user, by e-mail.
 *
 * @example
 * import { userRows } from './users-repo.ts';
 * const admins = (await userRows(store)).filter((u) => u.role === 'admin');
 */
export async function userRows(store: Store): Promise<UserWithHash[]> {
  const rows = await accessDb(store).all<Row>(`SELECT ${COLUMNS} FROM users ORDER BY email`);
  return rows.map(fromRow);
}

/**
 * Replaces a user's password hash and signs them out everywhere (every session deleted) in one transaction.
 * Resolves false when the user does not exist.
 *
 * @example
 * import { updatePasswordRow } from './users-repo.ts';
 * await updatePasswordRow(store, 'u1', '$scrypt$…', Date.now());
 */
export async function updatePasswordRow(
  store: Store,
  id: string,
  passwordHash: string,
  now: number,
): Promise<boolean> {
  const [changed] = await accessDb(store).batch([
    {
      sql: 'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?',
      params: [passwordHash, now, id],
    },
    { sql: 'DELETE FROM sessions WHERE user_id = ?', params: [id] },
  ]);
  return changed === 1;
}

/**
 * Replaces a hash without touching sessions (re-hashing at sign-in when the cost was raised). Only writes when the
 * stored hash is still `previous`, so a concurrent password change wins.
 *
 * @example
 * import { rehashPasswordRow } from './users-repo.ts';
 * await rehashPasswordRow(store, 'u1', '$scrypt$ln=14…', '$scrypt$ln=15…', Date.now());
 */
export async function rehashPasswordRow(
  store: Store,
  id: string,
  previous: string,
  passwordHash: string,
  now: number,
): Promise<boolean> {
  const changed = await accessDb(store).run(
    'UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ? AND password_hash = ?',
    [passwordHash, now, id, previous],
  );
  return changed === 1;
}

/**
 * Disables or enables a user. Disabling deletes the user's sessions in the same transaction. Resolves false when
 * the user does not exist.
 *
 * @example
 * import { setDisabledRow } from './users-repo.ts';
 * await setDisabledRow(store, 'u1', true, Date.now());
 */
export async function setDisabledRow(
  store: Store,
  id: string,
  disabled: boolean,
  now: number,
): Promise<boolean> {
  const statements = [
    { sql: 'UPDATE users SET disabled = ?, updated_at = ? WHERE id = ?', params: [disabled, now, id] },
  ];
  if (disabled) statements.push({ sql: 'DELETE FROM sessions WHERE user_id = ?', params: [id] });
  const [changed] = await accessDb(store).batch(statements);
  return changed === 1;
}
