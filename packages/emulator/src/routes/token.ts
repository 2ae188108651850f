import type { Context } from 'hono';
import { ClientCredentials } from '../server/credentials.ts';
import type { EmulatorEnv, EmulatorHono, RouteContext } from './context.ts';

/**
 * Hotmart's token path, on the token host (reference §2.2).
 *
 * @example
 * await fetch(`${baseUrl}${TOKEN_PATH}?grant_type=client_credentials&client_id=${id}&client_secret=${secret}`, { method: 'POST' });
 */
export const TOKEN_PATH = '/security/oauth/token';

const invalidClient = (c: Context<EmulatorEnv>) =>
  c.json({ error: 'invalid_client', error_description: 'Bad client credentials' }, 401);

/** The parameters of a token request: the query string, or (tolerated) a form or JSON body (reference §2.2). */
async function tokenParams(c: Context<EmulatorEnv>): Promise<URLSearchParams> {
  const params = new URL(c.req.url).searchParams;
  if (params.has('client_id') && params.has('client_secret')) return params;
  const text = await c.req.text();
  if (text.trim() === '') return params;
  const merged = new URLSearchParams(params);
  const type = c.req.header('content-type') ?? '';
  let fromBody: Record<string, string> = {};
  if (type.includes('json')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (typeof parsed === 'object' && parsed !== null) {
        fromBody = Object.fromEntries(
          Object.entries(parsed as Record<string, unknown>).filter(
            (entry): entry is [string, string] => typeof entry[1] === 'string',
          ),
        );
      }
    } catch {
      // The official sample sends JSON content type with no body; an unparsable body is ignored like an empty one.
    }
  } else {
    fromBody = Object.fromEntries(new URLSearchParams(text));
  }
  for (const [key, value] of Object.entries(fromBody)) if (!merged.has(key)) merged.set(key, value);
  return merged;
}

/** The client id and secret of a `Basic` header, if well-formed. */
function basicPair(header: string | undefined): { id: string; secret: string } | undefined {
  const match = /^basic\s+(.+)$/i.exec(header?.trim() ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1] as string, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return undefined;
  return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}

/**
 * Registers `POST /security/oauth/token`, Hotmart's client-credentials grant (reference §2.2–§2.3): the three
 * parameters in the query (a form or JSON body is tolerated), a `Basic` header that must match the pair. Unknown
 * or mismatched clients get 401 `invalid_client`. Tokens expire on the emulator clock.
 *
 * @example
 * registerTokenRoute(app, context);
 */
export function registerTokenRoute(app: EmulatorHono, context: RouteContext): void {
  const { emulator } = context;
  app.post(TOKEN_PATH, async (c) => {
    const params = await tokenParams(c);
    const grant = params.get('grant_type');
    if (grant !== 'client_credentials') {
      return c.json(
        {
          error: 'unsupported_grant_type',
          error_description: `Unsupported grant type: ${grant ?? '(none)'}`,
        },
        400,
      );
    }
    const basic = basicPair(c.req.header('authorization'));
    const clientId = params.get('client_id') ?? basic?.id;
    const clientSecret = params.get('client_secret') ?? basic?.secret;
    if (!clientId || !clientSecret || !basic) return invalidClient(c);
    if (!emulator.credentials.verify(clientId, clientSecret)) return invalidClient(c);
    // The Basic token is base64(client_id:client_secret) (reference §2.1); it must name the same pair.
    const expected = new ClientCredentials(clientId, clientSecret).basic;
    const given = (c.req.header('authorization') ?? '').trim().replace(/^basic\s+/i, '');
    if (given !== expected) return invalidClient(c);
    const issued = emulator.tokens.issue(clientId, emulator.tokenTtlSeconds, emulator.clock.now());
    c.set('clientId', clientId);
    return c.json({
      access_token: issued.accessToken,
      token_type: 'bearer',
      expires_in: emulator.tokenTtlSeconds,
      scope: 'read write',
      jti: issued.jti,
    });
  });
}
