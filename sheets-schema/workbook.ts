import { ErrorCode, WorkbookError } from '../common/errors.js';
import { type Cell, type CellWrite, cellText, isBlankCell, rowKey, writtenCell } from './cells.js';
import type { ApplyResult, Change } from './changes.js';
import type { Column } from './columns.js';
import type { CellUpdate, GridWrite } from './grid.js';
import type { GridStore } from './grid-store.js';
import { emptyMaintenance, type Maintenance, type MaintenanceResult, maintainOnce } from './maintenance.js';
import { defaultRetryPolicy, type RetryPolicy, withRetry } from './retry.js';
import { checkRows, type FreshTab, readBackOf, type Target, type WrittenTab } from './row-check.js';
import type { Columns, TabSpec } from './tab.js';
import { type HeaderMap, mapHeaders, matchKeys } from './table.js';
import { specOf, type TabName, tabNamed } from './tabs/index.js';
import { createWorkbookReader, type WorkbookReader } from './workbook-reader.js';

/**
 * The spreadsheet as a typed database, with its writes: `read` and `missingHeaders` as a WorkbookReader, and
 * `apply` that writes a change set all together or not at all, finding every row by its ID at write time. Only
 * the writer and the maintenance commands may import this module (scripts/check-layers.ts).
 */
export interface Workbook extends WorkbookReader {
  apply(changes: readonly Change[], options: { timeZone: string }): Promise<ApplyResult>;
  /**
   * The maintenance write (the daily archive, forgetting a person), on any tab: cells set, rows removed and rows
   * copied to other tabs, by row as read, never by position. Right before ONE batched write it re-reads the tabs
   * (one call) and finds each row by its ID where the tab has an ID column, else by its cells; a row no longer
   * there, on more than one row, or changed since it was read is skipped and reported. The write's own answer
   * brings the tabs back: if a sort (an insertion, a deletion) landed between the re-read and the write, cells
   * that went to the wrong row are put back and written where they belong, rows meant to go that stayed are
   * removed, and a row a removal took by mistake is added back at the end of its tab, as it was read, and
   * reported (see maintenance.ts).
   */
  maintain(request: Maintenance): Promise<MaintenanceResult>;
}

export interface WorkbookOptions {
  retry?: RetryPolicy;
}

export function createWorkbook(store: GridStore, options: WorkbookOptions = {}): Workbook {
  const retry = options.retry ?? defaultRetryPolicy;
  /** Header rows last seen, so the re-check before a write reads only the columns it needs. */
  const lastHeaders = new Map<string, readonly Cell[]>();
  let queue: Promise<unknown> = Promise.resolve();

  return {
    ...createWorkbookReader(store, { retry, headers: lastHeaders }),

    apply(changes, { timeZone }) {
      if (changes.length === 0) return Promise.resolve(emptyResult());
      // One change set at a time in this process: the re-check and the write must not interleave.
      const run = queue.then(() => {
        let attempt = 0;
        return withRetry(retry, () => applyOnce(store, lastHeaders, changes, timeZone, ++attempt));
      });
      queue = run.catch(() => undefined);
      return run;
    },

    maintain(request) {
      if (request.rows.length === 0) return Promise.resolve(emptyMaintenance());
      // In the same line as change sets: the re-read and the write must not interleave with another's.
      const run = queue.then(() => {
        let attempt = 0;
        return withRetry(retry, () => maintainOnce(store, request, ++attempt));
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}

function emptyResult(): ApplyResult {
  return { appended: 0, updatedCells: 0, claimed: [], skipped: [] };
}

async function applyOnce(
  store: GridStore,
  lastHeaders: Map<string, readonly Cell[]>,
  changes: readonly Change[],
  zone: string,
  attempt: number,
): Promise<ApplyResult> {
  const byTab = new Map<TabName, Change[]>();
  for (const change of changes) {
    // Pushed, not copied: a tick may write tens of thousands of rows to one tab.
    const list = byTab.get(change.tab);
    if (list) list.push(change);
    else byTab.set(change.tab, [change]);
  }

  // Re-read the ID columns (and, for claims, the organizer cells) of the tabs this write touches.
  const requests: { tab: string; columns: number[] }[] = [];
  const wanted = new Map<string, { map: HeaderMap; keys: string[] }>();
  const fullRead: string[] = [];
  for (const [tab, tabChanges] of byTab) {
    const spec = specOf(tab);
    const header = lastHeaders.get(spec.name) ?? [];
    const keys = keysToRecheck(spec, tabChanges);
    // Without a header seen before, we do not know where the ID column is: read the whole tab. A tab that is
    // only appended to (Audit) needs just its header row, wherever its columns are, except on a new try after
    // an answer that never came: the rows the first try may have added are looked for, so none lands twice.
    const retryingAppends = attempt > 1 && !spec.idKey && tabChanges.some((c) => c.kind === 'append');
    if ((header.length === 0 && keys.length > 0) || retryingAppends) {
      fullRead.push(spec.name);
      continue;
    }
    const map = mapHeaders(spec, header);
    wanted.set(spec.name, { map, keys });
    requests.push({ tab: spec.name, columns: columnsOf(map, keys) });
  }
  const fresh = new Map<string, FreshTab>();
  if (requests.length > 0) {
    const read = await store.readColumns(requests);
    for (const { tab } of requests) {
      const got = read.get(tab);
      const { map, keys } = wanted.get(tab) as { map: HeaderMap; keys: string[] };
      const now = got && mapHeaders(specOf(tabNamed(tab) as TabName), got.header);
      // A column moved since the snapshot: what we read may be the wrong column, so read the whole tab.
      if (!got || !now || keys.some((key) => now.index[key] !== map.index[key])) {
        fullRead.push(tab);
        continue;
      }
      lastHeaders.set(tab, got.header);
      const columns = got.columns;
      fresh.set(tab, {
        header: got.header,
        cell: (column, row) => columns.get(column)?.[row] ?? null,
        rowCount: Math.max(1, ...[...columns.values()].map((c) => c.length)),
      });
    }
  }
  if (fullRead.length > 0) {
    const grids = await store.readTabs(fullRead);
    for (const tab of fullRead) {
      const grid = grids.get(tab);
      if (!grid) {
        throw new WorkbookError(
          ErrorCode.TabMissing,
          `The ${tab} tab is missing from the spreadsheet`,
          'Run `npm run provision` to create it (it never deletes organizer data)',
          { tab },
        );
      }
      lastHeaders.set(tab, grid[0] ?? []);
      fresh.set(tab, { header: grid[0] ?? [], cell: (c, r) => grid[r]?.[c] ?? null, rowCount: grid.length });
    }
  }

  const result = emptyResult();
  const batch: GridWrite = { appends: [], updates: [] };
  const written: WrittenTab[] = [];
  for (const [tab, tabChanges] of byTab) {
    const spec = specOf(tab);
    const before = fresh.get(spec.name) as FreshTab;
    const planned = planTab(spec, before, tabChanges, zone, attempt, result);
    if (planned.appends.length > 0) batch.appends.push({ tab: spec.name, rows: planned.appends });
    batch.updates.push(...planned.updates);
    if (planned.targets.size > 0)
      written.push({
        spec,
        headers: mapHeaders(spec, before.header),
        before,
        updates: planned.updates,
        targets: planned.targets,
      });
  }
  if (batch.appends.length === 0 && batch.updates.length === 0) return result;
  // The rows found by ID are read back in the answer to the write itself, and checked.
  const answer = await store.write({
    ...batch,
    ...(written.length > 0 ? { readBack: readBackOf(written) } : {}),
  });
  if (written.length > 0) await checkRows(store, written, result, answer.readBack);
  return result;
}

/** The ID column, a claim's organizer cells, and every column written (so a row that moves can be mended). */
function keysToRecheck(spec: TabSpec, changes: readonly Change[]): string[] {
  if (!spec.idKey) return [];
  const keys = new Set([spec.idKey]);
  for (const change of changes) {
    if (change.kind === 'claim') for (const key of matchKeys(spec)) keys.add(key);
    if (change.kind === 'update') for (const key of Object.keys(change.set)) keys.add(key);
    if (change.kind === 'claim') for (const key of Object.keys(change.set ?? {})) keys.add(key);
  }
  return [...keys];
}

function columnsOf(map: HeaderMap, keys: readonly string[]): number[] {
  return keys.map((key) => map.index[key]).filter((i): i is number => i !== undefined);
}

function planTab(
  spec: TabSpec,
  tab: FreshTab,
  changes: readonly Change[],
  zone: string,
  attempt: number,
  result: ApplyResult,
): { appends: (CellWrite | undefined)[][]; updates: CellUpdate[]; targets: Map<number, Target> } {
  const headers = mapHeaders(spec, tab.header);
  /** Which row each update or claim aimed at, to check after the write. */
  const targets = new Map<number, Target>();
  if (tab.header.length === 0) {
    throw new WorkbookError(
      ErrorCode.TabMissing,
      `The ${spec.name} tab has no header row`,
      'Run `npm run provision` to write the headers (it never deletes organizer data)',
      { tab: spec.name },
    );
  }
  if (headers.missing.length > 0) {
    throw new WorkbookError(
      ErrorCode.HeaderMissing,
      `Writes to ${spec.name} are paused: the header${headers.missing.length > 1 ? 's' : ''} ${headers.missing.map((h) => `"${h}"`).join(', ')} ${headers.missing.length > 1 ? 'are' : 'is'} missing from row 1`,
      'Put the header back in row 1 (any column, any case) or run `npm run provision`; no data was written',
      { tab: spec.name },
    );
  }
  const idKey = spec.idKey;
  const idColumn = idKey === undefined ? undefined : headers.index[idKey];
  const rowOfId = new Map<string, number>();
  /** IDs on more than one row (a row copied with its ID): only their Problems cells are written, on each. */
  const copies = new Map<string, number[]>();
  const unclaimed: number[] = [];
  if (idColumn !== undefined) {
    for (let r = 1; r < tab.rowCount; r++) {
      const id = cellText(tab.cell(idColumn, r)).trim();
      if (id === '') unclaimed.push(r);
      else if (!rowOfId.has(id)) rowOfId.set(id, r);
      else copies.set(id, [...(copies.get(id) ?? [rowOfId.get(id) as number]), r]);
    }
  }
  const appends: (CellWrite | undefined)[][] = [];
  const appendOfId = new Map<string, (CellWrite | undefined)[]>();
  const updates = new Map<string, CellUpdate>();
  const setCells = (row: number, values: Record<string, unknown>, allowOrganizer: boolean) => {
    for (const [key, column, value] of cellsOf(spec, values)) {
      if (column.owner === 'organizer' && !allowOrganizer) {
        throw new WorkbookError(
          ErrorCode.OrganizerColumn,
          `Refused to overwrite the organizer column "${column.header}" of ${spec.name}`,
          'Only system columns are written after a row is created: this is a bug in the workflow that asked',
        );
      }
      const col = headers.index[key];
      if (col === undefined) continue; // an optional column the organizers removed
      const write = value === null ? { empty: true as const } : column.toCell(value, zone);
      updates.set(`${row}:${col}`, { tab: spec.name, row, column: col, value: write });
    }
  };

  /** On a new try, rows of a tab without IDs that an earlier try already added, so they are not added again. */
  const landed = attempt > 1 && !idKey ? rowTexts(tab) : undefined;
  for (const change of changes) {
    if (change.kind === 'append') {
      const values = change.values as Record<string, unknown>;
      const id = idKey ? cellText((values[idKey] as Cell) ?? null).trim() : '';
      if (id && rowOfId.has(id)) {
        // After an ambiguous failure the earlier try may have landed: the row is there, once.
        if (attempt > 1) {
          result.skipped.push({
            change,
            reason: `${id} is already in the sheet (written by an earlier try)`,
          });
          continue;
        }
        throw new WorkbookError(
          ErrorCode.IdConflict,
          `${spec.name} already has a row with ID ${id}`,
          'Read a fresh snapshot and decide again: another writer added this ID since',
        );
      }
      const row: (CellWrite | undefined)[] = [];
      for (const [key, column, value] of cellsOf(spec, values)) {
        const col = headers.index[key];
        if (col !== undefined && value !== null) row[col] = column.toCell(value, zone);
      }
      const text = landed && writtenText(row);
      const there = text ? (landed?.get(text) ?? 0) : 0;
      if (text && there > 0) {
        landed?.set(text, there - 1); // each row there stands for one append, not for every equal one
        result.skipped.push({ change, reason: 'already in the sheet (written by an earlier try)' });
        continue;
      }
      appends.push(row);
      if (id) appendOfId.set(id, row);
      result.appended++;
    } else if (change.kind === 'update') {
      const pending = appendOfId.get(change.id);
      if (pending) {
        for (const [key, column, value] of cellsOf(spec, change.set as Record<string, unknown>)) {
          const col = headers.index[key];
          if (col !== undefined) pending[col] = value === null ? undefined : column.toCell(value, zone);
        }
        continue;
      }
      const row = rowOfId.get(change.id);
      if (row === undefined) {
        result.skipped.push({ change, reason: `no row with ID ${change.id} in ${spec.name} any more` });
        continue;
      }
      const copied = copies.get(change.id);
      if (copied) {
        const keys = Object.keys(change.set);
        if (keys.length > 0 && keys.every((key) => key === spec.problemsKey))
          for (const at of copied) {
            setCells(at, change.set as Record<string, unknown>, false);
            targets.set(at, { id: change.id });
          }
        else result.skipped.push({ change, reason: `${change.id} is on more than one row of ${spec.name}` });
        continue;
      }
      setCells(row, change.set as Record<string, unknown>, false);
      targets.set(row, { id: change.id });
    } else {
      if (rowOfId.has(change.id) && attempt > 1) {
        result.skipped.push({ change, reason: `${change.id} was given by an earlier try` });
        continue;
      }
      if (rowOfId.has(change.id)) {
        throw new WorkbookError(
          ErrorCode.IdConflict,
          `${spec.name} already has a row with ID ${change.id}`,
          'Read a fresh snapshot and decide again: another writer added this ID since',
        );
      }
      const at = unclaimed.findIndex((r) => matches(headers, tab, r, change.match as Record<string, Cell>));
      if (at < 0) {
        result.skipped.push({ change, reason: `the row to give ID ${change.id} was edited or removed` });
        continue;
      }
      const row = unclaimed.splice(at, 1)[0] as number;
      setCells(row, { [idKey as string]: change.id, ...(change.set ?? {}) }, false);
      rowOfId.set(change.id, row);
      targets.set(row, { id: change.id, match: change.match as Record<string, Cell>, claim: change });
      result.claimed.push(change.id);
    }
  }
  result.updatedCells += updates.size;
  return { appends, updates: [...updates.values()], targets };
}

/** Every data row of a freshly read tab, as comparable texts (with repeats). */
function rowTexts(tab: FreshTab): Map<string, number> {
  const counts = new Map<string, number>();
  const width = tab.header.length;
  for (let r = 1; r < tab.rowCount; r++) {
    const key = rowKey(Array.from({ length: width }, (_, c) => tab.cell(c, r)));
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** The text of a row about to be appended, in the form `rowTexts` uses. */
function writtenText(row: readonly (CellWrite | undefined)[]): string {
  return rowKey(Array.from(row, writtenCell));
}

function* cellsOf(
  spec: TabSpec<Columns>,
  values: Record<string, unknown>,
): Generator<[string, Column, unknown]> {
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined) continue;
    const column = spec.columns[key];
    if (!column) throw new Error(`${spec.name} has no column "${key}"`);
    yield [key, column, value];
  }
}

function matches(headers: HeaderMap, tab: FreshTab, row: number, match: Record<string, Cell>): boolean {
  for (const [key, expected] of Object.entries(match)) {
    const col = headers.index[key];
    if (col === undefined) continue;
    const now = tab.cell(col, row);
    if (isBlankCell(now) !== isBlankCell(expected) || cellText(now).trim() !== cellText(expected).trim())
      return false;
  }
  return true;
}
