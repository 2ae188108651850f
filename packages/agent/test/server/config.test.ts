import { resolve } from 'node:path';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, connectionSecretsFromEnv, loadConfig } from '../../src/config.ts';

const KEY_HEX = 'ab'.repeat(32);
const KEY_BASE64 = Buffer.alloc(32, 9).toString('base64');

function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).problems];
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.dataDir).toBe(resolve('.hotpilot'));
    expect(config.databaseUrl.reveal()).toBe(`sqlite:${resolve('.hotpilot/hotpilot.db')}`);
    expect(config.databaseKind).toBe('sqlite');
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.role).toBe('all');
    expect(config.encryptionKey).toBeNull();
    expect(config.keyFile).toBe(resolve('.hotpilot/secret.key'));
    expect(config.logLevel).toBe('info');
    expect(config.publicUrl).toBeNull();
    expect(config.retention).toEqual({
      runsMs: 30 * 86_400_000,
      inboxMs: 30 * 86_400_000,
      eventsMs: 90 * 86_400_000,
      intervalMs: 3_600_000,
    });
    expect(config.shutdownDeadlineMs).toBe(25_000);
    expect(config.workerConcurrency).toBe(50);
    expect(config.warnings).toEqual([]);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      HOTPILOT_DATA_DIR: '/var/lib/hotpilot',
      HOTPILOT_DATABASE_URL: 'postgres://app:pw@db:5432/hotpilot',
      HOTPILOT_HOST: '0.0.0.0',
      HOTPILOT_PORT: '8080',
      HOTPILOT_ROLE: 'Worker',
      HOTPILOT_ENCRYPTION_KEY: KEY_HEX,
      HOTPILOT_LOG_LEVEL: 'debug',
      HOTPILOT_PUBLIC_URL: 'https://hooks.example.com/',
      HOTPILOT_RETENTION_RUNS: '7d',
      HOTPILOT_RETENTION_INBOX: '14d',
      HOTPILOT_RETENTION_EVENTS: '2w',
      HOTPILOT_PRUNE_INTERVAL: '15m',
      HOTPILOT_SHUTDOWN_DEADLINE: '10s',
      HOTPILOT_WORKER_CONCURRENCY: '32',
    });
    expect(config.dataDir).toBe('/var/lib/hotpilot');
    expect(config.databaseUrl.reveal()).toBe('postgres://app:pw@db:5432/hotpilot');
    expect(config.databaseKind).toBe('postgres');
    expect(config.host).toBe('0.0.0.0');
    expect(config.port).toBe(8080);
    expect(config.role).toBe('worker');
    expect(config.encryptionKey?.reveal().equals(Buffer.from(KEY_HEX, 'hex'))).toBe(true);
    expect(config.logLevel).toBe('debug');
    expect(config.publicUrl).toBe('https://hooks.example.com');
    expect(config.retention).toEqual({
      runsMs: 7 * 86_400_000,
      inboxMs: 14 * 86_400_000,
      eventsMs: 14 * 86_400_000,
      intervalMs: 900_000,
    });
    expect(config.shutdownDeadlineMs).toBe(10_000);
    expect(config.workerConcurrency).toBe(32);
  });

  it('accepts a base64 key, a plain SQLite path, port 0, and treats empty values as unset', () => {
    const config = loadConfig({
      HOTPILOT_ENCRYPTION_KEY: KEY_BASE64,
      HOTPILOT_DATABASE_URL: 'data/hp.db',
      HOTPILOT_PORT: '0',
      HOTPILOT_ROLE: '',
      HOTPILOT_PUBLIC_URL: '  ',
    });
    expect(config.encryptionKey?.reveal()).toEqual(Buffer.alloc(32, 9));
    expect(config.databaseUrl.reveal()).toBe(`sqlite:${resolve('data/hp.db')}`);
    expect(config.port).toBe(0);
    expect(config.role).toBe('all');
    expect(config.publicUrl).toBeNull();
  });

  it('reports every problem at once, naming each variable and the fix', () => {
    const problems = problemsOf({
      HOTPILOT_PORT: '70000',
      HOTPILOT_ROLE: 'boss',
      HOTPILOT_LOG_LEVEL: 'loud',
      HOTPILOT_PUBLIC_URL: 'ftp://example.com',
      HOTPILOT_RETENTION_INBOX: '3d',
      HOTPILOT_RETENTION_RUNS: 'forever',
      HOTPILOT_WORKER_CONCURRENCY: '0',
      HOTPILOT_DATABASE_URL: 'mysql://root:hunter2@db/x',
      HOTPILOT_HOST: 'bad host',
    });
    expect(problems.map((problem) => problem.variable).sort()).toEqual([
      'HOTPILOT_DATABASE_URL',
      'HOTPILOT_HOST',
      'HOTPILOT_LOG_LEVEL',
      'HOTPILOT_PORT',
      'HOTPILOT_PUBLIC_URL',
      'HOTPILOT_RETENTION_INBOX',
      'HOTPILOT_RETENTION_RUNS',
      'HOTPILOT_ROLE',
      'HOTPILOT_WORKER_CONCURRENCY',
    ]);
    const byName = Object.fromEntries(problems.map((problem) => [problem.variable, problem.message]));
    expect(byName.HOTPILOT_PORT).toBe('port: use a whole number from 0 to 65535 (got "70000")');
    expect(byName.HOTPILOT_ROLE).toBe('use one of web, worker, all (got "boss")');
    expect(byName.HOTPILOT_RETENTION_INBOX).toBe('deliveries are kept: must be at least 7d (got "3d")');
    expect(byName.HOTPILOT_PUBLIC_URL).toBe('use an http or https URL (got "ftp:")');
  });

  it('puts every problem in the error message, but never a secret value', () => {
    let message = '';
    try {
      loadConfig({
        HOTPILOT_ENCRYPTION_KEY: 'too-short-secret',
        HOTPILOT_DATABASE_URL: 'mysql://root:hunter2@db/x',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid configuration \(2 problems\):/);
    expect(message).toContain('HOTPILOT_ENCRYPTION_KEY: use 32 random bytes in base64 or hex');
    expect(message).toContain('HOTPILOT_DATABASE_URL:');
    expect(message).not.toContain('too-short-secret');
    expect(message).not.toContain('hunter2');
  });

  it('rejects a key of the wrong length', () => {
    const problems = problemsOf({ HOTPILOT_ENCRYPTION_KEY: 'ab'.repeat(16) });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.variable).toBe('HOTPILOT_ENCRYPTION_KEY');
  });

  it('returns a deeply frozen object', () => {
    const config = loadConfig({});
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.retention)).toBe(true);
    expect(() => {
      (config as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it('keeps secrets out of JSON, strings and inspect', () => {
    const config = loadConfig({
      HOTPILOT_ENCRYPTION_KEY: KEY_HEX,
      HOTPILOT_DATABASE_URL: 'postgres://app:hunter2@db/hp',
    });
    const printed = [
      JSON.stringify(config),
      inspect(config, { depth: 5 }),
      `${config.databaseUrl}`,
      String(config.encryptionKey),
    ];
    for (const text of printed) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(KEY_HEX);
      expect(text).not.toContain(Buffer.from(KEY_HEX, 'hex').toString('base64'));
    }
    expect(JSON.parse(JSON.stringify(config)).databaseUrl).toBe('[redacted]');
    expect(String(config.encryptionKey)).toBe('[redacted]');
  });

  it('warns about unknown HOTPILOT_ variables (typos) without failing', () => {
    const config = loadConfig({ HOTPILOT_PROT: '8080', PATH: '/usr/bin' });
    expect(config.warnings).toHaveLength(1);
    expect(config.warnings[0]).toMatch(/^unknown variable HOTPILOT_PROT is ignored/);
  });
});

describe('connectionSecretsFromEnv', () => {
  it('wraps secrets and treats blanks as unset', () => {
    const secrets = connectionSecretsFromEnv({
      HOTPILOT_HOTTOK: 'tok',
      HOTPILOT_CLIENT_ID: 'client',
      HOTPILOT_CLIENT_SECRET: ' ',
    });
    expect(secrets.hottok?.reveal()).toBe('tok');
    expect(JSON.stringify(secrets)).toBe('{"hottok":"[redacted]","clientId":"client","clientSecret":null}');
  });
});
