import { a1, type Cell, cellText, isBlankCell, isBlankRow, normalizeHeader } from './cells.js';
import { LazyDateTime } from './columns.js';
import type { Grid } from './grid.js';
import type { Problem } from './problems.js';
import type { Columns, RowOf, TabSpec } from './tab.js';

/** Where each column of a tab is, found by header name ignoring case, spacing and punctuation. */
export interface HeaderMap<C extends Columns = Columns> {
  /** column key -> 0-based column index */
  index: Partial<Record<keyof C & string, number>>;
  /** Required headers that are not there: writes to the tab pause. */
  missing: string[];
}

export function mapHeaders<C extends Columns>(spec: TabSpec<C>, headerRow: readonly Cell[]): HeaderMap<C> {
  const positions = new Map<string, number>();
  headerRow.forEach((cell, i) => {
    const name = normalizeHeader(cell);
    // The first of two equal headers wins; organizers' duplicates to the right are left alone.
    if (name && !positions.has(name)) positions.set(name, i);
  });
  const index: Partial<Record<string, number>> = {};
  const missing: string[] = [];
  for (const [key, column] of Object.entries(spec.columns)) {
    const at = positions.get(normalizeHeader(column.header));
    if (at !== undefined) index[key] = at;
    else if (column.headerRequired) missing.push(column.header);
  }
  return { index: index as HeaderMap<C>['index'], missing };
}

export interface Row<R> {
  /** 1-based sheet row when read: for people and problems only, never for writes. */
  sheetRow: number;
  values: R;
}

export interface InvalidRow<C extends Columns> {
  sheetRow: number;
  id: string | undefined;
  /** The row's cells by column key, as they were. */
  cells: Partial<Record<keyof C & string, Cell>>;
  problems: Problem[];
}

/** A row an organizer added by hand without an ID; it gets one, found at write time by these cells. */
export interface UnidentifiedRow<C extends Columns> {
  sheetRow: number;
  match: Partial<Record<keyof C & string, Cell>>;
  /** Its values when the rest of it reads well: once claimed, the row takes part in the same tick. */
  values?: RowOf<C>;
  /** The text now in its Problems cell, when the tab has one. */
  problemsText: string;
  problems: Problem[];
}

export interface Table<C extends Columns = Columns> {
  spec: TabSpec<C>;
  /** False when the tab does not exist yet (run provision). */
  present: boolean;
  headers: HeaderMap<C>;
  /** Rows that parsed, in sheet order. Rows without an ID are in `unidentified` instead. */
  rows: Row<RowOf<C>>[];
  invalid: InvalidRow<C>[];
  unidentified: UnidentifiedRow<C>[];
  /** Missing headers and every row's problems. */
  problems: Problem[];
  byId(id: string): Row<RowOf<C>> | undefined;
}

/** How one row parsed: its values, or what is wrong with which cell (its sheet row is added when reported). */
type RowOutcome<C extends Columns> =
  | { ok: true; values: RowOf<C> }
  | { ok: false; issues: { key: string; message: string }[] };

/**
 * The rows a tab decoded to at its last read, kept by a long-lived reader (the writer reads every minute): a
 * row whose cells are the same as at the same place last time, under the same headers and time zone, is not
 * parsed again. Its values are shared between the two snapshots, which never change them.
 */
export class RowMemo {
  private readonly tabs = new Map<string, TabMemo>();

  /** What `tab` decoded to last, when it was under these headers and zone. */
  lookup(tab: string, header: readonly Cell[], zone: string): TabMemo | undefined {
    const last = this.tabs.get(tab);
    return last && last.zone === zone && sameCells(last.header, header) ? last : undefined;
  }

  keep(tab: string, memo: TabMemo): void {
    this.tabs.set(tab, memo);
  }
}

interface TabMemo {
  zone: string;
  header: readonly Cell[];
  rows: readonly (readonly Cell[] | undefined)[];
  // biome-ignore lint/suspicious/noExplicitAny: one memo serves every tab's row type
  outcomes: (RowOutcome<any> | undefined)[];
  /** What the rows decoded to: handed out again while nothing changes. */
  // biome-ignore lint/suspicious/noExplicitAny: as above
  table: Table<any>;
}

/** The same non-blank rows in the same places (blank rows were not kept, and need not be). */
function sameRows(
  last: readonly (readonly Cell[] | undefined)[],
  grid: readonly (readonly Cell[] | undefined)[],
): boolean {
  if (last.length !== grid.length) return false;
  for (let r = 1; r < grid.length; r++) {
    const row = last[r];
    if (row === undefined ? !isBlankRow(grid[r]) : !sameCells(row, grid[r])) return false;
  }
  return true;
}

/** A row's cells as its columns' parsers see them: blank cells are "not given". */
function inputOf(
  raw: readonly Cell[] | undefined,
  entries: readonly (readonly [string, number])[],
): Record<string, Cell | undefined> {
  const input: Record<string, Cell | undefined> = {};
  for (const [key, col] of entries) {
    const cell = raw?.[col] ?? null;
    input[key] = isBlankCell(cell) ? undefined : cell;
  }
  return input;
}

function sameCells(a: readonly Cell[] | undefined, b: readonly Cell[] | undefined): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Organizer-owned cells identify a hand-added row until it has an ID. */
export function matchKeys<C extends Columns>(spec: TabSpec<C>): (keyof C & string)[] {
  return Object.entries(spec.columns)
    .filter(([key, column]) => column.owner !== 'system' && key !== spec.idKey)
    .map(([key]) => key);
}

export function decodeTable<C extends Columns>(
  spec: TabSpec<C>,
  grid: Grid | undefined,
  zone: string,
  memo?: RowMemo,
): Table<C> {
  const headerRow = grid?.[0] ?? [];
  const headers = mapHeaders(spec, headerRow);
  const table: Table<C> = {
    spec,
    present: grid !== undefined,
    headers,
    rows: [],
    invalid: [],
    unidentified: [],
    // A tab that is not there is one problem, not one per header.
    problems: grid
      ? headers.missing.map((header) => ({
          tab: spec.name,
          row: 1,
          a1: a1(spec.name, 1, 0),
          header,
          message: `header is missing from row 1: add a column named "${header}" back (or run npm run provision); writes to ${spec.name} are paused until then`,
        }))
      : [
          {
            tab: spec.name,
            row: 1,
            a1: a1(spec.name, 1, 0),
            header: '',
            message: `the ${spec.name} tab is missing: run npm run provision to add it (it never deletes organizer data); writes to ${spec.name} are paused until then`,
          },
        ],
    byId: () => undefined,
  };
  if (!grid) return table;

  const last = memo?.lookup(spec.name, headerRow, zone);
  // Nothing changed since the last read: the very table it decoded to, so whatever was derived from it
  // (indexes kept by table, see workflows/derived.ts) holds too.
  if (last && sameRows(last.rows, grid)) return last.table as Table<C>;

  const entries = Object.entries(headers.index) as [keyof C & string, number][];
  // Built when a row is first parsed: a tab without rows (most, in a new group) needs no schema.
  let schema: ReturnType<TabSpec<C>['schema']> | undefined;
  const parse = (raw: readonly Cell[] | undefined) => {
    schema ??= spec.schema(zone);
    return parseRow(schema, inputOf(raw, entries));
  };
  const idKey = spec.idKey;
  const idColumn = idKey === undefined ? undefined : headers.index[idKey];
  const keysToMatch = matchKeys(spec);
  const problemsKey = spec.problemsKey;
  const cellsOf = (raw: readonly Cell[] | undefined) => {
    const cells: Partial<Record<keyof C & string, Cell>> = {};
    for (const [key, col] of entries) cells[key] = raw?.[col] ?? null;
    return cells;
  };
  const outcomes: TabMemo['outcomes'] = [];
  const kept: TabMemo['rows'][number][] = [];
  for (let r = 1; r < grid.length; r++) {
    const raw = grid[r];
    if (isBlankRow(raw)) continue;
    const sheetRow = r + 1;
    const same = last && sameCells(last.rows[r], raw);
    // Grids are never changed once handed out (grid.ts): the store's arrays themselves are kept.
    kept[r] = same ? last.rows[r] : raw;
    const parsed = (same ? last.outcomes[r] : undefined) ?? parse(raw);
    outcomes[r] = parsed;
    const problems: Problem[] = parsed.ok
      ? []
      : parsed.issues.map((issue) => {
          const key = issue.key;
          const column = spec.columns[key];
          const col = headers.index[key as keyof C & string] ?? 0;
          return {
            tab: spec.name,
            row: sheetRow,
            a1: a1(spec.name, sheetRow, col),
            header: column?.header ?? key,
            message: issue.message,
          };
        });
    table.problems.push(...problems);
    const id = idKey && idColumn !== undefined ? cellText(raw?.[idColumn] ?? null).trim() : undefined;
    if (idKey && !id) {
      const cells = cellsOf(raw);
      const match: Partial<Record<keyof C & string, Cell>> = {};
      for (const key of keysToMatch) if (key in cells) match[key] = cells[key] ?? null;
      const problemsText = problemsKey ? cellText(cells[problemsKey]).trim() : '';
      table.unidentified.push({
        sheetRow,
        match,
        problemsText,
        problems,
        ...(parsed.ok ? { values: parsed.values } : {}),
      });
    } else if (parsed.ok) {
      table.rows.push({ sheetRow, values: parsed.values });
    } else {
      table.invalid.push({ sheetRow, id, cells: cellsOf(raw), problems });
    }
  }
  kept[0] = headerRow;
  kept.length = grid.length;
  memo?.keep(spec.name, { zone, header: kept[0], rows: kept, outcomes, table });
  if (idKey) {
    // Copied IDs are rare: looked for in full only when some ID is on two rows.
    if (sharesAnId(table, idKey)) flagCopiedIds(table, idKey, (sheetRow) => cellsOf(grid[sheetRow - 1]));
    const positions = new Map<string, number>();
    for (const [i, row] of table.rows.entries()) {
      const id = String(row.values[idKey] ?? '');
      if (!positions.has(id)) positions.set(id, i);
    }
    const rows = table.rows;
    table.byId = (id) => {
      const i = positions.get(id);
      return i === undefined ? undefined : rows[i];
    };
    rowPositions.set(table, positions);
  }
  return table;
}

const rowPositions = new WeakMap<object, ReadonlyMap<string, number>>();

/** Where each ID's row is in a decoded table's rows (overlays build on it rather than work it out again). */
export function positionsOf(table: Table): ReadonlyMap<string, number> | undefined {
  return rowPositions.get(table);
}

function sharesAnId<C extends Columns>(table: Table<C>, idKey: keyof C & string): boolean {
  const seen = new Set<string>();
  const twice = (id: string) => seen.size === seen.add(id).size;
  return (
    table.rows.some((row) => twice(cellText((row.values as Record<string, Cell>)[idKey] ?? null).trim())) ||
    table.invalid.some((row) => !!row.id && twice(row.id))
  );
}

/**
 * Rows that share an ID (a row copied with its ID) are all set aside with a problem on each: acting on either
 * could act on the wrong one, and writes by ID could land on either. Clearing the copy's ID fixes it.
 */
function flagCopiedIds<C extends Columns>(
  table: Table<C>,
  idKey: keyof C & string,
  /** The cells of a row that parsed, by sheet row, when a copied ID sets it aside. */
  cellsAt: (sheetRow: number) => Partial<Record<keyof C & string, Cell>>,
): void {
  const sheetRows = new Map<string, number[]>();
  const note = (id: string, row: number) => {
    const at = sheetRows.get(id);
    if (at) at.push(row);
    else sheetRows.set(id, [row]);
  };
  for (const row of table.rows)
    note(cellText((row.values as Record<string, Cell>)[idKey] ?? null).trim(), row.sheetRow);
  for (const row of table.invalid) if (row.id) note(row.id, row.sheetRow);
  const copied = new Map([...sheetRows].filter(([, at]) => at.length > 1));
  if (copied.size === 0) return;
  const { spec, headers } = table;
  const header = spec.columns[idKey]?.header ?? idKey;
  const problem = (id: string, row: number): Problem => {
    const at = copied.get(id) ?? [];
    return {
      tab: spec.name,
      row,
      a1: a1(spec.name, row, headers.index[idKey] ?? 0),
      header,
      message: `${header} ${id} is on rows ${at.join(' and ')}: a row was copied with its ID. Clear the ${header} of the copy (Hearth gives it a new one); until then neither row is used`,
    };
  };
  const kept: Row<RowOf<C>>[] = [];
  for (const row of table.rows) {
    const id = cellText((row.values as Record<string, Cell>)[idKey] ?? null).trim();
    if (!copied.has(id)) {
      kept.push(row);
      continue;
    }
    const flagged = problem(id, row.sheetRow);
    table.problems.push(flagged);
    table.invalid.push({
      sheetRow: row.sheetRow,
      id,
      cells: cellsAt(row.sheetRow),
      problems: [flagged],
    });
  }
  for (const row of table.invalid) {
    if (!row.id || !copied.has(row.id) || row.problems.some((p) => p.header === header)) continue;
    const flagged = problem(row.id, row.sheetRow);
    table.problems.push(flagged);
    row.problems.push(flagged);
  }
  table.rows = kept;
  table.invalid.sort((a, b) => a.sheetRow - b.sheetRow);
}

/** Replaces lazy values by getters that build the value once, on first read. */
function parseRow<C extends Columns>(
  schema: ReturnType<TabSpec<C>['schema']>,
  input: Record<string, Cell | undefined>,
): RowOutcome<C> {
  const parsed = schema.safeParse(input);
  return parsed.success
    ? { ok: true, values: materialize(parsed.data) }
    : { ok: false, issues: parsed.error.issues.map((i) => ({ key: String(i.path[0]), message: i.message })) };
}

function materialize<R>(values: R): R {
  const record = values as Record<string, unknown>;
  const lazy: Record<string, unknown> = {};
  let any = false;
  for (const key in record)
    if (record[key] instanceof LazyDateTime) {
      lazy[key] = record[key];
      any = true;
    }
  if (!any) return values;
  // A new object, its lazy values behind getters shared by every row: rows keep one shape and fast properties
  // (turning a value into a getter in place made each row a slow dictionary, and scans of 100,000 RSVPs slow).
  const out: Record<string, unknown> = {};
  Object.defineProperty(out, LAZY_SLOTS, { value: lazy });
  for (const key in record) {
    if (key in lazy)
      Object.defineProperty(out, key, { enumerable: true, configurable: true, get: lazyGetter(key) });
    else out[key] = record[key];
  }
  return out as R;
}

/** Where a row keeps its lazy values, built or not (not enumerable: copies of the row take the values). */
const LAZY_SLOTS = Symbol('lazy values');
const lazyGetters = new Map<string, () => unknown>();

function lazyGetter(key: string): () => unknown {
  let getter = lazyGetters.get(key);
  if (!getter) {
    getter = function (this: { [LAZY_SLOTS]: Record<string, unknown> }) {
      const slots = this[LAZY_SLOTS];
      const value = slots[key];
      if (!(value instanceof LazyDateTime)) return value;
      const built = value.make();
      slots[key] = built;
      return built;
    };
    lazyGetters.set(key, getter);
  }
  return getter;
}
