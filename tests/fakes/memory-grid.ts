import { ErrorCode, WorkbookError } from '../../common/errors.js';
import type { Cell, CellWrite } from '../../sheets-schema/cells.js';
import {
  type ColumnsRead,
  type ColumnsRequest,
  type GridWrite,
  type Layout,
  type LayoutChange,
  rowsToDelete,
} from '../../sheets-schema/grid.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';

/** A GridStore in memory, for unit tests of code above the Workbook port. Counts its calls. */
export function memoryGrid(tabs: Record<string, Cell[][]> = {}): GridStore & {
  grids: Map<string, Cell[][]>;
  calls: { reads: number; writes: number };
} {
  const grids = new Map(Object.entries(tabs).map(([tab, rows]) => [tab, rows.map((r) => [...r])]));
  const calls = { reads: 0, writes: 0 };
  const cellOf = (write: CellWrite): Cell =>
    'text' in write
      ? write.text
      : 'number' in write
        ? write.number
        : 'bool' in write
          ? write.bool
          : 'serial' in write
            ? write.serial
            : null;
  const lastRow = (grid: Cell[][]) => {
    let last = grid.length;
    while (last > 0 && (grid[last - 1] ?? []).every((c) => c === null || c === undefined || c === '')) last--;
    return last;
  };
  function columnsOf(requests: readonly ColumnsRequest[]): Map<string, ColumnsRead> {
    const out = new Map<string, ColumnsRead>();
    for (const { tab, columns } of requests) {
      const grid = grids.get(tab);
      if (!grid) continue;
      out.set(tab, {
        header: [...(grid[0] ?? [])],
        columns: new Map(columns.map((c) => [c, grid.map((row) => row[c] ?? null)])),
      });
    }
    return out;
  }
  function apply(batch: GridWrite): void {
    const deletes = rowsToDelete(batch.deletes);
    for (const tab of [
      ...batch.appends.map((a) => a.tab),
      ...batch.updates.map((u) => u.tab),
      ...deletes.keys(),
    ]) {
      if (!grids.has(tab)) {
        throw new WorkbookError(ErrorCode.TabMissing, `no tab ${tab}`, 'Run `npm run provision`');
      }
    }
    for (const update of batch.updates) {
      const grid = grids.get(update.tab) as Cell[][];
      grid[update.row] ??= [];
      (grid[update.row] as Cell[])[update.column] = cellOf(update.value);
    }
    for (const { tab, rows } of batch.appends) {
      const grid = grids.get(tab) as Cell[][];
      grid.length = lastRow(grid);
      for (const row of rows) grid.push(Array.from(row, (cell) => (cell ? cellOf(cell) : null)));
    }
    // After the appends and updates, from the bottom up, as the real stores do.
    for (const [tab, rows] of deletes) {
      const grid = grids.get(tab) as Cell[][];
      for (const row of rows) if (row < grid.length) grid.splice(row, 1);
    }
  }
  return {
    backend: 'local',
    grids,
    calls,
    async readTabs(names, options = {}) {
      calls.reads++;
      const out = new Map<string, Cell[][]>();
      for (const name of names) {
        const grid = grids.get(name);
        if (grid)
          out.set(name, structuredClone(options.headerOnly?.includes(name) ? grid.slice(0, 1) : grid));
      }
      return out;
    },
    async readColumns(requests) {
      calls.reads++;
      return columnsOf(requests);
    },
    async write(batch: GridWrite) {
      calls.writes++;
      apply(batch);
      return batch.readBack ? { readBack: columnsOf(batch.readBack) } : {};
    },
    async layout(): Promise<Layout> {
      calls.reads++;
      return {
        timeZone: 'UTC',
        tabs: [...grids].map(([title, grid]) => ({
          title,
          rowCount: grid.length,
          columnCount: Math.max(0, ...grid.map((r) => r.length)),
          frozenRows: 1,
          dropdowns: new Map(),
          protections: [],
          charts: [],
        })),
      };
    },
    async applyLayout(changes: readonly LayoutChange[]) {
      calls.writes++;
      for (const change of changes) {
        if (change.kind === 'addTab' && !grids.has(change.tab)) grids.set(change.tab, []);
        if (change.kind === 'setHeaders') {
          const grid = grids.get(change.tab) as Cell[][];
          grid[0] ??= [];
          for (const { column, text } of change.cells) (grid[0] as Cell[])[column] = text;
        }
      }
    },
  };
}
