import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { type Clock, systemClock } from '../../kit/clock.ts';
import { isLocale, type Locale } from '../../kit/i18n/locale.ts';
import { isStoreError } from '../errors.ts';
import type { Store } from '../port.ts';
import { AccessError, type AccessFieldIssue } from './access-error.ts';
import { defaultPasswordHasher, type PasswordHasher } from './password-hash.ts';
import { checkPassword, describePasswordProblem } from './password-policy.ts';
import { USER_ROLES, type UserRecord, type UserRole } from './user-record.ts';
import {
  insertUserRow,
  rehashPasswordRow,
  setDisabledRow,
  type UserWithHash,
  updatePasswordRow,
  userRowByEmail,
  userRowById,
  userRows,
} from './users-repo.ts';

/**
 * What `createUser` needs. The password is hashed with scrypt and then forgotten.
 *
 * @example
 * import type { NewUser } from './users.ts';
 * const input: NewUser = {
 *   email: 'ana@example.com', name: 'Ana Souza', password: 'a long passphrase of mine', role: 'admin', locale: 'pt-BR',
 * };
 */
export interface NewUser {
  email: string;
  name: string;
  password: string;
  role: UserRole;
  locale: Locale;
}

/**
 * Injected clock and hasher (tests use a cheaper scrypt cost; production keeps the default).
 *
 * @example
 * import { createPasswordHasher } from './password-hash.ts';
 * import type { UserOptions } from './users.ts';
 * const options: UserOptions = { now: () => Date.now(), hasher: createPasswordHasher({ cost: { ln: 12 } }) };
 */
export interface UserOptions {
  now?: Clock;
  hasher?: PasswordHasher;
}

const MAX_EMAIL_LENGTH = 254;
const email = z.email();

/**
 * An e-mail address as users are keyed by it: trimmed and lower-cased.
 *
 * @example
 * import { normalizeEmail } from './users.ts';
 * normalizeEmail('  Ana@Example.COM '); // 'ana@example.com'
 */
export function normalizeEmail(address: string): string {
  return String(address).trim().toLowerCase();
}

/**
 * Creates a user after checking every field (e-mail format, name, role, locale, password rules: at least 12
 * characters and not the e-mail). Problems are reported all at once as an `AccessError` (`invalid` or
 * `weak_password`) with one field issue each; an e-mail already in use is `email_taken`. Nothing secret is ever in
 * the error.
 *
 * @example
 * import { createUser } from './users.ts';
 * const user = await createUser(store, {
 *   email: 'ana@example.com', name: 'Ana Souza', password: 'a long passphrase of mine', role: 'admin', locale: 'pt-BR',
 * });
 * console.log(user.id, user.role); // '…' 'admin'
 */
export async function createUser(
  store: Store,
  input: NewUser,
  options: UserOptions = {},
): Promise<UserRecord> {
  const now = (options.now ?? systemClock)();
  const hasher = options.hasher ?? defaultPasswordHasher;
  const address = normalizeEmail(input.email);
  const name = String(input.name ?? '').trim();
  const fields: AccessFieldIssue[] = [];
  if (address.length > MAX_EMAIL_LENGTH || !email.safeParse(address).success) {
    fields.push({ path: 'email', message: 'must be a valid e-mail address' });
  }
  if (name.length === 0 || name.length > 200) {
    fields.push({ path: 'name', message: 'must have 1 to 200 characters' });
  }
  if (!USER_ROLES.includes(input.role)) {
    fields.push({ path: 'role', message: `must be one of ${USER_ROLES.join(', ')}` });
  }
  if (!isLocale(input.locale)) fields.push({ path: 'locale', message: 'must be pt-BR, es or en' });
  if (fields.length > 0) throw new AccessError('invalid', describe('the user is invalid', fields), fields);
  passwordRules(input.password, address);

  const user: UserWithHash = {
    id: randomUUID(),
    email: address,
    name,
    role: input.role,
    locale: input.locale,
    disabled: false,
    createdAt: now,
    updatedAt: now,
    passwordHash: await hasher.hash(input.password),
  };
  try {
    await insertUserRow(store, user);
  } catch (error) {
    if (isStoreError(error, 'conflict')) {
      throw new AccessError('email_taken', 'another user has this e-mail address', [
        { path: 'email', message: 'is taken' },
      ]);
    }
    throw error;
  }
  return withoutHash(user);
}

/**
 * The user with this id, or null.
 *
 * @example
 * import { getUser } from './users.ts';
 * const user = await getUser(store, 'a3c1…');
 */
export async function getUser(store: Store, id: string): Promise<UserRecord | null> {
  const row = await userRowById(store, id);
  return row ? withoutHash(row) : null;
}

/**
 * The user with this e-mail (any case, surrounding spaces ignored), or null.
 *
 * @example
 * import { findUserByEmail } from './users.ts';
 * const user = await findUserByEmail(store, 'Ana@Example.com');
 */
export async function findUserByEmail(store: Store, address: string): Promise<UserRecord | null> {
  const row = await userRowByEmail(store, normalizeEmail(address));
  return row ? withoutHash(row) : null;
}

/**
 * Every user, ordered by e-mail.
 *
 * @example
 * import { listUsers } from './users.ts';
 * for (const user of await listUsers(store)) console.log(user.email, user.role, user.disabled);
 */
export async function listUsers(store: Store): Promise<UserRecord[]> {
  return (await userRows(store)).map(withoutHash);
}

/**
 * Checks an e-mail and password; resolves with the user when they match an enabled user, otherwise null. Unknown
 * e-mails are checked against a decoy hash of the same cost, and disabled users are refused only after the
 * check, so "no such user", "disabled" and "wrong password" take the same time and look the same. A correct
 * password stored with an outdated cost is re-hashed with the current one.
 *
 * @example
 * import { verifyPassword } from './users.ts';
 * const user = await verifyPassword(store, 'ana@example.com', 'a long passphrase of mine');
 * if (!user) console.log('invalid e-mail or password');
 */
export async function verifyPassword(
  store: Store,
  address: string,
  password: string,
  options: UserOptions = {},
): Promise<UserRecord | null> {
  const hasher = options.hasher ?? defaultPasswordHasher;
  const row = await userRowByEmail(store, normalizeEmail(address));
  const stored = row?.passwordHash ?? (await hasher.decoyHash());
  const matches = await hasher.verify(String(password ?? ''), stored);
  if (!row || !matches || row.disabled) return null;
  if (hasher.needsRehash(row.passwordHash)) {
    const now = (options.now ?? systemClock)();
    await rehashPasswordRow(store, row.id, row.passwordHash, await hasher.hash(password), now);
  }
  return withoutHash(row);
}

/**
 * Sets a new password (checked against the rules) and signs the user out of every session. When `current` is
 * given it must be the user's present password (`wrong_password` otherwise) — forms where people change their own
 * password pass it; an admin resetting someone's password does not.
 *
 * @example
 * import { changePassword } from './users.ts';
 * await changePassword(store, user.id, { current: 'a long passphrase of mine', next: 'an even longer passphrase' });
 */
export async function changePassword(
  store: Store,
  id: string,
  change: { current?: string; next: string },
  options: UserOptions = {},
): Promise<void> {
  const hasher = options.hasher ?? defaultPasswordHasher;
  const row = await userRowById(store, id);
  if (!row) throw new AccessError('not_found', 'no user has this id');
  if (change.current !== undefined && !(await hasher.verify(change.current, row.passwordHash))) {
    throw new AccessError('wrong_password', 'the current password is not correct', [
      { path: 'current', message: 'is not correct' },
    ]);
  }
  passwordRules(change.next, row.email);
  const now = (options.now ?? systemClock)();
  if (!(await updatePasswordRow(store, id, await hasher.hash(change.next), now))) {
    throw new AccessError('not_found', 'no user has this id');
  }
}

/**
 * Disables a user: they can't sign in, their sessions are deleted at once and their API tokens stop working.
 *
 * @example
 * import { disableUser } from './users.ts';
 * await disableUser(store, user.id);
 */
export async function disableUser(
  store: Store,
  id: string,
  options: Pick<UserOptions, 'now'> = {},
): Promise<void> {
  if (!(await setDisabledRow(store, id, true, (options.now ?? systemClock)()))) {
    throw new AccessError('not_found', 'no user has this id');
  }
}

/**
 * Enables a disabled user again (their old sessions stay gone; tokens that are not revoked or expired work again).
 *
 * @example
 * import { enableUser } from './users.ts';
 * await enableUser(store, user.id);
 */
export async function enableUser(
  store: Store,
  id: string,
  options: Pick<UserOptions, 'now'> = {},
): Promise<void> {
  if (!(await setDisabledRow(store, id, false, (options.now ?? systemClock)()))) {
    throw new AccessError('not_found', 'no user has this id');
  }
}

function passwordRules(password: string, address: string): void {
  const problems = checkPassword(String(password ?? ''), address);
  if (problems.length === 0) return;
  const fields = problems.map((problem) => ({ path: 'password', message: describePasswordProblem(problem) }));
  throw new AccessError('weak_password', describe('the password breaks the rules', fields), fields);
}

function describe(what: string, fields: readonly AccessFieldIssue[]): string {
  return `${what}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`;
}

function withoutHash(row: UserWithHash): UserRecord {
  const { passwordHash: _hidden, ...user } = row;
  return user;
}
