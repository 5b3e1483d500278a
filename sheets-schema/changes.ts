import type { Cell } from './cells.js';
import type { RowOf } from './tab.js';
import type { TabName, Tabs } from './tabs/index.js';

export type RecordOf<T extends TabName> = RowOf<Tabs[T]['columns']>;
/** Cells to write by column key; `null` clears a cell, a key left out is untouched. */
export type CellValues<T extends TabName> = { [K in keyof RecordOf<T>]?: RecordOf<T>[K] | null };

/** A new row, with its organizer cells too (the system writes those only when it creates the row). */
export type Append = { [T in TabName]: { kind: 'append'; tab: T; values: CellValues<T> } }[TabName];

/** System-owned cells of a row found by its ID at write time. A row no longer there is skipped. */
export type Update = { [T in TabName]: { kind: 'update'; tab: T; id: string; set: CellValues<T> } }[TabName];

/**
 * Gives an ID to a row an organizer added without one, found at write time by its organizer cells
 * (`match`, as read); `set` may fill other system cells of it.
 */
export type Claim = {
  [T in TabName]: {
    kind: 'claim';
    tab: T;
    id: string;
    match: Partial<Record<keyof RecordOf<T> & string, Cell>>;
    set?: CellValues<T>;
  };
}[TabName];

export type Change = Append | Update | Claim;

export function append<T extends TabName>(tab: T, values: CellValues<T>): Change {
  return { kind: 'append', tab, values } as Change;
}

export function update<T extends TabName>(tab: T, id: string, set: CellValues<T>): Change {
  return { kind: 'update', tab, id, set } as Change;
}

export function claim<T extends TabName>(
  tab: T,
  id: string,
  match: Partial<Record<keyof RecordOf<T> & string, Cell>>,
  set?: CellValues<T>,
): Change {
  return { kind: 'claim', tab, id, match, ...(set ? { set } : {}) } as Change;
}

export interface ApplyResult {
  appended: number;
  updatedCells: number;
  claimed: string[];
  /** Changes that no longer had a row to land on (deleted or edited away by an organizer). */
  skipped: { change: Change; reason: string }[];
}
