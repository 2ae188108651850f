import { Hono } from 'hono';
import { createRegistry, type Registry } from '../../../src/connectors/registry.ts';
import { slackActions, slackConnector } from '../../../src/connectors/slack/index.ts';
import type { Engine } from '../../../src/engine/engine.ts';
import { createApiReferenceRoutes } from '../../../src/server/api/api-reference-page.ts';
import { createApiRoutes } from '../../../src/server/api/create-api-routes.ts';
import { type Auth, createAuth } from '../../../src/server/auth/auth-options.ts';
import { createAuthRoutes } from '../../../src/server/auth/auth-routes.ts';
import { issueCsrfToken } from '../../../src/server/auth/csrf-token.ts';
import { type ApiScope, createApiToken } from '../../../src/store/access/api-tokens.ts';
import { createPasswordHasher } from '../../../src/store/access/password-hash.ts';
import { createSession } from '../../../src/store/access/sessions.ts';
import type { UserRecord, UserRole } from '../../../src/store/access/user-record.ts';
import { createUser } from '../../../src/store/access/users.ts';
import type { StoreFactory, TestStore } from '../../store/stores.ts';

/** A fast scrypt cost for tests; production uses the default. */
export const testHasher = createPasswordHasher({ cost: { ln: 10 } });
export const PASSWORD = 'a long passphrase of mine';

/** What an API answer looks like to a test. */
export interface ApiAnswer {
  status: number;
  headers: Headers;
  // biome-ignore lint/suspicious/noExplicitAny: answers are checked field by field in each test.
  body: any;
}

/** The API mounted as the lead will (`/api/v1`, `/login`, `/api/docs`), with users and tokens ready. */
export interface ApiHarness {
  t: TestStore;
  auth: Auth;
  /** The API app alone (its route table is what the auth test walks). */
  api: Hono;
  /** The whole surface: `/api/v1/*`, `/login`, `/logout`, `/api/docs`. */
  app: Hono;
  users: Record<'admin' | 'operator' | 'viewer', UserRecord>;
  invalidated: string[];
  /** A new API token for a user. */
  token(user: UserRecord, scopes: ApiScope[], expiresAt?: number | null): Promise<string>;
  /** A new dashboard session cookie for a user, and a CSRF token for it. */
  session(user: UserRecord): Promise<{ cookie: string; csrf: string }>;
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<ApiAnswer>;
}

export async function createApiHarness(
  factory: StoreFactory,
  options: { registry?: Registry; engine?: Pick<Engine, 'replay' | 'cancel'>; fetch?: typeof fetch } = {},
): Promise<ApiHarness> {
  const t = await factory.create();
  const auth = createAuth({
    store: t.store,
    publicUrl: 'https://ops.example.com',
    passwordHasher: testHasher,
  });
  const invalidated: string[] = [];
  const api = createApiRoutes({
    store: t.store,
    // Tests about access rules need no vendor: one small connector keeps their imports light.
    registry: options.registry ?? createRegistry([slackConnector], slackActions),
    auth,
    ...(options.engine ? { engine: options.engine } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
    connections: { invalidate: (id?: string) => invalidated.push(id ?? '*') },
  });
  const app = new Hono();
  app.route('/api/v1', api);
  app.route('/', createAuthRoutes(auth));
  app.route('/', createApiReferenceRoutes({ auth }));

  const make = (email: string, role: UserRole, locale: 'pt-BR' | 'es' | 'en') =>
    createUser(
      t.store,
      { email, name: `${role} person`, password: PASSWORD, role, locale },
      { hasher: testHasher },
    );
  const users = {
    admin: await make('admin@example.com', 'admin', 'en'),
    operator: await make('operator@example.com', 'operator', 'pt-BR'),
    viewer: await make('viewer@example.com', 'viewer', 'es'),
  };

  const harness: ApiHarness = {
    t,
    auth,
    api: api as unknown as Hono,
    app,
    users,
    invalidated,
    async token(user, scopes, expiresAt = null) {
      const { token } = await createApiToken(t.store, {
        userId: user.id,
        name: `${user.role} token`,
        scopes,
        expiresAt,
      });
      return token.reveal();
    },
    async session(user) {
      const { token, session } = await createSession(t.store, { userId: user.id });
      return { cookie: `hp_session=${token.reveal()}`, csrf: issueCsrfToken(session.csrfSecret) };
    },
    async call(method, path, callOptions = {}) {
      const headers: Record<string, string> = { ...callOptions.headers };
      if (callOptions.token) headers.authorization = `Bearer ${callOptions.token}`;
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        body = typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body);
        headers['content-type'] ??= 'application/json';
      }
      const response = await app.request(`/api/v1${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body }),
      });
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? null : JSON.parse(text);
      } catch {
        // not JSON: leave the text for the test to look at
      }
      return { status: response.status, headers: response.headers, body: parsed };
    },
  };
  return harness;
}
