import { z } from 'zod';
import { defineAction, defineConnector } from '../../../src/connectors/kit.ts';
import { createRegistry, type Registry, registry } from '../../../src/connectors/registry.ts';
import { formatMoney } from '../../../src/kit/i18n/format-money.ts';
import type { Store } from '../../../src/store/port.ts';

/**
 * A `report` connector with no credentials and one report over the events table, standing in for the report
 * actions another engineer is writing: the MCP server must list and read whatever `report_*` actions exist.
 */
export const reportConnector = defineConnector({
  id: 'report',
  title: 'Reports',
  description: 'Reports over hotpilot’s own data.',
  credentials: z.strictObject({}),
  settings: z.strictObject({}),
  test: async () => ({ ok: true, message: 'local data' }),
});

export const reportEventTotals = defineAction({
  id: 'report_event_totals',
  connector: 'report',
  title: 'Event totals',
  description: 'Counts the stored events by name and sums their amounts per currency.',
  llmHint: 'Use to see how many events of each kind arrived and how much money they carried.',
  input: z.strictObject({
    name: z.string().optional(),
    limit: z.number().int().positive().max(1000).optional(),
    locale: z.enum(['pt-BR', 'es', 'en']).optional(),
  }),
  output: z.strictObject({
    events: z.number().int(),
    by_name: z.record(z.string(), z.number().int()),
    totals: z.array(z.strictObject({ currency: z.string(), value: z.number(), formatted: z.string() })),
  }),
  effect: 'read',
  idempotent: true,
  run: async (ctx, input) => {
    const store = ctx.services.store as Store | undefined;
    if (!store) throw new Error('report_event_totals needs services.store');
    const events = await store.listEvents({
      limit: input.limit ?? 1000,
      ...(input.name ? { name: input.name } : {}),
    });
    const byName: Record<string, number> = {};
    const sums = new Map<string, number>();
    for (const event of events) {
      byName[event.name] = (byName[event.name] ?? 0) + 1;
      const amount = event.normalized.amount as { value?: number; currency?: string } | undefined;
      if (typeof amount?.value === 'number' && amount.currency) {
        sums.set(amount.currency, (sums.get(amount.currency) ?? 0) + amount.value);
      }
    }
    return {
      events: events.length,
      by_name: byName,
      totals: [...sums].map(([currency, value]) => ({
        currency,
        value,
        formatted: formatMoney(value, currency, input.locale ?? 'en'),
      })),
    };
  },
});

/**
 * The shipped registry plus the test report (any real `report` connector is swapped for the stand-in, so the tests
 * keep working once the report actions land).
 */
export const testRegistry: Registry = createRegistry(
  [...registry.connectors.filter((c) => c.id !== 'report'), reportConnector],
  [...registry.actions.filter((a) => a.connector !== 'report'), reportEventTotals],
);
