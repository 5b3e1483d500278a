import type { Cell } from './cells.js';
import { a1, cellText } from './cells.js';
import type { Problem } from './problems.js';
import { parseSettings, type Settings } from './settings.js';
import { decodeTable, type Table } from './table.js';
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
  /** A fresh ID for a new row of `tab` (e.g. EV-13), never one already in the sheet or handed out before. */
  nextId(tab: TabName): string;
  /** The raw cells of a tab Hearth does not own (a form's responses), when it was read along; else undefined. */
  raw(tab: string): readonly Cell[][] | undefined;
}

export function decodeSnapshot(grids: ReadonlyMap<string, Cell[][]>, tabs: readonly TabName[]): Snapshot {
  const settingsTable = decodeTable(SettingsTab, grids.get(SettingsTab.name), 'UTC');
  const valueColumn = settingsTable.headers.index.value ?? 1;
  const { settings, problems: settingsProblems } = parseSettings(
    settingsTable.rows.map((row) => ({
      key: row.values.setting,
      value: row.values.value ?? '',
      row: row.sheetRow,
      a1: a1(SettingsTab.name, row.sheetRow, valueColumn),
    })),
  );
  const zone = settings.timeZone;
  const tables = new Map<TabName, Table>();
  tables.set('Settings', settingsTable as unknown as Table);
  for (const tab of tabs) {
    if (!tables.has(tab)) tables.set(tab, decodeTable(specOf(tab), grids.get(TABS[tab].name), zone));
  }
  const problems = [...settingsProblems];
  for (const table of tables.values()) problems.push(...table.problems);

  const lastNumber = new Map<TabName, number>();
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
      let last = lastNumber.get(tab);
      if (last === undefined) {
        last = 0;
        const table = tables.get(tab);
        if (!table) throw new Error(`The ${tab} tab was not read in this snapshot`);
        const ids = [
          ...table.rows.map((row) => cellText((row.values as Record<string, Cell>)[idKey] ?? null)),
          ...table.invalid.map((row) => row.id ?? ''),
        ];
        for (const id of ids) {
          if (!id.startsWith(idPrefix)) continue;
          const n = Number(id.slice(idPrefix.length));
          if (Number.isInteger(n) && n > last) last = n;
        }
      }
      lastNumber.set(tab, last + 1);
      return `${idPrefix}${last + 1}`;
    },
  };
}
