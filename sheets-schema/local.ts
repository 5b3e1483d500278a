import { randomUUID } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import path from 'node:path';
// The only module that loads exceljs: the google path must never pay for it. Named imports fail in ESM.
import ExcelJS from 'exceljs';
import { type Clock, systemClock } from '../common/clock.js';
import { ErrorCode, isHearthError, WorkbookError } from '../common/errors.js';
import { type Cell, type CellWrite, columnLetters, DATE_TIME_FORMAT } from './cells.js';
import type { ColumnsRead, ColumnsRequest, GridWrite, Layout, LayoutChange, TabLayout } from './grid.js';
import { rowsToDelete } from './grid.js';
import type { GridStore } from './grid-store.js';

/** The file system calls the local store makes, so tests can inject faults. */
export interface LocalFs {
  readFile(file: string): Promise<Uint8Array>;
  writeFile(file: string, data: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  stat(file: string): Promise<{ mtimeMs: number; size: number; ino: number }>;
  mkdir(dir: string, options: { recursive: true }): Promise<unknown>;
  unlink(file: string): Promise<void>;
}

export const nodeLocalFs: LocalFs = {
  readFile: (file) => nodeFs.readFile(file),
  writeFile: (file, data) => nodeFs.writeFile(file, data),
  rename: (from, to) => nodeFs.rename(from, to),
  stat: (file) => nodeFs.stat(file),
  mkdir: (dir, options) => nodeFs.mkdir(dir, options),
  unlink: (file) => nodeFs.unlink(file),
};

export interface LocalGridStoreOptions {
  path: string;
  fs?: LocalFs;
  /** What a lock file's age is measured by (default the system's). */
  clock?: Clock;
}

const DEFAULT_TIME_ZONE = 'Etc/GMT';
/** Kept in the workbook's Subject property, which organizers don't see while editing cells. */
const TIME_ZONE_PREFIX = 'hearth:timeZone=';
/** Dropdowns cover rows 2..DROPDOWN_LAST_ROW: exceljs expands them cell by cell on every load. */
export const DROPDOWN_LAST_ROW = 2000;
const MS_PER_DAY = 86_400_000;
const UNIX_EPOCH_SERIAL = 25_569;
const MISSING = 'missing';
const RESTORE_HINT =
  'Restore the file from a backup, or move it away and run `npm run provision` to create a new one';

type Workbook = ExcelJS.Workbook;
type Worksheet = ExcelJS.Worksheet;
type Validations = Record<string, ExcelJS.DataValidation | undefined>;

/** One queue per file for every store instance in this process, so no write overwrites another. */
const queues = new Map<string, Promise<unknown>>();

function serialised<T>(key: string, task: () => Promise<T>): Promise<T> {
  const run = (queues.get(key) ?? Promise.resolve()).then(task);
  const settled = run.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return run;
}

/** A spreadsheet program's lock file beside the workbook: the file is open there. */
export interface WorkbookLock {
  path: string;
  program: 'LibreOffice' | 'Excel';
  ageMs: number;
  /** Older than a day: most likely left behind by a program that crashed. Reported, not obeyed. */
  stale: boolean;
}

/** A lock file this old is taken for one a crashed program left behind. */
export const STALE_LOCK_MS = 24 * 60 * 60_000;

/**
 * The lock file LibreOffice (`.~lock.group.xlsx#`) or Excel (`~$group.xlsx`, or `~$oup.xlsx` for longer names)
 * keeps beside a workbook it has open, if there is one.
 */
export async function workbookLock(
  workbook: string,
  fs: Pick<LocalFs, 'stat'> = nodeLocalFs,
  clock: Clock = systemClock,
): Promise<WorkbookLock | undefined> {
  const dir = path.dirname(path.resolve(workbook));
  const name = path.basename(workbook);
  const candidates: [string, WorkbookLock['program']][] = [
    [`.~lock.${name}#`, 'LibreOffice'],
    [`~$${name}`, 'Excel'],
    [`~$${name.slice(2)}`, 'Excel'],
  ];
  for (const [file, program] of candidates) {
    const stats = await fs.stat(path.join(dir, file)).catch((error: unknown) => {
      if (errorCode(error) === 'ENOENT') return undefined;
      throw fileError(error, workbook, 'read');
    });
    if (!stats) continue;
    const ageMs = Math.max(0, clock.now().toMillis() - stats.mtimeMs);
    return { path: path.join(dir, file), program, ageMs, stale: ageMs > STALE_LOCK_MS };
  }
  return undefined;
}

function openElsewhere(file: string, lock: WorkbookLock): WorkbookError {
  return new WorkbookError(
    ErrorCode.WorkbookOpenElsewhere,
    `The workbook ${file} is open in ${lock.program} (${path.basename(lock.path)})`,
    'Hearth does not write it while it is open there, so your save cannot clash with Hearth’s; accepted work waits and is written once you close it',
  );
}

/** A GridStore over a local .xlsx workbook, for running without Google. */
export function createLocalGridStore(options: LocalGridStoreOptions): GridStore {
  const file = path.resolve(options.path);
  const fs = options.fs ?? nodeLocalFs;
  // The parsed workbook and the file version (mtime, size, inode) it was parsed from.
  let cache: { stamp: string; workbook: Workbook } | undefined;

  async function stampOf(): Promise<string> {
    try {
      const stats = await fs.stat(file);
      return `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return MISSING;
      throw fileError(error, file, 'read');
    }
  }

  /** The workbook as on disk now: parsed again only when the file changed since we last saw it. */
  async function load(): Promise<{ workbook: Workbook; stamp: string }> {
    // Stat before reading: if the file changes in between we parse again next time, never miss a change.
    const stamp = await stampOf();
    if (cache?.stamp === stamp) return cache;
    cache = undefined;
    const workbook = new ExcelJS.Workbook();
    if (stamp !== MISSING) {
      let data: Uint8Array;
      try {
        data = await fs.readFile(file);
      } catch (error) {
        throw fileError(error, file, 'read');
      }
      try {
        await workbook.xlsx.load(data as unknown as ExcelJS.Buffer);
      } catch (error) {
        // A spreadsheet program may be saving it right now: a file that changed meanwhile is worth a retry.
        if ((await stampOf().catch(() => stamp)) !== stamp) throw busy(file, error);
        throw unreadable(`Cannot read the workbook ${file}`, error);
      }
      for (const worksheet of workbook.worksheets) compactValidations(worksheet);
    }
    cache = { stamp, workbook };
    return cache;
  }

  /** Applies `change` to the current workbook and saves it; on any failure the cache is dropped. */
  async function mutate(change: (workbook: Workbook) => void): Promise<void> {
    try {
      const { workbook, stamp } = await load();
      change(workbook);
      await save(workbook, stamp);
    } catch (error) {
      cache = undefined;
      throw error;
    }
  }

  /** Write a temp file next to the target, then rename it over: never a half-written workbook. */
  async function save(workbook: Workbook, stamp: string): Promise<void> {
    // Level 1 compression: a third faster than the default on large workbooks, files ~20% bigger.
    const data = await workbook.xlsx.writeBuffer({ zip: { compressionOptions: { level: 1 } } });
    const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomUUID().slice(0, 8)}.tmp`);
    try {
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(temp, new Uint8Array(data));
      // Someone saved the file while we worked: keep their edit, let the caller retry on a fresh copy.
      if ((await stampOf()) !== stamp) throw busy(file, new Error('the file changed while saving'));
      await fs.rename(temp, file).catch((error: unknown) => {
        throw fileError(error, file, 'rename');
      });
    } catch (error) {
      await fs.unlink(temp).catch(() => undefined);
      throw fileError(error, file, 'write');
    }
    // The save succeeded: failing to stat now only costs a parse on the next read.
    const saved = await stampOf().catch(() => undefined);
    cache = saved === undefined ? undefined : { stamp: saved, workbook };
  }

  const run = <T>(task: () => Promise<T>) => serialised(file, task);

  /** While a spreadsheet program has the file open (a fresh lock file beside it), Hearth does not write it. */
  async function refuseWhileOpen(): Promise<void> {
    const lock = await workbookLock(file, fs, options.clock);
    if (lock && !lock.stale) throw openElsewhere(file, lock);
  }

  return {
    backend: 'local',

    readTabs: (tabs, options = {}) =>
      run(async () => {
        const { workbook } = await load();
        const headerOnly = new Set(options.headerOnly ?? []);
        const result = new Map<string, Cell[][]>();
        for (const tab of tabs) {
          const worksheet = workbook.getWorksheet(tab);
          if (worksheet)
            result.set(tab, headerOnly.has(tab) ? readGrid(worksheet).slice(0, 1) : readGrid(worksheet));
        }
        return result;
      }),

    readColumns: (requests: readonly ColumnsRequest[]) =>
      run(async () => columnsIn((await load()).workbook, requests)),

    write: (batch: GridWrite) =>
      run(async () => {
        const deletes = rowsToDelete(batch.deletes);
        if (batch.appends.length === 0 && batch.updates.length === 0 && deletes.size === 0) return {};
        await refuseWhileOpen();
        let readBack: Map<string, ColumnsRead> | undefined;
        await mutate((workbook) => {
          // Every tab first: a missing one fails the write before anything changes.
          for (const tab of deletes.keys()) sheet(workbook, tab);
          for (const { tab, row, column, value } of batch.updates) {
            writeCell(sheet(workbook, tab).getCell(row + 1, column + 1), value);
          }
          for (const { tab, rows } of batch.appends) {
            const worksheet = sheet(workbook, tab);
            const first = readGrid(worksheet).length + 1;
            rows.forEach((cells, i) => {
              cells.forEach((value, column) => {
                if (value !== undefined) writeCell(worksheet.getCell(first + i, column + 1), value);
              });
            });
          }
          for (const [tab, rows] of deletes) deleteRows(sheet(workbook, tab), rows);
          if (batch.readBack) readBack = columnsIn(workbook, batch.readBack);
        });
        return readBack ? { readBack } : {};
      }),

    layout: () =>
      run(async () => {
        const { workbook } = await load();
        const tabs = workbook.worksheets.map((worksheet): TabLayout => {
          const grid = readGrid(worksheet);
          const frozen = viewsOf(worksheet).find((view) => view.state === 'frozen');
          return {
            title: worksheet.name,
            rowCount: grid.length,
            columnCount: grid.reduce((most, row) => Math.max(most, row.length), 0),
            frozenRows: frozen?.state === 'frozen' ? (frozen.ySplit ?? 0) : 0,
            dropdowns: dropdownsOf(worksheet),
            protections: [],
            charts: [],
          };
        });
        return { timeZone: readTimeZone(workbook), tabs } satisfies Layout;
      }),

    applyLayout: (changes) =>
      run(async () => {
        // Only protections and charts (no-ops here) or nothing at all: leave the file alone.
        if (!changes.some(changesFile)) return;
        await refuseWhileOpen();
        await mutate((workbook) => {
          for (const change of changes) applyChange(workbook, change);
        });
      }),
  };
}

/** The header row and the named columns of each tab that is there. */
function columnsIn(workbook: Workbook, requests: readonly ColumnsRequest[]): Map<string, ColumnsRead> {
  const result = new Map<string, ColumnsRead>();
  for (const { tab, columns } of requests) {
    const worksheet = workbook.getWorksheet(tab);
    if (!worksheet) continue;
    const grid = readGrid(worksheet);
    const read: ColumnsRead = { header: grid[0] ?? [], columns: new Map() };
    for (const column of columns) read.columns.set(column, trimEnd(grid.map((row) => row[column] ?? null)));
    result.set(tab, read);
  }
  return result;
}

/** Whether a layout change alters the local file: protections and charts do not exist in it (see applyChange). */
export function changesFile(change: LayoutChange): boolean {
  return change.kind !== 'protectColumn' && change.kind !== 'addChart';
}

function applyChange(workbook: Workbook, change: LayoutChange): void {
  switch (change.kind) {
    case 'addTab':
      if (!workbook.getWorksheet(change.tab)) workbook.addWorksheet(change.tab);
      return;
    case 'setTimeZone':
      workbook.subject = `${TIME_ZONE_PREFIX}${change.timeZone}`;
      return;
    case 'setHeaders': {
      const worksheet = sheet(workbook, change.tab);
      for (const { column, text } of change.cells) {
        const cell = worksheet.getCell(1, column + 1);
        cell.value = text;
        // Replace the style rather than mutate it: exceljs shares style objects between cells.
        cell.style = { ...cell.style, font: { ...cell.style.font, bold: true } };
      }
      return;
    }
    case 'freezeHeader': {
      const worksheet = sheet(workbook, change.tab);
      const current = viewsOf(worksheet)[0];
      // Keep the organizer's other view settings and any frozen columns; exceljs recomputes topLeftCell.
      const xSplit = current?.state === 'frozen' ? (current.xSplit ?? 0) : 0;
      worksheet.views = [
        { ...current, style: undefined, state: 'frozen', xSplit, ySplit: 1, topLeftCell: undefined },
      ];
      return;
    }
    case 'dropdown': {
      const worksheet = sheet(workbook, change.tab);
      const letters = columnLetters(change.column);
      const model = validations(worksheet);
      // Replace any validation of this column below the header; one on the header cell itself stays.
      for (const [address, validation] of Object.entries(model)) {
        const range = decodeRange(address);
        if (!range || range.left !== change.column || range.right !== change.column || range.bottom < 2)
          continue;
        delete model[address];
        if (range.top === 1) model[`${letters}1`] = validation;
      }
      model[`${letters}2:${letters}${DROPDOWN_LAST_ROW}`] = {
        type: 'list',
        formulae: [`"${change.values.map((value) => value.replaceAll('"', '""')).join(',')}"`],
        allowBlank: true,
        // Organizers may still type something else: the typed layer reports it instead of blocking them.
        showErrorMessage: false,
      };
      return;
    }
    case 'protectColumn':
      // No-op: xlsx has no warning-only protection. Sheet protection locks the whole tab and blocks
      // organizers outright, which is worse than the accidental edit it would prevent.
      return;
    case 'addChart':
      // No-op: exceljs cannot draw charts, and the table the chart would show is already the tab itself.
      return;
  }
}

/**
 * Removes rows (0-based, any order) and moves the rows below up, in one pass over the tab: exceljs's own
 * spliceRows moves every row below on each call, which is quadratic for rows scattered down a long tab.
 * Values, styles (date formats) and heights move with their row; dropdowns are per column and stay.
 */
/** A row's own style (row formatting) is in exceljs's row model but not in its typings. */
type StyledRow = ExcelJS.Row & { style: Partial<ExcelJS.Style> };

function deleteRows(worksheet: Worksheet, rows: readonly number[]): void {
  const gone = new Set(rows.map((row) => row + 1));
  const last = worksheet.rowCount;
  const first = Math.min(...gone);
  if (first > last) return;
  let to = first;
  for (let from = first; from <= last; from++) {
    if (gone.has(from)) continue;
    if (from !== to) {
      const source = worksheet.getRow(from) as StyledRow;
      const target = worksheet.getRow(to) as StyledRow;
      target.values = source.values as ExcelJS.CellValue[];
      target.style = source.style;
      target.height = source.height;
      source.eachCell({ includeEmpty: true }, (cell, column) => {
        target.getCell(column).style = cell.style;
      });
    }
    to++;
  }
  for (let row = to; row <= last; row++) {
    const stale = worksheet.getRow(row) as StyledRow;
    stale.values = [];
    stale.style = {};
  }
}

/** A tab added without views (as exceljs does) has `views` null once read back. */
function viewsOf(worksheet: Worksheet): Partial<ExcelJS.WorksheetView>[] {
  return worksheet.views ?? [];
}

function sheet(workbook: Workbook, tab: string): Worksheet {
  const worksheet = workbook.getWorksheet(tab);
  if (!worksheet) {
    throw new WorkbookError(
      ErrorCode.TabMissing,
      `The workbook has no tab named "${tab}"`,
      'Run `npm run provision` to add the missing tabs',
    );
  }
  return worksheet;
}

function writeCell(cell: ExcelJS.Cell, value: CellWrite): void {
  // A string value is never parsed: text starting with '=' stays text.
  if ('text' in value) cell.value = value.text;
  else if ('number' in value) cell.value = value.number;
  else if ('bool' in value) cell.value = value.bool;
  else if ('serial' in value) {
    // exceljs stores a Date as its UTC fields: the wall clock the serial stands for.
    cell.value = new Date(Math.round((value.serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY));
    cell.style = { ...cell.style, numFmt: DATE_TIME_FORMAT };
  } else cell.value = null;
}

/** The tab's cells as Google returns them unformatted: ragged, dates as serials. */
function readGrid(worksheet: Worksheet): Cell[][] {
  const rows: Cell[][] = [];
  worksheet.eachRow((row, rowNumber) => {
    const cells: Cell[] = [];
    row.eachCell((cell, column) => {
      cells[column - 1] = cell.isMerged && cell.master !== cell ? null : toCell(cell.value);
    });
    rows[rowNumber - 1] = trimEnd(Array.from(cells, (cell) => cell ?? null));
  });
  const grid = Array.from(rows, (row) => row ?? []);
  while (grid.length > 0 && grid[grid.length - 1]?.length === 0) grid.pop();
  return grid;
}

function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) {
    const ms = value.getTime();
    return Number.isNaN(ms) ? null : ms / MS_PER_DAY + UNIX_EPOCH_SERIAL;
  }
  if (typeof value !== 'object') return null;
  if ('richText' in value && Array.isArray(value.richText)) {
    return value.richText.map((run: { text?: unknown }) => String(run.text ?? '')).join('');
  }
  if ('error' in value) return String(value.error);
  if ('formula' in value || 'sharedFormula' in value) return 'result' in value ? toCell(value.result) : null;
  if ('text' in value) return toCell(value.text); // a hyperlink; its text may be rich text
  return null;
}

function trimEnd(cells: Cell[]): Cell[] {
  let end = cells.length;
  while (end > 0 && (cells[end - 1] === null || cells[end - 1] === '')) end--;
  return cells.slice(0, end);
}

function readTimeZone(workbook: Workbook): string {
  const subject = workbook.subject ?? '';
  return subject.startsWith(TIME_ZONE_PREFIX) ? subject.slice(TIME_ZONE_PREFIX.length) : DEFAULT_TIME_ZONE;
}

function validations(worksheet: Worksheet): Validations {
  // Not in exceljs's typings, but part of its worksheet model (address or range -> validation).
  return (worksheet as unknown as { dataValidations: { model: Validations } }).dataValidations.model;
}

/** column index -> values of each literal list dropdown below the header. */
function dropdownsOf(worksheet: Worksheet): Map<number, readonly string[]> {
  const dropdowns = new Map<number, readonly string[]>();
  for (const [address, validation] of Object.entries(validations(worksheet))) {
    const range = decodeRange(address);
    const list = /^"(.*)"$/s.exec(String(validation?.formulae?.[0] ?? ''));
    // Lists taken from a range of cells (Sheet!A1:A5) are organizer-made: not ours to report.
    if (!range || range.bottom < 2 || validation?.type !== 'list' || !list) continue;
    const values = (list[1] ?? '').replaceAll('""', '"').split(',');
    for (let column = range.left; column <= range.right; column++) dropdowns.set(column, values);
  }
  return dropdowns;
}

/**
 * exceljs expands each validation range into one entry per cell on load, then on save merges them back in
 * string order (B10 before B2) into overlapping ranges that Excel reports as damage. Fold them back into one
 * range per column run instead.
 */
function compactValidations(worksheet: Worksheet): void {
  const model = validations(worksheet);
  const runs = new Map<string, { validation: ExcelJS.DataValidation; column: string; rows: number[] }>();
  for (const [address, validation] of Object.entries(model)) {
    const cell = /^([A-Z]+)(\d+)$/.exec(address);
    if (!validation || !cell) continue;
    const [, column = '', row = ''] = cell;
    const key = `${column}|${JSON.stringify(validation)}`;
    const run = runs.get(key) ?? { validation, column, rows: [] };
    run.rows.push(Number(row));
    runs.set(key, run);
    delete model[address];
  }
  for (const { validation, column, rows } of runs.values()) {
    rows.sort((a, b) => a - b);
    let top = 0;
    rows.forEach((row, i) => {
      if (i === 0 || row !== (rows[i - 1] ?? 0) + 1) top = row;
      if (row !== (rows[i + 1] ?? 0) - 1) {
        model[top === row ? `${column}${row}` : `${column}${top}:${column}${row}`] = validation;
      }
    });
  }
}

/** 'B2:C10' or 'B2' as 0-based columns and 1-based rows. */
function decodeRange(
  address: string,
): { left: number; right: number; top: number; bottom: number } | undefined {
  const match = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/.exec(address);
  if (!match) return undefined;
  const [, left = '', top = '', right = left, bottom = top] = match;
  return { left: columnIndex(left), right: columnIndex(right), top: Number(top), bottom: Number(bottom) };
}

function columnIndex(letters: string): number {
  let index = 0;
  for (const letter of letters) index = index * 26 + (letter.charCodeAt(0) - 64);
  return index - 1;
}

const BUSY_CODES = new Set(['EBUSY', 'EAGAIN']);
// On Windows, replacing a file another program holds open fails with EPERM or EACCES.
const BUSY_RENAME_CODES = new Set(['EBUSY', 'EAGAIN', 'EPERM', 'EACCES']);

function busy(file: string, cause: unknown): WorkbookError {
  return new WorkbookError(
    ErrorCode.WorkbookBusy,
    `The workbook ${file} is busy`,
    'Another program is using the file; close it in your spreadsheet program if this keeps happening',
    { cause, retryable: true },
  );
}

function unreadable(message: string, cause: unknown): WorkbookError {
  return new WorkbookError(ErrorCode.WorkbookUnreadable, message, RESTORE_HINT, { cause });
}

function fileError(error: unknown, file: string, action: 'read' | 'write' | 'rename'): unknown {
  if (isHearthError(error)) return error;
  const code = errorCode(error);
  if (code && (action === 'rename' ? BUSY_RENAME_CODES : BUSY_CODES).has(code)) return busy(file, error);
  if (action === 'read') return unreadable(`Cannot open the workbook ${file} (${code})`, error);
  // There is no code for "cannot save" yet; busy but not retryable says the file, not the data, is at fault.
  return new WorkbookError(
    ErrorCode.WorkbookBusy,
    `Cannot save the workbook ${file} (${code})`,
    'Check that its folder is writable and the disk has free space',
    { cause: error },
  );
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}
