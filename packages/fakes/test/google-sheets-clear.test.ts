import { createGoogleFake, type GoogleFake, type RunningFake, serveFake } from '@hotpilot/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { call } from './helpers.ts';

let google: GoogleFake;
let server: RunningFake;
let base: string;
let auth: Record<string, string>;

beforeAll(async () => {
  google = createGoogleFake({
    spreadsheets: [
      {
        spreadsheetId: 'lists',
        title: 'Lists',
        sheets: [{ title: 'Subscribers', rowCount: 20, columnCount: 6 }],
      },
    ],
  });
  server = await serveFake(google);
  base = `${server.url}/v4/spreadsheets/lists`;
});
afterAll(() => server.close());
beforeEach(() => {
  google.reset();
  const token = google.state.issueAccessToken({ scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
  auth = { authorization: `Bearer ${token.accessToken}` };
});

const range = (a1: string) => encodeURIComponent(a1);
const write = (a1: string, values: unknown[][]) =>
  call(`${base}/values/${range(a1)}?valueInputOption=RAW`, {
    method: 'PUT',
    headers: auth,
    json: { values },
  });
const clear = (a1: string, headers = auth) =>
  call(`${base}/values/${range(a1)}:clear`, { method: 'POST', headers, json: {} });
const read = (a1: string) => call(`${base}/values/${range(a1)}`, { headers: auth });

describe('Google fake: values clear', () => {
  it('empties an open-ended range, answers the range bounded to the grid, and keeps the rows above', async () => {
    await write('Subscribers!A1:C3', [
      ['code', 'email', 'plan'],
      ['S1', 'ana@example.com', 'Monthly'],
      ['S2', 'bia@example.com', 'Yearly'],
    ]);
    const cleared = await clear("'Subscribers'!A2:Z");
    expect(cleared.status).toBe(200);
    expect(cleared.body).toEqual({ spreadsheetId: 'lists', clearedRange: 'Subscribers!A2:F20' });
    expect((await read('Subscribers')).body.values).toEqual([['code', 'email', 'plan']]);
  });

  it('clears a whole tab, changes nothing when cleared again, and lets an append start at the top', async () => {
    await write('Subscribers!A1:B2', [
      ['code', 'email'],
      ['S1', 'ana@example.com'],
    ]);
    expect((await clear('Subscribers')).body.clearedRange).toBe('Subscribers!A1:F20');
    expect((await clear('Subscribers')).body.clearedRange).toBe('Subscribers!A1:F20');
    expect((await read('Subscribers')).body.values).toBeUndefined();
    const appended = await call(`${base}/values/${range('Subscribers')}:append?valueInputOption=RAW`, {
      method: 'POST',
      headers: auth,
      json: { values: [['S9', 'zoe@example.com']] },
    });
    expect(appended.body.updates.updatedRange).toBe('Subscribers!A1:B1');
  });

  it('refuses a request without a token and a GET on the clear path', async () => {
    expect((await clear('Subscribers', {})).status).toBe(401);
    const get = await call(`${base}/values/${range('Subscribers')}:clear`, { headers: auth });
    expect(get.status).toBe(404);
  });
});
