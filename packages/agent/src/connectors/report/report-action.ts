import { z } from 'zod';
import { NonRetriableError } from '../../engine/errors.ts';
import { formatDate } from '../../kit/i18n/format-date.ts';
import { formatMoney } from '../../kit/i18n/format-money.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import { isStoreError } from '../../store/errors.ts';
import { isTimeZone, type LocalDate, localDateOf, startOfLocalDay } from '../../store/mirror/reports-time.ts';
import type { Store } from '../../store/port.ts';
import type { ActionContext, ActionDefinition } from '../kit.ts';
import { type ReportSettings, reportConnector } from './report-connector.ts';
import { requireReportStore } from './report-services.ts';

const REPORT_ACTION_ID = /^report_[a-z0-9]+(?:_[a-z0-9]+)*$/;

/**
 * Declares a report action: connector `report`, `effect: 'read'`, idempotent. The ids name the figure they report
 * (`report_mrr`, `report_sales`), as the issue asks, so some have two segments where `defineAction` wants
 * `connector_verb_noun` — everything else `defineAction` checks is checked here the same way.
 *
 * @example
 * import { z } from 'zod';
 * import { defineReportAction } from './report-action.ts';
 * export const reportPing = defineReportAction({
 *   id: 'report_ping',
 *   title: 'Ping',
 *   description: 'Answers pong.',
 *   llmHint: 'Use to check the reports answer.',
 *   input: z.strictObject({}),
 *   output: z.strictObject({ pong: z.boolean() }),
 *   run: async () => ({ pong: true }),
 * });
 */
export function defineReportAction<I, O>(
  definition: Omit<ActionDefinition<I, O, Record<string, never>>, 'connector' | 'effect' | 'idempotent'>,
): ActionDefinition<I, O, Record<string, never>> {
  if (!REPORT_ACTION_ID.test(definition.id)) {
    throw new Error(`report action id "${definition.id}" must read report_<figure> in lowercase snake case`);
  }
  return Object.freeze({ ...definition, connector: reportConnector.id, effect: 'read', idempotent: true });
}

/**
 * Input fields every report action takes: which Hotmart connection, which time zone, which language.
 *
 * @example
 * import { z } from 'zod';
 * import { reportScopeInput } from './report-action.ts';
 * const Input = z.strictObject({ ...reportScopeInput, date: z.iso.date() });
 */
export const reportScopeInput = {
  connectionId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .describe('Hotmart connection id to report on; omit for all connections together.'),
  timeZone: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as America/Sao_Paulo')
    .optional()
    .describe("IANA time zone whose calendar days count (default: the report connection's, else UTC)."),
  locale: z
    .enum(['pt-BR', 'es', 'en'])
    .optional()
    .describe("Language of the `formatted` strings (default: the report connection's, else en)."),
};

/**
 * A calendar date input (`YYYY-MM-DD`, a real day).
 *
 * @example
 * import { localDateInput } from './report-action.ts';
 * localDateInput.parse('2026-05-31'); // '2026-05-31'
 */
export const localDateInput = z.iso.date();

/**
 * An amount of money as a number (major units of its currency) and as people read it in the requested locale.
 *
 * @example
 * import { Amount } from './report-action.ts';
 * Amount.parse({ value: 1500, formatted: 'R$ 1.500,00' });
 */
export const Amount = z.strictObject({ value: z.number(), formatted: z.string() });

/**
 * An `Amount`.
 *
 * @example
 * import type { Amount } from './report-action.ts';
 * const mrr: Amount = { value: 1500, formatted: 'R$ 1.500,00' };
 */
export type Amount = z.infer<typeof Amount>;

/**
 * A rate between 0 and 1, and as a percentage people read.
 *
 * @example
 * import { Rate } from './report-action.ts';
 * Rate.parse({ value: 0.0425, formatted: '4.25%' });
 */
export const Rate = z.strictObject({ value: z.number(), formatted: z.string() });

/**
 * A `Rate`.
 *
 * @example
 * import type { Rate } from './report-action.ts';
 * const churn: Rate = { value: 0.0425, formatted: '4,25%' };
 */
export type Rate = z.infer<typeof Rate>;

/**
 * What a report action runs with: the store, the connection scope, the time zone and locale after defaults, and
 * today's date in that zone.
 *
 * @example
 * import type { ReportRun } from './report-action.ts';
 * const zone = (run: ReportRun) => run.timeZone;
 */
export interface ReportRun {
  store: Store;
  connectionId: string | null;
  timeZone: string;
  locale: Locale;
  /** Today in `timeZone`, from the action's clock. */
  today: LocalDate;
}

/**
 * Resolves a report call: the store from the services, and time zone and locale from the input, else the report
 * connection's settings, else UTC and English.
 *
 * @example
 * import { reportRun } from './report-action.ts';
 * import type { ActionContext } from '../kit.ts';
 * declare const ctx: ActionContext<Record<string, never>>;
 * const run = reportRun(ctx, { timeZone: 'America/Sao_Paulo' }, 'report_mrr');
 */
export function reportRun(
  ctx: ActionContext<Record<string, never>>,
  input: { connectionId?: string | undefined; timeZone?: string | undefined; locale?: Locale | undefined },
  actionId: string,
): ReportRun {
  const store = requireReportStore(ctx.services, actionId);
  const settings = ctx.connection.settings as ReportSettings;
  const timeZone = input.timeZone ?? settings.timeZone ?? 'UTC';
  return {
    store,
    connectionId: input.connectionId ?? null,
    timeZone,
    locale: input.locale ?? settings.locale ?? 'en',
    today: localDateOf(ctx.now(), timeZone),
  };
}

/**
 * Runs a report, turning the store's refusals into errors the engine will not retry: bad params (`invalid`, e.g. a
 * zone PostgreSQL does not know) and a missing schema. An unreachable database stays retryable.
 *
 * @example
 * import { runReport } from './report-action.ts';
 * const value = await runReport('report_mrr', async () => 42);
 */
export async function runReport<T>(actionId: string, report: () => Promise<T>): Promise<T> {
  try {
    return await report();
  } catch (error) {
    if (isStoreError(error, 'invalid')) {
      throw new NonRetriableError(`${actionId}: ${error.message}`, {
        code: 'REPORT_INVALID_INPUT',
        cause: error,
      });
    }
    if (isStoreError(error, 'schema')) {
      throw new NonRetriableError(`${actionId}: ${error.message}`, {
        code: 'REPORT_SCHEMA_MISSING',
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * An amount with its formatted form (`formatMoney`: the currency's own digits and symbol, in the reader's locale).
 *
 * @example
 * import { amount } from './report-action.ts';
 * amount(1500, 'BRL', 'pt-BR'); // { value: 1500, formatted: 'R$ 1.500,00' }
 */
export function amount(value: number, currency: string, locale: Locale): Amount {
  return { value, formatted: formatMoney(value, currency, locale) };
}

/**
 * A rate with its formatted percentage, or null.
 *
 * @example
 * import { rate } from './report-action.ts';
 * rate(0.0425, 'pt-BR'); // { value: 0.0425, formatted: '4,25%' }
 */
export function rate(value: number | null, locale: Locale): Rate | null {
  if (value === null) return null;
  return {
    value,
    formatted: new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 }).format(value),
  };
}

/**
 * A local date as people read it (`31 de maio de 2026`), via `formatDate` in the report's zone.
 *
 * @example
 * import { dateLabel } from './report-action.ts';
 * dateLabel('2026-05-31', 'America/Sao_Paulo', 'pt-BR'); // '31 de mai. de 2026'
 */
export function dateLabel(date: LocalDate, timeZone: string, locale: Locale): string {
  return formatDate(startOfLocalDay(date, timeZone), locale, timeZone, 'medium');
}

/**
 * A period of local dates as people read it (`1 de mai. de 2026 – 31 de mai. de 2026`).
 *
 * @example
 * import { periodLabel } from './report-action.ts';
 * periodLabel('2026-05-01', '2026-05-31', 'UTC', 'en'); // 'May 1, 2026 – May 31, 2026'
 */
export function periodLabel(from: LocalDate, to: LocalDate, timeZone: string, locale: Locale): string {
  return `${dateLabel(from, timeZone, locale)} – ${dateLabel(to, timeZone, locale)}`;
}

/**
 * Checks `from ≤ to` on an input object (for `superRefine`), naming `to` when reversed.
 *
 * @example
 * import { z } from 'zod';
 * import { orderedPeriod } from './report-action.ts';
 * const Input = z.strictObject({ from: z.iso.date(), to: z.iso.date() }).superRefine(orderedPeriod);
 */
export function orderedPeriod(
  value: { from?: string | undefined; to?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (value.from !== undefined && value.to !== undefined && value.to < value.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  }
}
