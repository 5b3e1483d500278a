import { DateTime } from 'luxon';
import { steppedClock } from '../../common/clock.js';
import { ErrorCode, SheetsError } from '../../common/errors.js';
import type { Cell } from '../../sheets-schema/cells.js';
import type { Grid } from '../../sheets-schema/grid.js';
import type { GridStore } from '../../sheets-schema/grid-store.js';
import type { RetryPolicy } from '../../sheets-schema/retry.js';

/** A backend under contract test, plus the hands of an organizer editing the same spreadsheet. */
export interface Harness {
  name: 'google' | 'local';
  store: GridStore;
  /** Another store instance on the same spreadsheet/file (a second process). */
  openAnother(): GridStore;
  /** The tab as a person sees it now, ragged; dates as serial numbers. */
  getGrid(tab: string): Promise<Grid>;
  /** Replace the tab's cells wholesale (creating it if needed), as a person editing and saving would. */
  setGrid(tab: string, rows: Grid): Promise<void>;
  /** The charts over the tab as a person sees them: what each shows and where it stands. */
  charts(tab: string): Promise<ChartSeen[]>;
  /** True when the cell holds a formula rather than a literal value. */
  isFormula(tab: string, row: number, column: number): Promise<boolean>;
  /** The next `count` store calls fail with this backend's transient error (429 / a busy file). */
  failNext(count: number): void;
  /** Store calls since the harness started or since resetCalls: reads and writes. */
  calls(): { reads: number; writes: number };
  resetCalls(): void;
  close(): Promise<void>;
}

export interface ChartSeen {
  title: string;
  /** Columns by index: the bottom axis, then each series. */
  domain: number;
  series: number[];
  anchor: { row: number; column: number };
}

/** Backoff without waiting: a clock that sleeping moves forward. */
export function instantRetry(maxElapsedMs = 60_000): RetryPolicy {
  return {
    maxElapsedMs,
    initialDelayMs: 1_000,
    maxDelayMs: 16_000,
    clock: steppedClock(DateTime.fromMillis(0)),
    random: () => 1,
  };
}

/** The store, except that an organizer's edit of `tab` lands just before its first write reaches the sheet. */
export function editInTheWrite(h: Harness, tab: string, edit: (rows: Cell[][]) => Cell[][]): GridStore {
  let edited = false;
  return {
    ...h.store,
    async write(batch) {
      if (!edited) {
        edited = true;
        const grid = await h.getGrid(tab);
        await h.setGrid(tab, [grid[0] ?? [], ...edit(grid.slice(1).map((row) => [...row]))]);
      }
      return h.store.write(batch);
    },
  };
}

/** The store, except that its first write lands and its answer is lost (a retryable error instead). */
export function answerLost(h: Harness): GridStore & { lost: () => boolean } {
  let lost = false;
  return {
    ...h.store,
    lost: () => lost,
    async write(batch) {
      const written = await h.store.write(batch);
      if (!lost) {
        lost = true;
        throw new SheetsError(ErrorCode.SheetsUnavailable, 'no answer', 'try again', { retryable: true });
      }
      return written;
    },
  };
}
