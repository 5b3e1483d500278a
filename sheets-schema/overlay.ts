import type { Change } from './changes.js';
import type { Snapshot } from './snapshot.js';
import type { Row, Table } from './table.js';
import { specOf, type TabName } from './tabs/index.js';

/**
 * The snapshot as it will be once `changes` are written: updated rows carry their new values, appended rows
 * are there (at sheet row 0: not in the sheet yet), and a hand-added row given its ID by a claim is there with
 * it, so the steps after housekeeping see it in the same tick (a new event is announced at once). The writer
 * decides each piece of work of a batch against the effects of the ones before it.
 */
export function withChanges(snapshot: Snapshot, changes: readonly Change[]): Snapshot {
  const byTab = new Map<TabName, Change[]>();
  for (const change of changes) {
    if (!snapshot.has(change.tab)) continue;
    // Pushed, not copied: a tick may plan tens of thousands of rows in one tab.
    const list = byTab.get(change.tab);
    if (list) list.push(change);
    else byTab.set(change.tab, [change]);
  }
  if (byTab.size === 0) return snapshot;
  const tables = new Map<TabName, Table>();
  for (const [tab, tabChanges] of byTab)
    tables.set(tab, overlayTable(snapshot.table(tab) as unknown as Table, tab, tabChanges));
  return {
    ...snapshot,
    table: ((tab: TabName) => tables.get(tab) ?? snapshot.table(tab)) as Snapshot['table'],
    has: (tab) => snapshot.has(tab),
    nextId: (tab) => snapshot.nextId(tab),
    raw: (tab) => snapshot.raw(tab),
  };
}

function withoutNulls(values: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) out[key] = value === null ? undefined : value;
  return out;
}

/**
 * Where each ID's row is in a table's rows: the decoded table's positions (worked out once per table, and kept
 * while the reader hands out the same table) and what overlays on it moved since (a few rows each). A batch
 * decides each piece of work against an overlay of the one before: copying every position each time made a
 * burst's batch at 10,000 members spend seconds here.
 */
interface RowIndex {
  base: ReadonlyMap<string, number>;
  delta: Map<string, number>;
}

const indexes = new WeakMap<Table, RowIndex>();

/** What an overlay table was made from, and the columns its changes set (`*`: it added rows). */
const lineage = new WeakMap<Table, { parent: Table; columns: ReadonlySet<string> }>();

/**
 * The oldest table `table` descends from by overlays that set none of `columns` and added no rows: what was
 * derived from those columns of that table (an index by email, say) holds for `table` too, by row ID. A batch
 * of RSVPs touches each member's row (Last active), never their email.
 */
export function sameColumnsAs<T>(table: T, columns: readonly string[]): T {
  let at = table as unknown as Table;
  for (let step = lineage.get(at); step; step = lineage.get(at)) {
    if (step.columns.has('*') || columns.some((column) => step.columns.has(column))) break;
    at = step.parent;
  }
  return at as T;
}

function indexOf(table: Table, idKey: string): RowIndex {
  const kept = indexes.get(table);
  if (kept) return kept;
  const base = new Map<string, number>();
  table.rows.forEach((row, i) => {
    base.set(String((row.values as Record<string, unknown>)[idKey] ?? ''), i);
  });
  const index = { base, delta: new Map<string, number>() };
  indexes.set(table, index);
  return index;
}

function overlayTable(table: Table, tab: TabName, changes: readonly Change[]): Table {
  const idKey = specOf(tab).idKey;
  const rows = (table.rows as Row<Record<string, unknown>>[]).slice();
  const parent = idKey ? indexOf(table, idKey) : undefined;
  const delta = new Map(parent?.delta);
  const at = {
    get: (id: string) => delta.get(id) ?? parent?.base.get(id),
    set: (id: string, i: number) => delta.set(id, i),
  };
  const columns = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'update') for (const key in change.set) columns.add(key);
    else columns.add('*');
    if (change.kind === 'append') {
      const values = withoutNulls(change.values as Record<string, unknown>);
      rows.push({ sheetRow: 0, values });
      if (idKey && values[idKey]) at.set(String(values[idKey]), rows.length - 1);
    } else if (change.kind === 'claim') {
      // The hand-added row the claim was made for (housekeeping passes its very `match`), when it reads well.
      const found = table.unidentified.find((row) => row.match === change.match);
      if (!idKey || !found?.values) continue;
      const values = { ...(found.values as Record<string, unknown>), [idKey]: change.id };
      Object.assign(values, withoutNulls((change.set ?? {}) as Record<string, unknown>));
      rows.push({ sheetRow: found.sheetRow, values });
      at.set(change.id, rows.length - 1);
    } else if (change.kind === 'update') {
      const i = at.get(change.id);
      const row = i === undefined ? undefined : rows[i];
      if (i === undefined || !row) continue;
      rows[i] = {
        sheetRow: row.sheetRow,
        values: { ...row.values, ...withoutNulls(change.set as Record<string, unknown>) },
      };
    }
  }
  const overlaid: Table = {
    ...table,
    rows: rows as Table['rows'],
    byId: (id) => {
      const i = at.get(id);
      return (i === undefined ? undefined : rows[i]) as ReturnType<Table['byId']>;
    },
  };
  if (parent) indexes.set(overlaid, { base: parent.base, delta });
  lineage.set(overlaid, { parent: table, columns });
  return overlaid;
}
