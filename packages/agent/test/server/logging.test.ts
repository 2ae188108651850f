import { Writable } from 'node:stream';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createPinoLogger } from '../../src/kit/pino.ts';
import { isSensitiveKey, redact, redactText } from '../../src/kit/redact.ts';
import { Secret } from '../../src/kit/secret.ts';

function capture(): { lines: () => Record<string, unknown>[]; text: () => string; stream: Writable } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return {
    stream,
    text: () => chunks.join(''),
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

describe('Secret', () => {
  it('prints [redacted] everywhere and reveals on request', () => {
    const secret = new Secret('hunter2');
    expect(String(secret)).toBe('[redacted]');
    expect(`${secret}`).toBe('[redacted]');
    expect(JSON.stringify({ secret })).toBe('{"secret":"[redacted]"}');
    expect(inspect({ secret })).toBe('{ secret: [redacted] }');
    expect(secret.reveal()).toBe('hunter2');
  });
});

describe('redact', () => {
  it('recognises sensitive key names in any spelling', () => {
    for (const key of [
      'X-HOTMART-HOTTOK',
      'hottoks',
      'Authorization',
      'cookie',
      'client_secret',
      'clientSecret',
      'accessToken',
      'refresh_token',
      'apiKey',
      'password',
      'credentials',
      'key',
      'basic',
    ]) {
      expect(isSensitiveKey(key), key).toBe(true);
    }
    for (const key of ['user-agent', 'content-type', 'id', 'name', 'email', 'transaction', 'status']) {
      expect(isSensitiveKey(key), key).toBe(false);
    }
  });

  it('replaces sensitive values deep inside objects and arrays, leaving the input untouched', () => {
    const input = {
      id: 'main',
      hottoks: ['abc'],
      headers: { 'x-hotmart-hottok': 'abc', 'user-agent': 'Hotmart' },
      list: [{ credentials: { clientSecret: 's' } }, 'Bearer abc.def'],
      wrapped: new Secret('z'),
    };
    expect(redact(input)).toEqual({
      id: 'main',
      hottoks: '[redacted]',
      headers: { 'x-hotmart-hottok': '[redacted]', 'user-agent': 'Hotmart' },
      list: [{ credentials: '[redacted]' }, 'Bearer [redacted]'],
      wrapped: '[redacted]',
    });
    expect(input.headers['x-hotmart-hottok']).toBe('abc');
  });

  it('handles errors, cycles, buffers and depth', () => {
    const error = Object.assign(new Error('connect postgres://app:pw@db/hp failed'), {
      code: 'ECONNREFUSED',
    });
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    let deep: Record<string, unknown> = { end: true };
    for (let i = 0; i < 12; i++) deep = { next: deep };
    const out = redact({ error, cyclic, bytes: Buffer.from('secret'), deep }) as {
      error: { message: string; code: string; stack: string };
      cyclic: { self: unknown };
      bytes: string;
      deep: unknown;
    };
    expect(out.error.message).toBe('connect postgres://app:[redacted]@db/hp failed');
    expect(out.error.code).toBe('ECONNREFUSED');
    expect(out.error.stack).not.toContain(':pw@');
    expect(out.cyclic.self).toBe('[circular]');
    expect(out.bytes).toBe('[6 bytes]');
    expect(JSON.stringify(out.deep)).toContain('[truncated]');
  });
});

describe('redactText', () => {
  it.each([
    ['postgres://app:s3cret@db:5432/hp', 'postgres://app:[redacted]@db:5432/hp'],
    ['postgres://127.0.0.1:5432/test', 'postgres://127.0.0.1:5432/test'],
    ['Authorization: Bearer eyJhbGciOi.x.y', 'Authorization: Bearer [redacted]'],
    ['Basic Y2xpZW50OnNlY3JldA==', 'Basic [redacted]'],
    ['hottok=abc123&status=approved', 'hottok=[redacted]&status=approved'],
    [
      '{"id":"1","hottok":"abc","client_secret":"s"}',
      '{"id":"1","hottok":"[redacted]","client_secret":"[redacted]"}',
    ],
    ['access_token: abc.def', 'access_token: [redacted]'],
    ['nothing secret here', 'nothing secret here'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });
});

describe('createPinoLogger', () => {
  it('writes JSON lines with secrets redacted at any of the first three levels', () => {
    const out = capture();
    const logger = createPinoLogger({ level: 'info', destination: out.stream, bindings: { role: 'web' } });
    logger.info(
      {
        hottok: 'tok-0',
        headers: {
          'x-hotmart-hottok': 'tok-1',
          authorization: 'Bearer tok-2',
          cookie: 'sid=tok-3',
          accept: '*/*',
        },
        req: { headers: { 'x-hotmart-hottok': 'tok-4' } },
        connection: { credentials: { clientId: 'id', clientSecret: 'tok-5' }, hottoks: ['tok-6'] },
        token: 'tok-7',
      },
      'delivery',
    );
    const [line] = out.lines();
    expect(out.text()).not.toMatch(/tok-\d/);
    expect(line).toMatchObject({
      level: 30,
      role: 'web',
      msg: 'delivery',
      hottok: '[redacted]',
      headers: {
        'x-hotmart-hottok': '[redacted]',
        authorization: '[redacted]',
        cookie: '[redacted]',
        accept: '*/*',
      },
      req: { headers: { 'x-hotmart-hottok': '[redacted]' } },
      connection: { credentials: '[redacted]', hottoks: '[redacted]' },
      token: '[redacted]',
    });
  });

  it('redacts secrets interpolated into messages and inside logged errors', () => {
    const out = capture();
    const logger = createPinoLogger({ destination: out.stream });
    logger.error(
      { err: new Error('login to postgres://u:pw-9@db failed, hottok=tok-8') },
      'failed with hottok=tok-9',
    );
    const [line] = out.lines() as { msg: string; err: { message: string } }[];
    expect(out.text()).not.toMatch(/tok-\d|pw-9/);
    expect(line?.msg).toBe('failed with hottok=[redacted]');
    expect(line?.err.message).toBe('login to postgres://u:[redacted]@db failed, hottok=[redacted]');
  });

  it('honours the level and child bindings', () => {
    const out = capture();
    const logger = createPinoLogger({ level: 'warn', destination: out.stream });
    logger.info({}, 'dropped');
    logger.child({ module: 'engine' }).warn({ runs: 2 }, 'kept');
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, module: 'engine', runs: 2, msg: 'kept' });
  });
});
