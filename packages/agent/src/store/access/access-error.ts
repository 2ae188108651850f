/**
 * Stable reasons a people-and-access call fails:
 * - `invalid`: a field is malformed (bad e-mail, unknown role or locale, empty name, bad scope);
 * - `weak_password`: the password breaks the password rules;
 * - `email_taken`: another user has this e-mail;
 * - `not_found`: no such user or token;
 * - `wrong_password`: the current password given to confirm a change is not the user's.
 *
 * @example
 * import type { AccessErrorCode } from './access-error.ts';
 * const status = (code: AccessErrorCode) => (code === 'not_found' ? 404 : 400);
 */
export type AccessErrorCode = 'invalid' | 'weak_password' | 'email_taken' | 'not_found' | 'wrong_password';

/**
 * One field at fault: its name and what is wrong, never its value (a password must not reach an error message).
 *
 * @example
 * import type { AccessFieldIssue } from './access-error.ts';
 * const issue: AccessFieldIssue = { path: 'password', message: 'must have at least 12 characters' };
 */
export interface AccessFieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The error class of users, sessions and API tokens. Messages and fields name what is wrong, never a password, a
 * hash or a token.
 *
 * @example
 * import { AccessError } from './access-error.ts';
 * try {
 *   throw new AccessError('weak_password', 'the password breaks the rules', [
 *     { path: 'password', message: 'must have at least 12 characters' },
 *   ]);
 * } catch (error) {
 *   if (error instanceof AccessError) console.log(error.code, error.fields);
 * }
 */
export class AccessError extends Error {
  override readonly name = 'AccessError';
  readonly code: AccessErrorCode;
  readonly fields: readonly AccessFieldIssue[];

  constructor(code: AccessErrorCode, message: string, fields: readonly AccessFieldIssue[] = []) {
    super(message);
    this.code = code;
    this.fields = fields;
  }
}
