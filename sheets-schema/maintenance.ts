import { ErrorCode, WorkbookError } from '../common/errors.js';
import {
  type Cell,
  type CellWrite,
  cellText,
  isBlankCell,
  isBlankRow,
  normalizeHeader,
  rowKey,
  sameCell,
  writeAgain,
  writtenCell,
} from './cells.js';
import type { CellUpdate, ColumnsRead, Grid, GridWrite, WriteResult } from './grid.js';
import type { GridStore } from './grid-store.js';
import { mapHeaders } from './table.js';
import { specOf, tabNamed } from './tabs/index.js';

/** A row's cells by column name (see `columnNames`); blank cells may be left out. */
export type RowCells = Record<string, Cell>;

/**
 * One row a maintenance write changes (the daily archive, forgetting a person): named by what was read, never by
 * its position, and found again right before the write.
 */
export interface MaintenanceRow {
  /** The tab's title: any tab (Hearth's, an archive, a form's responses, one an organizer added). */
  tab: string;
  /**
   * The row as it was read. Where the tab has an ID column (Hearth's tabs) and the row an ID, the row is the one
   * with that ID then; else the one whose cells are these.
   */
  row: RowCells;
  /** Cells to set, by column name (`{ empty: true }` empties one). They must still hold what was read. */
  set?: Record<string, CellWrite>;
  /** Take the row out of its tab; the rows below move up. It must still be as it was read. */
  remove?: boolean;
  /** Add these cells, by the other tab's column names, to the end of that tab: only if the row is found. */
  copyTo?: { tab: string; cells: Record<string, CellWrite | undefined> };
}

export interface Maintenance {
  rows: readonly MaintenanceRow[];
  /** Per tab, the columns holding dates, so that a row put back keeps them as dates. */
  dates?: Readonly<Record<string, readonly string[]>>;
}

export interface MaintenanceResult {
  /** Rows found and changed as asked (or found already changed, by an earlier try). */
  done: number;
  updatedCells: number;
  removed: number;
  copied: number;
  /** Rows left alone: no longer there, on more than one row, or changed since they were read. */
  skipped: { row: MaintenanceRow; reason: string }[];
  /**
   * Rows a removal took by mistake (an organizer sorted, inserted or deleted rows as the write landed), added
   * back at the end of their tab as they were read.
   */
  putBack: { tab: string; row: RowCells }[];
}

export function emptyMaintenance(): MaintenanceResult {
  return { done: 0, updatedCells: 0, removed: 0, copied: 0, skipped: [], putBack: [] };
}

/**
 * Each column's name: its header as typed; from the second column with the same header on, `Header #2`, `#3`…;
 * a column without a header is `#1`, `#2`…
 */
export function columnNames(header: readonly Cell[], width = header.length): string[] {
  const seen = new Map<string, number>();
  return Array.from({ length: Math.max(width, header.length) }, (_, i) => {
    const text = cellText(header[i]).trim();
    const key = normalizeHeader(text);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return key === '' ? `#${n}` : n === 1 ? text : `${text} #${n}`;
  });
}

/** A row as maintenance names it: its non-blank cells by column name. */
export function rowCells(header: readonly Cell[], cells: readonly Cell[]): RowCells {
  const out: RowCells = {};
  columnNames(header, cells.length).forEach((name, i) => {
    const cell = cells[i];
    if (!isBlankCell(cell)) out[name] = cell as Cell;
  });
  return out;
}

/** How many times a write is checked and mended before it gives up (to be tried again whole). */
const ROUNDS = 3;

/** One tab as re-read just before the write. */
interface Fresh {
  grid: Grid;
  width: number;
  /** The column a name given by a caller stands for now: the same name, else the same header ignoring case. */
  column(name: string): number | undefined;
  names: string[];
  idColumn: number | undefined;
}

function fresh(tab: string, grid: Grid): Fresh {
  const header = grid[0] ?? [];
  const width = grid.reduce((most, row) => Math.max(most, row.length), header.length);
  const names = columnNames(header, width);
  const exact = new Map<string, number>();
  const loose = new Map<string, number>();
  names.forEach((name, i) => {
    if (!exact.has(name)) exact.set(name, i);
    if (!loose.has(normalizeHeader(name))) loose.set(normalizeHeader(name), i);
  });
  const name = tabNamed(tab);
  const spec = name && specOf(name);
  const idColumn = spec?.idKey ? mapHeaders(spec, header).index[spec.idKey] : undefined;
  return {
    grid,
    width,
    names,
    column: (n) => exact.get(n) ?? loose.get(normalizeHeader(n)),
    idColumn,
  };
}

/** The row's cells laid out by the columns of `tab`; undefined when one of them has no column there now. */
function laidOut(tab: Fresh, cells: RowCells): Cell[] | undefined {
  const row: Cell[] = [];
  for (const [name, cell] of Object.entries(cells)) {
    if (isBlankCell(cell)) continue;
    const column = tab.column(name);
    if (column === undefined) return undefined;
    row[column] = cell;
  }
  return Array.from(row, (cell) => cell ?? null);
}

/** What is to become of a row of the first re-read: removed, or these cells set. */
interface Fate {
  remove: boolean;
  set: Map<number, CellWrite>;
}

/** One tab of a write: the grid it was planned on, and what it did where. */
interface Written {
  tab: string;
  base: Grid;
  /** Per row of `base`, the row of the first re-read it is (its fate), when known. */
  origin: (number | undefined)[];
  deletes: Set<number>;
  updates: Map<number, Map<number, CellWrite>>;
  /** Rows this write added at the end of the tab, and which row of the first re-read each is. */
  appended: { cells: (CellWrite | undefined)[]; origin: number | undefined }[];
  width: number;
  idColumn: number | undefined;
  fates: Map<number, Fate>;
  dates: Set<number>;
}

/**
 * Re-reads every tab `request` names (in one call), finds each row by its ID or cells, and writes all the changes
 * in one call, whose answer brings the tabs back as the write left them. When an organizer's sort, insertion or
 * deletion landed between that re-read and the write, the write hit rows by their old positions: see `mend`.
 */
export async function maintainOnce(
  store: GridStore,
  request: Maintenance,
  attempt: number,
): Promise<MaintenanceResult> {
  const result = emptyMaintenance();
  const tabs = [...new Set(request.rows.map((r) => r.tab))];
  const copiedTo = [...new Set(request.rows.flatMap((r) => (r.copyTo ? [r.copyTo.tab] : [])))];
  const copyTabs = copiedTo.filter((tab) => !tabs.includes(tab));
  // A new try reads the tabs copied to whole: a copy an earlier try added is not added again.
  const grids = await store.readTabs([...tabs, ...copyTabs], attempt > 1 ? {} : { headerOnly: copyTabs });
  const missing = copiedTo.filter((tab) => !grids.has(tab));
  if (missing.length > 0) {
    throw new WorkbookError(
      ErrorCode.TabMissing,
      `The ${missing.join(', ')} tab is missing from the spreadsheet`,
      'It was there a moment ago: run it again',
      { tab: missing[0] as string },
    );
  }
  const now = new Map([...grids].map(([tab, grid]) => [tab, fresh(tab, grid)]));
  const batch: Required<Pick<GridWrite, 'appends' | 'updates' | 'deletes'>> = {
    appends: [],
    updates: [],
    deletes: [],
  };
  const written: Written[] = [];
  const copies = new Map<string, (CellWrite | undefined)[][]>();
  const landed = new Map<string, Map<string, number>>();

  for (const tab of tabs) {
    const rows = request.rows.filter((r) => r.tab === tab);
    const current = now.get(tab);
    if (!current) {
      for (const row of rows) result.skipped.push({ row, reason: `the ${tab} tab is gone` });
      continue;
    }
    const dates = new Set(
      (request.dates?.[tab] ?? []).flatMap((name) => {
        const column = current.column(name);
        return column === undefined ? [] : [column];
      }),
    );
    const w: Written = {
      tab,
      base: current.grid,
      origin: current.grid.map((_, r) => r),
      deletes: new Set(),
      updates: new Map(),
      appended: [],
      width: current.width,
      idColumn: current.idColumn,
      fates: new Map(),
      dates,
    };
    for (const { row, at } of locate(current, rows, attempt, result)) {
      const fate: Fate = { remove: !!row.remove, set: new Map() };
      for (const [name, value] of Object.entries(row.set ?? {})) {
        const column = current.column(name);
        if (column === undefined) continue; // a column that is gone, and held nothing when it was read
        fate.set.set(column, value);
        if (sameCell(current.grid[at]?.[column], writtenCell(value))) continue;
        const cells = w.updates.get(at) ?? new Map<number, CellWrite>();
        w.updates.set(at, cells.set(column, value));
        result.updatedCells++;
      }
      if (row.remove) {
        w.deletes.add(at);
        result.removed++;
      }
      w.fates.set(at, fate);
      result.done++;
      if (row.copyTo) {
        const target = now.get(row.copyTo.tab) as Fresh;
        const cells = copyOf(target, row.copyTo);
        const key = rowKey(Array.from(cells, writtenCell));
        const already = attempt > 1 ? landedIn(landed, row.copyTo.tab, target) : undefined;
        if (already && (already.get(key) ?? 0) > 0) {
          already.set(key, (already.get(key) ?? 0) - 1); // each row there stands for one copy
        } else {
          listIn(copies, row.copyTo.tab).push(cells);
          result.copied++;
        }
      }
    }
    if (w.deletes.size > 0) batch.deletes.push({ tab, rows: [...w.deletes] });
    for (const [row, cells] of w.updates)
      for (const [column, value] of cells) batch.updates.push({ tab, row, column, value });
    if (w.deletes.size > 0 || w.updates.size > 0) written.push(w);
  }
  for (const [tab, rows] of copies) {
    batch.appends.push({ tab, rows });
    const w = written.find((t) => t.tab === tab);
    if (w) w.appended.push(...rows.map((cells) => ({ cells, origin: undefined })));
  }
  if (batch.appends.length === 0 && batch.updates.length === 0 && batch.deletes.length === 0) return result;
  const answer = await store.write({ ...batch, readBack: readBackOf(written) });
  await mend(store, written, answer, result);
  return result;
}

/** Finds each row of one tab as it is now; the ones not found, or changed, are skipped with the reason. */
function locate(
  tab: Fresh,
  rows: readonly MaintenanceRow[],
  attempt: number,
  result: MaintenanceResult,
): { row: MaintenanceRow; at: number }[] {
  const found: { row: MaintenanceRow; at: number }[] = [];
  const taken = new Set<number>();
  const idName = tab.idColumn === undefined ? undefined : tab.names[tab.idColumn];
  const idAt = (r: number) =>
    tab.idColumn === undefined ? '' : cellText(tab.grid[r]?.[tab.idColumn]).trim();
  const byId = new Map<string, number[]>();
  const byCells = new Map<string, number[]>();
  for (let r = 1; r < tab.grid.length; r++) {
    const id = idAt(r);
    if (id) listIn(byId, id).push(r);
    listIn(byCells, rowKey(tab.grid[r] ?? [])).push(r);
  }
  const withCells = (cells: RowCells) => {
    const row = laidOut(tab, cells);
    return row ? (byCells.get(rowKey(row)) ?? []).filter((r) => !taken.has(r)) : [];
  };
  const gone = attempt > 1 ? 'no longer there (an earlier try may have done it)' : 'no longer there';
  for (const row of rows) {
    const intended = row.set && { ...row.row, ...mapValues(row.set, writtenCell) };
    const id = idName === undefined ? '' : cellText(row.row[idName]).trim();
    const skip = (reason: string) => result.skipped.push({ row, reason });
    let at: number | undefined;
    let done = false;
    if (id) {
      const rowsNow = byId.get(id) ?? [];
      const r = rowsNow[0];
      if (r === undefined) {
        skip(gone);
        continue;
      }
      if (rowsNow.length > 1 || taken.has(r)) {
        skip(`${id} is on more than one row`);
        continue;
      }
      const cell = (name: string) => {
        const column = tab.column(name);
        return column === undefined ? null : (tab.grid[r]?.[column] ?? null);
      };
      const asRead =
        row.remove || row.copyTo ? withCells(row.row).includes(r) : allAsIn(row.set, cell, row.row);
      if (asRead) at = r;
      else if (!row.remove && intended && allAsIn(row.set, cell, intended)) done = true;
    } else {
      at = withCells(row.row)[0];
      if (at === undefined && !row.remove && intended) done = withCells(intended).length > 0;
    }
    if (at !== undefined) {
      taken.add(at);
      found.push({ row, at });
    } else if (done) result.done++;
    else skip(id ? 'changed since it was read' : `${gone}, or changed since it was read`);
  }
  return found;
}

function listIn<K, V>(map: Map<K, V[]>, key: K): V[] {
  const list = map.get(key) ?? [];
  if (list.length === 0) map.set(key, list);
  return list;
}

/** Whether every cell named in `names` holds what `cells` says. */
function allAsIn(
  names: Record<string, unknown> | undefined,
  cell: (name: string) => Cell,
  cells: RowCells,
): boolean {
  return Object.keys(names ?? {}).every((name) => sameCell(cell(name), cells[name] ?? null));
}

function mapValues<T, U>(record: Record<string, T>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

/** A copy laid out by the target tab's columns as they are now; a column it lacks stops the write. */
function copyOf(target: Fresh, copy: NonNullable<MaintenanceRow['copyTo']>): (CellWrite | undefined)[] {
  const row: (CellWrite | undefined)[] = [];
  for (const [name, value] of Object.entries(copy.cells)) {
    if (value === undefined) continue;
    const column = target.column(name);
    if (column === undefined) {
      throw new WorkbookError(
        ErrorCode.HeaderMissing,
        `The ${copy.tab} tab has no "${name}" column to copy into`,
        `Put the header "${name}" back in row 1 of ${copy.tab}; nothing was written`,
        { tab: copy.tab },
      );
    }
    row[column] = value;
  }
  return Array.from(row);
}

/** The rows of a tab copied to, as comparable texts, read once per write. */
function landedIn(landed: Map<string, Map<string, number>>, tab: string, target: Fresh): Map<string, number> {
  let counts = landed.get(tab);
  if (!counts) {
    counts = new Map();
    for (const row of target.grid.slice(1)) counts.set(rowKey(row), (counts.get(rowKey(row)) ?? 0) + 1);
    landed.set(tab, counts);
  }
  return counts;
}

/** Every column of each tab written, read back in the write's own answer. */
function readBackOf(tabs: readonly Written[]): { tab: string; columns: number[] }[] {
  return tabs.map((w) => ({ tab: w.tab, columns: Array.from({ length: w.width }, (_, c) => c) }));
}

/** A tab read back, as rows (row 0 the header), without the blank rows at its end. */
function gridOf(read: ColumnsRead, width: number): Cell[][] {
  const height = [...read.columns.values()].reduce((most, cells) => Math.max(most, cells.length), 0);
  const grid = Array.from({ length: height }, (_, r) =>
    Array.from({ length: width }, (_, c) => read.columns.get(c)?.[r] ?? null),
  );
  while (grid.length > 1 && isBlankRow(grid.at(-1))) grid.pop();
  return grid;
}

/**
 * Google Sheets cannot delete or write "the row whose ID is MSG-3", only positions. An organizer sorting (or
 * inserting, or deleting rows) between the re-read and the write moves rows under it: a removal takes another row
 * and the one meant to go stays; cells land on another row. So each tab written is compared, as the write's answer
 * brings it back, with what the write meant to leave. When they differ: a row that got cells meant for another
 * gets back what it had; the rows meant to go that are still there go, and the cells meant for a row go to it where
 * it is now; and a row a removal took by mistake is added back at the end of its tab, as it was read, and
 * reported. Checked again after each mend, a few times, then the write is given up (to be tried again whole).
 */
async function mend(
  store: GridStore,
  written: Written[],
  first: WriteResult,
  result: MaintenanceResult,
): Promise<void> {
  let tabs = written;
  let answer = first;
  for (let round = 0; tabs.length > 0; round++) {
    const read = answer.readBack ?? (await readAgain(store, tabs));
    const next: Written[] = [];
    for (const w of tabs) {
      const after = read.get(w.tab);
      if (!after) continue; // the tab was deleted meanwhile: nothing to mend
      const mended = check(w, gridOf(after, w.width));
      if (!mended) continue;
      result.putBack.push(...mended.putBack);
      if (mended.next.deletes.size + mended.next.updates.size + mended.next.appended.length > 0)
        next.push(mended.next);
    }
    if (next.length === 0) return;
    if (round + 1 >= ROUNDS) {
      throw new WorkbookError(
        ErrorCode.WorkbookBusy,
        `Rows of ${next.map((t) => t.tab).join(', ')} kept moving while Hearth wrote them`,
        'Someone is sorting or moving rows right now; Hearth tries again in a moment',
        { retryable: true },
      );
    }
    const updates: CellUpdate[] = next.flatMap((w) =>
      [...w.updates].flatMap(([row, cells]) =>
        [...cells].map(([column, value]) => ({ tab: w.tab, row, column, value })),
      ),
    );
    answer = await store.write({
      appends: next.flatMap((w) =>
        w.appended.length > 0 ? [{ tab: w.tab, rows: w.appended.map((a) => a.cells) }] : [],
      ),
      updates,
      deletes: next.flatMap((w) => (w.deletes.size > 0 ? [{ tab: w.tab, rows: [...w.deletes] }] : [])),
      readBack: readBackOf(next),
    });
    tabs = next;
  }
}

async function readAgain(store: GridStore, tabs: readonly Written[]): Promise<Map<string, ColumnsRead>> {
  return store.readColumns(readBackOf(tabs));
}

/**
 * The write of one tab, as it came back: undefined when every row is where the write meant it to be; else what
 * to put right, as the next write, and the rows to put back.
 */
function check(
  w: Written,
  after: Cell[][],
): { next: Written; putBack: { tab: string; row: RowCells }[] } | undefined {
  const header = w.base[0] ?? [];
  const liveEnd = Math.max(1, after.length - w.appended.length);
  // Where each row that is left stood when the write landed: the rows removed were at the positions deleted.
  const slotOf: number[] = [];
  let slot = 1;
  for (let i = 1; i < liveEnd; i++) {
    while (w.deletes.has(slot)) slot++;
    slotOf[i] = slot++;
  }
  const idOf = (cells: readonly Cell[] | undefined) =>
    w.idColumn === undefined ? '' : cellText(cells?.[w.idColumn]).trim();
  const expected = (r: number): Cell[] => {
    const cells = Array.from({ length: w.width }, (_, c) => w.base[r]?.[c] ?? null);
    for (const [c, value] of w.updates.get(r) ?? []) cells[c] = writtenCell(value);
    return cells;
  };
  /** Whether the row now at `i` is the one that stood at its position when the write was planned. */
  const inPlace = (i: number) => {
    const s = slotOf[i] as number;
    if (s >= w.base.length) return true; // a row added below meanwhile: the write did not touch it
    const id = idOf(after[i]);
    if (id && idOf(w.base[s])) return id === idOf(w.base[s]);
    return rowKey(after[i] ?? []) === rowKey(expected(s));
  };
  let moved = false;
  for (let i = 1; i < liveEnd && !moved; i++) moved = !inPlace(i);
  if (!moved) return undefined;

  // Which row of the plan each row now is: in place, else by its ID, else by the cells the write left alone.
  const baseOf: (number | undefined)[] = [];
  const used = new Set<number>();
  for (let i = 1; i < liveEnd; i++) {
    const s = slotOf[i] as number;
    if (s < w.base.length && inPlace(i)) {
      baseOf[i] = s;
      used.add(s);
    }
  }
  const restores = new Map<number, Map<number, CellWrite>>();
  const find = finder(w, used);
  for (let i = 1; i < liveEnd; i++) {
    if (baseOf[i] !== undefined) continue;
    const cells = after[i] ?? [];
    const written = w.updates.get(slotOf[i] as number);
    const b = find(cells, written);
    if (b === undefined) continue; // a row the plan never saw (added meanwhile): left as it is
    baseOf[i] = b;
    used.add(b);
    // It got cells meant for the row that stood there: it gets back what it had.
    for (const [c] of written ?? []) {
      if (sameCell(cells[c], w.base[b]?.[c])) continue;
      const back = restores.get(i) ?? new Map<number, CellWrite>();
      restores.set(i, back.set(c, writeAgain(w.base[b]?.[c], w.dates.has(c)) ?? { empty: true }));
    }
  }

  const fateOf = (r: number | undefined) => {
    const o = r === undefined ? undefined : w.origin[r];
    return o === undefined ? undefined : w.fates.get(o);
  };
  const next: Written = {
    ...w,
    base: after,
    origin: [],
    deletes: new Set(),
    updates: restores,
    appended: [],
  };
  for (let i = 1; i < after.length; i++) {
    const b = baseOf[i];
    next.origin[i] =
      i < liveEnd ? (b === undefined ? undefined : w.origin[b]) : w.appended[i - liveEnd]?.origin;
    const fate = i < liveEnd ? fateOf(b) : undefined;
    if (!fate) continue;
    if (fate.remove) {
      next.deletes.add(i); // meant to go, and still here: no need to put back its cells first
      restores.delete(i);
      continue;
    }
    for (const [c, value] of fate.set) {
      const now = restores.get(i)?.has(c) ? writtenCell(restores.get(i)?.get(c)) : after[i]?.[c];
      if (sameCell(now, writtenCell(value))) continue;
      const cells = next.updates.get(i) ?? new Map<number, CellWrite>();
      next.updates.set(i, cells.set(c, value));
    }
  }

  // Rows that should have stayed and are gone. Only a removal that missed its row can have taken one, and no more
  // than it missed: an organizer's own deletion in that instant is theirs. When more are gone, the neighbours of
  // each position deleted tell which row stood there; failing that, every row gone is put back (never lost).
  const missed = next.deletes.size;
  let lost = [...w.base.keys()].filter(
    (r) => r > 0 && !used.has(r) && !w.deletes.has(r) && !isBlankRow(w.base[r]) && !fateOf(r)?.remove,
  );
  if (missed === 0) lost = [];
  else if (lost.length > missed) {
    const picked = new Set<number>();
    for (const d of w.deletes) {
      const above = slotOf.findLastIndex((s) => s !== undefined && s < d);
      const below = slotOf.findIndex((s) => s !== undefined && s > d);
      const from = above < 1 ? 0 : baseOf[above];
      const to = below < 1 ? w.base.length : baseOf[below];
      if (from === undefined || to === undefined) continue;
      const between = lost.filter((r) => r > from && r < to);
      if (between.length === 1) picked.add(between[0] as number);
    }
    if (picked.size > 0 && picked.size <= missed) lost = [...picked].sort((a, b) => a - b);
  }
  for (const r of lost) {
    const cells = Array.from({ length: w.width }, (_, c) => w.base[r]?.[c] ?? null);
    for (const [c, value] of fateOf(r)?.set ?? []) cells[c] = writtenCell(value);
    next.appended.push({
      cells: cells.map((cell, c) => writeAgain(cell, w.dates.has(c))),
      origin: w.origin[r],
    });
  }
  return {
    next,
    putBack: lost.map((r) => ({ tab: w.tab, row: rowCells(header, w.base[r] ?? []) })),
  };
}

/**
 * Finds the row of the plan a row now is: by its ID, else by its cells, those the write set left out (they may
 * be another row's). Each row of the plan is found once.
 */
function finder(
  w: Written,
  used: Set<number>,
): (cells: readonly Cell[], written: ReadonlyMap<number, CellWrite> | undefined) => number | undefined {
  const indexes = new Map<string, Map<string, number[]>>();
  const idOf = (cells: readonly Cell[] | undefined) =>
    w.idColumn === undefined ? '' : cellText(cells?.[w.idColumn]).trim();
  const masked = (cells: readonly Cell[] | undefined, mask: ReadonlySet<number>) =>
    rowKey(Array.from({ length: w.width }, (_, c) => (mask.has(c) ? null : (cells?.[c] ?? null))));
  const index = (name: string, key: (cells: readonly Cell[] | undefined) => string) => {
    let rows = indexes.get(name);
    if (!rows) {
      rows = new Map();
      for (let r = 1; r < w.base.length; r++) listIn(rows, key(w.base[r])).push(r);
      indexes.set(name, rows);
    }
    return rows;
  };
  return (cells, written) => {
    const id = idOf(cells);
    const mask = new Set(written?.keys() ?? []);
    const rows = id
      ? index('id', idOf).get(id)
      : index([...mask].join(','), (c) => masked(c, mask)).get(masked(cells, mask));
    return rows?.find((r) => !used.has(r));
  };
}
