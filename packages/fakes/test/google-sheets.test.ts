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
        spreadsheetId: 'finance',
        title: 'Finance',
        sheets: [
          { title: 'Sheet1', sheetId: 0 },
          { title: 'My tab', sheetId: 7 },
          { title: "Bob's tab", sheetId: 8, rowCount: 10, columnCount: 5 },
        ],
      },
    ],
  });
  server = await serveFake(google);
  base = `${server.url}/v4/spreadsheets/finance`;
});
afterAll(() => server.close());
beforeEach(() => {
  google.reset();
  const token = google.state.issueAccessToken({ scopes: ['https://www.googleapis.com/auth/spreadsheets'] });
  auth = { authorization: `Bearer ${token.accessToken}` };
});

const range = (a1: string) => encodeURIComponent(a1);
const update = (a1: string, values: unknown[][], option = 'USER_ENTERED', extra = '') =>
  call(`${base}/values/${range(a1)}?valueInputOption=${option}${extra}`, {
    method: 'PUT',
    headers: auth,
    json: { values },
  });
const append = (a1: string, values: unknown[][], extra = '') =>
  call(`${base}/values/${range(a1)}:append?valueInputOption=USER_ENTERED${extra}`, {
    method: 'POST',
    headers: auth,
    json: { values },
  });
const read = (a1: string, extra = '') => call(`${base}/values/${range(a1)}${extra}`, { headers: auth });
const batch = (requests: unknown[]) =>
  call(`${base}:batchUpdate`, { method: 'POST', headers: auth, json: { requests } });

describe('Google fake: Sheets authentication and spreadsheets', () => {
  it('answers 401 UNAUTHENTICATED without a token or with an unknown one', async () => {
    const none = await call(base);
    expect(none.status).toBe(401);
    expect(none.body.error).toMatchObject({ code: 401, status: 'UNAUTHENTICATED' });
    expect(none.body.error.message).toMatch(/^Request is missing required authentication credential/);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="https://accounts.google.com/"');
    const unknown = await call(base, { headers: { authorization: 'Bearer ya29.made-up' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body.error.message).toMatch(/^Request had invalid authentication credentials/);
  });

  it("reads the spreadsheet's sheet properties", async () => {
    const reply = await call(base, { headers: auth });
    expect(reply.status).toBe(200);
    expect(reply.body.spreadsheetId).toBe('finance');
    expect(
      reply.body.sheets.map((s: { properties: { title: string; index: number } }) => [
        s.properties.title,
        s.properties.index,
      ]),
    ).toEqual([
      ['Sheet1', 0],
      ['My tab', 1],
      ["Bob's tab", 2],
    ]);
    expect(reply.body.sheets[0].properties.gridProperties).toEqual({ rowCount: 1000, columnCount: 26 });
  });

  it('answers 404 NOT_FOUND for an unknown spreadsheet', async () => {
    const reply = await call(`${server.url}/v4/spreadsheets/nope`, { headers: auth });
    expect(reply.status).toBe(404);
    expect(reply.body.error).toEqual({
      code: 404,
      message: 'Requested entity was not found.',
      status: 'NOT_FOUND',
    });
  });

  it('creates a spreadsheet with spreadsheets.create', async () => {
    const reply = await call(`${server.url}/v4/spreadsheets`, {
      method: 'POST',
      headers: auth,
      json: { properties: { title: 'Reports' }, sheets: [{ properties: { title: 'Weekly' } }] },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.properties.title).toBe('Reports');
    expect(google.state.spreadsheet(reply.body.spreadsheetId)?.sheetProperties()[0]?.title).toBe('Weekly');
  });
});

describe('Google fake: values update and get with A1 ranges', () => {
  it('writes a block and reads it back formatted or unformatted', async () => {
    const written = await update('Sheet1!A1:C2', [
      ['date', 'amount', 'paid'],
      ['2026-01-15', '197.50', 'TRUE'],
    ]);
    expect(written.status).toBe(200);
    expect(written.body).toEqual({
      spreadsheetId: 'finance',
      updatedRange: 'Sheet1!A1:C2',
      updatedRows: 2,
      updatedColumns: 3,
      updatedCells: 6,
    });
    const formatted = await read('Sheet1!A1:D10');
    expect(formatted.body).toEqual({
      range: 'Sheet1!A1:D10',
      majorDimension: 'ROWS',
      values: [
        ['date', 'amount', 'paid'],
        ['2026-01-15', '197.5', 'TRUE'],
      ],
    });
    const raw = await read('Sheet1!A2:C2', '?valueRenderOption=UNFORMATTED_VALUE');
    expect(raw.body.values).toEqual([['2026-01-15', 197.5, true]]);
    const columns = await read('Sheet1!A1:B2', '?majorDimension=COLUMNS');
    expect(columns.body.values).toEqual([
      ['date', '2026-01-15'],
      ['amount', '197.5'],
    ]);
  });

  it('keeps RAW text as text and USER_ENTERED "\'" as forced text', async () => {
    await update('Sheet1!A1:B1', [['00123', "'42"]], 'RAW');
    await update('Sheet1!A2:B2', [['00123', "'42"]], 'USER_ENTERED');
    const reply = await read('Sheet1!A1:B2', '?valueRenderOption=UNFORMATTED_VALUE');
    expect(reply.body.values).toEqual([
      ['00123', "'42"],
      [123, '42'],
    ]);
  });

  it('reads a whole sheet and quoted tab names, trimming empty rows and cells', async () => {
    await update("'My tab'!B2", [['x', null, 'z']]);
    const whole = await read("'My tab'");
    expect(whole.body.range).toBe("'My tab'!A1:Z1000");
    expect(whole.body.values).toEqual([[], ['', 'x', '', 'z']]);
    const apostrophe = await update("'Bob''s tab'!A1", [['ok']]);
    expect(apostrophe.body.updatedRange).toBe("'Bob''s tab'!A1");
    expect((await read("'Bob''s tab'!A:E")).body).toEqual({
      range: "'Bob''s tab'!A1:E10",
      majorDimension: 'ROWS',
      values: [['ok']],
    });
    const empty = await read('Sheet1!A1:C3');
    expect(empty.body).toEqual({ range: 'Sheet1!A1:C3', majorDimension: 'ROWS' });
  });

  it('skips null cells and clears cells written as ""', async () => {
    await update('Sheet1!A1:C1', [['a', 'b', 'c']]);
    await update('Sheet1!A1:C1', [[null, '', 'C']]);
    expect((await read('Sheet1!A1:C1')).body.values).toEqual([['a', '', 'C']]);
  });

  it('refuses values that overflow the range, unknown sheets and ranges beyond the grid', async () => {
    const rows = await update('Sheet1!A1:B2', [
      [1, 2],
      [3, 4],
      [5, 6],
    ]);
    expect(rows.status).toBe(400);
    expect(rows.body.error.message).toBe(
      'Requested writing within range [Sheet1!A1:B2], but tried writing to row [3]',
    );
    const columns = await update('Sheet1!A1:B2', [[1, 2, 3]]);
    expect(columns.body.error.message).toBe(
      'Requested writing within range [Sheet1!A1:B2], but tried writing to column [C]',
    );
    const unknown = await read('Nope!A1');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toEqual({
      code: 400,
      message: 'Unable to parse range: Nope!A1',
      status: 'INVALID_ARGUMENT',
    });
    const grid = await read("'Bob''s tab'!A1:F20");
    expect(grid.status).toBe(400);
    expect(grid.body.error.message).toBe(
      "Range ('Bob''s tab'!A1:F20) exceeds grid limits. Max rows: 10, max columns: 5",
    );
    expect((await read('Sheet1!A1:B2:C3')).status).toBe(400);
  });

  it('requires valueInputOption and checks enum parameters', async () => {
    const missing = await call(`${base}/values/Sheet1!A1`, {
      method: 'PUT',
      headers: auth,
      json: { values: [['x']] },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe('Invalid valueInputOption: INPUT_VALUE_OPTION_UNSPECIFIED');
    const wrong = await update('Sheet1!A1', [['x']], 'TYPED');
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('value_input_option');
    const body = await call(`${base}/values/Sheet1!A1?valueInputOption=RAW`, {
      method: 'PUT',
      headers: auth,
      json: { values: 'x' },
    });
    expect(body.status).toBe(400);
    const mismatch = await call(`${base}/values/Sheet1!A1?valueInputOption=RAW`, {
      method: 'PUT',
      headers: auth,
      json: { range: 'Sheet1!B1', values: [['x']] },
    });
    expect(mismatch.status).toBe(400);
  });
});

describe('Google fake: values append', () => {
  it('appends after the last row of the table and reports the table range', async () => {
    await update('Sheet1!A1:B2', [
      ['date', 'amount'],
      ['2026-01-01', 10],
    ]);
    const first = await append('Sheet1!A:Z', [['2026-01-02', 20]]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      spreadsheetId: 'finance',
      tableRange: 'Sheet1!A1:B2',
      updates: {
        spreadsheetId: 'finance',
        updatedRange: 'Sheet1!A3:B3',
        updatedRows: 1,
        updatedColumns: 2,
        updatedCells: 2,
      },
    });
    const second = await append('Sheet1', [
      ['2026-01-03', 30],
      ['2026-01-04', 40],
    ]);
    expect(second.body.tableRange).toBe('Sheet1!A1:B3');
    expect(second.body.updates.updatedRange).toBe('Sheet1!A4:B5');
    expect((await read('Sheet1!A1:B10', '?valueRenderOption=UNFORMATTED_VALUE')).body.values).toEqual([
      ['date', 'amount'],
      ['2026-01-01', 10],
      ['2026-01-02', 20],
      ['2026-01-03', 30],
      ['2026-01-04', 40],
    ]);
  });

  it('starts at the top of an empty range, without a tableRange, in a quoted tab', async () => {
    const reply = await append("'My tab'!A:Z", [['first']]);
    expect(reply.body.tableRange).toBeUndefined();
    expect(reply.body.updates.updatedRange).toBe("'My tab'!A1");
    const next = await append("'My tab'!A:Z", [['second']]);
    expect(next.body.updates.updatedRange).toBe("'My tab'!A2");
  });

  it('appends at the first column of a table that starts right of the range', async () => {
    await update('Sheet1!C3:D3', [['a', 'b']]);
    const reply = await append('Sheet1!A1:Z', [['c', 'd']]);
    expect(reply.body.tableRange).toBe('Sheet1!C3:D3');
    expect(reply.body.updates.updatedRange).toBe('Sheet1!C4:D4');
  });

  it('pushes rows below down with INSERT_ROWS and overwrites them by default', async () => {
    await update('Sheet1!A1:A2', [['table'], ['row']]);
    await update('Sheet1!A3', [['below']]);
    await update('Sheet1!A3', [['']]);
    await update('Sheet1!A4', [['after-gap']]);
    const inserted = await append('Sheet1!A:A', [['new']], '&insertDataOption=INSERT_ROWS');
    expect(inserted.body.updates.updatedRange).toBe('Sheet1!A3');
    // The blank row and the row after it moved down by one.
    expect((await read('Sheet1!A1:A6')).body.values).toEqual([
      ['table'],
      ['row'],
      ['new'],
      [],
      ['after-gap'],
    ]);
    expect(google.state.spreadsheet('finance')?.sheetProperties()[0]?.gridProperties.rowCount).toBe(1001);

    const overwritten = await append('Sheet1!A:A', [['over']]);
    expect(overwritten.body.tableRange).toBe('Sheet1!A1:A3');
    expect(overwritten.body.updates.updatedRange).toBe('Sheet1!A4');
    expect((await read('Sheet1!A4:A5')).body.values).toEqual([['over'], ['after-gap']]);
  });

  it('grows the grid when an append runs past the last row', async () => {
    await update(
      "'Bob''s tab'!A1:A10",
      Array.from({ length: 10 }, (_, i) => [`r${i + 1}`]),
    );
    const reply = await append("'Bob''s tab'!A:A", [['r11']]);
    expect(reply.body.updates.updatedRange).toBe("'Bob''s tab'!A11");
    const sheet = google.state
      .spreadsheet('finance')
      ?.sheetProperties()
      .find((s) => s.title === "Bob's tab");
    expect(sheet?.gridProperties.rowCount).toBe(11);
  });
});

describe('Google fake: batchUpdate addSheet', () => {
  it('adds a sheet and answers its properties', async () => {
    const reply = await batch([
      { addSheet: { properties: { title: 'Weekly MRR', gridProperties: { rowCount: 50, columnCount: 8 } } } },
    ]);
    expect(reply.status).toBe(200);
    const added = reply.body.replies[0].addSheet.properties;
    expect(added).toMatchObject({
      title: 'Weekly MRR',
      index: 3,
      sheetType: 'GRID',
      gridProperties: { rowCount: 50, columnCount: 8 },
    });
    expect(Number.isInteger(added.sheetId)).toBe(true);
    expect((await update("'Weekly MRR'!A1", [['ok']])).status).toBe(200);
  });

  it('refuses a title that exists (whatever its case) and applies nothing of a failing batch', async () => {
    const duplicate = await batch([{ addSheet: { properties: { title: 'my TAB' } } }]);
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error).toEqual({
      code: 400,
      message:
        'Invalid requests[0].addSheet: A sheet with the name "my TAB" already exists. Please enter another name.',
      status: 'INVALID_ARGUMENT',
    });
    const partial = await batch([
      { addSheet: { properties: { title: 'New' } } },
      { addSheet: { properties: { title: 'new' } } },
    ]);
    expect(partial.status).toBe(400);
    expect(partial.body.error.message).toContain('requests[1].addSheet');
    expect(
      google.state
        .spreadsheet('finance')
        ?.sheetProperties()
        .map((s) => s.title),
    ).toEqual(['Sheet1', 'My tab', "Bob's tab"]);
  });

  it('deletes a sheet but never the last one', async () => {
    const deleted = await batch([{ deleteSheet: { sheetId: 7 } }]);
    expect(deleted.status).toBe(200);
    expect(
      google.state
        .spreadsheet('finance')
        ?.sheetProperties()
        .map((s) => [s.title, s.index]),
    ).toEqual([
      ['Sheet1', 0],
      ["Bob's tab", 1],
    ]);
    const missing = await batch([{ deleteSheet: { sheetId: 7 } }]);
    expect(missing.status).toBe(400);
    const all = await batch([{ deleteSheet: { sheetId: 0 } }, { deleteSheet: { sheetId: 8 } }]);
    expect(all.status).toBe(400);
    expect(all.body.error.message).toContain("You can't remove all the sheets");
  });

  it('answers 400 for an empty batch and 501 for request kinds the fake lacks', async () => {
    expect((await batch([])).status).toBe(400);
    const unsupported = await batch([{ updateCells: {} }]);
    expect(unsupported.status).toBe(501);
    expect(unsupported.body.error.status).toBe('UNIMPLEMENTED');
  });
});
