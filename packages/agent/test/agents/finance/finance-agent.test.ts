import type { Sale } from '@hotpilot/emulator';
import { describe, expect, it } from 'vitest';
import { financeAgent } from '../../../src/agents/finance/index.ts';
import { previousIsoWeek } from '../../../src/agents/finance/previous-week.ts';
import type { WeeklyOutput } from '../../../src/agents/finance/weekly-workflow.ts';
import { type AgentSettingsInput, parseAgentSettings } from '../../../src/agents/settings.ts';
import { formatMoney } from '../../../src/kit/i18n/format-money.ts';
import { reportMrrMovement } from '../../../src/store/mirror/reports-mrr-movement.ts';
import { createWorld, cronRunId, SPREADSHEET, T0, useAgentServers, type World } from '../support/world.ts';

// The finance agent end to end: the emulator's account mirrored by the real sync, the weekly run on its Monday
// slot, the rows on the Google Sheets fake and the summary on the Slack fake — checked against figures computed
// here from the emulator's own sales.

const SP = 'America/Sao_Paulo';
/** Monday 07:00 in São Paulo on the emulator's "now": the run for the week of 25–31 May 2026. */
const RUN = cronRunId('finance.weekly', Date.parse('2026-06-01T10:00:00.000Z'));
// São Paulo has no daylight saving time: the week is [Mon 03:00 UTC, next Mon 03:00 UTC).
const WEEK_START = Date.parse('2026-05-25T03:00:00.000Z');
const WEEK_END = Date.parse('2026-06-01T03:00:00.000Z');
const PAID = new Set(['APPROVED', 'COMPLETE', 'PROTESTED', 'REFUNDED', 'PARTIALLY_REFUNDED', 'CHARGEBACK']);

const servers = useAgentServers({ seed: 11, sales: 2_000, rateLimit: false, resetEmulator: true });
let world: World | undefined;

const FINANCE = {
  enabled: true,
  googleSheetsConnectionId: 'sheets',
  slackConnectionId: 'team',
  slackChannel: 'finance',
};

async function financeWorld(input: AgentSettingsInput, options: { sync?: boolean } = {}): Promise<World> {
  return createWorld(servers, {
    agent: financeAgent,
    settings: parseAgentSettings(input),
    ...(options.sync === false ? {} : { sync: ['products', 'sales', 'subscriptions'] as const }),
  });
}

const cents = (amount: number) => Math.round(amount * 100);

/** The week's sales per currency, from the emulator's records (not the mirror, not the reports). */
function expectedSales() {
  const account = servers.hotmart.account;
  const sales: Sale[] = [];
  for (let index = 0; index < account.saleCount(); index++) {
    const sale = account.saleAt(index);
    if (sale.order_date >= WEEK_START && sale.order_date < WEEK_END && PAID.has(sale.status))
      sales.push(sale);
  }
  const byCurrency = new Map<
    string,
    {
      sales: number;
      gross: number;
      refunds: number;
      refunded: number;
      chargebacks: number;
      chargedBack: number;
      affiliateSales: number;
      affiliateGross: number;
      affiliates: Set<string>;
    }
  >();
  for (const sale of sales) {
    const currency = sale.price.currency_code;
    const line = byCurrency.get(currency) ?? {
      sales: 0,
      gross: 0,
      refunds: 0,
      refunded: 0,
      chargebacks: 0,
      chargedBack: 0,
      affiliateSales: 0,
      affiliateGross: 0,
      affiliates: new Set<string>(),
    };
    line.sales += 1;
    line.gross += cents(sale.price.value);
    if (sale.status === 'REFUNDED' || sale.status === 'PARTIALLY_REFUNDED') {
      line.refunds += 1;
      line.refunded += cents(sale.price.value);
    }
    if (sale.status === 'CHARGEBACK') {
      line.chargebacks += 1;
      line.chargedBack += cents(sale.price.value);
    }
    if (sale.affiliate_code) {
      line.affiliateSales += 1;
      line.affiliateGross += cents(sale.price.value);
      line.affiliates.add(sale.affiliate_code);
    }
    byCurrency.set(currency, line);
  }
  return [...byCurrency.entries()].sort(([a], [b]) => a.localeCompare(b));
}

const sheet = (title: string) => servers.fakes.google.state.spreadsheet(SPREADSHEET)?.sheetRows(title) ?? [];

describe('finance agent: the weekly figures', () => {
  it('writes one row per week and currency to each tab, a Slack summary in the seller’s language, and no row twice', async () => {
    const expected = expectedSales();
    expect(expected.length).toBeGreaterThan(0);
    world = await financeWorld({ finance: FINANCE });
    const run = await world.run(RUN, ['completed', 'dead'], 30_000);
    expect(run.status).toBe('completed');
    const output = run.output as WeeklyOutput;
    expect(output).toMatchObject({ week: '2026-W22', from: '2026-05-25', to: '2026-05-31' });

    // Sales tab: the independent figures, per currency, with the header row the seller reads.
    const sales = sheet('Sales');
    expect(sales[0]).toEqual([
      'Chave',
      'Semana',
      'De',
      'Até',
      'Moeda',
      'Vendas',
      'Bruto',
      'Reembolsos',
      'Valor reembolsado',
      'Chargebacks',
      'Valor em chargeback',
      'Líquido',
    ]);
    expect(sales.slice(1)).toEqual(
      expected.map(([currency, line]) => [
        `2026-W22|${currency}`,
        '2026-W22',
        '25/05/2026',
        '31/05/2026',
        currency,
        line.sales,
        line.gross / 100,
        line.refunds,
        line.refunded / 100,
        line.chargebacks,
        line.chargedBack / 100,
        (line.gross - line.refunded - line.chargedBack) / 100,
      ]),
    );

    // Affiliates tab: the week's affiliate sales per currency; commissions as the mirror knows them.
    const affiliateRows = sheet('Affiliates').slice(1);
    const withAffiliates = expected.filter(([, line]) => line.affiliateSales > 0);
    expect(affiliateRows.map((row) => row.slice(4, 8))).toEqual(
      expect.arrayContaining(
        withAffiliates.map(([currency, line]) => [
          currency,
          line.affiliates.size,
          line.affiliateSales,
          line.affiliateGross / 100,
        ]),
      ),
    );
    for (const row of affiliateRows)
      expect(row[8]).toBe(output.figures.affiliates.find((a) => a.currency === row[4])?.commissions);

    // MRR tab: the report's bridge for the week, which closes to the cent.
    const movement = await reportMrrMovement(world.store, {
      from: '2026-05-25',
      to: '2026-05-31',
      timeZone: SP,
      connectionId: null,
    });
    expect(movement.currencies.length).toBeGreaterThan(0);
    expect(sheet('MRR').slice(1)).toEqual(
      movement.currencies.map((line) => [
        `2026-W22|${line.currency}`,
        '2026-W22',
        '25/05/2026',
        '31/05/2026',
        line.currency,
        line.opening,
        line.new,
        line.expansion,
        line.contraction,
        line.churn,
        line.reactivation,
        line.closing,
      ]),
    );
    for (const line of movement.currencies) {
      expect(
        cents(line.opening) +
          cents(line.new) +
          cents(line.expansion) -
          cents(line.contraction) -
          cents(line.churn) +
          cents(line.reactivation),
      ).toBe(cents(line.closing));
    }
    expect(output.appended).toEqual({
      sales: expected.length,
      mrr: movement.currencies.length,
      affiliates: output.figures.affiliates.length,
    });

    // Slack: one summary, money formatted in pt-BR.
    const [message, ...others] = servers.fakes.slack.state.messages('finance');
    expect(others).toEqual([]);
    const text = message?.text ?? '';
    expect(text.split('\n')[0]).toBe(
      '*Resumo financeiro da semana 2026-W22* (25 de mai. de 2026 – 31 de mai. de 2026)',
    );
    for (const [currency, line] of expected) {
      expect(text).toContain(
        `• ${currency}: vendas ${line.sales}, bruto ${formatMoney(line.gross / 100, currency, 'pt-BR')};`,
      );
    }
    expect(text).toContain('*MRR*');
    expect(output.slackTs).toBe(message?.ts);

    // The same week again (an operator's replay): every key is in its tab already, so no row is added.
    const before = { sales: sheet('Sales'), mrr: sheet('MRR'), affiliates: sheet('Affiliates') };
    expect(await world.engine.replay(RUN, 'whole')).toBe(true);
    const again = await world.run(RUN, 'completed', 30_000);
    expect((again.output as WeeklyOutput).appended).toEqual({ sales: 0, mrr: 0, affiliates: 0 });
    expect({ sales: sheet('Sales'), mrr: sheet('MRR'), affiliates: sheet('Affiliates') }).toEqual(before);
  });

  it('writes in Spanish, and only to Slack when no sheet is set', async () => {
    world = await financeWorld({
      locale: 'es',
      finance: { enabled: true, slackConnectionId: 'team', slackChannel: 'finance' },
    });
    const run = await world.run(RUN, ['completed', 'dead'], 30_000);
    expect((run.output as WeeklyOutput).appended).toBeNull();
    const [message] = servers.fakes.slack.state.messages('finance');
    const [currency, line] = expectedSales()[0] as [string, { sales: number; gross: number }];
    expect(message?.text).toContain('*Resumen financiero de la semana 2026-W22*');
    expect(message?.text).toContain(
      `• ${currency}: ventas ${line.sales}, bruto ${formatMoney(line.gross / 100, currency, 'es')};`,
    );
    expect(
      servers.fakes.google.state
        .spreadsheet(SPREADSHEET)
        ?.sheetProperties()
        .map((tab) => tab.title),
    ).toEqual(['Sheet1']);
  });

  it('reports an empty week plainly, and does nothing while the agent is off', async () => {
    world = await financeWorld({ locale: 'en', finance: { ...FINANCE } }, { sync: false });
    const run = await world.run(RUN, ['completed', 'dead'], 30_000);
    expect(run.output).toMatchObject({
      appended: { sales: 0, mrr: 0, affiliates: 0 },
      figures: { sales: [], mrr: [], affiliates: [] },
    });
    expect(servers.fakes.slack.state.messages('finance')[0]?.text).toBe(
      [
        '*Weekly finance summary 2026-W22* (May 25, 2026 – May 31, 2026)',
        '*Sales*',
        '• No sales this week.',
        '*MRR*',
        '• No subscriptions.',
        '*Affiliates*',
        '• No affiliate sales.',
      ].join('\n'),
    );
    // Nothing to write: no tab was created.
    expect(
      servers.fakes.google.state
        .spreadsheet(SPREADSHEET)
        ?.sheetProperties()
        .map((tab) => tab.title),
    ).toEqual(['Sheet1']);
    await world.close();

    world = await financeWorld({ finance: { ...FINANCE, enabled: false } }, { sync: false });
    expect((await world.run(RUN)).output).toEqual({ skipped: 'agent disabled' });
  });
});

describe('previousIsoWeek', () => {
  it('is the Monday-to-Sunday week before the one the instant falls in, in the time zone', () => {
    expect(previousIsoWeek(T0, SP)).toEqual({ week: '2026-W22', from: '2026-05-25', to: '2026-05-31' });
    // Monday 01:00 in São Paulo is already the new week; Sunday 23:00 is not.
    expect(previousIsoWeek(Date.parse('2026-06-01T04:00:00Z'), SP).week).toBe('2026-W22');
    expect(previousIsoWeek(Date.parse('2026-06-01T02:00:00Z'), SP).week).toBe('2026-W21');
    expect(previousIsoWeek(Date.parse('2026-06-01T02:00:00Z'), 'UTC').week).toBe('2026-W22');
    // Across a year: the week of 28 Dec 2026 is 2026-W53.
    expect(previousIsoWeek(Date.parse('2027-01-04T12:00:00Z'), 'UTC')).toEqual({
      week: '2026-W53',
      from: '2026-12-28',
      to: '2027-01-03',
    });
    expect(() => previousIsoWeek(Number.NaN, 'UTC')).toThrow(RangeError);
  });

  it('defines one workflow on the weekly schedule in the settings’ time zone', () => {
    const workflows = financeAgent.workflows(
      parseAgentSettings({ timeZone: 'America/Bogota', finance: { schedule: '30 6 * * 1' } }),
    );
    expect(workflows.map((workflow) => [workflow.id, workflow.cron])).toEqual([
      ['finance.weekly', { pattern: '30 6 * * 1', timeZone: 'America/Bogota' }],
    ]);
  });
});
