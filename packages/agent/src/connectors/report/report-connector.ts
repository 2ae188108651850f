import { z } from 'zod';
import { isTimeZone } from '../../store/mirror/reports-time.ts';
import { defineConnector } from '../kit.ts';
import { readReportStore } from './report-services.ts';

/**
 * Settings of a `report` connection: the defaults every report action falls back to when a call gives none.
 *
 * @example
 * import { ReportSettings } from './report-connector.ts';
 * ReportSettings.parse({ timeZone: 'America/Sao_Paulo', locale: 'pt-BR' });
 */
export const ReportSettings = z.strictObject({
  /** IANA time zone whose calendar days reports count in (default UTC). */
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone such as America/Sao_Paulo').optional(),
  /** Language of the formatted amounts and dates (default en). */
  locale: z.enum(['pt-BR', 'es', 'en']).optional(),
});

/**
 * The parsed settings of a `report` connection.
 *
 * @example
 * import type { ReportSettings } from './report-connector.ts';
 * const settings: ReportSettings = { timeZone: 'America/Mexico_City', locale: 'es' };
 */
export type ReportSettings = z.infer<typeof ReportSettings>;

/**
 * The `report` connector: MRR, churn, ARPU/LTV, subscribers, sales and affiliate figures computed from hotpilot's
 * local mirror of the Hotmart accounts (SQL over the mirror tables), so answering costs no Hotmart API calls. It
 * has no credentials: its connection holds only default settings. Its actions read `services.store`.
 *
 * @example
 * import { testConnection } from '../invoke.ts';
 * import { reportConnector } from './report-connector.ts';
 * import type { Store } from '../../store/port.ts';
 * declare const store: Store;
 * const result = await testConnection(reportConnector, { id: 'reports', kind: 'report', credentials: {} }, { services: { store } });
 * console.log(result.ok); // true
 */
export const reportConnector = defineConnector<Record<string, never>>({
  id: 'report',
  title: 'Reports',
  description:
    'MRR, churn, ARPU and LTV, subscribers by plan, sales and affiliate reports from the local mirror of your Hotmart accounts, per currency, in your time zone.',
  credentials: z.strictObject({}),
  settings: ReportSettings,
  async test(ctx) {
    const store = readReportStore(ctx.services);
    if (!store)
      return { ok: false, message: 'no store is configured: reports read the local mirror in the store' };
    try {
      await store.ping();
    } catch (error) {
      return {
        ok: false,
        message: `the store did not answer: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    return { ok: true, message: 'reports read the local mirror of the Hotmart connections' };
  },
});
