import type { DateTime } from 'luxon';
import { ErrorCode, WorkbookError } from '../common/errors.js';
import {
  type Cell,
  type CellWrite,
  cellText,
  isBlankRow,
  normalizeHeader,
  serialToDateTime,
  writeAgain,
} from './cells.js';
import { parseDateText } from './columns.js';
import type { LayoutChange } from './grid.js';
import type { GridStore } from './grid-store.js';
import { columnNames, type MaintenanceRow, rowCells } from './maintenance.js';
import { AuditTab, OutboxTab } from './tabs/index.js';
import type { Workbook } from './workbook.js';

/** The tabs that only grow, and where their old rows go. */
export const ARCHIVE_TABS = { Audit: 'Audit archive', Outbox: 'Outbox archive' } as const;
export type ArchivableTab = keyof typeof ARCHIVE_TABS;

/** Rows moved by one run at most, so one write stays small (about 50,000 cells); the next run moves more. */
export const ARCHIVE_LIMIT = 5_000;

export interface ArchiveOptions {
  tab: ArchivableTab;
  /** Rows dated before this instant move. */
  olderThan: DateTime;
  /** The spreadsheet's time zone: how its serial dates and typed dates are read. */
  zone: string;
  /** At most this many rows move in this run (default and maximum ARCHIVE_LIMIT). */
  limit?: number;
}

export interface ArchiveResult {
  tab: ArchivableTab;
  /** The tab the rows went to: `Audit archive` or `Outbox archive`. */
  archiveTab: string;
  /** Rows moved by this run. */
  moved: number;
  /** The most rows one run moves. */
  limit: number;
  /** True when more old rows were left for the next run because of `limit`. */
  more: boolean;
  /** Rows left in place because their date (or, in Outbox, their Status) could not be read. */
  unreadable: number;
  /** Old rows left for the next run: gone, or changed, between the read and the write. */
  skipped: number;
  /** Rows that should have stayed, taken by an organizer's sort in the instant of the write and put back. */
  putBack: number;
  /** True when this run created the archive tab. */
  createdArchive: boolean;
}

/** Per tab: the date column that decides, the date columns to keep as dates, and whether a row may go. */
const RULES = {
  Audit: { date: AuditTab.columns.when.header, dates: [AuditTab.columns.when.header], status: undefined },
  Outbox: {
    date: OutboxTab.columns.due.header,
    dates: [OutboxTab.columns.due.header, OutboxTab.columns.sent.header],
    status: OutboxTab.columns.status.header,
  },
} as const;

/** Outbox rows that are finished; Scheduled and Sending ones (and a Status nobody can read) stay. */
const FINISHED = new Set(
  (OutboxTab.columns.status.values ?? [])
    .filter((s) => s !== 'Scheduled' && s !== 'Sending')
    .map((s) => s.toLowerCase()),
);

/**
 * Moves the rows of Audit or Outbox dated before `olderThan` (Audit: When; Outbox: Due, and only rows no
 * longer Scheduled) to `Audit archive` / `Outbox archive`, in the order they were in. One read of the live tab
 * (and the archive's header), then one maintenance write (Workbook.maintain: the re-read, then one write that
 * appends the rows to the archive and removes them from the live tab, together or not at all). Rows are named
 * by their Message ID (Outbox) or their cells (Audit), never by position: an organizer may sort, insert or
 * delete rows meanwhile. A row gone or changed since the read is left for the next run. The archive tab is
 * created (with the live tab's headers, frozen) first when missing. Rows whose date can't be read stay where
 * they are. Idempotent: a second run finds nothing old and writes nothing.
 */
export async function archiveOld(
  store: GridStore,
  workbook: Workbook,
  options: ArchiveOptions,
): Promise<ArchiveResult> {
  const { tab, olderThan, zone } = options;
  const limit = Math.max(0, Math.min(options.limit ?? ARCHIVE_LIMIT, ARCHIVE_LIMIT));
  const archiveTab = ARCHIVE_TABS[tab];
  const live = tab === 'Audit' ? AuditTab.name : OutboxTab.name;
  const result: ArchiveResult = {
    tab,
    archiveTab,
    moved: 0,
    limit,
    more: false,
    unreadable: 0,
    skipped: 0,
    putBack: 0,
    createdArchive: false,
  };

  const grids = await store.readTabs([live, archiveTab], { headerOnly: [archiveTab] });
  const grid = grids.get(live);
  if (!grid || grid.length <= 1) return result;
  const header = grid[0] ?? [];
  const rule = RULES[tab];
  const dateColumn = columnOf(header, rule.date);
  if (dateColumn === undefined) throw headerMissing(live, rule.date);
  const statusColumn = rule.status === undefined ? undefined : columnOf(header, rule.status);
  if (rule.status !== undefined && statusColumn === undefined) throw headerMissing(live, rule.status);
  const cutoff = olderThan.toMillis();

  const picked: number[] = [];
  for (let row = 1; row < grid.length; row++) {
    const cells = grid[row] ?? [];
    if (isBlankRow(cells)) continue;
    const when = readDate(cells[dateColumn], zone);
    const status =
      statusColumn === undefined ? undefined : cellText(cells[statusColumn]).trim().toLowerCase();
    if (when === undefined || (status !== undefined && status !== 'scheduled' && !FINISHED.has(status))) {
      result.unreadable++;
      continue;
    }
    if (when >= cutoff || status === 'scheduled') continue;
    if (picked.length >= limit) {
      result.more = true;
      continue;
    }
    picked.push(row);
  }
  if (picked.length === 0) return result;

  // Archive columns follow the archive's own header; live columns it lacks are added after its last one.
  let archiveHeader = grids.get(archiveTab)?.[0] ?? [];
  const layout: LayoutChange[] = [];
  if (!grids.has(archiveTab)) {
    result.createdArchive = true;
    layout.push({ kind: 'addTab', tab: archiveTab });
  }
  const positions = new Map<string, number>();
  archiveHeader.forEach((cell, i) => {
    const name = normalizeHeader(cell);
    if (name && !positions.has(name)) positions.set(name, i);
  });
  const added: { column: number; text: string }[] = [];
  const target = header.map((cell, i) => {
    const name = normalizeHeader(cell);
    if (!name) return undefined; // a column without a header: nothing to file it under
    let at = positions.get(name);
    if (at === undefined) {
      at = archiveHeader.length + added.length;
      positions.set(name, at);
      added.push({ column: at, text: cellText(cell).trim() || `Column ${i + 1}` });
    }
    return at;
  });
  if (added.length > 0) {
    layout.push({ kind: 'setHeaders', tab: archiveTab, cells: added });
    archiveHeader = [...archiveHeader, ...added.map((a) => a.text)];
  }
  if (result.createdArchive) layout.push({ kind: 'freezeHeader', tab: archiveTab });
  if (layout.length > 0) await store.applyLayout(layout);

  const dateColumns = new Set(rule.dates.map(normalizeHeader));
  const archiveNames = columnNames(archiveHeader);
  const rows = picked.map((row): MaintenanceRow => {
    const cells = grid[row] ?? [];
    const copy: Record<string, CellWrite | undefined> = {};
    header.forEach((cell, i) => {
      const at = target[i];
      if (at !== undefined)
        copy[archiveNames[at] as string] = writeAgain(cells[i], dateColumns.has(normalizeHeader(cell)));
    });
    return {
      tab: live,
      row: rowCells(header, cells),
      remove: true,
      copyTo: { tab: archiveTab, cells: copy },
    };
  });
  const dates = columnNames(header).filter((_, i) => dateColumns.has(normalizeHeader(header[i])));
  const done = await workbook.maintain({ rows, dates: { [live]: dates } });
  result.moved = done.removed;
  result.skipped = done.skipped.length;
  result.putBack = done.putBack.length;
  return result;
}

function columnOf(header: readonly Cell[], name: string): number | undefined {
  const wanted = normalizeHeader(name);
  const at = header.findIndex((cell) => normalizeHeader(cell) === wanted);
  return at < 0 ? undefined : at;
}

/** Serials of years 1900 to 9999, as spreadsheets allow. */
const validSerial = (serial: number) => Number.isFinite(serial) && serial >= 1 && serial < 2_958_466;

/** The cell's instant in ms, read as the typed layer reads dates; undefined when it is not one. */
function readDate(cell: Cell | undefined, zone: string): number | undefined {
  if (typeof cell === 'number')
    return validSerial(cell) ? serialToDateTime(cell, zone).toMillis() : undefined;
  if (typeof cell !== 'string' || cell.trim() === '') return undefined;
  const parsed = parseDateText(cell, zone);
  return parsed?.isValid ? parsed.toMillis() : undefined;
}

function headerMissing(tab: string, header: string): WorkbookError {
  return new WorkbookError(
    ErrorCode.HeaderMissing,
    `Cannot archive ${tab}: it has no "${header}" column`,
    `Restore the "${header}" header in row 1 of ${tab}, or run \`npm run provision\``,
  );
}
