import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ActionInputError,
  ActionOutputError,
  ConnectionLookupError,
  CredentialsError,
  createVendorError,
  fieldIssues,
  VendorError,
  VendorRateLimitError,
  VendorRequestError,
} from '../../../src/connectors/errors.ts';
import { NonRetriableError, RetryAfterError } from '../../../src/engine/errors.ts';
import { serializeError } from '../../../src/engine/serialize-error.ts';

const request = { method: 'POST', url: 'https://api.example.com/things' };
const base = { vendor: 'acme', code: 'X', vendorMessage: 'went wrong', request };

describe('vendor errors', () => {
  it('picks the class by status: 4xx stop, 429 waits, the rest retry', () => {
    const refused = createVendorError({ ...base, status: 404 });
    const limited = createVendorError({ ...base, status: 429, retryAfterMs: 5_000 });
    const failed = createVendorError({ ...base, status: 503 });
    const timeout = createVendorError({ ...base, status: 408 });
    const refusedIn200 = createVendorError({ ...base, status: 200, retryable: false });

    expect(refused).toBeInstanceOf(VendorRequestError);
    expect(refused).toBeInstanceOf(NonRetriableError);
    expect(refusedIn200).toBeInstanceOf(VendorRequestError);
    expect(limited).toBeInstanceOf(VendorRateLimitError);
    expect(limited).toBeInstanceOf(RetryAfterError);
    expect((limited as VendorRateLimitError).retryAfter).toBe(5_000);
    for (const retried of [failed, timeout]) {
      expect(retried.constructor).toBe(VendorError);
      expect(retried).not.toBeInstanceOf(NonRetriableError);
      expect(retried.retryable).toBe(true);
    }
    // `instanceof VendorError` answers for the whole family; the subclasses keep their own checks.
    for (const error of [refused, limited, failed]) expect(error).toBeInstanceOf(VendorError);
    expect(failed).not.toBeInstanceOf(VendorRequestError);
    expect(new Error('x')).not.toBeInstanceOf(VendorError);
    expect(null).not.toBeInstanceOf(VendorError);
  });

  it('has a readable message, a stable name and code, and a safe JSON form', () => {
    const error = createVendorError({
      ...base,
      status: 400,
      code: 'VALIDATION_ERROR',
      vendorMessage: 'token=abc123 rejected',
    });
    expect(error.name).toBe('VendorRequestError');
    expect(error.message).toBe(
      'acme POST https://api.example.com/things failed: 400 VALIDATION_ERROR: token=[redacted] rejected',
    );
    expect(JSON.parse(JSON.stringify(error))).toEqual({
      name: 'VendorRequestError',
      message: error.message,
      vendor: 'acme',
      status: 400,
      code: 'VALIDATION_ERROR',
      vendorMessage: 'token=[redacted] rejected',
      request,
      retryable: false,
    });
    const network = createVendorError({ ...base, status: 0, code: 'TIMEOUT', vendorMessage: undefined });
    expect(network.message).toBe('acme POST https://api.example.com/things failed: TIMEOUT');
  });

  it('is stored by the engine with its name and code only', () => {
    const error = createVendorError({ ...base, status: 422, code: 'RecordInvalid' });
    expect(serializeError(error)).toEqual({
      name: 'VendorRequestError',
      message: 'acme POST https://api.example.com/things failed: 422 RecordInvalid: went wrong',
      code: 'RecordInvalid',
    });
    const limited = createVendorError({ ...base, status: 429, code: 'ratelimited', retryAfterMs: 1_000 });
    expect(serializeError(limited)).toMatchObject({ name: 'VendorRateLimitError', code: 'ratelimited' });
  });
});

describe('input, output and credential errors', () => {
  const schema = z.strictObject({
    email: z.email(),
    items: z.array(z.strictObject({ qty: z.int().positive() })),
  });

  it('lists each field at fault with its path', () => {
    const parsed = schema.safeParse({ email: 'nope', items: [{ qty: 1 }, { qty: -2 }], extra: true });
    expect(parsed.success).toBe(false);
    const issues = fieldIssues('input', (parsed as { error: z.ZodError }).error);
    expect(issues.map((i) => i.path).sort()).toEqual(['input', 'input.email', 'input.items[1].qty']);

    const error = new ActionInputError('acme_do_thing', (parsed as { error: z.ZodError }).error);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error.name).toBe('ActionInputError');
    expect(error.code).toBe('ACTION_INPUT_INVALID');
    expect(error.message).toContain('invalid input for acme_do_thing: ');
    expect(error.message).toContain('input.email: Invalid email address');
    expect(error.message).toContain('input.items[1].qty: Too small');
    expect(error.message).toContain('input: Unrecognized key: "extra"');
  });

  it('names output problems of an action', () => {
    const parsed = z.strictObject({ id: z.string() }).safeParse({ id: 3 });
    const error = new ActionOutputError('acme_do_thing', (parsed as { error: z.ZodError }).error);
    expect(error).toMatchObject({
      name: 'ActionOutputError',
      code: 'ACTION_OUTPUT_INVALID',
      actionId: 'acme_do_thing',
    });
    expect(error.message).toContain('output.id: Invalid input: expected string, received number');
  });

  it('names credential fields and connections, never values', () => {
    const error = new CredentialsError({
      connectionId: 'crm',
      connector: 'hubspot',
      issues: [
        { path: 'credentials.accessToken', message: 'Invalid input: expected string, received undefined' },
      ],
    });
    expect(error).toBeInstanceOf(NonRetriableError);
    expect(error).toMatchObject({
      name: 'CredentialsError',
      code: 'CREDENTIALS_INVALID',
      fields: ['credentials.accessToken'],
    });
    expect(error.message).toBe(
      'connection "crm" (hubspot) has invalid credentials: credentials.accessToken: Invalid input: expected string, received undefined',
    );
    const missing = new CredentialsError({
      connectionId: 'crm',
      connector: 'hubspot',
      issues: [{ path: 'credentials', message: 'none' }],
      missing: true,
    });
    expect(missing.code).toBe('CREDENTIALS_MISSING');

    const lookup = new ConnectionLookupError('crm', 'hubspot', 'CONNECTION_KIND_MISMATCH', 'slack');
    expect(lookup.message).toBe('connection "crm" is a slack connection, not hubspot');
    expect(new ConnectionLookupError('x', 'slack', 'CONNECTION_NOT_FOUND').code).toBe('CONNECTION_NOT_FOUND');
  });
});
