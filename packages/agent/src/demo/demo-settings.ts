import { AGENT_IDS, type AgentSettingsInput, defaultAgentSettings } from '../agents/settings.ts';
import type { Locale } from '../kit/i18n/locale.ts';
import { DEMO_CONNECTION_IDS } from './demo-connections.ts';

// The settings fields that name a connection, and the connector whose demo connection fills them.
const CONNECTION_FIELDS: Readonly<Record<string, keyof typeof DEMO_CONNECTION_IDS>> = {
  hotmartConnectionId: 'hotmart',
  hubspotConnectionId: 'hubspot',
  zendeskConnectionId: 'zendesk',
  slackConnectionId: 'slack',
  googleSheetsConnectionId: 'google-sheets',
  emailConnectionId: 'email',
};

const SELLER_NAME: Readonly<Record<Locale, string>> = {
  'pt-BR': 'Escola Demo',
  es: 'Escuela Demo',
  en: 'Demo School',
};

// A monthly amount per currency from which a late charge alerts the team: most of the emulator's subscriptions
// (R$ 49.90 a month and up) cross it, the cheapest (R$ 39.90) don't, so alerts appear within a short demo.
const HIGH_VALUE_MONTHLY: Readonly<Record<string, number>> = { BRL: 45, USD: 10, EUR: 10 };

/**
 * Every agent on, every connection field — nested ones too, such as `retention.lists.hubspotConnectionId` — filled
 * with the demo's connection of that connector, each agent posting to its own Slack channel and writing to the demo
 * spreadsheet. Built from the settings' own defaults, so an agent or field added later is covered without changing
 * the demo. The retention agent keeps its subscribers in `subscriberListId` (a static list of the HubSpot fake)
 * alerts on late charges from {@link HIGH_VALUE_MONTHLY} and starts the win-back without delay.
 *
 * @example
 * import { demoAgentSettings } from './demo-settings.ts';
 * const settings = demoAgentSettings({ locale: 'pt-BR', spreadsheetId: 'hotpilot-demo', subscriberListId: '1' });
 * settings.sales?.enabled; // true
 */
export function demoAgentSettings(options: {
  locale: Locale;
  spreadsheetId: string;
  subscriberListId?: string;
}): AgentSettingsInput {
  const defaults = defaultAgentSettings();
  const settings: Record<string, unknown> = {
    locale: options.locale,
    timeZone: 'America/Sao_Paulo',
    sellerName: SELLER_NAME[options.locale],
  };
  for (const agent of AGENT_IDS) {
    const section = fillSection(
      { ...(defaults[agent] as Record<string, unknown>), enabled: true },
      agent,
      options.spreadsheetId,
    );
    // Cart-recovery e-mails need a checkout link; the emulator's offers have codes, not pages.
    if (agent === 'marketing' && 'checkoutUrlTemplate' in section) {
      section['checkoutUrlTemplate'] = 'https://pay.hotmart.com/{offerCode}';
    }
    if (agent === 'retention') retentionExtras(section, options.subscriberListId);
    settings[agent] = section;
  }
  return settings as AgentSettingsInput;
}

/**
 * Fills the connection, channel and spreadsheet fields of one settings object and of the objects nested in it
 * (records of free keys, like `hubspotLists`, have no such fields and come out unchanged).
 */
function fillSection(
  section: Record<string, unknown>,
  agent: string,
  spreadsheetId: string,
): Record<string, unknown> {
  const filled: Record<string, unknown> = { ...section };
  for (const [field, value] of Object.entries(filled)) {
    const connector = CONNECTION_FIELDS[field];
    if (connector !== undefined) filled[field] = DEMO_CONNECTION_IDS[connector];
    // Each agent posts to a channel of its own name (the Slack fake is created with them).
    else if (field === 'slackChannel') filled[field] = agent;
    else if (field === 'spreadsheetId') filled[field] = spreadsheetId;
    else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      filled[field] = fillSection(value as Record<string, unknown>, agent, spreadsheetId);
    }
  }
  return filled;
}

function retentionExtras(section: Record<string, unknown>, subscriberListId: string | undefined): void {
  const lists = section['lists'] as Record<string, unknown>;
  section['lists'] = {
    ...lists,
    enabled: subscriberListId !== undefined,
    ...(subscriberListId === undefined ? {} : { hubspotLists: { '*': subscriberListId } }),
  };
  const dunning = section['dunning'] as Record<string, unknown>;
  section['dunning'] = { ...dunning, highValueMonthly: { ...HIGH_VALUE_MONTHLY } };
  // A demo lasts minutes: the win-back e-mail goes out right after a cancellation instead of a week later.
  const winBack = section['winBack'] as Record<string, unknown>;
  section['winBack'] = { ...winBack, delayDays: 0 };
}
