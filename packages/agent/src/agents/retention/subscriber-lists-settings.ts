import { z } from 'zod';
import { cronSetting } from '../cron-setting.ts';

// The store's own rule for connection ids (they appear in webhook URLs), as in `settings.ts`.
const CONNECTION_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/;
// `*`, a Hotmart product id, or `<product id>:<plan id or plan code>`.
const LIST_KEY = /^(\*|\d+(:[A-Za-z0-9_-]+)?)$/;

const connection = (what: string, skipped: string) =>
  z
    .string()
    .regex(CONNECTION_ID, 'must be a connection id (letters, digits, ".", "_", "~" or "-")')
    .nullable()
    .default(null)
    .describe(`Id of the ${what} connection to use. Empty (null): ${skipped}.`);

/**
 * Settings of the subscriber lists (`retention.lists`): the active subscribers of each product and plan kept in
 * step with static HubSpot lists and with one tab of a spreadsheet, as they subscribe, cancel and switch plans, and
 * repaired by a daily reconciliation against the local mirror. Every field has a default and a description.
 *
 * @example
 * import { SubscriberListsSettings } from './subscriber-lists-settings.ts';
 * const lists = SubscriberListsSettings.parse({ enabled: true, hubspotConnectionId: 'crm', hubspotLists: { '3528746': '12' } });
 * lists.sheet; // 'Subscribers'
 */
export const SubscriberListsSettings = z
  .strictObject({
    enabled: z
      .boolean()
      .default(false)
      .describe('Keep the lists of active subscribers in step (HubSpot lists and the subscribers tab).'),
    hotmartConnectionId: z
      .string()
      .regex(CONNECTION_ID, 'must be a connection id (letters, digits, ".", "_", "~" or "-")')
      .nullable()
      .default(null)
      .describe(
        'Id of the Hotmart connection whose subscribers are listed. Empty (null): the connection the event ' +
          'arrived on (for the reconciliation, the only Hotmart connection).',
      ),
    hubspotConnectionId: connection('HubSpot', 'no HubSpot list is kept'),
    hubspotLists: z
      .record(
        z.string().regex(LIST_KEY, 'must be "*", a Hotmart product id, or "<product id>:<plan id>"'),
        z.string().regex(/^\d+$/, 'must be a HubSpot list id (digits, the ILS "List ID")'),
      )
      .default({})
      .describe(
        'Static HubSpot list (its ILS list id) per Hotmart product ("3528746"), product and plan ' +
          '("3528746:1127" — plan id or plan code) or every subscription ("*"). A subscriber belongs to every ' +
          'list whose key matches; the lists must be MANUAL or SNAPSHOT lists of contacts.',
      ),
    googleSheetsConnectionId: connection('Google Sheets', 'no subscribers tab'),
    spreadsheetId: z
      .string()
      .regex(/^[A-Za-z0-9_-]+$/, 'must be a spreadsheet id (from the URL: /spreadsheets/d/<id>/edit)')
      .nullable()
      .default(null)
      .describe(
        'Spreadsheet id (from its URL). Empty (null): the Google Sheets connection’s default spreadsheet.',
      ),
    sheet: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[^[\]*?/\\:]+$/, 'must not contain [ ] * ? / \\ or :')
      .default('Subscribers')
      .describe(
        'Tab listing the active subscribers, one row per subscription keyed by the subscriber code in column A ' +
          '(created with a header row when missing; rewritten whole by the reconciliation).',
      ),
    reconcileSchedule: cronSetting('30 5 * * *').describe(
      'When the lists are reconciled with the mirror (missing members added, extra ones removed, the tab ' +
        'rewritten): a cron pattern (minute hour day month weekday) in the settings’ time zone.',
    ),
  })
  .describe(
    'Subscriber lists: the active subscribers of each product and plan in HubSpot static lists and a sheet tab.',
  );

/**
 * Parsed subscriber-list settings (defaults filled in).
 *
 * @example
 * import type { SubscriberLists } from './subscriber-lists-settings.ts';
 * const keepsHubspot = (lists: SubscriberLists) => lists.hubspotConnectionId !== null;
 */
export type SubscriberLists = z.output<typeof SubscriberListsSettings>;
