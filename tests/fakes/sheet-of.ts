import type { Cell } from '../../sheets-schema/cells.js';
import { decodeSnapshot, type Snapshot } from '../../sheets-schema/snapshot.js';
import { TAB_NAMES, TABS, type TabName } from '../../sheets-schema/tabs/index.js';

export type Rows = Record<string, Cell>[];

/** A tab's grid: the provisioned headers, then each row by header text. */
export function gridOf(tab: TabName, rows: Rows): Cell[][] {
  const headers = Object.values(TABS[tab].columns).map((c) => c.header);
  for (const row of rows) {
    for (const name of Object.keys(row)) {
      if (!headers.includes(name)) throw new Error(`${tab} has no header "${name}"`);
    }
  }
  return [headers, ...rows.map((row) => headers.map((h) => row[h] ?? null))];
}

/** A snapshot of every tab, as a workflow gets it, from rows by header text and a few settings. */
export function sheetOf(tabs: Partial<Record<TabName, Rows>>, settings: Record<string, string>): Snapshot {
  const grids = new Map<string, Cell[][]>();
  for (const tab of TAB_NAMES) grids.set(TABS[tab].name, gridOf(tab, tabs[tab] ?? []));
  grids.set('Settings', [['Setting', 'Value'], ...Object.entries(settings)]);
  return decodeSnapshot(grids, TAB_NAMES);
}
