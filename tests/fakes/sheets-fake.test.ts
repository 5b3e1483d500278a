import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { type SheetsFake, type SheetsFakeOptions, startSheetsFake } from './sheets-fake.js';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/sheets/${name}`, import.meta.url), 'utf8'));

/** Keys and value types, recursively; arrays by their first element. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.length > 0 ? [shape(value[0])] : [];
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shape(v)]));
  }
  return typeof value;
}

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked by the assertions
type Json = any;

let fake: SheetsFake;
afterEach(async () => {
  await fake?.close();
});

async function start(options: SheetsFakeOptions = {}): Promise<SheetsFake> {
  fake = await startSheetsFake(options);
  return fake;
}

async function api(path: string, init: RequestInit & { auth?: boolean } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (init.auth !== false) headers.authorization = 'Bearer test-token';
  const res = await fetch(new URL(path, fake.rootUrl), { ...init, headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

const base = () => `v4/spreadsheets/${fake.spreadsheetId}`;
const batchGet = (ranges: string[], extra = '') =>
  api(`${base()}/values:batchGet?${ranges.map((r) => `ranges=${encodeURIComponent(r)}`).join('&')}${extra}`);
const batchUpdate = (requests: unknown[]) =>
  api(`${base()}:batchUpdate`, { method: 'POST', body: JSON.stringify({ requests }) });

describe('sheets fake: values as Google returns them', () => {
  it('answers a ragged tab exactly like the recorded values.get', async () => {
    const recorded = fixture('values.get.ragged.json');
    await start({ tabs: { Sheet1: recorded.values } });
    // The recording's sheet was resized to 4x4: the returned range is the grid's, not the data's.
    Object.assign(fake.sheet('Sheet1') ?? {}, { rowCount: 4, columnCount: 4 });
    const { status, body } = await batchGet(["'Sheet1'"]);
    expect(status).toBe(200);
    expect(body.valueRanges[0]).toEqual(recorded);
  });

  it('answers two A1 ranges exactly like the recorded batchGet', async () => {
    const recorded = fixture('values.batchGet.json');
    await start({
      spreadsheetId: recorded.spreadsheetId,
      tabs: { Sheet1: [['A1', 'B1'], [], [], [null, 'B4', null, 'D4']] },
    });
    const { body } = await batchGet(['A1:B1', 'B4:D4']);
    expect(body).toEqual(recorded);
  });

  it('quotes sheet names and clips whole columns to the grid, like the recorded batchGet', async () => {
    const recorded = fixture('values.batchGet.quoted-sheet-name.json');
    const title = '🌵 test_values_batch_get 1';
    await start({ spreadsheetId: recorded.spreadsheetId, tabs: { Sheet1: [] } });
    fake.addTab(title, { rowCount: 10 });
    fake.setGrid(title, [
      ['🍇', '🍉', '🍋'],
      ['🍐', '🍎', '🍓'],
    ]);
    const { body } = await batchGet([`'${title}'!A:A`, `'${title}'!B:B`, `'${title}'!C:C`]);
    expect(body).toEqual(recorded);
  });

  it('leaves out `values` for an empty range and reads rows, columns and quoted names', async () => {
    await start({
      tabs: { Members: [['ID', 'Name'], ['M-1', 'Ada'], [], [null, 'Grace']], "Bob's tab": [['x']] },
    });
    const { body } = await batchGet([
      'Members!D1:E9',
      'Members!1:1',
      'Members!B:B',
      'Members!A2:D',
      "'Bob''s tab'",
    ]);
    expect(body.valueRanges).toEqual([
      { range: 'Members!D1:E9', majorDimension: 'ROWS' },
      { range: 'Members!A1:Z1', majorDimension: 'ROWS', values: [['ID', 'Name']] },
      { range: 'Members!B1:B1000', majorDimension: 'ROWS', values: [['Name'], ['Ada'], [], ['Grace']] },
      { range: 'Members!A2:D1000', majorDimension: 'ROWS', values: [['M-1', 'Ada'], [], ['', 'Grace']] },
      { range: "'Bob''s tab'!A1:Z1000", majorDimension: 'ROWS', values: [['x']] },
    ]);
  });

  it('renders serial dates as numbers unformatted, and as text formatted', async () => {
    await start({ tabs: { Events: [['Starts', 'Count', 'Open']] } });
    fake.setCell('Events', 1, 0, 46359.770833333336, {
      numberFormat: { type: 'DATE_TIME', pattern: 'yyyy-mm-dd hh:mm' },
    });
    fake.setCell('Events', 1, 1, 20);
    fake.setCell('Events', 1, 2, true);
    const raw = await batchGet(
      ['Events!A2:C2'],
      '&valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=SERIAL_NUMBER',
    );
    expect(raw.body.valueRanges[0].values).toEqual([[46359.770833333336, 20, true]]);
    const shown = await batchGet(['Events!A2:C2']);
    expect(shown.body.valueRanges[0].values).toEqual([['2026-12-03 18:30', '20', 'TRUE']]);
  });
});

describe('sheets fake: errors as Google sends them', () => {
  it('refuses an unknown sheet with the recorded 400 body', async () => {
    const recorded = fixture('error.400.unable_to_parse_range.json');
    await start();
    const { status, headers, body } = await batchGet(['NOPE!A5:F15']);
    expect(status).toBe(400);
    expect(headers.get('content-type')).toBe(recorded.headers['content-type']);
    expect(body).toEqual(recorded.body);
  });

  it('answers an exhausted read quota with the recorded 429 body and no Retry-After', async () => {
    const recorded = fixture('error.429.resource_exhausted.json');
    await start({ quota: { readsPerMinute: 1 } });
    expect((await batchGet(['Sheet1'])).status).toBe(200);
    const { status, headers, body } = await batchGet(['Sheet1']);
    expect(status).toBe(429);
    expect(headers.get('retry-after')).toBeNull();
    expect(body).toEqual(recorded.body);
    // Writes have their own quota.
    expect((await batchUpdate([{ appendCells: { sheetId: 0, rows: [], fields: '*' } }])).status).toBe(200);
  });

  it('frees the quota after a minute', async () => {
    let clock = 0;
    await start({ quota: { writesPerMinute: 1 }, now: () => clock });
    const append = [
      {
        appendCells: {
          sheetId: 0,
          rows: [{ values: [{ userEnteredValue: { numberValue: 1 } }] }],
          fields: '*',
        },
      },
    ];
    expect((await batchUpdate(append)).status).toBe(200);
    const refused = await batchUpdate(append);
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain("'Write requests'");
    clock += 60_000;
    expect((await batchUpdate(append)).status).toBe(200);
  });

  it('fails the next requests on demand, with Google-like bodies', async () => {
    await start();
    fake.failNext(1);
    expect((await batchGet(['Sheet1'])).body).toEqual(fixture('error.429.resource_exhausted.json').body);
    fake.failNext(2, 503);
    expect((await batchGet(['Sheet1'])).body.error).toMatchObject({ code: 503, status: 'UNAVAILABLE' });
    fake.failNext(1, 500); // replaces the one still pending
    expect((await batchGet(['Sheet1'])).body.error).toMatchObject({ code: 500, status: 'INTERNAL' });
    expect((await batchGet(['Sheet1'])).status).toBe(200);
  });

  it('wants a bearer token and a known spreadsheet', async () => {
    await start();
    const anonymous = await api(`${base()}/values:batchGet?ranges=Sheet1`, { auth: false });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.status).toBe('UNAUTHENTICATED');
    const unknown = await api('v4/spreadsheets/nope/values:batchGet?ranges=Sheet1');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toEqual({
      code: 404,
      message: 'Requested entity was not found.',
      status: 'NOT_FOUND',
    });
  });
});

describe('sheets fake: spreadsheets.get', () => {
  it('has the recorded shape for properties and sheets', async () => {
    const recorded = fixture('spreadsheets.get.json');
    await start();
    fake.addTab('finances', { rowCount: 100, columnCount: 100 });
    const { body } = await api(base());
    expect(Object.keys(body).sort()).toEqual(Object.keys(recorded).sort());
    expect(Object.keys(recorded.properties)).toEqual(expect.arrayContaining(Object.keys(body.properties)));
    expect(body.properties.timeZone).toBe('Etc/GMT');
    expect(shape(body.sheets)).toEqual(shape(recorded.sheets));
    expect(body.sheets.map((s: { properties: { title: string } }) => s.properties.title)).toEqual([
      'Sheet1',
      'finances',
    ]);
    expect(body.sheets[0].properties.sheetId).toBe(0);
  });

  it('filters sheets by ranges and returns the grid data asked for', async () => {
    await start({ tabs: { Members: [['ID', 'Status']], Audit: [['When']] } });
    await batchUpdate([
      {
        setDataValidation: {
          range: {
            sheetId: fake.sheet('Members')?.sheetId,
            startRowIndex: 1,
            startColumnIndex: 1,
            endColumnIndex: 2,
          },
          rule: {
            condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'Active' }] },
            strict: false,
          },
        },
      },
    ]);
    const { body } = await api(`${base()}?ranges=${encodeURIComponent('Members!2:2')}&includeGridData=true`);
    expect(body.sheets).toHaveLength(1);
    const [data] = body.sheets[0].data;
    expect(data.startRow).toBe(1);
    expect(data.startColumn).toBeUndefined();
    expect(data.rowData[0].values[0]).toEqual({});
    expect(data.rowData[0].values[1].dataValidation.condition.values).toEqual([
      { userEnteredValue: 'Active' },
    ]);
    expect(data.rowMetadata).toHaveLength(1);
    expect(data.columnMetadata).toHaveLength(26);
  });
});

describe('sheets fake: batchUpdate', () => {
  it('stores stringValue as text even when it looks like a formula, and formulaValue as a formula', async () => {
    await start();
    const res = await batchUpdate([
      {
        updateCells: {
          start: { sheetId: 0, rowIndex: 0, columnIndex: 0 },
          rows: [
            {
              values: [
                { userEnteredValue: { stringValue: '=1+1' } },
                { userEnteredValue: { formulaValue: '=1+1' } },
              ],
            },
          ],
          fields: 'userEnteredValue',
        },
      },
    ]);
    expect(res.body).toEqual({ spreadsheetId: fake.spreadsheetId, replies: [{}] });
    expect(fake.cell('Sheet1', 0, 0)).toEqual({ kind: 'text', value: '=1+1' });
    expect(fake.cell('Sheet1', 0, 1)).toMatchObject({ kind: 'formula', formula: '=1+1' });
    expect(fake.stats.cellsWritten).toBe(2);
  });

  it('appends after the last row with data and grows the grid', async () => {
    await start({ tabs: { Log: [['When'], ['a'], [], ['b']] } });
    Object.assign(fake.sheet('Log') ?? {}, { rowCount: 4 });
    const row = (text: string) => ({ values: [{ userEnteredValue: { stringValue: text } }] });
    await batchUpdate([
      { appendCells: { sheetId: 0, rows: [row('c'), row('d')], fields: 'userEnteredValue' } },
    ]);
    expect(fake.getGrid('Log')).toEqual([['When'], ['a'], [], ['b'], ['c'], ['d']]);
    expect(fake.sheet('Log')?.rowCount).toBe(6);
  });

  it('applies nothing when one request fails: grid limits, unknown sheet or unknown request', async () => {
    await start({ tabs: { Sheet1: [['keep']] } });
    const append = {
      appendCells: {
        sheetId: 0,
        rows: [{ values: [{ userEnteredValue: { stringValue: 'x' } }] }],
        fields: '*',
      },
    };
    const past = {
      updateCells: {
        start: { sheetId: 0, rowIndex: 1000, columnIndex: 0 },
        rows: [{ values: [{}] }],
        fields: '*',
      },
    };
    const tooFar = await batchUpdate([append, past]);
    expect(tooFar.status).toBe(400);
    expect(tooFar.body.error.message).toBe(
      "Invalid requests[1].updateCells: Range ('Sheet1'!A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
    );
    const noGrid = await batchUpdate([append, { appendCells: { ...append.appendCells, sheetId: 42 } }]);
    expect(noGrid.body.error.message).toBe('Invalid requests[1].appendCells: No grid with id: 42');
    const unknown = await batchUpdate([append, { frobnicate: {} }]);
    expect(unknown.body.error.message).toContain('Unknown name "frobnicate"');
    expect(fake.getGrid('Sheet1')).toEqual([['keep']]);
    expect(fake.stats.cellsWritten).toBe(0);
  });

  it('adds sheets with chosen ids, sets properties, dropdowns and protections', async () => {
    await start();
    const res = await batchUpdate([
      { addSheet: { properties: { sheetId: 77, title: 'Members' } } },
      {
        updateSheetProperties: {
          properties: { sheetId: 77, gridProperties: { frozenRowCount: 1 } },
          fields: 'gridProperties.frozenRowCount',
        },
      },
      { updateSpreadsheetProperties: { properties: { timeZone: 'Europe/London' }, fields: 'timeZone' } },
      { appendDimension: { sheetId: 77, dimension: 'COLUMNS', length: 4 } },
      {
        addProtectedRange: {
          protectedRange: {
            range: { sheetId: 77, startRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 },
            description: 'IDs',
            warningOnly: true,
          },
        },
      },
    ]);
    expect(res.body.replies[0]).toEqual({
      addSheet: {
        properties: {
          sheetId: 77,
          title: 'Members',
          index: 1,
          sheetType: 'GRID',
          gridProperties: { rowCount: 1000, columnCount: 26 },
        },
      },
    });
    expect(res.body.replies[4].addProtectedRange.protectedRange).toMatchObject({
      description: 'IDs',
      warningOnly: true,
    });
    const { body } = await api(base());
    expect(body.properties.timeZone).toBe('Europe/London');
    expect(body.sheets[1].properties.gridProperties).toEqual({
      rowCount: 1000,
      columnCount: 30,
      frozenRowCount: 1,
    });
    expect(body.sheets[1].protectedRanges[0].description).toBe('IDs');
    expect(
      (await batchUpdate([{ addSheet: { properties: { title: 'Members' } } }])).body.error.message,
    ).toContain('already exists');
  });
});

describe('sheets fake: cost and timing', () => {
  it('counts requests by kind and cells read and written, until reset', async () => {
    await start({ tabs: { Sheet1: [['a', 'b'], ['c']] } });
    await batchGet(['Sheet1']);
    await api(base());
    await batchUpdate([{ appendCells: { sheetId: 0, rows: [{ values: [{}, {}] }], fields: '*' } }]);
    await api(`${base()}/values/Sheet1`);
    expect(fake.stats).toEqual({
      get: 1,
      batchGet: 1,
      batchUpdate: 1,
      other: 1,
      cellsRead: 6,
      cellsWritten: 2,
    });
    expect(fake.requests.map((r) => r.kind)).toEqual(['batchGet', 'get', 'batchUpdate', 'other']);
    fake.resetStats();
    expect(fake.stats).toEqual({
      get: 0,
      batchGet: 0,
      batchUpdate: 0,
      other: 0,
      cellsRead: 0,
      cellsWritten: 0,
    });
    expect(fake.requests).toEqual([]);
  });

  it('waits the configured latency, changeable at run time', async () => {
    await start({ latency: { readMs: 60 } });
    let t = performance.now();
    await batchGet(['Sheet1']);
    expect(performance.now() - t).toBeGreaterThanOrEqual(55);
    fake.setLatency({ readMs: 0, writeMs: 60 });
    t = performance.now();
    await batchGet(['Sheet1']);
    expect(performance.now() - t).toBeLessThan(55);
  });
});

describe('sheets fake: a batch is all or nothing', () => {
  /** A spreadsheet with something of everything a request can change: values, a formula, formats, dropdowns, protections, a frozen row, two tabs. */
  async function rich(): Promise<{ main: number; other: number }> {
    await start({
      tabs: {
        Sheet1: [['ID', 'Name', 'Count'], ['M-1', 'Ada', 3], [], ['M-2', null, 5]],
        Other: [['x']],
      },
    });
    fake.setCell('Sheet1', 1, 3, null, { formula: '=C2*2' });
    const ids = { main: 0, other: fake.sheet('Other')?.sheetId ?? -1 };
    const setUp = await batchUpdate([
      {
        updateSheetProperties: {
          properties: { sheetId: ids.main, gridProperties: { frozenRowCount: 1 } },
          fields: 'gridProperties.frozenRowCount',
        },
      },
      {
        setDataValidation: {
          range: {
            sheetId: ids.main,
            startRowIndex: 1,
            endRowIndex: 5,
            startColumnIndex: 1,
            endColumnIndex: 2,
          },
          rule: { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'Ada' }] }, strict: true },
        },
      },
      {
        repeatCell: {
          range: {
            sheetId: ids.main,
            startRowIndex: 1,
            endRowIndex: 4,
            startColumnIndex: 2,
            endColumnIndex: 3,
          },
          cell: { userEnteredFormat: { numberFormat: { type: 'NUMBER', pattern: '0.0' } } },
          fields: 'userEnteredFormat.numberFormat',
        },
      },
      {
        addProtectedRange: {
          protectedRange: { range: { sheetId: ids.main, startRowIndex: 2, endRowIndex: 4 } },
        },
      },
      { addProtectedRange: { protectedRange: { range: { sheetId: ids.other }, warningOnly: true } } },
    ]);
    expect(setUp.status).toBe(200);
    return ids;
  }

  /** Everything the fake holds, and everything spreadsheets.get shows of it. */
  async function state() {
    const shown = await api(`${base()}?includeGridData=true`);
    return { model: structuredClone(fake.spreadsheet), shown: shown.body };
  }

  const text = (value: string) => ({ userEnteredValue: { stringValue: value } });
  type Ids = { main: number; other: number };
  const cases: { name: string; requests: (ids: Ids) => object[] }[] = [
    {
      name: 'appendCells',
      requests: ({ main }) => [
        {
          appendCells: {
            sheetId: main,
            rows: [
              { values: [text('M-3'), { ...text('Bea'), dataValidation: { strict: false } }] },
              {
                values: [
                  {
                    userEnteredValue: { numberValue: 7 },
                    userEnteredFormat: { numberFormat: { type: 'DATE' } },
                  },
                ],
              },
            ],
            fields: '*',
          },
        },
      ],
    },
    {
      name: 'appendCells past the last row of the grid',
      requests: ({ other }) => [
        {
          updateSheetProperties: {
            properties: { sheetId: other, gridProperties: { rowCount: 1 } },
            fields: 'gridProperties.rowCount',
          },
        },
        {
          appendCells: {
            sheetId: other,
            rows: [{ values: [text('y')] }, { values: [text('z')] }],
            fields: 'userEnteredValue',
          },
        },
      ],
    },
    {
      name: 'updateCells from a start cell',
      requests: ({ main }) => [
        {
          updateCells: {
            start: { sheetId: main, rowIndex: 1, columnIndex: 1 },
            rows: [
              { values: [text('Grace'), { userEnteredValue: { formulaValue: '=1' } }] },
              {},
              { values: [text('new')] },
            ],
            fields: 'userEnteredValue',
          },
        },
      ],
    },
    {
      name: 'updateCells over a range, clearing what the rows do not cover',
      requests: ({ main }) => [
        {
          updateCells: {
            range: {
              sheetId: main,
              startRowIndex: 0,
              endRowIndex: 4,
              startColumnIndex: 0,
              endColumnIndex: 4,
            },
            rows: [{ values: [text('Only')] }],
            fields: '*',
          },
        },
      ],
    },
    {
      name: 'repeatCell',
      requests: ({ main }) => [
        {
          repeatCell: {
            range: { sheetId: main, startRowIndex: 0, endRowIndex: 6 },
            cell: { ...text('same'), userEnteredFormat: { numberFormat: { type: 'TEXT' } } },
            fields: 'userEnteredValue,userEnteredFormat.numberFormat',
          },
        },
      ],
    },
    {
      name: 'addSheet, first in the order',
      requests: () => [
        {
          addSheet: {
            properties: { title: 'New', index: 0, gridProperties: { rowCount: 5, frozenRowCount: 1 } },
          },
        },
      ],
    },
    {
      name: 'addSheet, then writes to it',
      requests: () => [
        { addSheet: { properties: { sheetId: 99, title: 'Newer' } } },
        { appendCells: { sheetId: 99, rows: [{ values: [text('in new')] }], fields: 'userEnteredValue' } },
      ],
    },
    {
      name: 'updateSheetProperties: title and frozen rows',
      requests: ({ main }) => [
        {
          updateSheetProperties: {
            properties: { sheetId: main, title: 'Renamed', gridProperties: { frozenRowCount: 2 } },
            fields: 'title,gridProperties.frozenRowCount',
          },
        },
      ],
    },
    {
      name: 'updateSpreadsheetProperties: title and time zone',
      requests: () => [
        {
          updateSpreadsheetProperties: {
            properties: { title: 'Renamed', timeZone: 'Europe/London' },
            fields: 'title,timeZone',
          },
        },
      ],
    },
    {
      name: 'setDataValidation, set and cleared',
      requests: ({ main }) => [
        {
          setDataValidation: {
            range: {
              sheetId: main,
              startRowIndex: 0,
              endRowIndex: 8,
              startColumnIndex: 0,
              endColumnIndex: 1,
            },
            rule: { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'M-1' }] } },
          },
        },
        {
          setDataValidation: {
            range: {
              sheetId: main,
              startRowIndex: 1,
              endRowIndex: 5,
              startColumnIndex: 1,
              endColumnIndex: 2,
            },
          },
        },
      ],
    },
    {
      name: 'addProtectedRange',
      requests: ({ main }) => [
        {
          addProtectedRange: {
            protectedRange: {
              range: { sheetId: main, startColumnIndex: 0, endColumnIndex: 1 },
              description: 'IDs',
            },
          },
        },
      ],
    },
    {
      name: 'appendDimension, rows and columns',
      requests: ({ main }) => [
        { appendDimension: { sheetId: main, dimension: 'ROWS', length: 10 } },
        { appendDimension: { sheetId: main, dimension: 'COLUMNS', length: 2 } },
      ],
    },
    {
      name: 'insertDimension, rows and columns',
      requests: ({ main }) => [
        { insertDimension: { range: { sheetId: main, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
        { insertDimension: { range: { sheetId: main, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 } } },
      ],
    },
    {
      name: 'deleteDimension: rows, moving protections and frozen rows',
      requests: ({ main }) => [
        { deleteDimension: { range: { sheetId: main, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
        { deleteDimension: { range: { sheetId: main, dimension: 'ROWS', startIndex: 0, endIndex: 1 } } },
      ],
    },
    {
      name: 'deleteDimension: columns',
      requests: ({ main }) => [
        { deleteDimension: { range: { sheetId: main, dimension: 'COLUMNS', startIndex: 0, endIndex: 2 } } },
      ],
    },
    {
      name: 'the same rows written, moved and deleted in one batch',
      requests: ({ main }) => [
        { appendCells: { sheetId: main, rows: [{ values: [text('M-3')] }], fields: 'userEnteredValue' } },
        { insertDimension: { range: { sheetId: main, dimension: 'ROWS', startIndex: 0, endIndex: 1 } } },
        {
          updateCells: {
            start: { sheetId: main, rowIndex: 5, columnIndex: 1 },
            rows: [{ values: [text('Cy')] }],
            fields: '*',
          },
        },
        { deleteDimension: { range: { sheetId: main, dimension: 'ROWS', startIndex: 1, endIndex: 3 } } },
        { deleteDimension: { range: { sheetId: main, dimension: 'COLUMNS', startIndex: 1, endIndex: 2 } } },
        {
          updateCells: {
            start: { sheetId: main, rowIndex: 1, columnIndex: 0 },
            rows: [{ values: [text('top')] }],
            fields: '*',
          },
        },
      ],
    },
    {
      name: 'updateSheetProperties: a smaller grid',
      requests: ({ main }) => [
        {
          updateSheetProperties: {
            properties: { sheetId: main, gridProperties: { rowCount: 2, columnCount: 1 } },
            fields: 'gridProperties.rowCount,gridProperties.columnCount',
          },
        },
      ],
    },
  ];
  // Every kind of request above, one after the other (the grid shrinks last).
  const each = [...cases];
  cases.push({
    name: 'all of the above in one batch',
    requests: (ids) => each.flatMap((c) => c.requests(ids)),
  });

  it.each(cases)('undoes $name when a later request fails', async ({ requests }) => {
    const ids = await rich();
    const before = await state();
    fake.resetStats();
    const failed = await batchUpdate([
      ...requests(ids),
      { appendCells: { sheetId: 4242, rows: [], fields: '*' } },
    ]);
    expect(failed.status).toBe(400);
    expect(failed.body.error.message).toMatch(
      /^Invalid requests\[\d+\]\.appendCells: No grid with id: 4242$/,
    );
    const after = await state();
    expect(after.model).toStrictEqual(before.model);
    expect(after.shown).toEqual(before.shown);
    expect(fake.stats.cellsWritten).toBe(0);
    // Alone, the same requests do change the spreadsheet: the check above is not vacuous.
    expect((await batchUpdate(requests(ids))).status).toBe(200);
    expect((await state()).model).not.toEqual(before.model);
  });

  it('keeps test-side edits and earlier batches when a later batch fails', async () => {
    const ids = await rich();
    expect(
      (
        await batchUpdate([
          { appendCells: { sheetId: ids.main, rows: [{ values: [text('M-3')] }], fields: '*' } },
        ])
      ).status,
    ).toBe(200);
    fake.setCell('Sheet1', 0, 5, 'by hand');
    const before = fake.getGrid('Sheet1');
    const failed = await batchUpdate([
      {
        updateCells: {
          start: { sheetId: ids.main, rowIndex: 0, columnIndex: 5 },
          rows: [{ values: [text('api')] }],
          fields: '*',
        },
      },
      { frobnicate: {} },
    ]);
    expect(failed.status).toBe(400);
    expect(fake.getGrid('Sheet1')).toEqual(before);
    expect(fake.getGrid('Sheet1')[4]).toEqual(['M-3']);
    expect(fake.cell('Sheet1', 0, 5)).toEqual({ kind: 'text', value: 'by hand' });
  });
});

describe('sheets fake: snapshot and restore', () => {
  it('puts back the spreadsheet as it was, as often as asked, whatever changed it', async () => {
    await start({
      tabs: {
        Members: [
          ['ID', 'Name'],
          ['M-1', 'Ada'],
        ],
        Audit: [['When']],
      },
    });
    const members = fake.sheet('Members')?.sheetId;
    await batchUpdate([
      {
        setDataValidation: {
          range: {
            sheetId: members,
            startRowIndex: 1,
            endRowIndex: 3,
            startColumnIndex: 1,
            endColumnIndex: 2,
          },
          rule: { condition: { type: 'ONE_OF_LIST', values: [{ userEnteredValue: 'Ada' }] } },
        },
      },
      {
        addProtectedRange: {
          protectedRange: { range: { sheetId: members, startRowIndex: 1, endRowIndex: 3 } },
        },
      },
    ]);
    fake.setCell('Members', 1, 2, 46000, { numberFormat: { type: 'DATE' } });
    const snapshot = fake.snapshot();
    const before = { model: structuredClone(fake.spreadsheet), grid: fake.getGrid('Members') };

    for (let round = 0; round < 2; round++) {
      await batchUpdate([
        { deleteDimension: { range: { sheetId: members, dimension: 'ROWS', startIndex: 0, endIndex: 1 } } },
        {
          repeatCell: {
            range: { sheetId: members },
            cell: { userEnteredFormat: { numberFormat: { type: 'TEXT' } } },
            fields: 'userEnteredFormat.numberFormat,dataValidation',
          },
        },
        { updateSpreadsheetProperties: { properties: { timeZone: 'Europe/London' }, fields: 'timeZone' } },
      ]);
      fake.setCell('Members', 0, 0, 'changed by hand');
      fake.spreadsheet.sheets.splice(1, 1);
      const sheet = fake.sheet('Members');
      if (sheet) sheet.rowCount = 5;
      expect(fake.spreadsheet).not.toEqual(before.model);

      fake.restore(snapshot);
      expect(fake.spreadsheet).toStrictEqual(before.model);
      expect(fake.getGrid('Members')).toEqual(before.grid);
      expect(fake.cell('Members', 1, 1).validation?.condition?.values).toEqual([{ userEnteredValue: 'Ada' }]);
      expect(fake.cell('Members', 1, 2)).toEqual({
        kind: 'number',
        value: 46000,
        numberFormat: { type: 'DATE' },
      });
    }
    // Restoring leaves the counters alone.
    expect(fake.stats.batchUpdate).toBe(3);
  });
});

describe('sheets fake: charts', () => {
  /** A line chart of column A (the domain) and B over rows 1..`rows` of sheet `sheetId`, anchored at `at`. */
  const lineChart = (
    sheetId: number,
    rows = 1000,
    at: { row: number; column: number } = { row: 0, column: 4 },
  ) => {
    const column = (index: number) => ({
      sourceRange: {
        sources: [
          {
            sheetId,
            startRowIndex: 0,
            endRowIndex: rows,
            startColumnIndex: index,
            endColumnIndex: index + 1,
          },
        ],
      },
    });
    return {
      addChart: {
        chart: {
          spec: {
            title: 'Members',
            basicChart: {
              chartType: 'LINE',
              headerCount: 1,
              domains: [{ domain: column(0) }],
              series: [{ series: column(1), targetAxis: 'LEFT_AXIS' }],
            },
          },
          position: {
            overlayPosition: { anchorCell: { sheetId, rowIndex: at.row, columnIndex: at.column } },
          },
        },
      },
    };
  };
  const getWith = (fields?: string) =>
    api(`${base()}${fields === undefined ? '' : `?fields=${encodeURIComponent(fields)}`}`);

  it('adds a chart over a sheet, answers it with an id and Google’s default size, and keeps it as rows come', async () => {
    await start({ tabs: { Weeks: [['Week', 'New']] } });
    const res = await batchUpdate([lineChart(0)]);
    expect(res.status).toBe(200);
    const chart = res.body.replies[0].addChart.chart;
    expect(chart.chartId).toEqual(expect.any(Number));
    expect(chart.spec.title).toBe('Members');
    expect(chart.position.overlayPosition).toEqual({
      anchorCell: { sheetId: 0, rowIndex: 0, columnIndex: 4 },
      widthPixels: 600,
      heightPixels: 371,
    });
    const row = { values: [{ userEnteredValue: { stringValue: '2026-11-30' } }] };
    await batchUpdate([{ appendCells: { sheetId: 0, rows: [row], fields: 'userEnteredValue' } }]);
    expect(fake.sheet('Weeks')?.charts).toEqual([chart]);
    // A copy survives what happens to the spreadsheet after it.
    const snapshot = fake.snapshot();
    fake.sheet('Weeks')?.charts.splice(0, 1);
    fake.restore(snapshot);
    expect(fake.sheet('Weeks')?.charts).toEqual([chart]);
  });

  it('returns charts from spreadsheets.get when the fields mask names them, or when there is no mask', async () => {
    await start({ tabs: { Weeks: [['Week', 'New']] } });
    await batchUpdate([lineChart(0)]);
    const asked = await getWith('sheets(properties(title),charts(chartId,spec(title)))');
    expect(asked.body.sheets[0].charts.map((c: Json) => c.spec.title)).toEqual(['Members']);
    expect((await getWith()).body.sheets[0].charts).toHaveLength(1);
    const notAsked = await getWith('sheets(properties(title),protectedRanges(description))');
    expect(notAsked.body.sheets[0].charts).toBeUndefined();
  });

  it('refuses a chart Google would refuse, with its 400 error shape, and applies nothing', async () => {
    await start({ tabs: { Weeks: [['Week', 'New']] } });
    const cases: [unknown, string][] = [
      [lineChart(42), 'Invalid requests[1].addChart: No grid with id: 42'],
      [
        { addChart: { chart: { ...lineChart(0).addChart.chart, spec: { title: 'No kind' } } } },
        'Invalid requests[1].addChart: The chart spec must have exactly one chart type set.',
      ],
      [
        lineChart(0, 1001),
        "Invalid requests[1].addChart: Range ('Weeks'!A1:A1001) exceeds grid limits. Max rows: 1000, max columns: 26",
      ],
      [
        lineChart(0, 1000, { row: 0, column: 26 }),
        'Invalid requests[1].addChart: The anchor cell (row 0, column 26) exceeds grid limits. Max rows: 1000, max columns: 26',
      ],
    ];
    const combo = lineChart(0);
    combo.addChart.chart.spec.basicChart.series = [
      { ...combo.addChart.chart.spec.basicChart.series[0], type: 'COLUMN' } as never,
    ];
    cases.push([combo, 'Invalid requests[1].addChart: A series type can only be set in a COMBO chart.']);
    const wide = lineChart(0);
    const source = wide.addChart.chart.spec.basicChart.domains[0]?.domain.sourceRange.sources[0];
    if (source) source.endColumnIndex = 2;
    cases.push([
      wide,
      'Invalid requests[1].addChart: A chart source range must be exactly one row or one column.',
    ]);
    const pie = lineChart(0);
    pie.addChart.chart.spec.basicChart.chartType = 'PIE';
    cases.push([pie, 'basic_chart.chart_type']);

    const before = { spreadsheet: structuredClone(fake.spreadsheet) };
    for (const [request, message] of cases) {
      const res = await batchUpdate([lineChart(0), request]);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' });
      expect(res.body.error.message).toContain(message);
    }
    expect(fake.spreadsheet).toEqual(before.spreadsheet);
  });
});
