/**
 * Shortest password accepted (NIST SP 800-63B asks for at least 8; length is what makes a passphrase strong, and
 * this account can refund sales).
 *
 * @example
 * import { MIN_PASSWORD_LENGTH } from './password-policy.ts';
 * console.log(MIN_PASSWORD_LENGTH); // 12
 */
export const MIN_PASSWORD_LENGTH = 12;

/**
 * Longest password accepted: long enough for any passphrase or password manager, short enough that a sign-in form
 * can't be used to make the server hash megabytes.
 *
 * @example
 * import { MAX_PASSWORD_LENGTH } from './password-policy.ts';
 * console.log(MAX_PASSWORD_LENGTH); // 1024
 */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * What is wrong with a password: `too_short`, `too_long`, or `is_email` (the password is the e-mail address or
 * its local part, the first thing an attacker tries).
 *
 * @example
 * import type { PasswordProblem } from './password-policy.ts';
 * const problem: PasswordProblem = 'too_short';
 */
export type PasswordProblem = 'too_short' | 'too_long' | 'is_email';

/**
 * Checks a new password against the rules: at least {@link MIN_PASSWORD_LENGTH} characters (counted as code points
 * after NFKC normalisation, as they are hashed), at most {@link MAX_PASSWORD_LENGTH}, and not the user's e-mail
 * address or its local part (case-insensitive). Returns every problem found; an empty list means acceptable.
 *
 * @example
 * import { checkPassword } from './password-policy.ts';
 * checkPassword('short', 'ana@example.com'); // ['too_short']
 * checkPassword('ana@example.com', 'ana@example.com'); // ['is_email']
 * checkPassword('a long passphrase of mine', 'ana@example.com'); // []
 */
export function checkPassword(password: string, email: string): PasswordProblem[] {
  const normalized = String(password).normalize('NFKC');
  const length = [...normalized].length;
  const problems: PasswordProblem[] = [];
  if (length < MIN_PASSWORD_LENGTH) problems.push('too_short');
  if (length > MAX_PASSWORD_LENGTH) problems.push('too_long');
  const lowered = normalized.trim().toLowerCase();
  const address = String(email).trim().toLowerCase();
  const local = address.split('@')[0] ?? '';
  if (lowered === address || (local !== '' && lowered === local)) problems.push('is_email');
  return problems;
}

/**
 * A sentence for each problem, for error fields and forms.
 *
 * @example
 * import { describePasswordProblem } from './password-policy.ts';
 * describePasswordProblem('too_short'); // 'must have at least 12 characters'
 */
export function describePasswordProblem(problem: PasswordProblem): string {
  switch (problem) {
    case 'too_short':
      return `must have at least ${MIN_PASSWORD_LENGTH} characters`;
    case 'too_long':
      return `must have at most ${MAX_PASSWORD_LENGTH} characters`;
    case 'is_email':
      return 'must not be the e-mail address';
  }
}
