import type { GridReader, GridWrite, LayoutChange, WriteResult } from './grid.js';

/**
 * The raw spreadsheet with its writes, as each backend (Google Sheets, a local .xlsx file) offers it. Writing
 * rows by position is only safe where nothing moves them meanwhile: the typed Workbook (workbook.ts) writes
 * through it finding every row by its ID or cells. Only the writer and the maintenance commands may import
 * this module (scripts/check-layers.ts); everything else reads through a `GridReader`.
 */
export interface GridStore extends GridReader {
  /**
   * Appends, cell updates and row deletions, applied all together or not at all. `batch.readBack` columns are
   * read as the write left them, in the same call (Google's batchUpdate answers with them).
   */
  write(batch: GridWrite): Promise<WriteResult>;
  /** Structural changes for provisioning, applied together. */
  applyLayout(changes: readonly LayoutChange[]): Promise<void>;
}
