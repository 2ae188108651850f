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

/**
 * Every agent on, every connection field filled with the demo's connection of that connector, each agent posting
 * to its own Slack channel and writing to the demo spreadsheet. Built from the settings' own defaults, so an agent
 * or field added later is covered without changing the demo.
 *
 * @example
 * import { demoAgentSettings } from './demo-settings.ts';
 * const settings = demoAgentSettings({ locale: 'pt-BR', spreadsheetId: 'hotpilot-demo' });
 * settings.sales?.enabled; // true
 */
export function demoAgentSettings(options: { locale: Locale; spreadsheetId: string }): AgentSettingsInput {
  const defaults = defaultAgentSettings();
  const settings: Record<string, unknown> = {
    locale: options.locale,
    timeZone: 'America/Sao_Paulo',
    sellerName: SELLER_NAME[options.locale],
  };
  for (const agent of AGENT_IDS) {
    const section: Record<string, unknown> = {
      ...(defaults[agent] as Record<string, unknown>),
      enabled: true,
    };
    for (const field of Object.keys(section)) {
      const connector = CONNECTION_FIELDS[field];
      if (connector !== undefined) section[field] = DEMO_CONNECTION_IDS[connector];
      // Each agent posts to a channel of its own name (the Slack fake is created with them).
      if (field === 'slackChannel') section[field] = agent;
      if (field === 'spreadsheetId') section[field] = options.spreadsheetId;
    }
    // Cart-recovery e-mails need a checkout link; the emulator's offers have codes, not pages.
    if (agent === 'marketing' && 'checkoutUrlTemplate' in section) {
      section['checkoutUrlTemplate'] = 'https://pay.hotmart.com/{offerCode}';
    }
    settings[agent] = section;
  }
  return settings as AgentSettingsInput;
}
