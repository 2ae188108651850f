import { formatDate } from '../../kit/i18n/format-date.ts';
import type { Locale } from '../../kit/i18n/locale.ts';
import { localDateOf } from '../../store/mirror/reports-time.ts';
import type { AuditSnapshot } from './audit-snapshot.ts';
import { operationsMessages } from './operations-messages.ts';
import type { Discrepancy } from './snapshot-diff.ts';

const MAX_SLACK_LINES = 30;

/**
 * When and in which language an audit is reported.
 *
 * @example
 * import type { AuditReportOptions } from './audit-report.ts';
 * const options: AuditReportOptions = { at: Date.now(), locale: 'pt-BR', timeZone: 'America/Sao_Paulo' };
 */
export interface AuditReportOptions {
  /** The audit's time (its schedule slot). */
  at: number;
  locale: Locale;
  timeZone: string;
}

/**
 * The discrepancy sheet's header row and one row per discrepancy, keyed in column A by
 * `<audit date>|<kind>|<ref>`, so a repeated audit of the same day adds no row twice.
 *
 * @example
 * import { auditRows } from './audit-report.ts';
 * const { rows } = auditRows(
 *   [{ kind: 'product-paused', ref: '42', item: 'Curso (42)', before: 'Ativo', after: 'Pausado' }],
 *   { at: Date.parse('2026-06-02T11:00:00Z'), locale: 'pt-BR', timeZone: 'America/Sao_Paulo' },
 * );
 * rows[0]?.[0]; // '2026-06-02|product-paused|42'
 */
export function auditRows(
  discrepancies: readonly Discrepancy[],
  options: AuditReportOptions,
): { headers: string[]; rows: string[][] } {
  const { locale, timeZone, at } = options;
  const t = operationsMessages.t;
  const day = localDateOf(at, timeZone);
  const date = formatDate(at, locale, timeZone, 'medium');
  return {
    headers: [
      t(locale, 'headerKey'),
      t(locale, 'headerAudit'),
      t(locale, 'headerKind'),
      t(locale, 'headerItem'),
      t(locale, 'headerBefore'),
      t(locale, 'headerAfter'),
    ],
    rows: discrepancies.map((d) => [
      `${day}|${d.kind}|${d.ref}`,
      date,
      t(locale, `kind_${d.kind}`),
      d.item,
      d.before ?? '',
      d.after ?? '',
    ]),
  };
}

/**
 * The Slack report of an audit: a title with the count and one line per discrepancy (the first 30; the sheet has
 * them all). A first audit says what the baseline holds, followed by the overdue charges it found.
 *
 * @example
 * import type { AuditSnapshot } from './audit-snapshot.ts';
 * import { auditSummary } from './audit-report.ts';
 * declare const snapshot: AuditSnapshot;
 * const text = auditSummary([], { baseline: true, snapshot }, { at: Date.now(), locale: 'en', timeZone: 'UTC' });
 */
export function auditSummary(
  discrepancies: readonly Discrepancy[],
  context: { baseline: boolean; snapshot: AuditSnapshot },
  options: AuditReportOptions,
): string {
  const { locale, timeZone, at } = options;
  const t = operationsMessages.t;
  const date = formatDate(at, locale, timeZone, 'medium');
  const { snapshot } = context;
  const title = context.baseline
    ? t(locale, 'baselineTitle', {
        date,
        products: Object.keys(snapshot.catalogue?.products ?? {}).length,
        offers: Object.keys(snapshot.catalogue?.offers ?? {}).length,
        plans: Object.keys(snapshot.subscribers?.plans ?? {}).length,
        areas: Object.keys(snapshot.membersAreas ?? {}).length,
      })
    : t(locale, 'reportTitle', { date, count: discrepancies.length });
  const lines = discrepancies.slice(0, MAX_SLACK_LINES).map((d) => {
    const kind = t(locale, `kind_${d.kind}`);
    return d.before !== null && d.after !== null
      ? t(locale, 'lineChange', { kind, item: d.item, before: d.before, after: d.after })
      : t(locale, 'line', {
          kind,
          item: d.after !== null && d.kind === 'overdue-charge' ? `${d.item}, ${d.after}` : d.item,
        });
  });
  if (discrepancies.length > MAX_SLACK_LINES) {
    lines.push(t(locale, 'more', { count: discrepancies.length - MAX_SLACK_LINES }));
  }
  return [title, ...lines].join('\n');
}
