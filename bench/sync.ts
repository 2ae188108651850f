/**
 * bench:sync — how fast `@hotpilot/hotmart` walks every sale of an account.
 *
 * Starts the emulator in a child process (so this process's RSS is the client's alone) with 100,000 sales and the
 * rate limit off, then, in one run:
 *   1. the baseline: a plain `fetch` loop over the same pages (token, page tokens, `JSON.parse`, count items);
 *   2. the client: `for await (const sale of client.sales.history(...))`, which adds auth, the rate budget, retries,
 *      zod parsing of every item and pagination.
 * Prints progress and, as its last line, one JSON object:
 *   {"bench":"sync","records":…,"records_per_s":…,"peak_rss_mb":…,"raw_fetch_records_per_s":…}
 *
 * Usage: npm run bench:sync [-- --sales 100000 --page 500 --runs 2]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createHotmartClient, TransactionStatus } from '@hotpilot/hotmart';

const { values } = parseArgs({
  options: {
    sales: { type: 'string', default: '100000' },
    page: { type: 'string', default: '500' },
    runs: { type: 'string', default: '2' },
  },
});
const SALES = Number(values.sales);
const PAGE = Number(values.page);
const RUNS = Number(values.runs);
// Every REST status, one walk each, so the history returns every sale rather than only APPROVED and COMPLETE
// (reference §4.1: that default applies when no `transaction_status` is sent; the filter takes one value).
const ALL_STATUSES = TransactionStatus.options;

interface EmulatorHandle {
  child: ChildProcess;
  apiBaseUrl: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
}

async function startEmulatorProcess(): Promise<EmulatorHandle> {
  const cli = fileURLToPath(new URL('../packages/emulator/src/cli.ts', import.meta.url));
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      cli,
      '--port',
      '0',
      '--seed',
      '7',
      '--size',
      String(SALES),
      '--no-rate-limit',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let banner = '';
  for await (const chunk of child.stdout!) {
    banner += String(chunk);
    if (/Rate limit\s*:/.test(banner)) break;
  }
  const field = (name: string) => {
    const match = new RegExp(`${name}\\s*:\\s*(\\S+)`).exec(banner);
    if (!match?.[1]) throw new Error(`emulator banner lacks ${name}:\n${banner}`);
    return match[1];
  };
  return {
    child,
    apiBaseUrl: field('API base URL'),
    tokenUrl: field('Token URL'),
    clientId: field('client_id'),
    clientSecret: field('client_secret'),
  };
}

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

function historyQuery(status: string, pageToken?: string): URLSearchParams {
  const query = new URLSearchParams({ max_results: String(PAGE), transaction_status: status });
  if (pageToken) query.set('page_token', pageToken);
  return query;
}

interface Walk {
  records: number;
  ms: number;
  /** CPU time of this process (user + system) during the walk: less sensitive than wall time to other load. */
  cpuMs: number;
}

const cpuSince = (start: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** The baseline: what any HTTP loop over these pages costs, with no client in between. */
async function rawFetch(emulator: EmulatorHandle): Promise<Walk> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const basic = Buffer.from(`${emulator.clientId}:${emulator.clientSecret}`).toString('base64');
  const tokenQuery = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: emulator.clientId,
    client_secret: emulator.clientSecret,
  });
  const tokenResponse = await fetch(`${emulator.tokenUrl}?${tokenQuery}`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
  });
  const { access_token } = (await tokenResponse.json()) as { access_token: string };
  let records = 0;
  for (const status of ALL_STATUSES) {
    let pageToken: string | undefined;
    do {
      const url = `${emulator.apiBaseUrl}/payments/api/v1/sales/history?${historyQuery(status, pageToken)}`;
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      });
      if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
      const body = JSON.parse(await response.text()) as {
        items: unknown[];
        page_info?: { next_page_token?: string };
      };
      records += body.items.length;
      pageToken = body.page_info?.next_page_token ?? undefined;
    } while (pageToken);
  }
  return { records, ms: performance.now() - started, cpuMs: cpuSince(cpu) };
}

async function viaClient(emulator: EmulatorHandle): Promise<Walk> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const client = createHotmartClient({
    clientId: emulator.clientId,
    clientSecret: emulator.clientSecret,
    apiBaseUrl: emulator.apiBaseUrl,
    tokenUrl: emulator.tokenUrl,
    rateLimit: false,
  });
  let records = 0;
  const seen = new Set<string>();
  for (const status of ALL_STATUSES) {
    for await (const sale of client.sales.history({ max_results: PAGE, transaction_status: status })) {
      records++;
      const transaction = sale.purchase?.transaction;
      if (transaction) seen.add(transaction);
    }
  }
  if (seen.size !== records)
    throw new Error(`client yielded ${records} sales but ${seen.size} distinct transactions`);
  return { records, ms: performance.now() - started, cpuMs: cpuSince(cpu) };
}

const rate = (records: number, ms: number) => Math.round((records / ms) * 1000);

const emulator = await startEmulatorProcess();
try {
  console.log(
    `emulator ready (${SALES} sales, pages of ${PAGE}, ${RUNS} runs of each; best run reported; ` +
      `load average ${loadavg()[0]?.toFixed(1)})`,
  );
  let raw = { records: 0, perSecond: 0 };
  let sdk = { records: 0, perSecond: 0 };
  for (let run = 1; run <= RUNS; run++) {
    const r = await rawFetch(emulator);
    raw = { records: r.records, perSecond: Math.max(raw.perSecond, rate(r.records, r.ms)) };
    console.log(
      `run ${run} raw fetch: ${r.records} records in ${r.ms.toFixed(0)} ms (${rate(r.records, r.ms)}/s, ` +
        `${r.cpuMs.toFixed(0)} ms CPU here)`,
    );
    const c = await viaClient(emulator);
    sdk = { records: c.records, perSecond: Math.max(sdk.perSecond, rate(c.records, c.ms)) };
    console.log(
      `run ${run} client:    ${c.records} records in ${c.ms.toFixed(0)} ms (${rate(c.records, c.ms)}/s, ` +
        `${c.cpuMs.toFixed(0)} ms CPU here)`,
    );
  }
  if (raw.records !== sdk.records)
    throw new Error(`raw fetch saw ${raw.records} records, the client ${sdk.records}`);
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      bench: 'sync',
      records: sdk.records,
      records_per_s: sdk.perSecond,
      peak_rss_mb: Math.round(peakRss / 1024 / 1024),
      raw_fetch_records_per_s: raw.perSecond,
    }),
  );
} finally {
  clearInterval(sampler);
  emulator.child.kill('SIGTERM');
  await once(emulator.child, 'exit');
}
