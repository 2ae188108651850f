import { z } from 'zod';
import { NonRetriableError } from '../../engine/errors.ts';
import type { AgentSettings } from '../settings.ts';

// The settings the operations agent reads beyond those `settings.ts` declares for it today: the spreadsheet tab the
// discrepancy report goes to. They are read from `settings.operations` by name, with these defaults, so once
// `settings.ts` declares them (same names and defaults) the dashboard and the settings file set them; until then
// no sheet is written unless the startup settings given to `operationsAgent.workflows` carry them.
const CONNECTION_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/;

/**
 * The operations settings `settings.ts` does not declare yet, with their defaults: the Google Sheets connection,
 * spreadsheet and tab of the discrepancy report.
 *
 * @example
 * import { OperationsExtraSettings } from './operations-settings.ts';
 * OperationsExtraSettings.parse({}).auditSheet; // 'Audits'
 */
export const OperationsExtraSettings = z.object({
  googleSheetsConnectionId: z.string().regex(CONNECTION_ID).nullable().default(null),
  spreadsheetId: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .nullable()
    .default(null),
  auditSheet: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[^[\]*?/\\:]+$/)
    .default('Audits'),
});

/**
 * Everything the operations agent reads: the declared `settings.operations` block plus
 * {@link OperationsExtraSettings}.
 *
 * @example
 * import type { OperationsSettings } from './operations-settings.ts';
 * const writesSheet = (ops: OperationsSettings) => ops.googleSheetsConnectionId !== null;
 */
export type OperationsSettings = AgentSettings['operations'] & z.output<typeof OperationsExtraSettings>;

/**
 * The operations settings of a settings document, the fields `settings.ts` doesn't declare yet filled with their
 * defaults. A value that is present but wrong stops the run: `NonRetriableError` naming the field (code
 * `AGENT_SETTINGS_INVALID`).
 *
 * @example
 * import { parseAgentSettings } from '../settings.ts';
 * import { operationsSettingsOf } from './operations-settings.ts';
 * operationsSettingsOf(parseAgentSettings({})).auditSheet; // 'Audits'
 */
export function operationsSettingsOf(settings: AgentSettings): OperationsSettings {
  const extra = OperationsExtraSettings.safeParse(settings.operations);
  if (!extra.success) {
    const problems = extra.error.issues.map(
      (issue) => `operations.${issue.path.join('.')}: ${issue.message}`,
    );
    throw new NonRetriableError(`invalid operations settings: ${problems.join('; ')}`, {
      code: 'AGENT_SETTINGS_INVALID',
    });
  }
  return { ...settings.operations, ...extra.data };
}
