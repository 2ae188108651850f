import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/migrations.ts';
import { openStore, parseStoreUrl } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/port.ts';
import { TEST_SECRET_KEY } from './stores.ts';

describe('parseStoreUrl', () => {
  it('reads SQLite paths in every accepted form', () => {
    expect(parseStoreUrl('sqlite:/var/lib/hotpilot/hotpilot.db')).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/hotpilot/hotpilot.db',
    });
    expect(parseStoreUrl('sqlite:///var/lib/hotpilot.db')).toEqual({
      dialect: 'sqlite',
      path: '/var/lib/hotpilot.db',
    });
    expect(parseStoreUrl('sqlite:data/hotpilot.db')).toEqual({ dialect: 'sqlite', path: 'data/hotpilot.db' });
    expect(parseStoreUrl('sqlite::memory:')).toEqual({ dialect: 'sqlite', path: ':memory:' });
    expect(parseStoreUrl('./data/hotpilot.db')).toEqual({ dialect: 'sqlite', path: './data/hotpilot.db' });
  });

  it('reads PostgreSQL URLs and takes the schema out of them', () => {
    expect(parseStoreUrl('postgres://u:p@db:5432/hotpilot')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgres://u:p@db:5432/hotpilot',
    });
    expect(parseStoreUrl('postgresql://db/hotpilot?schema=shop&sslmode=require')).toEqual({
      dialect: 'postgres',
      connectionString: 'postgresql://db/hotpilot?sslmode=require',
      schema: 'shop',
    });
  });

  it('refuses empty and foreign URLs without echoing them', () => {
    expect(() => parseStoreUrl('')).toThrow(expect.objectContaining({ code: 'invalid' }));
    expect(() => parseStoreUrl('sqlite:')).toThrow(expect.objectContaining({ code: 'invalid' }));
    let caught: unknown;
    try {
      parseStoreUrl('mysql://root:hunter2@db/x');
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'invalid' });
    expect((caught as Error).message).not.toContain('hunter2');
  });
});

describe('openStore', () => {
  const stores: Store[] = [];
  const directories: string[] = [];
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });

  it('opens a SQLite file, creating its directory, private to the owner', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'hotpilot-open-'));
    directories.push(directory);
    const path = join(directory, 'data', 'hotpilot.db');
    const store = openStore(`sqlite:${path}`, TEST_SECRET_KEY);
    stores.push(store);
    expect(store.dialect).toBe('sqlite');
    expect(await store.migrate()).toEqual(migrations.map((m) => m.version));
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('opens PostgreSQL stores without connecting until used', async () => {
    const store = openStore('postgres://127.0.0.1:5432/test?schema=never_created', TEST_SECRET_KEY);
    stores.push(store);
    expect(store.dialect).toBe('postgres');
  });
});
