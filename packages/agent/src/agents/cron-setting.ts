import { Cron } from 'croner';
import { z } from 'zod';

/**
 * A settings field holding a cron pattern (minute hour day month weekday), `pattern` when absent. Checked by
 * croner itself when the settings are parsed, so a typo is reported with the other settings problems instead of
 * when the schedule is first computed. Add the field's `.describe()`.
 *
 * @example
 * import { cronSetting } from './cron-setting.ts';
 * const schedule = cronSetting('0 6 * * *').describe('When the daily check runs.');
 * schedule.parse(undefined); // '0 6 * * *'
 */
export function cronSetting(pattern: string) {
  return z
    .string()
    .trim()
    .min(1)
    .default(pattern)
    .superRefine((value, context) => {
      try {
        new Cron(value, { paused: true }).nextRun();
      } catch (error) {
        context.addIssue({
          code: 'custom',
          message: `is not a valid cron pattern: ${(error as Error).message}`,
        });
      }
    });
}
