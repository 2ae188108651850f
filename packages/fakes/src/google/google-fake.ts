import { Hono } from 'hono';
import { z } from 'zod';
import { type Clock, createFakeHost, type FakeHandle } from '../internal/fake-host.ts';
import { googleErrorResponse, oauthErrorResponse } from './google-error.ts';
import { ACCESS_TOKEN_LIFETIME_SECONDS, type GoogleSeed, GoogleState } from './google-state.ts';
import { createSheetsRoutes } from './sheets-routes.ts';
import { createTokenRoutes } from './token-routes.ts';

/**
 * Options of the Google fake: the seed (service accounts, spreadsheets), the clock, extra accepted JWT audiences
 * (besides the fake's own `/token` URL) and the size of the request log.
 *
 * @example
 * const options: GoogleFakeOptions = { spreadsheets: [{ spreadsheetId: 'finance', sheets: [{ title: 'MRR' }] }] };
 */
export interface GoogleFakeOptions extends GoogleSeed {
  now?: Clock;
  audiences?: string[];
  requestLogCapacity?: number;
}

/**
 * The Google fake: the OAuth token endpoint of service accounts and the Sheets API v4, on one origin.
 *
 * @example
 * const google: GoogleFake = createGoogleFake();
 */
export type GoogleFake = FakeHandle<GoogleState>;

const seedSchema = z.strictObject({
  spreadsheetId: z.string().min(1).optional(),
  title: z.string().optional(),
  sheets: z
    .array(
      z.strictObject({
        title: z.string().min(1),
        sheetId: z.int().min(0).optional(),
        rowCount: z.int().positive().optional(),
        columnCount: z.int().positive().optional(),
        rows: z.array(z.array(z.union([z.string(), z.number(), z.boolean()]))).optional(),
      }),
    )
    .optional(),
});
const accountSchema = z.strictObject({
  clientEmail: z.string().min(1),
  publicKeyPem: z.string().min(1),
  keyId: z.string().min(1).optional(),
});
const tokenSchema = z.strictObject({
  scopes: z.array(z.string().min(1)).min(1),
  clientEmail: z.string().min(1).optional(),
});

/**
 * Creates the Google fake. `POST /token` verifies service-account JWTs against registered public keys; the Sheets
 * routes take the access tokens it issues. Inspection extras: `POST /_fake/spreadsheets` (create from a seed),
 * `POST /_fake/service-accounts` (`{ clientEmail, publicKeyPem, keyId? }`), `POST /_fake/access-tokens`
 * (`{ scopes, clientEmail? }`, skips the JWT grant).
 *
 * @example
 * const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
 * const google = createGoogleFake({
 *   serviceAccounts: [{ clientEmail: 'bot@demo.iam.gserviceaccount.com', publicKey }],
 *   spreadsheets: [{ spreadsheetId: 'finance', sheets: [{ title: 'MRR' }] }],
 * });
 */
export function createGoogleFake(options: GoogleFakeOptions = {}): GoogleFake {
  const now = options.now ?? (() => new Date());
  const state = new GoogleState(options, now);
  const api = new Hono();
  api.route('/', createTokenRoutes(state, { now, audiences: options.audiences ?? [] }));
  api.route('/', createSheetsRoutes(state));
  api.notFound(() => googleErrorResponse(404, 'Requested entity was not found.'));

  const host = createFakeHost({
    api,
    state,
    now,
    requestLogCapacity: options.requestLogCapacity ?? 1000,
    failures: {
      rateLimited: ({ path, retryAfterSeconds }) => {
        const headers = { 'retry-after': String(retryAfterSeconds) };
        if (path === '/token') {
          const response = oauthErrorResponse('rate_limit_exceeded', 'Rate limit exceeded.', 429);
          response.headers.set('retry-after', String(retryAfterSeconds));
          return response;
        }
        return googleErrorResponse(
          429,
          "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' of service 'sheets.googleapis.com'.",
          'RATE_LIMIT_EXCEEDED',
          headers,
        );
      },
      serverError: ({ path, status }) => {
        if (path === '/token') return oauthErrorResponse('internal_failure', 'Backend Error', status);
        const message =
          status === 500 ? 'Internal error encountered.' : 'The service is currently unavailable.';
        return googleErrorResponse(status, message);
      },
    },
    admin: (admin) => {
      admin.post('/spreadsheets', async (c) => {
        const parsed = seedSchema.safeParse(await c.req.json().catch(() => undefined));
        if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
        try {
          return c.json({ spreadsheet: state.createSpreadsheet(parsed.data).toResource() }, 201);
        } catch (error) {
          return c.json({ error: (error as Error).message }, 409);
        }
      });
      admin.post('/service-accounts', async (c) => {
        const parsed = accountSchema.safeParse(await c.req.json().catch(() => undefined));
        if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
        try {
          state.registerServiceAccount({
            clientEmail: parsed.data.clientEmail,
            publicKey: parsed.data.publicKeyPem,
            ...(parsed.data.keyId ? { keyId: parsed.data.keyId } : {}),
          });
        } catch (error) {
          return c.json({ error: (error as Error).message }, 400);
        }
        return c.json({ clientEmail: parsed.data.clientEmail }, 201);
      });
      admin.post('/access-tokens', async (c) => {
        const parsed = tokenSchema.safeParse(await c.req.json().catch(() => undefined));
        if (!parsed.success) return c.json({ error: z.prettifyError(parsed.error) }, 400);
        const token = state.issueAccessToken(parsed.data);
        return c.json(
          {
            access_token: token.accessToken,
            expires_in: ACCESS_TOKEN_LIFETIME_SECONDS,
            token_type: 'Bearer',
          },
          201,
        );
      });
    },
  });
  return { ...host, state };
}
