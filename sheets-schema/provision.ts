import { normalizeHeader } from './cells.js';
import { append, type Change } from './changes.js';
import { missingCharts } from './charts.js';
import type { AddChart, LayoutChange, TabLayout } from './grid.js';
import type { GridStore } from './grid-store.js';
import { RETIRED_SETTINGS, SETTING_KEYS } from './settings.js';
import { specOf, TAB_NAMES, TABS } from './tabs/index.js';
import type { Workbook } from './workbook.js';
import { sameZone } from './zones.js';

export interface ProvisionReport {
  /** What was changed, in words, one line each; empty when everything was already in place. */
  actions: string[];
  /**
   * What an organizer may want to know and nothing was changed for (a retired setting still in the tab, charts
   * a local workbook goes without).
   */
  notes: string[];
  timeZone: string;
}

export const PROTECTION_PREFIX = 'Hearth writes this column';

/**
 * Creates or migrates every tab, header, dropdown, protection and chart, and seeds Settings with every key.
 * Missing headers are appended after the last one; organizer columns are never moved or deleted; a chart is
 * added only when the tab has none of its title. Idempotent: when everything is in place it changes nothing.
 */
export async function provision(store: GridStore, workbook: Workbook): Promise<ProvisionReport> {
  const layout = await store.layout();
  const tabsNow = new Map(layout.tabs.map((t) => [t.title, t]));
  const headerRows = await store.readColumns(
    TAB_NAMES.filter((tab) => tabsNow.has(TABS[tab].name)).map((tab) => ({
      tab: TABS[tab].name,
      columns: [],
    })),
  );
  const changes: LayoutChange[] = [];
  const actions: string[] = [];
  const charts: AddChart[] = [];

  for (const tab of TAB_NAMES) {
    const spec = specOf(tab);
    const existing = tabsNow.get(spec.name);
    if (!existing) {
      changes.push({ kind: 'addTab', tab: spec.name });
      actions.push(`created the ${spec.name} tab`);
    }
    const header = headerRows.get(spec.name)?.header ?? [];
    const positions = new Map<string, number>();
    header.forEach((cell, i) => {
      const name = normalizeHeader(cell);
      if (name && !positions.has(name)) positions.set(name, i);
    });
    let next = header.length;
    const added: { column: number; text: string }[] = [];
    for (const column of Object.values(spec.columns)) {
      if (positions.has(normalizeHeader(column.header))) continue;
      positions.set(normalizeHeader(column.header), next);
      added.push({ column: next++, text: column.header });
    }
    if (added.length > 0) {
      changes.push({ kind: 'setHeaders', tab: spec.name, cells: added });
      if (existing) actions.push(`added ${added.map((a) => `"${a.text}"`).join(', ')} to ${spec.name}`);
    }
    if ((existing?.frozenRows ?? 0) < 1) changes.push({ kind: 'freezeHeader', tab: spec.name });
    for (const [key, column] of Object.entries(spec.columns)) {
      const at = positions.get(normalizeHeader(column.header)) as number;
      if (column.values && !sameValues(existing, at, column.values)) {
        changes.push({ kind: 'dropdown', tab: spec.name, column: at, values: column.values });
        if (existing) actions.push(`set the ${spec.name} → ${column.header} dropdown`);
      }
      const description = `${PROTECTION_PREFIX}: ${spec.name} → ${column.header}`;
      if (column.owner === 'system' && key !== 'problems' && !existing?.protections.includes(description)) {
        changes.push({ kind: 'protectColumn', tab: spec.name, column: at, description });
      }
    }
    charts.push(...missingCharts(spec, positions, next, existing));
  }
  changes.push(...charts);
  actions.push(...chartActions(store, charts));

  // Seed missing settings, then make the spreadsheet's own time zone the group's.
  if (changes.length > 0) await store.applyLayout(changes);
  const snapshot = await workbook.read([]);
  const settingRows = snapshot.table('Settings').rows;
  const have = new Set(settingRows.map((r) => normalizeHeader(r.values.setting)));
  // A retired setting's row is the organizer's: left as it is, and said once per run.
  const retired = RETIRED_SETTINGS.flatMap((key) => {
    const row = settingRows.find((r) => normalizeHeader(r.values.setting) === normalizeHeader(key));
    return row
      ? [
          `Settings → ${key} (row ${row.sheetRow}) is retired: Hearth no longer reads it; the row was left as it is, delete it when you like`,
        ]
      : [];
  });
  const notes = [...chartNotes(store, charts), ...retired];
  const seed: Change[] = SETTING_KEYS.filter((s) => !have.has(normalizeHeader(s.key))).map((s) =>
    append('Settings', { setting: s.key, value: s.defaultValue, notes: s.note }),
  );
  if (seed.length > 0) {
    await workbook.apply(seed, { timeZone: snapshot.timeZone });
    actions.push(`added ${seed.length} setting${seed.length > 1 ? 's' : ''} with their defaults to Settings`);
  }
  const timeZone = seed.length > 0 ? (await workbook.read([])).timeZone : snapshot.timeZone;
  if (!sameZone(layout.timeZone, timeZone)) {
    await store.applyLayout([{ kind: 'setTimeZone', timeZone }]);
    actions.push(`set the spreadsheet's time zone to ${timeZone} (Settings → Time zone)`);
  }
  return { actions, notes, timeZone };
}

function sameValues(existing: TabLayout | undefined, column: number, values: readonly string[]): boolean {
  const now = existing?.dropdowns.get(column);
  return now !== undefined && now.length === values.length && now.every((v, i) => v === values[i]);
}

/** Google draws the charts; the local store takes them as no-ops, so there is nothing to claim for it. */
function chartActions(store: GridStore, charts: readonly AddChart[]): string[] {
  return store.backend === 'google' ? charts.map((c) => `added the chart "${c.title}" to ${c.tab}`) : [];
}

/** Said once a run: a local workbook never has the charts, so they are always missing there. */
function chartNotes(store: GridStore, charts: readonly AddChart[]): string[] {
  if (store.backend === 'google' || charts.length === 0) return [];
  const tabs = [...new Set(charts.map((c) => c.tab))].join(', ');
  return [
    `Charts are drawn on Google Sheets only: this workbook's ${tabs} has the figures as a table, without charts`,
  ];
}
