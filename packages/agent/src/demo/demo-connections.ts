import type { NewConnection } from '../store/port.ts';

/**
 * The ids of the demo's connections, one per connector.
 *
 * @example
 * import { DEMO_CONNECTION_IDS } from './demo-connections.ts';
 * console.log(DEMO_CONNECTION_IDS.hotmart); // 'main'
 */
export const DEMO_CONNECTION_IDS = Object.freeze({
  hotmart: 'main',
  hubspot: 'hubspot',
  zendesk: 'zendesk',
  slack: 'slack',
  'google-sheets': 'sheets',
  email: 'email',
} as const);

/**
 * Where the demo's stand-ins listen and how to sign in to them: the Hotmart emulator, the vendor fakes, the SMTP
 * catcher, and hotpilot itself (for the unsubscribe links of e-mails).
 *
 * @example
 * import type { DemoEndpoints } from './demo-connections.ts';
 * const mail = (endpoints: DemoEndpoints) => `${endpoints.mail.host}:${endpoints.mail.port}`;
 */
export interface DemoEndpoints {
  hotmart: {
    apiBaseUrl: string;
    tokenUrl: string;
    clientId: string;
    clientSecret: string;
    basic: string;
    hottok: string;
  };
  hubspot: { url: string; accessToken: string };
  zendesk: { url: string; email: string; apiToken: string };
  slack: { url: string; botToken: string };
  google: {
    url: string;
    tokenUrl: string;
    spreadsheetId: string;
    clientEmail: string;
    privateKeyPem: string;
    keyId: string;
  };
  mail: { host: string; port: number; from: string; replyTo: string };
  hotpilotUrl: string;
}

/**
 * The demo's connections, pointing every connector at its local stand-in through the same settings a seller would
 * use to change a vendor's host (`apiBaseUrl`/`tokenUrl` for Hotmart, `baseUrl` for the others).
 *
 * @example
 * import { demoConnections } from './demo-connections.ts';
 * for (const connection of demoConnections(endpoints)) await store.createConnection(connection, Date.now());
 */
export function demoConnections(endpoints: DemoEndpoints): NewConnection[] {
  const { hotmart, hubspot, zendesk, slack, google, mail } = endpoints;
  return [
    {
      id: DEMO_CONNECTION_IDS.hotmart,
      kind: 'hotmart',
      name: 'Hotmart (emulator)',
      hottoks: [hotmart.hottok],
      credentials: { clientId: hotmart.clientId, clientSecret: hotmart.clientSecret, basic: hotmart.basic },
      // The demo's emulator has no rate limit (start-demo.ts), so neither has the client: a budget meant for
      // Hotmart's 500 a minute would only hold the show back.
      settings: { apiBaseUrl: hotmart.apiBaseUrl, tokenUrl: hotmart.tokenUrl, requestsPerMinute: null },
    },
    {
      id: DEMO_CONNECTION_IDS.hubspot,
      kind: 'hubspot',
      name: 'HubSpot (fake)',
      hottoks: [],
      credentials: { accessToken: hubspot.accessToken },
      settings: { baseUrl: hubspot.url },
    },
    {
      id: DEMO_CONNECTION_IDS.zendesk,
      kind: 'zendesk',
      name: 'Zendesk (fake)',
      hottoks: [],
      credentials: { subdomain: 'demo', email: zendesk.email, apiToken: zendesk.apiToken },
      settings: { baseUrl: zendesk.url },
    },
    {
      id: DEMO_CONNECTION_IDS.slack,
      kind: 'slack',
      name: 'Slack (fake)',
      hottoks: [],
      credentials: { botToken: slack.botToken },
      settings: { baseUrl: slack.url },
    },
    {
      id: DEMO_CONNECTION_IDS['google-sheets'],
      kind: 'google-sheets',
      name: 'Google Sheets (fake)',
      hottoks: [],
      credentials: {
        type: 'service_account',
        client_email: google.clientEmail,
        private_key: google.privateKeyPem,
        private_key_id: google.keyId,
        token_uri: google.tokenUrl,
      },
      settings: { baseUrl: google.url, tokenUrl: google.tokenUrl, spreadsheetId: google.spreadsheetId },
    },
    {
      id: DEMO_CONNECTION_IDS.email,
      kind: 'email',
      name: 'E-mail (SMTP catcher)',
      hottoks: [],
      credentials: { host: mail.host, port: mail.port, from: mail.from },
      settings: { replyTo: mail.replyTo, unsubscribeBaseUrl: `${endpoints.hotpilotUrl}/unsubscribe` },
    },
  ];
}
