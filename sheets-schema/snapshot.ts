import { a1 } from './cells.js';
import type { Grid } from './grid.js';
import { highest, ID_PREFIXES, type IdMarks, largestInRows, largestMentioned, marksInIdsTab } from './ids.js';
import type { Problem } from './problems.js';
import { parseSettings, type Settings } from './settings.js';
import { decodeTable, type RowMemo, type Table } from './table.js';
import { SettingsTab, specOf, TABS, type TabName, type Tabs } from './tabs/index.js';

export type TableOf<T extends TabName> = Table<Tabs[T]['columns']>;

const TAB_TITLES: ReadonlySet<string> = new Set(Object.values(TABS).map((spec) => spec.name));

/** A consistent, typed view of the tabs read in one call. Pure data: deciding from it needs no I/O. */
export interface Snapshot {
  settings: Settings;
  /** The group's time zone (Settings), in which dates are read and written. */
  timeZone: string;
  /** Every problem found: settings, missing headers, rows typed wrong. */
  problems: Problem[];
  /** The tabs read; asking for one that was not read is a programming error. */
  table<T extends TabName>(tab: T): TableOf<T>;
  /** True when `tab` was read in this snapshot. */
  has(tab: TabName): boolean;
  /**
   * A fresh ID for a new row of `tab` (e.g. EV-13): past every ID in the sheet's rows, the Outbox, the IDs tab
   * and the floors the snapshot was read with (the ID ledger), and past every one handed out before.
   */
  nextId(tab: TabName): string;
  /** The last ID number given for each prefix, as far as this snapshot knows: what the ledger must keep. */
  idMarks(): Map<string, number>;
  /** What the IDs tab says, by prefix (empty when the tab was not read or is not there). */
  idsTabMarks(): Map<string, number>;
  /** The last ID of each prefix the sheet itself knows of: its IDs tab, its rows and its Outbox. */
  sheetIdMarks(): Map<string, number>;
  /** The IDs `nextId` gave from this snapshot (and its overlays), by prefix: the last number of each. */
  idsGiven(): Map<string, number>;
  /** The raw cells of a tab Hearth does not own (a form's responses), when it was read along; else undefined. */
  raw(tab: string): Grid | undefined;
}

export interface DecodeOptions {
  /** The last ID numbers given as recorded outside the sheet (the ID ledger): never given again. */
  idFloors?: IdMarks;
  /** The rows decoded at the last read: unchanged ones are not parsed again. */
  memo?: RowMemo;
}

/**
 * The settings a Settings table says, kept while it is the very same table (a long-lived reader hands it out
 * again while the tab is unchanged): the same Settings object, so what is derived from it is kept too.
 */
const settingsRead = new WeakMap<TableOf<'Settings'>, ReturnType<typeof parseSettings>>();

function settingsOf(table: TableOf<'Settings'>): ReturnType<typeof parseSettings> {
  const kept = settingsRead.get(table);
  if (kept) return kept;
  const valueColumn = table.headers.index.value ?? 1;
  const read = parseSettings(
    table.rows.map((row) => ({
      key: row.values.setting,
      value: row.values.value ?? '',
      row: row.sheetRow,
      a1: a1(SettingsTab.name, row.sheetRow, valueColumn),
    })),
  );
  settingsRead.set(table, read);
  return read;
}

export function decodeSnapshot(
  grids: ReadonlyMap<string, Grid>,
  tabs: readonly TabName[],
  options: DecodeOptions = {},
): Snapshot {
  const settingsTable = decodeTable(SettingsTab, grids.get(SettingsTab.name), 'UTC', options.memo);
  const { settings, problems: settingsProblems } = settingsOf(settingsTable);
  const zone = settings.timeZone;
  const tables = new Map<TabName, Table>();
  tables.set('Settings', settingsTable as unknown as Table);
  for (const tab of tabs) {
    if (!tables.has(tab))
      tables.set(tab, decodeTable(specOf(tab), grids.get(TABS[tab].name), zone, options.memo));
  }
  const problems = [...settingsProblems];
  for (const table of tables.values()) problems.push(...table.problems);

  const given = new Map<string, number>();
  let inSheet: Map<string, number> | undefined;
  const tabMarks = () => (tables.has('IDs') ? marksInIdsTab(tables.get('IDs') as Table) : new Map());
  /** Every mark the sheet holds, computed once, on first need. */
  const sheetMarks = (): Map<string, number> => {
    if (inSheet) return inSheet;
    const inRows = new Map<string, number>();
    for (const [prefix, tab] of ID_PREFIXES) {
      const table = tables.get(tab);
      if (table) inRows.set(prefix, largestInRows(table, prefix));
    }
    // Messages name the rows they are about: an ID in the Outbox was given, even if its row is gone.
    const outbox = tables.get('Outbox');
    const mentioned = largestMentioned(
      (outbox?.rows ?? []).flatMap(({ values }) => [String(values.about ?? ''), String(values.to ?? '')]),
    );
    inSheet = highest(tabMarks(), inRows, mentioned);
    return inSheet;
  };
  const knownMarks = () => highest(options.idFloors ?? new Map(), sheetMarks());
  return {
    settings,
    timeZone: zone,
    problems,
    table<T extends TabName>(tab: T): TableOf<T> {
      const table = tables.get(tab);
      if (!table) throw new Error(`The ${tab} tab was not read in this snapshot: name it in workbook.read()`);
      return table as unknown as TableOf<T>;
    },
    has: (tab) => tables.has(tab),
    raw: (tab) => (TAB_TITLES.has(tab) ? undefined : grids.get(tab)),
    nextId(tab) {
      const { idKey, idPrefix } = specOf(tab);
      if (!idKey || !idPrefix) throw new Error(`The ${tab} tab has no system IDs`);
      if (!tables.has(tab)) throw new Error(`The ${tab} tab was not read in this snapshot`);
      const next = Math.max(given.get(idPrefix) ?? 0, knownMarks().get(idPrefix) ?? 0) + 1;
      given.set(idPrefix, next);
      return `${idPrefix}${next}`;
    },
    idMarks: () => highest(knownMarks(), given),
    idsTabMarks: tabMarks,
    sheetIdMarks: sheetMarks,
    idsGiven: () => new Map(given),
  };
}
