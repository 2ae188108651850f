import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { Account } from '../model.ts';
import { type ScenarioDriver, scenarioRunOptionsSchema } from '../scenarios/driver.ts';
import { ScenarioError } from '../scenarios/scenario-error.ts';
import { triggerInputSchema } from '../scenarios/trigger.ts';
import { webhookEndpointInputSchema } from './endpoint.ts';
import { WEBHOOK_EVENT_NAMES } from './event-names.ts';
import type { WebhookSender } from './sender.ts';

/**
 * What the control routes drive.
 *
 * @example
 * const deps: WebhookControlDeps = { account, sender: createWebhookSender(account), driver: createScenarioDriver(account) };
 */
export interface WebhookControlDeps {
  account: Account;
  sender: WebhookSender;
  driver: ScenarioDriver;
}

const deliveriesQuerySchema = z.strictObject({
  endpoint: z.string().min(1).optional(),
  event: z.enum(WEBHOOK_EVENT_NAMES).optional(),
  id: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(100_000).optional(),
});

/** The field an issue is about, as a dotted path (`events.0`), or `body` for the whole body. */
const fieldOf = (path: readonly PropertyKey[]): string =>
  path.length > 0 ? path.map(String).join('.') : 'body';

/**
 * Zod's issues made specific: an unknown key names the key itself, and a failed union reports the issues of the
 * alternative that got furthest into the value (`events.1`, not just `events`).
 */
function fieldIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []) {
  const out: { field: string; message: string }[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: fieldOf([...path, key]), message: 'unknown field' });
    } else if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const depth = (branch: readonly z.core.$ZodIssue[]) =>
        Math.max(0, ...branch.map((each) => each.path.length));
      const best = issue.errors.reduce((chosen, branch) => (depth(branch) > depth(chosen) ? branch : chosen));
      out.push(
        ...(depth(best) > 0 ? fieldIssues(best, path) : [{ field: fieldOf(path), message: issue.message }]),
      );
    } else {
      out.push({ field: fieldOf(path), message: issue.message });
    }
  }
  return out;
}

/**
 * A 400 in Hotmart's error shape (reference §3.5) that names every offending field, so a test author sees at
 * once what to fix.
 */
function invalid(c: Context, issues: readonly z.core.$ZodIssue[]) {
  const fields = fieldIssues(issues);
  return c.json(
    {
      error: 'invalid_parameter',
      error_description: fields.map((each) => `${each.field}: ${each.message}`).join('; '),
      issues: fields,
    },
    400,
  );
}

async function readJson(
  c: Context,
): Promise<{ ok: true; body: unknown } | { ok: false; response: Response }> {
  try {
    return { ok: true, body: await c.req.json() };
  } catch {
    return {
      ok: false,
      response: c.json(
        { error: 'invalid_parameter', error_description: 'body: expected a JSON object' },
        400,
      ),
    };
  }
}

const STATUS_BY_SCENARIO_ERROR = { not_found: 404, conflict: 409, unavailable: 422 } as const;

function scenarioFailure(c: Context, error: unknown) {
  if (error instanceof ScenarioError) {
    return c.json(
      { error: error.code, error_description: error.message },
      STATUS_BY_SCENARIO_ERROR[error.code],
    );
  }
  throw error;
}

/**
 * The emulator's control routes for webhooks and scenarios, to be mounted under `/_emulator`:
 *
 * - `GET /webhooks/endpoints`, `POST /webhooks/endpoints`, `DELETE /webhooks/endpoints[/:id]`
 * - `GET /webhooks/deliveries?endpoint=&event=&id=&limit=`
 * - `POST /webhooks/trigger` `{ event, ...record }` — one state change and its delivery
 * - `GET /scenarios`, `POST /scenarios/run` `{ journeys, rate?, seed?, mix? }`, `GET /scenarios/:id`,
 *   `POST /scenarios/:id/stop`
 *
 * Bodies are validated with zod; a 400 names each offending field. Hottoks are never echoed back.
 *
 * @example
 * const app = new Hono();
 * app.route('/_emulator', webhookControlRoutes({ account, sender, driver }));
 */
export function webhookControlRoutes(deps: WebhookControlDeps): Hono {
  const { account, sender, driver } = deps;
  const app = new Hono();

  app.get('/webhooks/endpoints', (c) =>
    c.json({ items: sender.endpoints().map((endpoint) => endpoint.toJSON()) }),
  );

  app.post('/webhooks/endpoints', async (c) => {
    const read = await readJson(c);
    if (!read.ok) return read.response;
    const parsed = webhookEndpointInputSchema.safeParse(read.body);
    if (!parsed.success) return invalid(c, parsed.error.issues);
    if (parsed.data.productId !== undefined && !account.product(parsed.data.productId)) {
      return invalid(c, [
        {
          code: 'custom',
          path: ['productId'],
          message: `no product ${parsed.data.productId}`,
          input: parsed.data.productId,
        },
      ]);
    }
    if (
      parsed.data.id !== undefined &&
      sender.endpoints().some((endpoint) => endpoint.id === parsed.data.id)
    ) {
      return c.json(
        { error: 'conflict', error_description: `endpoint ${parsed.data.id} already exists` },
        409,
      );
    }
    return c.json(sender.addEndpoint(parsed.data).toJSON(), 201);
  });

  app.delete('/webhooks/endpoints', (c) => {
    let removed = 0;
    for (const endpoint of sender.endpoints()) if (sender.removeEndpoint(endpoint.id)) removed++;
    return c.json({ removed });
  });

  app.delete('/webhooks/endpoints/:id', (c) => {
    const id = c.req.param('id');
    if (!sender.removeEndpoint(id))
      return c.json({ error: 'not_found', error_description: `no endpoint ${id}` }, 404);
    return c.body(null, 204);
  });

  app.get('/webhooks/deliveries', (c) => {
    const parsed = deliveriesQuerySchema.safeParse(c.req.query());
    if (!parsed.success) return invalid(c, parsed.error.issues);
    const filter: Parameters<WebhookSender['deliveries']>[0] = {};
    if (parsed.data.endpoint !== undefined) filter.endpoint = parsed.data.endpoint;
    if (parsed.data.event !== undefined) filter.event = parsed.data.event;
    if (parsed.data.id !== undefined) filter.id = parsed.data.id;
    if (parsed.data.limit !== undefined) filter.limit = parsed.data.limit;
    return c.json({ items: sender.deliveries(filter), stats: sender.stats() });
  });

  app.post('/webhooks/trigger', async (c) => {
    const read = await readJson(c);
    if (!read.ok) return read.response;
    const parsed = triggerInputSchema.safeParse(read.body);
    if (!parsed.success) return invalid(c, parsed.error.issues);
    try {
      return c.json({ change: driver.trigger(parsed.data) }, 202);
    } catch (error) {
      return scenarioFailure(c, error);
    }
  });

  app.get('/scenarios', (c) =>
    c.json({
      journeys: driver.journeys.map((journey) => ({ ...journey })),
      runs: driver.runs().map((run) => run.progress()),
    }),
  );

  app.post('/scenarios/run', async (c) => {
    const read = await readJson(c);
    if (!read.ok) return read.response;
    const parsed = scenarioRunOptionsSchema.safeParse(read.body);
    if (!parsed.success) return invalid(c, parsed.error.issues);
    try {
      const run = driver.start(parsed.data);
      return c.json({ id: run.id, progress: run.progress() }, 202);
    } catch (error) {
      return scenarioFailure(c, error);
    }
  });

  app.get('/scenarios/:id', (c) => {
    const run = driver.get(c.req.param('id'));
    if (!run)
      return c.json({ error: 'not_found', error_description: `no scenario run ${c.req.param('id')}` }, 404);
    return c.json(run.progress());
  });

  app.post('/scenarios/:id/stop', async (c) => {
    const run = driver.get(c.req.param('id'));
    if (!run)
      return c.json({ error: 'not_found', error_description: `no scenario run ${c.req.param('id')}` }, 404);
    run.stop();
    return c.json(await run.done);
  });

  return app;
}
