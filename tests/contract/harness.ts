import type { Cell } from '../../sheets-schema/cells.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';

/** A backend under contract test, plus the hands of an organizer editing the same spreadsheet. */
export interface Harness {
  name: 'google' | 'local';
  store: GridStore;
  /** Another store instance on the same spreadsheet/file (a second process). */
  openAnother(): GridStore;
  /** The tab as a person sees it now, ragged; dates as serial numbers. */
  getGrid(tab: string): Promise<Cell[][]>;
  /** Replace the tab's cells wholesale (creating it if needed), as a person editing and saving would. */
  setGrid(tab: string, rows: Cell[][]): Promise<void>;
  /** True when the cell holds a formula rather than a literal value. */
  isFormula(tab: string, row: number, column: number): Promise<boolean>;
  /** The next `count` store calls fail with this backend's transient error (429 / a busy file). */
  failNext(count: number): void;
  /** Store calls since the harness started or since resetCalls: reads and writes. */
  calls(): { reads: number; writes: number };
  resetCalls(): void;
  close(): Promise<void>;
}
