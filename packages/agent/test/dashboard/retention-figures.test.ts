import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChartSet } from '../../src/dashboard/data/chart-data.ts';
import { daysBetween, localDateOf } from '../../src/store/mirror/reports-time.ts';
import { RETENTION_TO, RETENTION_ZONE, seedRetention } from '../cli/retention-seed.ts';
import { storeFactories } from '../store/stores.ts';
import { type DashboardWorld, startDashboardWorld } from './support/dashboard-world.ts';

// The subscriptions page's retention section: recovered against churned MRR per currency over the page's period
// (cards and bars) and the churn-form reasons, in the reader's language.

const NBSP = '\u00a0';

async function subscriptionsPage(world: DashboardWorld, query: string): Promise<string> {
  const { cookie } = await world.session(world.users.viewer);
  const response = await fetch(`${world.url}/subscriptions?${query}`, { headers: { cookie } });
  expect(response.status).toBe(200);
  return response.text();
}

/** The text of the element carrying `data-testid="<id>"`. */
function testId(page: string, id: string): string | null {
  return new RegExp(`data-testid="${id}">([^<]*)<`).exec(page)?.[1] ?? null;
}

/** The churn-reason table as [reason, label, count, share] rows. */
function reasonRows(page: string): string[][] {
  return [
    ...page.matchAll(
      /<tr data-reason="([a-z-]+)"><td>([^<]*)<\/td>\s*<td class="num">([^<]*)<\/td><td class="num">([^<]*)<\/td><\/tr>/g,
    ),
  ].map((match) => match.slice(1));
}

function embeddedChart(page: string): ChartSet | null {
  const json = /<script type="application\/json" id="chart-data-retention">([^<]*)<\/script>/.exec(page)?.[1];
  return json === undefined ? null : (JSON.parse(json) as ChartSet);
}

describe('dashboard: retention figures on the subscriptions page', () => {
  let world: DashboardWorld;

  beforeAll(async () => {
    world = await startDashboardWorld();
    // The seeded May moved so that 31 May is today: the last 30 days are the seeded 2 → 31 May.
    await seedRetention(world.store, {
      shiftDays: daysBetween(RETENTION_TO, localDateOf(Date.now(), RETENTION_ZONE)) - 1,
    });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('shows recovered and churned MRR per currency, with a bar chart each, in Portuguese', async () => {
    const page = await subscriptionsPage(world, 'days=30&lang=pt-BR');
    expect(page).toContain('<h2>Retenção</h2>');
    expect(testId(page, 'recovered-BRL')).toBe(`R$${NBSP}145,50`);
    expect(testId(page, 'churned-BRL')).toBe(`R$${NBSP}146,90`);
    expect(testId(page, 'recovered-USD')).toBe(`US$${NBSP}20,00`);
    expect(testId(page, 'churned-USD')).toBe(`US$${NBSP}30,00`);
    expect(page).toContain(`MRR recuperado · BRL · cobranças pagas: 2 (R$${NBSP}388,00)`);
    expect(page).toContain('MRR perdido · BRL · cancelamentos: 2');
    expect(page).toContain('MRR perdido · USD · cancelamentos: 1');

    const chart = embeddedChart(page);
    expect(chart?.points).toBe(4);
    expect(chart?.charts[0]).toEqual({
      title: 'MRR recuperado e perdido · BRL',
      kind: 'bars',
      xLabel: 'Movimento',
      x: [0, 1],
      xLabels: ['MRR recuperado · BRL', 'MRR perdido · BRL'],
      series: [{ label: 'BRL', values: [145.5, 146.9] }],
      format: { style: 'money', currency: 'BRL', locale: 'pt-BR' },
    });
    expect(chart?.charts[1]?.series).toEqual([{ label: 'USD', values: [20, 30] }]);
    expect(page).toContain('data-testid="chart-retention" data-chart-source="chart-data-retention"');
  });

  it('lists why subscribers cancelled, each once with their latest answer, labelled in the reader’s language', async () => {
    const pt = await subscriptionsPage(world, 'days=30&lang=pt-BR');
    expect(pt).toContain('<h2>Motivos de cancelamento</h2>');
    expect(pt).toContain('Assinantes que responderam: 4.');
    expect(reasonRows(pt)).toEqual([
      ['too-expensive', 'Ficou caro demais', '2', '50 %'],
      ['not-using', 'Não estava usando', '1', '25 %'],
      ['technical-problems', 'Tive problemas técnicos', '1', '25 %'],
    ]);
    const es = await subscriptionsPage(world, 'days=30&lang=es');
    expect(es).toContain('<h2>Motivos de cancelación</h2>');
    expect(reasonRows(es).map((row) => row[1])).toEqual([
      'Es demasiado caro',
      'No lo estaba usando',
      'Tuve problemas técnicos',
    ]);
    expect(testId(es, 'recovered-BRL')).toBe(`BRL${NBSP}145.50`);
  });

  it('follows the period selector: the last 7 days hold one cancellation and two answers', async () => {
    const page = await subscriptionsPage(world, 'days=7&lang=en');
    expect(page).toContain('<h2>Retention</h2>');
    expect(testId(page, 'recovered-BRL')).toBe('R$0.00');
    expect(testId(page, 'churned-BRL')).toBe('R$49.90');
    expect(page).toContain('Recovered MRR · BRL · charges paid: 0 (R$0.00)');
    expect(page).toContain('Churned MRR · BRL · cancellations: 1');
    expect(testId(page, 'recovered-USD')).toBeNull();
    expect(reasonRows(page)).toEqual([
      ['too-expensive', 'It was too expensive', '1', '50 %'],
      // The apostrophe escaped, as every value the page writes.
      ['not-using', 'I wasn&#39;t using it', '1', '50 %'],
    ]);
  });
});

describe('dashboard: retention figures before anything happened (PostgreSQL)', () => {
  let world: DashboardWorld;

  beforeAll(async () => {
    world = await startDashboardWorld({ factory: storeFactories[1]! });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('says there is nothing yet instead of drawing empty cards and charts', async () => {
    const page = await subscriptionsPage(world, 'lang=en');
    expect(page).toContain('<h2>Retention</h2>');
    expect(page).toContain('No MRR recovered or churned in this period.');
    expect(page).toContain('No answer to the churn-reason form in this period.');
    expect(page).not.toContain('Subscribers who answered');
    expect(embeddedChart(page)).toBeNull();
  });
});
