import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Cell, columnLetters, serialToDateTime } from '../../sheets-schema/cells.js';
import type { Grid } from '../../sheets-schema/grid.js';

/**
 * A loopback fake of the Google Sheets API v4, answering the way Google does (shapes, trimming, quoting,
 * error bodies), so the Google store is tested over real HTTP. Test-side methods play an organizer
 * editing the spreadsheet in the browser; they bypass latency, faults and stats.
 */

export interface NumberFormat {
  type: string;
  pattern?: string;
}

export interface ValidationRule {
  condition?: { type?: string; values?: { userEnteredValue?: string }[] };
  strict?: boolean;
  showCustomUi?: boolean;
}

export interface FakeCell {
  value?: string | number | boolean;
  /** Set when the cell was entered as a formula; formulas are never evaluated. */
  formula?: string;
  numberFormat?: NumberFormat;
  validation?: ValidationRule;
}

export interface GridRange {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export interface ProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  description?: string;
  warningOnly?: boolean;
  requestingUserCanEdit: boolean;
}

/**
 * An embedded chart as addChart left it (Google's EmbeddedChart). Kept as added: moving rows or columns does not
 * shift its ranges or anchor as Google would.
 */
export interface FakeChart {
  chartId: number;
  // biome-ignore lint/suspicious/noExplicitAny: the ChartSpec as sent, checked only where Google refuses one
  spec: Record<string, any>;
  position: { overlayPosition: OverlayPosition };
}

export interface OverlayPosition {
  anchorCell: { sheetId: number; rowIndex?: number; columnIndex?: number };
  offsetXPixels?: number;
  offsetYPixels?: number;
  widthPixels: number;
  heightPixels: number;
}

export interface FakeSheet {
  sheetId: number;
  title: string;
  index: number;
  rowCount: number;
  columnCount: number;
  frozenRowCount: number;
  protectedRanges: ProtectedRange[];
  /** The charts drawn over this sheet's grid. */
  charts: FakeChart[];
  /** Sparse: rows[row][column]. */
  rows: (FakeCell | undefined)[][];
}

export interface FakeSpreadsheet {
  spreadsheetId: string;
  title: string;
  timeZone: string;
  sheets: FakeSheet[];
}

export type RequestKind = 'get' | 'batchGet' | 'batchUpdate' | 'other';

export interface FakeStats extends Record<RequestKind, number> {
  /** Cells in the `values` arrays answered by batchGet / values.get. */
  cellsRead: number;
  /** Cells in the rows of applied appendCells / updateCells requests. */
  cellsWritten: number;
}

export interface RecordedRequest {
  kind: RequestKind;
  method: string;
  url: string;
  body?: unknown;
}

export interface CellInfo {
  kind: 'empty' | 'text' | 'number' | 'bool' | 'formula';
  value: Cell;
  formula?: string;
  numberFormat?: NumberFormat;
  validation?: ValidationRule;
}

export interface Latency {
  readMs?: number;
  writeMs?: number;
}

export interface Quota {
  readsPerMinute?: number;
  writesPerMinute?: number;
}

export interface SheetsFakeOptions {
  spreadsheetId?: string;
  timeZone?: string;
  /** Tabs to create, in order, with their cells (default: one empty `Sheet1` with id 0, like a new spreadsheet). */
  tabs?: Record<string, Cell[][]>;
  latency?: Latency;
  quota?: Quota;
  /** Clock for the per-minute quota. */
  now?: () => number;
}

export interface SheetsFake {
  rootUrl: string;
  spreadsheetId: string;
  /** The live model; mutate only through the methods below unless a test needs something odd. */
  readonly spreadsheet: FakeSpreadsheet;
  readonly stats: FakeStats;
  /** Every request received since start or resetStats. */
  readonly requests: RecordedRequest[];
  resetStats(): void;
  setLatency(latency: Latency): void;
  setQuota(quota: Quota): void;
  /**
   * The next `count` API requests fail with `status` (429 with Google's recorded body, or 403/500/503),
   * replacing faults still pending: `failNext(0)` clears them.
   */
  failNext(count: number, status?: number): void;
  /** The next answer that succeeds comes cut short: a whole HTTP response, only half of its JSON. */
  cutNextAnswer(): void;
  sheet(title: string): FakeSheet | undefined;
  addTab(title: string, size?: { rowCount?: number; columnCount?: number }): FakeSheet;
  getGrid(title: string): Cell[][];
  setGrid(title: string, rows: Grid): void;
  setCell(
    title: string,
    row: number,
    column: number,
    value: Cell,
    extra?: { formula?: string; numberFormat?: NumberFormat },
  ): void;
  cell(title: string, row: number, column: number): CellInfo;
  /**
   * A copy of the spreadsheet as it stands, for restore(): a test file can set a spreadsheet up once and
   * put it back before each test, instead of building it again.
   */
  snapshot(): FakeSpreadsheet;
  /** Puts the spreadsheet back as it was at `snapshot`, which can be restored again. Stats, faults, quota and latency stay. */
  restore(snapshot: FakeSpreadsheet): void;
  close(): Promise<void>;
}

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/sheets/${name}`, import.meta.url), 'utf8')) as {
    body: { error: { message: string; details: { metadata?: Record<string, string> }[] } };
  };
const QUOTA_BODY = fixture('error.429.resource_exhausted.json').body;
const FORMULA_RESULT = '#ERROR!'; // what a formula reads as: the fake does not evaluate
const DEFAULT_ROWS = 1000;
const DEFAULT_COLUMNS = 26;

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: object = { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN' } },
  ) {
    super(message);
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

const FAULT_MESSAGES: Record<number, string> = {
  403: 'The caller does not have permission',
  500: 'Internal error encountered.',
  503: 'The service is currently unavailable.',
};

const badRequest = (message: string) => new ApiError(400, message);

/** The 429 Google sends for an exhausted per-minute quota; the recorded one is for reads. */
function quotaError(kind: 'read' | 'write'): ApiError {
  const body = structuredClone(QUOTA_BODY);
  if (kind === 'write') {
    body.error.message = body.error.message.replaceAll('Read requests', 'Write requests');
    const meta = body.error.details[0]?.metadata;
    if (meta) {
      meta.quota_metric = 'sheets.googleapis.com/write_requests';
      meta.quota_limit = 'WriteRequestsPerMinutePerUser';
    }
  }
  return new ApiError(429, body.error.message, body);
}

/** Google quotes a sheet name in A1 ranges unless it is a plain identifier that can't be read as a cell. */
export function googleQuote(title: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !/^[A-Za-z]{1,3}\d+$/.test(title);
  return plain && !/^[Rr]\d*[Cc]\d*$/.test(title) ? title : `'${title.replaceAll("'", "''")}'`;
}

function letterIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** A range resolved against the grid: end indexes exclusive, clipped to the grid's size. */
interface Area {
  sheet: FakeSheet;
  startRow: number;
  startColumn: number;
  endRow: number;
  endColumn: number;
}

function areaA1(area: Area, quote: (title: string) => string = googleQuote): string {
  const start = `${columnLetters(area.startColumn)}${area.startRow + 1}`;
  const end = `${columnLetters(area.endColumn - 1)}${area.endRow}`;
  const single = area.endRow - area.startRow === 1 && area.endColumn - area.startColumn === 1;
  return `${quote(area.sheet.title)}!${single ? start : `${start}:${end}`}`;
}

const alwaysQuote = (title: string) => `'${title.replaceAll("'", "''")}'`;

function gridLimits(where: string, area: Area): ApiError {
  return badRequest(
    `${where}Range (${areaA1(area, alwaysQuote)}) exceeds grid limits. Max rows: ${area.sheet.rowCount}, max columns: ${area.sheet.columnCount}`,
  );
}

/** Parses A1 notation the way Google reads it: `Tab`, `'My tab'!A1:C`, `Tab!1:1`, `C:C`, `A2:D`, `B4`. */
function parseRange(model: FakeSpreadsheet, text: string): Area {
  const fail = () => badRequest(`Unable to parse range: ${text}`);
  let title: string | undefined;
  let cells: string | undefined;
  if (text.startsWith("'")) {
    let name = '';
    let i = 1;
    for (; i < text.length; i++) {
      if (text[i] === "'" && text[i + 1] === "'") {
        name += "'";
        i++;
      } else if (text[i] === "'") break;
      else name += text[i];
    }
    const rest = text.slice(i + 1);
    if (i >= text.length || (rest !== '' && !rest.startsWith('!'))) throw fail();
    title = name;
    cells = rest === '' ? undefined : rest.slice(1);
  } else if (text.includes('!')) {
    title = text.slice(0, text.lastIndexOf('!'));
    cells = text.slice(text.lastIndexOf('!') + 1);
  } else if (model.sheets.some((s) => s.title === text)) {
    title = text;
  } else {
    cells = text; // a range without a sheet refers to the first sheet
  }
  const sheet =
    title === undefined ? [...model.sheets].sort((a, b) => a.index - b.index)[0] : sheetByTitle(model, title);
  if (!sheet) throw fail();
  const whole = { sheet, startRow: 0, startColumn: 0, endRow: sheet.rowCount, endColumn: sheet.columnCount };
  if (cells === undefined) return whole;
  const m = /^([A-Za-z]*)(\d*)(?::([A-Za-z]*)(\d*))?$/.exec(cells);
  if (!m || cells === '' || (m[3] === undefined && !(m[1] && m[2])) || m[2] === '0' || m[4] === '0')
    throw fail();
  const [, c1 = '', r1 = '', c2 = c1, r2 = r1] = m;
  if (m[3] !== undefined && !(m[3] || m[4])) throw fail();
  const cols = [c1 ? letterIndex(c1) : 0, c2 ? letterIndex(c2) + 1 : sheet.columnCount];
  const rows = [r1 ? Number(r1) - 1 : 0, r2 ? Number(r2) : sheet.rowCount];
  // Reversed corners (D4:A1) mean the same rectangle.
  const area = {
    sheet,
    startRow: Math.min(rows[0] as number, (rows[1] as number) - 1),
    endRow: Math.max(rows[0] as number, (rows[1] as number) - 1) + 1,
    startColumn: Math.min(cols[0] as number, (cols[1] as number) - 1),
    endColumn: Math.max(cols[0] as number, (cols[1] as number) - 1) + 1,
  };
  if (area.startRow >= sheet.rowCount || area.startColumn >= sheet.columnCount) throw gridLimits('', area);
  return {
    ...area,
    endRow: Math.min(area.endRow, sheet.rowCount),
    endColumn: Math.min(area.endColumn, sheet.columnCount),
  };
}

function sheetByTitle(model: FakeSpreadsheet, title: string): FakeSheet | undefined {
  return model.sheets.find((s) => s.title === title);
}

function hasValue(cell: FakeCell | undefined): cell is FakeCell {
  return (
    cell !== undefined && (cell.formula !== undefined || (cell.value !== undefined && cell.value !== ''))
  );
}

function lastDataRow(sheet: FakeSheet): number {
  for (let r = sheet.rows.length - 1; r >= 0; r--) if (sheet.rows[r]?.some(hasValue)) return r;
  return -1;
}

function formatSerial(serial: number, format: NumberFormat): string {
  const wall = serialToDateTime(serial, 'UTC');
  if (format.type === 'DATE') return wall.toFormat('yyyy-MM-dd');
  if (format.type === 'TIME') return wall.toFormat('HH:mm:ss');
  return wall.toFormat(format.pattern?.includes('ss') ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm');
}

const isDateFormat = (f: NumberFormat | undefined) => !!f && ['DATE', 'TIME', 'DATE_TIME'].includes(f.type);

interface RenderOptions {
  valueRenderOption: string;
  dateTimeRenderOption: string;
}

/** A cell's value as values.get renders it; undefined when the cell is empty. */
function render(cell: FakeCell | undefined, options: RenderOptions): string | number | boolean | undefined {
  if (!hasValue(cell)) return undefined;
  if (cell.formula !== undefined && options.valueRenderOption === 'FORMULA') return cell.formula;
  const value =
    cell.formula !== undefined ? (cell.value ?? FORMULA_RESULT) : (cell.value as string | number | boolean);
  const formatted = options.valueRenderOption === 'FORMATTED_VALUE';
  if (typeof value === 'number' && isDateFormat(cell.numberFormat)) {
    if (formatted || options.dateTimeRenderOption === 'FORMATTED_STRING') {
      return formatSerial(value, cell.numberFormat as NumberFormat);
    }
    return value;
  }
  if (!formatted) return value;
  return typeof value === 'boolean' ? (value ? 'TRUE' : 'FALSE') : String(value);
}

function trimEnd<T>(items: T[], isEmpty: (item: T) => boolean): T[] {
  let end = items.length;
  while (end > 0 && isEmpty(items[end - 1] as T)) end--;
  return items.slice(0, end);
}

function readArea(area: Area, options: RenderOptions & { majorDimension: string }) {
  const rows: (string | number | boolean)[][] = [];
  const lastRow = Math.min(area.endRow, area.sheet.rows.length);
  for (let r = area.startRow; r < lastRow; r++) {
    const source = area.sheet.rows[r] ?? [];
    const row: (string | number | boolean)[] = [];
    for (let c = area.startColumn; c < Math.min(area.endColumn, source.length); c++) {
      row.push(render(source[c], options) ?? '');
    }
    rows.push(trimEnd(row, (v) => v === ''));
  }
  let values = trimEnd(rows, (row) => row.length === 0);
  if (options.majorDimension === 'COLUMNS') {
    const width = Math.max(0, ...values.map((row) => row.length));
    const columns = Array.from({ length: width }, (_, c) =>
      trimEnd(
        values.map((row) => row[c] ?? ''),
        (v) => v === '',
      ),
    );
    values = trimEnd(columns, (column) => column.length === 0);
  }
  return {
    range: areaA1(area),
    majorDimension: options.majorDimension,
    ...(values.length > 0 ? { values } : {}),
  };
}

function typedValue(value: string | number | boolean | undefined): object | undefined {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'number') return { numberValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  return undefined;
}

/** A cell as spreadsheets.get returns it with grid data; `{}` when it holds nothing. */
function cellData(cell: FakeCell | undefined): Record<string, unknown> {
  if (!cell) return {};
  const out: Record<string, unknown> = {};
  if (hasValue(cell)) {
    const value = cell.formula !== undefined ? (cell.value ?? FORMULA_RESULT) : cell.value;
    out.userEnteredValue = cell.formula !== undefined ? { formulaValue: cell.formula } : typedValue(value);
    out.effectiveValue = typedValue(value);
    out.formattedValue = render(cell, { valueRenderOption: 'FORMATTED_VALUE', dateTimeRenderOption: '' });
  }
  if (cell.numberFormat) out.userEnteredFormat = { numberFormat: cell.numberFormat };
  if (cell.validation) out.dataValidation = cell.validation;
  return out;
}

function gridData(area: Area) {
  const rowData: { values?: Record<string, unknown>[] }[] = [];
  for (let r = area.startRow; r < Math.min(area.endRow, area.sheet.rows.length); r++) {
    const source = area.sheet.rows[r] ?? [];
    const values: Record<string, unknown>[] = [];
    for (let c = area.startColumn; c < Math.min(area.endColumn, source.length); c++)
      values.push(cellData(source[c]));
    const trimmed = trimEnd(values, (v) => Object.keys(v).length === 0);
    rowData.push(trimmed.length > 0 ? { values: trimmed } : {});
  }
  const rows = trimEnd(rowData, (row) => !row.values);
  return {
    ...(area.startRow > 0 ? { startRow: area.startRow } : {}),
    ...(area.startColumn > 0 ? { startColumn: area.startColumn } : {}),
    ...(rows.length > 0 ? { rowData: rows } : {}),
    rowMetadata: Array.from({ length: area.endRow - area.startRow }, () => ({ pixelSize: 21 })),
    columnMetadata: Array.from({ length: area.endColumn - area.startColumn }, () => ({ pixelSize: 100 })),
  };
}

function sheetProperties(sheet: FakeSheet) {
  return {
    sheetId: sheet.sheetId,
    title: sheet.title,
    index: sheet.index,
    sheetType: 'GRID',
    gridProperties: {
      rowCount: sheet.rowCount,
      columnCount: sheet.columnCount,
      ...(sheet.frozenRowCount > 0 ? { frozenRowCount: sheet.frozenRowCount } : {}),
    },
  };
}

/**
 * How to take back what a batchUpdate changed so far. Google applies a batch all or nothing: when one of
 * its requests fails, the changes of the ones before it are undone, last first. Each change notes only
 * what it touches (a cell, a row's cells, a property), so a batch costs what it writes, whatever the size
 * of the spreadsheet. Test-side edits go through NO_UNDO, which changes the same way and notes nothing.
 */
class UndoLog {
  private readonly steps: (() => void)[] = [];
  private readonly cells = new Set<FakeCell>();

  constructor(private readonly recording = true) {}

  /** Sets a property, or an array's element, noting what was there (or that nothing was). */
  set<T extends object, K extends keyof T>(target: T, key: K, value: T[K]): void {
    if (this.recording) {
      const had = Object.hasOwn(target, key);
      const old = target[key];
      const length = Array.isArray(target) ? target.length : undefined;
      this.steps.push(() => {
        if (had) target[key] = old;
        else delete target[key];
        if (length !== undefined) (target as unknown[]).length = length;
      });
    }
    target[key] = value;
  }

  push<T>(list: T[], item: T): void {
    this.set(list, list.length, item);
  }

  /** Array.splice, noting how to put back what it removed (holes included). */
  splice<T>(list: T[], start: number, deleteCount: number, items: T[] = []): void {
    const at = Math.min(start, list.length);
    const removed = list.splice(start, deleteCount, ...items);
    if (!this.recording) return;
    this.steps.push(() => {
      list.splice(at, items.length, ...removed);
      for (let i = 0; i < removed.length; i++) if (!(i in removed)) delete list[at + i];
    });
  }

  /** Shortens an array to `length`, noting the tail it drops. */
  truncate(list: unknown[], length: number): void {
    if (list.length <= length) return;
    const before = list.length;
    const tail = list.slice(length);
    list.length = length;
    if (!this.recording) return;
    this.steps.push(() => {
      list.length = before;
      for (let i = 0; i < tail.length; i++) if (i in tail) list[length + i] = tail[i];
    });
  }

  /** Call before changing a cell's fields: the first time in a batch, notes them all. */
  touch(cell: FakeCell): void {
    if (!this.recording || this.cells.has(cell)) return;
    this.cells.add(cell);
    const before = { ...cell };
    this.steps.push(() => {
      for (const key of Object.keys(cell) as (keyof FakeCell)[]) delete cell[key];
      Object.assign(cell, before);
    });
  }

  undo(): void {
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i]?.();
    this.steps.length = 0;
    this.cells.clear();
  }
}

const NO_UNDO = new UndoLog(false);

function newSheet(
  model: FakeSpreadsheet,
  title: string,
  props: Partial<FakeSheet> = {},
  log: UndoLog = NO_UNDO,
): FakeSheet {
  const ids = new Set(model.sheets.map((s) => s.sheetId));
  let sheetId = props.sheetId ?? (ids.size === 0 ? 0 : randomInt(1, 2 ** 31 - 1));
  while (props.sheetId === undefined && ids.has(sheetId)) sheetId = randomInt(1, 2 ** 31 - 1);
  const index = Math.min(props.index ?? model.sheets.length, model.sheets.length);
  for (const s of model.sheets) if (s.index >= index) log.set(s, 'index', s.index + 1);
  const sheet: FakeSheet = {
    sheetId,
    title,
    index,
    rowCount: props.rowCount ?? DEFAULT_ROWS,
    columnCount: props.columnCount ?? DEFAULT_COLUMNS,
    frozenRowCount: props.frozenRowCount ?? 0,
    protectedRanges: [],
    charts: [],
    rows: [],
  };
  log.push(model.sheets, sheet);
  return sheet;
}

/**
 * A copy of a spreadsheet that shares nothing it could change with it. A cell's number format and dropdown
 * rule are replaced, never changed in place, so the copy's cells share them.
 */
function copySpreadsheet(from: FakeSpreadsheet): FakeSpreadsheet {
  return {
    ...from,
    sheets: from.sheets.map((sheet) => ({
      ...sheet,
      protectedRanges: structuredClone(sheet.protectedRanges),
      charts: structuredClone(sheet.charts),
      rows: sheet.rows.map((row) => row?.map((cell) => (cell ? { ...cell } : cell))),
    })),
  };
}

function cellAt(sheet: FakeSheet, row: number, column: number, log: UndoLog = NO_UNDO): FakeCell {
  let cells = sheet.rows[row];
  if (!cells) {
    cells = [];
    log.set(sheet.rows, row, cells);
  }
  let cell = cells[column];
  if (!cell) {
    cell = {};
    log.set(cells, column, cell);
  }
  return cell;
}

/** Which parts of a CellData a `fields` mask covers. */
function maskOf(fields: unknown, where: string) {
  if (typeof fields !== 'string' || fields.trim() === '')
    throw badRequest(`${where}At least one field must be specified.`);
  const parts = fields.split(',').map((f) => f.trim());
  const has = (path: string) => parts.some((p) => p === '*' || p === path || path.startsWith(`${p}.`));
  return {
    value: has('userEnteredValue'),
    format: has('userEnteredFormat.numberFormat'),
    validation: has('dataValidation'),
  };
}

type Mask = ReturnType<typeof maskOf>;

interface CellDataIn {
  userEnteredValue?: {
    stringValue?: string;
    numberValue?: number;
    boolValue?: boolean;
    formulaValue?: string;
  };
  userEnteredFormat?: { numberFormat?: NumberFormat };
  dataValidation?: ValidationRule;
}

function writeCell(
  sheet: FakeSheet,
  row: number,
  column: number,
  data: CellDataIn,
  mask: Mask,
  log: UndoLog,
): void {
  const cell = cellAt(sheet, row, column, log);
  log.touch(cell);
  if (mask.value) {
    const v = data.userEnteredValue ?? {};
    delete cell.formula;
    delete cell.value;
    // A stringValue is always literal text, even when it starts with '='; only formulaValue is a formula.
    if (v.formulaValue !== undefined) cell.formula = v.formulaValue;
    else if (v.stringValue !== undefined && v.stringValue !== '') cell.value = v.stringValue;
    else if (v.numberValue !== undefined) cell.value = v.numberValue;
    else if (v.boolValue !== undefined) cell.value = v.boolValue;
  }
  if (mask.format) {
    if (data.userEnteredFormat?.numberFormat) cell.numberFormat = { ...data.userEnteredFormat.numberFormat };
    else delete cell.numberFormat;
  }
  if (mask.validation) {
    if (data.dataValidation) cell.validation = structuredClone(data.dataValidation);
    else delete cell.validation;
  }
}

interface RowDataIn {
  values?: CellDataIn[];
}

/** Applies one batchUpdate request to the model, noting in `log` how to undo it; throws ApiError like Google would. */
function applyRequest(
  model: FakeSpreadsheet,
  request: Record<string, unknown>,
  i: number,
  counters: { cellsWritten: number },
  log: UndoLog,
): object {
  const kinds = Object.keys(request ?? {});
  if (kinds.length === 0) throw badRequest(`Invalid requests[${i}]: No request set.`);
  if (kinds.length > 1) {
    throw badRequest(
      `Invalid value at 'requests[${i}]' (oneof), oneof field 'kind' is already set. Cannot set '${kinds[1]}'`,
    );
  }
  const kind = kinds[0] as string;
  // biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON checked field by field
  const p = request[kind] as any;
  const where = `Invalid requests[${i}].${kind}: `;
  const sheetById = (id: unknown): FakeSheet => gridById(model, id, where);
  const rangeArea = (range: GridRange | undefined): Area => {
    const sheet = sheetById(range?.sheetId);
    const area = {
      sheet,
      startRow: range?.startRowIndex ?? 0,
      endRow: range?.endRowIndex ?? sheet.rowCount,
      startColumn: range?.startColumnIndex ?? 0,
      endColumn: range?.endColumnIndex ?? sheet.columnCount,
    };
    if (area.endRow > sheet.rowCount || area.endColumn > sheet.columnCount) throw gridLimits(where, area);
    return area;
  };
  const rowsOf = (rows: unknown): RowDataIn[] => (Array.isArray(rows) ? rows : []);

  switch (kind) {
    case 'appendCells': {
      const sheet = sheetById(p.sheetId);
      const mask = maskOf(p.fields, where);
      const rows = rowsOf(p.rows);
      const start = lastDataRow(sheet) + 1;
      const width = Math.max(0, ...rows.map((r) => r.values?.length ?? 0));
      const area = { sheet, startRow: start, endRow: start + rows.length, startColumn: 0, endColumn: width };
      if (width > sheet.columnCount) throw gridLimits(where, area);
      // Appending inserts rows when the grid is full.
      log.set(sheet, 'rowCount', Math.max(sheet.rowCount, start + rows.length));
      rows.forEach((row, r) => {
        row.values?.forEach((data, c) => {
          writeCell(sheet, start + r, c, data ?? {}, mask, log);
          counters.cellsWritten++;
        });
      });
      return {};
    }
    case 'updateCells': {
      const mask = maskOf(p.fields, where);
      const rows = rowsOf(p.rows);
      const start = p.range
        ? { sheetId: p.range.sheetId, rowIndex: p.range.startRowIndex, columnIndex: p.range.startColumnIndex }
        : (p.start ?? {});
      const sheet = sheetById(start.sheetId);
      const width = Math.max(1, ...rows.map((r) => r.values?.length ?? 0));
      const area = {
        sheet,
        startRow: start.rowIndex ?? 0,
        endRow: (start.rowIndex ?? 0) + Math.max(1, rows.length),
        startColumn: start.columnIndex ?? 0,
        endColumn: (start.columnIndex ?? 0) + width,
      };
      if (area.endRow > sheet.rowCount || area.endColumn > sheet.columnCount) throw gridLimits(where, area);
      // With a range, the masked fields of cells the rows do not cover are cleared.
      if (p.range) {
        const full = rangeArea(p.range);
        for (let r = full.startRow; r < Math.min(full.endRow, sheet.rows.length); r++) {
          for (let c = full.startColumn; c < Math.min(full.endColumn, sheet.rows[r]?.length ?? 0); c++) {
            if (sheet.rows[r]?.[c]) writeCell(sheet, r, c, {}, mask, log);
          }
        }
      }
      rows.forEach((row, r) => {
        row.values?.forEach((data, c) => {
          writeCell(sheet, area.startRow + r, area.startColumn + c, data ?? {}, mask, log);
          counters.cellsWritten++;
        });
      });
      return {};
    }
    case 'repeatCell': {
      const area = rangeArea(p.range);
      const mask = maskOf(p.fields, where);
      // The model keeps no cells of rows never written: formatting those would change nothing it reports.
      for (let r = area.startRow; r < Math.min(area.endRow, area.sheet.rows.length); r++) {
        for (let c = area.startColumn; c < area.endColumn; c++)
          writeCell(area.sheet, r, c, p.cell ?? {}, mask, log);
      }
      return {};
    }
    case 'addSheet': {
      const props = p.properties ?? {};
      const title = props.title ?? `Sheet${model.sheets.length + 1}`;
      if (sheetByTitle(model, title)) {
        throw badRequest(
          `${where}A sheet with the name "${title}" already exists. Please enter another name.`,
        );
      }
      if (props.sheetId !== undefined && model.sheets.some((s) => s.sheetId === props.sheetId)) {
        throw badRequest(`${where}Sheet with id ${props.sheetId} already exists.`);
      }
      const sheet = newSheet(
        model,
        title,
        {
          sheetId: props.sheetId,
          index: props.index,
          rowCount: props.gridProperties?.rowCount,
          columnCount: props.gridProperties?.columnCount,
          frozenRowCount: props.gridProperties?.frozenRowCount,
        },
        log,
      );
      return { addSheet: { properties: sheetProperties(sheet) } };
    }
    case 'updateSheetProperties': {
      const sheet = sheetById(p.properties?.sheetId);
      const fields = String(p.fields ?? '')
        .split(',')
        .map((f) => f.trim())
        .filter(Boolean);
      if (fields.length === 0) throw badRequest(`${where}At least one field must be specified.`);
      const grid = p.properties?.gridProperties ?? {};
      for (const field of fields) {
        if (field === 'title' || field === '*') log.set(sheet, 'title', p.properties.title ?? sheet.title);
        if (['gridProperties.frozenRowCount', 'gridProperties', '*'].includes(field)) {
          log.set(sheet, 'frozenRowCount', grid.frozenRowCount ?? 0);
        }
        if (['gridProperties.rowCount', 'gridProperties', '*'].includes(field) && grid.rowCount) {
          log.set(sheet, 'rowCount', grid.rowCount);
          log.truncate(sheet.rows, grid.rowCount);
        }
        if (['gridProperties.columnCount', 'gridProperties', '*'].includes(field) && grid.columnCount) {
          log.set(sheet, 'columnCount', grid.columnCount);
          for (const row of sheet.rows) if (row) log.truncate(row, grid.columnCount);
        }
      }
      return {};
    }
    case 'updateSpreadsheetProperties': {
      const fields = String(p.fields ?? '');
      if (!fields) throw badRequest(`${where}At least one field must be specified.`);
      const timeZone = p.properties?.timeZone;
      if (/\btimeZone\b|\*/.test(fields) && timeZone !== undefined) {
        try {
          new Intl.DateTimeFormat('en', { timeZone });
        } catch {
          throw badRequest(`${where}Invalid timeZone: ${timeZone}`);
        }
        log.set(model, 'timeZone', timeZone);
      }
      if (/\btitle\b|\*/.test(fields) && p.properties?.title !== undefined) {
        log.set(model, 'title', p.properties.title);
      }
      return {};
    }
    case 'setDataValidation': {
      const area = rangeArea(p.range);
      const rule: ValidationRule | undefined = p.rule;
      if (rule && rule.condition?.type === 'ONE_OF_LIST' && !rule.condition.values?.length) {
        throw badRequest(`${where}Invalid ConditionValue for ONE_OF_LIST: at least one value is required.`);
      }
      for (let r = area.startRow; r < area.endRow; r++) {
        for (let c = area.startColumn; c < area.endColumn; c++) {
          writeCell(
            area.sheet,
            r,
            c,
            { dataValidation: rule },
            { value: false, format: false, validation: true },
            log,
          );
        }
      }
      return {};
    }
    case 'addProtectedRange': {
      const area = rangeArea(p.protectedRange?.range);
      const used = new Set(model.sheets.flatMap((s) => s.protectedRanges.map((r) => r.protectedRangeId)));
      let id = randomInt(1, 2 ** 31 - 1);
      while (used.has(id)) id = randomInt(1, 2 ** 31 - 1);
      const range: ProtectedRange = {
        protectedRangeId: id,
        range: { ...p.protectedRange.range, sheetId: area.sheet.sheetId },
        ...(p.protectedRange.description !== undefined ? { description: p.protectedRange.description } : {}),
        ...(p.protectedRange.warningOnly ? { warningOnly: true } : {}),
        requestingUserCanEdit: true,
      };
      log.push(area.sheet.protectedRanges, range);
      return { addProtectedRange: { protectedRange: structuredClone(range) } };
    }
    case 'addChart': {
      const chart = newChart(model, p?.chart, i);
      log.push(sheetById(chart.position.overlayPosition.anchorCell.sheetId).charts, chart);
      return { addChart: { chart: structuredClone(chart) } };
    }
    case 'appendDimension': {
      const sheet = sheetById(p.sheetId);
      const length = Number(p.length);
      if (!(length > 0)) throw badRequest(`${where}length must be greater than zero.`);
      if (p.dimension === 'ROWS') log.set(sheet, 'rowCount', sheet.rowCount + length);
      else if (p.dimension === 'COLUMNS') log.set(sheet, 'columnCount', sheet.columnCount + length);
      else throw badRequest(`${where}dimension must be ROWS or COLUMNS.`);
      return {};
    }
    case 'insertDimension': {
      const range = p.range ?? {};
      const sheet = sheetById(range.sheetId);
      const start = range.startIndex ?? 0;
      const count = (range.endIndex ?? 0) - start;
      if (!(count > 0)) throw badRequest(`${where}range must have a positive length.`);
      if (range.dimension === 'ROWS') {
        if (start > sheet.rowCount) throw badRequest(`${where}startIndex exceeds grid limits.`);
        if (sheet.rows.length > start) {
          log.splice(
            sheet.rows,
            start,
            0,
            Array.from({ length: count }, () => []),
          );
        }
        log.set(sheet, 'rowCount', sheet.rowCount + count);
      } else if (range.dimension === 'COLUMNS') {
        if (start > sheet.columnCount) throw badRequest(`${where}startIndex exceeds grid limits.`);
        for (const row of sheet.rows) {
          if (row && row.length > start)
            log.splice(
              row,
              start,
              0,
              Array.from({ length: count }, () => undefined),
            );
        }
        log.set(sheet, 'columnCount', sheet.columnCount + count);
      } else throw badRequest(`${where}dimension must be ROWS or COLUMNS.`);
      return {};
    }
    case 'deleteDimension': {
      const range = p.range ?? {};
      const sheet = sheetById(range.sheetId);
      const rows = range.dimension === 'ROWS';
      if (!rows && range.dimension !== 'COLUMNS')
        throw badRequest(`${where}dimension must be ROWS or COLUMNS.`);
      const size = rows ? sheet.rowCount : sheet.columnCount;
      // Missing indexes mean the range is unbounded on that side.
      const start = range.startIndex ?? 0;
      const end = range.endIndex ?? size;
      if (!(end > start)) throw badRequest(`${where}range must have a positive length.`);
      if (end > size) {
        throw badRequest(
          `${where}Invalid range: ${rows ? 'endRowIndex' : 'endColumnIndex'} (${end}) exceeds grid limits. Max ${rows ? 'rows' : 'columns'}: ${size}`,
        );
      }
      const count = end - start;
      if (rows) {
        // Google keeps at least one row below the frozen ones, as in the browser.
        if (size - count <= sheet.frozenRowCount) {
          throw badRequest(`${where}Sorry, it is not possible to delete all non-frozen rows.`);
        }
        log.splice(sheet.rows, start, count);
        log.set(sheet, 'rowCount', sheet.rowCount - count);
        log.set(
          sheet,
          'frozenRowCount',
          sheet.frozenRowCount - Math.max(0, Math.min(end, sheet.frozenRowCount) - start),
        );
        for (const protection of sheet.protectedRanges) {
          const r = protection.range;
          const shift = (index: number) => (index <= start ? index : Math.max(start, index - count));
          if (r.startRowIndex !== undefined) log.set(r, 'startRowIndex', shift(r.startRowIndex));
          if (r.endRowIndex !== undefined) log.set(r, 'endRowIndex', shift(r.endRowIndex));
        }
      } else {
        if (size - count < 1) throw badRequest(`${where}Sorry, it is not possible to delete all columns.`);
        for (const row of sheet.rows) if (row) log.splice(row, start, count);
        log.set(sheet, 'columnCount', sheet.columnCount - count);
      }
      return {};
    }
    default:
      throw badRequest(
        `Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`,
      );
  }
}

const CHART_KINDS = [
  'basicChart',
  'pieChart',
  'bubbleChart',
  'candlestickChart',
  'orgChart',
  'histogramChart',
  'waterfallChart',
  'treemapChart',
  'scorecardChart',
];
const BASIC_CHART_TYPES = ['BAR', 'LINE', 'AREA', 'COLUMN', 'SCATTER', 'COMBO', 'STEPPED_AREA'];

/**
 * The chart an addChart asks for, refused as Google refuses it: a spec with exactly one kind of chart, an
 * anchor cell and source ranges on sheets that exist and inside their grids, each range one column or one row.
 * Basic charts are checked further: their type, one domain, a series' own type only in a combo chart, and
 * axes a series of that chart type can be read against. Charts on a sheet of their own are not supported.
 */
// biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON checked field by field
function newChart(model: FakeSpreadsheet, chart: any, i: number): FakeChart {
  const where = `Invalid requests[${i}].addChart: `;
  const spec = chart?.spec;
  const kinds = CHART_KINDS.filter((kind) => spec?.[kind] !== undefined);
  if (kinds.length !== 1) throw badRequest(`${where}The chart spec must have exactly one chart type set.`);
  const overlay = chart.position?.overlayPosition;
  if (!overlay?.anchorCell) {
    throw badRequest(`${where}the sheets fake draws charts over a grid only: give position.overlayPosition`);
  }
  const anchor = overlay.anchorCell;
  const sheet = gridById(model, anchor.sheetId, where);
  if ((anchor.rowIndex ?? 0) >= sheet.rowCount || (anchor.columnIndex ?? 0) >= sheet.columnCount) {
    throw badRequest(
      `${where}The anchor cell (row ${anchor.rowIndex ?? 0}, column ${anchor.columnIndex ?? 0}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
    );
  }
  if (spec.basicChart) checkBasicChart(model, spec.basicChart, i);
  const ids = new Set(model.sheets.flatMap((s) => s.charts.map((c) => c.chartId)));
  if (chart.chartId !== undefined && ids.has(chart.chartId)) {
    throw badRequest(`${where}An embedded object with id ${chart.chartId} already exists.`);
  }
  let chartId = chart.chartId ?? randomInt(1, 2 ** 31 - 1);
  while (chart.chartId === undefined && ids.has(chartId)) chartId = randomInt(1, 2 ** 31 - 1);
  return {
    chartId,
    spec: structuredClone(spec),
    position: {
      overlayPosition: {
        ...structuredClone(overlay),
        anchorCell: { ...anchor, sheetId: sheet.sheetId },
        widthPixels: overlay.widthPixels ?? 600,
        heightPixels: overlay.heightPixels ?? 371,
      },
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: request bodies are arbitrary JSON checked field by field
function checkBasicChart(model: FakeSpreadsheet, basic: any, i: number): void {
  const where = `Invalid requests[${i}].addChart: `;
  const type = basic.chartType;
  if (!BASIC_CHART_TYPES.includes(type)) {
    throw badRequest(
      `Invalid value at 'requests[${i}].add_chart.chart.spec.basic_chart.chart_type' (type.googleapis.com/google.apps.sheets.v4.BasicChartType), "${type}"`,
    );
  }
  const domains: unknown[] = basic.domains ?? [];
  if (domains.length > 1) throw badRequest(`${where}Only a single domain is supported.`);
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const series: any[] = basic.series ?? [];
  const minorAxes = type === 'BAR' ? ['BOTTOM_AXIS', 'TOP_AXIS'] : ['LEFT_AXIS', 'RIGHT_AXIS'];
  for (const one of series) {
    if (one.type !== undefined && type !== 'COMBO') {
      throw badRequest(`${where}A series type can only be set in a COMBO chart.`);
    }
    if (one.type !== undefined && !['LINE', 'AREA', 'COLUMN'].includes(one.type)) {
      throw badRequest(`${where}A COMBO chart's series can only be LINE, AREA or COLUMN, not ${one.type}.`);
    }
    if (one.targetAxis !== undefined && !minorAxes.includes(one.targetAxis)) {
      throw badRequest(`${where}${one.targetAxis} is not a valid target axis for a ${type} chart.`);
    }
  }
  // biome-ignore lint/suspicious/noExplicitAny: as above
  const data = [...domains.map((d: any) => d?.domain), ...series.map((s) => s?.series)];
  const counts = new Set(data.map((d) => checkSources(model, d?.sourceRange?.sources, where)));
  if (counts.size > 1) {
    throw badRequest(`${where}The domain and every series must have the same number of source ranges.`);
  }
}

/** The number of source ranges, each on an existing sheet, inside its grid, one column or one row. */
function checkSources(model: FakeSpreadsheet, sources: unknown, where: string): number {
  if (!Array.isArray(sources) || sources.length === 0) {
    throw badRequest(`${where}Every chart domain and series needs a source range.`);
  }
  for (const range of sources as GridRange[]) {
    const sheet = gridById(model, range.sheetId, where);
    const area: Area = {
      sheet,
      startRow: range.startRowIndex ?? 0,
      endRow: range.endRowIndex ?? sheet.rowCount,
      startColumn: range.startColumnIndex ?? 0,
      endColumn: range.endColumnIndex ?? sheet.columnCount,
    };
    if (area.endRow > sheet.rowCount || area.endColumn > sheet.columnCount) throw gridLimits(where, area);
    if (area.endRow - area.startRow !== 1 && area.endColumn - area.startColumn !== 1) {
      throw badRequest(`${where}A chart source range must be exactly one row or one column.`);
    }
  }
  return sources.length;
}

function gridById(model: FakeSpreadsheet, id: unknown, where: string): FakeSheet {
  const sheet = model.sheets.find((s) => s.sheetId === (id ?? 0));
  if (!sheet) throw badRequest(`${where}No grid with id: ${id ?? 0}`);
  return sheet;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const emptyStats = (): FakeStats => ({
  get: 0,
  batchGet: 0,
  batchUpdate: 0,
  other: 0,
  cellsRead: 0,
  cellsWritten: 0,
});

export async function startSheetsFake(options: SheetsFakeOptions = {}): Promise<SheetsFake> {
  const spreadsheetId = options.spreadsheetId ?? 'fake-spreadsheet-1';
  const now = options.now ?? Date.now;
  const model: FakeSpreadsheet = {
    spreadsheetId,
    title: 'Hearth (fake)',
    timeZone: options.timeZone ?? 'Etc/GMT',
    sheets: [],
  };
  const stats = emptyStats();
  const requests: RecordedRequest[] = [];
  const latency: Required<Latency> = { readMs: 0, writeMs: 0, ...options.latency };
  let quota: Quota = { ...options.quota };
  const recent = { read: [] as number[], write: [] as number[] };
  const faults: number[] = [];

  function takeQuota(kind: 'read' | 'write'): void {
    const limit = kind === 'read' ? quota.readsPerMinute : quota.writesPerMinute;
    if (limit === undefined) return;
    const times = recent[kind].filter((t) => now() - t < 60_000);
    recent[kind] = times;
    if (times.length >= limit) throw quotaError(kind);
    times.push(now());
  }

  function getSpreadsheet(url: URL) {
    // `fields` is ignored, except that a mask naming grid data asks for it, as includeGridData does, and charts
    // come only when it names them (or there is none: then every field comes).
    const fields = url.searchParams.get('fields');
    return spreadsheetOf(
      url.searchParams.getAll('ranges'),
      url.searchParams.get('includeGridData') === 'true' || /\bdata\b/.test(fields ?? ''),
      fields === null || /\bcharts\b/.test(fields),
    );
  }

  function spreadsheetOf(ranges: readonly string[], withData: boolean, withCharts = true) {
    const areas = ranges.map((r) => parseRange(model, r));
    // Ranges filter the sheets: a sheet no range touches is left out.
    const sheets = model.sheets
      .filter((s) => areas.length === 0 || areas.some((a) => a.sheet === s))
      .sort((a, b) => a.index - b.index);
    return {
      spreadsheetId,
      properties: { title: model.title, locale: 'en_US', autoRecalc: 'ON_CHANGE', timeZone: model.timeZone },
      sheets: sheets.map((sheet) => {
        const mine = areas.filter((a) => a.sheet === sheet);
        const whole = {
          sheet,
          startRow: 0,
          startColumn: 0,
          endRow: sheet.rowCount,
          endColumn: sheet.columnCount,
        };
        return {
          properties: sheetProperties(sheet),
          ...(sheet.protectedRanges.length > 0
            ? { protectedRanges: structuredClone(sheet.protectedRanges) }
            : {}),
          ...(withCharts && sheet.charts.length > 0 ? { charts: structuredClone(sheet.charts) } : {}),
          ...(withData ? { data: (mine.length > 0 ? mine : [whole]).map(gridData) } : {}),
        };
      }),
      spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${spreadsheetId}/edit`,
    };
  }

  function renderOptions(url: URL) {
    return {
      valueRenderOption: url.searchParams.get('valueRenderOption') ?? 'FORMATTED_VALUE',
      dateTimeRenderOption: url.searchParams.get('dateTimeRenderOption') ?? 'SERIAL_NUMBER',
      majorDimension: url.searchParams.get('majorDimension') ?? 'ROWS',
    };
  }

  function countRead<T extends { values?: unknown[][] }>(range: T): T {
    for (const row of range.values ?? []) stats.cellsRead += row.length;
    return range;
  }

  function batchUpdate(raw: string) {
    let body: {
      requests?: Record<string, unknown>[];
      includeSpreadsheetInResponse?: boolean;
      responseRanges?: string[];
      responseIncludeGridData?: boolean;
    };
    try {
      body = JSON.parse(raw || '{}');
    } catch {
      throw badRequest('Invalid JSON payload received.');
    }
    const list = body.requests ?? [];
    if (!Array.isArray(list) || list.length === 0) throw badRequest('Must specify at least one request.');
    // All or nothing: when a request fails, what the ones before it changed is undone.
    const log = new UndoLog();
    const counters = { cellsWritten: 0 };
    let replies: object[];
    try {
      replies = list.map((request, i) => applyRequest(model, request, i, counters, log));
    } catch (error) {
      log.undo();
      throw error;
    }
    stats.cellsWritten += counters.cellsWritten;
    // As Google does: the spreadsheet as the update left it, limited to the response ranges.
    const updated = body.includeSpreadsheetInResponse
      ? {
          updatedSpreadsheet: spreadsheetOf(body.responseRanges ?? [], body.responseIncludeGridData === true),
        }
      : {};
    return { spreadsheetId, replies, ...updated };
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const match = /^\/v4\/spreadsheets\/([^/:]+)(.*)$/.exec(url.pathname);
    const [, id = '', rest = ''] = match ?? [];
    const method = req.method ?? 'GET';
    const kind: RequestKind =
      method === 'GET' && rest === ''
        ? 'get'
        : method === 'GET' && rest === '/values:batchGet'
          ? 'batchGet'
          : method === 'POST' && rest === ':batchUpdate'
            ? 'batchUpdate'
            : 'other';
    const raw = method === 'POST' ? await readBody(req) : '';
    stats[kind]++;
    let body: unknown;
    try {
      body = raw ? JSON.parse(raw) : undefined;
    } catch {
      body = raw;
    }
    requests.push({ kind, method, url: req.url ?? '', ...(body === undefined ? {} : { body }) });
    const isWrite = method !== 'GET';
    const delay = isWrite ? latency.writeMs : latency.readMs;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

    if (!/^Bearer\s+\S+/i.test(req.headers.authorization ?? '')) {
      throw new ApiError(
        401,
        'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
      );
    }
    // Google reads a request body as JSON only when it says so; anything else is not a JSON payload.
    if (method === 'POST' && !/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      throw new ApiError(400, 'Invalid JSON payload received. Unexpected token.');
    }
    if (!match) throw new ApiError(404, 'Requested entity was not found.');
    if (decodeURIComponent(id) !== spreadsheetId) throw new ApiError(404, 'Requested entity was not found.');
    const fault = faults.shift();
    if (fault === 429) throw quotaError(isWrite ? 'write' : 'read');
    if (fault !== undefined)
      throw new ApiError(fault, FAULT_MESSAGES[fault] ?? 'Fault injected by the test.');
    takeQuota(isWrite ? 'write' : 'read');

    let answer: object;
    if (kind === 'get') answer = getSpreadsheet(url);
    else if (kind === 'batchGet') {
      const options = renderOptions(url);
      const areas = url.searchParams.getAll('ranges').map((r) => parseRange(model, r));
      answer = areas.length
        ? { spreadsheetId, valueRanges: areas.map((a) => countRead(readArea(a, options))) }
        : { spreadsheetId };
    } else if (kind === 'batchUpdate') answer = batchUpdate(raw);
    else if (method === 'GET' && rest.startsWith('/values/')) {
      answer = countRead(readArea(parseRange(model, decodeURIComponent(rest.slice(8))), renderOptions(url)));
    } else throw new ApiError(404, 'Requested entity was not found.');
    send(res, 200, answer, url.searchParams.get('prettyPrint') !== 'false');
  }

  let cutNext = false;

  /** Google answers in indented JSON unless asked `prettyPrint=false` (a standard parameter of its APIs). */
  function send(res: ServerResponse, status: number, body: object, pretty = true): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
    const text = JSON.stringify(body, null, pretty ? 2 : undefined);
    const cut = status === 200 && cutNext;
    if (cut) cutNext = false;
    res.end(cut ? text.slice(0, Math.floor(text.length / 2)) : text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof ApiError) send(res, error.status, error.body);
      else send(res, 500, new ApiError(500, `Fake failure: ${String(error)}`).body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  const mustSheet = (title: string): FakeSheet => {
    const sheet = sheetByTitle(model, title);
    if (!sheet) throw new Error(`sheets fake: no tab named "${title}"`);
    return sheet;
  };
  const grow = (sheet: FakeSheet, row: number, column: number) => {
    sheet.rowCount = Math.max(sheet.rowCount, row + 1);
    sheet.columnCount = Math.max(sheet.columnCount, column + 1);
  };
  const put = (sheet: FakeSheet, row: number, column: number, value: Cell) => {
    const cell = cellAt(sheet, row, column);
    delete cell.formula;
    delete cell.numberFormat;
    if (value === null || value === '') delete cell.value;
    else cell.value = value;
    grow(sheet, row, column);
  };

  const fake: SheetsFake = {
    rootUrl: `http://127.0.0.1:${port}/`,
    spreadsheetId,
    get spreadsheet() {
      return model;
    },
    stats,
    requests,
    resetStats() {
      Object.assign(stats, emptyStats());
      requests.length = 0;
    },
    setLatency(next) {
      Object.assign(latency, next);
    },
    setQuota(next) {
      quota = { ...next };
    },
    cutNextAnswer() {
      cutNext = true;
    },
    failNext(count, status = 429) {
      faults.length = 0;
      for (let i = 0; i < count; i++) faults.push(status);
    },
    sheet: (title) => sheetByTitle(model, title),
    addTab(title, size = {}) {
      if (sheetByTitle(model, title)) throw new Error(`sheets fake: tab "${title}" already exists`);
      return newSheet(model, title, size);
    },
    getGrid(title) {
      const sheet = mustSheet(title);
      const rows = sheet.rows.slice(0, lastDataRow(sheet) + 1);
      return Array.from(rows, (row) =>
        trimEnd(
          Array.from(row ?? [], (cell) => {
            const value = render(cell, {
              valueRenderOption: 'UNFORMATTED_VALUE',
              dateTimeRenderOption: 'SERIAL_NUMBER',
            });
            return value === undefined ? null : value;
          }),
          (cell) => cell === null,
        ),
      );
    },
    setGrid(title, rows) {
      const sheet = sheetByTitle(model, title) ?? newSheet(model, title);
      // Values and formats go; dropdowns stay, as when a person pastes values over a tab.
      for (const row of sheet.rows) {
        for (const cell of row ?? []) {
          if (!cell) continue;
          delete cell.value;
          delete cell.formula;
          delete cell.numberFormat;
        }
      }
      rows.forEach((row, r) => {
        row.forEach((value, c) => {
          if (value !== null && value !== '') put(sheet, r, c, value);
        });
      });
    },
    setCell(title, row, column, value, extra = {}) {
      const sheet = mustSheet(title);
      put(sheet, row, column, value);
      const cell = cellAt(sheet, row, column);
      if (extra.formula !== undefined) cell.formula = extra.formula;
      if (extra.numberFormat) cell.numberFormat = { ...extra.numberFormat };
    },
    cell(title, row, column) {
      const cell = mustSheet(title).rows[row]?.[column];
      const value = render(cell, {
        valueRenderOption: 'UNFORMATTED_VALUE',
        dateTimeRenderOption: 'SERIAL_NUMBER',
      });
      const kind: CellInfo['kind'] =
        cell?.formula !== undefined
          ? 'formula'
          : value === undefined
            ? 'empty'
            : typeof value === 'string'
              ? 'text'
              : typeof value === 'number'
                ? 'number'
                : 'bool';
      return {
        kind,
        value: value ?? null,
        ...(cell?.formula !== undefined ? { formula: cell.formula } : {}),
        ...(cell?.numberFormat ? { numberFormat: { ...cell.numberFormat } } : {}),
        ...(cell?.validation ? { validation: structuredClone(cell.validation) } : {}),
      };
    },
    snapshot: () => copySpreadsheet(model),
    restore(snapshot) {
      Object.assign(model, copySpreadsheet(snapshot));
    },
    close() {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) =>
        server.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };

  const tabs = options.tabs ?? { Sheet1: [] };
  for (const [title, rows] of Object.entries(tabs)) fake.setGrid(title, rows);
  return fake;
}
