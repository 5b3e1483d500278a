import type { Change } from './changes.js';
import type { Snapshot } from './snapshot.js';
import { positionsOf, type Row, type Table } from './table.js';
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

type AnyRow = Row<Record<string, unknown>>;

/**
 * An overlay's rows, flattened onto the decoded table they all start from: its rows as they were, those an
 * overlay replaced (by position) and those added, and where each ID's row is. A batch decides each piece of
 * work against an overlay of the one before, and most of them never walk the rows: copying 100,000 RSVPs for
 * each answer of a burst made it slow, so the rows are put together only when someone iterates them. Each
 * overlay copies its parent's few changes, never the base.
 */
interface Layers {
  base: readonly AnyRow[];
  baseIds: ReadonlyMap<string, number>;
  replaced: Map<number, AnyRow>;
  added: AnyRow[];
  ids: Map<string, number>;
}

const layersOf = new WeakMap<Table, Layers>();

function layers(table: Table, idKey: string | undefined): Layers {
  const kept = layersOf.get(table);
  if (kept) return kept;
  // A decoded table: its positions worked out once, and kept while the reader hands out the same table.
  const base = table.rows as readonly AnyRow[];
  let baseIds = positionsOf(table);
  if (!baseIds) {
    const ids = new Map<string, number>();
    if (idKey) for (const [i, row] of base.entries()) ids.set(String(row.values[idKey] ?? ''), i);
    baseIds = ids;
  }
  const made = { base, baseIds, replaced: new Map(), added: [], ids: new Map() };
  layersOf.set(table, made);
  return made;
}

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

function overlayTable(table: Table, tab: TabName, changes: readonly Change[]): Table {
  const idKey = specOf(tab).idKey;
  const parent = layers(table, idKey);
  const own: Layers = {
    base: parent.base,
    baseIds: parent.baseIds,
    replaced: new Map(parent.replaced),
    added: [...parent.added],
    ids: new Map(parent.ids),
  };
  const positionOf = (id: string) => own.ids.get(id) ?? own.baseIds.get(id);
  const rowAt = (i: number): AnyRow | undefined =>
    own.replaced.get(i) ?? (i < own.base.length ? own.base[i] : own.added[i - own.base.length]);
  const add = (row: AnyRow, id: string | undefined) => {
    own.added.push(row);
    if (id) own.ids.set(id, own.base.length + own.added.length - 1);
  };
  const columns = new Set<string>();
  for (const change of changes) {
    if (change.kind === 'update') for (const key in change.set) columns.add(key);
    else columns.add('*');
    if (change.kind === 'append') {
      const values = withoutNulls(change.values as Record<string, unknown>);
      add({ sheetRow: 0, values }, idKey && values[idKey] ? String(values[idKey]) : undefined);
    } else if (change.kind === 'claim') {
      // The hand-added row the claim was made for (housekeeping passes its very `match`), when it reads well.
      const found = table.unidentified.find((row) => row.match === change.match);
      if (!idKey || !found?.values) continue;
      const values = { ...(found.values as Record<string, unknown>), [idKey]: change.id };
      Object.assign(values, withoutNulls((change.set ?? {}) as Record<string, unknown>));
      add({ sheetRow: found.sheetRow, values }, change.id);
    } else if (change.kind === 'update') {
      const i = positionOf(change.id);
      const row = i === undefined ? undefined : rowAt(i);
      if (i === undefined || !row) continue;
      const updated = {
        sheetRow: row.sheetRow,
        values: { ...row.values, ...withoutNulls(change.set as Record<string, unknown>) },
      };
      if (i < own.base.length) own.replaced.set(i, updated);
      else own.added[i - own.base.length] = updated;
    }
  }
  let rows: AnyRow[] | undefined;
  const overlaid: Table = {
    spec: table.spec,
    present: table.present,
    headers: table.headers,
    invalid: table.invalid,
    unidentified: table.unidentified,
    problems: table.problems,
    get rows() {
      if (!rows) {
        rows = own.base.slice();
        for (const [i, row] of own.replaced) rows[i] = row;
        for (const row of own.added) rows.push(row);
      }
      return rows as Table['rows'];
    },
    byId: (id) => {
      const i = positionOf(id);
      return (i === undefined ? undefined : rowAt(i)) as ReturnType<Table['byId']>;
    },
  };
  layersOf.set(overlaid, own);
  lineage.set(overlaid, { parent: table, columns });
  return overlaid;
}
