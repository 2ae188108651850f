import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { LOCALES } from '../kit/i18n/locale.ts';
import type { Store } from '../store/port.ts';
import { cronSetting } from './cron-setting.ts';
import { SubscriberListsSettings } from './retention/subscriber-lists-settings.ts';

/**
 * The eight agents of the product, in the order the dashboard shows them.
 *
 * @example
 * import { AGENT_IDS } from './settings.ts';
 * AGENT_IDS.includes('sales'); // true
 */
export const AGENT_IDS = Object.freeze([
  'sales',
  'marketing',
  'support',
  'hr',
  'finance',
  'operations',
  'legal',
  'retention',
] as const);

/**
 * One agent's id; every workflow of the agent has an id starting with `<agent id>.` (e.g. `sales.purchase`).
 *
 * @example
 * import type { AgentId } from './settings.ts';
 * const id: AgentId = 'support';
 */
export type AgentId = (typeof AGENT_IDS)[number];

/**
 * The state KV key the settings live under, shared by every process and the dashboard.
 *
 * @example
 * import { AGENT_SETTINGS_KEY } from './settings.ts';
 * console.log(AGENT_SETTINGS_KEY); // 'agents:settings'
 */
export const AGENT_SETTINGS_KEY = 'agents:settings';

// The store's own rule for connection ids (they appear in webhook URLs).
const CONNECTION_ID = /^[A-Za-z0-9][A-Za-z0-9._~-]{0,63}$/;
const SEQUENCE_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
const HUBSPOT_NAME = /^[a-z][a-z0-9_]*$/;
const SPREADSHEET_ID = /^[A-Za-z0-9_-]+$/;
const SHEET_TITLE = /^[^[\]*?/\\:]+$/;

function connection(what: string, skipped: string) {
  return z
    .string()
    .regex(CONNECTION_ID, 'must be a connection id (letters, digits, ".", "_", "~" or "-")')
    .nullable()
    .default(null)
    .describe(`Id of the ${what} connection to use. Empty (null): ${skipped}.`);
}

function hotmartConnection() {
  return z
    .string()
    .regex(CONNECTION_ID, 'must be a connection id (letters, digits, ".", "_", "~" or "-")')
    .nullable()
    .default(null)
    .describe(
      'Id of the Hotmart connection whose API this agent reads. Empty (null): the connection the event arrived on ' +
        '(for scheduled work, the only Hotmart connection).',
    );
}

const enabled = () =>
  z.boolean().default(false).describe('Run this agent. Each agent is turned on and off on its own.');

const minutesPerRun = () =>
  z
    .number()
    .min(0)
    .max(600)
    .nullable()
    .default(null)
    .describe(
      'Minutes of work each finished run saves, for the time-saved figures. Empty (null): the agent’s weekly ' +
        'estimate, spread over the week’s runs.',
    );

const slackChannel = () =>
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .nullable()
    .default(null)
    .describe('Slack channel id (C0123…) or name (#sales) to post in; the bot must be a member.');

const spreadsheetId = () =>
  z
    .string()
    .regex(SPREADSHEET_ID, 'must be a spreadsheet id (from the URL: /spreadsheets/d/<id>/edit)')
    .nullable()
    .default(null)
    .describe(
      'Spreadsheet id (from its URL). Empty (null): the Google Sheets connection’s default spreadsheet.',
    );

const sheetTitle = (title: string, what: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(SHEET_TITLE, 'must not contain [ ] * ? / \\ or :')
    .default(title)
    .describe(`Tab of the spreadsheet ${what} (created with a header row when missing).`);

const sequenceId = (id: string, what: string) =>
  z
    .string()
    .regex(SEQUENCE_ID, 'must be a sequence id (lowercase letters, digits and dashes)')
    .nullable()
    .default(id)
    .describe(`E-mail sequence ${what}. Empty (null): no sequence.`);

const cron = (pattern: string, what: string) =>
  cronSetting(pattern).describe(
    `When ${what} runs: a cron pattern (minute hour day month weekday) in the settings’ time zone.`,
  );

const productMap = (what: string) =>
  z
    .record(z.string().regex(/^\d+$/, 'must be a Hotmart product id'), z.url({ protocol: /^https?$/ }))
    .default({})
    .describe(what);

const SalesSettings = z
  .strictObject({
    enabled: enabled(),
    minutesPerRun: minutesPerRun(),
    hotmartConnectionId: hotmartConnection(),
    hubspotConnectionId: connection('HubSpot', 'no contact or deal is written'),
    dealPipeline: z
      .string()
      .min(1)
      .default('default')
      .describe('HubSpot pipeline id of the deals (`default` is HubSpot’s built-in pipeline).'),
    dealStage: z
      .string()
      .min(1)
      .default('closedwon')
      .describe('Stage id of a new sale’s deal (HubSpot’s Closed Won is `closedwon`).'),
    completedDealStage: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        'Stage id the deal moves to when Hotmart reports the purchase complete (the guarantee period is over). ' +
          'Empty (null): the completion changes nothing.',
      ),
    dealKeyProperty: z
      .string()
      .regex(HUBSPOT_NAME, 'must be a HubSpot internal property name')
      .default('hotmart_transaction')
      .describe(
        'Deal property (unique, single-line text) holding the Hotmart transaction: one deal per sale.',
      ),
    contactLifecycleStage: z
      .string()
      .min(1)
      .nullable()
      .default('customer')
      .describe('Lifecycle stage set on the buyer’s contact. Empty (null): left as it is.'),
    emailConnectionId: connection('e-mail (SMTP)', 'no welcome e-mails'),
    welcomeSequenceId: sequenceId('welcome', 'started for first purchases (not for subscription renewals)'),
    accessUrls: productMap(
      'Members-area link per Hotmart product id, shown in the welcome e-mail (e.g. {"3528746": "https://…"}).',
    ),
    slackConnectionId: connection('Slack', 'no Slack message'),
    slackChannel: slackChannel(),
    notifyRenewals: z
      .boolean()
      .default(true)
      .describe('Also post subscription renewals to Slack (first purchases are always posted).'),
  })
  .describe('Sales: every approved sale → HubSpot contact and deal, welcome sequence, Slack message.');

const MarketingSettings = z
  .strictObject({
    enabled: enabled(),
    minutesPerRun: minutesPerRun(),
    hotmartConnectionId: hotmartConnection(),
    emailConnectionId: connection('e-mail (SMTP)', 'no cart-recovery e-mails'),
    cartRecoverySequenceId: sequenceId(
      'cart-recovery',
      'started for an abandoned cart (it stops as soon as the buyer purchases)',
    ),
    checkoutUrls: productMap(
      'Checkout link per Hotmart product id, the button of the cart-recovery e-mails (e.g. {"3528746": "https://pay.hotmart.com/…"}).',
    ),
    checkoutUrlTemplate: z
      .string()
      .regex(/^https?:\/\//, 'must be an http(s) URL')
      .nullable()
      .default(null)
      .describe(
        'Checkout link for products without their own, with `{productId}` and `{offerCode}` filled in. Empty ' +
          '(null): products without a checkout link get no e-mails.',
      ),
    purchaseLookbackHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 30)
      .default(24)
      .describe(
        'A purchase of the product by the same e-mail this many hours before the abandonment, or any time after ' +
          'it, means the cart was not really abandoned: nothing is sent.',
      ),
    recoveryWindowDays: z
      .number()
      .int()
      .min(1)
      .max(90)
      .default(7)
      .describe('A purchase within this many days of an abandoned cart counts as recovered revenue.'),
    hubspotConnectionId: connection('HubSpot', 'no lead is created'),
    leadLabel: z
      .string()
      .min(1)
      .nullable()
      .default('WARM')
      .describe('HubSpot lead label (`hs_lead_label`, e.g. COLD, WARM, HOT). Empty (null): none.'),
    leadType: z
      .string()
      .min(1)
      .nullable()
      .default('NEW_BUSINESS')
      .describe('HubSpot lead type (`hs_lead_type`, e.g. NEW_BUSINESS). Empty (null): none.'),
    googleSheetsConnectionId: connection('Google Sheets', 'no retargeting sheet'),
    spreadsheetId: spreadsheetId(),
    retargetingSheet: sheetTitle('Retargeting', 'listing abandoned carts, one row per e-mail and product'),
  })
  .describe(
    'Marketing: abandoned cart → recovery sequence, HubSpot lead, retargeting sheet; recovered revenue.',
  );

const SupportSettings = z
  .strictObject({
    enabled: enabled(),
    minutesPerRun: minutesPerRun(),
    hotmartConnectionId: hotmartConnection(),
    zendeskConnectionId: connection('Zendesk', 'no ticket'),
    zendeskGroupId: z
      .int()
      .positive()
      .nullable()
      .default(null)
      .describe(
        'Zendesk group the refund tickets go to (e.g. Refunds). Empty (null): Zendesk’s default group.',
      ),
    ticketTags: z
      .array(
        z
          .string()
          .trim()
          .min(1)
          .max(80)
          .regex(/^[^\s]+$/, 'must be one word'),
      )
      .max(20)
      .default(['hotmart', 'refund-request'])
      .describe('Tags put on every refund ticket.'),
    ticketPriority: z
      .enum(['urgent', 'high', 'normal', 'low'])
      .default('high')
      .describe('Priority of refund tickets (Hotmart refunds within the guarantee period on its own).'),
    refundedTicketStatus: z
      .enum(['open', 'pending', 'hold', 'solved'])
      .default('solved')
      .describe('Status the ticket takes when Hotmart reports the refund done.'),
    chargebackTicketStatus: z
      .enum(['open', 'pending', 'hold', 'solved'])
      .default('open')
      .describe('Status the ticket takes when the buyer’s card issuer reports a chargeback.'),
    outcomeCommentsPublic: z
      .boolean()
      .default(false)
      .describe(
        'Write the refund and chargeback updates as public replies (true) or internal notes (false).',
      ),
    saleLinkTemplate: z
      .string()
      .regex(/^https?:\/\//, 'must be an http(s) URL')
      .nullable()
      .default('https://app.hotmart.com/sales?transaction={transaction}')
      .describe('Link to the sale put in the ticket, with `{transaction}` filled in. Empty (null): no link.'),
    emailConnectionId: connection('e-mail (SMTP)', 'no acknowledgement to the buyer'),
    acknowledgementTemplateId: z
      .string()
      .regex(SEQUENCE_ID, 'must be a template id')
      .default('refund-acknowledgement')
      .describe('E-mail template acknowledging the request to the buyer, in the buyer’s language.'),
  })
  .describe(
    'Support: refund request → Zendesk ticket and acknowledgement; refund and chargeback → ticket update.',
  );

const HrSettings = z
  .strictObject({
    enabled: enabled(),
    minutesPerRun: minutesPerRun(),
    hotmartConnectionId: hotmartConnection(),
    emailConnectionId: connection('e-mail (SMTP)', 'no certificates are sent'),
    certificateTemplateId: z
      .string()
      .regex(SEQUENCE_ID, 'must be a template id')
      .default('certificate')
      .describe('E-mail template that carries the certificate.'),
    productIds: z
      .array(z.string().regex(/^\d+$/, 'must be a Hotmart product id'))
      .default([])
      .describe('Courses that give certificates. Empty: every course with a members area.'),
    issuerName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullable()
      .default(null)
      .describe('Name signed on the certificates. Empty (null): the seller’s name.'),
    schedule: cron('0 6 * * *', 'the daily check of course completions'),
    completionPercentage: z
      .number()
      .int()
      .min(1)
      .max(100)
      .default(100)
      .describe('Share of a course’s lessons (percent) a student must finish to earn the certificate.'),
    slackConnectionId: connection('Slack', 'no congratulations in Slack'),
    slackChannel: slackChannel(),
    googleSheetsConnectionId: connection('Google Sheets', 'no skills-matrix sheet'),
    spreadsheetId: spreadsheetId(),
    skillsSheet: sheetTitle('Skills', 'of the skills matrix (who finished which course)'),
  })
  .describe('HR: course completed → certificate by e-mail, Slack congratulations, skills matrix.');

const FinanceSettings = z
  .strictObject({
    enabled: enabled(),
    minutesPerRun: minutesPerRun(),
    hotmartConnectionId: hotmartConnection(),
    schedule: cron('0 7 * * 1', 'the weekly figures'),
    googleSheetsConnectionId: connection('Google Sheets', 'no finance sheet'),
    spreadsheetId: spreadsheetId(),
    mrrSheet: sheetTitle('MRR', 'with the monthly recurring revenue per currency'),
    salesSheet: sheetTitle('Sales', 'with the week’s sales and refunds'),
    affiliatesSheet: sheetTitle('Affiliates', 'with the week’s affiliate sales'),
    slackConnectionId: connection('Slack', 'no weekly summary in Slack'),
    slackChannel: slackChannel(),
  })
  .describe('Finance: weekly MRR, sales and affiliate figures → spreadsheet and Slack.');

const OperationsSettings = z
  .strictObject({
    enabled: enabled(),
    minutesPerRun: minutesPerRun(),
    hotmartConnectionId: hotmartConnection(),
    schedule: cron('0 8 * * *', 'the audits'),
    auditCatalogue: z
      .boolean()
      .default(true)
      .describe('Check products and offers (paused, unpublished, no price).'),
    auditSubscribers: z.boolean().default(true).describe('Check subscriptions with overdue charges.'),
    auditModules: z
      .boolean()
      .default(true)
      .describe('Check members-area modules (empty, unpublished pages).'),
    overdueDays: z
      .number()
      .int()
      .min(1)
      .max(90)
      .default(3)
      .describe('A subscription charge this many days overdue is reported.'),
    slackConnectionId: connection('Slack', 'no audit report in Slack'),
    slackChannel: slackChannel(),
  })
  .describe('Operations: catalogue, subscriber and members-area audits → Slack.');

const LegalSettings = z
  .strictObject({
    enabled: enabled(),
    minutesPerRun: minutesPerRun(),
    hotmartConnectionId: hotmartConnection(),
    googleSheetsConnectionId: connection('Google Sheets', 'no dispute sheet'),
    spreadsheetId: spreadsheetId(),
    disputeSheet: sheetTitle('Chargebacks', 'listing chargebacks with their response deadline'),
    disputeResponseDays: z
      .number()
      .int()
      .min(1)
      .max(90)
      .default(7)
      .describe('Days the seller has to answer a chargeback, counted from the chargeback.'),
    slackConnectionId: connection('Slack', 'no alerts'),
    slackChannel: slackChannel(),
    refundWatch: z
      .strictObject({
        schedule: cron('0 9 * * *', 'the check of open refund requests'),
        openDays: z
          .number()
          .int()
          .min(1)
          .max(60)
          .default(5)
          .describe('A refund request still open after this many days raises an alert.'),
        lookbackDays: z
          .number()
          .int()
          .min(1)
          .max(365)
          .default(60)
          .describe('Refund requests older than this many days are no longer watched.'),
      })
      .prefault({})
      .describe('The daily check of refund requests (PURCHASE_PROTEST) nobody resolved.'),
  })
  .describe('Legal: compliance cancellations, chargeback deadlines, open refund requests.');

const hubspotProperty = (name: string, what: string) =>
  z
    .string()
    .regex(HUBSPOT_NAME, 'must be a HubSpot internal property name')
    .nullable()
    .default(name)
    .describe(`Contact property (HubSpot internal name) holding ${what}. Empty (null): not written.`);

const RetentionSettings = z
  .strictObject({
    enabled: enabled(),
    minutesPerRun: minutesPerRun(),
    hotmartConnectionId: hotmartConnection(),
    emailConnectionId: connection('e-mail (SMTP)', 'no dunning or win-back e-mails'),
    hubspotConnectionId: connection('HubSpot', 'no contact is updated and no note is written'),
    slackConnectionId: connection('Slack', 'no alert about high-value late charges'),
    slackChannel: slackChannel(),
    dunning: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe('Remind subscribers whose charge failed (PURCHASE_DELAYED) until they pay.'),
        sequenceId: sequenceId('dunning', 'of the payment reminders (it stops once the charge is paid)'),
        newBillet: z
          .boolean()
          .default(true)
          .describe(
            'For a late boleto charge, issue a new boleto at Hotmart and put its link in the reminders (a ' +
              'refusal leaves the reminders without a link).',
          ),
        negotiation: z
          .boolean()
          .default(false)
          .describe(
            'Create a Hotmart installment negotiation (a PIX payment link for the late recurrence) and put it in ' +
              'the reminders, when the charge has no new boleto or PIX code to show.',
          ),
        highValueMonthly: z
          .record(z.string().regex(/^[A-Z]{3}$/, 'must be a currency code such as BRL'), z.number().min(0))
          .default({})
          .describe(
            'Monthly amount per currency (e.g. {"BRL": 300}) from which a late charge is also posted to Slack ' +
              'and noted on the HubSpot contact. Empty: never.',
          ),
      })
      .prefault({})
      .describe('Dunning: late subscription charges → reminders with a payment link, alerts for big ones.'),
    winBack: z
      .strictObject({
        enabled: z
          .boolean()
          .default(true)
          .describe('Invite cancelled subscribers back with an e-mail sequence.'),
        sequenceId: sequenceId(
          'win-back',
          'sent to cancelled subscribers (it stops when they reactivate or buy again)',
        ),
        delayDays: z
          .number()
          .int()
          .min(0)
          .max(90)
          .default(7)
          .describe('Days between the cancellation and the first win-back e-mail.'),
        churnForm: z
          .boolean()
          .default(true)
          .describe(
            'Put a link to the short “why did you cancel?” form in the win-back e-mails (needs the public URL).',
          ),
      })
      .prefault({})
      .describe('Win-back: cancelled subscription → after a delay, a sequence inviting the subscriber back.'),
    crm: z
      .strictObject({
        cancelledLifecycleStage: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe(
            'Lifecycle stage set on the contact of a cancelled subscriber. Empty (null): left as it is.',
          ),
        statusProperty: hubspotProperty('hotmart_subscription_status', 'the subscription status (ACTIVE…)'),
        planProperty: hubspotProperty('hotmart_plan', 'the plan name'),
        priceProperty: hubspotProperty('hotmart_plan_price', 'the plan price (a number)'),
        currencyProperty: hubspotProperty('hotmart_plan_currency', 'the currency of the plan price (BRL…)'),
        nextChargeProperty: hubspotProperty('hotmart_next_charge', 'the next charge date (a date property)'),
      })
      .prefault({})
      .describe('The subscription details written on the subscriber’s HubSpot contact.'),
    lists: SubscriberListsSettings.prefault({}),
  })
  .describe(
    'Retention: late charges → dunning e-mails; cancellations → CRM and win-back; plan changes → CRM.',
  );

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/**
 * The settings of every agent, one schema (strict: a misspelt field is an error, not silently ignored). Every field
 * has a default, so `{}` is a valid file, and a description, so the dashboard renders a form from
 * `z.toJSONSchema(AgentSettingsSchema)`. Connections are named by id: an empty one skips that part of the work.
 *
 * @example
 * import { AgentSettingsSchema } from './settings.ts';
 * const settings = AgentSettingsSchema.parse({ sales: { enabled: true, hubspotConnectionId: 'crm' } });
 * settings.sales.dealStage; // 'closedwon'
 */
export const AgentSettingsSchema = z
  .strictObject({
    locale: z
      .enum(LOCALES)
      .default('pt-BR')
      .describe('Language of what hotpilot writes for the seller’s team: Slack messages, tickets, sheets.'),
    timeZone: z
      .string()
      .min(1)
      .default('America/Sao_Paulo')
      .refine(isTimeZone, 'must be an IANA time zone such as America/Sao_Paulo')
      .describe(
        'Time zone of dates shown to people, of schedules and of the weeks of the time-saved figures.',
      ),
    sellerName: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .nullable()
      .default(null)
      .describe('Name that signs the e-mails to buyers. Empty (null): a neutral signature.'),
    sales: SalesSettings.prefault({}),
    marketing: MarketingSettings.prefault({}),
    support: SupportSettings.prefault({}),
    hr: HrSettings.prefault({}),
    finance: FinanceSettings.prefault({}),
    operations: OperationsSettings.prefault({}),
    legal: LegalSettings.prefault({}),
    retention: RetentionSettings.prefault({}),
  })
  .describe('Settings of hotpilot’s agents.');

/**
 * Parsed agent settings (every default filled in).
 *
 * @example
 * import type { AgentSettings } from './settings.ts';
 * const salesOn = (settings: AgentSettings) => settings.sales.enabled;
 */
export type AgentSettings = z.output<typeof AgentSettingsSchema>;

/**
 * Agent settings as written in a file or sent by the dashboard (defaults may be left out).
 *
 * @example
 * import type { AgentSettingsInput } from './settings.ts';
 * const input: AgentSettingsInput = { support: { enabled: true, zendeskConnectionId: 'desk' } };
 */
export type AgentSettingsInput = z.input<typeof AgentSettingsSchema>;

/**
 * One problem of a settings document: the field path (`sales.dealStage`) and what is wrong.
 *
 * @example
 * import type { SettingsProblem } from './settings.ts';
 * const problem: SettingsProblem = { path: 'legal.disputeResponseDays', message: 'must be at least 1' };
 */
export interface SettingsProblem {
  path: string;
  message: string;
}

/**
 * Settings that can't be used, with every problem at once (not only the first), each naming its field.
 *
 * @example
 * import { AgentSettingsError, parseAgentSettings } from './settings.ts';
 * try {
 *   parseAgentSettings({ sales: { enabled: 'yes' } });
 * } catch (error) {
 *   if (error instanceof AgentSettingsError) console.log(error.problems[0]?.path); // 'sales.enabled'
 * }
 */
export class AgentSettingsError extends Error {
  override readonly name = 'AgentSettingsError';
  readonly code = 'AGENT_SETTINGS_INVALID';
  readonly problems: readonly SettingsProblem[];

  constructor(problems: readonly SettingsProblem[], where = 'agent settings') {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid ${where} (${count}): ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`);
    this.problems = Object.freeze([...problems]);
  }
}

function problemsOf(error: z.ZodError): SettingsProblem[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: path ? `${path}.${key}` : key,
        message: 'is not a known setting',
      }));
    }
    return [{ path: path || '(settings)', message: issue.message }];
  });
}

/**
 * Checks a settings document and fills in the defaults; every problem is reported at once in an
 * {@link AgentSettingsError}.
 *
 * @example
 * import { parseAgentSettings } from './settings.ts';
 * const settings = parseAgentSettings({ locale: 'es', marketing: { enabled: true } });
 * settings.marketing.recoveryWindowDays; // 7
 */
export function parseAgentSettings(input: unknown, where?: string): AgentSettings {
  const parsed = AgentSettingsSchema.safeParse(input);
  if (!parsed.success) throw new AgentSettingsError(problemsOf(parsed.error), where);
  return parsed.data;
}

/**
 * The settings every field of which is its default (every agent off).
 *
 * @example
 * import { defaultAgentSettings } from './settings.ts';
 * defaultAgentSettings().support.ticketPriority; // 'high'
 */
export function defaultAgentSettings(): AgentSettings {
  return AgentSettingsSchema.parse({});
}

/**
 * The JSON Schema of the settings as people write them (defaults optional), for the dashboard's form.
 *
 * @example
 * import { agentSettingsJsonSchema } from './settings.ts';
 * const schema = agentSettingsJsonSchema();
 * console.log(Object.keys(schema.properties ?? {})); // ['locale', 'timeZone', 'sellerName', 'sales', …]
 */
export function agentSettingsJsonSchema(): z.core.JSONSchema.JSONSchema {
  return z.toJSONSchema(AgentSettingsSchema, { io: 'input' });
}

/**
 * Reads settings from a JSON file. A missing file, bad JSON and every invalid field are reported as one
 * {@link AgentSettingsError} naming the file and each field path.
 *
 * @example
 * import { loadAgentSettings } from './settings.ts';
 * const settings = await loadAgentSettings('/etc/hotpilot/agents.json');
 * console.log(settings.sales.enabled);
 */
export async function loadAgentSettings(path: string): Promise<AgentSettings> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'file not found' : `cannot be read (${code ?? 'error'})`;
    throw new AgentSettingsError([{ path: '(file)', message }], `agent settings file ${path}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new AgentSettingsError(
      [{ path: '(file)', message: `is not valid JSON: ${(error as Error).message}` }],
      `agent settings file ${path}`,
    );
  }
  return parseAgentSettings(json, `agent settings file ${path}`);
}

/**
 * The settings stored in the store (what the dashboard last saved), or the defaults when none were saved.
 * Stored settings are checked again: a document an older or newer version wrote that no longer fits is an
 * {@link AgentSettingsError}, not a silent reset.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { getAgentSettings } from './settings.ts';
 * declare const store: Store;
 * const settings = await getAgentSettings(store);
 */
export async function getAgentSettings(store: Pick<Store, 'getState'>): Promise<AgentSettings> {
  const stored = await store.getState(AGENT_SETTINGS_KEY);
  return stored === null ? defaultAgentSettings() : parseAgentSettings(stored, 'stored agent settings');
}

/**
 * The settings stored in the store, or null when none were ever saved.
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { readStoredAgentSettings } from './settings.ts';
 * declare const store: Store;
 * const stored = await readStoredAgentSettings(store);
 * console.log(stored === null ? 'defaults' : 'saved');
 */
export async function readStoredAgentSettings(store: Pick<Store, 'getState'>): Promise<AgentSettings | null> {
  const stored = await store.getState(AGENT_SETTINGS_KEY);
  return stored === null ? null : parseAgentSettings(stored, 'stored agent settings');
}

/**
 * Checks and stores the settings for every process and the dashboard, and records who changed what in the audit
 * log (`agents.settings.saved`, with the paths of the fields that changed — values stay out of the log). Returns
 * the settings as stored (defaults filled in).
 *
 * @example
 * import type { Store } from '../store/port.ts';
 * import { saveAgentSettings } from './settings.ts';
 * declare const store: Store;
 * await saveAgentSettings(store, { sales: { enabled: true, hubspotConnectionId: 'crm' } }, 'user:ana@example.com');
 */
export async function saveAgentSettings(
  store: Pick<Store, 'getState' | 'setState' | 'appendAudit'>,
  settings: unknown,
  actor: string,
  now: number = Date.now(),
): Promise<AgentSettings> {
  if (typeof actor !== 'string' || actor.trim() === '') {
    throw new TypeError('saveAgentSettings: actor must name who saves the settings');
  }
  const next = parseAgentSettings(settings);
  const previous = (await store.getState(AGENT_SETTINGS_KEY)) ?? defaultAgentSettings();
  await store.setState(AGENT_SETTINGS_KEY, next, now);
  await store.appendAudit(
    {
      actor,
      action: 'agents.settings.saved',
      target: AGENT_SETTINGS_KEY,
      details: { changed: changedPaths(previous, next) },
    },
    now,
  );
  return next;
}

/**
 * The leaf paths whose values differ between two JSON documents (arrays compare whole).
 *
 * @example
 * import { changedPaths } from './settings.ts';
 * changedPaths({ a: { b: 1, c: 2 } }, { a: { b: 1, c: 3 } }); // ['a.c']
 */
export function changedPaths(before: unknown, after: unknown, prefix = ''): string[] {
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) => changedPaths(before[key], after[key], prefix ? `${prefix}.${key}` : key));
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [prefix || '(settings)'];
}
