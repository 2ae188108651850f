import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConnectionLike } from '../../../../src/connectors/connections.ts';
import { isStoreError } from '../../../../src/store/errors.ts';
import type { Store } from '../../../../src/store/port.ts';
import { createSqliteStore } from '../../../../src/store/sqlite/sqlite-store.ts';

export const SECRET_KEY = Buffer.alloc(32, 9);
export const UNSUBSCRIBE_SECRET = 'test-unsubscribe-secret-0123456789';
export const UNSUBSCRIBE_BASE = 'https://hp.example.com/unsubscribe';
export const T0 = Date.parse('2025-06-02T12:00:00.000Z');

/** An `email` connection literal pointing at the test SMTP server. */
export function emailConnection(
  port: number,
  options: { id?: string; auth?: { user: string; pass: string }; settings?: Record<string, unknown> } = {},
): ConnectionLike & { name: string; settings: Record<string, unknown> } {
  return {
    id: options.id ?? 'smtp',
    kind: 'email',
    name: 'Test SMTP',
    credentials: {
      host: '127.0.0.1',
      port,
      secure: false,
      ...(options.auth ? { user: options.auth.user, pass: options.auth.pass } : {}),
      from: 'Curso da Ana <ana@cursodaana.example>',
    },
    settings: options.settings ?? {
      replyTo: 'suporte@cursodaana.example',
      unsubscribeBaseUrl: UNSUBSCRIBE_BASE,
    },
  };
}

/** A migrated SQLite store in a temporary file (so a test can reopen it, as a restarted process would). */
export async function fileStore(): Promise<{
  store: Store;
  reopen(): Promise<Store>;
  destroy(): Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'hotpilot-email-'));
  const path = join(dir, 'hotpilot.db');
  const opened: Store[] = [];
  const open = async () => {
    const store = createSqliteStore({ path, secretKey: SECRET_KEY });
    await store.migrate();
    opened.push(store);
    return store;
  };
  const store = await open();
  return {
    store,
    reopen: open,
    async destroy() {
      for (const each of opened) await each.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Adds an `email` connection to the store (a reopened store keeps the one added before).
 */
export async function withEmailConnection(
  store: Store,
  connection: ConnectionLike,
  now = T0,
): Promise<Store> {
  try {
    await store.createConnection(
      {
        id: connection.id,
        kind: connection.kind,
        name: connection.name ?? connection.id,
        hottoks: [],
        credentials: connection.credentials as Record<string, unknown>,
        settings: (connection.settings ?? {}) as Record<string, unknown>,
      },
      now,
    );
    return store;
  } catch (error) {
    // A reopened store already holds the connection.
    if (isStoreError(error, 'conflict')) return store;
    throw error;
  }
}

/** Polls `probe` until it returns something truthy. */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  what: string,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null && value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
