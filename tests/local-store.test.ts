import { mkdtemp, readdir, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ErrorCode, HearthError } from '../common/errors.js';
import { DATE_TIME_FORMAT, dateTimeToSerial, serialToDateTime } from '../sheets-schema/cells.js';
import type { GridWrite } from '../sheets-schema/grid.js';
import type { GridStore } from '../sheets-schema/grid-store.js';
import {
  createLocalGridStore,
  DROPDOWN_LAST_ROW,
  type LocalFs,
  nodeLocalFs,
  workbookLock,
} from '../sheets-schema/local.js';

let dir: string;
let file: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hearth-local-store-'));
  file = path.join(dir, 'hearth.xlsx');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const updates = (
  tab: string,
  ...cells: [number, number, GridWrite['updates'][number]['value']][]
): GridWrite => ({
  appends: [],
  updates: cells.map(([row, column, value]) => ({ tab, row, column, value })),
});
const appends = (tab: string, rows: GridWrite['appends'][number]['rows']): GridWrite => ({
  appends: [{ tab, rows }],
  updates: [],
});

async function provisioned(tab = 'Log', fs?: LocalFs): Promise<GridStore> {
  const store = createLocalGridStore({ path: file, ...(fs ? { fs } : {}) });
  await store.applyLayout([{ kind: 'addTab', tab }]);
  return store;
}

async function grid(tab = 'Log') {
  return (await createLocalGridStore({ path: file }).readTabs([tab])).get(tab);
}

/** What a person saving in a spreadsheet program does: load, edit, save in place, a newer mtime. */
async function organizerEdit(edit: (workbook: ExcelJS.Workbook) => void): Promise<void> {
  const before = await stat(file).catch(() => undefined);
  const workbook = new ExcelJS.Workbook();
  if (before) await workbook.xlsx.readFile(file);
  edit(workbook);
  await workbook.xlsx.writeFile(file);
  const mtime = Math.max(Date.now(), (before?.mtimeMs ?? 0) + 1000) / 1000;
  await utimes(file, mtime, mtime);
}

function tabOf(workbook: ExcelJS.Workbook, tab = 'Log'): ExcelJS.Worksheet {
  const worksheet = workbook.getWorksheet(tab);
  if (!worksheet) throw new Error(`no tab ${tab}`);
  return worksheet;
}

async function onDisk(tab = 'Log'): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  return tabOf(workbook, tab);
}

/** The real file system with some calls replaced, and a count of file reads (parses). */
function fsWith(overrides: Partial<LocalFs> = {}): LocalFs & { reads: number } {
  const fs = {
    ...nodeLocalFs,
    reads: 0,
    readFile: (f: string) => {
      fs.reads++;
      return nodeLocalFs.readFile(f);
    },
    ...overrides,
  };
  return fs;
}

const fsError = (code: string) => Object.assign(new Error(`${code}: injected`), { code });

describe('local grid store', () => {
  it('reads a missing file as a workbook with no tabs, without creating it', async () => {
    const store = createLocalGridStore({ path: file });
    expect(await store.readTabs(['Log'])).toEqual(new Map());
    expect(await store.readColumns([{ tab: 'Log', columns: [0] }])).toEqual(new Map());
    expect(await store.layout()).toEqual({ timeZone: 'Etc/GMT', tabs: [] });
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('round-trips every kind of cell write', async () => {
    const store = await provisioned();
    await store.write(updates('Log', [0, 0, { text: 'old' }], [1, 1, { text: 'gone' }]));
    await store.write(
      updates(
        'Log',
        [0, 0, { text: 'text' }],
        [0, 1, { number: 12.5 }],
        [0, 2, { bool: true }],
        [0, 3, { serial: 46000.75 }],
        [1, 0, { bool: false }],
        [1, 1, { empty: true }],
      ),
    );
    expect(await grid()).toEqual([['text', 12.5, true, 46000.75], [false]]);
    const cell = (await onDisk()).getCell('D1');
    expect(cell.value).toBeInstanceOf(Date);
    expect(cell.numFmt).toBe(DATE_TIME_FORMAT);
  });

  it('keeps wall-clock serials across the Europe/London DST change, whatever the machine zone', async () => {
    const machineZone = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      const zone = 'Europe/London';
      // 00:30 BST, 01:30 BST, 01:30 GMT (clocks went back at 02:00 BST), 02:30 GMT on 2024-10-27.
      const instants = [
        '2024-10-26T23:30:00Z',
        '2024-10-27T00:30:00Z',
        '2024-10-27T01:30:00Z',
        '2024-10-27T02:30:00Z',
      ];
      const serials = instants.map((iso) => dateTimeToSerial(DateTime.fromISO(iso), zone));
      const store = await provisioned();
      await store.write(appends('Log', [serials.map((serial) => ({ serial }))]));
      const read = (await grid())?.[0] as number[];
      const day = 45592; // 2024-10-27
      expect(read.map((serial) => Math.round((serial - day) * 24 * 60))).toEqual([30, 90, 90, 150]);
      read.forEach((serial, i) => {
        expect(serial).toBeCloseTo(serials[i] as number, 9);
      });
      expect(serialToDateTime(read[3] as number, zone).toISO()).toBe('2024-10-27T02:30:00.000+00:00');
    } finally {
      process.env.TZ = machineZone;
    }
  });

  it('stores formula-looking text as plain strings, never formulas', async () => {
    const store = await provisioned();
    const hostile = ['=1+1', '=HYPERLINK("http://evil.example","x")', '+2', '@SUM(A1)'];
    await store.write(appends('Log', [hostile.map((text) => ({ text }))]));
    expect(await grid()).toEqual([hostile]);
    const row = (await onDisk()).getRow(1);
    hostile.forEach((text, i) => {
      expect(row.getCell(i + 1).type).toBe(ExcelJS.ValueType.String);
      expect(row.getCell(i + 1).value).toBe(text);
    });
  });

  it('reads cells like the Sheets API unformatted: ragged, formulas as results, dates as serials', async () => {
    await organizerEdit((workbook) => {
      const sheet = workbook.addWorksheet('Log');
      sheet.getCell('A1').value = { formula: '1+1', result: 2 };
      sheet.getCell('B1').value = { formula: 'NOW()' } as ExcelJS.CellFormulaValue; // never calculated
      sheet.getCell('C1').value = { richText: [{ text: 'rich ' }, { text: 'text', font: { bold: true } }] };
      sheet.getCell('D1').value = { text: 'a link', hyperlink: 'https://example.org' };
      sheet.getCell('E1').value = { error: ExcelJS.ErrorValue.NotApplicable };
      sheet.getCell('F1').value = new Date(Date.UTC(2026, 11, 3, 18, 30));
      sheet.getCell('H1').value = '';
      sheet.getCell('J1').numFmt = '0.00'; // formatted but empty: not data
      sheet.getCell('C2').value = 'gap before';
      sheet.mergeCells('A4:B4');
      sheet.getCell('A4').value = 'merged';
      sheet.getCell('A7').font = { bold: true }; // a styled empty row at the end
    });
    const store = createLocalGridStore({ path: file });
    const rows = (await store.readTabs(['Log', 'Nope'])).get('Log');
    expect(rows?.[0]?.[5]).toBeCloseTo(46359 + 18.5 / 24, 9);
    expect(rows).toEqual([
      [2, null, 'rich text', 'a link', '#N/A', rows?.[0]?.[5]],
      [null, null, 'gap before'],
      [],
      ['merged'],
    ]);
    const columns = (await store.readColumns([{ tab: 'Log', columns: [0, 2, 9] }])).get('Log');
    expect(columns?.header).toHaveLength(6);
    expect(columns?.columns).toEqual(
      new Map([
        [0, [2, null, null, 'merged']],
        [2, ['rich text', 'gap before']],
        [9, []],
      ]),
    );
  });

  it('parses once per file version: again only when someone saved the file', async () => {
    const fs = fsWith();
    const store = await provisioned('Log', fs);
    await store.write(appends('Log', [[{ text: 'ours' }]]));
    await store.readTabs(['Log']);
    await store.layout();
    expect(fs.reads).toBe(0); // created here, then our own writes: nothing to parse
    await organizerEdit((workbook) => {
      tabOf(workbook).getCell('B1').value = 'theirs';
    });
    expect((await store.readTabs(['Log'])).get('Log')).toEqual([['ours', 'theirs']]);
    await store.readColumns([{ tab: 'Log', columns: [1] }]);
    expect(fs.reads).toBe(1);
  });

  it('keeps an organizer edit saved between our read and our write', async () => {
    const store = await provisioned();
    await store.write(
      appends('Log', [
        [{ text: 'ID' }, { text: 'Status' }],
        [{ text: 'A-1' }, { text: 'new' }],
      ]),
    );
    await store.readTabs(['Log']);
    await organizerEdit((workbook) => {
      const sheet = tabOf(workbook);
      sheet.getCell('C1').value = 'My notes';
      sheet.getCell('C2').value = 'call back';
      sheet.getCell('C2').numFmt = '@';
      sheet.getCell('A3').value = 'A-2';
    });
    await store.write(updates('Log', [1, 1, { text: 'done' }]));
    await store.write(appends('Log', [[{ text: 'A-3' }]]));
    expect(await grid()).toEqual([
      ['ID', 'Status', 'My notes'],
      ['A-1', 'done', 'call back'],
      ['A-2'],
      ['A-3'],
    ]);
    expect((await onDisk()).getCell('C2').numFmt).toBe('@');
  });

  it('appends after the last row with data, leaving undefined cells and formatted rows alone', async () => {
    const store = await provisioned();
    await organizerEdit((workbook) => {
      const sheet = tabOf(workbook);
      sheet.getCell('A1').value = 'header';
      sheet.getCell('B5').numFmt = '0.0'; // formatted, empty
    });
    await store.write(appends('Log', [[undefined, { number: 1 }], [{ text: 'x' }]]));
    expect(await grid()).toEqual([['header'], [null, 1], ['x']]);
  });

  it('does not change the format of other cells that shared a style with a date cell', async () => {
    await organizerEdit((workbook) => {
      const sheet = workbook.addWorksheet('Log');
      for (const address of ['A1', 'B1', 'C1']) {
        sheet.getCell(address).value = 1;
        sheet.getCell(address).numFmt = '0.00';
      }
    });
    const store = createLocalGridStore({ path: file });
    await store.write(updates('Log', [0, 1, { serial: 46000 }]));
    await store.applyLayout([{ kind: 'setHeaders', tab: 'Log', cells: [{ column: 2, text: 'Bold' }] }]);
    const sheet = await onDisk();
    expect([sheet.getCell('A1').numFmt, sheet.getCell('B1').numFmt]).toEqual(['0.00', DATE_TIME_FORMAT]);
    expect([sheet.getCell('A1').font?.bold, sheet.getCell('C1').font?.bold]).toEqual([undefined, true]);
  });

  it('loses no change when many writes run at once, from one or two store instances', async () => {
    // Each write updates row 0 before appending, so the appended rows start at row 1.
    const store = await provisioned();
    const another = createLocalGridStore({ path: file });
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? another : store).write({
          appends: [{ tab: 'Log', rows: [[{ text: `row ${i}` }]] }],
          updates: [{ tab: 'Log', row: 0, column: i + 1, value: { number: i } }],
        }),
      ),
    );
    const rows = (await grid()) ?? [];
    expect(rows[0]?.slice(1)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(
      rows
        .slice(1)
        .map((row) => row[0])
        .sort(),
    ).toEqual(Array.from({ length: 20 }, (_, i) => `row ${i}`).sort());
  });

  it('leaves the previous file intact and readable when the rename fails, and forgets the unsaved change', async () => {
    let failRename = false;
    const store = await provisioned(
      'Log',
      fsWith({
        rename: (from, to) => (failRename ? Promise.reject(fsError('EIO')) : nodeLocalFs.rename(from, to)),
      }),
    );
    await store.write(appends('Log', [[{ text: 'saved' }]]));
    failRename = true;
    const error = await store.write(appends('Log', [[{ text: 'lost' }]])).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: ErrorCode.WorkbookBusy, retryable: false });
    failRename = false;
    expect(await grid()).toEqual([['saved']]);
    expect((await store.readTabs(['Log'])).get('Log')).toEqual([['saved']]);
    expect(await readdir(dir)).toEqual(['hearth.xlsx']); // no temp file left behind
  });

  it('reports a busy file as a coded, retryable error', async () => {
    const store = await provisioned();
    const busyStat = createLocalGridStore({
      path: file,
      fs: fsWith({ stat: () => Promise.reject(fsError('EBUSY')) }),
    });
    const error = await busyStat.readTabs(['Log']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HearthError);
    expect(error).toMatchObject({ code: ErrorCode.WorkbookBusy, retryable: true });
    expect((error as HearthError).hint).toMatch(/close it/);

    // Windows: replacing a file Excel holds open fails with EPERM.
    const locked = createLocalGridStore({
      path: file,
      fs: fsWith({ rename: () => Promise.reject(fsError('EPERM')) }),
    });
    await expect(locked.write(appends('Log', [[{ text: 'x' }]]))).rejects.toMatchObject({
      code: ErrorCode.WorkbookBusy,
      retryable: true,
    });
    expect(await store.readTabs(['Log'])).toEqual(new Map([['Log', []]]));
  });

  it('reports a corrupt file as unreadable, with a way out', async () => {
    await writeFile(file, 'this is not a zip file');
    const error = await createLocalGridStore({ path: file })
      .readTabs(['Log'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HearthError);
    expect(error).toMatchObject({ code: ErrorCode.WorkbookUnreadable, retryable: false });
    expect((error as HearthError).hint).toMatch(/npm run provision/);
  });

  it('refuses a write to a missing tab and writes nothing', async () => {
    const store = await provisioned();
    const before = await stat(file);
    await expect(
      store.write({
        appends: [{ tab: 'Log', rows: [[{ text: 'x' }]] }],
        updates: [{ tab: 'Nope', row: 0, column: 0, value: { text: 'y' } }],
      }),
    ).rejects.toMatchObject({ code: ErrorCode.TabMissing });
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
    expect(await store.readTabs(['Log'])).toEqual(new Map([['Log', []]]));
  });

  it('round-trips the layout, and a call with nothing to do leaves the file alone', async () => {
    const store = createLocalGridStore({ path: file });
    await store.applyLayout([
      { kind: 'addTab', tab: 'Members' },
      { kind: 'addTab', tab: 'Audit' },
      { kind: 'setTimeZone', timeZone: 'Europe/London' },
      {
        kind: 'setHeaders',
        tab: 'Members',
        cells: [
          { column: 0, text: 'Member ID' },
          { column: 1, text: 'Name' },
          { column: 2, text: '=Status' },
        ],
      },
      { kind: 'freezeHeader', tab: 'Members' },
      { kind: 'dropdown', tab: 'Members', column: 2, values: ['Active', 'Left'] },
      { kind: 'protectColumn', tab: 'Members', column: 0, description: 'IDs' },
    ]);
    // A later write and a changed dropdown keep one validation per column, no overlaps.
    await store.write(updates('Members', [1, 0, { text: 'M-1' }]));
    await store.applyLayout([
      { kind: 'dropdown', tab: 'Members', column: 2, values: ['Active', 'Left', 'Paused'] },
    ]);

    const fresh = createLocalGridStore({ path: file });
    expect(await fresh.layout()).toEqual({
      timeZone: 'Europe/London',
      tabs: [
        {
          title: 'Members',
          rowCount: 2,
          columnCount: 3,
          frozenRows: 1,
          dropdowns: new Map([[2, ['Active', 'Left', 'Paused']]]),
          protections: [],
          charts: [],
        },
        {
          title: 'Audit',
          rowCount: 0,
          columnCount: 0,
          frozenRows: 0,
          dropdowns: new Map(),
          protections: [],
          charts: [],
        },
      ],
    });
    const sheet = await onDisk('Members');
    expect(sheet.getCell('C1').type).toBe(ExcelJS.ValueType.String);
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    expect(sheet.getCell(`C${DROPDOWN_LAST_ROW}`).dataValidation).toMatchObject({
      type: 'list',
      allowBlank: true,
    });
    expect(sheet.getCell('C2').dataValidation.showErrorMessage).toBeFalsy();

    const before = await stat(file);
    await fresh.applyLayout([]);
    await fresh.write({ appends: [], updates: [] });
    // Charts and protections do not exist in the file: asking for them leaves it alone too.
    await fresh.applyLayout([
      { kind: 'protectColumn', tab: 'Members', column: 0, description: 'IDs' },
      {
        kind: 'addChart',
        tab: 'Members',
        title: 'Joins',
        type: 'line',
        domain: 0,
        series: [{ column: 1 }],
        anchor: { row: 0, column: 4 },
      },
    ]);
    expect((await stat(file)).mtimeMs).toBe(before.mtimeMs);
  });
});

describe('a workbook open in a spreadsheet program', () => {
  const name = 'hearth.xlsx';
  it.each([
    ['LibreOffice', `.~lock.${name}#`],
    ['Excel', `~$${name}`],
    ['Excel (a long name)', `~$${name.slice(2)}`],
  ])(
    'is not written while %s holds its lock file; once it is gone, the write goes through',
    async (_program, lock) => {
      const store = await provisioned();
      await writeFile(path.join(dir, lock), 'someone,host,pid;');
      const before = await grid();
      const error = await store.write(appends('Log', [[{ text: 'while open' }]])).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: ErrorCode.WorkbookOpenElsewhere, retryable: false });
      expect((error as HearthError).message).toContain(lock);
      expect(await grid()).toEqual(before);
      await rm(path.join(dir, lock));
      await store.write(appends('Log', [[{ text: 'after close' }]]));
      expect(await grid()).toEqual([['after close']]);
    },
  );

  it('ignores a lock file older than a day (left by a program that crashed), and says so through workbookLock', async () => {
    const store = await provisioned();
    const lock = path.join(dir, `.~lock.${name}#`);
    await writeFile(lock, 'someone,host,pid;');
    const twoDaysAgo = (Date.now() - 2 * 24 * 60 * 60_000) / 1000;
    await utimes(lock, twoDaysAgo, twoDaysAgo);
    await store.write(appends('Log', [[{ text: 'despite the old lock' }]]));
    expect(await grid()).toEqual([['despite the old lock']]);
    expect(await workbookLock(file)).toMatchObject({ program: 'LibreOffice', stale: true });
  });
});
