import type { Locale } from '../../kit/i18n/locale.ts';

/**
 * What a person may do: `viewer` reads; `operator` also replays and cancels runs and calls write actions; `admin`
 * also manages connections, users and other people's API tokens.
 *
 * @example
 * import type { UserRole } from './user-record.ts';
 * const role: UserRole = 'operator';
 */
export type UserRole = 'admin' | 'operator' | 'viewer';

/**
 * Every role, least powerful first.
 *
 * @example
 * import { USER_ROLES } from './user-record.ts';
 * USER_ROLES.indexOf('admin') > USER_ROLES.indexOf('viewer'); // true
 */
export const USER_ROLES: readonly UserRole[] = Object.freeze(['viewer', 'operator', 'admin'] as const);

/**
 * True when `role` is `minimum` or more powerful.
 *
 * @example
 * import { roleAtLeast } from './user-record.ts';
 * roleAtLeast('admin', 'operator'); // true
 * roleAtLeast('viewer', 'operator'); // false
 */
export function roleAtLeast(role: UserRole, minimum: UserRole): boolean {
  return USER_ROLES.indexOf(role) >= USER_ROLES.indexOf(minimum);
}

/**
 * A person who may sign in to the dashboard and own API tokens. The password hash is never part of it: it stays
 * inside the repository, so no route, log line or JSON answer can carry it by accident.
 *
 * @example
 * import type { UserRecord } from './user-record.ts';
 * const greet = (user: UserRecord) => `Hi ${user.name} (${user.role})`;
 */
export interface UserRecord {
  id: string;
  /** Lower-case, trimmed; unique. */
  email: string;
  name: string;
  role: UserRole;
  /** The language of the pages and messages this person reads. */
  locale: Locale;
  /** A disabled user can't sign in; their sessions are gone and their API tokens stop working. */
  disabled: boolean;
  createdAt: number;
  updatedAt: number;
}
