import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';

/**
 * Why a secret-box operation failed; messages never contain the key, the plaintext or the envelope.
 *
 * @example
 * import type { SecretBoxErrorCode } from './secret-box.ts';
 * const isKeyProblem = (code: SecretBoxErrorCode) => code === 'bad_key' || code === 'key_file';
 */
export type SecretBoxErrorCode = 'bad_key' | 'bad_envelope' | 'decrypt_failed' | 'key_file';

/**
 * A failure to load a key, or to open an envelope (wrong key, tampered or truncated data).
 *
 * @example
 * import { SecretBoxError, createSecretBox } from './secret-box.ts';
 * try {
 *   createSecretBox(Buffer.alloc(32, 1)).open('v1.not.a.secret');
 * } catch (error) {
 *   if (error instanceof SecretBoxError) console.log(error.code); // 'bad_envelope'
 * }
 */
export class SecretBoxError extends Error {
  override readonly name = 'SecretBoxError';
  readonly code: SecretBoxErrorCode;

  constructor(code: SecretBoxErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/**
 * Seals JSON values (strings included) with AES-256-GCM under one key.
 *
 * @example
 * import { createSecretBox, type SecretBox } from './secret-box.ts';
 * const box: SecretBox = createSecretBox(Buffer.alloc(32, 1));
 * box.open(box.seal('token'));
 */
export interface SecretBox {
  /**
   * Encrypts `JSON.stringify(value)` with a fresh random IV. `context` is bound as additional authenticated data,
   * so an envelope copied to another row (another context) does not open there.
   */
  seal(value: unknown, context?: string): string;
  /** Decrypts an envelope made by `seal` with the same key and context. */
  open<T = unknown>(envelope: string, context?: string): T;
}

/**
 * Creates a secret box over a 32-byte key. The envelope is `v1.<iv>.<tag>.<ciphertext>` (base64url parts), so the
 * format can change later without guessing.
 *
 * @example
 * import { randomBytes } from 'node:crypto';
 * import { createSecretBox } from './secret-box.ts';
 * const box = createSecretBox(randomBytes(32));
 * const sealed = box.seal({ clientSecret: 's3cr3t' }, 'connection:main');
 * const secret = box.open<{ clientSecret: string }>(sealed, 'connection:main');
 */
export function createSecretBox(key: Buffer): SecretBox {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
    throw new SecretBoxError('bad_key', `the secret key must be exactly ${KEY_BYTES} bytes`);
  }
  // A private copy: the caller may reuse or zero its buffer.
  const secretKey = Buffer.from(key);

  return {
    seal(value, context) {
      const plaintext = JSON.stringify(value);
      if (plaintext === undefined) throw new TypeError('secret-box can only seal JSON values');
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv(ALGORITHM, secretKey, iv, { authTagLength: TAG_BYTES });
      if (context !== undefined) cipher.setAAD(Buffer.from(context, 'utf8'));
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [
        VERSION,
        iv.toString('base64url'),
        tag.toString('base64url'),
        ciphertext.toString('base64url'),
      ].join('.');
    },

    open<T = unknown>(envelope: string, context?: string): T {
      const parts = typeof envelope === 'string' ? envelope.split('.') : [];
      const [version, ivText, tagText, ciphertextText] = parts;
      if (parts.length !== 4 || version !== VERSION || !ivText || !tagText || ciphertextText === undefined) {
        throw new SecretBoxError(
          'bad_envelope',
          'not a hotpilot secret envelope (expected v1.<iv>.<tag>.<data>)',
        );
      }
      const iv = Buffer.from(ivText, 'base64url');
      const tag = Buffer.from(tagText, 'base64url');
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
        throw new SecretBoxError('bad_envelope', 'malformed secret envelope (bad IV or tag length)');
      }
      let plaintext: string;
      try {
        const decipher = createDecipheriv(ALGORITHM, secretKey, iv, { authTagLength: TAG_BYTES });
        if (context !== undefined) decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        plaintext = Buffer.concat([
          decipher.update(Buffer.from(ciphertextText, 'base64url')),
          decipher.final(),
        ]).toString('utf8');
      } catch {
        // The cause is deliberately dropped: it adds nothing and must never carry data.
        throw new SecretBoxError(
          'decrypt_failed',
          'cannot decrypt a stored secret: wrong secret key, or the data was altered',
        );
      }
      return JSON.parse(plaintext) as T;
    },
  };
}

/**
 * Parses a 32-byte key given as 64 hex characters or as base64 / base64url (the forms an environment variable or a
 * key file holds). The error never echoes the input.
 *
 * @example
 * import { parseKey } from './secret-box.ts';
 * const key = parseKey('00'.repeat(32));
 * console.log(key.length); // 32
 */
export function parseKey(base64OrHex: string): Buffer {
  const text = typeof base64OrHex === 'string' ? base64OrHex.trim() : '';
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]{42,44}={0,2}$/.test(text)) {
    const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (key.length === KEY_BYTES) return key;
  }
  throw new SecretBoxError(
    'bad_key',
    `the secret key must be ${KEY_BYTES} bytes written as 64 hex characters or as base64`,
  );
}

/**
 * Reads the key file at `path`, or creates it with 32 random bytes (base64, file mode 0600, parent directory 0700)
 * when it does not exist. An existing file that group or others can access is refused, like OpenSSH refuses such
 * private keys: a readable key makes the encryption at rest worthless.
 *
 * @example
 * import { loadOrCreateKeyFile } from './secret-box.ts';
 * const key = loadOrCreateKeyFile('/var/lib/hotpilot/secret.key');
 * console.log(key.length); // 32
 */
export function loadOrCreateKeyFile(path: string): Buffer {
  const created = createKeyFileIfMissing(path);
  if (created) return created;

  if (process.platform !== 'win32') {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) !== 0) {
      throw new SecretBoxError(
        'key_file',
        `the key file ${path} is accessible by other users (mode ${mode.toString(8)}); run: chmod 600 ${path}`,
      );
    }
  }
  try {
    return parseKey(readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof SecretBoxError) {
      throw new SecretBoxError(
        'key_file',
        `the key file ${path} does not hold a valid key: ${error.message}`,
      );
    }
    throw error;
  }
}

/**
 * Writes the key to a private temporary file and links it into place: `link` fails when the name exists, so two
 * processes starting together never write two different keys, and nobody ever reads a half-written file.
 */
function createKeyFileIfMissing(path: string): Buffer | null {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const key = randomBytes(KEY_BYTES);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temporary, path);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}
