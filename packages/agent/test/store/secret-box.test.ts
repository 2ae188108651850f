import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSecretBox, loadOrCreateKeyFile, parseKey, SecretBoxError } from '../../src/kit/secret-box.ts';

const key = Buffer.alloc(32, 3);

function flipCiphertextBit(envelope: string): string {
  const [version, iv, tag, data] = envelope.split('.');
  const bytes = Buffer.from(data ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  return [version, iv, tag, bytes.toString('base64url')].join('.');
}

describe('createSecretBox', () => {
  it('round-trips JSON values and strings', () => {
    const box = createSecretBox(key);
    const values = [
      { clientSecret: 's3cr3t', nested: [1, true, null] },
      'plain string',
      ['a', 'b'],
      42,
      null,
    ];
    for (const value of values) expect(box.open(box.seal(value))).toEqual(value);
  });

  it('uses a fresh IV for every seal and a versioned envelope', () => {
    const box = createSecretBox(key);
    const a = box.seal('same');
    const b = box.seal('same');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a).not.toContain('same');
  });

  it('refuses the wrong key, a tampered envelope and another context without leaking the plaintext', () => {
    const sealed = createSecretBox(key).seal({ token: 'hottok-123' }, 'ctx-a');
    const attempts = [
      () => createSecretBox(Buffer.alloc(32, 4)).open(sealed, 'ctx-a'),
      () => createSecretBox(key).open(sealed, 'ctx-b'),
      () => createSecretBox(key).open(sealed),
      () => createSecretBox(key).open(flipCiphertextBit(sealed), 'ctx-a'),
    ];
    for (const attempt of attempts) {
      let caught: unknown;
      try {
        attempt();
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(SecretBoxError);
      expect((caught as SecretBoxError).code).toBe('decrypt_failed');
      expect((caught as Error).message).not.toContain('hottok-123');
      expect((caught as Error).cause).toBeUndefined();
    }
  });

  it('refuses malformed envelopes and keys of the wrong size', () => {
    const box = createSecretBox(key);
    for (const bad of [
      '',
      'v1.a.b',
      'v2.AAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA.AA',
      'v1.AA.AAAAAAAAAAAAAAAAAAAAAA.AA',
      42,
    ]) {
      expect(() => box.open(bad as string)).toThrow(expect.objectContaining({ code: 'bad_envelope' }));
    }
    expect(() => createSecretBox(Buffer.alloc(16))).toThrow(expect.objectContaining({ code: 'bad_key' }));
    expect(() => createSecretBox('x'.repeat(32) as unknown as Buffer)).toThrow(SecretBoxError);
    expect(() => box.seal(undefined)).toThrow(TypeError);
  });

  it('does not expose the key through the box object', () => {
    const box = createSecretBox(Buffer.from('k'.repeat(32)));
    expect(JSON.stringify(box)).not.toContain('kkkk');
    expect(Object.keys(box).sort()).toEqual(['open', 'seal']);
  });
});

describe('parseKey', () => {
  it('reads hex, base64 and base64url', () => {
    const raw = Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 250));
    expect(parseKey(raw.toString('hex'))).toEqual(raw);
    expect(parseKey(raw.toString('hex').toUpperCase())).toEqual(raw);
    expect(parseKey(raw.toString('base64'))).toEqual(raw);
    expect(parseKey(`  ${raw.toString('base64url')}\n`)).toEqual(raw);
  });

  it('refuses anything else without echoing it', () => {
    for (const bad of ['', 'short', '00'.repeat(31), Buffer.alloc(31).toString('base64'), 'zz'.repeat(32)]) {
      let caught: unknown;
      try {
        parseKey(bad);
      } catch (error) {
        caught = error;
      }
      expect(caught).toMatchObject({ code: 'bad_key' });
      if (bad.length > 0) expect((caught as Error).message).not.toContain(bad);
    }
  });
});

describe('loadOrCreateKeyFile', () => {
  const directories: string[] = [];
  const tempDir = (): string => {
    const directory = mkdtempSync(join(tmpdir(), 'hotpilot-key-'));
    directories.push(directory);
    return directory;
  };
  afterEach(() => {
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('creates a private key file once and reads the same key afterwards', () => {
    const path = join(tempDir(), 'nested', 'secret.key');
    const created = loadOrCreateKeyFile(path);
    expect(created).toHaveLength(32);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(path, '..')).mode & 0o777).toBe(0o700);
    expect(parseKey(readFileSync(path, 'utf8'))).toEqual(created);
    expect(loadOrCreateKeyFile(path)).toEqual(created);
  });

  it('refuses a key file other users can read', () => {
    const path = join(tempDir(), 'secret.key');
    loadOrCreateKeyFile(path);
    chmodSync(path, 0o644);
    expect(() => loadOrCreateKeyFile(path)).toThrow(expect.objectContaining({ code: 'key_file' }));
    expect(() => loadOrCreateKeyFile(path)).toThrow(/chmod 600/);
  });

  it('refuses a key file that does not hold a key', () => {
    const path = join(tempDir(), 'secret.key');
    writeFileSync(path, 'not a key\n', { mode: 0o600 });
    expect(() => loadOrCreateKeyFile(path)).toThrow(expect.objectContaining({ code: 'key_file' }));
  });
});
