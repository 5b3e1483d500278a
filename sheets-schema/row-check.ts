import { ErrorCode, WorkbookError } from '../common/errors.js';
import { type Cell, cellText, sameCell, writeAgain } from './cells.js';
import type { ApplyResult, Change } from './changes.js';
import type { CellUpdate, ColumnsRead, ColumnsRequest } from './grid.js';
import type { GridStore } from './grid-store.js';
import type { TabSpec } from './tab.js';
import { type HeaderMap, matchKeys } from './table.js';

/** What the write needs to know about one tab now: its header row and the cells of some columns. */
export interface FreshTab {
  header: readonly Cell[];
  cell(column: number, row: number): Cell;
  rowCount: number;
}

/** The row a write aimed at: the row with this ID, or (a claim) the hand-added row with these cells. */
export interface Target {
  id: string;
  match?: Record<string, Cell>;
  /** The claim itself, to report when it is taken back. */
  claim?: Change;
}

/** One tab of a write that found its rows by ID: what it read just before, and what it wrote where. */
export interface WrittenTab {
  spec: TabSpec;
  headers: HeaderMap;
  /** The tab's ID column and every column written, read just before the write. */
  before: FreshTab;
  updates: CellUpdate[];
  targets: Map<number, Target>;
}

/** How many times a write is checked and mended before it gives up (to be tried again whole). */
const ROUNDS = 3;

/**
 * Google Sheets cannot write "the row whose ID is EV-3": a write names positions. An organizer sorting between
 * the re-read of the IDs and the write would send values to the wrong rows. So the ID column is read again after
 * the write; a row that moved meanwhile gets back what it had (from the read before), and the values go to the
 * row that now has their ID. A claim that landed on the wrong row is undone; the next pass makes it again.
 */
export async function checkRows(
  store: GridStore,
  written: WrittenTab[],
  result: ApplyResult,
  /** The columns as the write left them, when its answer carried them (see `readBackOf`). */
  afterWrite: Map<string, ColumnsRead> | undefined,
): Promise<void> {
  let tabs = written.filter((t) => t.targets.size > 0);
  let read = afterWrite;
  for (let round = 0; round < ROUNDS && tabs.length > 0; round++) {
    read ??= await store.readColumns(readBackOf(tabs));
    const repairs: CellUpdate[] = [];
    const next: WrittenTab[] = [];
    for (const tab of tabs) {
      const after = read?.get(tab.spec.name);
      const idColumn = tab.headers.index[tab.spec.idKey as string];
      if (!after || idColumn === undefined) continue;
      const idAt = (row: number) => cellText(after.columns.get(idColumn)?.[row] ?? null).trim();
      const rowAfter = firstRows(after.columns.get(idColumn) ?? []);
      const rowBefore = firstRows(
        Array.from({ length: tab.before.rowCount }, (_, r) => tab.before.cell(idColumn, r)),
      );
      const byRow = new Map<number, CellUpdate[]>();
      for (const update of tab.updates) byRow.set(update.row, [...(byRow.get(update.row) ?? []), update]);
      const putBack = new Map<string, CellUpdate>();
      const moved = new Map<string, CellUpdate>();
      const targets = new Map<number, Target>();
      for (const [row, target] of tab.targets) {
        const matchNow =
          target.match && matchesAt(tab, (c) => after.columns.get(c)?.[row] ?? null, target.match);
        if (idAt(row) === target.id && (!target.match || matchNow)) continue;
        // The row now here is another one: it gets back what it had before the write.
        const was = target.match
          ? rowBeforeByCells(tab, (c) => after.columns.get(c)?.[row] ?? null)
          : rowBefore.get(idAt(row));
        for (const cell of byRow.get(row) ?? []) {
          const value = was === undefined ? null : tab.before.cell(cell.column, was);
          putBack.set(`${row}:${cell.column}`, { ...cell, value: writeAgain(value) ?? { empty: true } });
        }
        if (target.claim) {
          result.claimed = result.claimed.filter((id) => id !== target.id);
          result.skipped.push({
            change: target.claim,
            reason: `the row moved while it was given ID ${target.id}; the next pass gives it one`,
          });
          continue;
        }
        const now = rowAfter.get(target.id);
        if (now === undefined) continue; // deleted meanwhile: nothing to write it to
        targets.set(now, target);
        for (const cell of byRow.get(row) ?? []) moved.set(`${now}:${cell.column}`, { ...cell, row: now });
      }
      if (putBack.size === 0 && moved.size === 0) continue;
      // The values that moved win over what is put back: a row may be both someone's old place and another's new.
      const mended = new Map([...putBack, ...moved]);
      repairs.push(...mended.values());
      next.push({ ...tab, updates: [...moved.values()], targets });
    }
    if (repairs.length === 0) return;
    tabs = next.filter((t) => t.targets.size > 0);
    read = (await store.write({ appends: [], updates: repairs, readBack: readBackOf(tabs) })).readBack;
  }
  if (tabs.length > 0) {
    throw new WorkbookError(
      ErrorCode.WorkbookBusy,
      `Rows of ${tabs.map((t) => t.spec.name).join(', ')} kept moving while Hearth wrote them`,
      'Someone is sorting or moving rows right now; Hearth tries again in a moment',
      { retryable: true },
    );
  }
}

/** The columns a write reads back to be checked: each tab's ID, and a claim's organizer cells. */
export function readBackOf(tabs: readonly WrittenTab[]): ColumnsRequest[] {
  return tabs
    .filter((tab) => tab.targets.size > 0)
    .map((tab) => {
      const keys = [tab.spec.idKey as string];
      if ([...tab.targets.values()].some((t) => t.match)) keys.push(...matchKeys(tab.spec));
      const columns = keys.map((key) => tab.headers.index[key]).filter((c): c is number => c !== undefined);
      return { tab: tab.spec.name, columns };
    });
}

function firstRows(column: readonly Cell[]): Map<string, number> {
  const rows = new Map<string, number>();
  column.forEach((cell, row) => {
    const id = cellText(cell).trim();
    if (row > 0 && id && !rows.has(id)) rows.set(id, row);
  });
  return rows;
}

function matchesAt(tab: WrittenTab, cell: (column: number) => Cell, match: Record<string, Cell>): boolean {
  return Object.entries(match).every(([key, expected]) => {
    const column = tab.headers.index[key];
    return column === undefined || sameCell(cell(column), expected);
  });
}

/** The row that, before the write, had the organizer cells the row at hand has now. */
function rowBeforeByCells(tab: WrittenTab, cell: (column: number) => Cell): number | undefined {
  const keys = matchKeys(tab.spec).filter((key) => tab.headers.index[key] !== undefined);
  for (let row = 1; row < tab.before.rowCount; row++) {
    if (
      keys.every((key) =>
        sameCell(
          tab.before.cell(tab.headers.index[key] as number, row),
          cell(tab.headers.index[key] as number),
        ),
      )
    )
      return row;
  }
  return undefined;
}
