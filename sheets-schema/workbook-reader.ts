import type { Cell } from './cells.js';
import type { GridReader } from './grid.js';
import type { IdMarks } from './ids.js';
import { defaultRetryPolicy, type RetryPolicy, withRetry } from './retry.js';
import { decodeSnapshot, type Snapshot } from './snapshot.js';
import { mapHeaders, RowMemo } from './table.js';
import { specOf, TABS, type TabName } from './tabs/index.js';

/**
 * The spreadsheet as a typed database, read-only: what code that only reads sees (the doctor). `read` takes one
 * consistent snapshot of the named tabs (Settings always comes along: it holds the time zone). The Workbook
 * with writes (workbook.ts) is for the writer and the maintenance commands only (scripts/check-layers.ts).
 */
export interface WorkbookReader {
  readonly backend: 'google' | 'local';
  /**
   * `raw`: other tabs to read along in the same call (a form's responses), left undecoded. `idFloors`: the last
   * IDs given as kept outside the sheet (the ID ledger), so they are never given again.
   */
  read(
    tabs: readonly TabName[],
    options?: { raw?: readonly string[]; idFloors?: IdMarks },
  ): Promise<Snapshot>;
  /** The required headers each tab lacks now (a tab that is not there lacks them all), in one call. */
  missingHeaders(tabs: readonly TabName[]): Promise<Map<TabName, string[]>>;
}

export interface WorkbookReaderOptions {
  retry?: RetryPolicy;
  /** Header rows last seen, by tab title: kept up by every read, for a Workbook's writes to start from. */
  headers?: Map<string, readonly Cell[]>;
}

export function createWorkbookReader(store: GridReader, options: WorkbookReaderOptions = {}): WorkbookReader {
  const retry = options.retry ?? defaultRetryPolicy;
  const lastHeaders = options.headers ?? new Map<string, readonly Cell[]>();
  // Each reader lives as long as its process: a row unchanged since its last read is not parsed again.
  const memo = new RowMemo();
  return {
    backend: store.backend,

    async read(tabs, options = {}) {
      const names = [...new Set<TabName>(['Settings', ...tabs])];
      const titles = [...names.map((tab) => TABS[tab].name), ...(options.raw ?? [])];
      // Repeated: this reader keeps what it read, so a store may hand out the same arrays again.
      const grids = await withRetry(retry, () =>
        store.readTabs(titles, { optional: options.raw ?? [], repeat: true }),
      );
      for (const tab of names) lastHeaders.set(TABS[tab].name, grids.get(TABS[tab].name)?.[0] ?? []);
      return decodeSnapshot(grids, names, {
        memo,
        ...(options.idFloors ? { idFloors: options.idFloors } : {}),
      });
    },

    async missingHeaders(tabs) {
      const read = await withRetry(retry, () =>
        store.readColumns(tabs.map((tab) => ({ tab: TABS[tab].name, columns: [] }))),
      );
      const missing = new Map<TabName, string[]>();
      for (const tab of tabs) {
        const spec = specOf(tab);
        const header = read.get(spec.name)?.header;
        if (header) lastHeaders.set(spec.name, header);
        const lacks = header
          ? mapHeaders(spec, header).missing
          : Object.values(spec.columns)
              .filter((c) => c.headerRequired)
              .map((c) => c.header);
        if (lacks.length > 0) missing.set(tab, lacks);
      }
      return missing;
    },
  };
}
