import { auth } from '@googleapis/sheets';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, HearthError } from '../common/errors.js';
import { type Cell, DATE_TIME_FORMAT } from '../sheets-schema/cells.js';
import { createGoogleGridStore, type GoogleGridStoreOptions } from '../sheets-schema/google.js';
import type { GridWrite } from '../sheets-schema/grid.js';
import type { GridStore } from '../sheets-schema/grid-store.js';
import { type SheetsFake, startSheetsFake } from './fakes/sheets-fake.js';

let fake: SheetsFake;
let store: GridStore;

const open = (extra: Partial<GoogleGridStoreOptions> = {}) =>
  createGoogleGridStore({ spreadsheetId: fake.spreadsheetId, rootUrl: fake.rootUrl, ...extra });

beforeEach(async () => {
  fake = await startSheetsFake({
    tabs: {
      Members: [
        ['Member ID', 'Name', 'Email', 'Joined'],
        ['M-1', 'Ada', 'ada@example.org'],
        [],
        [null, 'Grace'],
      ],
      'Form responses 1': [
        ['Timestamp', 'Name'],
        [46000.5, 'Linus'],
      ],
    },
  });
  store = open();
});
afterEach(async () => {
  await fake.close();
});

async function failure(promise: Promise<unknown>): Promise<HearthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(HearthError);
  return error as HearthError;
}

const text = (t: string) => ({ text: t });

describe('google store: reading', () => {
  it('reads ragged rows with empty cells as null, and leaves missing tabs out', async () => {
    const tabs = await store.readTabs(['Members', 'Nope', 'Form responses 1']);
    expect([...tabs.keys()]).toEqual(['Members', 'Form responses 1']);
    expect(tabs.get('Members')).toEqual([
      ['Member ID', 'Name', 'Email', 'Joined'],
      ['M-1', 'Ada', 'ada@example.org'],
      [],
      [null, 'Grace'],
    ]);
    expect(tabs.get('Form responses 1')).toEqual([
      ['Timestamp', 'Name'],
      [46000.5, 'Linus'],
    ]);
  });

  it('reads with one batchGet regardless of row count, after one lookup of the tab list', async () => {
    await store.readTabs(['Members', 'Nope']);
    expect(fake.stats).toMatchObject({ get: 1, batchGet: 1 });
    const big: Cell[][] = [
      ['Member ID', 'Name'],
      ...Array.from({ length: 5_000 }, (_, i) => [`M-${i}`, `P${i}`]),
    ];
    fake.setGrid('Members', big);
    fake.resetStats();
    const tabs = await store.readTabs(['Members', 'Form responses 1', 'Nope']);
    expect(tabs.get('Members')).toHaveLength(5_001);
    expect(fake.stats).toMatchObject({ get: 0, batchGet: 1, batchUpdate: 0 });
    // A tab already found missing is not looked up again on every read.
    fake.resetStats();
    await store.readTabs(['Nope', 'Members']);
    expect(fake.stats).toMatchObject({ get: 0, batchGet: 1 });
  });

  it('asks for unindented JSON on every call (Google indents it unless told prettyPrint=false)', async () => {
    await store.readTabs(['Members']);
    await store.write({ appends: [{ tab: 'Members', rows: [[text('M-2'), text('Bob')]] }], updates: [] });
    expect(fake.requests.length).toBeGreaterThanOrEqual(3);
    for (const request of fake.requests)
      expect(new URL(request.url, 'http://x').searchParams.get('prettyPrint')).toBe('false');
  });

  it('asks for the tab list again for a tab it has not seen, and finds one added by hand', async () => {
    await store.readTabs(['Members']);
    fake.setGrid('Audit', [['When', 'Action']]);
    fake.resetStats();
    expect((await store.readTabs(['Audit'])).get('Audit')).toEqual([['When', 'Action']]);
    expect(fake.stats).toMatchObject({ get: 1, batchGet: 1 });
  });

  it("does not look up the tab list on every read for a missing optional tab (a form's responses)", async () => {
    await store.readTabs(['Members']);
    fake.resetStats();
    const optional = { optional: ['Form responses (rsvp)'] };
    await store.readTabs(['Members', 'Form responses (rsvp)'], optional);
    await store.readTabs(['Members', 'Form responses (rsvp)'], optional);
    expect(fake.stats).toMatchObject({ get: 0, batchGet: 2 });
  });

  it('reads a header row and chosen columns in one call, quoting names with spaces and quotes', async () => {
    fake.setGrid("Bob's tab", [['A', 'B', 'C'], [1, 2, 3], [], [null, null, 'x']]);
    await store.readTabs(['Nope']); // the tab list, with Nope known missing
    fake.resetStats();
    const read = await store.readColumns([
      { tab: 'Form responses 1', columns: [1] },
      { tab: "Bob's tab", columns: [0, 2] },
      { tab: 'Nope', columns: [0] },
    ]);
    expect(fake.stats).toMatchObject({ get: 0, batchGet: 1 });
    expect([...read.keys()]).toEqual(['Form responses 1', "Bob's tab"]);
    expect(read.get('Form responses 1')).toEqual({
      header: ['Timestamp', 'Name'],
      columns: new Map([[1, ['Name', 'Linus']]]),
    });
    expect(read.get("Bob's tab")?.columns).toEqual(
      new Map([
        [0, ['A', 1]],
        [2, ['C', 3, null, 'x']],
      ]),
    );
    const ranges = new URL(fake.requests[0]?.url ?? '', fake.rootUrl).searchParams.getAll('ranges');
    expect(ranges).toEqual([
      "'Form responses 1'!1:1",
      "'Form responses 1'!B:B",
      "'Bob''s tab'!1:1",
      "'Bob''s tab'!A:A",
      "'Bob''s tab'!C:C",
    ]);
  });

  it('reads serial dates as numbers', async () => {
    fake.setCell('Members', 1, 3, 46359.770833333336, {
      numberFormat: { type: 'DATE_TIME', pattern: DATE_TIME_FORMAT },
    });
    const members = (await store.readTabs(['Members'])).get('Members');
    expect(members?.[1]?.[3]).toBe(46359.770833333336);
  });
});

describe('google store: repeated reads', () => {
  const repeat = { repeat: true };

  it('answers an unchanged repeated read with the very grids it gave before', async () => {
    const first = (await store.readTabs(['Members'], repeat)).get('Members');
    const again = (await store.readTabs(['Members'], repeat)).get('Members');
    expect(again).toBe(first);
    expect(fake.stats.batchGet).toBe(2); // still read from Google each time: the sheet is the truth
  });

  it('gives a changed row as a new array with its new cells, and the rows that stayed the same as before', async () => {
    const first = (await store.readTabs(['Members'], repeat)).get('Members') ?? [];
    fake.setCell('Members', 1, 1, 'Ada Lovelace');
    fake.setCell('Members', 4, 0, 'M-9');
    const again = (await store.readTabs(['Members'], repeat)).get('Members') ?? [];
    expect(again).not.toBe(first);
    expect(again).toEqual([
      ['Member ID', 'Name', 'Email', 'Joined'],
      ['M-1', 'Ada Lovelace', 'ada@example.org'],
      [],
      [null, 'Grace'],
      ['M-9'],
    ]);
    expect(again[0]).toBe(first[0]);
    expect(again[1]).not.toBe(first[1]);
    expect(again[3]).toBe(first[3]);
    expect(first[1]).toEqual(['M-1', 'Ada', 'ada@example.org']); // what was handed out is never changed
  });

  it('keeps each repeated read apart, and never hands out the same arrays to a read that is not repeated', async () => {
    const members = (await store.readTabs(['Members'], repeat)).get('Members');
    const both = await store.readTabs(['Members', 'Form responses 1'], repeat);
    expect(both.get('Members')).toEqual(members);
    expect((await store.readTabs(['Members'], repeat)).get('Members')).toBe(members);
    const plain = (await store.readTabs(['Members'])).get('Members');
    expect(plain).toEqual(members);
    expect(plain).not.toBe(members);
  });

  it('never takes an answer cut short for an empty sheet: a retryable error, repeated read or not', async () => {
    fake.cutNextAnswer();
    const list = await failure(store.readTabs(['Members'])); // the list of tabs, read first
    expect(list.message).toContain('reading the list of tabs: its answer was not whole');
    await store.readTabs(['Members']);
    for (const options of [{}, { repeat: true }]) {
      fake.cutNextAnswer();
      const cut = await failure(store.readTabs(['Members'], options));
      expect(cut.code).toBe(ErrorCode.SheetsUnavailable);
      expect(cut.retryable).toBe(true);
      expect(cut.message).toContain('reading cells: its answer was not whole');
    }
    expect((await store.readTabs(['Members'], { repeat: true })).get('Members')?.[1]?.[1]).toBe('Ada');
  });

  it('turns a failed repeated read into the same coded errors', async () => {
    fake.failNext(1);
    const quota = await failure(store.readTabs(['Members'], repeat));
    expect(quota.code).toBe(ErrorCode.SheetsQuotaExhausted);
    expect(quota.message).toContain('Quota exceeded');
    fake.failNext(1, 403);
    const denied = await failure(store.readTabs(['Members'], repeat));
    expect(denied.code).toBe(ErrorCode.SheetsRequestFailed);
    expect(denied.hint).toMatch(/service account's email .* as Editor/);
  });
});

describe('google store: writing', () => {
  it('appends and updates in one batchUpdate, round-tripping ragged rows', async () => {
    await store.readTabs(['Members', 'Form responses 1']);
    fake.resetStats();
    const batch: GridWrite = {
      appends: [
        { tab: 'Members', rows: [[text('M-2'), undefined, text('bo@example.org')], [text('M-3')]] },
        { tab: 'Form responses 1', rows: [[{ number: 46001 }, text('Ken')]] },
      ],
      updates: [
        { tab: 'Members', row: 1, column: 1, value: text('Ada L.') },
        { tab: 'Members', row: 1, column: 2, value: { empty: true } },
        { tab: 'Members', row: 3, column: 0, value: text('M-4') },
      ],
    };
    await store.write(batch);
    expect(fake.stats).toMatchObject({ get: 0, batchGet: 0, batchUpdate: 1 });
    expect(fake.getGrid('Members')).toEqual([
      ['Member ID', 'Name', 'Email', 'Joined'],
      ['M-1', 'Ada L.'],
      [],
      ['M-4', 'Grace'],
      ['M-2', null, 'bo@example.org'],
      ['M-3'],
    ]);
    expect(fake.getGrid('Form responses 1')[2]).toEqual([46001, 'Ken']);
    // Adjacent cells of a row go in one updateCells.
    const body = fake.requests[0]?.body as { requests: Record<string, unknown>[] };
    expect(body.requests.map((r) => Object.keys(r)[0])).toEqual([
      'appendCells',
      'appendCells',
      'updateCells',
      'updateCells',
    ]);
    expect((await open().readTabs(['Members'])).get('Members')).toEqual(fake.getGrid('Members'));
  });

  it('stores text starting with = + - @ as text, never as a formula', async () => {
    const hostile = ['=HYPERLINK("http://evil.example","x")', '+1+2', '-3', '@SUM(A1)'];
    await store.write({
      appends: [{ tab: 'Members', rows: hostile.map((h) => [text('M-9'), text(h)]) }],
      updates: [],
    });
    await store.write({ appends: [], updates: [{ tab: 'Members', row: 1, column: 1, value: text('=1+1') }] });
    for (let row = 4; row < 8; row++)
      expect(fake.cell('Members', row, 1)).toEqual({ kind: 'text', value: hostile[row - 4] });
    expect(fake.cell('Members', 1, 1)).toEqual({ kind: 'text', value: '=1+1' });
    expect(JSON.stringify(fake.requests.map((r) => r.body))).not.toContain('formulaValue');
  });

  it('writes dates as serial numbers with a DATE_TIME format', async () => {
    await store.write({
      appends: [{ tab: 'Members', rows: [[text('M-5'), text('Eve'), undefined, { serial: 46359.75 }]] }],
      updates: [{ tab: 'Members', row: 1, column: 3, value: { serial: 46000.25 } }],
    });
    const format = { type: 'DATE_TIME', pattern: DATE_TIME_FORMAT };
    expect(fake.cell('Members', 4, 3)).toEqual({ kind: 'number', value: 46359.75, numberFormat: format });
    expect(fake.cell('Members', 1, 3)).toEqual({ kind: 'number', value: 46000.25, numberFormat: format });
    expect(fake.cell('Members', 4, 0).numberFormat).toBeUndefined();
    const sent = fake.requests.at(-1)?.body as
      | { requests: { updateCells?: { fields: string } }[] }
      | undefined;
    const update = sent?.requests.find((r) => r.updateCells);
    expect(update?.updateCells?.fields).toBe('userEnteredValue,userEnteredFormat.numberFormat');
  });

  it('an appended row keeps the number formats organizers gave its other cells', async () => {
    // The organizers formatted the Email column (row 5, where the next row lands) as plain text, and the Name
    // column as a number with two decimals.
    const plain = { type: 'TEXT' as const, pattern: '@' };
    const decimals = { type: 'NUMBER' as const, pattern: '0.00' };
    fake.setCell('Members', 4, 2, null, { numberFormat: plain });
    fake.setCell('Members', 4, 1, null, { numberFormat: decimals });
    await store.write({
      appends: [
        {
          tab: 'Members',
          rows: [[text('M-5'), { number: 7 }, text('eve@example.org'), { serial: 46359.75 }]],
        },
      ],
      updates: [],
    });
    expect(fake.cell('Members', 4, 1)).toEqual({ kind: 'number', value: 7, numberFormat: decimals });
    expect(fake.cell('Members', 4, 2)).toEqual({
      kind: 'text',
      value: 'eve@example.org',
      numberFormat: plain,
    });
    expect(fake.cell('Members', 4, 3).numberFormat).toEqual({ type: 'DATE_TIME', pattern: DATE_TIME_FORMAT });
    // Still one batchUpdate: the values, then the date column's format below the header.
    const sent = fake.requests.at(-1)?.body as { requests: Record<string, { fields?: string }>[] };
    expect(sent.requests.map((r) => Object.keys(r)[0])).toEqual(['appendCells', 'repeatCell']);
    expect(sent.requests[0]?.appendCells?.fields).toBe('userEnteredValue');
    expect(fake.cell('Members', 0, 3).numberFormat).toBeUndefined();
  });

  it('writes numbers and booleans as typed values', async () => {
    await store.write({
      appends: [],
      updates: [
        { tab: 'Members', row: 1, column: 3, value: { number: 12.5 } },
        { tab: 'Members', row: 3, column: 3, value: { bool: false } },
      ],
    });
    expect(fake.cell('Members', 1, 3)).toEqual({ kind: 'number', value: 12.5 });
    expect(fake.cell('Members', 3, 3)).toEqual({ kind: 'bool', value: false });
  });

  it('grows the grid when appends pass its last row', async () => {
    const sheet = fake.sheet('Members');
    if (sheet) sheet.rowCount = 4;
    await store.write({ appends: [{ tab: 'Members', rows: [[text('M-6')], [text('M-7')]] }], updates: [] });
    expect(fake.sheet('Members')?.rowCount).toBe(6);
    expect(fake.getGrid('Members').slice(4)).toEqual([['M-6'], ['M-7']]);
  });

  it('changes nothing when one update is past the grid, and says so with a non-retryable error', async () => {
    const before = fake.getGrid('Members');
    const error = await failure(
      store.write({
        appends: [{ tab: 'Members', rows: [[text('M-8')]] }],
        updates: [{ tab: 'Members', row: 5_000, column: 0, value: text('far') }],
      }),
    );
    expect(error.code).toBe(ErrorCode.SheetsRequestFailed);
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('exceeds grid limits');
    expect(fake.getGrid('Members')).toEqual(before);
  });

  it('refuses to write to a tab that does not exist', async () => {
    const error = await failure(
      store.write({ appends: [{ tab: 'Nope', rows: [[text('x')]] }], updates: [] }),
    );
    expect(error.code).toBe(ErrorCode.TabMissing);
    expect(fake.stats.batchUpdate).toBe(0);
  });

  it('finds the new sheet id when a tab was deleted and made again by hand', async () => {
    await store.readTabs(['Members']);
    const model = fake.spreadsheet;
    model.sheets = model.sheets.filter((s) => s.title !== 'Form responses 1');
    fake.setGrid('Form responses 1', [['Timestamp', 'Name']]);
    await store.write({ appends: [{ tab: 'Form responses 1', rows: [[text('again')]] }], updates: [] });
    expect(fake.getGrid('Form responses 1')).toEqual([['Timestamp', 'Name'], ['again']]);
    expect(fake.stats).toMatchObject({ get: 2, batchUpdate: 2 });
  });

  it('makes no call for an empty batch', async () => {
    await store.write({ appends: [{ tab: 'Members', rows: [] }], updates: [] });
    await store.applyLayout([]);
    expect(fake.stats).toMatchObject({ get: 0, batchGet: 0, batchUpdate: 0 });
  });
});

describe('google store: layout', () => {
  it('applies a layout in one batchUpdate and reads it back', async () => {
    await store.readTabs([]);
    fake.resetStats();
    const statuses = ['Pending', 'Active'];
    const headers = Array.from({ length: 28 }, (_, i) => ({ column: i, text: `H${i}` }));
    await store.applyLayout([
      { kind: 'addTab', tab: 'Audit log' },
      { kind: 'setHeaders', tab: 'Audit log', cells: headers },
      { kind: 'freezeHeader', tab: 'Audit log' },
      { kind: 'dropdown', tab: 'Audit log', column: 4, values: statuses },
      { kind: 'protectColumn', tab: 'Audit log', column: 0, description: 'Hearth writes this column' },
      { kind: 'setHeaders', tab: 'Members', cells: [{ column: 4, text: 'Status' }] },
      { kind: 'dropdown', tab: 'Members', column: 4, values: statuses },
      { kind: 'setTimeZone', timeZone: 'Europe/London' },
    ]);
    expect(fake.stats).toMatchObject({ get: 0, batchUpdate: 1 });
    expect(fake.getGrid('Audit log')).toEqual([headers.map((h) => h.text)]);
    expect(fake.cell('Audit log', 1, 4).validation).toEqual({
      condition: {
        type: 'ONE_OF_LIST',
        values: [{ userEnteredValue: 'Pending' }, { userEnteredValue: 'Active' }],
      },
      showCustomUi: true,
      strict: false,
    });
    expect(fake.cell('Audit log', 0, 4).validation).toBeUndefined();

    fake.resetStats();
    const layout = await store.layout();
    expect(fake.stats).toMatchObject({ get: 2, batchUpdate: 0 });
    expect(layout.timeZone).toBe('Europe/London');
    expect(layout.tabs.map((t) => t.title)).toEqual(['Members', 'Form responses 1', 'Audit log']);
    expect(layout.tabs[2]).toEqual({
      title: 'Audit log',
      rowCount: 1000,
      columnCount: 28,
      frozenRows: 1,
      dropdowns: new Map([[4, statuses]]),
      protections: ['Hearth writes this column'],
      charts: [],
    });
    expect(layout.tabs[0]).toMatchObject({
      frozenRows: 0,
      dropdowns: new Map([[4, statuses]]),
      protections: [],
    });
    // The new tab is in the cached list: writing to it needs no lookup.
    fake.resetStats();
    await store.write({ appends: [{ tab: 'Audit log', rows: [[text('x')]] }], updates: [] });
    expect(fake.stats).toMatchObject({ get: 0, batchUpdate: 1 });
  });

  it('skips adding a tab that exists, even one the cached list missed', async () => {
    await store.readTabs([]);
    fake.setGrid('Settings', [['Setting', 'Value']]);
    await store.applyLayout([
      { kind: 'addTab', tab: 'Settings' },
      { kind: 'freezeHeader', tab: 'Settings' },
    ]);
    expect(fake.sheet('Settings')?.frozenRowCount).toBe(1);
    expect(fake.getGrid('Settings')).toEqual([['Setting', 'Value']]);
  });

  it('draws a chart of whole columns, growing a small grid first, and reads its title back', async () => {
    const members = fake.sheet('Members');
    Object.assign(members ?? {}, { rowCount: 4, columnCount: 4 });
    await store.applyLayout([
      {
        kind: 'addChart',
        tab: 'Members',
        title: 'Joins',
        type: 'combo',
        domain: 3,
        series: [
          { column: 0, drawAs: 'column' },
          { column: 1, drawAs: 'line', axis: 'right' },
        ],
        anchor: { row: 2, column: 5 },
      },
    ]);
    expect(fake.stats).toMatchObject({ batchUpdate: 1 });
    expect(members).toMatchObject({ rowCount: 1000, columnCount: 6 });
    const [chart] = members?.charts ?? [];
    const basic = chart?.spec.basicChart;
    expect(basic).toMatchObject({ chartType: 'COMBO', headerCount: 1 });
    expect(basic.domains[0].domain.sourceRange.sources).toEqual([
      { sheetId: 0, startRowIndex: 0, endRowIndex: 1000, startColumnIndex: 3, endColumnIndex: 4 },
    ]);
    expect(basic.series.map((s: { type: string; targetAxis: string }) => [s.type, s.targetAxis])).toEqual([
      ['COLUMN', 'LEFT_AXIS'],
      ['LINE', 'RIGHT_AXIS'],
    ]);
    expect(chart?.position.overlayPosition.anchorCell).toEqual({ sheetId: 0, rowIndex: 2, columnIndex: 5 });
    const layout = await store.layout();
    expect(layout.tabs.map((t) => [t.title, t.charts])).toEqual([
      ['Members', ['Joins']],
      ['Form responses 1', []],
    ]);
  });
});

describe('google store: errors', () => {
  it('turns 429 into a retryable quota error quoting Google', async () => {
    fake.failNext(1);
    const error = await failure(store.readTabs(['Members']));
    expect(error.code).toBe(ErrorCode.SheetsQuotaExhausted);
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('Quota exceeded');
    expect(fake.stats.get + fake.stats.batchGet).toBe(1); // the client library did not retry
  });

  it('turns 500 and 503 into retryable unavailability', async () => {
    await store.readTabs([]);
    for (const status of [500, 503]) {
      fake.failNext(1, status);
      const error = await failure(
        store.write({ appends: [{ tab: 'Members', rows: [[text('x')]] }], updates: [] }),
      );
      expect(error.code).toBe(ErrorCode.SheetsUnavailable);
      expect(error.retryable).toBe(true);
    }
    expect(fake.stats.batchUpdate).toBe(2);
  });

  it('turns 400 and 403 into non-retryable errors with a hint', async () => {
    fake.failNext(1, 403);
    const denied = await failure(store.readTabs(['Members']));
    expect(denied.code).toBe(ErrorCode.SheetsRequestFailed);
    expect(denied.retryable).toBe(false);
    expect(denied.hint).toMatch(/service account's email .* as Editor/);
    const wrongId = await failure(
      createGoogleGridStore({ spreadsheetId: 'nope', rootUrl: fake.rootUrl }).layout(),
    );
    expect(wrongId.message).toContain('HTTP 404 NOT_FOUND: Requested entity was not found.');
    expect(wrongId.hint).toContain('spreadsheet ID');
  });

  it('is refused with 401 without a bearer token', async () => {
    const keyOnly = open({ auth: 'an-api-key' }); // an API key sends no Authorization header
    const error = await failure(keyOnly.readTabs(['Members']));
    expect(error.code).toBe(ErrorCode.SheetsRequestFailed);
    expect(error.message).toContain('HTTP 401 UNAUTHENTICATED');
    expect(error.retryable).toBe(false);
  });

  it('turns network failures and timeouts into retryable unavailability', async () => {
    const gone = await startSheetsFake();
    await gone.close();
    const refused = createGoogleGridStore({ spreadsheetId: gone.spreadsheetId, rootUrl: gone.rootUrl });
    const down = await failure(refused.readTabs(['Members']));
    expect(down.code).toBe(ErrorCode.SheetsUnavailable);
    expect(down.retryable).toBe(true);
    expect(down.message).toContain('ECONNREFUSED');

    fake.setLatency({ readMs: 300 });
    for (const options of [{}, { repeat: true }]) {
      const slow = await failure(open({ timeoutMs: 50 }).readTabs(['Members'], options));
      expect(slow.code).toBe(ErrorCode.SheetsUnavailable);
      expect(slow.retryable).toBe(true);
    }
  });

  it('never puts the token in a message', async () => {
    const client = new auth.OAuth2();
    client.setCredentials({ access_token: 'ya29.secret-token' });
    const tokened = open({ auth: client });
    for (const status of [429, 403, 500]) {
      fake.failNext(1, status);
      const error = await failure(tokened.readTabs(['Members']));
      expect(`${error.message} ${error.hint} ${String(error.cause ?? '')}`).not.toContain('secret-token');
    }
  });
});
