import type { z } from 'zod';
import { NonRetriableError, RetryAfterError } from '../engine/errors.ts';
import { redactText } from '../kit/redact.ts';

/**
 * The errors every connector throws. Vendor failures carry the vendor, the HTTP status, the vendor's own error code
 * and message (from the body, never from parsing message text), the request reduced to method and redacted URL, and
 * whether another attempt could succeed. Nothing here ever holds a token, a password or a private key: messages
 * are built from field names and vendor codes, and pass through `redactText` on the way in.
 *
 * Three classes share the vendor fields because the engine decides by class: `VendorRequestError` extends
 * `NonRetriableError` (a 4xx won't fix itself), `VendorRateLimitError` extends `RetryAfterError` (the engine waits
 * the vendor's time), and plain `VendorError` is retried with backoff. `error instanceof VendorError` is true for
 * all three.
 */

/**
 * The request that failed, as errors and logs may show it: method and URL with credentials removed.
 *
 * @example
 * import type { VendorRequestInfo } from './errors.ts';
 * const request: VendorRequestInfo = { method: 'GET', url: 'https://slack.com/api/auth.test?token=[redacted]' };
 */
export interface VendorRequestInfo {
  readonly method: string;
  readonly url: string;
}

/**
 * What every vendor error carries.
 *
 * @example
 * import type { VendorErrorDetails } from './errors.ts';
 * const details: VendorErrorDetails = {
 *   vendor: 'zendesk', status: 422, code: 'RecordInvalid', vendorMessage: 'Record validation errors',
 *   request: { method: 'POST', url: 'https://acme.zendesk.com/api/v2/tickets' }, retryable: false,
 * };
 */
export interface VendorErrorDetails {
  /** Connector id of the vendor: `hubspot`, `zendesk`, `slack`, `google-sheets`, … */
  readonly vendor: string;
  /** HTTP status; 0 when no response arrived (network failure, timeout). */
  readonly status: number;
  /**
   * Stable code: the vendor's own (`channel_not_found`, `VALIDATION_ERROR`, `RecordInvalid`, `INVALID_ARGUMENT`),
   * or ours when the vendor gave none (`HTTP_502`, `NETWORK_ERROR`, `TIMEOUT`, `UNEXPECTED_RESPONSE`).
   */
  readonly code: string;
  /** The vendor's human message from the body, redacted; undefined when it sent none. */
  readonly vendorMessage: string | undefined;
  readonly request: VendorRequestInfo;
  /** True when another attempt later could succeed (network, timeout, 408, 429, 5xx). */
  readonly retryable: boolean;
}

/**
 * What `createVendorError` needs; `cause` is kept off the JSON form.
 *
 * @example
 * import type { VendorErrorInit } from './errors.ts';
 * const init: VendorErrorInit = {
 *   vendor: 'slack', status: 429, code: 'ratelimited', vendorMessage: undefined, retryAfterMs: 30_000,
 *   request: { method: 'POST', url: 'https://slack.com/api/chat.postMessage' },
 * };
 */
export interface VendorErrorInit extends Omit<VendorErrorDetails, 'retryable'> {
  retryable?: boolean;
  /** For 429s: how long the vendor asked us to wait, in ms. */
  retryAfterMs?: number;
  cause?: unknown;
}

// Brand shared by the three vendor error classes, so `instanceof VendorError` answers for all of them although
// JavaScript has single inheritance and two of them must extend the engine's classes.
const VENDOR_ERROR = Symbol.for('hotpilot.connectors.vendor-error');

function describe(details: VendorErrorDetails): string {
  const where = `${details.vendor} ${details.request.method} ${details.request.url}`;
  const what = details.status === 0 ? details.code : `${details.status} ${details.code}`;
  return redactText(
    details.vendorMessage ? `${where} failed: ${what}: ${details.vendorMessage}` : `${where} failed: ${what}`,
  );
}

function assign(target: object, details: VendorErrorDetails, name: string): void {
  // `name` becomes an own, non-enumerable property like Error's own `message`; the engine's classes declare `name`
  // as a literal-typed field, which a subclass cannot re-declare with another literal.
  Object.defineProperty(target, 'name', {
    value: name,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  Object.defineProperty(target, VENDOR_ERROR, { value: true, enumerable: false });
  Object.assign(target, {
    vendor: details.vendor,
    status: details.status,
    code: details.code,
    vendorMessage: details.vendorMessage === undefined ? undefined : redactText(details.vendorMessage),
    request: { method: details.request.method, url: redactText(details.request.url) },
    retryable: details.retryable,
  });
}

function toJson(error: Error & VendorErrorDetails): Record<string, unknown> {
  return {
    name: error.name,
    message: error.message,
    vendor: error.vendor,
    status: error.status,
    code: error.code,
    vendorMessage: error.vendorMessage,
    request: error.request,
    retryable: error.retryable,
  };
}

/**
 * A vendor call failed in a way another attempt may fix: a network failure, a timeout, a 5xx. The engine retries
 * the step with backoff. Also the supertype (through `instanceof`) of `VendorRequestError` and
 * `VendorRateLimitError`.
 *
 * @example
 * import { VendorError } from './errors.ts';
 * try {
 *   await run();
 * } catch (error) {
 *   if (error instanceof VendorError && error.vendor === 'slack') console.log(error.code, error.status);
 * }
 */
export class VendorError extends Error implements VendorErrorDetails {
  declare readonly vendor: string;
  declare readonly status: number;
  declare readonly code: string;
  declare readonly vendorMessage: string | undefined;
  declare readonly request: VendorRequestInfo;
  declare readonly retryable: boolean;

  constructor(details: VendorErrorDetails, options?: { cause?: unknown }) {
    super(describe(details), options?.cause === undefined ? undefined : { cause: options.cause });
    assign(this, details, 'VendorError');
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // Subclasses keep the ordinary prototype check; only `VendorError` itself answers for the whole family.
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class the check was asked of, possibly a subclass.
    if (this !== VendorError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return (
      typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[VENDOR_ERROR] === true
    );
  }

  toJSON(): Record<string, unknown> {
    return toJson(this);
  }
}

/**
 * The vendor refused the request (a 4xx other than 408 and 429, or Slack's `ok: false`): bad input, a missing
 * permission, an unknown record. Repeating it cannot help, so it extends the engine's `NonRetriableError` and the
 * run stops at once with the vendor's code.
 *
 * @example
 * import { VendorRequestError } from './errors.ts';
 * const error = new VendorRequestError({
 *   vendor: 'slack', status: 200, code: 'channel_not_found', vendorMessage: undefined,
 *   request: { method: 'POST', url: 'https://slack.com/api/chat.postMessage' }, retryable: false,
 * });
 * console.log(error.code); // 'channel_not_found'
 */
export class VendorRequestError extends NonRetriableError implements VendorErrorDetails {
  declare readonly vendor: string;
  declare readonly status: number;
  declare readonly code: string;
  declare readonly vendorMessage: string | undefined;
  declare readonly request: VendorRequestInfo;
  declare readonly retryable: boolean;

  constructor(
    details: Omit<VendorErrorDetails, 'retryable'> & { retryable?: false },
    options?: { cause?: unknown },
  ) {
    super(describe({ ...details, retryable: false }), { code: details.code, cause: options?.cause });
    assign(this, { ...details, retryable: false }, 'VendorRequestError');
  }

  toJSON(): Record<string, unknown> {
    return toJson(this);
  }
}

/**
 * The vendor rate-limited us and the wait it asked for is longer than one call should block (or the retries ran
 * out). Extends the engine's `RetryAfterError`, so the run is retried after `retryAfter` ms instead of on the usual
 * backoff.
 *
 * @example
 * import { VendorRateLimitError } from './errors.ts';
 * const error = new VendorRateLimitError({
 *   vendor: 'hubspot', status: 429, code: 'RATE_LIMIT', vendorMessage: undefined,
 *   request: { method: 'POST', url: 'https://api.hubapi.com/crm/v3/objects/contacts/search' }, retryable: true,
 * }, 10_000);
 * console.log(error.retryAfter); // 10000
 */
export class VendorRateLimitError extends RetryAfterError implements VendorErrorDetails {
  declare readonly vendor: string;
  declare readonly status: number;
  declare readonly code: string;
  declare readonly vendorMessage: string | undefined;
  declare readonly request: VendorRequestInfo;
  declare readonly retryable: boolean;

  constructor(details: VendorErrorDetails, retryAfterMs: number, options?: { cause?: unknown }) {
    super(describe(details), Math.max(0, Math.round(retryAfterMs)), {
      code: details.code,
      cause: options?.cause,
    });
    assign(this, { ...details, retryable: true }, 'VendorRateLimitError');
  }

  toJSON(): Record<string, unknown> {
    return { ...toJson(this), retryAfterMs: this.retryAfter };
  }
}

/**
 * Picks the class for a vendor failure: 429 → `VendorRateLimitError`, other 4xx (or `retryable: false`) →
 * `VendorRequestError`, anything else → `VendorError`.
 *
 * @example
 * import { createVendorError } from './errors.ts';
 * const error = createVendorError({
 *   vendor: 'zendesk', status: 422, code: 'RecordInvalid', vendorMessage: 'Record validation errors',
 *   request: { method: 'POST', url: 'https://acme.zendesk.com/api/v2/tickets' },
 * });
 * console.log(error.name); // 'VendorRequestError'
 */
export function createVendorError(
  init: VendorErrorInit,
): VendorError | VendorRequestError | VendorRateLimitError {
  const { retryAfterMs, cause, ...rest } = init;
  const options = cause === undefined ? undefined : { cause };
  if (init.status === 429)
    return new VendorRateLimitError({ ...rest, retryable: true }, retryAfterMs ?? 0, options);
  const client = init.status >= 400 && init.status < 500 && init.status !== 408;
  if (client || init.retryable === false)
    return new VendorRequestError({ ...rest, retryable: false }, options);
  return new VendorError({ ...rest, retryable: true }, options);
}

/**
 * One problem of a parsed value: the dotted path from its root and zod's message (which never holds the value).
 *
 * @example
 * import type { FieldIssue } from './errors.ts';
 * const issue: FieldIssue = { path: 'input.email', message: 'Invalid email address' };
 */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * Zod issues as `root.a.b: message` items. Messages go through `redactText` in case a custom refinement echoed a
 * value; zod's own messages name expectations, never the received value.
 *
 * @example
 * import { z } from 'zod';
 * import { fieldIssues } from './errors.ts';
 * const result = z.strictObject({ email: z.email() }).safeParse({ email: 'x' });
 * if (!result.success) fieldIssues('input', result.error); // [{ path: 'input.email', message: 'Invalid email address' }]
 */
export function fieldIssues(root: string, error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({
    path: [root, ...issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)))]
      .join('.')
      .replaceAll('.[', '['),
    message: redactText(issue.message),
  }));
}

const listIssues = (issues: readonly FieldIssue[]) => issues.map((i) => `${i.path}: ${i.message}`).join('; ');

/**
 * The input given to an action does not match its schema. The message names each field (`input.email: Invalid
 * email address`); calling again with the same input can't succeed, so it is a `NonRetriableError`.
 *
 * @example
 * import { z } from 'zod';
 * import { ActionInputError } from './errors.ts';
 * const parsed = z.strictObject({ email: z.email() }).safeParse({ email: 'nope' });
 * if (!parsed.success) throw new ActionInputError('hubspot_upsert_contact', parsed.error);
 */
export class ActionInputError extends NonRetriableError {
  readonly actionId: string;
  readonly issues: readonly FieldIssue[];

  constructor(actionId: string, error: z.ZodError) {
    const issues = fieldIssues('input', error);
    super(`invalid input for ${actionId}: ${listIssues(issues)}`, { code: 'ACTION_INPUT_INVALID' });
    Object.defineProperty(this, 'name', { value: 'ActionInputError', enumerable: false, configurable: true });
    this.actionId = actionId;
    this.issues = issues;
  }
}

/**
 * An action returned something its output schema refuses: a bug in the action or a vendor response it did not
 * expect. Not retried: the same response would fail the same way.
 *
 * @example
 * import { z } from 'zod';
 * import { ActionOutputError } from './errors.ts';
 * const parsed = z.strictObject({ id: z.string() }).safeParse({});
 * if (!parsed.success) throw new ActionOutputError('hubspot_find_contact', parsed.error);
 */
export class ActionOutputError extends NonRetriableError {
  readonly actionId: string;
  readonly issues: readonly FieldIssue[];

  constructor(actionId: string, error: z.ZodError) {
    const issues = fieldIssues('output', error);
    super(`${actionId} produced invalid output: ${listIssues(issues)}`, { code: 'ACTION_OUTPUT_INVALID' });
    Object.defineProperty(this, 'name', {
      value: 'ActionOutputError',
      enumerable: false,
      configurable: true,
    });
    this.actionId = actionId;
    this.issues = issues;
  }
}

/**
 * A connection's credentials (or settings) are missing or do not match its connector's schema. The message names
 * each field (`credentials.accessToken: Invalid input: expected string, received undefined`), never a value.
 *
 * @example
 * import { CredentialsError } from './errors.ts';
 * throw new CredentialsError({
 *   connectionId: 'crm', connector: 'hubspot',
 *   issues: [{ path: 'credentials.accessToken', message: 'Required' }],
 * });
 */
export class CredentialsError extends NonRetriableError {
  readonly connectionId: string;
  readonly connector: string;
  readonly issues: readonly FieldIssue[];
  /** The fields at fault, e.g. `['credentials.accessToken']`. */
  readonly fields: readonly string[];

  constructor(init: {
    connectionId: string;
    connector: string;
    issues: readonly FieldIssue[];
    missing?: boolean;
  }) {
    super(
      `connection "${init.connectionId}" (${init.connector}) has ${init.missing ? 'no' : 'invalid'} credentials: ${listIssues(init.issues)}`,
      { code: init.missing ? 'CREDENTIALS_MISSING' : 'CREDENTIALS_INVALID' },
    );
    Object.defineProperty(this, 'name', { value: 'CredentialsError', enumerable: false, configurable: true });
    this.connectionId = init.connectionId;
    this.connector = init.connector;
    this.issues = init.issues;
    this.fields = [...new Set(init.issues.map((i) => i.path))];
  }
}

/**
 * The connection an action was asked to use does not exist, or belongs to another connector.
 *
 * @example
 * import { ConnectionLookupError } from './errors.ts';
 * throw new ConnectionLookupError('crm', 'hubspot', 'CONNECTION_NOT_FOUND');
 */
export class ConnectionLookupError extends NonRetriableError {
  readonly connectionId: string;
  readonly connector: string;

  constructor(
    connectionId: string,
    connector: string,
    code: 'CONNECTION_NOT_FOUND' | 'CONNECTION_KIND_MISMATCH',
    actualKind?: string,
  ) {
    super(
      code === 'CONNECTION_NOT_FOUND'
        ? `connection "${connectionId}" does not exist (expected a ${connector} connection)`
        : `connection "${connectionId}" is a ${actualKind ?? 'different'} connection, not ${connector}`,
      { code },
    );
    Object.defineProperty(this, 'name', {
      value: 'ConnectionLookupError',
      enumerable: false,
      configurable: true,
    });
    this.connectionId = connectionId;
    this.connector = connector;
  }
}
