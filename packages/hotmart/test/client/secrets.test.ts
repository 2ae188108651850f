import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createHotmartClient, InvalidInputError } from '../../src/index.ts';
import { CLIENT_SECRET, json, setup } from './fake-hotmart.ts';

const BASIC = 'QkFTSUMtVE9LRU4tU0VDUkVULVZBTFVF';
const ACCESS_TOKEN = 'access-token-that-must-never-be-printed';

function everything(value: unknown): string {
  return [JSON.stringify(value), inspect(value, { depth: 10, showHidden: true }), String(value)].join('\n');
}

function expectNoSecrets(text: string): void {
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain(BASIC);
  expect(text).not.toContain(ACCESS_TOKEN);
  expect(text).not.toContain(encodeURIComponent(CLIENT_SECRET + '!'));
}

describe('secrets never leak', () => {
  it('JSON.stringify, util.inspect and String of the client and its options print [redacted]', async () => {
    const { client, hotmart } = setup({ basic: BASIC });
    hotmart.onToken = () => json({ access_token: ACCESS_TOKEN, expires_in: 3600 });
    hotmart.onApi = () => json({ id: 1, name: 'A', email: 'a', login: 'a', ucode: 'u' });
    await client.user.me();
    for (const value of [client, client.options, client.sales, client.subscriptions])
      expectNoSecrets(everything(value));
    expect(JSON.parse(JSON.stringify(client))).toMatchObject({
      clientSecret: '[redacted]',
      basic: '[redacted]',
    });
    expect(inspect(client)).toContain('[redacted]');
    expect(client.options.clientSecret).toBe('[redacted]');
  });

  it('errors from the token host and the API carry no secret in message, JSON or inspect output', async () => {
    const { client, hotmart } = setup({ basic: BASIC });
    hotmart.onToken = () =>
      json({ error: 'invalid_client', error_description: 'Bad client credentials' }, 401);
    const tokenError = await client.user.me().catch((caught: unknown) => caught);
    expectNoSecrets(everything(tokenError));
    expectNoSecrets((tokenError as Error).message);

    hotmart.onToken = () => json({ access_token: ACCESS_TOKEN, expires_in: 3600 });
    hotmart.onApi = () => json({ error: 'unauthorized' }, 401);
    const apiError = await client.user.me().catch((caught: unknown) => caught);
    expectNoSecrets(everything(apiError));
  });

  it('an error body that echoes the bearer token is scrubbed', async () => {
    const { client, hotmart } = setup({ maxRetries: 0 });
    hotmart.onToken = () => json({ access_token: ACCESS_TOKEN, expires_in: 3600 });
    hotmart.onApi = (request) =>
      json(
        { error: 'invalid_value_headers', error_description: `bad ${request.headers.get('authorization')}` },
        400,
      );
    const error = (await client.user.me().catch((caught: unknown) => caught)) as Error;
    expect(error.message).toContain('bad Bearer [redacted]');
    expectNoSecrets(everything(error));
  });

  it('a network error quoting the token URL (with client_secret in it) is scrubbed', async () => {
    const secret = `${CLIENT_SECRET}!`;
    const { client, hotmart } = setup({ clientSecret: secret, basic: BASIC, maxRetries: 0 });
    hotmart.onToken = (request) => {
      throw new TypeError(`Failed to fetch ${request.url.href}`, {
        cause: new Error(`connect ECONNRESET for ${request.url.href} with ${secret}`),
      });
    };
    const error = await client.user.me().catch((caught: unknown) => caught);
    const text =
      everything(error) + String((error as Error).cause) + String(((error as Error).cause as Error).cause);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(encodeURIComponent(secret));
    expect(text).toContain('[redacted]');
  });

  it('logs never contain secrets, even at debug level through retries and refreshes', async () => {
    const { client, hotmart, logger } = setup({ basic: BASIC });
    let calls = 0;
    hotmart.onToken = () => json({ access_token: `${ACCESS_TOKEN}-${calls}`, expires_in: 3600 });
    hotmart.onApi = () => {
      calls += 1;
      if (calls === 1) return json({}, 500);
      if (calls === 2) return json({ error: 'token_expired' }, 401);
      return json({ unexpected: true });
    };
    await client.user.me();
    expect(logger.lines.length).toBeGreaterThan(3);
    expectNoSecrets(JSON.stringify(logger.lines));
  });

  it('invalid options name the field without echoing any value', () => {
    const attempt = (options: unknown) => {
      try {
        createHotmartClient(options as never);
      } catch (error) {
        return error as InvalidInputError;
      }
      throw new Error('expected createHotmartClient to throw');
    };
    const missing = attempt({ clientId: 'id' });
    expect(missing).toBeInstanceOf(InvalidInputError);
    expect(missing.message).toMatch(/clientSecret/);

    const typo = attempt({ clientId: 'id', clientSecret: CLIENT_SECRET, clientSecrt: CLIENT_SECRET });
    expect(typo.message).toMatch(/clientSecrt/);
    expectNoSecrets(everything(typo));

    const wrongType = attempt({
      clientId: CLIENT_SECRET,
      clientSecret: 42,
      environment: 'staging',
      timeoutMs: -1,
    });
    expect(wrongType.issues.map((issue) => issue.path).sort()).toEqual([
      'clientSecret',
      'environment',
      'timeoutMs',
    ]);
    expectNoSecrets(everything(wrongType));
  });
});
