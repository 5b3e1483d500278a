import type { Cell, CellWrite } from './cells.js';

/**
 * A tab's rows as read. Read-only: a store may hand out the very same arrays again for a read whose answer did
 * not change (the Google store does, rather than parse an unchanged answer again).
 */
export type Grid = readonly (readonly Cell[])[];

/**
 * The raw spreadsheet, read-only: what code that only reads the grid sees. Tabs are found by title, rows and
 * columns are 0-based (row 0 is the header row). Each method is one round trip, so the cost of an operation is
 * the number of calls it makes. The store with writes, which each backend implements, is `GridStore`
 * (grid-store.ts): only the writer and the maintenance commands may hold one (scripts/check-layers.ts).
 */
export interface GridReader {
  readonly backend: 'google' | 'local';
  /**
   * The whole of each named tab, ragged (trailing empty cells and rows may be cut). Missing tabs are absent.
   * `optional` tabs may well not exist (a form's responses): a backend looks for them again only now and then.
   * Of `headerOnly` tabs (named in `tabs` too) only row 0 is read, in the same call. A `repeat` read is made
   * again and again (the writer's every minute): a store may answer it with the very arrays of its last answer
   * where rows came back the same, and skip the parse when nothing did.
   */
  readTabs(
    tabs: readonly string[],
    options?: { optional?: readonly string[]; headerOnly?: readonly string[]; repeat?: boolean },
  ): Promise<Map<string, Grid>>;
  /** Row 0 and the named columns of each tab, in one call. Missing tabs are absent. */
  readColumns(requests: readonly ColumnsRequest[]): Promise<Map<string, ColumnsRead>>;
  /** Tabs, their sizes, frozen rows, dropdowns and protections, and the spreadsheet's time zone. */
  layout(): Promise<Layout>;
}

/** Only the reads of a store: an object without its writes, for code that must not write. */
export function readOnly(store: GridReader): GridReader {
  return {
    backend: store.backend,
    readTabs: (tabs, options) => store.readTabs(tabs, options),
    readColumns: (requests) => store.readColumns(requests),
    layout: () => store.layout(),
  };
}

export interface ColumnsRequest {
  tab: string;
  columns: readonly number[];
}

export interface ColumnsRead {
  header: Cell[];
  /** column index -> its cells from row 0 down (ragged: may be shorter than the tab). */
  columns: Map<number, Cell[]>;
}

export interface WriteResult {
  /** The columns asked for in `readBack`, as the write left them (no header row: `header` is empty). */
  readBack?: Map<string, ColumnsRead>;
}

export interface GridWrite {
  /** Rows added after the last row that has data; `undefined` leaves a cell untouched (empty). */
  appends: { tab: string; rows: (CellWrite | undefined)[][] }[];
  updates: CellUpdate[];
  /**
   * Whole rows removed; the rows below move up. Indices are 0-based and as they are when the write starts
   * (appends and updates don't move rows); deletions are applied after the appends and updates, from the
   * bottom up, so each index still names the row it named. Repeated indices count once.
   */
  deletes?: RowDeletes[];
  /** Columns to read back as the write left them (to check rows found by ID did not move meanwhile). */
  readBack?: ColumnsRequest[];
}

export interface RowDeletes {
  tab: string;
  rows: readonly number[];
}

/** A write's deletions per tab: whole-number indices, unique, from the bottom up (highest first). */
export function rowsToDelete(deletes: readonly RowDeletes[] | undefined): Map<string, number[]> {
  const byTab = new Map<string, Set<number>>();
  for (const { tab, rows } of deletes ?? []) {
    const set = byTab.get(tab) ?? new Set<number>();
    for (const row of rows) {
      if (!Number.isInteger(row) || row < 0) throw new RangeError(`Cannot delete row ${row} of ${tab}`);
      set.add(row);
    }
    byTab.set(tab, set);
  }
  const result = new Map<string, number[]>();
  for (const [tab, set] of byTab)
    if (set.size > 0)
      result.set(
        tab,
        [...set].sort((a, b) => b - a),
      );
  return result;
}

/** Rows sorted from the bottom up, as runs of adjacent rows: `[start, end)` with the lowest start last. */
export function rowRuns(bottomUp: readonly number[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const row of bottomUp) {
    const run = runs.at(-1);
    if (run && run[0] === row + 1) run[0] = row;
    else runs.push([row, row + 1]);
  }
  return runs;
}

export interface CellUpdate {
  tab: string;
  row: number;
  column: number;
  value: CellWrite;
}

export interface Layout {
  timeZone: string;
  tabs: TabLayout[];
}

export interface TabLayout {
  title: string;
  rowCount: number;
  columnCount: number;
  frozenRows: number;
  /** column index -> dropdown values validated on the rows below the header. */
  dropdowns: Map<number, readonly string[]>;
  /** Descriptions of warning-only protected ranges (google; always empty for local). */
  protections: string[];
  /** Titles of the charts on the tab (google; always empty for local, where charts are not drawn). */
  charts: string[];
}

/** How a chart draws its data: one kind throughout, or (combo) each series its own way. */
export type ChartType = 'column' | 'line' | 'combo';

export interface ChartSeries {
  /** The column charted, by its position in the header row now. */
  column: number;
  /** How a combo chart draws this series; other charts draw every series their own way. */
  drawAs?: 'column' | 'line';
  /** The axis it is read against (default left): a percentage beside counts goes on the right. */
  axis?: 'left' | 'right';
}

export type LayoutChange =
  | { kind: 'addTab'; tab: string }
  | { kind: 'setTimeZone'; timeZone: string }
  | { kind: 'setHeaders'; tab: string; cells: { column: number; text: string }[] }
  | { kind: 'freezeHeader'; tab: string }
  | { kind: 'dropdown'; tab: string; column: number; values: readonly string[] }
  /** Warning-only protection of whole columns below the header: organizers are asked before editing. */
  | { kind: 'protectColumn'; tab: string; column: number; description: string }
  | AddChart;

/**
 * A chart of whole columns: the header row names the series and the rows below it, to the end of the grid, are
 * charted, so new rows appear in it. Its top-left corner is in the cell at `anchor`. Drawn on Google Sheets only.
 */
export interface AddChart {
  kind: 'addChart';
  tab: string;
  title: string;
  type: ChartType;
  /** The column along the bottom axis (Dashboard → Week). */
  domain: number;
  series: ChartSeries[];
  anchor: { row: number; column: number };
}
