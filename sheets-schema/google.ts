import { createHash, randomInt } from 'node:crypto';
import { auth as googleAuth, sheets, type sheets_v4 } from '@googleapis/sheets';
import { type Clock, systemClock } from '../common/clock.js';
import { ErrorCode, HearthError, SheetsError, WorkbookError } from '../common/errors.js';
import { type Cell, type CellWrite, columnLetters, DATE_TIME_FORMAT } from './cells.js';
import type {
  AddChart,
  CellUpdate,
  ColumnsRead,
  ColumnsRequest,
  Grid,
  GridWrite,
  Layout,
  LayoutChange,
  TabLayout,
} from './grid.js';
import { rowRuns, rowsToDelete } from './grid.js';
import type { GridStore } from './grid-store.js';

export interface GoogleGridStoreOptions {
  spreadsheetId: string;
  /** Another endpoint speaking the Sheets API, such as the test fake: `http://127.0.0.1:PORT/`. */
  rootUrl?: string;
  /** Credentials. Default: a placeholder token when `rootUrl` is set, else Application Default Credentials. */
  auth?: sheets_v4.Options['auth'];
  /** A call taking longer than this fails as SheetsUnavailable (retryable). */
  timeoutMs?: number;
  /** What the tab list's cache age is measured by (default the system's). */
  clock?: Clock;
}

const SCOPE = 'https://www.googleapis.com/auth/spreadsheets';
const DEFAULT_TIMEOUT_MS = 30_000;
/** What Google gives a sheet added without a size. */
const NEW_TAB_ROWS = 1000;
const NEW_TAB_COLUMNS = 26;
/** A chart covers at least this many rows (a new tab's), so the rows written after it still show in it. */
const CHART_ROWS = NEW_TAB_ROWS;
const CHART_TYPES = { column: 'COLUMN', line: 'LINE', combo: 'COMBO' } as const;
/** Google's messages when a cached tab name or sheet id no longer matches the spreadsheet. */
const STALE_TABS = /Unable to parse range|No grid with id|already exists/;
/** How long a tab found missing is taken to stay missing before reads look again. */
const RECHECK_MS = 60_000;
/** A tab that may well not exist (a form's responses) is looked for this often, not on every read. */
const OPTIONAL_RECHECK_MS = 15 * 60_000;

type Request = sheets_v4.Schema$Request;
type CellData = sheets_v4.Schema$CellData;

interface TabInfo {
  sheetId: number;
  rowCount: number;
  columnCount: number;
}

/**
 * The GridStore on Google Sheets. Each method is one API call (layout is two), plus one spreadsheets.get
 * when the cached tab list (titles → sheet ids) is missing or doesn't know a tab asked for. The client
 * library's retries are off: callers retry coded, retryable errors one level up.
 */
export function createGoogleGridStore(options: GoogleGridStoreOptions): GridStore {
  const { spreadsheetId } = options;
  const api = sheets({
    version: 'v4',
    auth: options.auth ?? defaultAuth(options.rootUrl),
    ...(options.rootUrl === undefined ? {} : { rootUrl: options.rootUrl }),
    retry: false,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Google indents its JSON by default: a snapshot of 50,000 members is that much more to receive and parse.
    params: { prettyPrint: false },
  });
  let cached: Map<string, TabInfo> | undefined;
  const clock = options.clock ?? systemClock;
  const nowMs = () => clock.now().toMillis();
  let refreshedAt = 0;
  /** Tabs asked for up to the last refresh: one found missing then is not looked for again for a while. */
  const asked = new Set<string>();

  async function refreshTabs(wanted: readonly string[]): Promise<Map<string, TabInfo>> {
    const data = await call('reading the list of tabs', () =>
      api.spreadsheets.get({
        spreadsheetId,
        fields: 'sheets(properties(sheetId,title,gridProperties(rowCount,columnCount)))',
      }),
    );
    cached = tabsOf(data.sheets ?? []);
    refreshedAt = nowMs();
    for (const tab of wanted) asked.add(tab);
    return cached;
  }

  /**
   * Runs `attempt` with the cached tab list. The list is fetched when first needed and again when a
   * wanted tab is not in it: always for writes; for reads only if that tab was not asked for before or
   * the list is older than a minute, so a missing tab doesn't cost a call on every read. When Google says
   * a tab or sheet id is unknown, the list was stale: refresh it and try once more.
   */
  async function withTabs<T>(
    wanted: readonly string[],
    strict: boolean,
    attempt: (tabs: Map<string, TabInfo>) => Promise<T>,
    optional: ReadonlySet<string> = new Set(),
  ): Promise<T> {
    const unknown = wanted.filter((tab) => !cached?.has(tab) && !optional.has(tab));
    const optionalUnknown = wanted.some((tab) => !cached?.has(tab) && optional.has(tab));
    const age = nowMs() - refreshedAt;
    const refresh =
      !cached ||
      (unknown.length > 0 && (strict || unknown.some((tab) => !asked.has(tab)) || age > RECHECK_MS)) ||
      (optionalUnknown && age > OPTIONAL_RECHECK_MS);
    const tabs = refresh || !cached ? await refreshTabs(wanted) : cached;
    try {
      return await attempt(tabs);
    } catch (error) {
      if (!(error instanceof HearthError && STALE_TABS.test(error.message))) throw error;
      return attempt(await refreshTabs(wanted));
    }
  }

  /** The last answer to each repeated read, by what was asked: a digest of its bytes, and its grids. */
  const repeated = new Map<string, { digest: string; grids: Grid[] }>();

  async function batchGet(ranges: string[], repeat = false): Promise<Grid[]> {
    const params = {
      spreadsheetId,
      ranges,
      valueRenderOption: 'UNFORMATTED_VALUE',
      dateTimeRenderOption: 'SERIAL_NUMBER',
      majorDimension: 'ROWS',
    };
    // The bytes first, digested as they stream in: a repeated read answered byte for byte as last time is that
    // answer (a minute at rest costs a digest, not a copy and a parse of the whole sheet), and rows that came
    // back the same are the arrays handed out before.
    const { digest, chunks } = await call('reading cells', async () => {
      const answer = await api.spreadsheets.values.batchGet(params, { responseType: 'stream' });
      const hash = createHash('sha256');
      const chunks: Buffer[] = [];
      // The client's types do not follow responseType: the answer is the body as a stream.
      for await (const chunk of answer.data as unknown as AsyncIterable<Buffer>) {
        hash.update(chunk);
        chunks.push(chunk);
      }
      return { data: { digest: hash.digest('base64'), chunks } };
    });
    const asked = ranges.join('\n');
    const last = repeat ? repeated.get(asked) : undefined;
    if (last?.digest === digest) return last.grids;
    const data = parsedAnswer(Buffer.concat(chunks).toString('utf8'));
    const grids = ranges.map((_, i) =>
      sameRowsAs(cellsInPlace(data.valueRanges?.[i]?.values ?? []), last?.grids[i]),
    );
    if (repeat) {
      // A few reads are repeated (the writer's tick, its Audit at start); the arrays are those its reader keeps.
      repeated.delete(asked);
      if (repeated.size >= REPEATED_READS) repeated.delete(repeated.keys().next().value as string);
      repeated.set(asked, { digest, grids });
    }
    return grids;
  }

  async function batchUpdate(
    what: string,
    requests: Request[],
    responseRanges: string[] = [],
  ): Promise<sheets_v4.Schema$BatchUpdateSpreadsheetResponse> {
    const readBack =
      responseRanges.length > 0
        ? { includeSpreadsheetInResponse: true, responseRanges, responseIncludeGridData: true }
        : {};
    // Sent as JSON text: the client library deep-copies an object body twice before sending it, and a large
    // write is tens of thousands of cells; text goes as it is.
    const body = JSON.stringify({ requests, ...readBack });
    return call(what, () =>
      api.spreadsheets.batchUpdate(
        { spreadsheetId, requestBody: body as sheets_v4.Schema$BatchUpdateSpreadsheetRequest },
        { headers: { 'content-type': 'application/json' } },
      ),
    );
  }

  return {
    backend: 'google',

    async readTabs(wanted, options = {}) {
      const names = [...new Set(wanted)];
      const optional = new Set(options.optional ?? []);
      const headerOnly = new Set(options.headerOnly ?? []);
      return withTabs(
        names,
        false,
        async (tabs) => {
          const present = names.filter((tab) => tabs.has(tab));
          const result = new Map<string, Grid>();
          if (present.length === 0) return result;
          const grids = await batchGet(
            present.map((tab) => (headerOnly.has(tab) ? `${quote(tab)}!1:1` : quote(tab))),
            options.repeat,
          );
          present.forEach((tab, i) => {
            result.set(tab, grids[i] ?? []);
          });
          return result;
        },
        optional,
      );
    },

    async readColumns(requests: readonly ColumnsRequest[]) {
      const wanted = new Map<string, Set<number>>();
      for (const { tab, columns } of requests) {
        const set = wanted.get(tab) ?? new Set<number>();
        for (const column of columns) set.add(column);
        wanted.set(tab, set);
      }
      return withTabs([...wanted.keys()], false, async (tabs) => {
        const present = [...wanted].filter(([tab]) => tabs.has(tab));
        const result = new Map<string, ColumnsRead>();
        if (present.length === 0) return result;
        const ranges = present.flatMap(([tab, columns]) => [
          `${quote(tab)}!1:1`,
          ...[...columns].map((c) => `${quote(tab)}!${columnLetters(c)}:${columnLetters(c)}`),
        ]);
        const grids = await batchGet(ranges);
        let i = 0;
        for (const [tab, columns] of present) {
          const header = [...(grids[i++]?.[0] ?? [])];
          const read = new Map<number, Cell[]>();
          for (const column of columns) {
            const cells = grids[i++] ?? [];
            read.set(
              column,
              cells.map((row) => row[0] ?? null),
            ); // an empty row `[]` is an empty cell
          }
          result.set(tab, { header, columns: read });
        }
        return result;
      });
    },

    async write(batch: GridWrite) {
      const appends = batch.appends.filter((a) => a.rows.length > 0);
      const deletes = rowsToDelete(batch.deletes);
      if (appends.length === 0 && batch.updates.length === 0 && deletes.size === 0) return {};
      const names = [
        ...new Set([...appends.map((a) => a.tab), ...batch.updates.map((u) => u.tab), ...deletes.keys()]),
      ];
      const readBack = batch.readBack ?? [];
      // The columns to read back ride in the same call: the answer holds them as the write left them.
      const ranges = readBack.flatMap(({ tab, columns }) =>
        columns.map((c) => `${quote(tab)}!${columnLetters(c)}:${columnLetters(c)}`),
      );
      return withTabs(names, true, async (tabs) => {
        const missing = names.filter((tab) => !tabs.has(tab));
        if (missing.length > 0) throw tabMissing(missing);
        const answer = await batchUpdate(
          'writing cells',
          writeRequests(appends, batch.updates, deletes, tabs),
          ranges,
        );
        return readBack.length > 0 ? { readBack: columnsOf(answer.updatedSpreadsheet, readBack) } : {};
      });
    },

    async layout() {
      try {
        return await readLayout();
      } catch (error) {
        // A tab deleted between the two calls: read again.
        if (!(error instanceof HearthError && STALE_TABS.test(error.message))) throw error;
        return readLayout();
      }
    },

    async applyLayout(changes: readonly LayoutChange[]) {
      if (changes.length === 0) return;
      const added = new Set(changes.flatMap((c) => (c.kind === 'addTab' ? [c.tab] : [])));
      const used = changes.flatMap((c) => ('tab' in c && !added.has(c.tab) ? [c.tab] : []));
      await withTabs(used, true, async (tabs) => {
        const missing = [...new Set(used)].filter((tab) => !tabs.has(tab));
        if (missing.length > 0) throw tabMissing(missing);
        const after = new Map([...tabs].map(([tab, info]) => [tab, { ...info }]));
        await batchUpdate('changing the layout', layoutRequests(changes, after));
        cached = after;
      });
    },
  };

  async function readLayout(): Promise<Layout> {
    // Call 1: every tab, with sizes, frozen rows, protections and chart titles (this also refreshes the tab cache).
    const meta = await call('reading the layout', () =>
      api.spreadsheets.get({
        spreadsheetId,
        fields:
          'properties(timeZone),sheets(properties(sheetId,title,index,gridProperties),protectedRanges(description,warningOnly),charts(chartId,spec(title)))',
      }),
    );
    const sheetList = meta.sheets ?? [];
    cached = tabsOf(sheetList);
    refreshedAt = nowMs();
    // Call 2: dropdowns, read from row 2 of each tab. `ranges` also filters which sheets come back, so
    // call 1 is needed to know every tab, including ones an organizer added by hand.
    const dropdowns = new Map<number, Map<number, readonly string[]>>();
    const tall = sheetList.filter((s) => (s.properties?.gridProperties?.rowCount ?? 0) >= 2);
    if (tall.length > 0) {
      const grid = await call('reading dropdowns', () =>
        api.spreadsheets.get({
          spreadsheetId,
          ranges: tall.map((s) => `${quote(s.properties?.title ?? '')}!2:2`),
          includeGridData: true,
          fields: 'sheets(properties(sheetId),data(startColumn,rowData(values(dataValidation))))',
        }),
      );
      for (const sheet of grid.sheets ?? []) {
        const lists = new Map<number, readonly string[]>();
        for (const block of sheet.data ?? []) {
          block.rowData?.[0]?.values?.forEach((cell, i) => {
            const condition = cell.dataValidation?.condition;
            if (condition?.type !== 'ONE_OF_LIST') return;
            lists.set(
              (block.startColumn ?? 0) + i,
              (condition.values ?? []).map((v) => v.userEnteredValue ?? ''),
            );
          });
        }
        dropdowns.set(sheet.properties?.sheetId ?? 0, lists);
      }
    }
    const tabs: TabLayout[] = sheetList.map((s) => ({
      title: s.properties?.title ?? '',
      rowCount: s.properties?.gridProperties?.rowCount ?? 0,
      columnCount: s.properties?.gridProperties?.columnCount ?? 0,
      frozenRows: s.properties?.gridProperties?.frozenRowCount ?? 0,
      dropdowns: dropdowns.get(s.properties?.sheetId ?? 0) ?? new Map(),
      protections: (s.protectedRanges ?? []).filter((p) => p.warningOnly).map((p) => p.description ?? ''),
      charts: (s.charts ?? []).map((c) => c.spec?.title ?? ''),
    }));
    return { timeZone: meta.properties?.timeZone ?? 'Etc/GMT', tabs };
  }
}

function defaultAuth(rootUrl: string | undefined): NonNullable<sheets_v4.Options['auth']> {
  if (rootUrl !== undefined) {
    // An emulator accepts any bearer token, and there are no real credentials to find.
    const client = new googleAuth.OAuth2();
    client.setCredentials({ access_token: 'emulator' });
    return client;
  }
  return new googleAuth.GoogleAuth({ scopes: [SCOPE] });
}

function tabsOf(sheetList: sheets_v4.Schema$Sheet[]): Map<string, TabInfo> {
  return new Map(
    sheetList.map((s) => [
      s.properties?.title ?? '',
      {
        sheetId: s.properties?.sheetId ?? 0,
        rowCount: s.properties?.gridProperties?.rowCount ?? 0,
        columnCount: s.properties?.gridProperties?.columnCount ?? 0,
      },
    ]),
  );
}

/** Always quoted: a tab named like a cell ("Q1") would otherwise read as a range of the first tab. */
function quote(tab: string): string {
  return `'${tab.replaceAll("'", "''")}'`;
}

/** Google sends empty cells inside a row as "": they are null here, as in the local store. */
/** The columns of `requests` out of a spreadsheet answered with grid data (one GridData per column range). */
function columnsOf(
  spreadsheet: sheets_v4.Schema$Spreadsheet | undefined,
  requests: readonly ColumnsRequest[],
): Map<string, ColumnsRead> {
  const result = new Map<string, ColumnsRead>();
  for (const { tab, columns } of requests) {
    const sheet = spreadsheet?.sheets?.find((s) => s.properties?.title === tab);
    if (!sheet) continue;
    const read: ColumnsRead = { header: [], columns: new Map() };
    for (const data of sheet.data ?? []) {
      const column = data.startColumn ?? 0;
      if (!columns.includes(column)) continue;
      const cells: Cell[] = [];
      (data.rowData ?? []).forEach((row, i) => {
        cells[(data.startRow ?? 0) + i] = effectiveCell(row.values?.[0]);
      });
      read.columns.set(
        column,
        Array.from(cells, (cell) => cell ?? null),
      );
    }
    result.set(tab, read);
  }
  return result;
}

function effectiveCell(cell: sheets_v4.Schema$CellData | undefined): Cell {
  const value = cell?.effectiveValue;
  if (!value) return null;
  if (value.stringValue !== undefined && value.stringValue !== null) return toCell(value.stringValue);
  if (value.numberValue !== undefined && value.numberValue !== null) return value.numberValue;
  if (value.boolValue !== undefined && value.boolValue !== null) return value.boolValue;
  return null;
}

/** An answer's text as JSON; one cut short on the way is not a sheet, and the read is tried again. */
function parsedAnswer(text: string): sheets_v4.Schema$BatchGetValuesResponse {
  try {
    return JSON.parse(text) as sheets_v4.Schema$BatchGetValuesResponse;
  } catch {
    throw notWhole('reading cells', text);
  }
}

/** An answer that is not JSON (cut short on the way) is no answer: retried, never read as an empty sheet. */
function notWhole(what: string, text: string): SheetsError {
  return new SheetsError(
    ErrorCode.SheetsUnavailable,
    `Google Sheets failed while ${what}: its answer was not whole (${text.length} characters that are not JSON)`,
    'It will be retried. If it persists, check the network and https://www.google.com/appsstatus',
    { retryable: true },
  );
}

/** How many different repeated reads a store remembers the last answer of. */
const REPEATED_READS = 4;

/** `grid` with each row equal to the one at its place in `last` replaced by that one. */
function sameRowsAs(grid: Cell[][], last: Grid | undefined): Grid {
  if (!last) return grid;
  for (let r = 0; r < grid.length; r++) {
    const row = grid[r] as Cell[];
    const before = last[r];
    if (!before || before.length !== row.length) continue;
    let same = true;
    for (let c = 0; same && c < row.length; c++) same = before[c] === row[c];
    if (same) grid[r] = before as Cell[];
  }
  return grid;
}

/** The rows of an answer as cells, converted where they are: the answer is ours, and a copy would double it. */
function cellsInPlace(rows: unknown[][]): Cell[][] {
  for (const row of rows) for (let c = 0; c < row.length; c++) row[c] = toCell(row[c]);
  return rows as Cell[][];
}

function toCell(value: unknown): Cell {
  if (value === '' || value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}

const DATE_TIME: sheets_v4.Schema$NumberFormat = { type: 'DATE_TIME', pattern: DATE_TIME_FORMAT };

/** Text is always a stringValue, never a formulaValue: what a member typed must never be evaluated. */
function cellData(value: CellWrite | undefined): CellData {
  if (!value || 'empty' in value) return {}; // with the value in `fields`, an absent value clears it
  if ('text' in value) return { userEnteredValue: { stringValue: value.text } };
  if ('number' in value) return { userEnteredValue: { numberValue: value.number } };
  if ('bool' in value) return { userEnteredValue: { boolValue: value.bool } };
  return { userEnteredValue: { numberValue: value.serial }, userEnteredFormat: { numberFormat: DATE_TIME } };
}

const isDate = (value: CellWrite | undefined) => !!value && 'serial' in value;

function fieldsFor(values: readonly (CellWrite | undefined)[]): string {
  return values.some(isDate) ? 'userEnteredValue,userEnteredFormat.numberFormat' : 'userEnteredValue';
}

function sheetIdOf(tabs: Map<string, TabInfo>, tab: string): number {
  const info = tabs.get(tab);
  if (!info) throw tabMissing([tab]);
  return info.sheetId;
}

/**
 * One appendCells per tab (it grows the grid), then one updateCells per run of adjacent cells in a row, then
 * the deletions: one deleteDimension per run of adjacent rows, from the bottom up so the indices of the rows
 * above stay right. Google refuses to delete every non-frozen row of a sheet ("it is not possible to delete
 * all non-frozen rows"), so each tab losing rows first gets one empty row at the end: the grid still shrinks
 * by all but one of the rows deleted, and deleting every row below the header works.
 */
function writeRequests(
  appends: GridWrite['appends'],
  updates: readonly CellUpdate[],
  deletes: ReadonlyMap<string, readonly number[]>,
  tabs: Map<string, TabInfo>,
): Request[] {
  const requests: Request[] = [];
  const rowsByTab = new Map<string, (CellWrite | undefined)[][]>();
  for (const { tab, rows } of appends) rowsByTab.set(tab, [...(rowsByTab.get(tab) ?? []), ...rows]);
  for (const [tab, rows] of rowsByTab) {
    const sheetId = sheetIdOf(tabs, tab);
    // An appendCells has one field mask for all its cells: with the number format in it, every other cell of
    // the new rows would lose the format an organizer gave its column. So values only, then the date format
    // on the columns that got a date (Hearth's own columns: Joined, Submitted, When…), below the header.
    requests.push({
      appendCells: {
        sheetId,
        rows: rows.map((row) => ({ values: Array.from(row, cellData) })),
        fields: 'userEnteredValue',
      },
    });
    const dateColumns = new Set(rows.flatMap((row) => row.flatMap((v, c) => (isDate(v) ? [c] : []))));
    for (const column of [...dateColumns].sort((a, b) => a - b)) {
      requests.push({
        repeatCell: {
          range: { sheetId, startRowIndex: 1, startColumnIndex: column, endColumnIndex: column + 1 },
          cell: { userEnteredFormat: { numberFormat: DATE_TIME } },
          fields: 'userEnteredFormat.numberFormat',
        },
      });
    }
  }
  for (const run of cellRuns(updates)) {
    requests.push({
      updateCells: {
        start: { sheetId: sheetIdOf(tabs, run.tab), rowIndex: run.row, columnIndex: run.column },
        rows: [{ values: run.values.map(cellData) }],
        fields: fieldsFor(run.values),
      },
    });
  }
  for (const [tab, rows] of deletes) {
    const sheetId = sheetIdOf(tabs, tab);
    requests.push({ appendDimension: { sheetId, dimension: 'ROWS', length: 1 } });
    for (const [startIndex, endIndex] of rowRuns(rows)) {
      requests.push({ deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex, endIndex } } });
    }
  }
  return requests;
}

interface CellRun {
  tab: string;
  row: number;
  column: number;
  values: CellWrite[];
}

/** Updates grouped into runs of adjacent cells of one row, dates apart (they need another field mask). */
function cellRuns(updates: readonly CellUpdate[]): CellRun[] {
  const last = new Map<string, CellUpdate>(); // a later update of the same cell wins
  for (const u of updates) last.set(JSON.stringify([u.tab, u.row, u.column]), u);
  const sorted = [...last.values()].sort((a, b) =>
    a.tab < b.tab ? -1 : a.tab > b.tab ? 1 : a.row - b.row || a.column - b.column,
  );
  const runs: CellRun[] = [];
  for (const u of sorted) {
    const run = runs.at(-1);
    const joins =
      run?.tab === u.tab &&
      run.row === u.row &&
      run.column + run.values.length === u.column &&
      isDate(run.values[0]) === isDate(u.value);
    if (joins) run.values.push(u.value);
    else runs.push({ tab: u.tab, row: u.row, column: u.column, values: [u.value] });
  }
  return runs;
}

/**
 * One batchUpdate for all layout changes. New tabs get sheet ids chosen here (Google accepts them in
 * addSheet), so later requests in the same batch can refer to them and it stays one call.
 */
function layoutRequests(changes: readonly LayoutChange[], tabs: Map<string, TabInfo>): Request[] {
  const first: Request[] = [];
  const rest: Request[] = [];
  const ids = new Set([...tabs.values()].map((t) => t.sheetId));
  for (const change of changes) {
    if (change.kind !== 'addTab' || tabs.has(change.tab)) continue; // already there: nothing to add
    let sheetId = randomInt(1, 2 ** 31 - 1);
    while (ids.has(sheetId)) sheetId = randomInt(1, 2 ** 31 - 1);
    ids.add(sheetId);
    tabs.set(change.tab, { sheetId, rowCount: NEW_TAB_ROWS, columnCount: NEW_TAB_COLUMNS });
    first.push({
      addSheet: {
        properties: {
          sheetId,
          title: change.tab,
          gridProperties: { rowCount: NEW_TAB_ROWS, columnCount: NEW_TAB_COLUMNS },
        },
      },
    });
  }
  /** Rows and columns must exist before cells, dropdowns, protections or charts can go in them. */
  const ensureSize = (tab: string, count: number, dimension: 'ROWS' | 'COLUMNS' = 'COLUMNS') => {
    const info = tabs.get(tab) as TabInfo;
    const key = dimension === 'ROWS' ? 'rowCount' : 'columnCount';
    if (count <= info[key]) return;
    rest.push({ appendDimension: { sheetId: info.sheetId, dimension, length: count - info[key] } });
    info[key] = count;
  };
  const ensureColumns = (tab: string, count: number) => ensureSize(tab, count);
  const column = (tab: string, index: number) => {
    ensureColumns(tab, index + 1);
    return {
      sheetId: sheetIdOf(tabs, tab),
      startRowIndex: 1,
      startColumnIndex: index,
      endColumnIndex: index + 1,
    };
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'addTab':
        break;
      case 'setTimeZone':
        rest.push({
          updateSpreadsheetProperties: { properties: { timeZone: change.timeZone }, fields: 'timeZone' },
        });
        break;
      case 'setHeaders': {
        ensureColumns(change.tab, Math.max(0, ...change.cells.map((c) => c.column + 1)));
        const updates = change.cells.map((c) => ({
          tab: change.tab,
          row: 0,
          column: c.column,
          value: { text: c.text },
        }));
        for (const run of cellRuns(updates)) {
          rest.push({
            updateCells: {
              start: { sheetId: sheetIdOf(tabs, run.tab), rowIndex: 0, columnIndex: run.column },
              rows: [{ values: run.values.map(cellData) }],
              fields: 'userEnteredValue',
            },
          });
        }
        break;
      }
      case 'freezeHeader':
        rest.push({
          updateSheetProperties: {
            properties: { sheetId: sheetIdOf(tabs, change.tab), gridProperties: { frozenRowCount: 1 } },
            fields: 'gridProperties.frozenRowCount',
          },
        });
        break;
      case 'dropdown':
        // Not strict: a value outside the list is shown with a warning, never refused.
        rest.push({
          setDataValidation: {
            range: column(change.tab, change.column),
            rule: {
              condition: { type: 'ONE_OF_LIST', values: change.values.map((v) => ({ userEnteredValue: v })) },
              showCustomUi: true,
              strict: false,
            },
          },
        });
        break;
      case 'protectColumn':
        rest.push({
          addProtectedRange: {
            protectedRange: {
              range: column(change.tab, change.column),
              description: change.description,
              warningOnly: true,
            },
          },
        });
        break;
      case 'addChart': {
        ensureColumns(change.tab, change.anchor.column + 1);
        ensureSize(change.tab, CHART_ROWS, 'ROWS');
        const info = tabs.get(change.tab) as TabInfo;
        rest.push(addChartRequest(change, info.sheetId, info.rowCount));
        break;
      }
    }
  }
  return [...first, ...rest];
}

/**
 * An embedded basic chart over whole columns, from the header row (which names the series: `headerCount` 1)
 * down to row `rows`. Its size is left to Google (600 × 371 px).
 */
function addChartRequest(change: AddChart, sheetId: number, rows: number): Request {
  const column = (index: number): sheets_v4.Schema$ChartData => ({
    sourceRange: {
      sources: [
        { sheetId, startRowIndex: 0, endRowIndex: rows, startColumnIndex: index, endColumnIndex: index + 1 },
      ],
    },
  });
  const combo = change.type === 'combo';
  return {
    addChart: {
      chart: {
        spec: {
          title: change.title,
          basicChart: {
            chartType: CHART_TYPES[change.type],
            legendPosition: 'BOTTOM_LEGEND',
            headerCount: 1,
            domains: [{ domain: column(change.domain) }],
            series: change.series.map((s) => ({
              series: column(s.column),
              targetAxis: s.axis === 'right' ? 'RIGHT_AXIS' : 'LEFT_AXIS',
              // Google takes a series' own type only in a combo chart.
              ...(combo ? { type: CHART_TYPES[s.drawAs ?? 'line'] } : {}),
            })),
          },
        },
        position: {
          overlayPosition: {
            anchorCell: { sheetId, rowIndex: change.anchor.row, columnIndex: change.anchor.column },
          },
        },
      },
    },
  };
}

function tabMissing(tabs: readonly string[]): WorkbookError {
  return new WorkbookError(
    ErrorCode.TabMissing,
    `The spreadsheet has no tab named ${tabs.map((t) => `"${t}"`).join(', ')}`,
    'Run `npm run provision` to create the missing tabs, or restore the tab if it was renamed or deleted',
  );
}

async function call<T>(what: string, run: () => Promise<{ data: T }>): Promise<T> {
  let data: T;
  try {
    data = (await run()).data;
  } catch (error) {
    throw sheetsError(error, what);
  }
  // The client hands back the text itself when an answer is not JSON.
  if (typeof data === 'string') throw notWhole(what, data);
  return data;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'TimeoutError',
  'AbortError',
]);

/** The first network error code (or abort name) along an error's cause chain. */
function networkCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    const { code, name, cause } = e as { code?: unknown; name?: unknown; cause?: unknown };
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    if (typeof name === 'string' && NETWORK_CODES.has(name)) return name;
    e = cause;
  }
  return undefined;
}

/** Tokens must never reach a message or a log. */
function redact(text: string): string {
  return text.replace(/(bearer\s+)\S+/gi, '$1[redacted]').replace(/ya29\.[\w.-]+/g, '[redacted]');
}

/** Google's error in an answer's body: parsed, or still JSON text (a read answered as a stream). */
function googleError(data: unknown): { message?: string; status?: string } | undefined {
  let body = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  return (body as { error?: { message?: string; status?: string } } | null | undefined)?.error ?? undefined;
}

/**
 * A Sheets API failure as a coded error: 429 quota and 5xx / network trouble are retryable; requests
 * Google refuses (400/401/403/404) are not, and say how to fix them. Only Google's own message is
 * quoted: the request (with its Authorization header) never is.
 */
export function sheetsError(error: unknown, what: string): HearthError {
  if (error instanceof HearthError) return error;
  const e = error as {
    status?: unknown;
    response?: { status?: number; data?: unknown };
    config?: unknown;
    message?: unknown;
  } | null;
  const status = e?.response?.status ?? (typeof e?.status === 'number' ? e.status : undefined);
  const google = googleError(e?.response?.data);
  const detail = redact(google?.message ?? (typeof e?.message === 'string' ? e.message : String(error)));
  const failed = `Google Sheets failed while ${what}`;
  if (status === undefined) {
    const code = networkCode(error);
    // A client error without a response is the network, whatever its code.
    if (code !== undefined || (e && typeof e === 'object' && 'config' in e)) {
      return new SheetsError(
        ErrorCode.SheetsUnavailable,
        `${failed}: no answer (${code ?? detail})`,
        'Google Sheets could not be reached; it will be retried. If it persists, check the network and https://www.google.com/appsstatus',
        { retryable: true },
      );
    }
    return new SheetsError(
      ErrorCode.SheetsRequestFailed,
      `${failed}: ${detail}`,
      'Check the credentials: set GOOGLE_APPLICATION_CREDENTIALS to a service account key file, or run `gcloud auth application-default login`',
    );
  }
  const said = `${failed}: HTTP ${status}${google?.status ? ` ${google.status}` : ''}: ${detail}`;
  if (status === 429) {
    return new SheetsError(
      ErrorCode.SheetsQuotaExhausted,
      said,
      'Sheets allows about 60 reads and 60 writes a minute per user; it will be retried after a pause. If it keeps happening, run jobs less often',
      { retryable: true },
    );
  }
  if (status >= 500 || status === 408) {
    const hint = 'Google Sheets is having trouble; it will be retried';
    return new SheetsError(ErrorCode.SheetsUnavailable, said, hint, { retryable: true });
  }
  const hints: Record<number, string> = {
    400: 'The request does not match the spreadsheet: check that the tabs and columns exist (run `npm run provision`) and that nobody renamed them',
    401: 'The credentials were refused: check GOOGLE_APPLICATION_CREDENTIALS or run `gcloud auth application-default login` again',
    403: "Share the spreadsheet with the service account's email (client_email in its key file) as Editor, and enable the Google Sheets API in its Google Cloud project",
    404: 'Check the spreadsheet ID: it is the part of the spreadsheet URL between /d/ and /edit',
  };
  return new SheetsError(
    ErrorCode.SheetsRequestFailed,
    said,
    hints[status] ?? 'Check the request and the spreadsheet, then try again',
  );
}
