import { z } from 'zod';

/**
 * The credentials of a `hotmart` connection: the developer credential from Hotmart → Tools → Developer Credentials
 * (reference §2.1). `basic` is the dashboard's Basic token; when absent the client derives it from the id and
 * secret. Strict, so a misspelt key (`clientSecrt`) is reported by name instead of being ignored.
 *
 * @example
 * import { HotmartCredentials } from './hotmart-connection.ts';
 * HotmartCredentials.parse({ clientId: 'a1b2', clientSecret: 's3cr3t' });
 */
export const HotmartCredentials = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
  basic: z.string().min(1).optional(),
});
/** Parsed `hotmart` credentials. @example const credentials: HotmartCredentials = { clientId: 'id', clientSecret: 's' }; */
export type HotmartCredentials = z.infer<typeof HotmartCredentials>;

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' });

/**
 * The non-secret settings of a `hotmart` connection: the environment (`production` by default, `sandbox` for
 * sandbox credentials), host overrides, which point the connection at `@hotpilot/emulator` in tests and demos (both
 * hosts answer the same paths, reference §1), and the client-side request budget (reference §3.6).
 *
 * @example
 * import { HotmartSettings } from './hotmart-connection.ts';
 * HotmartSettings.parse({ apiBaseUrl: 'http://127.0.0.1:4010', tokenUrl: 'http://127.0.0.1:4010/security/oauth/token' });
 */
export const HotmartSettings = z.strictObject({
  environment: z.enum(['production', 'sandbox']).optional(),
  apiBaseUrl: httpUrl.optional(),
  tokenUrl: httpUrl.optional(),
  requestsPerMinute: z
    .int()
    .min(1)
    .max(100_000)
    .nullable()
    .optional()
    .describe(
      'Client-side request budget per minute (default 500, Hotmart’s limit per credential). Lower it when other ' +
        'tools share the credential. Null: no budget — only for a server without a limit, such as the emulator.',
    ),
});
/** Parsed `hotmart` settings. @example const settings: HotmartSettings = { environment: 'sandbox' }; */
export type HotmartSettings = z.infer<typeof HotmartSettings>;
