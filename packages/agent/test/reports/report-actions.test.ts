import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ActionInputError, CredentialsError } from '../../src/connectors/errors.ts';
import { invokeAction, testConnection } from '../../src/connectors/invoke.ts';
import type { ActionDefinition, AnyAction } from '../../src/connectors/kit.ts';
import { createRegistry } from '../../src/connectors/registry.ts';
import {
  defineReportAction,
  reportActions,
  reportAffiliatesAction,
  reportArpuLtvAction,
  reportChurnAction,
  reportConnector,
  reportMrrAction,
  reportMrrMovementAction,
  reportSalesAction,
  reportSubscribersByPlanAction,
} from '../../src/connectors/report/index.ts';
import { NonRetriableError } from '../../src/engine/errors.ts';
import { formatMoney } from '../../src/kit/i18n/format-money.ts';
import { reportMrr } from '../../src/store/mirror/reports-mrr.ts';
import { reportSales } from '../../src/store/mirror/reports-sales.ts';
import type { Store } from '../../src/store/port.ts';
import { storeFactories, type TestStore } from '../store/stores.ts';
import { EDGE_CONNECTION, edgeRows } from './edge-rows.ts';
import { writeMirror } from './mirror-seed.ts';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const SP = 'America/Sao_Paulo';
const connection = (settings: Record<string, unknown> = {}) => ({
  id: 'reports',
  kind: 'report',
  credentials: {},
  settings,
});

function call<I, O>(
  action: ActionDefinition<I, O, Record<string, never>>,
  input: unknown,
  store: Store | undefined,
  settings: Record<string, unknown> = {},
): Promise<O> {
  return invokeAction(action, input, {
    connector: reportConnector,
    connection: connection(settings),
    now: () => NOW,
    services: store ? { store } : {},
  });
}

describe('report connector and actions', () => {
  it('declares seven read-only, idempotent actions with JSON-Schema inputs', () => {
    expect(reportActions.map((a) => a.id)).toEqual([
      'report_mrr',
      'report_mrr_movement',
      'report_subscribers_by_plan',
      'report_churn',
      'report_arpu_ltv',
      'report_sales',
      'report_affiliates',
    ]);
    const registry = createRegistry([reportConnector], reportActions);
    for (const action of reportActions) {
      expect(action).toMatchObject({ connector: 'report', effect: 'read', idempotent: true });
      expect(action.id).toMatch(/^[a-z][a-z0-9_]{2,63}$/);
      expect(action.llmHint.length).toBeGreaterThan(100);
      expect(z.toJSONSchema(action.input, { io: 'input', unrepresentable: 'any' }).type).toBe('object');
      expect(registry.connectorOf(action).id).toBe('report');
    }
    expect(Object.isFrozen(reportMrrAction)).toBe(true);
    expect(() => defineReportAction({ ...reportMrrAction, id: 'hotmart_mrr' })).toThrow(/report_<figure>/);
    expect(() => defineReportAction({ ...reportMrrAction, id: 'report_MRR' })).toThrow(/report_<figure>/);
  });

  it('refuses bad settings by field', async () => {
    await expect(call(reportMrrAction, {}, undefined, { timeZone: 'Nowhere/Else' })).rejects.toBeInstanceOf(
      CredentialsError,
    );
    await expect(call(reportMrrAction, {}, undefined, { currency: 'BRL' })).rejects.toThrow(/settings/);
  });

  it('fails without a store, as a non-retriable wiring error', async () => {
    const error = await call(reportMrrAction, {}, undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NonRetriableError);
    expect((error as NonRetriableError).code).toBe('REPORT_STORE_MISSING');
    const tested = await testConnection(reportConnector, connection());
    expect(tested).toEqual({ ok: false, message: expect.stringMatching(/no store/) });
  });

  it('refuses bad input, naming the field', async () => {
    const cases: [AnyAction, unknown, RegExp][] = [
      [reportMrrAction, { date: '2026-02-30' }, /input\.date/],
      [reportMrrAction, { timeZone: 'America/Atlantis' }, /input\.timeZone/],
      [reportMrrAction, { locale: 'fr' }, /input\.locale/],
      [reportMrrAction, { dat: '2026-05-01' }, /dat/],
      [
        reportMrrMovementAction,
        { from: '2026-05-31', to: '2026-05-01' },
        /input\.to: must not be before from/,
      ],
      [reportChurnAction, { from: '2026-05-01' }, /input\.to/],
      [
        reportSalesAction,
        { from: '2026-05-01', to: '2026-05-31', granularity: 'year' },
        /input\.granularity/,
      ],
      [reportSalesAction, { from: '2026-05-01', to: '2026-05-31', groupBy: ['buyer'] }, /input\.groupBy/],
      [reportArpuLtvAction, { churnWindowDays: 3 }, /input\.churnWindowDays/],
      [reportAffiliatesAction, { from: '2026-05-01', to: '2026-05-31', limit: 0 }, /input\.limit/],
      [reportSubscribersByPlanAction, { compareTo: 'last month' }, /input\.compareTo/],
    ];
    for (const [action, input, message] of cases) {
      const error = await call(action, input, undefined).catch((e: unknown) => e);
      expect(error, JSON.stringify(input)).toBeInstanceOf(ActionInputError);
      expect((error as Error).message).toMatch(message);
    }
  });
});

describe.each(storeFactories)('report actions on $name', (factory) => {
  let t: TestStore;
  beforeAll(async () => {
    t = await factory.create();
    await writeMirror(t.store, edgeRows(NOW));
  });
  afterAll(() => t?.destroy());

  it('passes the connection test with a store', async () => {
    const tested = await testConnection(reportConnector, connection(), { services: { store: t.store } });
    expect(tested.ok).toBe(true);
  });

  it('reports MRR with each amount formatted in the locale asked for', async () => {
    const direct = await reportMrr(t.store, { date: '2026-05-31', timeZone: SP });
    for (const locale of ['pt-BR', 'es', 'en'] as const) {
      const result = await call(reportMrrAction, { date: '2026-05-31', timeZone: SP, locale }, t.store);
      expect(result.currencies.map((c) => c.currency)).toEqual(direct.currencies.map((c) => c.currency));
      for (const [index, line] of result.currencies.entries()) {
        const want = direct.currencies[index];
        expect(line.mrr.value).toBe(want?.mrr);
        expect(line.mrr.formatted).toBe(formatMoney(want?.mrr ?? 0, line.currency, locale));
        expect(line.subscribers).toBe(want?.subscribers);
        expect(line.trial.mrr.formatted).toBe(formatMoney(want?.trial.mrr ?? 0, line.currency, locale));
      }
      expect(result.unpriced).toBe(1);
    }
    const es = await call(reportMrrAction, { date: '2026-05-31', timeZone: SP, locale: 'es' }, t.store);
    // MXN for a Spanish reader follows Mexico's conventions; USD keeps its code.
    expect(es.currencies.find((c) => c.currency === 'MXN')?.mrr.formatted).toBe('$199.00');
    const pt = await call(reportMrrAction, { date: '2026-05-31', timeZone: SP, locale: 'pt-BR' }, t.store);
    expect(pt.currencies.find((c) => c.currency === 'USD')?.mrr.formatted).toMatch(/^US\$\u00a0\d+,\d\d$/);
    expect(pt.dateLabel).toBe('31 de mai. de 2026');
  });

  it('takes the zone and language from the connection settings, and today from the clock', async () => {
    const result = await call(reportMrrAction, {}, t.store, { timeZone: SP, locale: 'pt-BR' });
    expect(result.date).toBe('2026-06-01');
    expect(result.timeZone).toBe(SP);
    expect(result.currencies.find((c) => c.currency === 'MXN')?.mrr.formatted).toBe('MX$\u00a0199,00');
    const utc = await call(reportMrrAction, {}, t.store);
    expect(utc.timeZone).toBe('UTC');
    expect(utc.dateLabel).toBe('Jun 1, 2026');
    const late = await invokeAction(
      reportMrrAction,
      {},
      {
        connector: reportConnector,
        connection: connection({ timeZone: SP }),
        // 01:00 UTC on 1 June is still 31 May in São Paulo.
        now: () => Date.UTC(2026, 5, 1, 1, 0),
        services: { store: t.store },
      },
    );
    expect(late.date).toBe('2026-05-31');
  });

  it('reports the MRR bridge, churn and ARPU/LTV with amounts and rates', async () => {
    const bridge = await call(
      reportMrrMovementAction,
      { from: '2026-05-01', to: '2026-05-31', timeZone: SP, connectionId: EDGE_CONNECTION, locale: 'en' },
      t.store,
    );
    const usd = bridge.currencies.find((c) => c.currency === 'USD');
    expect(usd?.churn).toEqual({ value: 100, formatted: '$100.00' });
    expect(usd?.movements.churn).toBe(1);
    expect(bridge.periodLabel).toBe('May 1, 2026 – May 31, 2026');

    const churn = await call(
      reportChurnAction,
      { from: '2026-03-01', to: '2026-05-31', locale: 'pt-BR' },
      t.store,
    );
    expect(churn).toMatchObject({ activeAtStart: 3, cancelled: 0, rate: { value: 0, formatted: '0%' } });
    const none = await call(reportChurnAction, { from: '2001-01-01', to: '2001-12-31' }, t.store);
    expect(none.rate).toBeNull();
    expect(none.monthlyRate).toBeNull();

    const ltv = await call(reportArpuLtvAction, { date: '2026-05-31', timeZone: SP, locale: 'es' }, t.store);
    const dollars = ltv.currencies.find((c) => c.currency === 'USD');
    expect(ltv.from).toBe('2026-03-03');
    expect(ltv.days).toBe(90);
    expect(dollars?.ltv).toBeNull();
    expect(dollars?.ltvGap).toBe('no_churn');
    expect(dollars?.arpu?.formatted).toBe(formatMoney(dollars?.arpu?.value ?? 0, 'USD', 'es'));
    expect(dollars?.monthlyChurnRate?.formatted).toBe('0\u00a0%');
  });

  it('reports subscribers by plan with the comparison', async () => {
    const result = await call(
      reportSubscribersByPlanAction,
      { date: '2026-05-31', compareTo: '2025-12-31', timeZone: SP, locale: 'es' },
      t.store,
    );
    expect(result.compareToLabel).toBe('31 dic 2025');
    const u180 = result.plans.find((p) => p.planId === 'u180');
    expect(u180).toMatchObject({ subscribers: 1, previous: { subscribers: 0, trials: 0 }, change: 1 });
    expect(result.totals.change).toBe(result.totals.subscribers - (result.totals.previous?.subscribers ?? 0));
  });

  it('reports sales with formatted figures, and trims long answers', async () => {
    const params = { from: '2026-04-01', to: '2026-06-30', timeZone: SP, locale: 'pt-BR' as const };
    const result = await call(reportSalesAction, { ...params, granularity: 'month', groupBy: [] }, t.store);
    const direct = await reportSales(t.store, { ...params, granularity: 'month', groupBy: [] });
    expect(result.lines.length).toBe(direct.lines.length);
    expect(result.lines[0]).toMatchObject({ bucket: '2026-05-01', bucketLabel: '1 de mai. de 2026' });
    const brl = result.totals.find((total) => total.currency === 'BRL');
    expect(brl).toMatchObject({
      sales: 2,
      gross: { value: 180, formatted: 'R$\u00a0180,00' },
      net: { value: 180, formatted: 'R$\u00a0180,00' },
    });
    const mxn = result.totals.find((total) => total.currency === 'MXN');
    expect(mxn?.chargebackAmount).toEqual({ value: 300, formatted: 'MX$\u00a0300,00' });
    expect(result.unpriced).toBe(1);
    const trimmed = await call(reportSalesAction, { ...params, maxLines: 2 }, t.store);
    expect(trimmed.lines).toHaveLength(2);
    expect(trimmed.omittedLines).toBe(2);
    expect(trimmed.totals).toEqual(result.totals);
  });

  it('reports affiliates', async () => {
    const result = await call(
      reportAffiliatesAction,
      { from: '2026-05-01', to: '2026-05-31', timeZone: SP },
      t.store,
    );
    expect(result.affiliates).toEqual([
      {
        key: 'code:EDGEAFF',
        ucode: null,
        affiliateCode: 'EDGEAFF',
        name: null,
        email: null,
        sales: 1,
        reversed: 0,
        revenue: [{ currency: 'BRL', sales: 1, gross: { value: 80, formatted: 'R$80.00' } }],
        commissions: [],
      },
    ]);
    expect(result.omittedAffiliates).toBe(0);
  });

  it('turns a missing schema into a non-retriable error', async () => {
    const bare = await factory.create({ migrate: false });
    try {
      const error = await call(reportSalesAction, { from: '2026-05-01', to: '2026-05-31' }, bare.store).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(NonRetriableError);
      expect((error as NonRetriableError).code).toBe('REPORT_SCHEMA_MISSING');
    } finally {
      await bare.destroy();
    }
  });
});
