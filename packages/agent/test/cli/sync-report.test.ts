import { type RunningEmulator, startEmulator } from '@hotpilot/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncProgressView } from '../../src/cli/sync-progress.ts';
import { formatMoney } from '../../src/kit/i18n/format-money.ts';
import type { SyncResult } from '../../src/mirror/sync.ts';
import { reportMrr } from '../../src/store/mirror/reports-mrr.ts';
import { reportSales } from '../../src/store/mirror/reports-sales.ts';
import { localDateOf } from '../../src/store/mirror/reports-time.ts';
import {
  dataEnv,
  HOTTOK,
  hotpilot,
  hotpilotInProcess,
  openDataStore,
  removeTempDirs,
  startHotpilotProcess,
  tempDir,
} from './cli-harness.ts';

// `hotpilot sync` fills the mirror from the Hotmart emulator (and resumes after Ctrl-C); `hotpilot report` reads it.

const SALES = 400;
const ZONE = 'America/Sao_Paulo';
let hotmart: RunningEmulator;

async function dataDirWithConnection(): Promise<string> {
  const dataDir = tempDir();
  const store = await openDataStore(dataDir);
  try {
    await store.createConnection(
      {
        id: 'main',
        kind: 'hotmart',
        name: 'Main store',
        hottoks: [HOTTOK],
        credentials: {
          clientId: hotmart.credentials.clientId,
          clientSecret: hotmart.credentials.clientSecret,
        },
        settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl },
      },
      Date.now(),
    );
  } finally {
    await store.close();
  }
  return dataDir;
}

let full: string;
let fullResult: SyncResult;

beforeAll(async () => {
  hotmart = await startEmulator({ seed: 3, sales: SALES, now: Date.now(), rateLimit: false });
  full = await dataDirWithConnection();
});

afterAll(async () => {
  await hotmart?.close();
  removeTempDirs();
});

describe('hotpilot sync', () => {
  it('fills the mirror with every product, sale and subscription of the account', async () => {
    const result = await hotpilot(['sync', '--window-days', '365', '--json'], {
      env: dataEnv(full),
      timeoutMs: 60_000,
    });
    expect(result.code).toBe(0);
    fullResult = JSON.parse(result.stdout) as SyncResult;
    const summary = hotmart.account.summary();
    expect(fullResult.connectionId).toBe('main');
    expect(fullResult.resources.products?.items).toBe(summary.products);
    expect(fullResult.resources.sales?.items).toBe(SALES);
    expect(fullResult.resources.subscriptions?.items).toBe(summary.subscriptions.total);
    expect(fullResult.resources.club).toEqual({ items: 0, skipped: 'no members area configured' });
    // Standard error is not a terminal here: one plain progress line per finished window.
    expect(result.stderr).toMatch(/^products: \d+\/\d+ — \d+ records$/m);
    expect(result.stderr).toMatch(new RegExp(`^sales: (\\d+)/\\1 — ${SALES} records$`, 'm'));

    const store = await openDataStore(full);
    try {
      const [audit] = await store.listAudit({ action: 'mirror.sync' });
      expect([audit?.actor, audit?.target, audit?.details]).toEqual([
        'cli',
        'main',
        { products: summary.products, sales: SALES, subscriptions: summary.subscriptions.total, club: 0 },
      ]);
    } finally {
      await store.close();
    }
  }, 90_000);

  it('stops on Ctrl-C with the finished windows saved, and the next run resumes there', async () => {
    const dataDir = await dataDirWithConnection();
    const env = dataEnv(dataDir);
    // Slow sales pages, so the interruption lands in the middle of the windows.
    const slow = hotmart.emulator.faults.add({ route: '/payments/api/v1/sales/history', latencyMs: 150 });
    const running = startHotpilotProcess(['sync', '--resources', 'sales', '--window-days', '90'], env);
    const [, total] = await running.waitFor(/^sales: 2\/(\d+) — /m, 60_000);
    running.child.kill('SIGINT');
    expect(await running.exited).toBe(1);
    hotmart.emulator.faults.remove(slow.id);
    expect(running.stderr()).toContain(
      'interrupted: finished windows are saved; run hotpilot sync again to resume',
    );
    const store = await openDataStore(dataDir);
    let checkpoint: { until: number } | null;
    try {
      checkpoint = await store.getState<{ until: number }>('mirror:checkpoint:main:sales');
    } finally {
      await store.close();
    }
    expect(checkpoint?.until).toEqual(expect.any(Number));

    const resumed = await hotpilotInProcess(
      ['sync', '--resources', 'sales', '--window-days', '90', '--json'],
      env,
    );
    expect(resumed.code).toBe(0);
    const result = JSON.parse(resumed.stdout) as SyncResult;
    // It starts a day before the checkpoint (the overlap), not at the beginning.
    expect(result.resources.sales?.from).toBe(checkpoint!.until - 86_400_000);
    expect(result.resources.sales?.windows).toBeLessThan(Number(total));

    // Nothing was lost: the same figures as the mirror filled in one go.
    const to = localDateOf(Date.now(), ZONE);
    const mine = await hotpilotInProcess(
      ['report', 'sales', '--from', '2020-01-01', '--to', to, '--by', 'month', '--json'],
      env,
    );
    const theirs = await hotpilotInProcess(
      ['report', 'sales', '--from', '2020-01-01', '--to', to, '--by', 'month', '--json'],
      dataEnv(full),
    );
    expect(JSON.parse(mine.stdout)).toEqual(JSON.parse(theirs.stdout));
  }, 90_000);

  it('refuses bad flags and explains a connection without credentials', async () => {
    const env = dataEnv(full);
    const resource = await hotpilotInProcess(['sync', '--resources', 'sales,orders'], env);
    expect([resource.code, resource.stderr]).toEqual([
      2,
      'error: unknown resource: orders (known: products, sales, subscriptions, club)',
    ]);
    const from = await hotpilotInProcess(['sync', '--from', 'yesterday'], env);
    expect([from.code, from.stderr]).toEqual([
      2,
      'error: --from must be a YYYY-MM-DD date or an ISO 8601 date-time (got "yesterday")',
    ]);
    const club = await hotpilotInProcess(['sync', '--club', 'Not A Club'], env);
    expect(club.code).toBe(2);
    const unknown = await hotpilotInProcess(['sync', '--connection', 'other'], env);
    expect(unknown.code).toBe(3);

    const bare = tempDir();
    const store = await openDataStore(bare);
    try {
      await store.createConnection({ id: 'main', name: 'Main', hottoks: [HOTTOK] }, Date.now());
    } finally {
      await store.close();
    }
    const noCredentials = await hotpilotInProcess(['sync'], dataEnv(bare));
    expect([noCredentials.code, noCredentials.stderr]).toEqual([
      1,
      'error: connection "main" has no API credentials: give a client id and secret (hotpilot init --force)',
    ]);
    const none = await hotpilotInProcess(['sync'], dataEnv(tempDir()));
    expect([none.code, none.stderr]).toEqual([
      1,
      'error: no Hotmart connection: run hotpilot init or hotpilot connections add',
    ]);
  });

  it('draws one bar per resource on a terminal, redrawn in place', () => {
    const written: string[] = [];
    const view = createSyncProgressView(
      { isTTY: true, columns: 100, write: (text) => written.push(text) },
      ['products', 'sales'],
      'pt-BR',
    );
    view.update({ resource: 'products', done: 12, total: 24, items: 12 });
    view.update({ resource: 'sales', done: 1, total: 4, items: 1500 });
    view.finish();
    expect(written[0]).toBe(`\x1b[2K… produtos  ${'█'.repeat(12)}${'░'.repeat(12)}  12/24  12 registros\n`);
    expect(written[1]).toBe(`\x1b[2K  vendas    ${'░'.repeat(24)}  \n`);
    // Second update: the cursor goes back up two lines; products is done, sales runs.
    expect(written[2]).toBe('\x1b[2A');
    expect(written[3]).toBe(`\x1b[2K✓ produtos  ${'█'.repeat(24)}  12/24  12 registros\n`);
    expect(written[4]).toBe(`\x1b[2K… vendas    ${'█'.repeat(6)}${'░'.repeat(18)}  1/4  1.500 registros\n`);
    expect(written.at(-1)).toBe(`\x1b[2K✓ vendas    ${'█'.repeat(24)}  1/4  1.500 registros\n`);
  });
});

describe('hotpilot report', () => {
  it('prints MRR and sales from the mirror, formatted for the reader, and the same figures as JSON', async () => {
    const env = dataEnv(full);
    const today = localDateOf(Date.now(), ZONE);
    const store = await openDataStore(full);
    let expectedMrr: Awaited<ReturnType<typeof reportMrr>>;
    let expectedSales: Awaited<ReturnType<typeof reportSales>>;
    try {
      expectedMrr = await reportMrr(store, { date: today, timeZone: ZONE });
      expectedSales = await reportSales(store, {
        from: '2020-01-01',
        to: today,
        timeZone: ZONE,
        granularity: 'month',
        groupBy: [],
      });
    } finally {
      await store.close();
    }
    expect(expectedMrr.currencies.length).toBeGreaterThan(0);

    const mrr = await hotpilot(['report', 'mrr'], { env: { ...env, LANG: 'pt_BR.UTF-8' } });
    expect(mrr.code).toBe(0);
    const lines = mrr.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^MRR em \\d+ de [a-z]+\\.? de \\d{4} \\(${ZONE}\\)$`));
    expect(lines[1]).toMatch(/^MOEDA\s+MRR\s+ASSINANTES\s+EM TESTE$/);
    for (const currency of expectedMrr.currencies) {
      expect(lines).toContainEqual(
        expect.stringMatching(
          new RegExp(
            `^${currency.currency}\\s+${escapeRegExp(formatMoney(currency.mrr, currency.currency, 'pt-BR'))}\\s+${currency.subscribers}\\s`,
          ),
        ),
      );
    }

    const json = await hotpilot(['report', 'sales', '--from', '2020-01-01', '--by', 'month', '--json'], {
      env,
    });
    expect(json.code).toBe(0);
    const sales = JSON.parse(json.stdout) as {
      totals: { currency: string; sales: number; gross: { value: number; formatted: string } }[];
      granularity: string;
      to: string;
    };
    expect([sales.granularity, sales.to]).toEqual(['month', today]);
    expect(sales.totals.map((line) => [line.currency, line.sales, line.gross.value])).toEqual(
      expectedSales.totals.map((line) => [line.currency, line.sales, line.gross]),
    );
    expect(sales.totals[0]?.gross.formatted).toBe(
      formatMoney(expectedSales.totals[0]!.gross, expectedSales.totals[0]!.currency, 'en'),
    );

    const table = await hotpilotInProcess(['report', 'sales', '--from', '2020-01-01', '--by', 'month'], env);
    expect(table.stdout.split('\n')[1]).toMatch(
      /^PERIOD\s+CURRENCY\s+SALES\s+GROSS\s+REFUNDS\s+CHARGEBACKS\s+NET$/,
    );
    expect(table.stdout).toMatch(/^TOTAL\s+CURRENCY/m);
  });

  it('lists affiliates and the agents’ time saved', async () => {
    const env = dataEnv(full);
    const affiliates = await hotpilotInProcess(
      ['report', 'affiliates', '--from', '2020-01-01', '--json', '--limit', '3'],
      env,
    );
    const report = JSON.parse(affiliates.stdout) as {
      affiliates: { sales: number; commissions: { amount: { formatted: string } }[] }[];
    };
    expect(report.affiliates.length).toBeGreaterThan(0);
    expect(report.affiliates.length).toBeLessThanOrEqual(3);
    const counts = report.affiliates.map((affiliate) => affiliate.sales);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));

    // Two finished runs of the sales agent this week: its weekly estimate (90 minutes) is credited.
    const store = await openDataStore(full);
    try {
      const now = Date.now();
      await store.createRuns(
        ['a', 'b'].map((key) => ({
          id: `sales.purchase:${key}`,
          workflowId: 'sales.purchase',
          eventId: null,
          connectionId: 'main',
          concurrencyKey: null,
          input: {},
          maxAttempts: 1,
          dueAt: now,
        })),
        now,
      );
      for (const run of await store.claimRuns({ owner: 'test', limit: 10, leaseMs: 60_000, now })) {
        await store.completeRun({ runId: run.id, epoch: run.leaseEpoch, owner: 'test' }, { ok: true }, now);
      }
    } finally {
      await store.close();
    }
    const saved = await hotpilotInProcess(['report', 'time-saved'], { ...env, HOTPILOT_LOCALE: 'es' });
    const lines = saved.stdout.split('\n');
    expect(lines[0]).toMatch(/^Tiempo ahorrado del \d+\/\d+\/\d+ al \d+\/\d+\/\d+ \(America\/Sao_Paulo\)$/);
    expect(lines[1]).toMatch(/^SEMANA\s+AGENTE\s+EJECUCIONES\s+MINUTOS$/);
    expect(lines[2]).toMatch(/^\d{4}-W\d\d\s+Ventas\s+2\s+90$/);
    expect(lines[3]).toBe('Total: 1,5 h');

    const badDate = await hotpilotInProcess(['report', 'affiliates', '--from', '2026-02-30'], env);
    expect([badDate.code, badDate.stderr]).toEqual([
      2,
      'error: --from must be a date written YYYY-MM-DD (got "2026-02-30")',
    ]);
    const backwards = await hotpilotInProcess(
      ['report', 'sales', '--from', '2026-05-02', '--to', '2026-05-01'],
      env,
    );
    expect([backwards.code, backwards.stderr]).toEqual([
      2,
      'error: the period ends before it starts (2026-05-02 → 2026-05-01)',
    ]);
  });

  it('says the mirror is empty before a sync', async () => {
    const empty = await hotpilotInProcess(['report', 'mrr'], dataEnv(tempDir()));
    expect(empty.code).toBe(0);
    expect(empty.stdout.split('\n')[1]).toBe(
      'no paying subscribers in the local mirror: run hotpilot sync first',
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
