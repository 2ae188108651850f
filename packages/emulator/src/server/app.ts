import { type Env, Hono, type MiddlewareHandler, type Schema } from 'hono';
import { registerAccountRoutes } from '../routes/account-routes.ts';
import { registerClubRoutes } from '../routes/club.ts';
import type { EmulatorEnv, EmulatorHono, RouteContext } from '../routes/context.ts';
import { registerEventRoutes } from '../routes/events.ts';
import { registerProductRoutes } from '../routes/products.ts';
import { registerSalesRoutes } from '../routes/sales.ts';
import { SalesAggregator } from '../routes/sales-aggregate.ts';
import { registerSubscriptionRoutes } from '../routes/subscriptions.ts';
import { registerTokenRoute } from '../routes/token.ts';
import { controlRoutes } from './control-routes.ts';
import { DOCS_SHELL_HTML } from './docs-shell.ts';
import type { Emulator } from './emulator.ts';
import { ApiError } from './errors.ts';
import { createGuard } from './guard.ts';
import { PageTokens } from './page-token.ts';
import { LruCache } from './paginate.ts';
import { createTrafficMiddleware } from './traffic.ts';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Options of `createEmulatorApp`.
 *
 * @example
 * createEmulatorApp(emulator, { controlExtensions: [webhookControlRoutes({ account, sender, driver })] });
 */
export interface EmulatorAppOptions {
  /** More control routes to mount under `/_emulator` (the webhook sender's, for instance). */
  controlExtensions?: readonly Hono<Env, Schema, string>[];
}

/**
 * The emulator as a Hono app: the token endpoint and every API route of reference §4.1–§4.8 on one app (the
 * token path and the API paths do not collide, so one server plays both hosts), the control API under
 * `/_emulator`, and Hotmart's quirk of answering unknown paths with a 200 HTML page (reference §1).
 *
 * @example
 * const app = createEmulatorApp(createEmulator({ seed: 1, sales: 200 }));
 * const res = await app.request('/user/api/v1/me'); // 401 without a bearer token
 */
export function createEmulatorApp(emulator: Emulator, options: EmulatorAppOptions = {}): EmulatorHono {
  const app = new Hono<EmulatorEnv>();
  let tokens: { seed: number; tokens: PageTokens } | undefined;
  const context: RouteContext = {
    emulator,
    guard: createGuard(emulator),
    cache: new LruCache<unknown>(64),
    sales: new SalesAggregator(),
    pageTokens() {
      // Keyed by seed: a reseed invalidates every outstanding page token.
      const seed = emulator.account.seed;
      if (tokens?.seed !== seed) tokens = { seed, tokens: new PageTokens(seed) };
      return tokens.tokens;
    },
  };

  app.use('*', createTrafficMiddleware(emulator));
  const loopbackOnly: MiddlewareHandler<EmulatorEnv> = async (c, next) => {
    const address = c.env?.incoming?.socket?.remoteAddress;
    // Anyone reaching the control API can rewrite the account: loopback only, unless allowed.
    if (address !== undefined && !LOOPBACK.has(address) && !emulator.allowRemoteControl) {
      return c.json(
        { error: 'forbidden', error_description: 'The control API only answers loopback clients' },
        403,
      );
    }
    return next();
  };
  app.use('/_emulator', loopbackOnly);
  app.use('/_emulator/*', loopbackOnly);
  app.route('/_emulator', controlRoutes(emulator));
  for (const extension of options.controlExtensions ?? []) app.route('/_emulator', extension);

  registerTokenRoute(app, context);
  registerSalesRoutes(app, context);
  registerSubscriptionRoutes(app, context);
  registerProductRoutes(app, context);
  registerClubRoutes(app, context);
  registerEventRoutes(app, context);
  registerAccountRoutes(app, context);

  app.notFound((c) => c.html(DOCS_SHELL_HTML, 200));
  app.onError((error, c) => {
    if (error instanceof ApiError) return c.json(error.body, error.status as 400);
    return c.json(
      {
        error: 'internal_server_error',
        error_description: error instanceof Error ? error.message : 'unexpected error',
      },
      500,
    );
  });
  return app;
}
