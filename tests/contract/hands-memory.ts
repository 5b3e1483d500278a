import { ErrorCode, WorkbookError } from '../../common/errors.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';
import { memoryGrid } from '../fakes/memory-grid.js';
import type { Harness } from './harness.js';

/** The in-memory grid of the unit tests, as a harness: cheap, for tests that run above the port. */
export async function memoryHarness(): Promise<Harness> {
  const grid = memoryGrid();
  let failures = 0;
  const counts = { reads: 0, writes: 0 };
  const gate = <T>(kind: 'reads' | 'writes', call: () => Promise<T>): Promise<T> => {
    counts[kind]++;
    if (failures > 0) {
      failures--;
      return Promise.reject(
        new WorkbookError(ErrorCode.WorkbookBusy, 'The memory grid is busy', 'Try again', {
          retryable: true,
        }),
      );
    }
    return call();
  };
  const store: GridStore = {
    backend: 'local',
    readTabs: (tabs, options) => gate('reads', () => grid.readTabs(tabs, options)),
    readColumns: (requests) => gate('reads', () => grid.readColumns(requests)),
    layout: () => gate('reads', () => grid.layout()),
    write: (batch) => gate('writes', () => grid.write(batch)),
    applyLayout: (changes) => gate('writes', () => grid.applyLayout(changes)),
  };
  return {
    name: 'local',
    store,
    openAnother: () => grid,
    // Ragged like the other backends: trailing empty cells and rows cut.
    getGrid: async (tab) => {
      const rows = (grid.grids.get(tab) ?? []).map((row) => {
        const cells = Array.from(row, (cell) => cell ?? null);
        while (cells.length > 0 && (cells.at(-1) === null || cells.at(-1) === '')) cells.pop();
        return cells;
      });
      while (rows.length > 0 && rows.at(-1)?.length === 0) rows.pop();
      return rows;
    },
    setGrid: async (tab, rows) => {
      grid.grids.set(
        tab,
        rows.map((row) => [...row]),
      );
    },
    charts: async () => [],
    isFormula: async () => false,
    failNext: (count) => {
      failures = count;
    },
    calls: () => ({ ...counts }),
    resetCalls: () => {
      counts.reads = 0;
      counts.writes = 0;
    },
    close: async () => undefined,
  };
}
