#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { DEFAULT_CLIENT_ID } from './server/credentials.ts';
import { DEFAULT_TOKEN_TTL_SECONDS } from './server/emulator.ts';
import { startEmulator } from './server/start.ts';

const USAGE = `hotmart-emulator — a local Hotmart (OAuth token host, REST API, webhooks) for tests and demos

Usage: hotmart-emulator [options]

  --port <n>           TCP port (default 4010; 0 picks a free one)
  --host <addr>        interface to bind (default 127.0.0.1)
  --seed <n>           account seed (default 1)
  --size <n>           number of sales (default 2000; up to 10,000,000)
  --products <n>       number of products (default: 12-24, from the seed)
  --now <when>         the account's "now": epoch ms, an ISO date, or "real" for the current time
  --token-ttl <s>      access-token lifetime in seconds (default ${DEFAULT_TOKEN_TTL_SECONDS})
  --no-rate-limit      turn the 500 requests/minute limit off
  --allow-remote-control  serve /_emulator to non-loopback clients (e.g. with --host 0.0.0.0 in a container)
  --client-id <id>     client id of the default credentials (default ${DEFAULT_CLIENT_ID})
  --client-secret <s>  client secret of the default credentials
  --help               show this help
`;

function integer(name: string, raw: string | undefined, min: number): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw) || Number(raw) < min) throw new Error(`--${name} must be an integer ≥ ${min}`);
  return Number(raw);
}

function instant(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (raw === 'real') return Date.now();
  if (/^\d+$/.test(raw)) return Number(raw);
  const parsed = Date.parse(raw);
  if (Number.isNaN(parsed)) throw new Error('--now must be epoch ms, an ISO date or "real"');
  return parsed;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      size: { type: 'string' },
      products: { type: 'string' },
      now: { type: 'string' },
      'token-ttl': { type: 'string' },
      'no-rate-limit': { type: 'boolean' },
      'allow-remote-control': { type: 'boolean' },
      'client-id': { type: 'string' },
      'client-secret': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const clientId = values['client-id'];
  const clientSecret = values['client-secret'];
  if ((clientId === undefined) !== (clientSecret === undefined)) {
    throw new Error('--client-id and --client-secret go together');
  }
  const seed = integer('seed', values.seed, 0);
  const sales = integer('size', values.size, 0);
  const products = integer('products', values.products, 1);
  const now = instant(values.now);
  const tokenTtlSeconds = integer('token-ttl', values['token-ttl'], 1);
  const started = Date.now();
  const hotmart = await startEmulator({
    port: integer('port', values.port, 0) ?? 4010,
    host: values.host ?? '127.0.0.1',
    ...(seed !== undefined && { seed }),
    ...(sales !== undefined && { sales }),
    ...(products !== undefined && { products }),
    ...(now !== undefined && { now }),
    ...(tokenTtlSeconds !== undefined && { tokenTtlSeconds }),
    ...(values['no-rate-limit'] && { rateLimit: false as const }),
    ...(values['allow-remote-control'] && { allowRemoteControl: true }),
    ...(clientId !== undefined &&
      clientSecret !== undefined && { credentials: [{ clientId, clientSecret }] }),
  });
  const summary = hotmart.account.summary();
  const credentials = hotmart.credentials;
  // Printing the default credentials is the point of the banner: they are the emulator's local dev pair.
  process.stdout.write(
    [
      `Hotmart emulator ready in ${Date.now() - started} ms (seed ${summary.seed}, ${summary.sales.total} sales, ${summary.products} products, ${summary.subscriptions.total} subscriptions)`,
      `  API base URL : ${hotmart.apiBaseUrl}`,
      `  Token URL    : ${hotmart.tokenUrl}`,
      `  Control API  : ${hotmart.controlUrl}`,
      `  client_id    : ${credentials.clientId}`,
      `  client_secret: ${credentials.clientSecret}`,
      `  Basic        : ${credentials.basic}`,
      `  Rate limit   : ${hotmart.emulator.rateLimiter.options.enabled ? `${hotmart.emulator.rateLimiter.options.limit}/minute` : 'off'}`,
      '',
    ].join('\n'),
  );
  const stop = () => {
    hotmart.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `hotmart-emulator: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`,
  );
  process.exitCode = 1;
});
