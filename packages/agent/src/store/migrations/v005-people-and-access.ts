import type { Dialect, Migration } from './migration.ts';

/**
 * Version 5: who may use the dashboard, the REST API and the MCP server — users (scrypt password hashes), sessions
 * and API tokens (only SHA-256 digests of the secrets are stored) — and the queue of MCP write calls waiting for a
 * person's approval.
 */
const types = {
  sqlite: { ms: 'INTEGER', json: 'TEXT', bool: 'INTEGER', serial: 'INTEGER PRIMARY KEY AUTOINCREMENT' },
  postgres: {
    ms: 'BIGINT',
    json: 'JSONB',
    bool: 'BOOLEAN',
    serial: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
  },
} as const;

function statements(dialect: Dialect): string[] {
  const t = types[dialect];
  return [
    `CREATE TABLE users (
       id TEXT PRIMARY KEY,
       email TEXT NOT NULL UNIQUE,
       name TEXT NOT NULL,
       password_hash TEXT NOT NULL,
       role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'viewer')),
       locale TEXT NOT NULL,
       disabled ${t.bool} NOT NULL,
       created_at ${t.ms} NOT NULL,
       updated_at ${t.ms} NOT NULL
     )`,
    `CREATE TABLE sessions (
       token_hash TEXT PRIMARY KEY,
       user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
       csrf_secret TEXT NOT NULL,
       created_at ${t.ms} NOT NULL,
       last_seen_at ${t.ms} NOT NULL,
       expires_at ${t.ms} NOT NULL,
       user_agent TEXT,
       ip TEXT
     )`,
    `CREATE INDEX sessions_expires ON sessions (expires_at)`,
    // "Sign this user out everywhere" (password change, disable) and the ON DELETE CASCADE look sessions up by user.
    `CREATE INDEX sessions_user ON sessions (user_id)`,
    `CREATE TABLE api_tokens (
       id TEXT PRIMARY KEY,
       user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
       name TEXT NOT NULL,
       token_hash TEXT NOT NULL UNIQUE,
       scopes ${t.json} NOT NULL,
       created_at ${t.ms} NOT NULL,
       last_used_at ${t.ms},
       expires_at ${t.ms},
       revoked_at ${t.ms}
     )`,
    `CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at)`,
    `CREATE TABLE approvals (
       id ${t.serial},
       action_id TEXT NOT NULL,
       connection_id TEXT,
       input ${t.json} NOT NULL,
       preview ${t.json},
       requested_by TEXT NOT NULL,
       requested_at ${t.ms} NOT NULL,
       status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'executed', 'failed')),
       decided_by TEXT,
       decided_at ${t.ms},
       result ${t.json},
       error ${t.json},
       expires_at ${t.ms} NOT NULL
     )`,
    `CREATE INDEX approvals_status ON approvals (status, requested_at)`,
  ];
}

/**
 * Version 5: users, sessions, API tokens and the approvals queue.
 *
 * @example
 * import { peopleAndAccess } from './v005-people-and-access.ts';
 * console.log(peopleAndAccess.version); // 5
 */
export const peopleAndAccess: Migration = {
  version: 5,
  name: 'people-and-access',
  statements: { sqlite: statements('sqlite'), postgres: statements('postgres') },
};
