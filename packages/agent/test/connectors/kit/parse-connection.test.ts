import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ConnectionLike, loadConnection, parseConnection } from '../../../src/connectors/connections.ts';
import { ConnectionLookupError, CredentialsError } from '../../../src/connectors/errors.ts';
import { invokeAction } from '../../../src/connectors/invoke.ts';
import { defineAction, defineConnector } from '../../../src/connectors/kit.ts';
import { createConnectionCache } from '../../../src/server/connection-cache.ts';
import type { ConnectionRecord } from '../../../src/store/port.ts';
import { thrown } from './support.ts';

type Credentials = { apiKey: string };

/** A connector whose schemas count every parse, failed ones too (the count runs before the check). */
function countingConnector(id = 'demo', minKeyLength = 8) {
  const parses = { credentials: 0, settings: 0 };
  const connector = defineConnector<Credentials>({
    id,
    title: 'Demo',
    description: 'A connector for tests.',
    credentials: z.preprocess(
      (value) => {
        parses.credentials++;
        return value;
      },
      z.strictObject({ apiKey: z.string().min(minKeyLength) }),
    ),
    // Loose, as vendor-facing settings may be: unknown keys come through zod by reference.
    settings: z.preprocess(
      (value) => {
        parses.settings++;
        return value;
      },
      z.looseObject({ baseUrl: z.url().optional() }),
    ),
    test: async () => ({ ok: true, message: 'ok' }),
  });
  return { connector, parses };
}

function record(overrides: Partial<ConnectionRecord> = {}): ConnectionRecord {
  return {
    id: 'main',
    kind: 'demo',
    name: 'Main',
    hottoks: [],
    credentials: { apiKey: 'secret-key-123' },
    settings: { baseUrl: 'http://127.0.0.1:9', extra: { region: 'eu' } },
    createdAt: 1,
    updatedAt: 1,
    ...overrides,
  };
}

describe('parseConnection memo', () => {
  it('parses an unchanged stored record once and hands out one frozen result', () => {
    const { connector, parses } = countingConnector();
    const stored = record();
    const first = parseConnection(connector, stored);
    const second = parseConnection(connector, stored);
    const third = parseConnection(connector, stored);
    expect(parses).toEqual({ credentials: 1, settings: 1 });
    expect(second).toBe(first);
    expect(third).toBe(first);
    expect(first).toEqual({
      id: 'main',
      kind: 'demo',
      name: 'Main',
      credentials: { apiKey: 'secret-key-123' },
      settings: { baseUrl: 'http://127.0.0.1:9', extra: { region: 'eu' } },
    });
    // Shared, so nobody can change what the next caller reads…
    expect(Object.isFrozen(first)).toBe(true);
    expect(Reflect.set(first.credentials, 'apiKey', 'changed')).toBe(false);
    expect(Reflect.set(first.settings, 'baseUrl', 'http://evil.example')).toBe(false);
    expect(Reflect.set(first.settings['extra'] as object, 'region', 'us')).toBe(false);
    expect(first.credentials.apiKey).toBe('secret-key-123');
    // …and the caller's own record is copied, not frozen (zod passes the loose `extra` through by reference).
    expect(Object.isFrozen(stored)).toBe(false);
    expect(Object.isFrozen(stored.credentials)).toBe(false);
    expect(Object.isFrozen(stored.settings['extra'])).toBe(false);
    expect(first.settings['extra']).not.toBe(stored.settings['extra']);
  });

  it('parses again when the record changes: updatedAt, credentials, settings, name, or a new object', () => {
    const { connector, parses } = countingConnector();
    const stored = record();
    const before = parseConnection(connector, stored);

    stored.updatedAt = 2;
    const afterTouch = parseConnection(connector, stored);
    expect(parses.credentials).toBe(2);
    expect(afterTouch).not.toBe(before);

    stored.credentials = { apiKey: 'rotated-key-456' };
    expect(parseConnection(connector, stored).credentials.apiKey).toBe('rotated-key-456');
    expect(parses.credentials).toBe(3);

    stored.settings = { baseUrl: 'http://127.0.0.1:10' };
    expect(parseConnection(connector, stored).settings).toEqual({ baseUrl: 'http://127.0.0.1:10' });
    expect(parses.settings).toBe(4);

    stored.name = 'Renamed';
    expect(parseConnection(connector, stored).name).toBe('Renamed');
    expect(parses.credentials).toBe(5);

    // The same contents in a new object (what a store read gives) are parsed for that object.
    const reread = { ...stored, credentials: { apiKey: 'rotated-key-456' } };
    expect(parseConnection(connector, reread).credentials.apiKey).toBe('rotated-key-456');
    expect(parses.credentials).toBe(6);
    parseConnection(connector, reread);
    parseConnection(connector, stored);
    expect(parses.credentials).toBe(6);
  });

  it('never remembers an error, nor a success from before the record broke', async () => {
    const { connector, parses } = countingConnector();
    const broken = record({ credentials: { apiKey: 'short' } });
    for (let i = 0; i < 2; i++) {
      const error = await thrown(async () => parseConnection(connector, broken));
      expect(error).toBeInstanceOf(CredentialsError);
      expect(error['fields']).toEqual(['credentials.apiKey']);
    }
    expect(parses.credentials).toBe(2);

    const stored = record();
    const good = stored.credentials;
    parseConnection(connector, stored);
    stored.credentials = { apiKey: 'short' };
    await expect(thrown(async () => parseConnection(connector, stored))).resolves.toBeInstanceOf(
      CredentialsError,
    );
    // Back to the first credentials object: parsed again, since the first parse was forgotten on the failure.
    stored.credentials = good;
    expect(parseConnection(connector, stored).credentials).toEqual({ apiKey: 'secret-key-123' });
    expect(parses.credentials).toBe(5);

    const none = record({ credentials: null });
    await expect(thrown(async () => parseConnection(connector, none))).resolves.toMatchObject({
      code: 'CREDENTIALS_MISSING',
    });
    await expect(thrown(async () => parseConnection(connector, none))).resolves.toMatchObject({
      code: 'CREDENTIALS_MISSING',
    });
  });

  it('checks the same record again for another connector definition', async () => {
    const loose = countingConnector('demo', 8);
    const strict = countingConnector('demo', 20);
    const other = countingConnector('other');
    const stored = record();

    expect(parseConnection(loose.connector, stored).credentials.apiKey).toBe('secret-key-123');
    const refused = await thrown(async () => parseConnection(strict.connector, stored));
    expect(refused).toBeInstanceOf(CredentialsError);
    expect(refused['fields']).toEqual(['credentials.apiKey']);
    expect(strict.parses.credentials).toBe(1);
    const mismatch = await thrown(async () => parseConnection(other.connector, stored));
    expect(mismatch).toBeInstanceOf(ConnectionLookupError);
    expect(mismatch['code']).toBe('CONNECTION_KIND_MISMATCH');
    expect(other.parses.credentials).toBe(0);

    expect(parseConnection(loose.connector, stored).credentials.apiKey).toBe('secret-key-123');
    parseConnection(loose.connector, stored);
    expect(loose.parses.credentials).toBe(2);
  });

  it('parses a literal without updatedAt on every call, into a new unfrozen object', () => {
    const { connector, parses } = countingConnector();
    const literal: ConnectionLike = { id: 'x', kind: 'demo', credentials: { apiKey: '12345678' } };
    const first = parseConnection(connector, literal);
    const credentials = literal.credentials as Credentials;
    credentials.apiKey = 'edited-in-place';
    const second = parseConnection(connector, literal);
    expect(parses.credentials).toBe(2);
    expect(first.credentials.apiKey).toBe('12345678');
    expect(second.credentials.apiKey).toBe('edited-in-place');
    expect(Object.isFrozen(second)).toBe(false);
  });

  it('parses once per record across loadConnection and invokeAction through the connection cache', async () => {
    const { connector, parses } = countingConnector();
    const echo = defineAction<{ name: string }, { greeting: string; key: string }, Credentials>({
      id: 'demo_echo_name',
      connector: 'demo',
      title: 'Echo',
      description: 'Echoes a name.',
      llmHint: 'Echoes.',
      input: z.strictObject({ name: z.string().min(1) }),
      output: z.strictObject({ greeting: z.string(), key: z.string() }),
      effect: 'read',
      idempotent: true,
      run: async (ctx, input) => ({ greeting: `hi ${input.name}`, key: ctx.connection.credentials.apiKey }),
    });
    // A store builds a new object on every read, as the SQLite and PostgreSQL adapters do.
    let reads = 0;
    let stored = record();
    const store = {
      getConnection: async () => {
        reads++;
        return { ...stored, credentials: { ...stored.credentials }, settings: { ...stored.settings } };
      },
    };
    const connections = createConnectionCache({ store });
    // What agents read connections through (readAgentContext): the cache's `get` as the store's `getConnection`.
    const cached = { getConnection: (id: string) => connections.get(id) };
    const call = async () => {
      const connection = await loadConnection(cached, 'main', connector);
      return invokeAction(echo, { name: 'Ana' }, { connector, connection });
    };

    for (let i = 0; i < 3; i++) expect(await call()).toEqual({ greeting: 'hi Ana', key: 'secret-key-123' });
    expect(reads).toBe(1);
    // One parse of the record (loadConnection), one of the frozen result handed to invokeAction.
    expect(parses.credentials).toBe(2);

    stored = record({ credentials: { apiKey: 'rotated-key-456' }, updatedAt: 2 });
    connections.invalidate('main');
    expect(await call()).toEqual({ greeting: 'hi Ana', key: 'rotated-key-456' });
    expect(reads).toBe(2);
    expect(parses.credentials).toBe(4);
  });
});
