import { Hono } from 'hono';
import { z } from 'zod';
import { MAX_SALES } from '../account.ts';
import { MAX_PRODUCTS } from '../generator/catalog.ts';
import type { EmulatorEnv } from '../routes/context.ts';
import { ClientCredentials } from './credentials.ts';
import type { Emulator } from './emulator.ts';
import { faultRuleSchema } from './faults.ts';

const seedSchema = z
  .object({
    seed: z
      .number()
      .int()
      .min(-(2 ** 31))
      .max(2 ** 32 - 1)
      .optional(),
    sales: z.number().int().min(0).max(MAX_SALES).optional(),
    products: z.number().int().min(1).max(MAX_PRODUCTS).optional(),
    buyers: z.number().int().min(1).optional(),
    now: z.number().int().min(0).optional(),
  })
  .strict();

const clockSchema = z
  .object({
    advance_ms: z.number().int().optional(),
    set: z.union([z.number().int().min(0), z.iso.datetime({ offset: true })]).optional(),
    frozen: z.boolean().optional(),
  })
  .strict();

const credentialsSchema = z
  .object({ client_id: z.string().min(1).max(200), client_secret: z.string().min(1).max(200) })
  .strict();

const rateLimitSchema = z
  .object({
    limit: z.number().int().min(1).optional(),
    window_ms: z.number().int().min(1).optional(),
    enabled: z.boolean().optional(),
  })
  .strict();

const settingsSchema = z.object({ token_ttl_seconds: z.number().int().min(1).optional() }).strict();

const faultsBodySchema = z.union([
  faultRuleSchema,
  z.object({ rules: z.array(faultRuleSchema).min(1) }).strict(),
]);

/** 400 body for control-API validation errors: the field and the problem, like the API's own 400s. */
function badRequest(error: z.ZodError) {
  const issue = error.issues[0];
  const field = issue?.path.join('.') || 'body';
  return { error: 'invalid_parameter', error_description: `${field}: ${issue?.message ?? 'invalid'}` };
}

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return Symbol.for('invalid-json');
  }
}

function clockBody(emulator: Emulator) {
  const now = emulator.clock.now();
  return { now, iso: new Date(now).toISOString(), frozen: emulator.clock.frozen };
}

/**
 * The control API mounted under `/_emulator` (no bearer; loopback only unless allowed): reset and reseed the
 * account, read recorded requests, manage fault rules, move the clock, read the account summary, register
 * credentials, tune the rate limit and the token lifetime.
 *
 * @example
 * app.route('/_emulator', controlRoutes(emulator));
 */
export function controlRoutes(emulator: Emulator): Hono<EmulatorEnv> {
  const control = new Hono<EmulatorEnv>();

  const parse = async <T>(
    request: Request,
    schema: z.ZodType<T>,
  ): Promise<{ data: T } | { error: object }> => {
    const raw = await readJson(request);
    if (typeof raw === 'symbol')
      return { error: { error: 'invalid_parameter', error_description: 'body: invalid JSON' } };
    const parsed = schema.safeParse(raw);
    return parsed.success ? { data: parsed.data } : { error: badRequest(parsed.error) };
  };

  control.get('/', (c) =>
    c.json({
      name: 'hotmart-emulator',
      now: emulator.clock.now(),
      endpoints: [
        'POST /_emulator/reset',
        'POST /_emulator/seed',
        'GET|DELETE /_emulator/requests',
        'GET|POST|DELETE /_emulator/faults',
        'DELETE /_emulator/faults/:id',
        'GET|POST /_emulator/clock',
        'GET /_emulator/account/summary',
        'GET|POST /_emulator/credentials',
        'DELETE /_emulator/credentials/:client_id',
        'GET|POST /_emulator/rate-limit',
        'GET|POST /_emulator/settings',
      ],
    }),
  );

  control.post('/reset', (c) => {
    emulator.reset();
    return c.json(emulator.account.summary());
  });

  control.post('/seed', async (c) => {
    const body = await parse(c.req.raw, seedSchema);
    if ('error' in body) return c.json(body.error, 400);
    emulator.account.reseed(body.data);
    if (body.data.now !== undefined) emulator.clock.set(body.data.now);
    emulator.requests.clear();
    emulator.rateLimiter.reset();
    return c.json(emulator.account.summary());
  });

  control.get('/requests', (c) => {
    const limit = c.req.query('limit');
    const parsedLimit = limit === undefined ? undefined : Number(limit);
    if (parsedLimit !== undefined && (!Number.isInteger(parsedLimit) || parsedLimit < 1)) {
      return c.json(
        { error: 'invalid_parameter', error_description: 'limit: must be a positive integer' },
        400,
      );
    }
    const path = c.req.query('path');
    const method = c.req.query('method');
    const items = emulator.requests.list({
      ...(path !== undefined && { path }),
      ...(method !== undefined && { method }),
      ...(parsedLimit !== undefined && { limit: parsedLimit }),
    });
    return c.json({ items, total: emulator.requests.total });
  });

  control.delete('/requests', (c) => {
    emulator.requests.clear();
    return c.body(null, 204);
  });

  control.get('/faults', (c) => c.json({ items: emulator.faults.list() }));

  control.post('/faults', async (c) => {
    const body = await parse(c.req.raw, faultsBodySchema);
    if ('error' in body) return c.json(body.error, 400);
    const rules = 'rules' in body.data ? body.data.rules : [body.data];
    const items = rules.map((rule) => emulator.faults.add(rule));
    return c.json({ items }, 201);
  });

  control.delete('/faults', (c) => {
    emulator.faults.clear();
    return c.body(null, 204);
  });

  control.delete('/faults/:id', (c) => {
    const removed = emulator.faults.remove(c.req.param('id'));
    if (!removed)
      return c.json({ error: 'not_found', error_description: `fault ${c.req.param('id')} not found` }, 404);
    return c.body(null, 204);
  });

  control.get('/clock', (c) => c.json(clockBody(emulator)));

  control.post('/clock', async (c) => {
    const body = await parse(c.req.raw, clockSchema);
    if ('error' in body) return c.json(body.error, 400);
    const { advance_ms: advance, set, frozen } = body.data;
    if (set !== undefined) emulator.clock.set(typeof set === 'number' ? set : Date.parse(set));
    if (advance !== undefined) emulator.clock.advance(advance);
    if (frozen !== undefined) emulator.clock.freeze(frozen);
    return c.json(clockBody(emulator));
  });

  control.get('/account/summary', (c) => c.json(emulator.account.summary()));

  control.get('/credentials', (c) => c.json({ client_ids: emulator.credentials.clientIds() }));

  control.post('/credentials', async (c) => {
    const body = await parse(c.req.raw, credentialsSchema);
    if ('error' in body) return c.json(body.error, 400);
    const pair = new ClientCredentials(body.data.client_id, body.data.client_secret);
    emulator.credentials.add(pair);
    // The caller sent the secret, so handing back the Basic token built from it reveals nothing new.
    return c.json({ client_id: pair.clientId, basic: pair.basic }, 201);
  });

  control.delete('/credentials/:client_id', (c) => {
    const clientId = c.req.param('client_id');
    if (!emulator.credentials.remove(clientId)) {
      return c.json({ error: 'not_found', error_description: `client ${clientId} not found` }, 404);
    }
    emulator.tokens.revokeClient(clientId);
    return c.body(null, 204);
  });

  control.get('/rate-limit', (c) => c.json(rateLimitBody(emulator)));

  control.post('/rate-limit', async (c) => {
    const body = await parse(c.req.raw, rateLimitSchema);
    if ('error' in body) return c.json(body.error, 400);
    const { limit, window_ms: windowMs, enabled } = body.data;
    emulator.rateLimiter.configure({
      ...(limit !== undefined && { limit }),
      ...(windowMs !== undefined && { windowMs }),
      ...(enabled !== undefined && { enabled }),
    });
    return c.json(rateLimitBody(emulator));
  });

  control.get('/settings', (c) => c.json({ token_ttl_seconds: emulator.tokenTtlSeconds }));

  control.post('/settings', async (c) => {
    const body = await parse(c.req.raw, settingsSchema);
    if ('error' in body) return c.json(body.error, 400);
    if (body.data.token_ttl_seconds !== undefined) emulator.tokenTtlSeconds = body.data.token_ttl_seconds;
    return c.json({ token_ttl_seconds: emulator.tokenTtlSeconds });
  });

  return control;
}

function rateLimitBody(emulator: Emulator) {
  const options = emulator.rateLimiter.options;
  return { limit: options.limit, window_ms: options.windowMs, enabled: options.enabled };
}
