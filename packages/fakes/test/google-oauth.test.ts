import { generateKeyPairSync } from 'node:crypto';
import { createGoogleFake, type GoogleFake, type RunningFake, serveFake } from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call, jwtBearerForm, signJwt } from './helpers.ts';

const EMAIL = 'hotpilot@demo-project.iam.gserviceaccount.com';
const SHEETS = 'https://www.googleapis.com/auth/spreadsheets';
const good = generateKeyPairSync('rsa', { modulusLength: 2048 });
const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
const rotated = generateKeyPairSync('rsa', { modulusLength: 2048 });

let clock = Date.UTC(2026, 0, 15, 12);
let google: GoogleFake;
let server: RunningFake;
let url: string;
let tokenUrl: string;

beforeAll(async () => {
  google = createGoogleFake({
    now: () => new Date(clock),
    serviceAccounts: [
      { clientEmail: EMAIL, publicKey: good.publicKey, keyId: 'key-1' },
      {
        clientEmail: EMAIL,
        publicKey: rotated.publicKey.export({ type: 'spki', format: 'pem' }) as string,
        keyId: 'key-2',
      },
    ],
    spreadsheets: [{ spreadsheetId: 'finance', title: 'Finance', sheets: [{ title: 'MRR' }] }],
  });
  server = await serveFake(google);
  url = server.url;
  tokenUrl = `${url}/token`;
});
afterAll(() => server.close());
beforeEach(() => {
  clock = Date.UTC(2026, 0, 15, 12);
  google.reset();
});

const seconds = () => Math.floor(clock / 1000);
const claims = (overrides: Record<string, unknown> = {}) => ({
  iss: EMAIL,
  scope: SHEETS,
  aud: tokenUrl,
  iat: seconds(),
  exp: seconds() + 3600,
  ...overrides,
});
const exchange = (assertion: string) =>
  call(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: jwtBearerForm(assertion),
  });

describe('Google fake: service-account token endpoint', () => {
  it('exchanges a JWT signed by a registered key for a Bearer token the Sheets API accepts', async () => {
    const reply = await exchange(signJwt(good.privateKey, claims()));
    expect(reply.status).toBe(200);
    expect(reply.body.expires_in).toBe(3599);
    expect(reply.body.token_type).toBe('Bearer');
    expect(reply.body.access_token).toMatch(/^ya29\./);
    const sheet = await call(`${url}/v4/spreadsheets/finance`, {
      headers: { authorization: `Bearer ${reply.body.access_token}` },
    });
    expect(sheet.status).toBe(200);
    expect(sheet.body.properties.title).toBe('Finance');
    expect(JSON.stringify(google.requests())).not.toContain(reply.body.access_token);
  });

  it('picks the key named by kid and accepts keys registered as PEM', async () => {
    const viaKid = await exchange(
      signJwt(rotated.privateKey, claims(), { alg: 'RS256', typ: 'JWT', kid: 'key-2' }),
    );
    expect(viaKid.status).toBe(200);
    const wrongKid = await exchange(
      signJwt(rotated.privateKey, claims(), { alg: 'RS256', typ: 'JWT', kid: 'key-1' }),
    );
    expect(wrongKid.status).toBe(400);
    expect(wrongKid.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  });

  it('rejects a JWT signed with a key that is not registered', async () => {
    const reply = await exchange(signJwt(other.privateKey, claims()));
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' });
  });

  it('rejects an expired JWT and one living longer than an hour', async () => {
    const expired = await exchange(
      signJwt(good.privateKey, claims({ iat: seconds() - 7200, exp: seconds() - 3600 })),
    );
    expect(expired.status).toBe(400);
    expect(expired.body.error).toBe('invalid_grant');
    expect(expired.body.error_description).toMatch(/short-lived token \(60 minutes\)/);
    const tooLong = await exchange(signJwt(good.privateKey, claims({ exp: seconds() + 7200 })));
    expect(tooLong.body.error).toBe('invalid_grant');
    const future = await exchange(
      signJwt(good.privateKey, claims({ iat: seconds() + 3600, exp: seconds() + 4000 })),
    );
    expect(future.body.error).toBe('invalid_grant');
  });

  it('rejects a JWT for another audience', async () => {
    const reply = await exchange(
      signJwt(good.privateKey, claims({ aud: 'https://oauth2.googleapis.com/token' })),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error).toBe('invalid_grant');
    expect(reply.body.error_description).toContain('audience');
  });

  it('rejects an unknown issuer, a missing scope, a wrong grant type and a malformed assertion', async () => {
    const unknown = await exchange(
      signJwt(good.privateKey, claims({ iss: 'someone@else.iam.gserviceaccount.com' })),
    );
    expect(unknown.body).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid grant: account not found',
    });
    const noScope = await exchange(signJwt(good.privateKey, claims({ scope: '' })));
    expect(noScope.body.error).toBe('invalid_scope');
    const grant = await call(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(grant.status).toBe(400);
    expect(grant.body).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Invalid grant_type: client_credentials',
    });
    const malformed = await exchange('not.a-jwt');
    expect(malformed.body.error).toBe('invalid_grant');
    const hs256 = await exchange(signJwt(good.privateKey, claims(), { alg: 'HS256', typ: 'JWT' }));
    expect(hs256.body.error).toBe('invalid_grant');
  });

  it('redacts the assertion in the request log', async () => {
    const assertion = signJwt(good.privateKey, claims());
    await exchange(assertion);
    const [logged] = google.requests();
    expect(logged?.body).toEqual({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      assertion: '[redacted]',
    });
    expect(JSON.stringify(google.requests())).not.toContain(assertion.slice(0, 40));
  });

  it('lets tokens expire after 3599 seconds', async () => {
    const { body } = await exchange(signJwt(good.privateKey, claims()));
    const headers = { authorization: `Bearer ${body.access_token}` };
    clock += 3598 * 1000;
    expect((await call(`${url}/v4/spreadsheets/finance`, { headers })).status).toBe(200);
    clock += 2000;
    const expired = await call(`${url}/v4/spreadsheets/finance`, { headers });
    expect(expired.status).toBe(401);
    expect(expired.body.error.status).toBe('UNAUTHENTICATED');
    expect(expired.body.error.message).toMatch(/^Request had invalid authentication credentials/);
  });

  it('enforces scopes: a read-only token reads but cannot write', async () => {
    const { body } = await exchange(signJwt(good.privateKey, claims({ scope: `${SHEETS}.readonly` })));
    const headers = { authorization: `Bearer ${body.access_token}` };
    expect((await call(`${url}/v4/spreadsheets/finance/values/MRR`, { headers })).status).toBe(200);
    const write = await call(`${url}/v4/spreadsheets/finance/values/MRR!A1?valueInputOption=RAW`, {
      method: 'PUT',
      headers,
      json: { values: [['x']] },
    });
    expect(write.status).toBe(403);
    expect(write.body.error).toMatchObject({ code: 403, status: 'PERMISSION_DENIED' });
    expect(write.body.error.details[0].reason).toBe('ACCESS_TOKEN_SCOPE_INSUFFICIENT');
  });

  it('registers service accounts through /_fake/service-accounts', async () => {
    const extra = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const pem = extra.publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const registered = await call(`${url}/_fake/service-accounts`, {
      json: { clientEmail: 'second@demo.iam.gserviceaccount.com', publicKeyPem: pem },
    });
    expect(registered.status).toBe(201);
    const reply = await exchange(
      signJwt(extra.privateKey, claims({ iss: 'second@demo.iam.gserviceaccount.com' })),
    );
    expect(reply.status).toBe(200);
    const bad = await call(`${url}/_fake/service-accounts`, {
      json: { clientEmail: 'x', publicKeyPem: 'not a key' },
    });
    expect(bad.status).toBe(400);
  });
});
